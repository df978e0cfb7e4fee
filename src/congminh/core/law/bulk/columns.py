"""Columnar case input for the bulk path: contract-shaped case dicts <-> NumPy columns.

One `CaseColumns` holds N cases. Per-case columns: procedure, category, national_security,
case_kind (small int codes). Events are one flat table sorted by case, then date, then
file order (`ev_offsets[i]:ev_offsets[i+1]` are case i's events): type code, day number
(days since the calendar's first day, 2000-01-01), length and unit (`months`/`days`) and
the categorical fields `by`, `court`, `able`, `at`, `ground` as small ints (0 = absent).

A case that does not fit this schema exactly (an event type naming a person or a ref, an
unknown field or value, anything the per-case parser would reject) is kept as its original
dict in `extras` and is always evaluated by the per-case path: the columns never have to
reproduce an error message.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt

from ..events import (
    CASE_KINDS,
    CATEGORIES,
    DERIVED,
    EVENT_TYPES,
    LENGTH_ONE_OF,
    PROCEDURE_ORDER,
    PROTEST_LEVELS,
    field_choices,
)

# Every code below is an index into a tuple read from the event catalogue (`events.py`):
# a fact written there once is coded here, never restated.
EPOCH = date(2000, 1, 1)  # day number 0; equals the working calendar's first day
PROCEDURE_CODES = PROCEDURE_ORDER
CATEGORY_CODES: tuple[str | None, ...] = (None, *CATEGORIES)
CASE_KIND_CODES: tuple[str | None, ...] = (
    None, *(kind for procedure in PROCEDURE_ORDER for kind in CASE_KINDS.get(procedure, ())))
KIND_OF_PROCEDURE = CASE_KINDS
# Categorical event fields the columns carry (the ones the rules and the derived facts
# read on case-level events): code 0 is "absent"; values are the catalogue's from 1.
FIELD_VALUES: dict[str, tuple[Any, ...]] = {
    name: (None, *field_choices(name)) for name in ("by", "court", "able", "at")}
# `level` of `protest_lodged` only decides which protest window it ends (`end_when`) and
# which window its timeliness is judged by (judgment.py); no rule starts on it, so it is
# kept out of the start tables' field code.
LEVEL_VALUES: tuple[str | None, ...] = (None, *PROTEST_LEVELS)
UNIT_CODES = (None, *LENGTH_ONE_OF)
_CASE_KEYS_READ = {"procedure", "category", "national_security", "case_kind", "events"}
# Fields kept for the record that no rule, derived fact or effect reads (a closure's
# reason, a judgment's presiding judge, a decision's kind, a review's outcome): the columns
# check them as the per-case parser does and drop them, instead of sending the case to the
# per-case path (tests/core/law_bulk/test_record_only.py keeps them unread).
RECORD_ONLY = frozenset({"reason", "presiding_judge", "decision", "outcome", "fault", "review"})
_EVENT_KEYS = {"type", "date", *LENGTH_ONE_OF, "ground", "level", *FIELD_VALUES, *RECORD_ONLY}
_SUBJECT_FIELDS = {"person", "ref"}

# Event types a case-level history can use: none requires a person or a ref, nor sets a
# fact the arrays do not derive (the simplified procedure's decision, its cancellation and
# the move to the ordinary procedure set `simplified_procedure`, a detail read per case:
# `rules.ABSENT_HERE`); a case with one of those goes to the per-case path.
EVENT_CODES: tuple[str, ...] = tuple(
    name for name, spec in EVENT_TYPES.items()
    if not (_SUBJECT_FIELDS & set(spec.required)) and set(spec.effects.sets) <= set(DERIVED)
)
EVENT_INDEX = {name: code for code, name in enumerate(EVENT_CODES)}
# One event row of `from_cases`: type, day, length, unit, the fields, ground, level.
_ROW = 4 + len(FIELD_VALUES) + 2

I8 = npt.NDArray[np.int8]
I16 = npt.NDArray[np.int16]
I32 = npt.NDArray[np.int32]
I64 = npt.NDArray[np.int64]
Bools = npt.NDArray[np.bool_]


class Unfit(Exception):
    """The case cannot be represented exactly in columns (kept as a dict). Public, with
    `case_row` and `event_row`: the exchange's columnar reader (`core.exchange.columnar`)
    asks the very same questions of exchanged rows."""


@dataclass
class CaseColumns:
    procedure: I8
    category: I8
    national_security: Bools
    case_kind: I8
    ev_offsets: I64
    ev_type: I16
    ev_day: I32
    ev_len: I16
    ev_unit: I8
    ev_by: I8
    ev_court: I8
    ev_able: I8
    ev_at: I8
    ev_ground: I16
    grounds: list[str] = field(default_factory=list)  # ground code g -> grounds[g - 1]
    ids: list[Any] | None = None  # None: the case index is its id
    extras: dict[int, Mapping[str, Any]] = field(default_factory=dict)
    ev_level: I8 = field(default_factory=lambda: np.zeros(0, dtype=np.int8))  # LEVEL_VALUES

    def __post_init__(self) -> None:
        if len(self.ev_level) != len(self.ev_type):  # columns built without protests' levels
            self.ev_level = np.zeros(len(self.ev_type), dtype=np.int8)

    @property
    def n_cases(self) -> int:
        return len(self.procedure)

    def field_column(self, name: str) -> I8:
        """The column of the categorical event field `name` (`FIELD_VALUES`)."""
        column: I8 = getattr(self, f"ev_{name}")
        return column

    def case_id(self, index: int) -> Any:
        return index if self.ids is None else self.ids[index]

    def to_case(self, index: int) -> Mapping[str, Any]:
        """The contract dict of case `index` (its original dict for an extra)."""
        if index in self.extras:
            return self.extras[index]
        case: dict[str, Any] = {"id": self.case_id(index),
                                "procedure": PROCEDURE_CODES[int(self.procedure[index])]}
        category = CATEGORY_CODES[int(self.category[index])]
        if category is not None:
            case["category"] = category
        if self.national_security[index]:
            case["national_security"] = True
        kind = CASE_KIND_CODES[int(self.case_kind[index])]
        if kind is not None:
            case["case_kind"] = kind
        lo, hi = int(self.ev_offsets[index]), int(self.ev_offsets[index + 1])
        case["events"] = [self.event(i) for i in range(lo, hi)]
        return case

    def event(self, i: int) -> dict[str, Any]:
        """Event row `i` as its contract dict (type, date and the fields it carries)."""
        out: dict[str, Any] = {"type": EVENT_CODES[int(self.ev_type[i])],
                               "date": (EPOCH + timedelta(days=int(self.ev_day[i]))).isoformat()}
        unit = UNIT_CODES[int(self.ev_unit[i])]
        if unit is not None:
            out[unit] = int(self.ev_len[i])
        for name, values in FIELD_VALUES.items():
            code = int(self.field_column(name)[i])
            if code:
                out[name] = values[code]
        if self.ev_ground[i]:
            out["ground"] = self.grounds[int(self.ev_ground[i]) - 1]
        if self.ev_level[i]:
            out["level"] = LEVEL_VALUES[int(self.ev_level[i])]
        return out


def concat_columns(parts: Sequence[CaseColumns]) -> CaseColumns:
    """The cases of `parts` as one `CaseColumns`, in that order (case `i` of the k-th part
    at `i` plus the cases before it): one evaluation for several sets of columns (the
    national path's partitions of a province), each case's answer the same as alone. The
    grounds are merged (each part's codes renumbered); a part without `ids` is numbered by
    its own indexes."""
    if len(parts) == 1:
        return parts[0]
    grounds: dict[str, int] = {}
    ev_ground: list[I16] = []
    ids: list[Any] = []
    extras: dict[int, Mapping[str, Any]] = {}
    starts = np.cumsum([0, *(p.n_cases for p in parts)])
    ev_starts = np.cumsum([0, *(len(p.ev_type) for p in parts)])
    for part, start in zip(parts, starts.tolist(), strict=False):
        renumber = np.array([0, *(grounds.setdefault(g, len(grounds) + 1) for g in part.grounds)],
                            dtype=np.int16)
        ev_ground.append(renumber[part.ev_ground])
        ids.extend(range(part.n_cases) if part.ids is None else part.ids)
        extras.update((start + index, case) for index, case in part.extras.items())

    def cat(name: str) -> Any:
        return np.concatenate([getattr(p, name) for p in parts])

    offsets = np.concatenate([[0], *(p.ev_offsets[1:] + start for p, start in zip(parts, ev_starts.tolist(),
                                                                                strict=False))])
    return CaseColumns(
        procedure=cat("procedure"), category=cat("category"), national_security=cat("national_security"),
        case_kind=cat("case_kind"), ev_offsets=offsets.astype(np.int64), ev_type=cat("ev_type"),
        ev_day=cat("ev_day"), ev_len=cat("ev_len"), ev_unit=cat("ev_unit"), ev_by=cat("ev_by"),
        ev_court=cat("ev_court"), ev_able=cat("ev_able"), ev_at=cat("ev_at"),
        ev_ground=np.concatenate(ev_ground).astype(np.int16), grounds=list(grounds), ids=ids,
        extras=extras, ev_level=cat("ev_level"))


def _code(values: tuple[Any, ...], value: Any) -> int:
    # `True == 1` in Python: compare types too so that `able: 1` stays out of the columns.
    for code, known in enumerate(values):
        if known is not None and type(known) is type(value) and known == value:
            return code
    raise Unfit(value)


def case_row(case: Mapping[str, Any]) -> tuple[int, int, bool, int]:
    """A case dict's (procedure, category, national security, kind) codes; `Unfit` when the
    columns cannot hold it exactly (the case is then evaluated as a dict)."""
    procedure = case.get("procedure")
    if procedure not in PROCEDURE_CODES:
        raise Unfit(procedure)
    category, kind = case.get("category"), case.get("case_kind")
    security = case.get("national_security", False)
    if type(security) is not bool and security is not None:
        raise Unfit(security)
    cat_code = 0 if category is None else _code(CATEGORY_CODES, category)
    if procedure == "criminal" and cat_code == 0:
        raise Unfit(category)  # a per-case error
    kind_code = 0 if kind is None else _code(CASE_KIND_CODES, kind)
    allowed = KIND_OF_PROCEDURE.get(str(procedure))
    if kind is not None and allowed is not None and kind not in allowed:
        raise Unfit(kind)
    return PROCEDURE_CODES.index(str(procedure)), cat_code, bool(security), kind_code


def event_row(raw: Any, procedure: str, grounds: dict[str, int]) -> tuple[int, ...]:
    """An event dict of a `procedure` case as its column values (type, day, length, unit,
    the `FIELD_VALUES` codes, ground, level); a ground not seen yet is numbered in
    `grounds`. `Unfit` when the columns cannot hold it exactly."""
    if not isinstance(raw, Mapping) or not set(raw) <= _EVENT_KEYS:
        raise Unfit(raw)
    kind = raw.get("type")
    if kind not in EVENT_INDEX:
        raise Unfit(kind)
    spec = EVENT_TYPES[str(kind)]
    if procedure not in spec.procedures:
        raise Unfit(kind)
    value = raw.get("date")
    if not isinstance(value, str):
        raise Unfit(value)
    try:
        day = (date.fromisoformat(value) - EPOCH).days
    except ValueError:
        raise Unfit(value) from None
    lengths = [k for k in LENGTH_ONE_OF if k in raw]
    if len(lengths) > 1 or (spec.needs_length and not lengths):
        raise Unfit(lengths)
    unit, length = 0, 0
    if lengths:
        length = raw[lengths[0]]
        if type(length) is not int or not 0 < length < 10_000:
            raise Unfit(length)
        unit = UNIT_CODES.index(lengths[0])
    codes = [0 if raw.get(name) is None else _code(values, raw.get(name))
             for name, values in FIELD_VALUES.items()]
    for name, allowed in spec.required.items():
        if raw.get(name) is None or (allowed is not None and raw.get(name) not in allowed):
            raise Unfit(name)
    for name in RECORD_ONLY.intersection(raw):
        if name in spec.optional:
            if raw[name] not in spec.optional[name]:
                raise Unfit(name)
        elif name not in spec.extra and name not in spec.required:
            raise Unfit(name)  # not a field of this event: let the per-case path say so
    ground = raw.get("ground")
    if "ground" in raw and not isinstance(ground, str):
        raise Unfit(ground)
    ground_code = 0 if ground is None else grounds.setdefault(ground, len(grounds) + 1)
    level = raw.get("level")
    if "level" in raw and (kind != "protest_lodged" or level is None):
        raise Unfit(level)
    level_code = 0 if level is None else _code(LEVEL_VALUES, level)
    return (EVENT_INDEX[str(kind)], day, length, unit, *codes, ground_code, level_code)


def _events_of(case: Mapping[str, Any], procedure: str,
               grounds: dict[str, int]) -> list[tuple[int, ...]]:
    events = case.get("events")
    if not isinstance(events, list):
        raise Unfit(events)
    rows = [event_row(raw, procedure, grounds) for raw in events]
    # Same order as the per-case reducer: date, then file order (a stable sort).
    return sorted(rows, key=lambda row: row[1])


def from_cases(cases: Iterable[Mapping[str, Any]]) -> CaseColumns:
    """Contract dicts -> columns; cases that do not fit go to `extras` unchanged."""
    ids: list[Any] = []
    heads: list[tuple[int, int, bool, int]] = []
    counts: list[int] = []
    rows: list[tuple[int, ...]] = []
    extras: dict[int, Mapping[str, Any]] = {}
    grounds: dict[str, int] = {}
    for index, case in enumerate(cases):
        ids.append(case.get("id") if isinstance(case, Mapping) else None)
        try:
            if not isinstance(case, Mapping):
                raise Unfit(case)
            head = case_row(case)
            events = _events_of(case, PROCEDURE_CODES[head[0]], grounds)
        except Unfit:
            extras[index] = case
            head, events = (0, 1, False, 0), []
        heads.append(head)
        counts.append(len(events))
        rows.extend(events)
    return _assemble(ids, heads, counts, rows, extras, grounds)


def _assemble(ids: list[Any], heads: list[tuple[int, int, bool, int]], counts: list[int],
              rows: list[tuple[int, ...]], extras: dict[int, Mapping[str, Any]],
              grounds: dict[str, int]) -> CaseColumns:
    head = np.array(heads, dtype=np.int64).reshape(-1, 4)
    ev = np.array(rows, dtype=np.int64).reshape(-1, _ROW)
    offsets = np.zeros(len(counts) + 1, dtype=np.int64)
    np.cumsum(np.array(counts, dtype=np.int64), out=offsets[1:])
    fields = {name: ev[:, 4 + i].astype(np.int8) for i, name in enumerate(FIELD_VALUES)}
    return CaseColumns(
        procedure=head[:, 0].astype(np.int8), category=head[:, 1].astype(np.int8),
        national_security=head[:, 2].astype(np.bool_), case_kind=head[:, 3].astype(np.int8),
        ev_offsets=offsets, ev_type=ev[:, 0].astype(np.int16), ev_day=ev[:, 1].astype(np.int32),
        ev_len=ev[:, 2].astype(np.int16), ev_unit=ev[:, 3].astype(np.int8),
        ev_by=fields["by"], ev_court=fields["court"], ev_able=fields["able"], ev_at=fields["at"],
        ev_ground=ev[:, -2].astype(np.int16),
        grounds=sorted(grounds, key=grounds.__getitem__), ids=ids, extras=extras,
        ev_level=ev[:, -1].astype(np.int8),
    )
