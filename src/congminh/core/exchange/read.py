"""Reading an export back: one table of a directory (or of many exports' directories) as
an Arrow dataset, the partition keys typed as the contract says (`province` is a string:
«01» must not become 1); `export_dirs` expands a directory of exports (a nation)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pyarrow as pa
import pyarrow.dataset as ds

from .tables import PARTITIONS, SCHEMAS

MANIFEST = "manifest.json"

PARTITION_TYPES: dict[str, pa.DataType] = {"province": pa.string(), "year": pa.int16()}


def export_dirs(paths: Sequence[Path]) -> list[Path]:
    """The export directories named: a directory with a manifest is one; a directory
    without one holding exports (a nation, `OUT/<province>/`) stands for them, in order."""
    found: list[Path] = []
    for path in paths:
        inner = sorted(d for d in path.glob("*/") if (d / MANIFEST).is_file())
        found += inner if inner and not (path / MANIFEST).is_file() else [path]
    return found


def hive_dataset(dirs: Sequence[Path], schema: pa.Schema, keys: Sequence[str]) -> ds.Dataset:
    """The Parquet files under `dirs` (each a table's directory of `key=value/` partitions)
    with `schema` and the partition `keys` as typed columns."""
    return hive_files([f for d in dirs for f in sorted(d.rglob("*.parquet"))], schema, keys,
                      base=dirs[0] if len(dirs) == 1 else None)


def hive_files(files: Sequence[Path], schema: pa.Schema, keys: Sequence[str],
               base: Path | None = None) -> ds.Dataset:
    """The Parquet `files` with `schema` and the partition `keys`, read from the
    `key=value/` directories of their paths (below `base` when given), as typed columns."""
    partitioning = ds.HivePartitioning(pa.schema([pa.field(k, PARTITION_TYPES[k]) for k in keys]))
    for key in keys:
        schema = schema.append(pa.field(key, PARTITION_TYPES[key], nullable=False))
    return ds.dataset([str(f) for f in files], schema=schema, format="parquet", partitioning=partitioning,
                      partition_base_dir=str(base) if base is not None else None)


def open_table(roots: Path | Sequence[Path], table: str) -> ds.Dataset:
    """`table` of one export directory or several, with the contract's schema and the
    partition keys as columns."""
    dirs = [roots] if isinstance(roots, Path) else list(roots)
    return hive_dataset([d / table for d in dirs], SCHEMAS[table], PARTITIONS[table])
