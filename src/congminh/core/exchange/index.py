"""What the national screens read, written beside the results when they are written, so a
request never scans every province's results (docs/exchange.md):

    write_index(results_dir, partition, cases, obligations)  # by `evaluate_partition`
    refresh_index(results_dir) -> partitions indexed now      # results written otherwise
    page(results_dir, where, order, offset, limit) -> pa.Table

- `totals/province=P/year=Y/`: the partition's counts (`totals.case_groups`);
- `lists/province=P/year=Y/`: its cases, each with what a list shows and sorts by
  (`LIST_SCHEMA`: its earliest due date, the days since its earliest overdue clock fell
  due, its status's rank), sorted by status, body and id in small row groups. A list's
  filter on a province opens only that province's files; on statuses and a body, only the
  row groups that hold them (their statistics). One file per partition, not one per
  status too: opening a file costs more than reading a row group.

A page is the `offset + limit` first rows of the filtered list in `order`, kept while the
batches stream by (memory: about twice those rows and one batch, whatever the list's
length).
The counts are written last, with the signature of the results they were made from: that
is what says the partition is indexed (`totals.indexed`).
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from congminh.core import statuses

from .national import Partition, partitions
from .read import hive_dataset
from .totals import GROUPS, SIGNATURE, case_groups, groups_path, has_flag, indexed, signature

LISTS = "lists"
DERIVED = (LISTS, GROUPS)  # the directories written beside the results, from them
_LIST_FIELDS: list[Any] = [
    pa.field("case_id", pa.int64(), nullable=False),
    pa.field("status", pa.string(), nullable=False),
    pa.field("procedure", pa.string(), nullable=False),
    pa.field("holder", pa.string(), nullable=False),
    pa.field("holder_kind", pa.string()),
    pa.field("prolonged", pa.bool_(), nullable=False),
    pa.field("status_rank", pa.int16(), nullable=False),  # `statuses.CASE_STATUSES` order
    pa.field("due", pa.date32()),  # the earliest due date of its open clocks
    pa.field("days_over", pa.int64()),  # since its earliest overdue clock fell due
    pa.field("as_of", pa.date32(), nullable=False),
]
LIST_SCHEMA = pa.schema(_LIST_FIELDS)
ROW_GROUP = 8192  # a body's rows span few groups; a group's statistics skip the others
BATCH = 1 << 16  # rows read at once by a page


def list_rows(cases: pa.Table, obligations: pa.Table) -> pa.Table:
    """A partition's results as `LIST_SCHEMA` rows, in the order they are written."""
    days_due, days_late = _earliest(cases["case_id"].to_numpy(), obligations)
    as_of = cases["as_of"].cast(pa.int32()).to_numpy()
    late = days_late < _NONE
    # an unknown status (none, normally) ranks after every known one
    known: Any = pc.index_in(cases["status"], pa.array(statuses.CASE_STATUSES))
    rank: Any = pc.fill_null(pc.cast(known, pa.int16()), len(statuses.CASE_STATUSES))
    table: Any = cases.select(["case_id", "status", "procedure", "holder", "holder_kind"]) \
        .append_column("prolonged", has_flag(cases["flags"], "prolonged")) \
        .append_column("status_rank", rank) \
        .append_column("due", pa.array(days_due, pa.int32(), mask=days_due == _NONE).view(pa.date32())) \
        .append_column("days_over", pa.array((as_of - days_late).astype(np.int64), mask=~late)) \
        .append_column("as_of", cases["as_of"])
    out: pa.Table = table.sort_by(
        [("status", "ascending"), ("holder", "ascending"), ("case_id", "ascending")]).cast(LIST_SCHEMA)
    return out


_NONE = np.iinfo(np.int32).max  # no such clock


def _earliest(case_ids: npt.NDArray[Any], obligations: pa.Table
              ) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32]]:
    """Per case (of `case_ids`), the earliest due day of its open clocks and of its overdue
    ones (days since 1970; `_NONE`: none), in NumPy (a join cost more than the rest)."""
    by_id = np.argsort(case_ids, kind="stable")
    due_column: Any = obligations["due"]
    dated = pc.is_valid(due_column).to_numpy(zero_copy_only=False)
    days = pc.fill_null(due_column, 0).cast(pa.int32()).to_numpy()[dated]
    owner = obligations["case_id"].to_numpy()[dated]
    position = by_id[np.minimum(np.searchsorted(case_ids[by_id], owner), max(len(case_ids) - 1, 0))]
    overdue = pc.equal(obligations["status"], pa.scalar(statuses.OVERDUE)).to_numpy(
        zero_copy_only=False)[dated]
    due = np.full(len(case_ids), _NONE, dtype=np.int32)
    late = due.copy()
    np.minimum.at(due, position, days)
    np.minimum.at(late, position[overdue], days[overdue])
    return due, late


def _replace(path: Path, table: pa.Table, row_group_size: int | None = None) -> None:
    """Written beside, then renamed: a request reading the directory sees the whole file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(f".{path.name}.{os.getpid()}")
    pq.write_table(table, part, compression="zstd", row_group_size=row_group_size)
    os.replace(part, path)


def write_index(results_dir: Path, part: Partition, cases: pa.Table, obligations: pa.Table) -> None:
    """The partition's list, then its counts."""
    _replace(results_dir / LISTS / part.path / "part-0.parquet", list_rows(cases, obligations), ROW_GROUP)
    counts = case_groups(cases)
    meta = {SIGNATURE: signature(results_dir, part)}
    _replace(groups_path(results_dir, part), counts.replace_schema_metadata(meta))


def refresh_index(results_dir: Path) -> int:
    """Index each partition not indexed (or older than its results); how many were."""
    from .national import RESULT_SCHEMAS

    done = 0
    for part in partitions([results_dir]):
        if not indexed(results_dir, part):
            tables = [_read(results_dir, name, part, RESULT_SCHEMAS[name]) for name in ("cases", "obligations")]
            write_index(results_dir, part, *tables)
            done += 1
    return done


def _read(results_dir: Path, table: str, part: Partition, schema: pa.Schema) -> pa.Table:
    paths = sorted((results_dir / table / part.path).glob("*.parquet"))
    return pa.concat_tables([pq.read_table(p, schema=schema) for p in paths]) if paths else schema.empty_table()


def open_lists(results_dir: Path) -> ds.Dataset:
    """Every list file, `province` and `year` as columns (from the directories)."""
    return hive_dataset([results_dir / LISTS], LIST_SCHEMA, ("province", "year"))


Order = Sequence[tuple[str, str]]  # (column, "ascending" | "descending"); nulls last


def page(results_dir: Path, where: Any, order: Order, offset: int, limit: int) -> pa.Table:
    """Rows `offset` to `offset + limit` of the list rows matching the dataset filter
    `where` in `order` (then province and case id, so that a page is always the same)."""
    keys = [(column, direction, "at_end") for column, direction in order]
    keys += [(k, "ascending", "at_end") for k in ("province", "case_id") if k not in dict(order)]
    wanted = offset + limit
    kept: list[pa.Table] = []
    held = 0
    for batch in open_lists(results_dir).to_batches(filter=where, batch_size=BATCH):
        kept.append(pa.Table.from_batches([batch]))
        held += batch.num_rows
        if held >= 2 * wanted + BATCH:  # trimmed now and then: a sort per batch costs more
            kept = [_first(pa.concat_tables(kept), wanted, keys)]
            held = kept[0].num_rows
    if not kept:
        return open_lists(results_dir).schema.empty_table()
    return _first(pa.concat_tables(kept), wanted, keys).sort_by(keys).slice(offset, limit)  # type: ignore[arg-type]


def _first(table: pa.Table, k: int, keys: list[tuple[str, str, str]]) -> pa.Table:
    """The `k` first rows of `table` in the order of `keys` (nulls last), unordered."""
    if table.num_rows <= k:
        return table
    # (nulls come last in either order, as `sort_by` puts them with "at_end")
    sort_keys: Any = [(name, order) for name, order, _nulls in keys]
    select: Any = pc.select_k_unstable  # the stubs take no table
    picked = select(table, k, sort_keys=sort_keys)
    return table.take(picked)
