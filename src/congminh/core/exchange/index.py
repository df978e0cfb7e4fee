"""What the national screens read, written beside the results when they are written, so a
request never scans every province's results (docs/exchange.md):

    write_index(results_dir, partition, cases, obligations)  # by `evaluate_partition`
    refresh_index(results_dir[, spare]) -> partitions indexed now  # results written otherwise
    list_files(results_dir[, spare]) -> each partition's list file
    page(lists, where, order, offset, limit) -> pa.Table

- `totals/province=P/year=Y/`: the partition's counts (`totals.case_groups`);
- `lists/province=P/year=Y/`: its cases, each with what a list shows and sorts by
  (`LIST_SCHEMA`: its earliest due date, the days since its earliest overdue clock fell
  due, its status's rank), sorted by status, body and id in small row groups. A list's
  filter on a province opens only that province's files; on statuses and a body, only the
  row groups that hold them (their statistics). One file per partition, not one per
  status too: opening a file costs more than reading a row group.

Results written without their index (by hand, or by an older version) are indexed by
`refresh_index`; when that cannot be written beside them (a read-only directory), in
`spare`, a directory of the same layout (`totals.index_home` says where each partition's
index is).

A page reads the sort keys of the matching rows (a few columns, kept as they stream by:
about twice `offset + limit` of them and one batch, whatever the list's length), picks
the page's rows in NumPy, then reads whole only the row groups that hold them.
The counts are written last, with the signature of the results they were made from: that
is what says the partition is indexed (`totals.indexed`).
"""

from __future__ import annotations

import logging
import math
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

from .national import Partition, partitions, write_parquet
from .read import hive_dataset, hive_files
from .totals import GROUPS, SIGNATURE, case_groups, groups_path, has_flag, index_home, signature

logger = logging.getLogger(__name__)
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


# The list columns a page filters on (`apps.national.results`) or picks its rows by: their
# statistics let a read skip row groups.
LIST_FILTERS = ("case_id", "status", "procedure", "holder", "holder_kind", "prolonged")


def _replace(path: Path, table: pa.Table, filtered: Sequence[str] = (), row_group_size: int | None = None) -> None:
    """Written beside, then renamed: a request reading the directory sees the whole file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(f".{path.name}.{os.getpid()}")
    write_parquet(table, part, filtered, row_group_size)
    os.replace(part, path)


def write_index(results_dir: Path, part: Partition, cases: pa.Table, obligations: pa.Table,
                home: Path | None = None) -> None:
    """The partition's list, then its counts, in `home` (default: beside the results)."""
    home = home or results_dir
    _replace(home / LISTS / part.path / "part-0.parquet", list_rows(cases, obligations), LIST_FILTERS, ROW_GROUP)
    counts = case_groups(cases)
    meta = {SIGNATURE: signature(results_dir, part)}
    _replace(groups_path(home, part), counts.replace_schema_metadata(meta))


def refresh_index(results_dir: Path, spare: Path | None = None) -> int:
    """Index each partition not indexed (or older than its results); how many were. A
    partition whose index cannot be written beside its results (a read-only directory:
    `OSError`) is indexed in `spare` when given (`totals.index_home` finds it there)."""
    from .national import RESULT_SCHEMAS

    done = 0
    for part in partitions([results_dir]):
        if index_home(results_dir, part, spare) is None:
            cases, obligations = (_read(results_dir, name, part, RESULT_SCHEMAS[name])
                                  for name in ("cases", "obligations"))
            try:
                write_index(results_dir, part, cases, obligations)
            except OSError as exc:
                if spare is None:
                    raise
                logger.warning("Cannot write the index of %s beside the results in %s (%s): written in %s",
                               part.path, results_dir, exc, spare)
                write_index(results_dir, part, cases, obligations, home=spare)
            done += 1
    return done


def list_files(results_dir: Path, spare: Path | None = None) -> list[Path]:
    """Each indexed partition's list file, where it is (beside the results, or in `spare`)."""
    homes = ((part, index_home(results_dir, part, spare)) for part in partitions([results_dir]))
    return [home / LISTS / part.path / "part-0.parquet" for part, home in homes if home is not None]


def _read(results_dir: Path, table: str, part: Partition, schema: pa.Schema) -> pa.Table:
    paths = sorted((results_dir / table / part.path).glob("*.parquet"))
    return pa.concat_tables([pq.read_table(p, schema=schema) for p in paths]) if paths else schema.empty_table()


def open_lists(lists: Path | Sequence[Path]) -> ds.Dataset:
    """The list files (`list_files`), or every list file of a results directory, with
    `province` and `year` as columns (from their directories)."""
    if isinstance(lists, Path):
        return hive_dataset([lists / LISTS], LIST_SCHEMA, ("province", "year"))
    return hive_files(lists, LIST_SCHEMA, ("province", "year"))


Order = Sequence[tuple[str, str]]  # (column, "ascending" | "descending"); nulls last
_GROUP = "_group"  # a key row's row group (its number in the page's list of them)


def page(lists: Path | Sequence[Path], where: Any, order: Order, offset: int, limit: int) -> pa.Table:
    """Rows `offset` to `offset + limit` of the list rows matching the dataset filter
    `where` in `order` (then province and case id, so that a page is always the same), of
    the list files `lists` (`open_lists`).

    Two reads: the sort keys alone of the matching rows, each with its row group, stream
    by and the `offset + limit` first are kept (trimmed now and then); then only the row
    groups holding the page's rows are read whole, filtered by their case ids. So the rows
    read whole are at most `limit` row groups', whatever the offset."""
    keys = [(column, direction, "at_end") for column, direction in order]
    keys += [(k, "ascending", "at_end") for k in ("province", "case_id") if k not in dict(order)]
    columns = list(dict.fromkeys(k for k, _direction, _nulls in keys))
    dataset = open_lists(lists)
    groups = [group for fragment in dataset.get_fragments(filter=where)
              for group in fragment.split_by_row_group(where, schema=dataset.schema)]
    number = {(g.path, g.row_groups[0].id): i for i, g in enumerate(groups)}
    wanted = offset + limit
    kept: list[pa.Table] = []
    held = 0
    for tagged in _scan(dataset, groups, columns, where):
        batch = tagged.record_batch
        at = number[tagged.fragment.path, tagged.fragment.row_groups[0].id]
        kept.append(pa.Table.from_batches([batch]).append_column(_GROUP, pa.repeat(pa.scalar(at, pa.int32()),
                                                                                   batch.num_rows)))
        held += batch.num_rows
        if held >= 2 * wanted + BATCH:  # trimmed now and then: a selection per batch costs more
            table = pa.concat_tables(kept)
            kept = [table.take(_leading(table, keys, wanted))]
            held = kept[0].num_rows
    if not held:
        return dataset.schema.empty_table()
    table = pa.concat_tables(kept)
    chosen = table.take(_leading(table, keys, wanted, ordered=True)[offset:])
    needed = [groups[i] for i in np.unique(chosen[_GROUP].to_numpy())]
    ids: Any = pc.unique(chosen["case_id"])
    found = pa.Table.from_batches([tagged.record_batch for tagged in _scan(
        dataset, needed, None, where & ds.field("case_id").isin(ids))], schema=dataset.schema)
    # a row group of another province may hold a case with the same id: the pairs decide
    rows: Any = found.join(chosen.select(["province", "case_id"]), ["province", "case_id"], join_type="inner")
    out: pa.Table = rows.sort_by(keys).select(dataset.schema.names)
    return out


def _scan(dataset: ds.Dataset, groups: list[Any], columns: list[str] | None, where: Any) -> Any:
    """The batches of the row groups `groups` (row group fragments of `dataset`), each with
    its row group (`TaggedRecordBatch.fragment`)."""
    scanned = ds.FileSystemDataset(groups, dataset.schema, ds.ParquetFileFormat())
    return scanned.scanner(columns=columns, filter=where, batch_size=BATCH).scan_batches()


def _leading(table: pa.Table, keys: list[tuple[str, str, str]], k: int,
             ordered: bool = False) -> npt.NDArray[np.int64]:
    """The positions of the `k` first rows of `table` in the order of `keys` (nulls last),
    in that order when `ordered`. In NumPy: each key coded as a non-negative integer in
    its order (`_code`), the codes packed into one integer when they fit (a partition,
    then a sort of the `k`), else sorted together; Arrow's multi-key selection cost
    seconds at a few hundred thousand rows."""
    codes = [_code(table[column], direction) for column, direction, _nulls in keys]
    n = table.num_rows
    if math.prod(bound for _code_, bound in codes) >= 1 << 63:
        return np.lexsort([code for code, _bound in reversed(codes)])[:k].astype(np.int64)
    packed = np.zeros(n, dtype=np.int64)
    for code, bound in codes:
        packed = packed * bound + code
    picked = np.argpartition(packed, k - 1)[:k] if 0 < k < n else np.arange(min(k, n))
    if ordered:
        picked = picked[np.argsort(packed[picked], kind="stable")]
    return picked.astype(np.int64)


def _code(column: Any, direction: str) -> tuple[npt.NDArray[np.int64], int]:
    """A sort key's values as integers from 0 in their order (`direction`; nulls last,
    coded with the largest), and how many codes there may be."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    if pa.types.is_date32(column.type):
        column = column.cast(pa.int32())
    if pa.types.is_integer(column.type):
        valid = pc.is_valid(column).to_numpy(zero_copy_only=False)
        values = pc.fill_null(column.cast(pa.int64()), 0).to_numpy().astype(np.int64)
        if not valid.any():
            return np.zeros(len(column), dtype=np.int64), 1
        low, high = int(values[valid].min()), int(values[valid].max())
        code = values - low if direction == "ascending" else high - values
        code[~valid] = high - low + 1
        return code, high - low + 2
    encoded: Any = pc.dictionary_encode(column)
    words = encoded.dictionary.to_pylist()
    rank = np.argsort(np.argsort(np.array(words, dtype=object), kind="stable"), kind="stable")
    if direction != "ascending":
        rank = len(words) - 1 - rank
    indices = encoded.indices
    valid = pc.is_valid(indices).to_numpy(zero_copy_only=False)
    code = np.full(len(column), len(words), dtype=np.int64)
    code[valid] = rank[pc.fill_null(indices, 0).to_numpy()[valid]]
    return code, len(words) + 1
