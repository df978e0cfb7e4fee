"""Synthetic lawful case histories as bulk-path columns, generated vectorised (NumPy).

    generate(n, seed) -> CaseColumns

N cases (40% criminal, 30% civil, 10% administrative, 20% enforcement) with histories
the law accepts: criminal investigation -> prosecution -> trial preparation -> hearing ->
judgment, appeal, protest; civil and administrative preparation -> hearing with
suspensions; enforcement decision -> verification -> reverification with postponements.
Each case stops at a random depth, so the statuses vary. No event names a person or a
ref (those are per-case clocks): every case stays on the vectorised path.

Deterministic for a seed. Used by `bench/law_sweep.py` and by the national demo
(`nation.py`), which writes these histories as exchange Parquet.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from congminh.core.law.bulk.columns import CASE_KIND_CODES, EPOCH, EVENT_INDEX, CaseColumns

Ints = npt.NDArray[np.int64]
MONTHS, DAYS = 1, 2  # ev_unit codes (`columns.UNIT_CODES`)



def day_no(d: date) -> int:
    return (d - EPOCH).days


# -- generation: lawful histories as columns --

@dataclass
class _Plan:
    """Up to `width` planned events per case; `use` says which happen."""

    n: int
    width: int

    def __post_init__(self) -> None:
        shape = (self.n, self.width)
        self.use = np.zeros(shape, dtype=np.bool_)
        self.type = np.zeros(shape, dtype=np.int16)
        self.day = np.zeros(shape, dtype=np.int32)
        self.len = np.zeros(shape, dtype=np.int16)
        self.unit = np.zeros(shape, dtype=np.int8)
        self.by = np.zeros(shape, dtype=np.int8)
        self.able = np.zeros(shape, dtype=np.int8)

    def put(self, j: int, name: str, day: Ints, use: npt.NDArray[np.bool_]) -> None:
        self.type[:, j] = EVENT_INDEX[name]
        self.day[:, j] = day
        self.use[:, j] = use


def _pick(rng: np.random.Generator, table: list[int], index: Ints) -> Ints:
    return np.array(table, dtype=np.int64)[index]


def _criminal(rng: np.random.Generator, n: int, start: Ints, cat: Ints) -> _Plan:
    p = _Plan(n, 13)
    depth = rng.integers(1, 14, n)  # how far the case has got
    day = start.copy()
    p.put(0, "case_instituted", day, depth >= 1)
    # Investigation extension, first tier: at most 2/3/4/4 months (Đ.172 k2).
    day = day + rng.integers(40, 100, n)
    p.put(1, "investigation_extended", day, (depth >= 2) & (rng.random(n) < 0.5))
    p.len[:, 1] = 1 + rng.integers(0, 10, n) % _pick(rng, [0, 2, 3, 4, 4], cat)
    p.unit[:, 1] = MONTHS
    day = day + rng.integers(5, 120, n)
    p.put(2, "investigation_concluded", day, depth >= 3)
    day = day + rng.integers(5, 25, n)
    p.put(3, "prosecution_extended", day, (depth >= 4) & (rng.random(n) < 0.3))
    p.len[:, 3] = 1 + rng.integers(0, 30, n) % _pick(rng, [0, 10, 10, 15, 30], cat)
    p.unit[:, 3] = DAYS
    day = day + rng.integers(1, 15, n)
    p.put(4, "indicted", day, depth >= 5)
    day = day + rng.integers(1, 20, n)
    p.put(5, "accepted", day, depth >= 6)
    day = day + rng.integers(10, 40, n)
    p.put(6, "preparation_extended", day, (depth >= 7) & (rng.random(n) < 0.3))
    p.len[:, 6] = 1 + rng.integers(0, 30, n) % _pick(rng, [0, 15, 15, 30, 30], cat)
    p.unit[:, 6] = DAYS
    day = day + rng.integers(1, 30, n)
    p.put(7, "brought_to_trial", day, depth >= 8)
    day = day + rng.integers(1, 14, n)
    p.put(8, "hearing_extended", day, depth >= 9)
    p.len[:, 8] = rng.integers(1, 16, n)
    p.unit[:, 8] = DAYS
    _judged(rng, p, 9, depth - 9, day + rng.integers(1, 20, n))
    return p


def _judged(rng: np.random.Generator, p: _Plan, j: int, depth: Ints, day: Ints) -> None:
    """First-instance judgment and what follows (4 columns from `j`): issuance, an appeal
    (timely or late), a protest, closure once the judgment took effect."""
    n = p.n
    # Dates never decrease along a case (the columns' order is the engine's order).
    p.put(j, "judgment_pronounced", day, depth >= 1)
    issued = day + rng.integers(1, 12, n)
    p.put(j + 1, "judgment_issued", issued, depth >= 2)
    appeal = issued + rng.integers(0, 12, n)
    p.put(j + 2, "appeal_lodged", appeal, (depth >= 3) & (rng.random(n) < 0.4))
    p.put(j + 3, "protest_lodged", appeal + rng.integers(0, 20, n), (depth >= 4) & (rng.random(n) < 0.3))


def _court(rng: np.random.Generator, n: int, start: Ints, kind: Ints, admin: bool) -> _Plan:
    p = _Plan(n, 11)
    depth = rng.integers(1, 11, n)
    day = start.copy()
    p.put(0, "accepted", day, depth >= 1)
    day = day + rng.integers(30, 100, n)
    short = (kind == CASE_KIND_CODES.index("business_labour")) | (kind == CASE_KIND_CODES.index("short"))
    p.put(1, "preparation_extended", day, (depth >= 2) & (rng.random(n) < 0.4))
    p.len[:, 1] = np.where(short, 1, 1 + rng.integers(0, 2, n))
    p.unit[:, 1] = MONTHS
    day = day + rng.integers(1, 30, n)
    suspend = (depth >= 3) & (rng.random(n) < 0.3)
    p.put(2, "suspended", day, suspend)
    day = day + rng.integers(5, 90, n)
    p.put(3, "resumed", day, suspend & (depth >= 4))
    day = day + rng.integers(1, 60, n)
    p.put(4, "brought_to_trial", day, depth >= 5)
    day = day + rng.integers(1, 10, n)
    p.put(5, "hearing_extended", day, depth >= 6)
    p.len[:, 5] = rng.integers(1, 11, n) if admin else 1
    p.unit[:, 5] = DAYS if admin else MONTHS
    day = day + rng.integers(1, 40, n)
    judged = rng.random(n) < 0.7
    p.put(6, "closed", day, (depth >= 7) & ~judged)
    _judged(rng, p, 7, np.where(judged, depth - 6, 0), day)
    return p


def _enforcement(rng: np.random.Generator, n: int, start: Ints) -> _Plan:
    p = _Plan(n, 6)
    depth = rng.integers(1, 7, n)
    day = start.copy()
    p.put(0, "enforcement_decision_received", day, depth >= 1)
    day = day + rng.integers(15, 40, n)
    unable = rng.random(n) < 0.6
    p.put(1, "conditions_verified", day, depth >= 2)
    p.able[:, 1] = np.where(unable, 2, 1)
    day = day + rng.integers(10, 60, n)
    postpone = unable & (depth >= 3) & (rng.random(n) < 0.4)
    p.put(2, "postponed", day, postpone)
    day = day + rng.integers(10, 90, n)
    p.put(3, "resumed", day, postpone & (depth >= 4))
    day = day + rng.integers(60, 200, n)
    p.put(4, "conditions_verified", day, unable & (depth >= 5))
    p.able[:, 4] = 2
    day = day + rng.integers(1, 60, n)
    p.put(5, "closed", day, depth >= 6)
    return p


def generate(n: int, seed: int = 20261126) -> CaseColumns:
    """N lawful histories as columns (no person/ref events: the common case-level clocks)."""
    rng = np.random.default_rng(seed)
    procedure = rng.choice(4, n, p=[0.4, 0.3, 0.1, 0.2]).astype(np.int64)
    category = np.where(procedure == 0, rng.integers(1, 5, n), 0)
    kind = np.zeros(n, dtype=np.int64)
    kind[procedure == 1] = rng.integers(1, 3, int((procedure == 1).sum()))
    kind[procedure == 2] = rng.integers(3, 5, int((procedure == 2).sum()))
    security = (procedure == 0) & (rng.random(n) < 0.03)
    start = rng.integers(day_no(date(2024, 1, 1)), day_no(date(2026, 11, 1)), n)
    # Enforcement rules in force until 30/06/2026 (Luật THADS 2008): decisions before that.
    enf = procedure == 3
    start[enf] = rng.integers(day_no(date(2024, 1, 1)), day_no(date(2026, 5, 15)), int(enf.sum()))
    plans: list[tuple[Ints, _Plan]] = []
    for code in range(4):
        rows = np.flatnonzero(procedure == code)
        m = len(rows)
        if code == 0:
            plan = _criminal(rng, m, start[rows], category[rows])
        elif code in (1, 2):
            plan = _court(rng, m, start[rows], kind[rows], admin=code == 2)
        else:
            plan = _enforcement(rng, m, start[rows])
        plans.append((rows, plan))
    return _flatten(n, plans, procedure, category, security, kind)


def _flatten(n: int, plans: list[tuple[Ints, _Plan]], procedure: Ints, category: Ints,
             security: npt.NDArray[np.bool_], kind: Ints) -> CaseColumns:
    counts = np.zeros(n, dtype=np.int64)
    for rows, plan in plans:
        counts[rows] = plan.use.sum(axis=1)
    offsets = np.zeros(n + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    total = int(offsets[-1])
    cols: dict[str, npt.NDArray[Any]] = {name: np.zeros(total, dtype=dtype) for name, dtype in (
        ("type", np.int16), ("day", np.int32), ("len", np.int16), ("unit", np.int8),
        ("by", np.int8), ("able", np.int8))}
    for rows, plan in plans:
        # Row-major order of the plan keeps each case's events together and in date order.
        case_of = np.repeat(rows, plan.use.sum(axis=1))
        rank = np.arange(len(case_of)) - np.repeat(np.cumsum(plan.use.sum(axis=1))
                                                   - plan.use.sum(axis=1), plan.use.sum(axis=1))
        target = offsets[case_of] + rank
        for name in cols:
            cols[name][target] = getattr(plan, name)[plan.use]
    same_case = np.diff(np.repeat(np.arange(n), counts)) == 0
    if ((np.diff(cols["day"]) < 0) & same_case).any():
        raise AssertionError("generated events out of date order")
    zeros8 = np.zeros(total, dtype=np.int8)
    return CaseColumns(
        procedure=procedure.astype(np.int8), category=category.astype(np.int8),
        national_security=security, case_kind=kind.astype(np.int8), ev_offsets=offsets,
        ev_type=cols["type"], ev_day=cols["day"], ev_len=cols["len"], ev_unit=cols["unit"],
        ev_by=cols["by"], ev_court=zeros8, ev_able=cols["able"], ev_at=zeros8.copy(),
        ev_ground=np.zeros(total, dtype=np.int16), ids=None)
