"""Vectorised bulk evaluation: the per-case engine's answers over columns of many cases.

    evaluate_columns(columns, as_of, period_end=None) -> ResultColumns
    evaluate_bulk(cases, as_of, period_end=None) -> list[dict]   # == list(evaluate_cases(...))

What is vectorised (NumPy over every case of a chunk at once, iterating over the k-th event
of every case):

- every rule in `rules/*.yaml`, read from the RuleSet (`bulk_rules.CompiledRules`): clock
  starts (with `when`/`unless`, limit selection, rule versions by event date, `from_due_of`
  starts such as THADS-44, occurrence caps such as BLTTHS-174-2's returns), ends,
  extensions (tier count and cap checked), suspensions with `pause`, `restart_full` and
  `restart_rule` (BLTTHS-172 -> 174-1) effects, reclassification (BLTTHS-147 complex);
- the case-level counters (extensions, returns, suspensions, unable verifications and
  `returned_by`) and closure;
- due dates (`bulk_dates`: day/month/custody-month/working-day/hour lengths, first day
  counted or not, extensions, paused days, roll-forward by the calendar's `next_working`
  table, `max_due` through the unused tiers), statuses (`awaiting` with the last stage
  event its reason is read from), windows, and the flags `backlog`, `prolonged` and
  `extension_request_due`.

What falls back to the per-case path (`evaluate_case`), case by case, with identical output:

- cases the columns cannot hold (`bulk_columns`): events naming a `person` (custody) or a
  `ref` (expertise, evidence, complaints), unknown fields or values, anything the parser
  rejects. `suspended_ground_ended` needs answers to a ref, so it never arises on the
  vectorised path;
- cases whose history the law rejects or that leave the model: an event no clock accepts,
  a suspension of a suspended clock, an extension while suspended, over the tier count or
  over the cap, no limit row for the context, an occurrence cap exceeded, two clocks of one
  rule running together, and dates near or outside the calendar (2000-2040).

`ResultColumns.fallback` marks those cases and `bulk_share`/`fallback_count` report them.
"""

from __future__ import annotations

import mmap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from .awaiting import FINAL_EVENTS, SIDE_EVENTS, awaiting_reason
from .bulk_columns import EPOCH, EVENT_CODES, EVENT_INDEX, PROCEDURE_CODES, CaseColumns, from_cases
from .bulk_dates import OUT, UNITS, Days, DayTables, Ints, to_date
from .bulk_pool import map_forked
from .bulk_rules import (
    END,
    EXTEND,
    N_DCTX,
    N_FCODE,
    NOT_STARTED,
    RECLASSIFY,
    RESUME,
    SELECT_ERROR,
    SUSPEND,
    CompiledRules,
    SlotTables,
    StartTable,
    case_context_code,
    field_code,
    slot_tables,
)
from .config import Thresholds
from .evaluate import STATUS_ORDER, Engine, evaluate_case
from .rules import Rule

STATUS_CODES = STATUS_ORDER  # overdue, due_soon, suspended, on_time, awaiting, closed
CLOSED = STATUS_CODES.index("closed")
AWAITING = STATUS_CODES.index("awaiting")
NO_STATUS = len(STATUS_CODES)  # no open clock drives the status: awaiting or closed
# `awaiting.last_stage_event` by event code (no event of the columns names a person or ref).
_STAGE = np.array([name not in SIDE_EVENTS for name in EVENT_CODES], dtype=np.bool_)
_FINAL = np.array([name in FINAL_EVENTS for name in EVENT_CODES], dtype=np.bool_)
FLAG_NAMES = ("backlog", "prolonged", "suspended_ground_ended", "extension_request_due",
              "custody_expiring_before_renewal")  # custody clocks are per person: per-case only
RESTARTED = -1  # end "event" of a clock closed by its own restart (not a done obligation)
CHUNK = 1 << 18  # cases per chunk: bounds the state arrays (and the packed sort key)
Bools = npt.NDArray[np.bool_]


@dataclass
class _Compiled:
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


_CACHE: dict[tuple[int, int], _Compiled] = {}


def _compiled(engine: Engine) -> _Compiled:
    key = (id(engine.rules), id(engine.calendar))
    found = _CACHE.get(key)
    if found is None:
        rules = CompiledRules(engine.rules)
        days = DayTables(engine.calendar)
        tables = [slot_tables(rules, s) for s in range(len(rules.slot_ids))]
        found = _Compiled(rules, days, days.size - 1 - rules.max_days - 20, tables,
                          all(t.judgment_ok for t in tables))
        _CACHE.clear()
        _CACHE[key] = found
    return found


@dataclass
class _Slot:
    """The running clock of one rule id, for every case of a chunk (small dtypes: the
    event loop is bound by memory traffic, not arithmetic). The fields are rows of the
    chunk's `_State` arrays, so that openings of several rules scatter at once."""

    run: Bools
    ver: npt.NDArray[np.int8]
    lim: npt.NDArray[np.int8]
    sev: npt.NDArray[np.int16]  # event type that started it
    start: Days
    end: Days  # base end plus extensions, before paused days
    nex: npt.NDArray[np.int8]
    paused: Days  # days of closed pauses
    pstart: Days  # start of the open pause, -1 if none
    ctx: Days


_SLOT_FIELDS = (("run", np.bool_), ("ver", np.int8), ("lim", np.int8), ("sev", np.int16),
                ("start", np.int32), ("end", np.int32), ("nex", np.int8), ("paused", np.int32),
                ("pstart", np.int32), ("ctx", np.int32))


_PRIVATE = mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS


def _zeros(shape: tuple[int, int], dtype: Any) -> npt.NDArray[Any]:
    """Zeroed memory from an anonymous mapping: pages are faulted in (4 KiB at a time)
    only for the rows written. `np.zeros` asks for transparent huge pages above 4 MiB,
    and zeroing 2 MiB pages for every sparse row costs more than the row itself."""
    size = int(np.prod(shape)) * np.dtype(dtype).itemsize
    out: npt.NDArray[Any] = np.frombuffer(mmap.mmap(-1, max(size, 1), flags=_PRIVATE), dtype=dtype,
                                          count=int(np.prod(shape))).reshape(shape)
    return out


class _State:
    """Every rule's clock state of a chunk as [slot, case] arrays (pages are only touched
    for the rules in use); `flat[name]` indexes them by `slot * stride + case`."""

    def __init__(self, n_slots: int, n: int) -> None:
        self.n = self.stride = n
        self.full: dict[str, npt.NDArray[Any]] = {
            name: _zeros((n_slots, n), dtype) for name, dtype in _SLOT_FIELDS}
        self.arrays = self.full
        self.flat = {name: a.reshape(-1) for name, a in self.full.items()}
        self.used: set[int] = set()

    def reuse(self, n: int) -> _State:
        """The same memory for the next chunk of `n` <= `stride` cases (no fresh pages to
        fault in). Only `run` needs clearing: an opening writes every field of its clock,
        and the other fields are only read where `run` is set (or, for `ver`, as an index
        into the slot's own tables, which a value left by that slot is)."""
        run = self.full["run"]
        for s in self.used:
            run[s] = False
        self.used.clear()
        self.n = n
        self.arrays = {name: a[:, :n] for name, a in self.full.items()}
        return self

    def slot(self, s: int) -> _Slot:
        """The views of slot `s` (first use in the chunk)."""
        a = self.arrays
        self.used.add(s)
        return _Slot(a["run"][s], a["ver"][s], a["lim"][s], a["sev"][s], a["start"][s],
                     a["end"][s], a["nex"][s], a["paused"][s], a["pstart"][s], a["ctx"][s])


_COMPACT = {"case": np.int32, "slot": np.int16, "ver": np.int8, "lim": np.int8,
            "start": np.int32, "due": np.int32, "max_due": np.int32, "status": np.int8,
            "nex": np.int8, "since": np.int32, "done": np.int32, "event": np.int16,
            "type": np.int16, "day": np.int32, "timely": np.bool_}
OPEN_COLUMNS = ("case", "slot", "ver", "lim", "start", "due", "max_due", "status", "nex", "since")
DONE_COLUMNS = ("case", "slot", "ver", "lim", "start", "due", "max_due", "done", "event", "nex")
APPEAL_COLUMNS = ("case", "type", "day", "timely")
JUDGMENT_STATES = ("pending", "appealed", "effective")
_APPEAL_TYPES = tuple(EVENT_INDEX[n] for n in ("appeal_lodged", "protest_lodged"))


@dataclass
class ResultColumns:
    """Per-case status and flags, flat obligation tables, and the per-case fallbacks.

    `open` (OPEN_COLUMNS) and `done` (DONE_COLUMNS) are ordered by case, start, rule id:
    day numbers since 2000-01-01 (-1 for the dates of a suspended clock), `slot`/`ver`/`lim`
    index `compiled.versions[slot][ver].limits[lim]`, `event` indexes EVENT_CODES.
    First-instance judgments (`judgment.py`): `judged` is the day of the latest one (-1:
    none), `judgment_state` indexes JUDGMENT_STATES, `windows_close` is the last window's
    due date (-1: no window), `appeals` (APPEAL_COLUMNS) lists appeals and protests in
    event order. `last_stage` is the type (EVENT_CODES) of each case's last stage event up
    to as_of (-1: none), which an `awaiting` case's reason is read from (`awaiting.py`).
    """

    as_of: date
    status: npt.NDArray[np.int8]  # index into STATUS_CODES; -1 for fallback cases
    flags: npt.NDArray[np.uint8]  # bit i = FLAG_NAMES[i]
    fallback: Bools
    open: dict[str, npt.NDArray[Any]]
    done: dict[str, npt.NDArray[Any]]
    compiled: CompiledRules = field(repr=False)
    fallback_results: dict[int, dict[str, Any]] = field(default_factory=dict)
    judged: Days = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    judgment_state: npt.NDArray[np.int8] = field(default_factory=lambda: np.zeros(0, dtype=np.int8))
    windows_close: Days = field(default_factory=lambda: np.zeros(0, dtype=np.int32))
    appeals: dict[str, npt.NDArray[Any]] = field(default_factory=dict)
    last_stage: npt.NDArray[np.int16] = field(default_factory=lambda: np.zeros(0, dtype=np.int16))

    @property
    def fallback_count(self) -> int:
        return int(self.fallback.sum())

    @property
    def bulk_share(self) -> float:
        return 1.0 - self.fallback_count / max(len(self.status), 1)

    def to_dicts(self, ids: list[Any] | None = None,
                 indices: Iterable[int] | None = None) -> list[dict[str, Any]]:
        """Contract result dicts, same as `evaluate_cases` (ids default to case indexes);
        `indices` renders only those cases."""
        return _Renderer(self, ids).render(indices)


def _cat(parts: list[dict[str, Any]], name: str, dtype: Any) -> Any:
    return np.concatenate([p[name] for p in parts]) if parts else np.zeros(0, dtype=dtype)


_HASH = (np.random.default_rng(20261126).integers(1, 1 << 62, 64, dtype=np.int64) | 1)


def _by_history(offsets: Ints, ev_type: npt.NDArray[Any], procedure: npt.NDArray[Any]) -> Ints:
    """The chunk's cases ordered by a hash of (procedure, event types in order): equal
    histories become neighbours (the order only matters for speed). The hash is folded
    to 15 bits so that NumPy's stable sort of int16 is a radix sort; two histories that
    share a folded hash are merely neighbours."""
    counts = np.diff(offsets)
    k = np.arange(len(ev_type), dtype=np.int64) - np.repeat(offsets[:-1], counts)
    h = (ev_type.astype(np.int64) + 1) * _HASH[k & 63]
    total = np.zeros(len(h) + 1, dtype=np.int64)
    np.cumsum(h, out=total[1:])  # wraps around: fine for a hash
    sig = total[offsets[1:]] - total[offsets[:-1]] + procedure.astype(np.int64)
    folded = ((sig >> 17) % 32749).astype(np.int16)
    out: Ints = np.argsort(folded, kind="stable").astype(np.int64)
    return out


class _Chunk:
    """State of `hi - lo` cases while their events are applied in order."""

    def __init__(self, comp: _Compiled, cols: CaseColumns, lo: int, hi: int, as_of: int,
                 period_end: int | None, state: _State | None = None) -> None:
        self.comp, self.rules, self.days, self.tables = comp, comp.rules, comp.days, comp.tables
        self.n = n = hi - lo
        # Chunk-local event positions: the per-event columns are views of this range.
        e_lo, e_hi = int(cols.ev_offsets[lo]), int(cols.ev_offsets[hi])
        offsets = (cols.ev_offsets[lo:hi + 1] - e_lo).astype(np.int64)
        ev_type = cols.ev_type[e_lo:e_hi]
        # Cases with the same history take the same steps: grouping them (row i of the
        # chunk is case `perm[i]`) makes every step read and write runs of neighbouring
        # rows instead of rows scattered over the whole chunk. Outputs are mapped back.
        self.perm = perm = _by_history(offsets, ev_type, cols.procedure[lo:hi])
        counts = np.diff(offsets)[perm]
        self.offsets = np.zeros(n + 1, dtype=np.int64)
        np.cumsum(counts, out=self.offsets[1:])
        src = np.repeat(offsets[:-1][perm] - self.offsets[:-1], counts)
        src += np.arange(len(src), dtype=np.int64)
        self.ev_type, self.ev_day = ev_type[src], cols.ev_day[e_lo:e_hi][src]
        self.ev_len, self.ev_unit = cols.ev_len[e_lo:e_hi][src], cols.ev_unit[e_lo:e_hi][src]
        self.ev_level = cols.ev_level[e_lo:e_hi][src]
        self.ev_by, self.ev_able = cols.ev_by[e_lo:e_hi][src], cols.ev_able[e_lo:e_hi][src]
        self.fcode = field_code(self.ev_by, cols.ev_court[e_lo:e_hi][src], self.ev_able,
                                cols.ev_at[e_lo:e_hi][src]).astype(np.int32)
        # Start tables' key = ((cctx * n_ekey + ekey) * N_DCTX + dctx): the event's part
        # (rule era, fields) once per event, the case's part pre-multiplied (int32: the key
        # space is a few million). A day outside the calendar takes the nearest day's era:
        # such a case is marked for the per-case path (`run`), whose answer replaces it.
        era = comp.era_days[np.clip(self.ev_day, 0, len(comp.era_days) - 1)]
        self.ekey: npt.NDArray[np.int32] = ((era * N_FCODE + self.fcode) * N_DCTX).astype(np.int32)
        n_ekey = (len(self.rules.era_bounds) + 1) * N_FCODE
        self.unsorted = self._unsorted()
        self.n_eff = self._count_until(as_of)
        self.n_pe = None if period_end is None else self._count_until(min(period_end, as_of))
        self.as_of = as_of
        self.procedure = cols.procedure[lo:hi][perm]
        self.cctx = case_context_code(self.procedure, cols.category[lo:hi][perm],
                                      cols.national_security[lo:hi][perm],
                                      cols.case_kind[lo:hi][perm])
        self.ckey = (self.cctx * (n_ekey * N_DCTX)).astype(np.int32)
        self.state = (state.reuse(n) if state is not None
                      else _State(len(self.rules.slot_ids), n))
        self.slots: dict[int, _Slot] = {}
        self.occ: dict[tuple[int, int], Ints] = {}
        self.fallback = np.zeros(n, dtype=np.bool_)
        self.fallback[self.unsorted] = True
        self.closed = np.zeros(n, dtype=np.bool_)
        self.open_at_pe = np.zeros(n, dtype=np.bool_)
        self.n_ext, self.n_ret, self.n_susp = (np.zeros(n, dtype=np.int16) for _ in range(3))
        # Derived context as one code: (returned_by * 3 + verification) * 3 + appellate
        # (appellate 0 unset, 1 True, 2 False), as the start tables' key wants it.
        self.dctx = np.zeros(n, dtype=np.int16)
        self.judged = np.full(n, -1, dtype=np.int32)  # latest first-instance judgment
        self.last_stage = np.full(n, -1, dtype=np.int16)  # set by `results`
        self.done: dict[int, list[dict[str, Any]]] = {}  # slot -> clocks ended by an act
        self.windows: list[dict[str, Any]] = []  # appeal/protest windows as they open
        self.appeals: list[dict[str, Any]] = []
        self.seq = 0

    def _unsorted(self) -> Ints:
        """Cases whose events are not in date order (columns built by hand): the step loop
        and `_count_until` assume the order, the per-case path sorts them itself."""
        down = np.flatnonzero(np.diff(self.ev_day) < 0) + 1
        case = np.searchsorted(self.offsets, down, side="right") - 1
        return case[down > self.offsets[case]]

    def _count_until(self, day: int) -> Ints:
        # Events are sorted by date within a case, so those up to `day` are a prefix.
        upto = np.zeros(len(self.ev_day) + 1, dtype=np.int64)
        np.cumsum(self.ev_day <= day, out=upto[1:])
        cut = upto[self.offsets]
        return (cut[1:] - cut[:-1]).astype(np.int64)

    def slot(self, s: int) -> _Slot:
        if s not in self.slots:
            self.slots[s] = self.state.slot(s)
        return self.slots[s]

    def _next_seq(self) -> int:
        self.seq += 1
        return self.seq

    # -- the event loop --
    def run(self) -> None:
        """Apply the k-th events of every case in order of k, each step grouped by event
        type (ascending), each group in case order: one radix sort of (k, type) for the
        chunk instead of a split per step."""
        n_eff = self.n_eff
        total = int(n_eff.sum())
        if total:
            starts = self.offsets[:-1]
            case_of = np.repeat(np.arange(self.n, dtype=np.int64), n_eff)
            k_of = np.arange(total, dtype=np.int64) - np.repeat(np.cumsum(n_eff) - n_eff, n_eff)
            pos = starts[case_of] + k_of
            # A day outside the calendar's safe range sends the case per-case.
            bad = (self.ev_day < 0) | (self.ev_day > self.comp.safe - 1)
            if bad.any():
                self.fallback[case_of[bad[pos]]] = True
            n_types = len(EVENT_CODES)
            group = k_of * n_types + self.ev_type[pos]
            small = group.astype(np.int16) if int(group.max()) < 1 << 15 else group
            order = np.argsort(small, kind="stable")
            counts = np.bincount(group, minlength=n_types)
            present = np.flatnonzero(counts)
            ends = np.cumsum(counts[present]).tolist()
            rows_sorted, pos_sorted = case_of[order], pos[order]
            del case_of, k_of, pos, group, small, order
            step = -1
            for g, b in zip(present.tolist(), ends, strict=True):
                k, t = divmod(g, n_types)
                while self.n_pe is not None and step < k:
                    step += 1
                    self._snapshot(np.flatnonzero((self.n_pe == step) & (n_eff > step)))
                a = b - int(counts[g])
                self._event(t, rows_sorted[a:b], pos_sorted[a:b])
        if self.n_pe is not None:
            self._snapshot(np.flatnonzero(self.n_pe == self.n_eff))

    def _snapshot(self, rows: Ints) -> None:
        """`_open_at`: any running clock that is not a window, before the next event."""
        if not rows.size:
            return
        for s, slot in self.slots.items():
            self.open_at_pe[rows] |= slot.run[rows] & ~self.tables[s].window[slot.ver[rows]]

    def _event(self, t: int, rows: Ints, pos: Ints) -> None:
        day = self.ev_day[pos]
        handled = np.zeros(len(rows), dtype=np.bool_)
        extended = []
        for s in self.rules.reactors[t]:
            slot = self.slots.get(s)
            if slot is None:
                continue
            idx = np.flatnonzero(slot.run[rows])
            if not idx.size:
                continue
            act = int(self.tables[s].const_act[t])
            if act >= 0 and s not in self.rules.end_when[t]:
                if act == EXTEND:
                    extended.append((s, idx))
                else:
                    handled[idx] |= self._apply(act, s, t, rows[idx], day[idx])
                continue
            acts = self.rules.actions[s][slot.ver[rows[idx]], t]
            if s in self.rules.end_when[t]:
                acts = self._conditional_ends(s, t, rows[idx], pos[idx], acts)
            for a in np.unique(acts).tolist():
                sub = idx[acts == a]
                if a == EXTEND:
                    extended.append((s, sub))
                else:
                    handled[sub] |= self._apply(a, s, t, rows[sub], day[sub])
        for s, sub in extended:
            self._extend(s, rows[sub], pos[sub])
            handled[sub] = True
        self._derive(t, rows, pos, day)
        if self.rules.starters[t]:
            handled |= self._start(t, rows, pos, day)
        if not self.rules.passive[t]:
            self.fallback[rows[~handled]] = True

    def _conditional_ends(self, s: int, t: int, rows: Ints, pos: Ints,
                          acts: npt.NDArray[np.int8]) -> npt.NDArray[np.int8]:
        combo = ((self.slots[s].ver[rows].astype(np.int64) * N_FCODE + self.fcode[pos]) * 3
                 + self.ev_level[pos])
        ends = np.zeros(len(rows), dtype=np.bool_)
        for key in np.unique(combo).tolist():
            rest, level = divmod(key, 3)
            v, code = divmod(rest, N_FCODE)
            ends[combo == key] = self.rules.ends_on(s, v, t, code, level)
        return np.where(ends, np.int8(END), acts).astype(np.int8)

    def _apply(self, act: int, s: int, t: int, rows: Ints, day: Days) -> Bools | bool:
        slot = self.slots[s]
        if act == END:
            self._close(s, rows, day, t)
        elif act == SUSPEND:
            self.fallback[rows[slot.pstart[rows] >= 0]] = True
            slot.pstart[rows] = day
        elif act == RESUME:
            paused = slot.pstart[rows] >= 0
            self._resume(s, t, rows[paused], day[paused])
            return paused
        elif act == RECLASSIFY:
            self._reclassify(s, t, rows)
        return True

    def _close(self, s: int, rows: Ints, day: Days, why: int) -> None:
        slot = self.slots[s]
        end, paused = slot.end[rows], slot.paused[rows]
        self.fallback[rows[end + paused > self.comp.safe]] = True
        slot.run[rows] = False
        if why == RESTARTED:
            return
        ver = slot.ver[rows]
        if EVENT_CODES[why] == "closed":  # a window closed with the case simply lapses
            keep = ~self.tables[s].window[ver]
            if not keep.all():
                rows, day = rows[keep], day[keep]
                end, paused, ver = end[keep], paused[keep], ver[keep]
        if rows.size:
            # Due dates of done clocks are computed once per slot at the end (`_dates`).
            self.done.setdefault(s, []).append({
                "case": rows, "ver": ver, "lim": slot.lim[rows], "start": slot.start[rows],
                "end": end, "paused": paused, "nex": slot.nex[rows], "done": day,
                "event": np.full(len(rows), why, dtype=np.int16),
                "seq": np.full(len(rows), self._next_seq(), dtype=np.int32)})

    def _extend(self, s: int, rows: Ints, pos: Ints) -> None:
        slot, tab = self.slots[s], self.tables[s]
        self.fallback[rows[slot.pstart[rows] >= 0]] = True
        length = self.ev_len[pos].astype(np.int32)
        current = slot.end[rows]
        ver, lim, nex = slot.ver[rows], slot.lim[rows], slot.nex[rows]
        months = self.ev_unit[pos] == 1
        new = np.where(months, self.days.add_months(current, length), current + length)
        custody = tab.custody[ver, lim]
        if custody.any():  # `clocks.in_limit_units`: custody months are 30 days
            new = np.where(custody & months, current + 30 * length, new)
        p = np.minimum(nex, tab.tier_len.shape[2] - 1)
        cap = self.days.add_coded(current, tab.tier_len[ver, lim, p], tab.tier_code[ver, lim, p],
                                  tab.tier_codes)
        self.fallback[rows[(nex >= tab.tiers[ver, lim]) | (new > cap)]] = True
        slot.end[rows] = np.minimum(new, OUT)
        slot.nex[rows] = nex + 1
        self.n_ext[rows] += 1

    def _resume(self, s: int, t: int, rows: Ints, day: Days) -> None:
        slot = self.slots[s]
        slot.paused[rows] += day - slot.pstart[rows]
        slot.pstart[rows] = -1
        restart = self.tables[s].restart[slot.ver[rows]]
        rows, day = rows[restart], day[restart]
        if not rows.size:
            return
        self._close(s, rows, day, RESTARTED)
        era = self.rules.era_of(day.astype(np.int64))
        combo = (slot.ver[rows].astype(np.int64) * (1 << 20) + slot.ctx[rows]) * 64 + era
        for key in np.unique(combo).tolist():
            sel = combo == key
            rest, e = divmod(key, 64)
            v, ctx = divmod(rest, 1 << 20)
            s2, v2, lim = self.rules.restart(s, v, ctx, e)
            if lim == SELECT_ERROR or s2 in self.rules.unsupported_slots:
                self.fallback[rows[sel]] = True
                continue
            m = int(sel.sum())
            self._open(s2, rows[sel], day[sel], np.full(m, v2, dtype=np.int8),
                       np.full(m, lim, dtype=np.int8), t, ctx)

    def _reclassify(self, s: int, t: int, rows: Ints) -> None:
        slot = self.slots[s]
        combo = ((slot.ver[rows].astype(np.int64) * (1 << 20) + slot.ctx[rows]) * 64
                 + slot.lim[rows])
        for key in np.unique(combo).tolist():
            sel = rows[combo == key]
            rest, lim = divmod(key, 64)
            v, ctx = divmod(rest, 1 << 20)
            new_ctx, new_lim = self.rules.reclassify(s, v, ctx, t, lim)
            slot.ctx[sel] = new_ctx
            if new_lim != lim:
                # A new limit row: its base end, from the same start. Granted extensions
                # would have to be replayed under the new row: per-case.
                self.fallback[sel[slot.nex[sel] > 0]] = True
                rule = self.rules.versions[s][v]
                slot.lim[sel] = new_lim
                slot.end[sel] = np.minimum(self.days.add_duration(
                    slot.start[sel], rule.limits[new_lim].duration, rule.first_day_counted), OUT)

    def _derive(self, t: int, rows: Ints, pos: Ints, day: Days) -> None:
        name = EVENT_CODES[t]
        dctx = self.dctx
        if name == "returned_for_investigation":
            dctx[rows] = dctx[rows] % 9 + 9 * self.ev_by[pos]
            self.n_ret[rows] += 1
        elif name == "conditions_verified":
            unable = (dctx[rows] // 3) % 3
            step = np.minimum(unable + (self.ev_able[pos] == 2), 2) - unable
            dctx[rows] += 3 * step
        elif name == "closed":
            self.closed[rows] = True
        elif name == "appeal_received":
            dctx[rows] += 1 - dctx[rows] % 3
        elif name == "accepted":
            dctx[rows] += 2 - dctx[rows] % 3
        elif name == "judgment_pronounced":
            # Outside an appeal: a first-instance judgment (`reduce._update_derived`).
            first = dctx[rows] % 3 != 1
            self.judged[rows[first]] = day[first]
            if not self.comp.judgment_ok:
                self.fallback[rows[first]] = True
        elif t in _APPEAL_TYPES:
            after = self.judged[rows] >= 0
            if after.any():
                self.appeals.append({
                    "case": rows[after], "type": np.full(int(after.sum()), t, dtype=np.int16),
                    "day": day[after], "level": self.ev_level[pos[after]],
                    "seq": np.full(int(after.sum()), self._next_seq(), dtype=np.int32)})
        if t in self.rules.suspends:
            self.n_susp[rows] += 1

    # -- starting clocks --
    def _start(self, t: int, rows: Ints, pos: Ints, day: Days) -> Bools:
        handled = np.zeros(len(rows), dtype=np.bool_)
        key = self.ckey[rows] + self.ekey[pos] + self.dctx[rows]
        table = self.rules.start_table(t)
        desc = table.index[key]
        if (desc < 0).any():
            self.rules.fill(t, key[desc < 0])
            desc = table.index[key]
        arrays = self._start_arrays(table)
        fb = arrays["fallback"][desc]
        if fb.any():
            self.fallback[rows[fb]] = True
        # Plain starts (no `from_due_of`, no occurrence cap) of every rule at once: one
        # scatter per state field for all the clocks this event opens, in rule-major
        # order (each state row is written in ascending case order).
        j, r = self._plain_pairs(arrays, desc)
        if r.size:
            for jj in np.flatnonzero(np.bincount(j, minlength=len(table.slots))).tolist():
                self.slot(table.slots[jj])
            dj = desc[r].astype(np.int64) * len(table.slots) + j
            err = arrays["err"][dj]
            if err.any():
                self.fallback[rows[r[err]]] = True
            self._open_many(arrays, dj, rows[r], day[r], t)
            handled[r] = True
        for from_pass, j in arrays["rest"].tolist():  # `from_due_of` starts after the others
            lim_j = arrays["lim"][:, j][desc]
            sel = lim_j != NOT_STARTED
            from_j = arrays["from_slot"][:, j][desc]
            if arrays["any_from"][j]:
                sel &= (from_j >= 0) == bool(from_pass)
            if sel.any():
                idx = np.flatnonzero(sel)
                d = desc[idx]
                handled[idx] = self._start_slot(table.slots[j], t, rows[idx], day[idx], lim_j[idx],
                                                arrays["ver"][d, j], arrays["ctx"][d, j],
                                                from_j[idx])
        return handled

    @staticmethod
    def _plain_pairs(arrays: dict[str, Any], desc: Ints) -> tuple[Ints, Ints]:
        """The (j, r) pairs of `np.nonzero(plain_t[:, desc])`, j-major. Most descriptors
        open at most one plain clock: then the pairs come from `plain_first` alone."""
        if not arrays["plain_multi"]:
            first = arrays["plain_first"][desc]
            r = np.flatnonzero(first >= 0)
            j = first[r].astype(np.int64)
            if j.size and arrays["plain_js"] > 1:
                order = np.argsort(j.astype(np.int16), kind="stable")  # radix: j-major
                j, r = j[order], r[order]
            return j, r
        j, r = np.nonzero(arrays["plain_t"][:, desc])
        return j, r

    def _start_arrays(self, table: StartTable) -> dict[str, Any]:
        """The start table's arrays, with the narrow ones of the merged openings: `plain`
        [descriptor, j] (a start without source or cap), `rest` the (pass, j) left."""
        arrays = table.materialise()
        if "plain" not in arrays:
            counted = np.array([s in self.rules.counted for s in table.slots], dtype=np.bool_)
            started = arrays["lim"] != NOT_STARTED
            arrays["plain"] = started & (arrays["from_slot"] < 0) & ~counted
            arrays["plain_t"] = np.ascontiguousarray(arrays["plain"].T)
            per_desc = arrays["plain"].sum(axis=1)
            arrays["plain_multi"] = np.array((per_desc > 1).any())
            arrays["plain_first"] = np.where(per_desc > 0, arrays["plain"].argmax(axis=1),
                                             -1).astype(np.int16)
            arrays["plain_js"] = np.array(arrays["plain"].any(axis=0).sum())
            # Per (descriptor, j), raveled: what `_open_many` scatters and the base end
            # as "start + lin" (days, custody months, hours) unless `nonlinear`.
            comp, n_j = self.comp, len(table.slots)
            slot = np.broadcast_to(np.array(table.slots, dtype=np.int64), arrays["lim"].shape)
            lim = np.maximum(arrays["lim"], 0)
            g = comp.lim_off[slot] + arrays["ver"] * comp.n_lim[slot] + lim
            gv = comp.ver_off[slot] + arrays["ver"]
            for name, value in (("err", arrays["lim"] == SELECT_ERROR), ("slot", slot),
                                ("ver8", arrays["ver"].astype(np.int8)),
                                ("lim8", lim.astype(np.int8)),
                                ("ctx32", arrays["ctx"].astype(np.int32)), ("g", g),
                                ("lin", comp.lin[g]), ("nonlinear", comp.nonlinear[g]),
                                ("kind", comp.window_kind[gv]), ("holder", comp.holder[gv])):
                arrays[name] = np.ascontiguousarray(value).reshape(-1)
            arrays["n_j"] = np.array(n_j)
            any_from = arrays["any_from"]
            arrays["rest"] = np.array(
                [(0, j) for j in range(len(table.slots)) if counted[j]]
                + [(1, j) for j in range(len(table.slots)) if any_from[j]], dtype=np.int64
            ).reshape(-1, 2)
        return arrays

    def _start_slot(self, s: int, t: int, rows: Ints, day: Days, lim: Ints, ver: Ints,
                    ctx: Ints, source: Ints) -> Bools:
        started = np.ones(len(rows), dtype=np.bool_)
        start = day
        for sf in np.unique(source[source >= 0]).tolist():
            sel = source == sf
            src = self.slot(sf)
            found = src.run[rows] & (src.sev[rows] == t)
            started &= ~sel | found
            start = np.where(sel, self._due(sf, rows), start)
        if not started.all():
            rows, start, lim = rows[started], start[started], lim[started]
            ver, ctx = ver[started], ctx[started]
        self.fallback[rows[lim == SELECT_ERROR]] = True
        if s in self.rules.counted:
            self._count(s, t, rows, np.maximum(lim, 0), ctx)
        self._open(s, rows, start, ver, np.maximum(lim, 0), t, ctx)
        return started

    def _count(self, s: int, t: int, rows: Ints, lim: Ints, ctx: Ints) -> None:
        """Occurrence caps (BLTTHS-174-2: returns per body) as counters per limit row."""
        limits = self.rules.versions[s][0].limits
        caps = [-1 if x.max_occurrences is None else x.max_occurrences for x in limits]
        if not rows.size:
            return
        occ = self.occ.setdefault((s, t), np.zeros((self.n, len(limits)), dtype=np.int64))
        cap = np.array(caps, dtype=np.int64)[lim]
        self.fallback[rows[(cap >= 0) & (occ[rows, lim] + 1 > cap)]] = True
        for code in np.unique(ctx).tolist():
            sel = rows[ctx == code]
            occ[sel] += self.rules.occurrence_matches(s, code)

    def _open(self, s: int, rows: Ints, start: Any, ver: Any, lim: Any, t: int,
              ctx: Ints | int) -> None:
        slot, tab = self.slot(s), self.tables[s]
        self.fallback[rows[slot.run[rows]]] = True  # a second clock of the same rule
        end = np.minimum(self.days.add_coded(start, tab.base_len[ver, lim],
                                             tab.base_code[ver, lim], tab.base_codes), OUT)
        slot.run[rows], slot.ver[rows], slot.lim[rows], slot.sev[rows] = True, ver, lim, t
        slot.start[rows], slot.nex[rows], slot.paused[rows], slot.pstart[rows] = start, 0, 0, -1
        slot.ctx[rows], slot.end[rows] = ctx, end
        kind = tab.window_kind[ver] if tab.window_kind.any() else None
        if kind is not None and kind.any():
            # Appeal/protest windows: nothing extends or pauses them (`judgment_ok`), so
            # their due date is known now; the judgment facts are derived at the end.
            w = kind > 0
            self.windows.append({"case": rows[w], "slot": np.full(int(w.sum()), s, dtype=np.int16),
                                 "ver": np.broadcast_to(ver, rows.shape)[w],
                                 "start": np.broadcast_to(start, rows.shape)[w],
                                 "end": end[w], "kind": kind[w],
                                 "holder": tab.holder[np.broadcast_to(ver, rows.shape)[w]],
                                 "seq": np.full(int(w.sum()), self._next_seq(), dtype=np.int32)})

    def _open_many(self, arrays: dict[str, Any], dj: Ints, rows: Ints, start: Days,
                   t: int) -> None:
        """`_open` of clocks of several rules at once: pair i opens the clock that start
        descriptor-and-rule `dj[i]` (`_start_arrays`) describes for case `rows[i]`."""
        comp, f = self.comp, self.state.flat
        slots = arrays["slot"][dj]
        flat = slots * self.state.stride + rows
        self.fallback[rows[f["run"][flat]]] = True  # a second clock of the same rule
        end = start + arrays["lin"][dj]
        nonlinear = arrays["nonlinear"][dj]
        if nonlinear.any():
            i = np.flatnonzero(nonlinear)
            g = arrays["g"][dj[i]]
            end[i] = self.days.add_coded(start[i], comp.base_len[g], comp.base_code[g],
                                         comp.nonlinear_codes)
        np.minimum(end, OUT, out=end)
        ver = arrays["ver8"][dj]
        f["run"][flat], f["ver"][flat], f["lim"][flat], f["sev"][flat] = (
            True, ver, arrays["lim8"][dj], t)
        f["start"][flat], f["nex"][flat], f["paused"][flat], f["pstart"][flat] = start, 0, 0, -1
        f["ctx"][flat], f["end"][flat] = arrays["ctx32"][dj], end
        if comp.any_window:
            kind = arrays["kind"][dj]
            w = kind > 0
            if w.any():
                self.windows.append({"case": rows[w], "slot": slots[w].astype(np.int16),
                                     "ver": ver[w], "start": start[w], "end": end[w],
                                     "kind": kind[w], "holder": arrays["holder"][dj[w]],
                                     "seq": np.full(int(w.sum()), self._next_seq(),
                                                    dtype=np.int32)})

    def _due(self, s: int, rows: Ints) -> Days:
        slot = self.slots[s]
        return self._roll(s, slot.ver[rows], slot.end[rows] + slot.paused[rows])

    def _roll(self, s: int, ver: Any, legal: Days) -> Days:
        tab = self.tables[s]
        if tab.all_roll:
            return self.days.roll(legal)
        if not tab.any_roll:
            return legal
        return np.where(tab.roll[ver], self.days.roll(legal), legal)

    def _dates(self, s: int, ver: Any, lim: Any, nex: Any, end: Days,
               paused: Days) -> tuple[Days, Days]:
        """(due, max_due) of clocks of slot `s`: `max_due` as if every unused tier were
        granted in full (`DueDates.max_due`)."""
        tab = self.tables[s]
        due = self._roll(s, ver, end + paused)
        max_end = end
        tiers = tab.tiers[ver, lim]
        for p in range(int(tiers.max(initial=0))):
            more = (nex <= p) & (p < tiers)
            if more.any():
                grown = self.days.add_coded(max_end, tab.tier_len[ver, lim, p],
                                            tab.tier_code[ver, lim, p], tab.tier_codes)
                max_end = np.where(more, grown, max_end)
        return due, self._roll(s, ver, max_end + paused)

    # -- statuses and flags --
    def results(self, thresholds: Thresholds) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.uint8],
                                                 list[dict[str, Any]]]:
        best = np.full(self.n, NO_STATUS, dtype=np.int8)
        request_due = np.zeros(self.n, dtype=np.bool_)
        obligations = []
        for s in sorted(self.slots):
            ob = self._obligations(s, thresholds)
            if ob is None:
                continue
            rows, counted = ob["case"], ob.pop("sets_status")
            np.minimum.at(best, rows[counted], ob["status"][counted])
            request_due[rows[ob.pop("request")]] = True
            obligations.append(ob)
        status = np.where(self.closed, CLOSED, best).astype(np.int8)
        self.last_stage = self._last_stage()
        idle = status == NO_STATUS  # `evaluate.case_status`: ended, or awaiting the next step
        last = self.last_stage[idle]
        status[idle] = np.where((last >= 0) & _FINAL[last], CLOSED, AWAITING)
        flags = (self.open_at_pe.astype(np.uint8) * 1 | self._prolonged(thresholds) * 2
                 | request_due.astype(np.uint8) * 8).astype(np.uint8)
        status[self.fallback] = -1
        return status, flags, obligations

    def _last_stage(self) -> npt.NDArray[np.int16]:
        """`awaiting.last_stage_event` of every case: the type of its last stage event up
        to as_of (-1: none)."""
        out = np.full(self.n, -1, dtype=np.int16)
        total = int(self.n_eff.sum())
        if not total:
            return out
        case_of = np.repeat(np.arange(self.n, dtype=np.int64), self.n_eff)
        first = np.cumsum(self.n_eff) - self.n_eff
        pos = self.offsets[:-1][case_of] + np.arange(total, dtype=np.int64) - first[case_of]
        stage = np.flatnonzero(_STAGE[self.ev_type[pos]])
        case = case_of[stage]
        last = np.r_[case[1:] != case[:-1], True] if case.size else case.astype(np.bool_)
        out[case[last]] = self.ev_type[pos[stage[last]]]
        return out

    def done_tables(self) -> list[dict[str, Any]]:
        out = []
        for s, parts in self.done.items():
            cols = {name: np.concatenate([p[name] for p in parts]) for name in parts[0]}
            cols["due"], cols["max_due"] = self._dates(s, cols["ver"], cols["lim"], cols["nex"],
                                                       cols["end"], cols["paused"])
            cols["slot"] = np.full(len(cols["case"]), s, dtype=np.int16)
            out.append(cols)
        return out

    def judgment(self) -> tuple[Days, npt.NDArray[np.int8], Days, dict[str, Any]]:
        """`judgment.judgment_facts` for every case at once (no absent persons on this
        path: `judgment_delivered` names a person, so such cases are per-case)."""
        n, judged = self.n, self.judged
        close = np.full(n, -1, dtype=np.int32)
        appeal_due = np.full(n, -1, dtype=np.int32)
        protest_due = np.full((3, n), -1, dtype=np.int32)  # any level, same, higher
        if self.windows:
            w = {name: np.concatenate([p[name] for p in self.windows]) for name in self.windows[0]}
            due = np.empty(len(w["case"]), dtype=np.int32)
            for s in np.unique(w["slot"]).tolist():
                sel = w["slot"] == s
                due[sel] = self._roll(s, w["ver"][sel], w["end"][sel])
            # Windows of the latest judgment: those starting on or after its day.
            mine = (judged[w["case"]] >= 0) & (w["start"] >= judged[w["case"]])
            case, kind, holder = w["case"][mine], w["kind"][mine], w["holder"][mine]
            due, start, slot, seq = due[mine], w["start"][mine], w["slot"][mine], w["seq"][mine]
            np.maximum.at(close, case, due)
            # The case-level appeal window last in the engine's clock order (start, rule id).
            app = kind == 1
            order = np.lexsort((seq[app], slot[app], start[app], case[app]))
            c_sorted = case[app][order]
            last = np.r_[c_sorted[1:] != c_sorted[:-1], True] if len(c_sorted) else c_sorted
            appeal_due[c_sorted[last]] = due[app][order][last]
            prot = kind == 2
            np.maximum.at(protest_due[0], case[prot], due[prot])
            for level, code in ((1, 1), (2, 2)):
                sel = prot & (holder == code)
                np.maximum.at(protest_due[level], case[sel], due[sel])
        timely_any = np.zeros(n, dtype=np.bool_)
        appeals: dict[str, Any] = {name: np.zeros(0, dtype=_COMPACT[name]) for name in APPEAL_COLUMNS}
        appeals["seq"] = np.zeros(0, dtype=np.int32)
        if self.appeals:
            a = {name: np.concatenate([p[name] for p in self.appeals]) for name in self.appeals[0]}
            later = a["day"] >= judged[a["case"]]
            a = {name: col[later] for name, col in a.items()}
            window_due = np.where(a["type"] == _APPEAL_TYPES[0], appeal_due[a["case"]],
                                  protest_due[a["level"], a["case"]])
            a["timely"] = (window_due >= 0) & (a["day"] <= window_due)
            timely_any[a["case"][a["timely"]]] = True
            appeals = {name: a[name] for name in (*APPEAL_COLUMNS, "seq")}
        state = np.where(timely_any, 1, np.where((close < 0) | (close >= self.as_of), 0, 2))
        return judged, state.astype(np.int8), close, appeals

    def _prolonged(self, thresholds: Thresholds) -> npt.NDArray[np.uint8]:
        ages = np.array([thresholds.prolonged_age_days.get(p, 1 << 40) for p in PROCEDURE_CODES],
                        dtype=np.int64)[self.procedure]
        has = self.n_eff > 0
        first = np.zeros(self.n, dtype=np.int64)
        first[has] = self.ev_day[self.offsets[:-1][has]]
        old = has & (self.as_of - first >= ages)
        out = (old | (self.n_ext >= thresholds.prolonged_extensions)
               | (self.n_ret >= thresholds.prolonged_returns)
               | (self.n_susp >= thresholds.prolonged_suspensions))
        return out.astype(np.uint8)

    def _obligations(self, s: int, thresholds: Thresholds) -> dict[str, Any] | None:
        slot, tab = self.slots[s], self.tables[s]
        rows = np.flatnonzero(slot.run & ~self.fallback)
        if not rows.size:
            return None
        ver, lim, nex, pstart = slot.ver[rows], slot.lim[rows], slot.nex[rows], slot.pstart[rows]
        suspended = pstart >= 0
        end, paused = slot.end[rows], slot.paused[rows]
        self.fallback[rows[~suspended & (end + paused > self.comp.safe)]] = True
        due, max_due = self._dates(s, ver, lim, nex, end, paused)
        self.fallback[rows[~suspended & (max_due >= self.days.size)]] = True
        lead = tab.lead[ver, lim, np.minimum(nex, tab.lead.shape[2] - 1)]
        lead = np.where(nex < tab.tiers[ver, lim], lead, -1)
        left = due - self.as_of
        window = tab.window[ver]
        keep = ~(window & ~suspended & (left < 0))  # a window simply lapses at its end
        status = np.where(suspended, 2, np.where(left < 0, 0, np.where(
            left <= thresholds.due_soon_days, 1, 3))).astype(np.int8)
        request = (~suspended & (lead >= 0) & (left >= 0)
                   & (left <= lead + thresholds.extension_request_notice_days))
        out: dict[str, Any] = {"case": rows, "slot": np.full(len(rows), s, dtype=np.int16), "ver": ver,
               "lim": lim, "start": slot.start[rows], "due": np.where(suspended, -1, due),
               "max_due": np.where(suspended, -1, max_due), "status": status, "nex": nex,
               "since": pstart, "request": request,
               "sets_status": ~window | (tab.window_kind[ver] > 0)}  # `evaluate.sets_status`
        if keep.all():
            return out
        return {k: v[keep] for k, v in out.items()}


_Part = tuple[npt.NDArray[np.int8], npt.NDArray[np.uint8], Bools,
              dict[str, npt.NDArray[Any]], dict[str, npt.NDArray[Any]],
              tuple[Days, npt.NDArray[np.int8], Days, dict[str, npt.NDArray[Any]]],
              npt.NDArray[np.int16]]


def evaluate_columns(columns: CaseColumns, as_of: date, *, period_end: date | None = None,
                     engine: Engine | None = None, chunk: int = CHUNK, workers: int = 1,
                     originals: list[Mapping[str, Any]] | None = None) -> ResultColumns:
    """Evaluate every case of `columns`; fallback cases go through `evaluate_case`.

    `workers` > 1 evaluates the chunks in that many forked processes (`bulk_pool`): chunks
    are independent, so the answers are the same whatever the number of workers."""
    engine = engine or Engine.default()
    comp = _compiled(engine)
    chunk = min(chunk, 1 << 24)
    if len(comp.rules.slot_ids) > 1 << 8:
        raise ValueError("the bulk path packs rule slots in 8 bits")
    task = _ChunkTask(comp, columns, (as_of - EPOCH).days,
                      None if period_end is None else (period_end - EPOCH).days, engine.thresholds)
    bounds = [(lo, min(lo + chunk, columns.n_cases)) for lo in range(0, columns.n_cases, chunk)]
    if workers > 1 and len(bounds) > 1:
        parts = map_forked(task, bounds, workers)
    else:
        parts = [task(bound) for bound in bounds]
    result = _assemble(parts, as_of, comp.rules)
    for index in columns.extras:
        result.fallback[index] = True
    for index in np.flatnonzero(result.fallback).tolist():
        case = originals[index] if originals is not None else columns.to_case(index)
        result.fallback_results[index] = evaluate_case(case, as_of, period_end=period_end,
                                                       engine=engine)
    return result


@dataclass
class _ChunkTask:
    """Evaluates one chunk `(lo, hi)` of the columns into its compact part. The clock
    arrays are kept between calls (one set per process: a forked worker has its own)."""

    comp: _Compiled
    columns: CaseColumns
    as_of: int
    period_end: int | None
    thresholds: Thresholds
    clocks: _State | None = None

    def __call__(self, bound: tuple[int, int]) -> _Part:
        lo, hi = bound
        state = _Chunk(self.comp, self.columns, lo, hi, self.as_of, self.period_end, self.clocks)
        self.clocks = state.state
        state.run()
        status, flags, open_obs = state.results(self.thresholds)
        done = state.done_tables()
        judged, jstate, close, appeals = state.judgment()
        perm = state.perm

        def back(values: npt.NDArray[Any]) -> npt.NDArray[Any]:
            out = np.empty_like(values)
            out[perm] = values
            return out

        fallback = back(state.fallback)
        return (back(status), back(flags), fallback,
                _compact(open_obs, lo, fallback, OPEN_COLUMNS, perm),
                _compact(done, lo, fallback, DONE_COLUMNS, perm),
                (back(np.where(state.fallback, -1, judged).astype(np.int32)), back(jstate),
                 back(close), _compact([appeals], lo, fallback, APPEAL_COLUMNS, perm)),
                back(state.last_stage))


def _compact(tables: list[dict[str, Any]], lo: int, fallback: Bools,
             names: tuple[str, ...], perm: Ints) -> dict[str, npt.NDArray[Any]]:
    """One chunk's table without fallback cases, ordered by case, start, rule id (then
    closing order, as `finish` sorts; appeals: by case, then event order), case numbers
    mapped back from the chunk's rows (`perm`) and shifted, in small dtypes."""
    if not tables:
        return {name: np.zeros(0, dtype=_COMPACT[name]) for name in names}
    cols = {name: np.concatenate([t[name] for t in tables]) for name in tables[0]}
    cols["case"] = perm[cols["case"]]
    keep = ~fallback[cols["case"]]
    if not keep.all():
        cols = {name: col[keep] for name, col in cols.items()}
    # One packed key: case (< 2^24 per chunk), start (< 2^15: the calendar's day numbers),
    # slot (< 2^8), closing or event order (< 2^16 calls per chunk).
    key = cols["case"].astype(np.int64) << 39
    if "start" in cols:
        key |= (np.clip(cols["start"], 0, (1 << 15) - 1).astype(np.int64) << 24
                | cols["slot"].astype(np.int64) << 16)
    if "seq" in cols:
        key |= np.minimum(cols["seq"], (1 << 16) - 1).astype(np.int64)
    # Keys are unique but for clipped orders: the (SIMD) default sort, checked; the
    # stable one (concatenation order breaks ties) only if two keys are equal.
    order = np.argsort(key)
    if len(key) > 1 and not (np.diff(key[order]) > 0).all():
        order = np.argsort(key, kind="stable")
    out: dict[str, npt.NDArray[Any]] = {
        name: cols[name][order].astype(_COMPACT[name], copy=False) for name in names}
    out["case"] += lo
    return out


def _merge(tables: list[dict[str, npt.NDArray[Any]]],
           names: tuple[str, ...]) -> dict[str, npt.NDArray[Any]]:
    """Chunks come in case order, each already sorted: concatenating keeps the order.
    Each chunk's column is dropped once copied, so the peak holds one column twice, not
    every table."""
    return {name: (np.concatenate([t.pop(name) for t in tables]) if tables
                   else np.zeros(0, dtype=_COMPACT[name])) for name in names}


def _assemble(parts: list[_Part], as_of: date, compiled: CompiledRules) -> ResultColumns:
    def cat(arrays: list[npt.NDArray[Any]], dtype: Any) -> npt.NDArray[Any]:
        return np.concatenate(arrays) if arrays else np.zeros(0, dtype=dtype)

    open_, done = _merge([p[3] for p in parts], OPEN_COLUMNS), _merge([p[4] for p in parts],
                                                                      DONE_COLUMNS)
    return ResultColumns(
        as_of=as_of, status=cat([p[0] for p in parts], np.int8),
        flags=cat([p[1] for p in parts], np.uint8), fallback=cat([p[2] for p in parts], np.bool_),
        open=open_, done=done, compiled=compiled,
        judged=cat([p[5][0] for p in parts], np.int32),
        judgment_state=cat([p[5][1] for p in parts], np.int8),
        windows_close=cat([p[5][2] for p in parts], np.int32),
        appeals=_merge([p[5][3] for p in parts], APPEAL_COLUMNS),
        last_stage=cat([p[6] for p in parts], np.int16),
    )


class _Renderer:
    def __init__(self, result: ResultColumns, ids: list[Any] | None) -> None:
        self.result, self.ids = result, ids
        self.as_of = result.as_of.isoformat()
        self._rows: dict[tuple[int, int, int], tuple[Rule, str, int]] = {}
        self.open: dict[str, Any] = result.open
        self.done: dict[str, Any] = result.done

    def render(self, indices: Iterable[int] | None = None) -> list[dict[str, Any]]:
        res = self.result
        wanted = range(len(res.status)) if indices is None else list(indices)
        if indices is None:
            # Whole result: Python lists are faster to index than arrays.
            self.open = {k: v.tolist() for k, v in res.open.items()}
            self.done = {k: v.tolist() for k, v in res.done.items()}
        cases = np.array([*wanted, *(i + 1 for i in wanted)], dtype=np.int64)
        open_at = dict(zip(cases.tolist(), np.searchsorted(res.open["case"], cases).tolist(),
                           strict=True))
        done_at = dict(zip(cases.tolist(), np.searchsorted(res.done["case"], cases).tolist(),
                           strict=True))
        appeals_at = dict(zip(cases.tolist(), np.searchsorted(res.appeals["case"], cases).tolist(),
                              strict=True))
        out = []
        for index in wanted:
            if index in res.fallback_results:
                out.append(res.fallback_results[index])
                continue
            flags = [name for bit, name in enumerate(FLAG_NAMES) if int(res.flags[index]) >> bit & 1]
            out.append(self._head(index))
            out[-1].update({
                "flags": flags,
                "open_obligations": [self._open(i) for i in range(open_at[index], open_at[index + 1])],
                "closed_obligations": [self._done(i) for i in range(done_at[index],
                                                                    done_at[index + 1])],
                "errors": []})
            if res.judged[index] >= 0:
                out[-1]["judgment"] = self._judgment(index, range(appeals_at[index],
                                                                  appeals_at[index + 1]))
        return out

    def _head(self, index: int) -> dict[str, Any]:
        """id, as_of, status and, for an `awaiting` case, its reason (`evaluate_case`)."""
        res = self.result
        status = int(res.status[index])
        out: dict[str, Any] = {"id": index if self.ids is None else self.ids[index],
                               "as_of": self.as_of, "status": STATUS_CODES[status]}
        if status == AWAITING:
            last = int(res.last_stage[index])
            out["awaiting_reason"] = awaiting_reason(EVENT_CODES[last] if last >= 0 else None)
        return out

    def _judgment(self, index: int, appeals: range) -> dict[str, Any]:
        """Same as `judgment.JudgmentFacts.as_dict` (nobody awaiting delivery here)."""
        res = self.result
        state = JUDGMENT_STATES[int(res.judgment_state[index])]
        close = int(res.windows_close[index])
        table = res.appeals
        return {
            "pronounced": to_date(res.judged[index]).isoformat(), "state": state,
            "windows_close": to_date(close).isoformat() if close >= 0 else None,
            "effective_from": to_date(close + 1).isoformat() if state == "effective" else None,
            "appeals": [{"type": EVENT_CODES[int(table["type"][i])],
                         "date": to_date(table["day"][i]).isoformat(),
                         "timely": bool(table["timely"][i])} for i in appeals],
        }

    def _limit_row(self, s: int, v: int, lim: int) -> tuple[Rule, str, int]:
        """(rule version, basis text, number of extension tiers), cached."""
        key = (s, v, lim)
        if key not in self._rows:
            rule = self.result.compiled.versions[s][v]
            limit = rule.limits[lim]
            self._rows[key] = (rule, limit.citation.text(), len(limit.extensions))
        return self._rows[key]

    def _obligation(self, table: dict[str, Any], i: int, status: str,
                    running: bool) -> tuple[dict[str, Any], Rule]:
        """Same keys, in the same order, as `evaluate._obligation`."""
        rule, basis, tiers = self._limit_row(int(table["slot"][i]), int(table["ver"][i]),
                                             int(table["lim"][i]))
        due, max_due, nex = int(table["due"][i]), int(table["max_due"][i]), int(table["nex"][i])
        dated = due >= 0
        as_of = self.result.as_of
        out: dict[str, Any] = {
            "kind": rule.kind, "holder": rule.holder,
            "start": to_date(table["start"][i]).isoformat(),
            "due": to_date(due).isoformat() if dated else None,
            "max_due": to_date(max_due).isoformat() if dated else None,
            "days_left": (to_date(due) - as_of).days if dated and running else None,
            "days_to_max_due": (to_date(max_due) - as_of).days if dated and running else None,
            "rule": rule.id, "basis": basis, "status": status,
            "title": rule.title, "extensions_used": nex, "extensions_left": tiers - nex,
        }
        if rule.window:
            out["window"] = True
        return out, rule

    def _open(self, i: int) -> dict[str, Any]:
        table = self.open
        out, _ = self._obligation(table, i, STATUS_CODES[int(table["status"][i])], True)
        if table["due"][i] < 0:
            out["suspended_since"] = to_date(table["since"][i]).isoformat()
        return out

    def _done(self, i: int) -> dict[str, Any]:
        table = self.done
        out, _ = self._obligation(table, i, "closed", False)
        done = int(table["done"][i])
        out["done"] = to_date(done).isoformat()
        out["done_event"] = EVENT_CODES[int(table["event"][i])]
        out["done_status"] = "done_on_time" if done <= int(table["due"][i]) else "done_late"
        return out


def evaluate_bulk(cases: Iterable[Mapping[str, Any]], as_of: date, *,
                  period_end: date | None = None, engine: Engine | None = None,
                  chunk: int = CHUNK, workers: int = 1) -> list[dict[str, Any]]:
    """Same output as `list(evaluate_cases(cases, as_of, ...))`, computed column-wise."""
    originals = list(cases)
    columns = from_cases(originals)
    result = evaluate_columns(columns, as_of, period_end=period_end, engine=engine, chunk=chunk,
                              workers=workers, originals=originals)
    return result.to_dicts(columns.ids)
