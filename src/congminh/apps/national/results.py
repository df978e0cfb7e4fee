"""The national results read for the screens (selectors): counts per province and body,
and the case lists behind them, with PyArrow over the Parquet that `congminh national
evaluate` writes (`open_results`, docs/exchange.md) — never the database's cases.

A results directory is read once per version (its files' names, sizes and modification
times, `version`): the counts are grouped by (province, body, kind, procedure, status,
prolonged), a few thousand rows for the nation, kept in the process, so a dashboard
request sums a short list. A list reads only its province's partitions (each province's
cases joined with their clocks' earliest due date and days overdue), kept for the few
provinces read last.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.dataset as ds
from django.utils.translation import gettext_lazy as _

from congminh.core import statuses
from congminh.core.exchange.national import open_results

# Statuses of a case no longer being resolved (or whose clocks could not be computed).
_NOT_OPEN = frozenset({statuses.CLOSED, statuses.ERROR})
_CASE_COLUMNS = ["case_id", "procedure", "holder", "holder_kind", "status", "flags", "as_of"]

Version = tuple[tuple[str, int, int], ...]


@dataclass(frozen=True)
class Measure:
    """One figure of the screens: the cases whose status is in `statuses` (None: any),
    open ones only, carrying the `prolonged` flag or not; the filter of its list."""

    key: str
    label: Any
    statuses: frozenset[str] | None = None
    open_only: bool = False
    prolonged: bool = False

    def counts(self, status: str, prolonged: bool) -> bool:
        return ((self.statuses is None or status in self.statuses)
                and not (self.open_only and status in _NOT_OPEN)
                and (prolonged or not self.prolonged))

    def where(self) -> Any:
        """A dataset filter reading only the statuses it counts (the flag is tested after)."""
        where: Any = ds.scalar(True)
        if self.statuses is not None:
            where = where & ds.field("status").isin(sorted(self.statuses))
        if self.open_only:
            where = where & ~ds.field("status").isin(sorted(_NOT_OPEN))
        return where

    def mask(self, table: Any) -> Any:
        """The same test over a table's `status` and `prolonged` columns; None when it
        keeps every row (Any here and below: the stubs of pyarrow.compute know few of the
        kernels' argument types)."""
        tests: list[Any] = []
        if self.statuses is not None:
            tests.append(pc.is_in(table["status"], pa.array(sorted(self.statuses))))
        if self.open_only:
            tests.append(pc.invert(pc.is_in(table["status"], pa.array(sorted(_NOT_OPEN)))))
        if self.prolonged:
            tests.append(table["prolonged"])
        keep: Any = tests[0] if tests else None
        for test in tests[1:]:
            keep = pc.and_(keep, test)
        return keep


ALL = Measure("all", _("All cases"))
OPEN = Measure("open", _("Being resolved (backlog)"), open_only=True)
PROLONGED = Measure("prolonged", statuses.flag_label("prolonged"), open_only=True, prolonged=True)
STATUS_MEASURES = tuple(Measure(s, statuses.label(s), frozenset({s})) for s in statuses.CASE_STATUSES)
MEASURES = {m.key: m for m in (ALL, OPEN, PROLONGED, *STATUS_MEASURES)}
# The quarterly review's four figures (apps/reports/review.py: among the cases open at the end).
REVIEW = (OPEN, MEASURES[statuses.OVERDUE], MEASURES[statuses.SUSPENDED], PROLONGED)


class Group(NamedTuple):
    province: str
    holder: str
    kind: str  # "" when the export did not name the body's kind
    procedure: str
    status: str
    prolonged: bool
    cases: int


@dataclass(frozen=True)
class Summary:
    groups: tuple[Group, ...]
    as_of: tuple[dt.date, ...]  # the days the results were evaluated for (one, normally)

    def statuses(self) -> list[str]:
        """The statuses the results carry, in the vocabulary's order (worst first)."""
        present = {g.status for g in self.groups}
        return [s for s in statuses.CASE_STATUSES if s in present]


# Listing a nation's results takes tens of milliseconds (a few hundred files): a request
# trusts the last listing this long, so a new evaluation shows within seconds.
VERSION_SECONDS = 5.0
_listed: dict[str, tuple[float, Version]] = {}


def version(root: Path) -> Version:
    """What identifies the results' content: each file's path, size and modification time
    (a new `national evaluate` into the directory changes it), listed again at most every
    `VERSION_SECONDS`."""
    now = time.monotonic()
    held = _listed.get(str(root))
    if held is not None and now - held[0] < VERSION_SECONDS:
        return held[1]
    found = []
    for folder, _dirs, files in os.walk(root):
        for name in files:
            if name.endswith((".parquet", ".json")):
                st = os.stat(os.path.join(folder, name))
                found.append((os.path.relpath(os.path.join(folder, name), root), st.st_size, st.st_mtime_ns))
    current = tuple(sorted(found))
    _listed[str(root)] = (now, current)
    return current


def has_results(root: Path) -> bool:
    return (root / "cases").is_dir() and any((root / "cases").rglob("*.parquet"))


def _flagged(flags: Any, name: str) -> Any:
    """Per row, whether its list of flags holds `name`."""
    out = np.zeros(len(flags), dtype=np.bool_)
    hits = pc.filter(pc.list_parent_indices(flags), pc.equal(pc.list_flatten(flags), pa.scalar(name)))
    out[hits.to_numpy()] = True
    return pa.array(out)


def _with_prolonged(table: Any) -> Any:
    flags = table["flags"].combine_chunks()
    return table.drop_columns(["flags"]).append_column("prolonged", _flagged(flags, "prolonged"))


@lru_cache(maxsize=4)
def _summary(root: str, _version: Version) -> Summary:
    counted: Counter[tuple[str, str, str, str, str, bool]] = Counter()
    days: set[Any] = set()
    keys = ["province", "holder", "holder_kind", "procedure", "status", "prolonged"]
    for batch in _dataset(root, _version, "cases").to_batches(columns=[*_CASE_COLUMNS, "province"]):
        table = _with_prolonged(pa.Table.from_batches([batch]))
        days |= set(pc.unique(table["as_of"]).to_pylist())
        kinds: Any = pc.fill_null(table["holder_kind"], "")
        table = table.set_column(table.schema.get_field_index("holder_kind"), "holder_kind", kinds)
        for row in table.group_by(keys).aggregate([("case_id", "count")]).to_pylist():
            key = (row["province"], row["holder"], row["holder_kind"], row["procedure"],
                   row["status"], row["prolonged"])
            counted[key] += row["case_id_count"]
    groups = tuple(sorted(Group(*key, n) for key, n in counted.items()))
    return Summary(groups, tuple(sorted(days)))


def summary(root: Path) -> Summary:
    """The results' counts, computed once per version of the directory."""
    return _summary(str(root), version(root))


def visible(groups: Iterable[Group], kinds: frozenset[str] | None) -> list[Group]:
    """The groups of bodies whose kind is in `kinds` (None: all)."""
    return [g for g in groups if kinds is None or g.kind in kinds]


def tally(groups: Iterable[Group], by: Callable[[Group], Any],
          measures: Sequence[Measure]) -> dict[Any, Counter[str]]:
    """Each measure's count per key `by(group)`."""
    out: dict[Any, Counter[str]] = {}
    for g in groups:
        row = out.setdefault(by(g), Counter())
        for m in measures:
            if m.counts(g.status, g.prolonged):
                row[m.key] += g.cases
    return out


# --- the case lists ------------------------------------------------------------------------


@lru_cache(maxsize=8)
def _dataset(root: str, _version: Version, table: str) -> ds.Dataset:
    """A results table opened once per version (opening lists every file)."""
    return open_results(Path(root), table)


def _read_cases(root: Path, where: Any) -> pa.Table:
    """The cases matching the dataset filter `where`, with their earliest due date (`due`,
    of any open clock) and, when a clock is overdue, the days since the earliest overdue
    one fell due (`days_over`)."""
    keys = ["province", "case_id"]
    current = version(root)
    cases: Any = _with_prolonged(_dataset(str(root), current, "cases").to_table(
        filter=where, columns=[*_CASE_COLUMNS, "province", "year"]))
    # the clocks of the same provinces (`where` may name columns only cases have)
    provinces = pc.unique(cases["province"])
    clocks: Any = _dataset(str(root), current, "obligations").to_table(
        filter=ds.field("province").isin(provinces) & ds.field("due").is_valid(),
        columns=[*keys, "due", "status"])
    due = clocks.group_by(keys).aggregate([("due", "min")]).rename_columns([*keys, "due"])
    late = clocks.filter(pc.equal(clocks["status"], pa.scalar(statuses.OVERDUE)))
    late = late.group_by(keys).aggregate([("due", "min")]).rename_columns([*keys, "late"])
    table: Any = cases.join(due, keys, join_type="left outer").join(late, keys, join_type="left outer")
    days_over: Any = pc.days_between(table["late"], table["as_of"])
    out: pa.Table = table.drop_columns(["late"]).append_column("days_over", days_over)
    return out


@lru_cache(maxsize=8)
def _province_cases(root: str, _version: Version, province: str) -> pa.Table:
    """A province's cases (`_read_cases`), kept for the next page of its lists."""
    return _read_cases(Path(root), ds.field("province") == province)


SORTS = {"case": ["case_id"], "procedure": ["procedure", "case_id"], "holder": ["holder", "case_id"],
         "status": ["status_rank", "case_id"], "due": ["due", "case_id"],
         "days_over": ["days_over", "case_id"]}


def case_list(root: Path, *, provinces: Sequence[str], holder: str = "", procedure: str = "",
              measure: Measure = ALL, kinds: frozenset[str] | None = None,
              sort: str = "-days_over") -> pa.Table:
    """The cases of `provinces` (of one body, one procedure when given) counted by
    `measure`, sorted by a key of `SORTS` ("-key": descending; empty values last)."""
    if len(provinces) == 1:
        table: Any = _province_cases(str(root), version(root), provinces[0])
    else:
        # across provinces, nothing is kept: the scan reads only the measure's statuses
        table = _read_cases(root, ds.field("province").isin(list(provinces)) & measure.where())
    if holder:
        table = table.filter(pc.equal(table["holder"], pa.scalar(holder)))
    if procedure:
        table = table.filter(pc.equal(table["procedure"], pa.scalar(procedure)))
    if kinds is not None:
        table = table.filter(pc.is_in(table["holder_kind"], pa.array(sorted(kinds))))
    keep = measure.mask(table)
    table = table if keep is None else table.filter(keep)
    status: list[Any] = table["status"].to_pylist()
    rank = {s: i for i, s in enumerate(statuses.CASE_STATUSES)}
    table = table.append_column("status_rank", pa.array(
        [rank.get(s, len(rank)) for s in status], pa.int16()))
    order: Any = "descending" if sort.startswith("-") else "ascending"
    fields = SORTS.get(sort.lstrip("-"), SORTS["days_over"])
    out: pa.Table = table.sort_by([(f, order, "at_end") for f in fields])
    return out


class Rows(Sequence[dict[str, Any]]):
    """A sorted Arrow table as the rows Django's paginator slices: only a page's rows become
    Python objects."""

    def __init__(self, table: pa.Table) -> None:
        self.table = table

    def __len__(self) -> int:
        return int(self.table.num_rows)

    def __getitem__(self, index: Any) -> Any:
        if isinstance(index, slice):
            start, stop, _step = index.indices(len(self))
            return self.table.slice(start, max(0, stop - start)).to_pylist()
        return self.table.slice(index, 1).to_pylist()[0]
