"""Step 2 of evaluation: clocks -> due dates -> statuses and flags (CONTRACTS.md §1)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from .clocks import Clock, DueDates, LawError, compute_due
from .config import Thresholds, default_thresholds
from .events import GROUND_ANSWERS
from .reduce import Reduction, reduce_case
from .rules import Rule, RuleSet, default_rules
from .working_calendar import CalendarRangeError, WorkingCalendar, default_calendar

STATUS_ORDER = ("overdue", "due_soon", "suspended", "on_time", "closed")


@dataclass(frozen=True)
class Engine:
    """The rules, calendar and thresholds one evaluation uses (all injectable)."""

    rules: RuleSet
    calendar: WorkingCalendar
    thresholds: Thresholds

    @classmethod
    def default(cls) -> Engine:
        return cls(default_rules(), default_calendar(), default_thresholds())


@dataclass(frozen=True)
class Evaluated:
    clock: Clock
    rule: Rule
    dates: DueDates | None  # None while suspended (the clock is stopped)


def evaluate_clocks(red: Reduction, engine: Engine) -> list[Evaluated]:
    """Due dates of every clock of a reduction; LawError if an extension breaks the law."""
    out = []
    for index, clock in enumerate(red.clocks):
        rule = red.rule_versions[index]
        dates = None if clock.suspended and clock.ended is None else compute_due(clock, rule, engine.calendar)
        out.append(Evaluated(clock, rule, dates))
    return out


def is_open(item: Evaluated, as_of: date) -> bool:
    if item.clock.ended is not None:
        return False
    # A window (e.g. the debtor's voluntary period) simply lapses at its end.
    return not (item.rule.window and item.dates is not None and item.dates.due < as_of)


def obligation_status(item: Evaluated, as_of: date, thresholds: Thresholds) -> str:
    if item.dates is None:
        return "suspended"
    left = (item.dates.due - as_of).days
    if left < 0:
        return "overdue"
    return "due_soon" if left <= thresholds.due_soon_days else "on_time"


def _obligation(item: Evaluated, as_of: date, thresholds: Thresholds) -> dict[str, Any]:
    limit = item.rule.limits[item.clock.limit_index]
    dates = item.dates
    out: dict[str, Any] = {
        "kind": item.rule.kind,
        "holder": item.rule.holder,
        "start": item.clock.start.isoformat(),
        "due": dates.due.isoformat() if dates else None,
        "max_due": dates.max_due.isoformat() if dates else None,
        "days_left": (dates.due - as_of).days if dates else None,
        "rule": item.rule.id,
        "basis": limit.citation.text(),
        "status": obligation_status(item, as_of, thresholds),
        "title": item.rule.title,
        "extensions_used": len(item.clock.extensions),
        "extensions_left": len(limit.extensions) - len(item.clock.extensions),
    }
    if item.clock.subject is not None:
        out["subject"] = item.clock.subject
    if item.rule.window:
        out["window"] = True
    if dates is None:
        out["suspended_since"] = item.clock.pauses[-1].start.isoformat()
    return out


def _extension_request_due(item: Evaluated, as_of: date, thresholds: Thresholds) -> bool:
    if item.dates is None or not item.dates.headroom:
        return False
    lead = item.dates.headroom[0].request_lead_days
    if lead is None:
        return False
    left = (item.dates.due - as_of).days
    return 0 <= left <= lead + thresholds.extension_request_notice_days


def _ground_ended(red: Reduction) -> bool:
    for pause in red.suspensions:
        if pause.end is not None or pause.ground not in GROUND_ANSWERS:
            continue
        answer_type = GROUND_ANSWERS[pause.ground]
        for answer in red.answers:
            same_ref = pause.ref is None or answer.fields.get("ref") in (None, pause.ref)
            if answer.type == answer_type and answer.date >= pause.start and same_ref:
                return True
    return False


def _prolonged(red: Reduction, as_of: date, thresholds: Thresholds) -> bool:
    age_limit = thresholds.prolonged_age_days.get(red.procedure or "")
    if age_limit is not None and red.events and (as_of - red.events[0].date).days >= age_limit:
        return True
    return (red.extensions >= thresholds.prolonged_extensions
            or red.returns >= thresholds.prolonged_returns
            or len(red.suspensions) >= thresholds.prolonged_suspensions)


def _open_at(case: Mapping[str, Any], day: date, engine: Engine) -> bool:
    red = reduce_case(case, engine.rules, engine.calendar, as_of=day)
    if red.errors or not red.events:
        return False
    try:
        items = evaluate_clocks(red, engine)
    except (LawError, CalendarRangeError):
        return False
    return any(is_open(i, day) and not i.rule.window for i in items)


def _error_result(case_id: Any, as_of: date, errors: list[str]) -> dict[str, Any]:
    return {"id": case_id, "as_of": as_of.isoformat(), "status": "error", "flags": [],
            "open_obligations": [], "errors": errors}


def evaluate_case(case: Mapping[str, Any], as_of: date, *, period_end: date | None = None,
                  engine: Engine | None = None) -> dict[str, Any]:
    """One input case -> one contract result dict. Never raises on bad case content."""
    engine = engine or Engine.default()
    red = reduce_case(case, engine.rules, engine.calendar, as_of=as_of)
    case_id = case.get("id") if isinstance(case, Mapping) else None
    if red.errors:
        return _error_result(case_id, as_of, red.errors)
    try:
        items = evaluate_clocks(red, engine)
    except (LawError, CalendarRangeError) as exc:
        return _error_result(case_id, as_of, [str(exc)])
    open_items = [i for i in items if is_open(i, as_of)]
    obligations = [_obligation(i, as_of, engine.thresholds) for i in open_items]
    statuses = {o["status"] for o in obligations if not o.get("window")}
    status = "closed" if red.closed is not None else next(
        (s for s in STATUS_ORDER if s in statuses), "closed")
    flags = []
    if period_end is not None and _open_at(case, min(period_end, as_of), engine):
        flags.append("backlog")
    if _prolonged(red, as_of, engine.thresholds):
        flags.append("prolonged")
    if any(i.dates is None for i in open_items) and _ground_ended(red):
        flags.append("suspended_ground_ended")
    if any(_extension_request_due(i, as_of, engine.thresholds) for i in open_items):
        flags.append("extension_request_due")
    return {"id": case_id, "as_of": as_of.isoformat(), "status": status, "flags": flags,
            "open_obligations": obligations, "errors": []}


def evaluate_cases(cases: Iterable[Mapping[str, Any]], as_of: date, *,
                   period_end: date | None = None,
                   engine: Engine | None = None) -> Iterator[dict[str, Any]]:
    """Lazily evaluate many cases, same order as the input."""
    engine = engine or Engine.default()
    for case in cases:
        yield evaluate_case(case, as_of, period_end=period_end, engine=engine)
