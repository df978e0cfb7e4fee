"""The event loop of the bulk path: one chunk's cases, their events applied in order.

`Chunk.run` applies the k-th events of every case at once, grouped by event type: the
rule clocks the event reacts to end, extend, pause, resume (and restart) or reclassify
(`rules.CompiledRules.actions`), the case-level facts change as the event catalogue says
(`derive.CaseFacts`), then the clocks it starts open (`rules.CompiledRules.start_table`).
A case the arrays cannot follow is marked in `fallback` and evaluated per case instead.
What the chunk holds afterwards is read by `status.py` and `judgment.py`.
"""

from __future__ import annotations

import threading
from typing import Any

import numpy as np
import numpy.typing as npt

from .columns import EVENT_CODES, FIELD_VALUES, LEVEL_VALUES, UNIT_CODES, CaseColumns
from .dates import OUT, UNITS, Days, Ints
from .derive import N_DCTX, CaseFacts
from .rules import (
    END,
    EXTEND,
    N_FCODE,
    NOT_STARTED,
    RECLASSIFY,
    RESUME,
    SELECT_ERROR,
    SUSPEND,
    StartTable,
    case_context_code,
    field_code,
)
from .state import ClockState, Slot
from .tables import Compiled

Bools = npt.NDArray[np.bool_]
_START_ARRAYS_LOCK = threading.Lock()
_MONTHS = UNIT_CODES.index("months")  # `ev_unit` code of an extension in months
RESTARTED = -1  # end "event" of a clock closed by its own restart (not a done obligation)


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


class Chunk:
    """State of `hi - lo` cases while their events are applied in order."""

    def __init__(self, comp: Compiled, cols: CaseColumns, lo: int, hi: int, as_of: int,
                 period_end: int | None, state: ClockState | None = None) -> None:
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
        fields = {name: cols.field_column(name)[e_lo:e_hi][src] for name in FIELD_VALUES}
        self.fcode = field_code(fields).astype(np.int32)
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
                      else ClockState(len(self.rules.slot_ids), n))
        self.slots: dict[int, Slot] = {}
        self.occ: dict[tuple[int, int], Ints] = {}
        self.fallback = np.zeros(n, dtype=np.bool_)
        self.fallback[self.unsorted] = True
        self.open_at_pe = np.zeros(n, dtype=np.bool_)
        self.n_ext = np.zeros(n, dtype=np.int16)  # extensions granted (flag `prolonged`)
        # Derived facts (as the start tables' key wants them: `derive.N_DCTX` codes),
        # counters, closure and judgments: the catalogue's effects of the events.
        self.facts = CaseFacts(n, fields, self.ev_level, self.fallback, comp.judgment_ok)
        self.last_stage = np.full(n, -1, dtype=np.int16)  # set by `status.case_results`
        self.done: dict[int, list[dict[str, Any]]] = {}  # slot -> clocks ended by an act
        self.windows: list[dict[str, Any]] = []  # appeal/protest windows as they open
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

    def slot(self, s: int) -> Slot:
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
        self.facts.apply(t, rows, pos, day)
        if self.rules.starters[t]:
            handled |= self._start(t, rows, pos, day)
        if not self.rules.passive[t]:
            self.fallback[rows[~handled]] = True

    def _conditional_ends(self, s: int, t: int, rows: Ints, pos: Ints,
                          acts: npt.NDArray[np.int8]) -> npt.NDArray[np.int8]:
        n_level = len(LEVEL_VALUES)
        combo = ((self.slots[s].ver[rows].astype(np.int64) * N_FCODE + self.fcode[pos]) * n_level
                 + self.ev_level[pos])
        ends = np.zeros(len(rows), dtype=np.bool_)
        for key in np.unique(combo).tolist():
            rest, level = divmod(key, n_level)
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
            # Due dates of done clocks are computed once per slot at the end
            # (`status.done_tables`).
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
        months = self.ev_unit[pos] == _MONTHS
        new = np.where(months, self.days.add_months(current, length), current + length)
        custody = tab.custody[ver, lim]
        if custody.any():  # `clocks.in_limit_units`: custody months are 30 days
            new = np.where(custody & months, current + 30 * length, new)
        p = np.minimum(nex, tab.tier_len.shape[2] - 1)
        start = slot.start[rows]
        if tab.tier_whole.any():
            new = self._whole_limit(s, rows, ver, lim, nex, p, months, length, new)
        cap = tab.tier_cap(self.days, ver, lim, p, start, current)
        self.fallback[rows[(nex >= tab.tiers[ver, lim]) | (new > cap)]] = True
        slot.end[rows] = np.minimum(new, OUT)
        slot.nex[rows] = nex + 1
        self.n_ext[rows] += 1

    def _whole_limit(self, s: int, rows: Ints, ver: Any, lim: Any, nex: Any, p: Any,
                     months: Bools, length: Days, new: Days) -> Days:
        """`clocks.extended_end` under a tier restating the whole limit: a first extension
        in months of a limit in months is one limit counted from the start (1 + 1 month: 2
        months from the start); later extensions under such a tier go per case."""
        tab, slot = self.tables[s], self.slots[s]
        whole = tab.tier_whole[ver, lim, p] & (nex < tab.tiers[ver, lim])
        self.fallback[rows[whole & (nex > 0)]] = True
        unit, counted = np.divmod(tab.base_code[ver, lim].astype(np.int64), 2)
        sel = whole & (nex == 0) & months & (unit == UNITS.index("months"))
        if not sel.any():
            return new
        total = self.days.add_months(slot.start[rows[sel]], tab.base_len[ver, lim][sel] + length[sel])
        total = np.where((counted[sel] == 1) & (total < OUT), total - 1, total)
        out = new.copy()
        out[sel] = total
        return out

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
        # One int64 per distinct (version, context, era): radices from what they count.
        n_ctx, n_era = len(self.rules.contexts), len(self.rules.era_bounds) + 1
        combo = (slot.ver[rows].astype(np.int64) * n_ctx + slot.ctx[rows]) * n_era + era
        for key in np.unique(combo).tolist():
            sel = combo == key
            rest, e = divmod(key, n_era)
            v, ctx = divmod(rest, n_ctx)
            s2, v2, lim = self.rules.restart(s, v, ctx, e)
            if lim == SELECT_ERROR or s2 in self.rules.unsupported_slots:
                self.fallback[rows[sel]] = True
                continue
            m = int(sel.sum())
            self._open(s2, rows[sel], day[sel], np.full(m, v2, dtype=np.int8),
                       np.full(m, lim, dtype=np.int8), t, ctx)

    def _reclassify(self, s: int, t: int, rows: Ints) -> None:
        slot = self.slots[s]
        # One int64 per distinct (version, context, limit row), as in `_resume`.
        n_ctx, n_lim = len(self.rules.contexts), self.tables[s].base_len.shape[1]
        combo = ((slot.ver[rows].astype(np.int64) * n_ctx + slot.ctx[rows]) * n_lim
                 + slot.lim[rows])
        for key in np.unique(combo).tolist():
            sel = rows[combo == key]
            rest, lim = divmod(key, n_lim)
            v, ctx = divmod(rest, n_ctx)
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

    # -- starting clocks --
    def _start(self, t: int, rows: Ints, pos: Ints, day: Days) -> Bools:
        handled = np.zeros(len(rows), dtype=np.bool_)
        key = self.ckey[rows] + self.ekey[pos] + self.facts.dctx[rows]
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
        # The table is shared by every chunk of a run, and by threads when a scheduler runs
        # chunks in threads: the narrow arrays are added under a lock, or a thread could
        # see "plain" before the arrays that go with it.
        with _START_ARRAYS_LOCK:
            return self._add_start_arrays(table, arrays)

    def _add_start_arrays(self, table: StartTable, arrays: dict[str, Any]) -> dict[str, Any]:
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
                                 "lim": np.broadcast_to(lim, rows.shape)[w],
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
                                     "ver": ver[w], "lim": arrays["lim8"][dj][w],
                                     "start": start[w], "end": end[w],
                                     "kind": kind[w], "holder": arrays["holder"][dj[w]],
                                     "seq": np.full(int(w.sum()), self._next_seq(),
                                                    dtype=np.int32)})

    def _due(self, s: int, rows: Ints) -> Days:
        slot = self.slots[s]
        return self.tables[s].roll_due(self.days, slot.ver[rows], slot.lim[rows],
                                       slot.end[rows] + slot.paused[rows])

