"""The national exchange format (docs/exchange.md, contract §3), without Django.

- `tables`: the Arrow schemas of the exchanged tables and their documentation (one home);
- `pseudonyms`: keyed-hash pseudonyms for the people named (HMAC-SHA256);
- `writer`: the partitioned Parquet files of an export;
- `manifest`: the manifest (JSON Schema in `schemas/`) and the receiver's verification.

The Django side (`congminh.apps.exchange`) reads the database and feeds these.
"""
