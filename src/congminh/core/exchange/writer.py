"""Writing an export's Parquet files, one per partition, batch by batch.

`ExportWriter.add(table, year, rows)` appends rows (dicts keyed by the columns of
`tables.TABLES`; `add_table`: an Arrow table) to the partition's file, opening it on
first use; `close()` ends every file and returns what the manifest lists of each: path,
rows, bytes, SHA-256.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import pyarrow as pa
import pyarrow.parquet as pq

from .tables import SCHEMAS, partition_path

Compression = Literal["zstd", "snappy", "gzip", "none"]


@dataclass(frozen=True)
class FileEntry:
    path: str
    table: str
    province: str
    year: int | None
    rows: int
    bytes: int
    sha256: str

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"path": self.path, "table": self.table, "province": self.province}
        if self.year is not None:
            out["year"] = self.year
        out.update(rows=self.rows, bytes=self.bytes, sha256=self.sha256)
        return out


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


@dataclass
class ExportWriter:
    out_dir: Path
    province: str
    compression: Compression = "zstd"
    _writers: dict[tuple[str, int | None], pq.ParquetWriter] = field(default_factory=dict, repr=False)
    _rows: dict[tuple[str, int | None], int] = field(default_factory=dict, repr=False)

    def add(self, table: str, year: int | None, rows: Sequence[Mapping[str, Any]]) -> None:
        if rows:
            self.add_table(table, year, pa.Table.from_pylist(list(rows), schema=SCHEMAS[table]))

    def add_table(self, table: str, year: int | None, data: pa.Table) -> None:
        """Append an Arrow table that has the contract's schema (`SCHEMAS[table]`)."""
        if not data.num_rows:
            return
        key = (table, year)
        writer = self._writers.get(key)
        if writer is None:
            path = self.out_dir / partition_path(table, self.province, year)
            path.parent.mkdir(parents=True, exist_ok=True)
            writer = pq.ParquetWriter(str(path), SCHEMAS[table], compression=self.compression)
            self._writers[key] = writer
        writer.write_table(data)
        self._rows[key] = self._rows.get(key, 0) + data.num_rows

    def close(self) -> list[FileEntry]:
        entries = []
        for (table, year), writer in sorted(self._writers.items(), key=lambda kv: (kv[0][0], kv[0][1] or 0)):
            writer.close()
            relative = partition_path(table, self.province, year)
            path = self.out_dir / relative
            entries.append(FileEntry(relative, table, self.province, year, self._rows[(table, year)],
                                     path.stat().st_size, sha256_of(path)))
        self._writers.clear()
        return entries
