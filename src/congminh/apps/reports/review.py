"""The quarterly review (directive point 2) as pure computation: no Django here.

Input: the law engine's input for each case (CONTRACTS.md §1) with only the events
known at the chosen instant and dated up to the evaluation day, and the body holding
each case at that instant. Output: for each case the facts the review counts, and the
totals in the shape of the statistical forms (report-forms.md: số cũ, số mới, tổng thụ
lý, đã giải quyết, còn lại, tạm đình chỉ; row codes; the printed check formulas).

Every fact comes from the law engine, evaluated twice over the same logs (bulk path,
`congminh.core.law.bulk.evaluate_bulk`):

- at the day before the period starts: `backlog` there = the case was open then (số cũ);
- at the period's last day (or the instant, if earlier): `backlog` = open at the end
  (còn lại, tồn đọng), the open obligations' statuses (quá hạn, tạm đình chỉ) and the
  flags `prolonged` (kéo dài, config.yaml thresholds) and `suspended_ground_ended`.

A case is new (số mới) when it was not open before the period and an event of the period
concerns it; resolved (đã giải quyết) when it was counted and is no longer open at the
end. Overdue, suspended and prolonged cases are counted among those open at the end.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import pickle
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import Any, NamedTuple

from congminh.apps.cases.derived import stage_after
from congminh.core.law.bulk import evaluate_bulk
from congminh.core.law.config import default_thresholds
from congminh.core.law.evaluate import evaluate_traced
from congminh.core.law.events import EVENT_TYPES, PROCEDURE_ORDER
from congminh.core.law.explain import explain_case
from congminh.core.periods import Period

PROCEDURES = PROCEDURE_ORDER  # the catalogue's order: criminal, civil, administrative, enforcement
TOTAL = "total"


class FormRow(NamedTuple):
    code: int
    key: str
    label: str  # as the form prints it, check formula included


# Shaped like the Procuracy's forms (Biểu 18-20 "Số vụ, việc còn lại của kỳ trước",
# "Tổng số vụ, việc VKS thụ lý", "... đã giải quyết", "... còn lại cuối kỳ", "... tạm đình
# chỉ"; Biểu 24.1 "Số cũ", "Số mới", "Số tồn"), with the review's own rows 7-9.
FORM_ROWS: tuple[FormRow, ...] = (
    FormRow(1, "old", "Số cũ (còn lại của kỳ trước)"),
    FormRow(2, "new", "Số mới thụ lý"),
    FormRow(3, "total", "Tổng số thụ lý (d3 = d1 + d2)"),
    FormRow(4, "resolved", "Số đã giải quyết"),
    FormRow(5, "remaining", "Số còn lại cuối kỳ, tồn đọng (d5 = d3 - d4)"),
    FormRow(6, "suspended", "Trong đó: Số tạm đình chỉ (d6 ≤ d5)"),
    FormRow(7, "ground_ended", "Tr.đó: Tạm đình chỉ nhưng đã hết lý do (d7 ≤ d6)"),
    FormRow(8, "overdue", "Trong đó: Số quá hạn (d8 ≤ d5)"),
    FormRow(9, "prolonged", "Trong đó: Số kéo dài (d9 ≤ d5)"),
)
ROW_KEYS = tuple(r.key for r in FORM_ROWS)
CODE_OF = {r.key: r.code for r in FORM_ROWS}


class Check(NamedTuple):
    """A printed check: d<left> = (or ≤) the signed sum of rows."""

    text: str
    left: int
    op: str  # "=" or "<="
    right: tuple[tuple[int, int], ...]  # (sign, row code)

    def holds(self, figures: Mapping[int, int]) -> bool:
        value = sum(sign * figures[code] for sign, code in self.right)
        return figures[self.left] == value if self.op == "=" else figures[self.left] <= value

    def _right(self, cell: Mapping[int, str]) -> str:
        right = "".join(("+" if sign > 0 else "-") + cell[code] for sign, code in self.right)
        return right[1:] if right.startswith("+") else right

    def excel(self, cell: Mapping[int, str]) -> str:
        """The check as an Excel formula over the cells holding each row (`cell[code]`):
        TRUE when it holds.

        >>> CHECKS[1].excel({3: "G8", 4: "G9", 5: "G10"})
        '=G10=G8-G9'
        """
        return f"={cell[self.left]}{'=' if self.op == '=' else '<='}{self._right(cell)}"

    def formula(self, cell: Mapping[int, str]) -> str:
        """An equality check as the Excel formula computing its left row.

        >>> CHECKS[0].formula({1: "C6", 2: "C7"})
        '=C6+C7'
        """
        assert self.op == "="
        return f"={self._right(cell)}"


CHECKS: tuple[Check, ...] = (
    Check("d3 = d1 + d2", 3, "=", ((1, 1), (1, 2))),
    Check("d5 = d3 - d4", 5, "=", ((1, 3), (-1, 4))),
    Check("d6 ≤ d5", 6, "<=", ((1, 5),)),
    Check("d7 ≤ d6", 7, "<=", ((1, 6),)),
    Check("d8 ≤ d5", 8, "<=", ((1, 5),)),
    Check("d9 ≤ d5", 9, "<=", ((1, 5),)),
)


@dataclass(frozen=True)
class Why:
    rule: str
    title: str
    basis: str
    due: dt.date | None
    days_over: int
    steps: tuple[str, ...]


# A case's facts only the lists' rows show, the engine's explanation of them: (its overdue
# obligations, worst first; `overdue_why` of each; `prolonged_why`). Kept pickled (bytes) in
# the facts read from a snapshot's file, unpickled only when a row shows them (`CaseFacts`).
Detail = tuple[tuple[dict[str, Any], ...], tuple["Why", ...], tuple[str, ...]]
NO_DETAIL: Detail = ((), (), ())


class CaseFacts(NamedTuple):
    """What the review counts about one case. A named tuple: a province's 60,000 are made
    again from a snapshot's file in C (`tuple.__new__` over its rows, `reports.snapshot`),
    not each by a Python call; what only a list's row shows (`detail`: the overdue
    obligations, the explanations) stays pickled there until a row asks for it."""

    id: int
    procedure: str
    holder_id: int | None
    old: bool
    new: bool
    open_end: bool
    suspended: bool
    ground_ended: bool
    overdue: bool
    prolonged: bool
    status: str
    stage: str
    first_event: dt.date | None
    suspended_since: dt.date | None = None
    days_over: int = 0  # over the limit of its worst overdue obligation (0: none)
    detail: Detail | bytes = NO_DETAIL

    @property
    def total(self) -> bool:
        return self.old or self.new

    @property
    def resolved(self) -> bool:
        return self.total and not self.open_end

    @property
    def remaining(self) -> bool:
        return self.open_end

    def counts(self, key: str) -> bool:
        return bool(getattr(self, key))

    def details(self) -> Detail:
        """`detail`, unpickled if it is kept pickled."""
        detail = self.detail
        if isinstance(detail, bytes):
            unpickled: Detail = pickle.loads(detail)  # noqa: S301 (written by `packed_detail`)
            return unpickled
        return detail

    def packed_detail(self) -> bytes | None:
        """`detail` pickled (None: there is none), as a snapshot's file keeps it."""
        detail = self.detail
        if isinstance(detail, bytes):
            return detail
        return None if detail == NO_DETAIL else pickle.dumps(detail, protocol=pickle.HIGHEST_PROTOCOL)

    @property
    def overdue_obligations(self) -> tuple[dict[str, Any], ...]:
        """The open obligations over their limit at the end, worst first."""
        return self.details()[0]

    @property
    def why(self) -> tuple[Why, ...]:
        """The engine's explanation of each overdue clock (`overdue_why`)."""
        return self.details()[1]

    @property
    def reasons(self) -> tuple[str, ...]:
        """The thresholds of «kéo dài» reached (`prolonged_why`)."""
        return self.details()[2]

    def __eq__(self, other: object) -> bool:
        # The same facts whether their detail is kept pickled or not.
        if not isinstance(other, CaseFacts):
            return NotImplemented
        return self[:-1] == other[:-1] and self.details() == other.details()

    def __ne__(self, other: object) -> bool:
        equal = self.__eq__(other)
        return equal if equal is NotImplemented else not equal

    def __hash__(self) -> int:
        return hash(self[:-1])


def quick_pickling(cls: type) -> type:
    """Give a frozen slotted dataclass a cheaper pickled state (the review's snapshot file,
    `reports.snapshot`, is some 250,000 of them at province scale).

    The state stays the field values in field order, as `dataclasses` pickles such a
    class (files written before load, and the other way round), but it is set through
    the slots' descriptors: `dataclasses`' own `__setstate__` looks up the fields and
    calls `object.__setattr__` for each value of each object, half of a snapshot's load.
    """
    names = tuple(f.name for f in fields(cls))
    setters = tuple(getattr(cls, name).__set__ for name in names)
    values = attrgetter(*names)

    def getstate(self: Any) -> tuple[Any, ...]:
        return tuple(values(self))

    # One call per field written out (dataclasses makes its methods so too): a loop over
    # the setters zipped with the values took twice as long per object.
    unpacked = ", ".join(f"v{i}" for i in range(len(names))) + ","
    calls = "".join(f"    s{i}(self, v{i})\n" for i in range(len(names)))
    scope: dict[str, Any] = {f"s{i}": setter for i, setter in enumerate(setters)}
    exec(f"def setstate(self, state):\n    {unpacked} = state\n{calls}", scope)  # noqa: S102 (our own text)
    setstate = scope["setstate"]

    setattr(cls, "__getstate__", getstate)  # noqa: B010 (mypy: a method of object)
    cls.__setstate__ = setstate  # type: ignore[attr-defined]
    return cls



@dataclass
class _Ev:
    type: str
    date: dt.date


def _events_between(payload: Mapping[str, Any], start: dt.date, end: dt.date) -> bool:
    return any(start.isoformat() <= e["date"] <= end.isoformat() for e in payload["events"])


def _stage(payload: Mapping[str, Any]) -> str:
    return stage_after(_Ev(e["type"], dt.date.fromisoformat(e["date"])) for e in payload["events"])


def case_facts(payload: Mapping[str, Any], at_end: Mapping[str, Any], before: Mapping[str, Any],
               *, holder_id: int | None, period: Period) -> CaseFacts:
    """The facts of one case from its two evaluations (at the end, before the start)."""
    flags = set(at_end.get("flags") or ())
    open_end = "backlog" in flags
    old = "backlog" in set(before.get("flags") or ())
    new = not old and (open_end or _events_between(payload, period.start, period.end))
    opened = [o for o in at_end.get("open_obligations") or () if not o.get("window")]
    overdue = tuple(o for o in opened if o.get("status") == "overdue")
    paused = [o for o in opened if o.get("status") == "suspended"]
    since = min((dt.date.fromisoformat(o["suspended_since"]) for o in paused
                 if o.get("suspended_since")), default=None)
    events = payload["events"]
    return CaseFacts(
        id=int(payload["id"]), procedure=str(payload["procedure"]), holder_id=holder_id,
        old=old, new=new, open_end=open_end,
        suspended=open_end and bool(paused),
        ground_ended=open_end and bool(paused) and "suspended_ground_ended" in flags,
        overdue=open_end and bool(overdue),
        prolonged=open_end and "prolonged" in flags,
        status=str(at_end.get("status", "")), stage=_stage(payload),
        first_event=dt.date.fromisoformat(events[0]["date"]) if events else None,
        suspended_since=since,
        days_over=max((-int(o["days_left"]) for o in overdue), default=0),
        detail=(tuple(sorted(overdue, key=lambda o: int(o["days_left"]))), (), ()),
    )


Figures = dict[int, int]  # row code -> count
_CODES = tuple(r.code for r in FORM_ROWS)
_ROW_VALUES = attrgetter(*(r.key for r in FORM_ROWS))  # one case's value of every row


def _empty() -> Figures:
    return {r.code: 0 for r in FORM_ROWS}


class Tally:
    """The form's counts per procedure column and per holding body, kept by adding and
    taking away cases (a review brought up to date after a write counts only the cases
    written about again, not a province)."""

    def __init__(self, facts: Iterable[CaseFacts] = ()) -> None:
        self.table: dict[str, Figures] = {p: _empty() for p in (*PROCEDURES, TOTAL)}
        self.holders: dict[int | None, Figures] = {}
        self._cases: dict[int | None, int] = defaultdict(int)  # counted cases per body
        for f in facts:
            self.add(f)

    def add(self, f: CaseFacts, sign: int = 1) -> None:
        """Count `f` (`sign` -1: take it away again)."""
        column, whole = self.table[f.procedure], self.table[TOTAL]
        body = None
        if f.total:  # a body's line counts the cases of the period (rows 1-3)
            body = self.holders.get(f.holder_id)
            if body is None:
                body = self.holders[f.holder_id] = _empty()
            self._cases[f.holder_id] += sign
        for code, counted in zip(_CODES, _ROW_VALUES(f), strict=True):
            if counted:
                column[code] += sign
                whole[code] += sign
                if body is not None:
                    body[code] += sign
        if body is not None and not self._cases[f.holder_id]:
            del self.holders[f.holder_id], self._cases[f.holder_id]

    def figures(self) -> dict[str, Figures]:
        return {column: dict(row) for column, row in self.table.items()}

    def copy(self) -> Tally:
        other = Tally()
        other.table, other.holders = self.figures(), self.by_holder()
        other._cases.update(self._cases)
        return other

    def by_holder(self) -> dict[int | None, Figures]:
        return {holder: dict(row) for holder, row in self.holders.items()}


@dataclass
class Review:
    """The review of one period over a set of cases, as the engine saw it on `day`."""

    period: Period
    day: dt.date  # the evaluation day: the period's end, or the instant if earlier
    facts: list[CaseFacts]
    # What the page asks several times, computed once (a review never changes).
    _memo: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)

    def select(self, key: str, *, procedure: str | None = None,
               holder_id: int | None = None) -> list[CaseFacts]:
        """The cases behind one number: row `key`, one procedure and/or one body."""
        memo = ("select", key, procedure if procedure != TOTAL else None, holder_id)
        if memo not in self._memo:
            counted = attrgetter(key)  # `CaseFacts.counts`, without a Python call per case
            self._memo[memo] = [f for f in self.facts if counted(f)
                                and (procedure in (None, TOTAL) or f.procedure == procedure)
                                and (holder_id is None or f.holder_id == holder_id)]
        return list(self._memo[memo])

    def remembered(self, key: Any, compute: Callable[[], Any]) -> Any:
        """`compute()`, kept with the review under `key` (a review never changes)."""
        if key not in self._memo:
            self._memo[key] = compute()
        return self._memo[key]

    @classmethod
    def counted(cls, period: Period, day: dt.date, facts: list[CaseFacts], tally: Tally) -> Review:
        """A review whose totals are already counted (`tally` over exactly `facts`)."""
        review = cls(period, day, facts)
        review._memo["tally"] = tally
        return review

    def _tally(self) -> Tally:
        if "tally" not in self._memo:
            self._memo["tally"] = Tally(self.facts)
        tally: Tally = self._memo["tally"]
        return tally

    def figures(self, facts: Iterable[CaseFacts] | None = None) -> dict[str, Figures]:
        """Row code -> count, per procedure column and in total."""
        return (self._tally() if facts is None else Tally(facts)).figures()

    def by_holder(self) -> dict[int | None, Figures]:
        """Row code -> count for each body holding cases of the period."""
        return self._tally().by_holder()

    def failed_checks(self) -> list[str]:
        """Every printed check that does not hold (none, unless the computation is wrong),
        and the columns that do not add up to the total."""
        failed = []
        table = self.figures()
        for column, figures in table.items():
            failed += [f"{column}: {c.text}" for c in CHECKS if not c.holds(figures)]
        for row in FORM_ROWS:
            if sum(table[p][row.code] for p in PROCEDURES) != table[TOTAL][row.code]:
                failed.append(f"d{row.code}: tổng các cột")
        return failed


def _closed_before(payload: Mapping[str, Any], start: dt.date) -> bool:
    """Closed (the catalogue's `closes` effect) before the period and nothing since: the
    engine would count it neither open before, nor new, nor open at the end."""
    last = payload["events"][-1]
    spec = EVENT_TYPES.get(last["type"])
    return spec is not None and spec.effects.closes and last["date"] < start.isoformat()


def build_review(payloads: Sequence[dict[str, Any]], holders: Mapping[int, int | None],
                 period: Period, day: dt.date) -> Review:
    """Evaluate `payloads` (events known at the instant, dated up to `day`) for `period`."""
    before_day = min(period.start - dt.timedelta(days=1), day)
    cases = [p for p in payloads if p["events"] and not _closed_before(p, period.start)]
    at_end = evaluate_bulk(cases, day, period_end=day) if cases else []
    before = evaluate_bulk(cases, before_day, period_end=before_day) if cases else []
    facts = [_explained(case_facts(p, e, b, holder_id=holders.get(int(p["id"])), period=period), p, day)
             for p, e, b in zip(cases, at_end, before, strict=True)]
    return Review(period, day, [f for f in facts if f.total or f.open_end])


def _explained(facts: CaseFacts, payload: Mapping[str, Any], day: dt.date) -> CaseFacts:
    if not (facts.overdue or facts.prolonged):
        return facts
    why = tuple(overdue_why(payload, facts, day)) if facts.overdue else ()
    reasons = tuple(prolonged_why(payload, day)) if facts.prolonged else ()
    return facts._replace(detail=(facts.overdue_obligations, why, reasons))


def inputs_digest(payloads: Sequence[Mapping[str, Any]], holders: Mapping[int, int | None],
                  extra: Mapping[str, Any]) -> str:
    """SHA-256 of the review's inputs, canonical JSON: what a regeneration must match."""
    body = {
        "cases": sorted(payloads, key=lambda p: int(p["id"])),
        "holders": sorted((int(k), v) for k, v in holders.items()),
        **extra,
    }
    text = json.dumps(body, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


# --- why: the engine's explanation of the rows listed ---------------------------------------


def overdue_why(payload: Mapping[str, Any], facts: CaseFacts, day: dt.date) -> list[Why]:
    """For each overdue clock of the case: its rule, basis and the explanation's steps."""
    explanation = explain_case(payload, day)
    out = []
    for ob in facts.overdue_obligations:
        clock = next((c for c in explanation.clocks if c.rule_id == ob["rule"] and c.open
                      and (c.subject or None) == (ob.get("subject") or None)), None)
        steps = tuple(s.text for s in clock.steps) if clock is not None else ()
        out.append(Why(ob["rule"], ob.get("title", ""), ob.get("basis", ""),
                       dt.date.fromisoformat(ob["due"]) if ob.get("due") else None,
                       -int(ob["days_left"]), steps))
    return out


def prolonged_why(payload: Mapping[str, Any], day: dt.date) -> list[str]:
    """Which thresholds of `kéo dài` (config.yaml `prolonged`) the case reached."""
    red = evaluate_traced(payload, day, trace=False).reduction
    limits = default_thresholds()
    reasons = []
    age_limit = limits.prolonged_age_days.get(red.procedure or "")
    if age_limit is not None and red.events:
        age = (day - red.events[0].date).days
        if age >= age_limit:
            reasons.append(f"{age} ngày kể từ sự kiện đầu tiên (ngưỡng {age_limit} ngày)")
    if red.extensions >= limits.prolonged_extensions:
        reasons.append(f"{red.extensions} lần gia hạn (ngưỡng {limits.prolonged_extensions})")
    if red.returns >= limits.prolonged_returns:
        reasons.append(f"{red.returns} lần trả hồ sơ (ngưỡng {limits.prolonged_returns})")
    if len(red.suspensions) >= limits.prolonged_suspensions:
        reasons.append(f"{len(red.suspensions)} lần tạm đình chỉ (ngưỡng {limits.prolonged_suspensions})")
    return reasons
