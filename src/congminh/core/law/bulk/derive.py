"""Case-level effects of events on the arrays: the catalogue's `events.Effects`, applied to
every case of a chunk as `reduce._Reducer._update_derived` applies them to one case.

Nothing here names an event type: each event code's effects are read from the catalogue
and compiled once (`EFFECTS`). The derived facts (`events.DERIVED`: `returned_by`,
`verification`, `appellate`) of a case are one small integer, `dctx`, a mixed-radix
number with one digit per fact (the index of its value in DERIVED), which is also the last
part of the start tables' key (`rules.CompiledRules`). An effect the arrays do not model
(a fact copied from a field the columns do not carry, a requalification, an answer to a
request, a delivery to a person) sends the cases it touches to the per-case path.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from ..events import APPELLATE_JUDGMENT, DERIVED, EVENT_TYPES
from .columns import EVENT_CODES, FIELD_VALUES

Ints = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]
Days = npt.NDArray[np.int32]

DERIVED_KEYS = tuple(DERIVED)
_RADIX = tuple(len(DERIVED[key]) for key in DERIVED_KEYS)
# The derived code's range, hence the start tables' last dimension: one code per
# combination of the facts' values (3 x 3 x 3 = 27 with today's catalogue).
N_DCTX = math.prod(_RADIX)
# Place value of each fact's digit in the code (the last fact varies fastest).
WEIGHT = {key: math.prod(_RADIX[i + 1:]) for i, key in enumerate(DERIVED_KEYS)}


def _index(values: tuple[Any, ...], value: Any) -> int | None:
    """The index of `value` in `values`, same type required (`True == 1` in Python)."""
    for i, known in enumerate(values):
        if type(known) is type(value) and known == value:
            return i
    return None


def encode_derived(derived: Mapping[str, Any]) -> int:
    """The code of these derived facts (absent ones: not derived yet)."""
    code = 0
    for key in DERIVED_KEYS:
        at = _index(DERIVED[key], derived.get(key))
        if at is None:
            raise ValueError(f"{key}={derived.get(key)!r} is not in events.DERIVED")
        code += at * WEIGHT[key]
    return code


def decode_derived(code: int) -> dict[str, Any]:
    """The derived facts of a code, those derived only (as the reducer's context has them).

    >>> decode_derived(encode_derived({"returned_by": "court", "appellate": False}))
    {'returned_by': 'court', 'appellate': False}
    """
    out: dict[str, Any] = {}
    for key in DERIVED_KEYS:
        value = DERIVED[key][code // WEIGHT[key] % len(DERIVED[key])]
        if value is not None:
            out[key] = value
    return out


# (place value, radix, value index) of each fact a condition on derived facts names.
_Digits = tuple[tuple[int, int, int], ...]


def _digits(when: Mapping[str, Any]) -> _Digits | None:
    out = []
    for key, value in when.items():
        at = _index(DERIVED[key], value) if key in DERIVED else None
        if at is None:
            return None
        out.append((WEIGHT[key], len(DERIVED[key]), at))
    return tuple(out)


_APPELLATE = _digits(APPELLATE_JUDGMENT)


@dataclass(frozen=True)
class TypeEffects:
    """One event code's effects, ready for the arrays."""

    # (place value, radix, field, field code -> value index of the fact)
    copies: tuple[tuple[int, int, str, Ints], ...] = ()
    sets: tuple[tuple[int, int, int], ...] = ()  # (place value, radix, value index)
    # (place value, radix, field, field code): one step when the event's field has the code
    advances: tuple[tuple[int, int, str, int], ...] = ()
    returns: bool = False
    suspends: bool = False
    closes: bool = False
    judgment: bool = False
    after_judgment: bool = False  # an appeal or a protest, kept with the judgment
    unmodelled: bool = False  # the cases go to the per-case path


def _compile(name: str) -> TypeEffects | None:
    fx = EVENT_TYPES[name].effects
    copies: list[tuple[int, int, str, Ints]] = []
    sets: list[tuple[int, int, int]] = []
    advances: list[tuple[int, int, str, int]] = []
    unmodelled = (fx.requalifies or fx.answers is not None
                  or fx.after_judgment not in (None, "appeal", "protest")
                  or (fx.judgment and _APPELLATE is None))
    for key, source in fx.copies.items():
        if key not in DERIVED or source not in FIELD_VALUES:
            unmodelled = True
            continue
        table = [_index(DERIVED[key], value) for value in FIELD_VALUES[source]]
        unmodelled |= None in table
        codes = np.array([-1 if c is None else c for c in table], dtype=np.int64)
        copies.append((WEIGHT[key], len(DERIVED[key]), source, codes))
    for key, value in fx.sets.items():
        digits = _digits({key: value})
        if digits is None:
            unmodelled = True
            continue
        sets.extend(digits)
    for key, when in fx.advances.items():
        if key not in DERIVED or len(when) != 1 or not set(when) <= set(FIELD_VALUES):
            unmodelled = True
            continue
        ((source, value),) = when.items()
        code = _index(FIELD_VALUES[source], value)
        if code is None:
            unmodelled = True
            continue
        advances.append((WEIGHT[key], len(DERIVED[key]), source, code))
    # Effects the case-level arrays do not keep: resumptions only close the suspension a
    # `suspended_ground_ended` answer is matched against (answers name a ref: per-case),
    # `final` is read by `status.py`, the custody stage only by custody rules (per person),
    # `keeps` names fields the columns do not carry (`rules.ABSENT_HERE`: per-case) or, for
    # `appeal_received`'s `court`, fields only per-case clocks read on later events (detention
    # orders name a person; the cancellation of the simplified procedure is not in the columns).
    if not (copies or sets or advances or fx.returns or fx.suspends or fx.closes or fx.judgment
            or fx.after_judgment or unmodelled):
        return None
    return TypeEffects(tuple(copies), tuple(sets), tuple(advances), fx.returns, fx.suspends,
                       fx.closes, fx.judgment, fx.after_judgment is not None, unmodelled)


EFFECTS: tuple[TypeEffects | None, ...] = tuple(_compile(name) for name in EVENT_CODES)
# Event codes of appeals (as opposed to protests) among the ones kept with the judgment.
APPEALS = np.array([EVENT_TYPES[name].effects.after_judgment == "appeal" for name in EVENT_CODES],
                   dtype=np.bool_)


def _digit(code: npt.NDArray[Any], weight: int, radix: int) -> Ints:
    out: Ints = code.astype(np.int64) // weight % radix
    return out


class CaseFacts:
    """The case-level facts of a chunk's cases (rows), updated event by event: derived
    facts, counters, closure, the latest first-instance judgment and what followed it."""

    def __init__(self, n: int, fields: Mapping[str, npt.NDArray[np.int8]],
                 level: npt.NDArray[np.int8], fallback: Bools, judgment_ok: bool) -> None:
        self.dctx = np.zeros(n, dtype=np.int16)
        self.returns = np.zeros(n, dtype=np.int16)
        self.suspensions = np.zeros(n, dtype=np.int16)
        self.closed = np.zeros(n, dtype=np.bool_)
        self.judged = np.full(n, -1, dtype=np.int32)  # latest first-instance judgment
        self.appeals: list[dict[str, Any]] = []
        self.fields, self.level, self.fallback = fields, level, fallback
        # Every appeal/protest window's due date is fixed when it opens (`tables.py`);
        # otherwise judged cases go per-case.
        self.judgment_ok = judgment_ok
        self.seq = 0

    def apply(self, t: int, rows: Ints, pos: Ints, day: Days) -> None:
        """The effects of event code `t` on `rows`, event positions `pos`, dated `day`."""
        fx = EFFECTS[t]
        if fx is None:
            return
        if fx.unmodelled:
            self.fallback[rows] = True
            return
        dctx = self.dctx
        for weight, radix, source, table in fx.copies:
            new = table[self.fields[source][pos]]
            self.fallback[rows[new < 0]] = True
            dctx[rows] += (np.maximum(new, 0) - _digit(dctx[rows], weight, radix)) * weight
        for weight, radix, value in fx.sets:
            dctx[rows] += (value - _digit(dctx[rows], weight, radix)) * weight
        for weight, radix, source, code in fx.advances:
            now = _digit(dctx[rows], weight, radix)
            step = np.minimum(now + (self.fields[source][pos] == code), radix - 1) - now
            dctx[rows] += step * weight
        if fx.returns:
            self.returns[rows] += 1
        if fx.suspends:
            self.suspensions[rows] += 1
        if fx.closes:
            self.closed[rows] = True
        if fx.judgment:
            self._judgment(rows, day)
        if fx.after_judgment:
            self._after_judgment(t, rows, pos, day)

    def _judgment(self, rows: Ints, day: Days) -> None:
        # Outside an appeal (`events.APPELLATE_JUDGMENT`): a first-instance judgment.
        assert _APPELLATE is not None  # else `unmodelled`
        appellate = np.ones(len(rows), dtype=np.bool_)
        for weight, radix, value in _APPELLATE:
            appellate &= _digit(self.dctx[rows], weight, radix) == value
        first = ~appellate
        self.judged[rows[first]] = day[first]
        if not self.judgment_ok:
            self.fallback[rows[first]] = True

    def _after_judgment(self, t: int, rows: Ints, pos: Ints, day: Days) -> None:
        after = self.judged[rows] >= 0
        if after.any():
            self.seq += 1
            m = int(after.sum())
            self.appeals.append({
                "case": rows[after], "type": np.full(m, t, dtype=np.int16), "day": day[after],
                "level": self.level[pos[after]], "seq": np.full(m, self.seq, dtype=np.int32)})
