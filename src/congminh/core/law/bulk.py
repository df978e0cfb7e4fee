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
  table, `max_due` through the unused tiers), statuses, windows, and the flags `backlog`,
  `prolonged` and `extension_request_due`.

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

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import numpy.typing as npt

from .bulk_columns import EPOCH, EVENT_CODES, PROCEDURE_CODES, CaseColumns, from_cases
from .bulk_dates import DayTables, Ints, to_date
from .bulk_rules import (
    END,
    EXTEND,
    N_CCTX,
    N_DCTX,
    N_FCODE,
    NOT_STARTED,
    RECLASSIFY,
    RESUME,
    SELECT_ERROR,
    SUSPEND,
    CompiledRules,
    case_context_code,
    field_code,
)
from .config import Thresholds
from .evaluate import STATUS_ORDER, Engine, evaluate_case
from .rules import Rule

STATUS_CODES = STATUS_ORDER  # overdue, due_soon, suspended, on_time, closed
CLOSED = STATUS_CODES.index("closed")
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


_CACHE: dict[tuple[int, int], _Compiled] = {}


def _compiled(engine: Engine) -> _Compiled:
    key = (id(engine.rules), id(engine.calendar))
    found = _CACHE.get(key)
    if found is None:
        rules = CompiledRules(engine.rules)
        days = DayTables(engine.calendar)
        found = _Compiled(rules, days, days.size - 1 - rules.max_days - 20)
        _CACHE.clear()
        _CACHE[key] = found
    return found


@dataclass
class _Slot:
    """The running clock of one rule id, for every case of a chunk."""

    run: Bools
    ver: Ints
    lim: Ints
    sev: Ints  # event type that started it
    start: Ints
    end: Ints  # base end plus extensions, before paused days
    nex: Ints
    paused: Ints  # days of closed pauses
    pstart: Ints  # start of the open pause, -1 if none
    ctx: Ints

    @classmethod
    def empty(cls, n: int) -> _Slot:
        def z() -> Ints:
            return np.zeros(n, dtype=np.int64)
        return cls(np.zeros(n, dtype=np.bool_), z(), z(), z(), z(), z(), z(), z(),
                   np.full(n, -1, dtype=np.int64), z())


_COMPACT = {"case": np.int32, "slot": np.int16, "ver": np.int8, "lim": np.int8,
            "start": np.int32, "due": np.int32, "max_due": np.int32, "status": np.int8,
            "nex": np.int8, "since": np.int32, "done": np.int32, "event": np.int16}
OPEN_COLUMNS = ("case", "slot", "ver", "lim", "start", "due", "max_due", "status", "nex", "since")
DONE_COLUMNS = ("case", "slot", "ver", "lim", "start", "due", "max_due", "done", "event", "nex")


@dataclass
class ResultColumns:
    """Per-case status and flags, flat obligation tables, and the per-case fallbacks.

    `open` (OPEN_COLUMNS) and `done` (DONE_COLUMNS) are ordered by case, start, rule id:
    day numbers since 2000-01-01 (-1 for the dates of a suspended clock), `slot`/`ver`/`lim`
    index `compiled.versions[slot][ver].limits[lim]`, `event` indexes EVENT_CODES.
    """

    as_of: date
    status: npt.NDArray[np.int8]  # index into STATUS_CODES; -1 for fallback cases
    flags: npt.NDArray[np.uint8]  # bit i = FLAG_NAMES[i]
    fallback: Bools
    open: dict[str, npt.NDArray[Any]]
    done: dict[str, npt.NDArray[Any]]
    compiled: CompiledRules = field(repr=False)
    fallback_results: dict[int, dict[str, Any]] = field(default_factory=dict)

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


class _Chunk:
    """State of `hi - lo` cases while their events are applied in order."""

    def __init__(self, comp: _Compiled, cols: CaseColumns, lo: int, hi: int, as_of: int,
                 period_end: int | None) -> None:
        self.comp, self.rules, self.days, self.cols = comp, comp.rules, comp.days, cols
        self.n = n = hi - lo
        self.offsets = cols.ev_offsets[lo:hi + 1].astype(np.int64)
        self.n_eff = self._count_until(as_of)
        self.n_pe = None if period_end is None else self._count_until(min(period_end, as_of))
        self.as_of = as_of
        self.cctx = case_context_code(cols.procedure[lo:hi], cols.category[lo:hi],
                                      cols.national_security[lo:hi], cols.case_kind[lo:hi])
        self.procedure = cols.procedure[lo:hi].astype(np.int64)
        self.slots: dict[int, _Slot] = {}
        self.occ: dict[tuple[int, int], Ints] = {}
        self.fallback = np.zeros(n, dtype=np.bool_)
        self.closed = np.zeros(n, dtype=np.bool_)
        self.open_at_pe = np.zeros(n, dtype=np.bool_)
        self.n_ext, self.n_ret, self.n_susp = (np.zeros(n, dtype=np.int64) for _ in range(3))
        self.returned_by, self.unable = np.zeros(n, dtype=np.int64), np.zeros(n, dtype=np.int64)
        self.appellate = np.zeros(n, dtype=np.int64)  # 0 unset, 1 True, 2 False
        self.done: list[dict[str, Ints]] = []  # clocks ended by an act: closed obligations
        self.seq = 0

    def _count_until(self, day: int) -> Ints:
        # Events are sorted by date within a case, so those up to `day` are a prefix.
        lo, hi = int(self.offsets[0]), int(self.offsets[-1])
        upto = np.zeros(hi - lo + 1, dtype=np.int64)
        np.cumsum(self.cols.ev_day[lo:hi] <= day, out=upto[1:])
        cut = upto[self.offsets - lo]
        return (cut[1:] - cut[:-1]).astype(np.int64)

    def slot(self, s: int) -> _Slot:
        if s not in self.slots:
            self.slots[s] = _Slot.empty(self.n)
        return self.slots[s]

    # -- the event loop --
    def run(self) -> None:
        active = np.flatnonzero(self.n_eff > 0)
        k = 0
        while active.size:
            if self.n_pe is not None:
                self._snapshot(active[self.n_pe[active] == k])
            pos = self.offsets[active] + k
            types = self.cols.ev_type[pos]
            order = np.argsort(types, kind="stable")
            sorted_types = types[order]
            cuts = np.flatnonzero(np.diff(sorted_types)) + 1
            for a, b in zip(np.r_[0, cuts], np.r_[cuts, len(order)], strict=True):
                pick = order[a:b]
                self._event(int(sorted_types[a]), active[pick], pos[pick])
            k += 1
            active = active[self.n_eff[active] > k]
        if self.n_pe is not None:
            self._snapshot(np.flatnonzero(self.n_pe == self.n_eff))

    def _snapshot(self, rows: Ints) -> None:
        """`_open_at`: any running clock that is not a window, before the next event."""
        for s, slot in self.slots.items():
            window = np.array([r.window for r in self.rules.versions[s]], dtype=np.bool_)
            self.open_at_pe[rows] |= slot.run[rows] & ~window[slot.ver[rows]]

    def _event(self, t: int, rows: Ints, pos: Ints) -> None:
        day = self.cols.ev_day[pos].astype(np.int64)
        self.fallback[rows[(day < 0) | (day > self.comp.safe - 1)]] = True
        handled = np.zeros(len(rows), dtype=np.bool_)
        targets = [(s, np.flatnonzero(self.slots[s].run[rows])) for s in self.rules.reactors[t]
                   if s in self.slots]
        extended = []
        for s, idx in targets:
            acts = self.rules.actions[s][self.slots[s].ver[rows[idx]], t]
            if s in self.rules.end_when[t]:
                acts = self._conditional_ends(s, t, rows[idx], pos[idx], acts)
            for act in np.unique(acts).tolist():
                sub = idx[acts == act]
                if act == EXTEND:
                    extended.append((s, sub))
                else:
                    handled[sub] |= self._apply(act, s, t, rows[sub], day[sub])
        for s, sub in extended:
            self._extend(s, rows[sub], pos[sub])
            handled[sub] = True
        self._derive(t, rows, pos)
        handled |= self._start(t, rows, pos, day)
        if not self.rules.passive[t]:
            self.fallback[rows[~handled]] = True

    def _conditional_ends(self, s: int, t: int, rows: Ints, pos: Ints,
                          acts: npt.NDArray[np.int8]) -> npt.NDArray[np.int8]:
        cols = self.cols
        fcode = field_code(cols.ev_by[pos], cols.ev_court[pos], cols.ev_able[pos], cols.ev_at[pos])
        combo = self.slots[s].ver[rows] * N_FCODE + fcode
        ends = np.zeros(len(rows), dtype=np.bool_)
        for key in np.unique(combo).tolist():
            v, code = divmod(key, N_FCODE)
            ends[combo == key] = self.rules.ends_on(s, v, t, code)
        return np.where(ends, np.int8(END), acts).astype(np.int8)

    def _apply(self, act: int, s: int, t: int, rows: Ints, day: Ints) -> Bools:
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
        return np.ones(len(rows), dtype=np.bool_)

    def _close(self, s: int, rows: Ints, day: Ints, why: int) -> None:
        slot = self.slots[s]
        self.fallback[rows[slot.end[rows] + slot.paused[rows] > self.comp.safe]] = True
        slot.run[rows] = False
        if why == RESTARTED:
            return
        keep = np.ones(len(rows), dtype=np.bool_)
        if EVENT_CODES[why] == "closed":  # a window closed with the case simply lapses
            keep = ~self._window(s)[slot.ver[rows]]
        if keep.any():
            self._log_done(s, rows[keep], day[keep], why)

    def _window(self, s: int) -> Bools:
        return np.array([r.window for r in self.rules.versions[s]], dtype=np.bool_)

    def _log_done(self, s: int, rows: Ints, day: Ints, why: int) -> None:
        slot = self.slots[s]
        due, max_due = self._due(s, rows), self._max_due(s, rows)
        self.done.append({
            "case": rows, "slot": np.full(len(rows), s, dtype=np.int64), "ver": slot.ver[rows],
            "lim": slot.lim[rows], "start": slot.start[rows], "due": due, "max_due": max_due,
            "done": day, "event": np.full(len(rows), why, dtype=np.int64), "nex": slot.nex[rows],
            "seq": np.full(len(rows), self.seq, dtype=np.int64)})
        self.seq += 1

    def _extend(self, s: int, rows: Ints, pos: Ints) -> None:
        slot, cols = self.slots[s], self.cols
        self.fallback[rows[slot.pstart[rows] >= 0]] = True
        length = cols.ev_len[pos].astype(np.int64)
        current = slot.end[rows]
        months = cols.ev_unit[pos] == 1
        new = np.where(months, self.days.add_months(current, length), current + length)
        bad = np.zeros(len(rows), dtype=np.bool_)
        combo = (slot.ver[rows] * 64 + slot.lim[rows]) * 64 + slot.nex[rows]
        for key in np.unique(combo).tolist():
            sel = combo == key
            rest, nex = divmod(key, 64)
            v, lim = divmod(rest, 64)
            limit = self.rules.versions[s][v].limits[lim]
            if limit.duration.unit == "custody_months":  # `clocks.in_limit_units`
                custody = sel & months
                new[custody] = current[custody] + 30 * length[custody]
            tiers = limit.extensions
            if nex >= len(tiers):
                bad |= sel
            else:
                cap = self.days.add_duration(current[sel], tiers[nex].max)
                bad[sel] = new[sel] > cap
        self.fallback[rows[bad]] = True
        slot.end[rows] = new
        slot.nex[rows] += 1
        self.n_ext[rows] += 1

    def _resume(self, s: int, t: int, rows: Ints, day: Ints) -> None:
        slot = self.slots[s]
        slot.paused[rows] += day - slot.pstart[rows]
        slot.pstart[rows] = -1
        effects = [r.suspension_effect for r in self.rules.versions[s]]
        restart = np.array([e.startswith("restart") for e in effects], dtype=np.bool_)[slot.ver[rows]]
        rows, day = rows[restart], day[restart]
        if not rows.size:
            return
        self._close(s, rows, day, RESTARTED)
        era = self.rules.era_of(day)
        combo = (slot.ver[rows] * (1 << 20) + slot.ctx[rows]) * 64 + era
        for key in np.unique(combo).tolist():
            sel = combo == key
            rest, e = divmod(key, 64)
            v, ctx = divmod(rest, 1 << 20)
            s2, v2, lim = self.rules.restart(s, v, ctx, e)
            if lim == SELECT_ERROR or s2 in self.rules.unsupported_slots:
                self.fallback[rows[sel]] = True
                continue
            self._open(s2, rows[sel], day[sel], v2, lim, t, ctx)

    def _reclassify(self, s: int, t: int, rows: Ints) -> None:
        slot = self.slots[s]
        combo = (slot.ver[rows] * (1 << 20) + slot.ctx[rows]) * 64 + slot.lim[rows]
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
                slot.end[sel] = self.days.add_duration(slot.start[sel], rule.limits[new_lim].duration,
                                                       rule.first_day_counted)

    def _derive(self, t: int, rows: Ints, pos: Ints) -> None:
        name = EVENT_CODES[t]
        if name == "returned_for_investigation":
            self.returned_by[rows] = self.cols.ev_by[pos]
            self.n_ret[rows] += 1
        elif name == "conditions_verified":
            self.unable[rows] = np.minimum(self.unable[rows] + (self.cols.ev_able[pos] == 2), 2)
        elif name == "closed":
            self.closed[rows] = True
        elif name == "appeal_received":
            self.appellate[rows] = 1
        elif name == "accepted":
            self.appellate[rows] = 2
        elif name == "judgment_pronounced":
            # A first-instance judgment adds the `judgment` block (judgment.py): per-case.
            self.fallback[rows[self.appellate[rows] != 1]] = True
        if t in self.rules.suspends:
            self.n_susp[rows] += 1

    # -- starting clocks --
    def _start(self, t: int, rows: Ints, pos: Ints, day: Ints) -> Bools:
        handled = np.zeros(len(rows), dtype=np.bool_)
        if not self.rules.starters[t]:
            return handled
        cols = self.cols
        fcode = field_code(cols.ev_by[pos], cols.ev_court[pos], cols.ev_able[pos], cols.ev_at[pos])
        key = ((self.rules.era_of(day) * N_CCTX + self.cctx[rows]) * N_FCODE + fcode) * N_DCTX \
            + (self.returned_by[rows] * 3 + self.unable[rows]) * 3 + self.appellate[rows]
        table = self.rules.start_table(t)
        desc = table.index[key]
        if (desc < 0).any():
            self.rules.fill(t, key[desc < 0])
            desc = table.index[key]
        arrays = table.materialise()
        self.fallback[rows[arrays["fallback"][desc]]] = True
        lims, froms = arrays["lim"][desc], arrays["from_slot"][desc]
        for from_pass in (False, True):
            for j, s in enumerate(table.slots):
                sel = (lims[:, j] != NOT_STARTED) & ((froms[:, j] >= 0) == from_pass)
                if sel.any():
                    idx = np.flatnonzero(sel)
                    handled[idx] = self._start_slot(s, t, rows[idx], day[idx], lims[idx, j],
                                                    arrays["ver"][desc[idx], j],
                                                    arrays["ctx"][desc[idx], j], froms[idx, j])
        return handled

    def _start_slot(self, s: int, t: int, rows: Ints, day: Ints, lim: Ints, ver: Ints,
                    ctx: Ints, source: Ints) -> Bools:
        started = np.ones(len(rows), dtype=np.bool_)
        start = day.copy()
        for sf in np.unique(source[source >= 0]).tolist():
            sel = source == sf
            src = self.slot(sf)
            found = src.run[rows] & (src.sev[rows] == t)
            started &= ~sel | found
            start = np.where(sel, self._due(sf, rows), start)
        rows, start, lim, ver, ctx = (a[started] for a in (rows, start, lim, ver, ctx))
        self.fallback[rows[lim == SELECT_ERROR]] = True
        self._count(s, t, rows, np.maximum(lim, 0), ctx)
        for key in np.unique(ver * 64 + np.maximum(lim, 0)).tolist():
            sel = ver * 64 + np.maximum(lim, 0) == key
            v, limit = divmod(key, 64)
            self._open(s, rows[sel], start[sel], v, limit, t, ctx[sel])
        return started

    def _count(self, s: int, t: int, rows: Ints, lim: Ints, ctx: Ints) -> None:
        """Occurrence caps (BLTTHS-174-2: returns per body) as counters per limit row."""
        limits = self.rules.versions[s][0].limits
        caps = [-1 if x.max_occurrences is None else x.max_occurrences for x in limits]
        if max(caps) < 0 or not rows.size:
            return
        occ = self.occ.setdefault((s, t), np.zeros((self.n, len(limits)), dtype=np.int64))
        cap = np.array(caps, dtype=np.int64)[lim]
        self.fallback[rows[(cap >= 0) & (occ[rows, lim] + 1 > cap)]] = True
        for code in np.unique(ctx).tolist():
            sel = rows[ctx == code]
            occ[sel] += self.rules.occurrence_matches(s, code)

    def _open(self, s: int, rows: Ints, start: Ints, v: int, lim: int, t: int,
              ctx: Ints | int) -> None:
        slot = self.slot(s)
        self.fallback[rows[slot.run[rows]]] = True  # a second clock of the same rule
        rule = self.rules.versions[s][v]
        slot.run[rows], slot.ver[rows], slot.lim[rows], slot.sev[rows] = True, v, lim, t
        slot.start[rows], slot.nex[rows], slot.paused[rows], slot.pstart[rows] = start, 0, 0, -1
        slot.ctx[rows] = ctx
        slot.end[rows] = self.days.add_duration(start, rule.limits[lim].duration,
                                                rule.first_day_counted)

    def _due(self, s: int, rows: Ints) -> Ints:
        slot = self.slots[s]
        legal = slot.end[rows] + slot.paused[rows]
        roll = np.array([r.roll for r in self.rules.versions[s]], dtype=np.bool_)[slot.ver[rows]]
        return np.where(roll, self.days.roll(legal), legal)

    # -- statuses and flags --
    def results(self, thresholds: Thresholds) -> tuple[npt.NDArray[np.int8], npt.NDArray[np.uint8],
                                                 list[dict[str, Ints]]]:
        best = np.full(self.n, CLOSED, dtype=np.int64)
        request_due = np.zeros(self.n, dtype=np.bool_)
        obligations = []
        for s in sorted(self.slots):
            ob = self._obligations(s, thresholds)
            if ob is None:
                continue
            rows = ob["case"]
            np.minimum.at(best, rows[~ob["window"]], ob["status"][~ob["window"]])
            request_due[rows[ob["request"]]] = True
            obligations.append(ob)
        status = np.where(self.closed, CLOSED, best).astype(np.int8)
        flags = (self.open_at_pe.astype(np.uint8) * 1 | self._prolonged(thresholds) * 2
                 | request_due.astype(np.uint8) * 8).astype(np.uint8)
        status[self.fallback] = -1
        return status, flags, obligations

    def _prolonged(self, thresholds: Thresholds) -> npt.NDArray[np.uint8]:
        ages = np.array([thresholds.prolonged_age_days.get(p, 1 << 40) for p in PROCEDURE_CODES],
                        dtype=np.int64)[self.procedure]
        has = self.n_eff > 0
        first = np.zeros(self.n, dtype=np.int64)
        first[has] = self.cols.ev_day[self.offsets[:-1][has]]
        old = has & (self.as_of - first >= ages)
        out = (old | (self.n_ext >= thresholds.prolonged_extensions)
               | (self.n_ret >= thresholds.prolonged_returns)
               | (self.n_susp >= thresholds.prolonged_suspensions))
        return out.astype(np.uint8)

    def _max_due(self, s: int, rows: Ints) -> Ints:
        """Due date if every unused tier were granted in full (`DueDates.max_due`)."""
        slot, versions = self.slots[s], self.rules.versions[s]
        ver, nex = slot.ver[rows], slot.nex[rows]
        max_end = slot.end[rows].copy()
        combo = ver * 64 + slot.lim[rows]
        for key in np.unique(combo).tolist():
            sel = combo == key
            v, limit = divmod(key, 64)
            for p, tier in enumerate(versions[v].limits[limit].extensions):
                more = sel & (nex <= p)
                max_end[more] = self.days.add_duration(max_end[more], tier.max)
        max_legal = max_end + slot.paused[rows]
        roll = np.array([r.roll for r in versions], dtype=np.bool_)[ver]
        return np.where(roll, self.days.roll(max_legal), max_legal)

    def _lead(self, s: int, rows: Ints) -> Ints:
        """Request lead days of the next unused tier (-1: none or no lead)."""
        slot, versions = self.slots[s], self.rules.versions[s]
        lead = np.full(len(rows), -1, dtype=np.int64)
        combo = (slot.ver[rows] * 64 + slot.lim[rows]) * 64 + slot.nex[rows]
        for key in np.unique(combo).tolist():
            rest, nex = divmod(key, 64)
            v, limit = divmod(rest, 64)
            tiers = versions[v].limits[limit].extensions
            if nex < len(tiers) and tiers[nex].request_lead_days is not None:
                lead[combo == key] = tiers[nex].request_lead_days
        return lead

    def _obligations(self, s: int, thresholds: Thresholds) -> dict[str, Ints] | None:
        slot = self.slots[s]
        rows = np.flatnonzero(slot.run & ~self.fallback)
        if not rows.size:
            return None
        suspended = slot.pstart[rows] >= 0
        legal = slot.end[rows] + slot.paused[rows]
        self.fallback[rows[~suspended & (legal > self.comp.safe)]] = True
        due, max_due, lead = self._due(s, rows), self._max_due(s, rows), self._lead(s, rows)
        self.fallback[rows[~suspended & (max_due >= self.days.size)]] = True
        left = due - self.as_of
        window = self._window(s)[slot.ver[rows]]
        keep = ~(window & ~suspended & (left < 0))
        status = np.where(suspended, 2, np.where(left < 0, 0, np.where(
            left <= thresholds.due_soon_days, 1, 3)))
        request = (~suspended & (lead >= 0) & (left >= 0)
                   & (left <= lead + thresholds.extension_request_notice_days))
        return {k: v[keep] for k, v in {
            "case": rows, "slot": np.full(len(rows), s, dtype=np.int64), "ver": slot.ver[rows],
            "lim": slot.lim[rows], "start": slot.start[rows], "due": np.where(suspended, -1, due),
            "max_due": np.where(suspended, -1, max_due), "status": status, "nex": slot.nex[rows],
            "since": slot.pstart[rows], "window": window, "request": request}.items()}


_Part = tuple[npt.NDArray[np.int8], npt.NDArray[np.uint8], Bools,
              dict[str, npt.NDArray[Any]], dict[str, npt.NDArray[Any]]]


def evaluate_columns(columns: CaseColumns, as_of: date, *, period_end: date | None = None,
                     engine: Engine | None = None, chunk: int = CHUNK,
                     originals: list[Mapping[str, Any]] | None = None) -> ResultColumns:
    """Evaluate every case of `columns`; fallback cases go through `evaluate_case`."""
    engine = engine or Engine.default()
    comp = _compiled(engine)
    as_of_day = (as_of - EPOCH).days
    pe_day = None if period_end is None else (period_end - EPOCH).days
    parts: list[_Part] = []
    chunk = min(chunk, 1 << 24)
    if len(comp.rules.slot_ids) > 1 << 8:
        raise ValueError("the bulk path packs rule slots in 8 bits")
    for lo in range(0, columns.n_cases, chunk):
        hi = min(lo + chunk, columns.n_cases)
        state = _Chunk(comp, columns, lo, hi, as_of_day, pe_day)
        state.run()
        status, flags, open_obs = state.results(engine.thresholds)
        parts.append((status, flags, state.fallback,
                       _compact(open_obs, lo, state.fallback, OPEN_COLUMNS),
                       _compact(state.done, lo, state.fallback, DONE_COLUMNS)))
    result = _assemble(parts, as_of, comp.rules)
    for index in columns.extras:
        result.fallback[index] = True
    for index in np.flatnonzero(result.fallback).tolist():
        case = originals[index] if originals is not None else columns.to_case(index)
        result.fallback_results[index] = evaluate_case(case, as_of, period_end=period_end,
                                                       engine=engine)
    return result


def _compact(tables: list[dict[str, Ints]], lo: int, fallback: Bools,
             names: tuple[str, ...]) -> dict[str, npt.NDArray[Any]]:
    """One chunk's table without fallback cases, ordered by case, start, rule id (then
    closing order, as `finish` sorts), case numbers shifted, in small dtypes."""
    if not tables:
        return {name: np.zeros(0, dtype=_COMPACT[name]) for name in names}
    cols = {name: np.concatenate([t[name] for t in tables]) for name in tables[0]}
    keep = ~fallback[cols["case"]]
    cols = {name: col[keep] for name, col in cols.items()}
    # One packed key: case (< 2^24 per chunk), start (< 2^15: the calendar's day numbers),
    # slot (< 2^8), closing order (< 2^16).
    start = np.clip(cols["start"], 0, (1 << 15) - 1)
    key = ((cols["case"] << 15 | start) << 8 | cols["slot"]) << 16
    if "seq" in cols:
        key |= np.minimum(cols["seq"], (1 << 16) - 1)
    order = np.argsort(key, kind="stable")
    out = {name: cols[name][order].astype(_COMPACT[name]) for name in names}
    out["case"] += lo
    return out


def _merge(tables: list[dict[str, npt.NDArray[Any]]],
           names: tuple[str, ...]) -> dict[str, npt.NDArray[Any]]:
    """Chunks come in case order, each already sorted: concatenating keeps the order."""
    return {name: (np.concatenate([t[name] for t in tables]) if tables
                   else np.zeros(0, dtype=_COMPACT[name])) for name in names}


def _assemble(parts: list[_Part], as_of: date, compiled: CompiledRules) -> ResultColumns:
    def cat(arrays: list[npt.NDArray[Any]], dtype: Any) -> npt.NDArray[Any]:
        return np.concatenate(arrays) if arrays else np.zeros(0, dtype=dtype)

    return ResultColumns(
        as_of=as_of, status=cat([p[0] for p in parts], np.int8),
        flags=cat([p[1] for p in parts], np.uint8), fallback=cat([p[2] for p in parts], np.bool_),
        open=_merge([p[3] for p in parts], OPEN_COLUMNS),
        done=_merge([p[4] for p in parts], DONE_COLUMNS), compiled=compiled,
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
        out = []
        for index in wanted:
            if index in res.fallback_results:
                out.append(res.fallback_results[index])
                continue
            flags = [name for bit, name in enumerate(FLAG_NAMES) if int(res.flags[index]) >> bit & 1]
            out.append({
                "id": index if self.ids is None else self.ids[index], "as_of": self.as_of,
                "status": STATUS_CODES[int(res.status[index])], "flags": flags,
                "open_obligations": [self._open(i) for i in range(open_at[index], open_at[index + 1])],
                "closed_obligations": [self._done(i) for i in range(done_at[index],
                                                                    done_at[index + 1])],
                "errors": []})
        return out

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
                  chunk: int = CHUNK) -> list[dict[str, Any]]:
    """Same output as `list(evaluate_cases(cases, as_of, ...))`, computed column-wise."""
    originals = list(cases)
    columns = from_cases(originals)
    result = evaluate_columns(columns, as_of, period_end=period_end, engine=engine, chunk=chunk,
                              originals=originals)
    return result.to_dicts(columns.ids)
