"""National totals from the results of `national evaluate` (docs/exchange.md): the one
home of the counting, read by the workbook (`congminh.apps.exchange.report`) and by the
national screens (`congminh.apps.national.results`).

    case_groups(cases) -> pa.Table                       # a results table's counts
    partition_groups(results_dir, partition[, spare]) -> pa.Table  # a partition's, as indexed
    read_groups(results_dir[, spare]) -> pa.Table        # the nation's, with `province`
    partition_totals(results_dir, partition) -> Totals   # one Dask task per partition
    Totals.merge(other) -> Totals                        # the sum of two

A partition's cases are counted when its results are written (`index.write_results`): per
(body, its kind, procedure, status, prolonged, backlogged, day evaluated for) the cases
and their open clocks, `GROUPS_SCHEMA`, a few hundred rows kept in `totals/`. A partition
whose counts are missing or older than its results (written by hand, or by an older
version) is counted from its cases instead. `spare` is where the index of results that
could not be written beside them (a read-only directory) was written instead
(`index.refresh_index`). The workbook's totals are these groups summed
per (province, body kind, procedure, status), plus the open obligations by the kind of
body that owes them; they are small, so the Dask tasks return them and the caller adds
them up.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import numpy.typing as npt
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .columnar import distinct_rows, small_unique, value_codes
from .national import Partition, partitions

# (province, holder kind, procedure, status) -> cases, backlogged, prolonged, open clocks
CaseKey = tuple[str, str, str, str]
MEASURES = ("cases", "backlog", "prolonged", "open_obligations")
# (province, obligation holder, obligation status) -> open obligations
ObligationKey = tuple[str, str, str]

GROUP_KEYS = ("holder", "holder_kind", "procedure", "status", "prolonged", "backlog", "as_of")
_GROUP_FIELDS: list[Any] = [
    pa.field("holder", pa.string(), nullable=False),
    pa.field("holder_kind", pa.string(), nullable=False),  # "": the export did not name it
    pa.field("procedure", pa.string(), nullable=False),
    pa.field("status", pa.string(), nullable=False),
    pa.field("prolonged", pa.bool_(), nullable=False),
    pa.field("backlog", pa.bool_(), nullable=False),
    pa.field("as_of", pa.date32(), nullable=False),
    pa.field("cases", pa.int64(), nullable=False),
    pa.field("open_obligations", pa.int64(), nullable=False),
]
GROUPS_SCHEMA = pa.schema(_GROUP_FIELDS)
GROUPS = "totals"  # the counts' directory beside `cases/` and `obligations/`
SIGNATURE = b"congminh.results"  # the counts' metadata key: the results they were written for
# ... and the layout of the index written with them (`index.LIST_ORDER`, its row groups):
# a partition indexed by an older version is indexed again, so its lists' pages skip row
# groups. `LAYOUT_VERSION`: the list is a file of its own (`lists/`); `IN_RESULTS`: the
# results' cases file is the list (written so by `national evaluate`, `index.write_results`;
# a version that knows only the first indexes such results again, in a file of their own).
LAYOUT, LAYOUT_VERSION, IN_RESULTS = b"congminh.index", b"2", b"3"


@dataclass
class Totals:
    cases: dict[CaseKey, Counter[str]] = field(default_factory=dict)
    obligations: Counter[ObligationKey] = field(default_factory=Counter)
    as_of: set[Any] = field(default_factory=set)

    def merge(self, other: Totals) -> Totals:
        for key, counts in other.cases.items():
            self.cases.setdefault(key, Counter()).update(counts)
        self.obligations.update(other.obligations)
        self.as_of |= other.as_of
        return self

    def sum_by(self, dims: tuple[int, ...]) -> dict[tuple[str, ...], Counter[str]]:
        """The case counts per status summed over the other dimensions of `CaseKey`:
        `{(key parts at dims...): Counter({status: cases, measure: n, ...})}`."""
        out: dict[tuple[str, ...], Counter[str]] = {}
        for key, counts in self.cases.items():
            row = out.setdefault(tuple(key[d] for d in dims), Counter())
            row[key[3]] += counts["cases"]
            row.update(counts)
        return out


def has_flag(flags: Any, name: str) -> Any:
    """Per row, whether its `flags` list holds `name` (Any: the stubs know no list kernels)."""
    if isinstance(flags, pa.ChunkedArray):
        flags = flags.combine_chunks()
    out = np.zeros(len(flags), dtype=np.bool_)
    rows = pc.filter(pc.list_parent_indices(flags), pc.equal(pc.list_flatten(flags), pa.scalar(name)))
    out[rows.to_numpy()] = True
    return pa.array(out)


def case_groups(cases: pa.Table) -> pa.Table:
    """A `cases` results table (`RESULT_SCHEMAS`) counted per `GROUP_KEYS`, the groups in
    the order of their first case. In NumPy over each column's codes, equal strings one
    code (the columnar path's columns are dictionaries, `columnar.coded`; others strings):
    the same groups whichever path wrote the cases; Arrow's group-by of the columns cast
    to strings cost as much as writing the file."""
    words = [_word_codes(cases[name], "" if name == "holder_kind" else None)
             for name in ("holder", "holder_kind", "procedure", "status")]
    flags = [np.asarray(has_flag(cases["flags"], name)) for name in ("prolonged", "backlog")]
    days, day_of = small_unique(cases["as_of"].cast(pa.int32()).to_numpy())
    first, group = distinct_rows(*(codes for codes, _values in words), *(f.astype(np.int64) for f in flags), day_of)
    rows = np.array(first, dtype=np.int64)
    by_first = np.argsort(rows)
    rank = np.empty_like(by_first)
    rank[by_first] = np.arange(len(by_first))
    group = rank[group]  # group numbers in the order of their first case
    rows = rows[by_first]
    opened = cases["open_obligations"].to_numpy().astype(np.int64)
    sums = np.zeros(len(rows), dtype=np.int64)
    np.add.at(sums, group, opened)
    columns: list[Any] = [pa.array([values[c] for c in codes[rows].tolist()], pa.string()) for codes, values in words]
    columns += [pa.array(f[rows]) for f in flags]
    columns += [pa.array((days[day_of[rows]]).astype(np.int32), pa.int32()).view(pa.date32())]
    columns += [pa.array(np.bincount(group, minlength=len(rows)).astype(np.int64)), pa.array(sums)]
    return pa.Table.from_arrays(columns, schema=GROUPS_SCHEMA)


def _word_codes(column: Any, null: str | None) -> tuple[npt.NDArray[np.int64], list[Any]]:
    """A string (or dictionary) column's codes, one per distinct string (a null: `null`,
    one more string when given, else its own code), and the strings by code."""
    codes, values = value_codes(column)
    number: dict[Any, int] = {}
    remap = np.array([number.setdefault(null if v is None else v, len(number)) for v in values]
                     + [number.setdefault(null, len(number))], dtype=np.int64)
    return remap[codes], list(number)


def _files(results_dir: Path, table: str, part: Partition) -> list[Path]:
    return sorted((results_dir / table / part.path).glob("*.parquet"))


def groups_path(results_dir: Path, part: Partition) -> Path:
    return results_dir / GROUPS / part.path / "part-0.parquet"


def signature(results_dir: Path, part: Partition) -> bytes:
    """What identifies a partition's results: their files' names, sizes and modification
    times (a file rewritten within the clock's tick keeps its time, rarely its size)."""
    files = _files(results_dir, "cases", part) + _files(results_dir, "obligations", part)
    return json.dumps([[f.relative_to(results_dir).as_posix(), f.stat().st_size, f.stat().st_mtime_ns]
                       for f in files]).encode()


def layout(results_dir: Path, part: Partition, home: Path | None = None) -> bytes | None:
    """The layout (`LAYOUT_VERSION` or `IN_RESULTS`) of the partition's counts (and its
    list, written before them) in `home` (default: beside the results) when they were
    written for its results as they are (`signature`, kept in the counts' metadata); None:
    not indexed there, or in an older layout."""
    marker = groups_path(home or results_dir, part)
    if not marker.is_file():
        return None
    written = pq.read_schema(marker).metadata or {}
    kind = written.get(LAYOUT)
    if written.get(SIGNATURE) != signature(results_dir, part) or kind not in (LAYOUT_VERSION, IN_RESULTS):
        return None
    return kind


def indexed(results_dir: Path, part: Partition, home: Path | None = None) -> bool:
    return layout(results_dir, part, home) is not None


def index_home(results_dir: Path, part: Partition, spare: Path | None = None) -> Path | None:
    """Where the partition is indexed for its results as they are: beside them, else in
    `spare` (the index of results that could not be written beside them); None: nowhere."""
    return next((home for home in (results_dir, spare) if home is not None and indexed(results_dir, part, home)),
                None)


def partition_groups(results_dir: Path, part: Partition, spare: Path | None = None) -> pa.Table:
    """A partition's counts: as written beside its results (or in `spare`), or counted from
    its cases."""
    home = index_home(results_dir, part, spare)
    if home is not None:
        return pq.read_table(groups_path(home, part), schema=GROUPS_SCHEMA)
    tables = [case_groups(pq.read_table(path)) for path in _files(results_dir, "cases", part)]
    return pa.concat_tables(tables) if tables else GROUPS_SCHEMA.empty_table()


def read_groups(results_dir: Path, spare: Path | None = None) -> pa.Table:
    """Every partition's counts (`partition_groups`: one not indexed is counted from its
    cases), with its `province`."""
    tables = []
    for part in partitions([results_dir]):
        groups = partition_groups(results_dir, part, spare)
        tables.append(groups.append_column("province", pa.repeat(part.province, groups.num_rows).cast(pa.string())))
    if not tables:
        return GROUPS_SCHEMA.empty_table().append_column("province", pa.array([], pa.string()))
    return pa.concat_tables(tables)


def partition_totals(results_dir: Path, part: Partition) -> Totals:
    """One Dask task: the totals of one result partition (province, year)."""
    totals = Totals()
    groups = partition_groups(results_dir, part)
    totals.as_of |= set(pc.unique(groups["as_of"]).to_pylist())
    # a group's `backlog` and `prolonged` stand for all its cases
    weighed = groups.append_column("backlog_cases", pc.if_else(groups["backlog"], groups["cases"], 0)) \
        .append_column("prolonged_cases", pc.if_else(groups["prolonged"], groups["cases"], 0))
    summed = weighed.group_by(["holder_kind", "procedure", "status"]).aggregate([
        ("cases", "sum"), ("open_obligations", "sum"), ("backlog_cases", "sum"),
        ("prolonged_cases", "sum")])
    for row in summed.to_pylist():
        key = (part.province, row["holder_kind"], row["procedure"], row["status"])
        totals.cases.setdefault(key, Counter()).update({
            "cases": row["cases_sum"], "backlog": row["backlog_cases_sum"],
            "prolonged": row["prolonged_cases_sum"], "open_obligations": row["open_obligations_sum"]})
    for path in _files(results_dir, "obligations", part):
        o = pq.read_table(path, columns=["holder", "status"])
        for row in o.group_by(["holder", "status"]).aggregate([("status", "count")]).to_pylist():
            totals.obligations[part.province, row["holder"], row["status"]] += row["status_count"]
    return totals
