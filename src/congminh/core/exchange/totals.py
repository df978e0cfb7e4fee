"""National totals from the results of `national evaluate` (docs/exchange.md).

    partition_totals(results_dir, partition) -> Totals   # one Dask task per partition
    Totals.merge(other) -> Totals                        # the sum of two

A partition's cases are counted with Arrow (group by body kind, procedure and status:
cases, the quarterly review's backlogged and prolonged ones, their open clocks) and its
open obligations by the kind of body that owes them and their status. The totals are
small (provinces x kinds x procedures x statuses), so the Dask tasks return them and the
caller adds them up (`congminh.apps.exchange.report` writes the workbook).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from .national import Partition

# (province, holder kind, procedure, status) -> cases, backlogged, prolonged, open clocks
CaseKey = tuple[str, str, str, str]
MEASURES = ("cases", "backlog", "prolonged", "open_obligations")
# (province, obligation holder, obligation status) -> open obligations
ObligationKey = tuple[str, str, str]


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


def _has_flag(flags: Any, name: str, n: int) -> Any:
    """Per row, whether its `flags` list holds `name` (Any: the stubs know no list kernels)."""
    out = np.zeros(n, dtype=np.bool_)
    rows = pc.filter(pc.list_parent_indices(flags), pc.equal(pc.list_flatten(flags), pa.scalar(name)))
    out[rows.to_numpy()] = True
    return pa.array(out)


def _files(results_dir: Path, table: str, part: Partition) -> list[Path]:
    return sorted((results_dir / table / part.path).glob("*.parquet"))


def partition_totals(results_dir: Path, part: Partition) -> Totals:
    """One Dask task: the totals of one result partition (province, year)."""
    totals = Totals()
    for path in _files(results_dir, "cases", part):
        t = pq.read_table(path, columns=["holder_kind", "procedure", "status", "flags",
                                         "open_obligations", "as_of"])
        n = t.num_rows
        totals.as_of |= set(pc.unique(t["as_of"]).to_pylist())
        flags: Any = t["flags"].combine_chunks()
        kinds: Any = t["holder_kind"]
        columns: dict[str, Any] = {
            "kind": pc.fill_null(kinds, ""), "procedure": t["procedure"],
            "status": t["status"], "open": t["open_obligations"],
            "backlog": _has_flag(flags, "backlog", n), "prolonged": _has_flag(flags, "prolonged", n)}
        t = pa.table(columns).group_by(["kind", "procedure", "status"]).aggregate(
            [("open", "count"), ("backlog", "sum"), ("prolonged", "sum"), ("open", "sum")])
        for row in t.to_pylist():
            key = (part.province, row["kind"], row["procedure"], row["status"])
            totals.cases.setdefault(key, Counter()).update({
                "cases": row["open_count"], "backlog": row["backlog_sum"],
                "prolonged": row["prolonged_sum"], "open_obligations": row["open_sum"]})
    for path in _files(results_dir, "obligations", part):
        o = pq.read_table(path, columns=["holder", "status"])
        for row in o.group_by(["holder", "status"]).aggregate([("status", "count")]).to_pylist():
            totals.obligations[part.province, row["holder"], row["status"]] += row["status_count"]
    return totals
