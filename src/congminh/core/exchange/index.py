"""What the national screens read, written with the results, so a request never scans
every province's results (docs/exchange.md):

    write_results(results_dir, partition, cases, obligations)  # by `evaluate_partitions`
    refresh_index(results_dir[, spare]) -> partitions indexed now  # results written otherwise
    list_files(results_dir[, spare]) -> each partition's list file
    page(lists, where, order, offset, limit) -> pa.Table

- `cases/province=P/year=Y/`: the results' cases are the partition's list (`listed`): each
  case with what a list shows and sorts by (`LIST_SCHEMA`, its columns first: its earliest
  due date, the days since its earliest overdue clock fell due, its status's rank), sorted
  by status, days overdue, body and id (`LIST_ORDER`) in small row groups, each of one
  status. A list's filter on a province opens only that province's files; on statuses and
  a body, only the row groups that hold them (their statistics). One file per partition,
  not one per status too: opening a file costs more than reading a row group; and not a
  list file beside the cases file either: it repeated their columns, and writing it cost
  more than the cases file;
- `totals/province=P/year=Y/`: the partition's counts (`totals.case_groups`).

Results written without their list (by hand, or by an older version) are indexed by
`refresh_index`, their list a file of its own (`lists/province=P/year=Y/`, the
`LIST_SCHEMA` columns alone); when that cannot be written beside them (a read-only
directory), in `spare`, a directory of the same layout (`totals.index_home` says where each
partition's index is, `totals.layout` whether its list is its cases file).

A page led by an integer or date key skips the row groups wholly before or after it on
their statistics (`_bounds`), then reads the sort keys of the matching rows left (a few
columns, kept as they stream by: about twice `offset + limit` of them and one batch,
whatever the list's length), picks the page's rows in NumPy, then reads whole only the row
groups that hold them.
The counts are written last, with the signature of the results they were made from: that
is what says the partition is indexed (`totals.indexed`).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import os
import re
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
import pyarrow.parquet as pq

from congminh.core import statuses

from .columnar import coded_schema, value_codes
from .national import Partition, partitions, write_parquet
from .read import hive_files
from .totals import (
    GROUPS,
    IN_RESULTS,
    LAYOUT,
    LAYOUT_VERSION,
    SIGNATURE,
    case_groups,
    groups_path,
    has_flag,
    index_home,
    layout,
    signature,
)

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
_CODED_LIST_SCHEMA = coded_schema(LIST_SCHEMA)  # as written (`write_parquet`): read back as LIST_SCHEMA
ROW_GROUP = 2048  # a body's rows, a page's run of days span few groups; statistics skip the others
# A list file's many small pages compressed by zstd cost twice snappy's write time (a
# partition of 73,258 cases: 17 ms against 9), and a page reads them as fast or faster; the
# files are 1.7 times larger (1,020,000 cases: 4.7 → 8.2 MB).
LIST_COMPRESSION = "snappy"
BATCH = 1 << 16  # rows read at once by a page


# The list's columns the results' cases lack, computed from them and their clocks.
LIST_EXTRA = ("prolonged", "status_rank", "due", "days_over")


def listed(cases: pa.Table, obligations: pa.Table) -> pa.Table:
    """A partition's results' cases as a list holds them: the list's columns first, in
    `LIST_SCHEMA`'s order (with `LIST_EXTRA`: its earliest due date, the days since its
    earliest overdue clock fell due, its status's rank, whether it is prolonged), then the
    results' other columns; the rows in `LIST_ORDER`. In NumPy over the columns' codes:
    Arrow's sort of a table by dictionary ranks, then its take, cost more than the rest."""
    ids = cases["case_id"].to_numpy()
    days_due, days_late = _earliest(ids, obligations)
    late = days_late < _NONE
    days_over = cases["as_of"].cast(pa.int32()).to_numpy().astype(np.int64) - days_late
    codes, words = value_codes(cases["status"])
    # an unknown status (none, normally) ranks after every known one
    unknown = len(statuses.CASE_STATUSES)
    ranks = np.array([_STATUS_RANK.get(w, unknown) for w in words] + [unknown], dtype=np.int16)
    extra = {"prolonged": has_flag(cases["flags"], "prolonged"),
             "status_rank": pa.array(ranks[codes]),
             "due": pa.array(days_due, pa.int32(), mask=days_due == _NONE).view(pa.date32()),
             "days_over": pa.array(days_over, mask=~late)}
    keys = pa.table({"status": cases["status"], "days_over": extra["days_over"], "holder": cases["holder"],
                     "case_id": cases["case_id"]})
    order: Any = pa.array(_leading(keys, [(k, d, "at_end") for k, d in LIST_ORDER], keys.num_rows, ordered=True))
    fields = [cases.schema.field(f.name) if f.name in cases.column_names else f for f in LIST_SCHEMA]
    fields += [f for f in cases.schema if f.name not in LIST_SCHEMA.names]
    out: pa.Table = pa.Table.from_arrays(
        [pc.take(extra[f.name] if f.name in extra else cases[f.name], order) for f in fields], schema=pa.schema(fields))
    return out


_STATUS_RANK = {status: rank for rank, status in enumerate(statuses.CASE_STATUSES)}


def list_rows(cases: pa.Table, obligations: pa.Table) -> pa.Table:
    """A partition's results as `LIST_SCHEMA` rows, in the order they are written (a list
    file of its own: results written without their list, `refresh_index`)."""
    out: pa.Table = listed(cases, obligations).select(LIST_SCHEMA.names).cast(_CODED_LIST_SCHEMA)
    return out


# How a list file's rows are ordered: by status (a measure reads the row groups of its
# statuses; a row group holds one status, `_status_cuts`), then the days overdue, latest
# first (an overdue section's row groups each span a few days: a deep page by days
# overdue skips the others on their statistics, `_bounds`), then body and id (a status
# without days overdue stays ordered by body). Not by the body's kind too: each kind
# would be a run of days of its own, and a page would read a row group of each run.
LIST_ORDER = [("status", "ascending"), ("days_over", "descending"), ("holder", "ascending"),
              ("case_id", "ascending")]


def _status_cuts(rows: pa.Table) -> list[int]:
    """The rows of a list (`LIST_ORDER`) where a status begins: a row group starts there, so
    that every row of a group of the statuses of a measure matches it (`_whole`)."""
    status: Any = rows["status"]
    encoded: Any = (status.unify_dictionaries() if pa.types.is_dictionary(status.type)
                    else pc.dictionary_encode(status)).combine_chunks()
    codes = encoded.indices.to_numpy()
    return (np.flatnonzero(codes[1:] != codes[:-1]) + 1).tolist()


_NONE = np.iinfo(np.int32).max  # no such clock


def _earliest(case_ids: npt.NDArray[Any], obligations: pa.Table
              ) -> tuple[npt.NDArray[np.int32], npt.NDArray[np.int32]]:
    """Per case (of `case_ids`), the earliest due day of its open clocks and of its overdue
    ones (days since 1970; `_NONE`: none), in NumPy (a join cost more than the rest)."""
    by_id = np.arange(len(case_ids)) if np.all(case_ids[1:] >= case_ids[:-1]) else np.argsort(case_ids, kind="stable")
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
# ... and the integer sort keys whose statistics let a page skip the row groups wholly
# before or after it (`_bounds`).
LIST_KEYS = ("days_over", "due", "status_rank")


def _replace(path: Path, table: pa.Table, filtered: Sequence[str] = (), row_group_size: int | None = None,
             cuts: Sequence[int] = (), compression: str = "zstd") -> None:
    """Written beside, then renamed: a request reading the directory sees the whole file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    part = path.with_name(f".{path.name}.{os.getpid()}")
    write_parquet(table, part, filtered, row_group_size, cuts, compression)
    os.replace(part, path)


def write_results(results_dir: Path, part: Partition, cases: pa.Table, obligations: pa.Table) -> None:
    """A partition's results (by `national.evaluate_partitions`), its cases file written as
    its list (`listed`: one file, not the cases and a list repeating their columns), then
    its counts (`IN_RESULTS`)."""
    from .national import RESULT_FILTERS

    rows = listed(cases, obligations)
    for name, table, cut in (("cases", rows, True), ("obligations", obligations, False)):
        path = results_dir / name / part.path / "part-0.parquet"
        path.parent.mkdir(parents=True, exist_ok=True)
        if cut:
            write_parquet(table, path, tuple(dict.fromkeys(RESULT_FILTERS + LIST_FILTERS + LIST_KEYS)),
                          ROW_GROUP, _status_cuts(table), LIST_COMPRESSION)
        else:
            write_parquet(table, path, RESULT_FILTERS)
    _write_counts(results_dir, part, rows, results_dir, IN_RESULTS)


def write_index(results_dir: Path, part: Partition, cases: pa.Table, obligations: pa.Table,
                home: Path | None = None) -> None:
    """The list of results written without it, then its counts, in `home` (default: beside
    the results)."""
    home = home or results_dir
    rows = list_rows(cases, obligations)
    _replace(home / LISTS / part.path / "part-0.parquet", rows, LIST_FILTERS + LIST_KEYS, ROW_GROUP,
             _status_cuts(rows), LIST_COMPRESSION)
    _write_counts(results_dir, part, cases, home, LAYOUT_VERSION)


def _write_counts(results_dir: Path, part: Partition, cases: pa.Table, home: Path, kind: bytes) -> None:
    """The partition's counts, last: their metadata says it is indexed (`totals.layout`)."""
    meta = {SIGNATURE: signature(results_dir, part), LAYOUT: kind}
    _replace(groups_path(home, part), case_groups(cases).replace_schema_metadata(meta))


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
    """Each indexed partition's list file, where it is: its results' cases file
    (`IN_RESULTS`), or a file of its own beside the results or in `spare`."""
    found = []
    for part in partitions([results_dir]):
        for home in [h for h in (results_dir, spare) if h is not None]:
            kind = layout(results_dir, part, home)
            if kind is not None:
                folder = results_dir / "cases" if kind == IN_RESULTS else home / LISTS
                found.append(folder / part.path / "part-0.parquet")
                break
    return found


def _read(results_dir: Path, table: str, part: Partition, schema: pa.Schema) -> pa.Table:
    paths = sorted((results_dir / table / part.path).glob("*.parquet"))
    return pa.concat_tables([pq.read_table(p, schema=schema) for p in paths]) if paths else schema.empty_table()


def open_lists(lists: Path | Sequence[Path]) -> ds.Dataset:
    """The list files (`list_files`), or those of a results directory, with `province` and
    `year` as columns (from their directories). The same dataset while the files are the
    same (their paths, sizes and modification times): its fragments keep the files'
    footers once read, and reading a nation's 102 footers again was most of a page's time
    (a page of the nation's overdue list, the machine loaded: 370 ms, 51 ms kept)."""
    files = list_files(lists) if isinstance(lists, Path) else lists
    return _lists_dataset(tuple((str(f), f.stat().st_size, f.stat().st_mtime_ns) for f in files))


@lru_cache(maxsize=8)
def _lists_dataset(files: tuple[tuple[str, int, int], ...]) -> ds.Dataset:
    return hive_files([Path(name) for name, _size, _time in files], LIST_SCHEMA, ("province", "year"))


Order = Sequence[tuple[str, str]]  # (column, "ascending" | "descending"); nulls last
_GROUP = "_group"  # a key row's row group (its number in the page's list of them)


def page(lists: Path | Sequence[Path], where: Any, order: Order, offset: int, limit: int) -> pa.Table:
    """Rows `offset` to `offset + limit` of the list rows matching the dataset filter
    `where` in `order` (then province and case id, so that a page is always the same), of
    the list files `lists` (`open_lists`).

    Two reads: the sort keys alone of the matching rows that may be on the page, each
    with its row group, stream by and the `offset + limit` first are kept (trimmed now and
    then); then only the row groups holding the page's rows are read whole, filtered by
    their case ids. When the first sort key is an integer or a date, the row groups wholly
    before or after the page (their statistics, `_bounds`) are not read at all: only those
    rows before it are counted. So the rows read whole are at most `limit` row groups',
    whatever the offset, and a deep page in the order the list files are written in
    (`LIST_ORDER`: days overdue) reads the keys of a few row groups per file."""
    keys = [(column, direction, "at_end") for column, direction in order]
    keys += [(k, "ascending", "at_end") for k in ("province", "case_id") if k not in dict(order)]
    columns = list(dict.fromkeys(k for k, _direction, _nulls in keys))
    dataset = open_lists(lists)
    groups = [group for fragment in dataset.get_fragments(filter=where)
              for group in fragment.split_by_row_group(where, schema=dataset.schema)]
    number = {(g.path, g.row_groups[0].id): i for i, g in enumerate(groups)}
    first, direction, _nulls = keys[0]
    scanned, before, low, high = groups, 0, -_TOP, _TOP
    if limit > 0 and _integral(dataset.schema.field(first).type):
        scanned, before, low, high = _bounds(dataset, groups, where, first, direction, offset, offset + limit)
    kept: list[pa.Table] = []
    held = 0
    for tagged in _scan(dataset, scanned, columns, where):
        batch = tagged.record_batch
        if low > -_TOP or high < _TOP:  # only the rows between the bounds: those before counted
            code = _key_codes(batch.column(first), direction)
            before += int(np.count_nonzero(code < low))
            batch = batch.filter(pa.array((code >= low) & (code <= high)))
        at = number[tagged.fragment.path, tagged.fragment.row_groups[0].id]
        kept.append(pa.Table.from_batches([batch]).append_column(_GROUP, pa.repeat(pa.scalar(at, pa.int32()),
                                                                                   batch.num_rows)))
        held += batch.num_rows
        wanted = offset - before + limit  # `before` only grows: a trim keeps enough rows
        if held >= 2 * wanted + BATCH:  # trimmed now and then: a selection per batch costs more
            table = pa.concat_tables(kept)
            kept = [table.take(_leading(table, keys, wanted))]
            held = kept[0].num_rows
    if not held or offset - before + limit <= 0:
        return dataset.schema.empty_table()
    table = pa.concat_tables(kept)
    chosen = table.take(_leading(table, keys, offset - before + limit, ordered=True)[offset - before:])
    if not chosen.num_rows:
        return dataset.schema.empty_table()
    needed = [groups[i] for i in np.unique(chosen[_GROUP].to_numpy())]
    ids: Any = pc.unique(chosen["case_id"])
    found = pa.Table.from_batches([tagged.record_batch for tagged in _scan(
        dataset, needed, None, where & ds.field("case_id").isin(ids))], schema=dataset.schema)
    # a row group of another province may hold a case with the same id: the pairs decide
    rows: Any = found.join(chosen.select(["province", "case_id"]), ["province", "case_id"], join_type="inner")
    out: pa.Table = rows.sort_by(keys).select(dataset.schema.names)
    return out


_TOP = np.iinfo(np.int64).max  # a null key's code: after every value, in either direction


def _integral(kind: pa.DataType) -> bool:
    return pa.types.is_integer(kind) or pa.types.is_date32(kind)


def _key_codes(column: Any, direction: str) -> npt.NDArray[np.int64]:
    """An integer (or date) sort key as int64 codes ascending in the page's order, nulls
    `_TOP` (last)."""
    if pa.types.is_date32(column.type):
        column = column.cast(pa.int32())
    valid = pc.is_valid(column).to_numpy(zero_copy_only=False)
    values = pc.fill_null(column.cast(pa.int64()), 0).to_numpy().astype(np.int64)
    code: npt.NDArray[np.int64] = values if direction == "ascending" else -values
    code[~valid] = _TOP
    return code


def _plain(value: Any) -> int:
    """A statistic of an integer or date column as an integer (days since 1970)."""
    return (value - _DAY_ZERO).days if isinstance(value, dt.date) else int(value)


_DAY_ZERO = dt.date(1970, 1, 1)


def _bounds(dataset: ds.Dataset, groups: list[Any], where: Any, column: str, direction: str,
            offset: int, stop: int) -> tuple[list[Any], int, int, int]:
    """For a page of rows `offset` to `stop` in an order led by the integer `column`: the
    row groups whose rows may be on it, how many matching rows the others hold before it,
    and the codes (`_key_codes`) between which its rows' keys lie.

    Each row group is an interval of codes holding `n` matching rows: its statistics give
    them when every row matches `where` (`_whole`: the filter's columns hold one value in
    it); otherwise its keys are read. Then `low` is the largest code below which at most
    `offset` rows can lie (the groups starting below it, counted whole) and `high` the
    smallest at or below which at least `stop` rows surely lie (the groups ending by it):
    the page's rows have codes between them, and a group wholly outside is not read."""
    count = np.zeros(len(groups), dtype=np.int64)
    lo = np.zeros(len(groups), dtype=np.int64)
    hi = np.zeros(len(groups), dtype=np.int64)
    unknown = []
    whole = _whole(dataset, groups, where)
    for i, group in enumerate(groups):
        stats = _statistics(group, column) if whole[i] else None
        if stats is None:
            unknown.append(i)
            continue
        count[i], lo[i], hi[i] = group.row_groups[0].num_rows, *_interval(stats, direction)
    if sum(groups[i].row_groups[0].num_rows for i in unknown) > int(count.sum()):
        return groups, 0, -_TOP, _TOP  # mostly unknown: every key read, as without bounds
    if unknown:
        number = {(groups[i].path, groups[i].row_groups[0].id): i for i in unknown}
        lo[unknown], hi[unknown] = _TOP, -_TOP
        for tagged in _scan(dataset, [groups[i] for i in unknown], [column], where):
            code = _key_codes(tagged.record_batch.column(column), direction)
            if len(code):
                i = number[tagged.fragment.path, tagged.fragment.row_groups[0].id]
                count[i] += len(code)
                lo[i], hi[i] = min(lo[i], int(code.min())), max(hi[i], int(code.max()))
    held = count > 0
    count, lo, hi = count[held], lo[held], hi[held]
    kept = [g for g, h in zip(groups, held.tolist(), strict=True) if h]
    starts, ends = np.argsort(lo, kind="stable"), np.argsort(hi, kind="stable")
    up_to = np.concatenate([[0], np.cumsum(count[starts])])  # rows in the groups starting below a code
    low_at = np.searchsorted(lo[starts], lo[starts], side="left")
    low = int(lo[starts][np.flatnonzero(up_to[low_at] <= offset)[-1]]) if len(lo) else -_TOP
    done = np.cumsum(count[ends])  # rows in the groups ending at or below a code
    reached = np.flatnonzero(done >= stop)
    high = int(hi[ends][reached[0]]) if len(reached) else _TOP
    before = int(count[hi < low].sum())
    inside = (hi >= low) & (lo <= high)
    return [g for g, keep in zip(kept, inside.tolist(), strict=True) if keep], before, low, high


def _interval(stats: Any, direction: str) -> tuple[int, int]:
    """A row group's codes (`_key_codes`) from its column statistics: (lowest, highest)."""
    if stats.num_values == 0 or not stats.has_min_max:  # `num_values`: the non-null ones
        return _TOP, _TOP  # nulls only
    small, large = _plain(stats.min), _plain(stats.max)
    first, last = (small, large) if direction == "ascending" else (-large, -small)
    return first, (_TOP if stats.null_count else last)


def _statistics(group: Any, column: str) -> Any:
    """The Parquet statistics of `column` in a row group fragment of a list file (None: not
    written). A list file's first columns are `LIST_SCHEMA`'s, in its order (`listed`)."""
    at = LIST_SCHEMA.get_field_index(column)
    if at < 0:
        return None
    stats = group.metadata.row_group(group.row_groups[0].id).column(at).statistics
    return stats if stats is not None and stats.has_null_count else None


def _whole(dataset: ds.Dataset, groups: list[Any], where: Any) -> list[bool]:
    """Whether every row of each row group matches `where`, from the statistics of the
    columns the filter names (each holding one value in the group: the filter is tried on
    that one row; a partition key is one per file). False when unsure."""
    text = str(where)
    named = [f.name for f in dataset.schema if re.search(rf"\b{f.name}\b", text)]
    rows = [_one_row(group, named) for group in groups]
    if not named:
        return [True] * len(groups)
    distinct = list(dict.fromkeys(row for row in rows if row is not None))
    # every distinct row tried at once: one filter over a table of them
    probe = pa.table({**{name: pa.array([row[i] for row in distinct], dataset.schema.field(name).type)
                         for i, name in enumerate(named)}, _GROUP: pa.array(range(len(distinct)), pa.int32())})
    # (the table filtered itself: a dataset and its scan of a few rows took milliseconds of
    # waiting for threads on a loaded machine)
    kept = set(probe.filter(where)[_GROUP].to_pylist())
    matches = {row: i in kept for i, row in enumerate(distinct)}
    return [row is not None and matches[row] for row in rows]


def _one_row(group: Any, names: list[str]) -> tuple[Any, ...] | None:
    """The one value each of `names` holds in a row group fragment (None: some column holds
    more, or has no statistics)."""
    keys = ds.get_partition_keys(group.partition_expression)
    values = []
    for name in names:
        if name in keys:
            values.append(keys[name])
            continue
        stats = _statistics(group, name)
        if stats is None:
            return None
        if stats.null_count == group.row_groups[0].num_rows:
            values.append(None)
        elif stats.null_count == 0 and stats.has_min_max and stats.min == stats.max:
            values.append(stats.min)
        else:
            return None
    return tuple(values)


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
    seconds at a few hundred thousand rows. The keys end with a unique one (a page's
    province and case id, a partition's case id): no tie to keep in order, so the sort
    need not be stable (a stable sort of 73,000 int64 keys took 4.5 ms, this one 0.8)."""
    codes = [_code(table[column], direction) for column, direction, _nulls in keys]
    n = table.num_rows
    if math.prod(bound for _code_, bound in codes) >= 1 << 63:
        return np.lexsort([code for code, _bound in reversed(codes)])[:k].astype(np.int64)
    packed = np.zeros(n, dtype=np.int64)
    for code, bound in codes:
        packed = packed * bound + code
    if k >= n:  # every row (a partition's list, `listed`)
        return np.argsort(packed) if ordered else np.arange(n)
    picked = np.argpartition(packed, k - 1)[:k] if k > 0 else np.arange(0)
    if ordered:
        picked = picked[np.argsort(packed[picked])]
    return picked.astype(np.int64)


def _code(column: Any, direction: str) -> tuple[npt.NDArray[np.int64], int]:
    """A sort key's values as integers from 0 in their order (`direction`; nulls last,
    coded with the largest), and how many codes there may be."""
    if isinstance(column, pa.ChunkedArray):
        column = column.combine_chunks()
    if pa.types.is_date32(column.type):
        column = column.cast(pa.int32())
    if pa.types.is_integer(column.type):
        if not column.null_count:  # (the ids: no mask to apply)
            values = column.to_numpy().astype(np.int64, copy=False)
            low, high = (int(values.min()), int(values.max())) if len(values) else (0, 0)
            return (values - low if direction == "ascending" else high - values), high - low + 2
        valid = pc.is_valid(column).to_numpy(zero_copy_only=False)
        values = pc.fill_null(column.cast(pa.int64()), 0).to_numpy().astype(np.int64)
        if not valid.any():
            return np.zeros(len(column), dtype=np.int64), 1
        low, high = int(values[valid].min()), int(values[valid].max())
        code = values - low if direction == "ascending" else high - values
        code[~valid] = high - low + 1
        return code, high - low + 2
    encoded: Any = column if pa.types.is_dictionary(column.type) else pc.dictionary_encode(column)
    # dense ranks: a dictionary may hold a word twice (one rank, or the ids would not
    # break the tie), and an unused one costs nothing
    distinct, rank = np.unique(np.array(encoded.dictionary.to_pylist(), dtype=object), return_inverse=True)
    rank = rank.reshape(-1).astype(np.int64)
    if direction != "ascending":
        rank = len(distinct) - 1 - rank
    indices = encoded.indices
    if not indices.null_count:
        return rank[indices.to_numpy()], len(distinct) + 1
    valid = pc.is_valid(indices).to_numpy(zero_copy_only=False)
    code = np.full(len(column), len(distinct), dtype=np.int64)
    code[valid] = rank[pc.fill_null(indices, 0).to_numpy()[valid]]
    return code, len(distinct) + 1
