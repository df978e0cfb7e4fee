"""National totals from the results of `national evaluate` (docs/exchange.md): the one
home of the counting, read by the workbook (`congminh.apps.exchange.report`) and by the
national screens (`congminh.apps.national.results`).

    case_groups(cases) -> pa.Table                       # a results table's counts
    partition_groups(results_dir, partition[, spare]) -> pa.Table  # a partition's, as indexed
    read_groups(results_dir[, spare]) -> pa.Table        # the nation's, with `province`
    partition_totals(results_dir, partition) -> Totals   # one Dask task per partition
    Totals.merge(other) -> Totals                        # the sum of two

A partition's cases are counted when its results are written (`index.write_index`): per
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
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

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
# a partition indexed by an older version is indexed again, so its lists' pages skip row groups
LAYOUT, LAYOUT_VERSION = b"congminh.index", b"2"


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
    """A `cases` results table (`RESULT_SCHEMAS`) counted per `GROUP_KEYS`."""
    # as strings (the columnar path's are dictionaries, `columnar.coded`): the groups come
    # out in the same order, whichever path wrote the cases
    text: dict[str, Any] = {k: pc.cast(cases[k], pa.string()) for k in ("holder", "holder_kind", "procedure", "status")}
    columns: dict[str, Any] = {
        "holder": text["holder"], "holder_kind": pc.fill_null(text["holder_kind"], ""),
        "procedure": text["procedure"], "status": text["status"],
        "prolonged": has_flag(cases["flags"], "prolonged"),
        "backlog": has_flag(cases["flags"], "backlog"), "as_of": cases["as_of"],
        "open": pc.cast(cases["open_obligations"], pa.int64())}
    grouped = pa.table(columns).group_by(list(GROUP_KEYS)).aggregate(
        [("open", "count"), ("open", "sum")])
    return pa.Table.from_arrays(
        [grouped[k] for k in GROUP_KEYS] + [grouped["open_count"], grouped["open_sum"]],
        schema=GROUPS_SCHEMA)


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


def indexed(results_dir: Path, part: Partition, home: Path | None = None) -> bool:
    """Whether the partition's counts (and its list, written before them) in `home`
    (default: beside the results) were written for its results as they are (`signature`,
    kept in the counts' metadata), in the index's current layout (`LAYOUT_VERSION`)."""
    marker = groups_path(home or results_dir, part)
    if not marker.is_file():
        return False
    written = pq.read_schema(marker).metadata or {}
    return written.get(SIGNATURE) == signature(results_dir, part) and written.get(LAYOUT) == LAYOUT_VERSION


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
