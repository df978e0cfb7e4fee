"""The national results read for the screens (selectors): counts per province and body,
and the case lists behind them, from what `congminh national evaluate` writes beside its
results (`congminh.core.exchange.index`, docs/exchange.md) — never the database's cases,
and never a scan of every province's results per request.

A results directory is read once per version (its results files' names, sizes and
modification times, `version`): partitions not indexed yet are indexed
(`index.refresh_index`; beside the results, or, when the server may not write there, in
`spare_dir` under the data directory), then the counts written beside each partition
(`totals.read_groups`) are summed per (province, body, kind, procedure, status,
prolonged), a few thousand rows for the nation, kept in the process, so a dashboard
request sums a short list. A list's page reads only the list files of its provinces (and
in them the row groups of its statuses and body): the sort keys first, then the row
groups of the page's rows (`index.page`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import os
import time
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, NamedTuple

import pyarrow.compute as pc
import pyarrow.dataset as ds
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from congminh.core import statuses
from congminh.core.exchange import index
from congminh.core.exchange.totals import read_groups

logger = logging.getLogger(__name__)
# Statuses of a case no longer being resolved (or whose clocks could not be computed).
_NOT_OPEN = frozenset({statuses.CLOSED, statuses.ERROR})

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
        """The same test as a filter of the list files (`index.open_lists`): sorted by
        status, only the row groups of the statuses counted are read."""
        where: Any = ds.scalar(True)
        if self.statuses is not None:
            where = where & ds.field("status").isin(sorted(self.statuses))
        if self.open_only:
            where = where & ~ds.field("status").isin(sorted(_NOT_OPEN))
        if self.prolonged:
            where = where & ds.field("prolonged")
        return where


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
    lists: tuple[Path, ...] = ()  # each partition's list file (`index.list_files`)

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
    for folder, dirs, files in os.walk(root):
        if folder == str(root):  # what the screens write beside the results follows from them
            dirs[:] = [d for d in dirs if d not in index.DERIVED]
        for name in files:
            if name.endswith((".parquet", ".json")):
                st = os.stat(os.path.join(folder, name))
                found.append((os.path.relpath(os.path.join(folder, name), root), st.st_size, st.st_mtime_ns))
    current = tuple(sorted(found))
    _listed[str(root)] = (now, current)
    return current


def has_results(root: Path) -> bool:
    return (root / "cases").is_dir() and any((root / "cases").rglob("*.parquet"))


def spare_dir(root: Path) -> Path:
    """Where the index of a results directory the server cannot write is kept
    (`index.refresh_index`): under the data directory, one directory per results directory."""
    digest = hashlib.sha256(str(root.resolve()).encode()).hexdigest()[:16]
    return Path(settings.DATA_DIR) / "national-index" / digest


@lru_cache(maxsize=4)
def _summary(root: str, _version: Version) -> Summary:
    results_dir = Path(root)
    spare = spare_dir(results_dir)
    try:
        index.refresh_index(results_dir, spare)
    except OSError:  # counted all the same (`read_groups`); the lists lack those partitions
        logger.exception("Could not index the national results in %s, neither beside them nor in %s: "
                         "run `congminh national evaluate` again with write access to it", root, spare)
    groups = read_groups(results_dir, spare)
    keys = ["province", "holder", "holder_kind", "procedure", "status", "prolonged"]
    counted = groups.group_by(keys).aggregate([("cases", "sum")])
    days: list[dt.date] = pc.unique(groups["as_of"]).to_pylist()  # type: ignore[assignment]
    found = tuple(sorted(Group(row["province"], row["holder"], row["holder_kind"], row["procedure"],
                               row["status"], row["prolonged"], row["cases_sum"])
                         for row in counted.to_pylist()))
    return Summary(found, tuple(sorted(days)), tuple(index.list_files(results_dir, spare)))


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


SORTS = {"case": ["case_id"], "procedure": ["procedure", "case_id"], "holder": ["holder", "case_id"],
         "status": ["status_rank", "case_id"], "due": ["due", "case_id"],
         "days_over": ["days_over", "case_id"]}


@dataclass(frozen=True)
class CaseFilter:
    """The cases of `provinces` (of one body, one procedure when given; of bodies whose kind
    is in `kinds`, None: all) counted by `measure`."""

    provinces: tuple[str, ...]
    holder: str = ""
    procedure: str = ""
    measure: Measure = ALL
    kinds: frozenset[str] | None = None

    def keeps(self, g: Group) -> bool:
        return (g.province in self.provinces and (not self.holder or g.holder == self.holder)
                and (not self.procedure or g.procedure == self.procedure)
                and (self.kinds is None or g.kind in self.kinds)
                and self.measure.counts(g.status, g.prolonged))

    def where(self) -> Any:
        where: Any = ds.field("province").isin(list(self.provinces)) & self.measure.where()
        if self.holder:
            where = where & (ds.field("holder") == self.holder)
        if self.procedure:
            where = where & (ds.field("procedure") == self.procedure)
        if self.kinds is not None:
            where = where & ds.field("holder_kind").isin(sorted(self.kinds))
        return where


def case_list(root: Path, *, provinces: Sequence[str], holder: str = "", procedure: str = "",
              measure: Measure = ALL, kinds: frozenset[str] | None = None,
              sort: str = "-days_over") -> Rows:
    """The cases of the filter (`CaseFilter`) sorted by a key of `SORTS` ("-key":
    descending; empty values last), as the rows a paginator slices."""
    chosen = CaseFilter(tuple(provinces), holder, procedure, measure, kinds)
    order: Any = "descending" if sort.startswith("-") else "ascending"
    fields = SORTS.get(sort.lstrip("-"), SORTS["days_over"])
    return Rows(root, chosen, [(f, order) for f in fields])


class Rows(Sequence[dict[str, Any]]):
    """A sorted list as the rows Django's paginator slices: its length from the counts
    (`summary`), a slice read by `index.page` (only that page's rows become Python
    objects)."""

    def __init__(self, root: Path, chosen: CaseFilter, order: index.Order) -> None:
        self.root, self.chosen, self.order = root, chosen, order
        self.length = sum(g.cases for g in summary(root).groups if chosen.keeps(g))

    def __len__(self) -> int:
        return self.length

    def __getitem__(self, item: Any) -> Any:
        if isinstance(item, slice):
            start, stop, _step = item.indices(len(self))
            return self.page(start, max(0, stop - start))
        return self.page(item, 1)[0]

    def page(self, offset: int, limit: int) -> list[dict[str, Any]]:
        if limit <= 0:
            return []
        lists = summary(self.root).lists
        if not lists:
            return []
        rows: list[dict[str, Any]] = index.page(lists, self.chosen.where(), self.order, offset, limit).to_pylist()
        return rows
