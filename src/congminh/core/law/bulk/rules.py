"""The RuleSet compiled into lookup tables for the bulk path (read-only use of `rules`).

Nothing here is hand-written per rule: every rule id becomes a "slot" (a case holds at most
one running clock per rule id on the vectorised path), every version's ends / extension /
suspension / resumption / reclassification events become an action table, and the clocks an
event starts are computed by calling the per-case objects themselves (`versions_for`,
`StartSpec.applies`, `Rule.select`) once per distinct combination of
(rule era, case context, event fields, derived context), then cached in dense arrays.
Context keys the columns cannot carry (`expertise_kind`, `level`, ...) are simply absent,
exactly as in the reducer for such a case. A rule using a feature this module does not model
(occurrence caps together with versions or restarts, an unknown suspension effect) makes
the cases starting it fall back to the per-case path.
"""

from __future__ import annotations

import math
import threading
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt

from ..events import APPEAL_EXCEPTIONS, DERIVED, PASSIVE
from ..rules import Duration, Rule, RuleSet, matches
from .columns import (
    CASE_KIND_CODES,
    CATEGORY_CODES,
    EPOCH,
    EVENT_CODES,
    EVENT_INDEX,
    FIELD_VALUES,
    LEVEL_VALUES,
    PROCEDURE_CODES,
)
from .derive import N_DCTX, decode_derived

NONE, END, EXTEND, SUSPEND, RESUME, RECLASSIFY = range(6)
# The start tables' key is a mixed-radix number of (case context, rule era, event fields,
# derived facts); each radix is the number of values it codes, read from the codes.
N_CCTX = len(PROCEDURE_CODES) * len(CATEGORY_CODES) * 2 * len(CASE_KIND_CODES)
N_FCODE = math.prod(len(values) for values in FIELD_VALUES.values())  # `field_code`
NOT_STARTED, SELECT_ERROR = -2, -1
# The start tables are filled lazily and shared by the threads of a threaded scheduler: a
# fill (rows appended, then published in the index) and a materialisation never interleave.
FILL_LOCK = threading.RLock()
# Context keys the bulk path carries: a rule matching on any other key the reducer may set
# (e.g. `custody_stage`) sends the cases it would start to the per-case path.
# Event details the columns do not hold: a case that gives one falls back to the per-case
# path (`columns.py`), so on this path they are always absent and the rules reading them
# (BLTTDS Đ.280 k1's `prosecutor_absent`, Luật THADS Đ.44 k2's `reverify_yearly`) take
# their "not given" branch here.
# So are `appeal_received`'s exceptions (simplified procedure, foreign element: BLTTDS
# Đ.286 k4) and the simplified procedure of `accepted` (BLTTDS Đ.318), which the rules read
# through `Effects.keeps`: absent here, those rules start as for any other case.
ABSENT_HERE = frozenset({"prosecutor_absent", "reverify_yearly", *APPEAL_EXCEPTIONS})
MODELLED_KEYS = frozenset({"procedure", "category", "national_security", "case_kind",
                           *DERIVED, *FIELD_VALUES, *ABSENT_HERE})
_UNIT_DAYS = {"days": 1, "months": 31, "custody_months": 30, "hours": 1, "working_days": 3}


def _days_bound(duration: Duration) -> int:
    """An upper bound of a duration in calendar days (for range checks only)."""
    return duration.length * _UNIT_DAYS[duration.unit] + 10


@dataclass
class StartTable:
    """Lazily filled: composite key -> descriptor; descriptor -> clocks started."""

    slots: list[int]  # slots this event type may start, in the engine's start order
    index: npt.NDArray[np.int32]  # composite key -> descriptor (-1: not computed yet)
    fallback: list[bool]
    lim: list[list[int]]  # per descriptor, per slot in `slots`
    ver: list[list[int]]
    ctx: list[list[int]]
    from_slot: list[list[int]]
    arrays: dict[str, npt.NDArray[Any]] | None = None

    def materialise(self) -> dict[str, npt.NDArray[Any]]:
        with FILL_LOCK:  # not between a `fill`'s appends (the lists' lengths would differ)
            return self._materialise()

    def _materialise(self) -> dict[str, npt.NDArray[Any]]:
        if self.arrays is None:
            arrays: dict[str, npt.NDArray[Any]] = {
                "fallback": np.array(self.fallback, dtype=np.bool_),
                "lim": np.array(self.lim, dtype=np.int64).reshape(-1, len(self.slots)),
                "ver": np.array(self.ver, dtype=np.int64).reshape(-1, len(self.slots)),
                "ctx": np.array(self.ctx, dtype=np.int64).reshape(-1, len(self.slots)),
                "from_slot": np.array(self.from_slot, dtype=np.int64).reshape(-1, len(self.slots)),
            }
            arrays["any_from"] = np.asarray((arrays["from_slot"] >= 0).any(axis=0))
            self.arrays = arrays
        return self.arrays


class CompiledRules:
    def __init__(self, rules: RuleSet) -> None:
        self.rules = rules
        by_id: dict[str, list[Rule]] = {}
        for rule in rules.all():
            by_id.setdefault(rule.id, []).append(rule)
        self.slot_ids = sorted(by_id)
        self.slot_of = {rule_id: s for s, rule_id in enumerate(self.slot_ids)}
        self.versions = [sorted(by_id[i], key=lambda r: r.valid_from) for i in self.slot_ids]
        self._version_of = {id(r): (s, v) for s, vs in enumerate(self.versions)
                            for v, r in enumerate(vs)}
        self.keys = self._context_keys()
        self._eras()
        self.unsupported_slots = {s for s in range(len(self.slot_ids)) if not self._slot_ok(s)}
        self.counted = {s for s, vs in enumerate(self.versions)
                        if any(lim.max_occurrences is not None for r in vs for lim in r.limits)}
        self.actions = self._action_tables()
        self.reactors = {t: [s for s in range(len(self.slot_ids))
                             if (self.actions[s][:, t] != NONE).any()]
                         for t in range(len(EVENT_CODES))}
        self.starters = {t: self._starters(t) for t in range(len(EVENT_CODES))}
        self.passive = np.array([name in PASSIVE for name in EVENT_CODES], dtype=np.bool_)
        self.contexts: list[dict[str, Any]] = []
        self._context_code: dict[tuple[Any, ...], int] = {}
        self.start_tables: dict[int, StartTable] = {}
        self.lazy: dict[tuple[Any, ...], Any] = {}
        self.max_days = max(self._headroom_days(r) for r in rules.all())
        reclassified = {k for r in rules.all() for u in r.reclassify.values() for k in u}
        self.modelled = MODELLED_KEYS | reclassified
        self.end_when = {t: [s for s in range(len(self.slot_ids))
                             if any(name in r.end_when for r in self.versions[s])]
                         for t, name in enumerate(EVENT_CODES)}
        # Conditional ends (`protest_lodged` with `level`) make their slots react too.
        for t, slots in self.end_when.items():
            self.reactors[t] = sorted(set(self.reactors[t]) | set(slots))

    # -- compile-time facts --
    def _context_keys(self) -> set[str]:
        keys: set[str] = set()
        for rule in self.rules.all():
            for limit in rule.limits:
                keys |= set(limit.when)
            for spec in rule.starts:
                keys |= spec.condition_keys
        return keys

    def _eras(self) -> None:
        bounds = set()
        for rule in self.rules.all():
            bounds.add((rule.valid_from - EPOCH).days)
            if rule.valid_to is not None:
                bounds.add((rule.valid_to - EPOCH).days + 1)
        self.era_bounds = np.array(sorted(bounds), dtype=np.int64)
        firsts = [EPOCH + timedelta(days=int(b)) for b in self.era_bounds]
        self.era_dates: list[date] = [firsts[0] - timedelta(days=1), *firsts]

    def era_of(self, day: npt.NDArray[np.int64]) -> npt.NDArray[np.int64]:
        return np.searchsorted(self.era_bounds, day, side="right").astype(np.int64)

    def _slot_ok(self, s: int) -> bool:
        versions = self.versions[s]
        counted = any(lim.max_occurrences is not None for r in versions for lim in r.limits)
        if counted:
            # Occurrence counting assumes one version, no reclassification and no restarts.
            restarted = any(r.restart_rule == self.slot_ids[s] or
                            (r.id == self.slot_ids[s] and r.suspension_effect.startswith("restart"))
                            for r in self.rules.all())
            if len(versions) > 1 or versions[0].reclassify or restarted:
                return False
        for rule in versions:
            if rule.suspension_effect not in ("none", "pause", "restart_full", "restart_rule"):
                return False
            if set(rule.resume_events) & set(rule.reclassify):
                return False
        return True

    def _action_tables(self) -> list[npt.NDArray[np.int8]]:
        out = []
        for versions in self.versions:
            table = np.zeros((len(versions), len(EVENT_CODES)), dtype=np.int8)
            for v, rule in enumerate(versions):
                for t, name in enumerate(EVENT_CODES):
                    table[v, t] = self._action(rule, name)
            out.append(table)
        return out

    @staticmethod
    def _action(rule: Rule, name: str) -> int:
        # Same precedence as the reducer's elif chain (`end_when` is resolved per row).
        if name in rule.ends:
            return END
        if name == rule.extend_event:
            return EXTEND
        if name in rule.suspend_events and rule.suspension_effect != "none":
            return SUSPEND
        if name in rule.resume_events:
            return RESUME
        if name in rule.reclassify:
            return RECLASSIFY
        return NONE

    def _starters(self, t: int) -> list[int]:
        name = EVENT_CODES[t]
        found = {self.slot_of[r.id] for r in self.rules.all()
                 for spec in r.starts if spec.event == name}
        return sorted(found)

    def _headroom_days(self, rule: Rule) -> int:
        return max(_days_bound(lim.duration) + sum(_days_bound(t.max) for t in lim.extensions)
                   for lim in rule.limits)

    # -- contexts --
    def context_code(self, context: Mapping[str, Any]) -> int:
        """Intern the context projected on the keys any rule matches on."""
        key = tuple(context.get(k) for k in sorted(self.keys))
        code = self._context_code.get(key)
        if code is None:
            code = len(self.contexts)
            self._context_code[key] = code
            self.contexts.append({k: v for k, v in zip(sorted(self.keys), key, strict=True)
                                  if v is not None})
        return code

    def version_index(self, rule: Rule) -> tuple[int, int]:
        return self._version_of[id(rule)]

    # -- start descriptors --
    @property
    def start_key_space(self) -> int:
        """The number of composite keys (case context, era, event fields, derived facts)."""
        return (len(self.era_bounds) + 1) * N_CCTX * N_FCODE * N_DCTX

    def start_table(self, t: int) -> StartTable:
        table = self.start_tables.get(t)
        if table is None:
            with FILL_LOCK:  # one table per event type, whichever thread asks first
                return self._new_start_table(t)
        return table

    def _new_start_table(self, t: int) -> StartTable:
        table = self.start_tables.get(t)
        if table is None:
            table = StartTable(self.starters[t], np.full(self.start_key_space, -1, dtype=np.int32),
                               [], [], [], [], [])
            self.start_tables[t] = table
        return table

    def fill(self, t: int, keys: npt.NDArray[np.int64]) -> None:
        """Compute the descriptors of composite `keys` (not yet computed) of event type `t`."""
        with FILL_LOCK:
            table = self.start_table(t)
            for key in np.unique(keys).tolist():
                if table.index[key] >= 0:
                    continue  # another thread described it meanwhile
                self._describe(t, int(key), table)
                # Published last: a thread that reads the index finds the row it names.
                table.index[key] = len(table.fallback) - 1
            table.arrays = None

    def _describe(self, t: int, key: int, table: StartTable) -> None:
        # Key layout (`chunk.Chunk._start`): ((cctx * eras + era) * N_FCODE + fcode) * N_DCTX
        # + dctx, so the event's (era, fcode) part is computed once per event.
        rest, dctx = divmod(key, N_DCTX)
        rest, fcode = divmod(rest, N_FCODE)
        cctx, era = divmod(rest, len(self.era_bounds) + 1)
        base = decode_context(cctx, fcode, dctx)
        name = EVENT_CODES[t]
        lims = [NOT_STARTED] * len(table.slots)
        vers, ctxs, froms = [0] * len(table.slots), [0] * len(table.slots), [-1] * len(table.slots)
        fallback = False
        candidates = self.rules.versions_for(str(base["procedure"]), self.era_dates[era])
        ordered = sorted(((r, spec) for r in candidates for spec in r.starts if spec.event == name),
                         key=lambda rs: rs[1].from_due_of is not None)
        for rule, spec in ordered:
            if not spec.applies(base):
                continue
            s, v = self.version_index(rule)
            j = table.slots.index(s)
            if lims[j] != NOT_STARTED or s in self.unsupported_slots or not self._modelled(rule):
                fallback = True  # two clocks of one rule, or an unmodelled feature
            selected = rule.select(base)
            lims[j] = SELECT_ERROR if selected is None else selected
            vers[j], ctxs[j] = v, self.context_code(base)
            froms[j] = self.slot_of[spec.from_due_of] if spec.from_due_of else -1
        table.fallback.append(fallback)
        table.lim.append(lims)
        table.ver.append(vers)
        table.ctx.append(ctxs)
        table.from_slot.append(froms)

    def _modelled(self, rule: Rule) -> bool:
        # Starts on events the columns never hold (a case with one goes per case: e.g. the
        # cancellation of the simplified procedure, read by `custody_stage`) do not count.
        # A start dated by an earlier event (`from_date_of`) is per case only.
        keys = {k for lim in rule.limits for k in lim.when}
        keys |= {k for spec in rule.starts if spec.event in EVENT_INDEX for k in spec.condition_keys}
        dated = any(spec.from_date_of and spec.event in EVENT_INDEX for spec in rule.starts)
        return keys <= self.modelled and not dated

    def ends_on(self, s: int, v: int, t: int, fcode: int, level: int = 0) -> bool:
        """`Rule.ends_on` for a conditional end (`end_when`), the event's field code and
        its `level` code (`LEVEL_VALUES`)."""
        key = ("ends", s, v, t, fcode, level)
        found = self.lazy.get(key)
        if found is None:
            decoded = decode_context(0, fcode, 0)
            fields = {name: value for name, value in decoded.items() if name in FIELD_VALUES}
            if level:
                fields["level"] = LEVEL_VALUES[level]
            found = self.versions[s][v].ends_on(EVENT_CODES[t], fields)
            self.lazy[key] = found
        return bool(found)

    def occurrence_matches(self, s: int, ctx: int) -> npt.NDArray[np.int8]:
        """Which limits of slot `s` an earlier clock with context `ctx` counts towards."""
        key = ("occ", s, ctx)
        found = self.lazy.get(key)
        if found is None:
            limits = self.versions[s][0].limits
            found = np.array([matches(lim.when, self.contexts[ctx]) for lim in limits], dtype=np.int8)
            self.lazy[key] = found
        result: npt.NDArray[np.int8] = found
        return result

    def restart(self, s: int, v: int, ctx: int, era: int) -> tuple[int, int, int]:
        """(slot, version, limit or SELECT_ERROR) of the clock a resumption restarts."""
        key = ("restart", s, v, ctx, era)
        found = self.lazy.get(key)
        if found is None:
            rule = self.versions[s][v]
            if rule.suspension_effect == "restart_rule" and rule.restart_rule:
                rule = self.rules.get(rule.restart_rule, self.era_dates[era])
            s2, v2 = self.version_index(rule)
            selected = rule.select(self.contexts[ctx])
            found = (s2, v2, SELECT_ERROR if selected is None else selected)
            self.lazy[key] = found
        out: tuple[int, int, int] = found
        return out

    def reclassify(self, s: int, v: int, ctx: int, t: int, lim: int) -> tuple[int, int]:
        """(new context, new limit) after reclassifying event `t`; the limit stays if none fits."""
        key = ("reclassify", s, v, ctx, t, lim)
        found = self.lazy.get(key)
        if found is None:
            rule = self.versions[s][v]
            context = {**self.contexts[ctx], **rule.reclassify[EVENT_CODES[t]]}
            selected = rule.select(context)
            found = (self.context_code(context), lim if selected is None else selected)
            self.lazy[key] = found
        out: tuple[int, int] = found
        return out


def decode_context(cctx: int, fcode: int, dctx: int) -> dict[str, Any]:
    """The reducer's `base` context (projected on modelled keys) for one composite key."""
    rest, kind = divmod(cctx, len(CASE_KIND_CODES))
    rest, security = divmod(rest, 2)
    procedure, category = divmod(rest, len(CATEGORY_CODES))
    base: dict[str, Any] = {"procedure": PROCEDURE_CODES[procedure],
                            "category": CATEGORY_CODES[category],
                            "national_security": bool(security),
                            "case_kind": CASE_KIND_CODES[kind]}
    base.update(decode_derived(dctx))
    for name in reversed(list(FIELD_VALUES)):
        fcode, code = divmod(fcode, len(FIELD_VALUES[name]))
        if code:
            base[name] = FIELD_VALUES[name][code]
    return base


def case_context_code(procedure: npt.NDArray[Any], category: npt.NDArray[Any],
                      security: npt.NDArray[Any], kind: npt.NDArray[Any]) -> npt.NDArray[np.int64]:
    code = procedure.astype(np.int64) * len(CATEGORY_CODES) + category
    code = (code * 2 + security) * len(CASE_KIND_CODES) + kind
    out: npt.NDArray[np.int64] = code.astype(np.int64)
    return out


def field_code(fields: Mapping[str, npt.NDArray[Any]]) -> npt.NDArray[np.int64]:
    """The event fields' codes (`FIELD_VALUES`, in its order) as one mixed-radix number."""
    code = np.zeros(len(next(iter(fields.values()))), dtype=np.int64)
    for name, values in FIELD_VALUES.items():
        code = code * len(values) + fields[name]
    return code
