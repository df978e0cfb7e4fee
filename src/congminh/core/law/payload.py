"""The law engine's input for one case (CONTRACTS.md section 1), built from stored rows.

The app's bulk refresh, the quarterly review and the national evaluation each read a case
row and its effective events from a different store (the ORM, a snapshot, Parquet); the
shape they hand the engine is written here once, so an optional case field added to the
contract is added for all three.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any


def case_payload(case: Mapping[str, Any], events: Iterable[dict[str, Any]]) -> dict[str, Any]:
    """`case` holds id, procedure, category, case_kind and national_security; `events` are
    the effective events already in the contract's shape (type, date ISO, details).
    Empty optional fields are left out, as the contract allows; national security is
    only meaningful (and only sent) for criminal cases."""
    payload: dict[str, Any] = {"id": case["id"], "procedure": case["procedure"],
                               "events": list(events)}
    if case.get("category"):
        payload["category"] = case["category"]
    if case.get("case_kind"):
        payload["case_kind"] = case["case_kind"]
    if case["procedure"] == "criminal":
        payload["national_security"] = case.get("national_security", False)
    return payload
