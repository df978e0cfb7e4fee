"""The compiled rules and calendar as dense tables the event loop indexes (read-only).

`slot_tables` lays each rule id's versions, limit rows and extension tiers out as arrays
indexed by [version, limit row(, tier)]; `Compiled` puts every slot's tables end to end
for the merged openings, and `compiled(engine)` builds (and caches) the whole set for an
engine's rules and calendar.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import numpy.typing as npt

from ..evaluate import Engine
from ..judgment import PROTEST_HOLDER, WINDOW_KINDS
from .dates import UNITS, Days, DayTables, Ints
from .rules import CompiledRules

Bools = npt.NDArray[np.bool_]

WINDOW_KIND_CODES = ("", *WINDOW_KINDS)  # 0: not an appeal or protest window
HOLDER_CODES = ("", *PROTEST_HOLDER.values())  # protest windows by `level`


@dataclass
class SlotTables:
    """Dense per-slot tables indexed by [version, limit row(, tier)], so that the event
    loop computes ends, caps, leads and due dates for every row of a slot at once instead
    of looping over the distinct (version, limit, tier) combinations present."""

    base_len: npt.NDArray[np.int32]  # [v, lim]
    base_code: npt.NDArray[np.int8]  # `dates.UNITS` index * 2 + first_day_counted
    base_codes: tuple[int, ...]
    custody: npt.NDArray[np.bool_]  # [v, lim]: a months extension means 30-day months
    tiers: npt.NDArray[np.int8]  # [v, lim]: number of extension tiers
    tier_len: npt.NDArray[np.int32]  # [v, lim, p] (p clipped to the last tier)
    tier_code: npt.NDArray[np.int8]
    tier_codes: tuple[int, ...]
    # [v, lim, p]: the tier restates the whole limit (`ExtensionTier.total_from_start`):
    # `tier_len`/`tier_code` are then that total, counted from the start like the limit
    # (`first_day_counted` in the code), not `max` added to the end (`clocks.tier_cap`).
    tier_whole: npt.NDArray[np.bool_]
    lead: npt.NDArray[np.int32]  # [v, lim, p]: request lead days, -1 none or no tier p
    roll: npt.NDArray[np.bool_]  # [v, lim]: `Limit.roll` (the counting policy of the row)
    window: npt.NDArray[np.bool_]  # [v]
    restart: npt.NDArray[np.bool_]  # [v]: resumption closes and restarts the clock
    window_kind: npt.NDArray[np.int8]  # [v]: WINDOW_KIND_CODES
    holder: npt.NDArray[np.int8]  # [v]: HOLDER_CODES
    const_act: npt.NDArray[np.int8]  # [t]: the action of every version, -1 if they differ
    judgment_ok: bool  # a window whose due date is fixed when it opens (`Chunk._open`)

    @property
    def all_roll(self) -> bool:
        return bool(self.roll.all())

    @property
    def any_roll(self) -> bool:
        return bool(self.roll.any())

    def roll_due(self, days: DayTables, ver: Any, lim: Any, legal: Days) -> Days:
        """Legal ends to due dates: rolled to a working day for the limit rows that roll."""
        if self.all_roll:
            return days.roll(legal)
        if not self.any_roll:
            return legal
        return np.where(self.roll[ver, lim], days.roll(legal), legal)

    def tier_cap(self, days: DayTables, ver: Any, lim: Any, p: Any, start: Days,
                 end: Days) -> Days:
        """`clocks.tier_cap` of tier `p`: from the start for a tier restating the whole
        limit, else from the end reached so far."""
        whole = self.tier_whole[ver, lim, p]
        frm = np.where(whole, start, end) if self.tier_whole.any() else end
        out: Days = days.add_coded(frm, self.tier_len[ver, lim, p], self.tier_code[ver, lim, p],
                                   self.tier_codes)
        return out

    def due_dates(self, days: DayTables, ver: Any, lim: Any, nex: Any, start: Days, end: Days,
                  paused: Days) -> tuple[Days, Days]:
        """(due, max_due) of clocks of this slot: `max_due` as if every unused tier were
        granted in full (`clocks.DueDates.max_due`)."""
        due = self.roll_due(days, ver, lim, end + paused)
        max_end = end
        tiers = self.tiers[ver, lim]
        for p in range(int(tiers.max(initial=0))):
            more = (nex <= p) & (p < tiers)
            if more.any():
                grown = self.tier_cap(days, ver, lim, p, start, max_end)
                max_end = np.where(more, grown, max_end)
        return due, self.roll_due(days, ver, lim, max_end + paused)


_UNIT_INDEX = {unit: i for i, unit in enumerate(UNITS)}


def slot_tables(compiled: CompiledRules, s: int) -> SlotTables:
    versions = compiled.versions[s]
    n_v = len(versions)
    n_l = max(len(r.limits) for r in versions)
    n_p = max(1, max(len(lim.extensions) for r in versions for lim in r.limits))
    base_len = np.zeros((n_v, n_l), dtype=np.int32)
    base_code = np.zeros((n_v, n_l), dtype=np.int8)
    custody = np.zeros((n_v, n_l), dtype=np.bool_)
    tiers = np.zeros((n_v, n_l), dtype=np.int8)
    tier_len = np.zeros((n_v, n_l, n_p), dtype=np.int32)
    tier_code = np.zeros((n_v, n_l, n_p), dtype=np.int8)
    tier_whole = np.zeros((n_v, n_l, n_p), dtype=np.bool_)
    lead = np.full((n_v, n_l, n_p), -1, dtype=np.int32)
    roll = np.zeros((n_v, n_l), dtype=np.bool_)
    tier_found = [2 * _UNIT_INDEX[t.max.unit] for r in versions for lim in r.limits
                  for t in lim.extensions]
    # Padding (missing rows and tiers) repeats a real code so it adds no unit to mask.
    pad_base = 2 * _UNIT_INDEX[versions[0].limits[0].duration.unit] + versions[0].first_day_counted
    base_code[:] = pad_base
    tier_code[:] = tier_found[0] if tier_found else 0
    for v, rule in enumerate(versions):
        roll[v, :] = rule.limits[0].roll  # padding repeats a real value (`all_roll`)
        for li, lim in enumerate(rule.limits):
            roll[v, li] = lim.roll
            base_len[v, li] = lim.duration.length
            base_code[v, li] = 2 * _UNIT_INDEX[lim.duration.unit] + rule.first_day_counted
            custody[v, li] = lim.duration.unit == "custody_months"
            tiers[v, li] = len(lim.extensions)
            for p in range(n_p):
                tier = lim.extensions[min(p, len(lim.extensions) - 1)] if lim.extensions else None
                if tier is None:
                    continue
                whole = tier.total_from_start
                tier_len[v, li, p] = whole.length if whole else tier.max.length
                tier_code[v, li, p] = (2 * _UNIT_INDEX[whole.unit] + rule.first_day_counted
                                       if whole else 2 * _UNIT_INDEX[tier.max.unit])
                tier_whole[v, li, p] = whole is not None
                if p < len(lim.extensions) and tier.request_lead_days is not None:
                    lead[v, li, p] = tier.request_lead_days
    actions = compiled.actions[s]
    const_act = np.where((actions == actions[0]).all(axis=0), actions[0], -1).astype(np.int8)
    kinds = [r.kind if r.kind in WINDOW_KIND_CODES else "" for r in versions]
    # Per-person windows (absent persons) start on `judgment_delivered`, which names a
    # person: such cases never reach the arrays, so only case-level windows matter here.
    judgment_ok = all(not r.extend_event and r.suspension_effect == "none" and not r.reclassify
                      for r in versions if r.kind in WINDOW_KIND_CODES[1:] and r.per == "case")
    return SlotTables(
        base_len, base_code, tuple(sorted(set(base_code.ravel().tolist()))), custody, tiers,
        tier_len, tier_code, tuple(sorted(set(tier_code.ravel().tolist()))), tier_whole, lead,
        roll,
        np.array([r.window for r in versions], dtype=np.bool_),
        np.array([r.suspension_effect.startswith("restart") for r in versions], dtype=np.bool_),
        np.array([WINDOW_KIND_CODES.index(k) for k in kinds], dtype=np.int8),
        np.array([HOLDER_CODES.index(r.holder) if r.holder in HOLDER_CODES else 0
                  for r in versions], dtype=np.int8),
        const_act, judgment_ok)


@dataclass
class Compiled:
    rules: CompiledRules
    days: DayTables
    safe: int  # largest legal end whose dates (with all tiers and the roll) stay in range
    tables: list[SlotTables]
    judgment_ok: bool  # every appeal/protest window's due date is fixed when it opens
    # The slots' [version, limit] and [version] tables end to end, for merged openings:
    # row `lim_off[s] + ver * n_lim[s] + lim`, version `ver_off[s] + ver`.
    lim_off: Ints = field(init=False)
    n_lim: Ints = field(init=False)
    base_len: Days = field(init=False)
    base_code: npt.NDArray[np.int8] = field(init=False)
    base_codes: tuple[int, ...] = field(init=False)
    ver_off: Ints = field(init=False)
    window_kind: npt.NDArray[np.int8] = field(init=False)
    holder: npt.NDArray[np.int8] = field(init=False)
    any_window: bool = field(init=False)
    lin: Days = field(init=False)  # base end - start, for the linear units
    nonlinear: Bools = field(init=False)  # months, working days: `add_coded`
    nonlinear_codes: tuple[int, ...] = field(init=False)
    era_days: npt.NDArray[np.int32] = field(init=False)  # day number -> rule era

    def __post_init__(self) -> None:
        tabs = self.tables
        self.era_days = self.rules.era_of(np.arange(self.days.size, dtype=np.int64)).astype(np.int32)
        sizes = [t.base_len.size for t in tabs]
        self.lim_off = np.concatenate([[0], np.cumsum(sizes)[:-1]]).astype(np.int64)
        self.n_lim = np.array([t.base_len.shape[1] for t in tabs], dtype=np.int64)
        self.base_len = np.concatenate([t.base_len.ravel() for t in tabs]).astype(np.int32)
        self.base_code = np.concatenate([t.base_code.ravel() for t in tabs]).astype(np.int8)
        self.base_codes = tuple(sorted(set(self.base_code.tolist())))
        n_ver = [len(t.window_kind) for t in tabs]
        self.ver_off = np.concatenate([[0], np.cumsum(n_ver)[:-1]]).astype(np.int64)
        self.window_kind = np.concatenate([t.window_kind for t in tabs]).astype(np.int8)
        self.holder = np.concatenate([t.holder for t in tabs]).astype(np.int8)
        self.any_window = bool(self.window_kind.any())
        # `add_length` of days, custody months and hours is start + a constant.
        unit, counted = np.divmod(self.base_code.astype(np.int64), 2)
        length = self.base_len.astype(np.int64)
        days = np.select([unit == UNITS.index("days"), unit == UNITS.index("custody_months"),
                          unit == UNITS.index("hours")], [length, 30 * length, -(-length // 24)], 0)
        self.lin = (days - ((counted == 1) & (length > 0))).astype(np.int32)
        self.nonlinear = np.isin(unit, [UNITS.index("months"), UNITS.index("working_days")])
        self.nonlinear_codes = tuple(sorted(set(self.base_code[self.nonlinear].tolist())))
        _check_fits(self)


def _check_fits(comp: Compiled) -> None:
    """The state and result arrays use small dtypes (the event loop is bound by memory
    traffic): refuse a rule set that outgrows them rather than wrap around."""
    rules = comp.rules
    limits = {
        "rule ids (int16 slots)": (len(rules.slot_ids), np.iinfo(np.int16).max),
        "versions of a rule (int8)": (max(len(v) for v in rules.versions), np.iinfo(np.int8).max),
        "limit rows of a rule (int8)": (int(comp.n_lim.max()), np.iinfo(np.int8).max),
        "extension tiers (int8)": (max(int(t.tiers.max(initial=0)) for t in comp.tables) + 1,
                                   np.iinfo(np.int8).max),
        "start table keys (int32)": (int(rules.start_key_space), np.iinfo(np.int32).max),
    }
    for what, (size, most) in limits.items():
        if size > most:
            raise ValueError(f"the bulk path holds at most {most} {what}, the rules need {size}")


_CACHE: dict[tuple[int, int], Compiled] = {}


def compiled(engine: Engine) -> Compiled:
    """The tables of the engine's rules and calendar (one engine cached at a time)."""
    key = (id(engine.rules), id(engine.calendar))
    found = _CACHE.get(key)
    if found is None:
        rules = CompiledRules(engine.rules)
        days = DayTables(engine.calendar)
        tables = [slot_tables(rules, s) for s in range(len(rules.slot_ids))]
        # A legal end up to `safe` keeps every date derived from it inside the calendar:
        # room for the longest limit with all its tiers (`max_days`), then for the
        # roll-forward, which moves a day at most as far as the calendar's longest run of
        # days off (the `next_working` table) plus one.
        roll = int((days.next_working - np.arange(days.size)).max()) + 1
        found = Compiled(rules, days, days.size - 1 - rules.max_days - roll, tables,
                         all(t.judgment_ok for t in tables))
        _CACHE.clear()
        _CACHE[key] = found
    return found
