"""Step 2 of evaluation: clocks -> due dates -> statuses and flags (CONTRACTS.md §1)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from .awaiting import FINAL_EVENTS, awaiting_reason, last_stage_event
from .clocks import Clock, DueDates, LawError, TraceStep, apply_cap, compute_due, trace_stopped
from .config import Thresholds, default_thresholds
from .events import GROUND_ANSWERS
from .judgment import WINDOW_KINDS, JudgmentFacts, WindowDue, judgment_facts
from .reduce import Reduction, reduce_case
from .rules import Rule, RuleSet, default_rules
from .working_calendar import CalendarRangeError, WorkingCalendar, default_calendar

# Worst first: the case takes the worst status of its open obligations; `awaiting` and
# `closed` only apply when none is open (`case_status`).
STATUS_ORDER = ("overdue", "due_soon", "suspended", "on_time", "awaiting", "closed")
CUSTODY_KINDS = frozenset({"holding", "detention"})


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
    # How the dates were reached, step by step (`clocks.TraceStep`), when asked for.
    trace: tuple[TraceStep, ...] = ()


def evaluate_clocks(red: Reduction, engine: Engine, *, trace: bool = False) -> list[Evaluated]:
    """Due dates of every clock of a reduction; LawError if an extension breaks the law.

    Custody tied to a stage (`Rule.capped_by`) is then capped at the due date of the
    stage clock that was running when the order was made (`clocks.apply_cap`). With
    `trace`, each clock keeps the steps taken (`Evaluated.trace`), its final dates last.
    """
    out = []
    capped = False
    for index, clock in enumerate(red.clocks):
        rule = red.rule_versions[index]
        steps: list[TraceStep] | None = [] if trace else None
        if clock.suspended and clock.ended is None:
            dates = None
            if steps is not None:
                trace_stopped(clock, rule, engine.calendar, steps)
        else:
            dates = compute_due(clock, rule, engine.calendar, steps)
        out.append(Evaluated(clock, rule, dates, tuple(steps or ())))
        capped = capped or bool(rule.capped_by)
    if capped:
        out = [_capped(item, out, trace) for item in out]
    if trace:
        out = [_settled(item) for item in out]
    return out


def _capped(item: Evaluated, items: list[Evaluated], trace: bool) -> Evaluated:
    if not item.rule.capped_by or item.dates is None:
        return item
    start = item.clock.start
    stages = [i for i in items if i.rule.id in item.rule.capped_by and i.clock.start <= start
              and (i.clock.ended is None or i.clock.ended >= start)]
    if not stages:
        return item
    stage = max(stages, key=lambda i: i.clock.start)
    if stage.dates is None:  # the stage is suspended: its end is unknown, no cap
        return item
    steps = list(item.trace) if trace else None
    citation = item.rule.limits[item.clock.limit_index].citation.text()
    dates = apply_cap(item.dates, stage.dates.due, stage.rule.id, steps, citation)
    return Evaluated(item.clock, item.rule, dates, tuple(steps or ()))


def _settled(item: Evaluated) -> Evaluated:
    """The trace closed by the dates evaluation settled on (after any cap)."""
    if item.dates is None:
        return item
    dates = item.dates
    # A tier left that restates the whole limit: `max_due` counts it from the start.
    whole = next((t.total_from_start for t in dates.headroom if t.total_from_start), None)
    step = TraceStep("due", {"due": dates.due.isoformat(), "max_due": dates.max_due.isoformat(),
                             "tiers_left": len(dates.headroom),
                             "total_length": whole.length if whole else None,
                             "total_unit": whole.unit if whole else None,
                             "start": item.clock.start.isoformat()})
    return Evaluated(item.clock, item.rule, dates, (*item.trace, step))


def is_open(item: Evaluated, as_of: date) -> bool:
    if item.clock.ended is not None:
        return False
    # A window (e.g. the debtor's voluntary period) simply lapses at its end.
    return not (item.rule.window and item.dates is not None and item.dates.due < as_of)


def sets_status(rule: Rule) -> bool:
    """Whether an open clock of `rule` drives the case status: every clock, and among the
    windows the appeal and protest windows (a judgment not yet in force is not closed);
    the other windows (the debtor's voluntary period, an expert's time to refuse) are
    nobody's duty and run beside a clock that is."""
    return not rule.window or rule.kind in WINDOW_KINDS


def case_status(red: Reduction, statuses: set[str]) -> tuple[str, str | None]:
    """(status, awaiting_reason) from the statuses of the open clocks that drive it."""
    if red.closed is not None:
        return "closed", None
    worst = next((s for s in STATUS_ORDER if s in statuses), None)
    if worst is not None:
        return worst, None
    last = last_stage_event(red.events)
    if last in FINAL_EVENTS:
        return "closed", None
    return "awaiting", awaiting_reason(last)


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
        "days_to_max_due": (dates.max_due - as_of).days if dates else None,
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


def is_done(item: Evaluated) -> bool:
    """Ended by a decision or act (not restarted, not a window lapsing or closed with the case)."""
    clock = item.clock
    if clock.ended is None or clock.end_event == "restarted" or item.dates is None:
        return False
    return not (item.rule.window and clock.end_event == "closed")


def _closed_obligation(item: Evaluated, as_of: date, thresholds: Thresholds) -> dict[str, Any]:
    out = _obligation(item, as_of, thresholds)
    done = item.clock.ended
    assert done is not None and item.dates is not None  # is_done
    out.update({"days_left": None, "days_to_max_due": None, "status": "closed",
                "done": done.isoformat(), "done_event": item.clock.end_event,
                "done_status": "done_on_time" if done <= item.dates.due else "done_late"})
    return out


def _custody_expiring(item: Evaluated, as_of: date, thresholds: Thresholds) -> bool:
    """A custody order running out (or already out) with no renewal, new order or release."""
    if item.rule.kind not in CUSTODY_KINDS or item.rule.per != "person" or item.dates is None:
        return False
    return (item.dates.due - as_of).days <= thresholds.custody_renewal_notice_days


def judgment_of(red: Reduction, items: list[Evaluated], as_of: date) -> JudgmentFacts | None:
    if not red.judgments:
        return None
    windows = [WindowDue(i.rule.kind, i.rule.holder, i.clock.subject, i.clock.start, i.dates.due)
               for i in items if i.rule.kind in WINDOW_KINDS and i.dates is not None]
    return judgment_facts(red, windows, as_of)


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


def _open_at(case: Mapping[str, Any], day: date, engine: Engine,
             known: tuple[Reduction, list[Evaluated]] | None = None) -> bool:
    if known is not None and known[0].events and known[0].events[-1].date <= day:
        # No event after `day`: reducing again up to `day` would give the same clocks.
        return any(is_open(i, day) and not i.rule.window for i in known[1])
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
            "open_obligations": [], "closed_obligations": [], "errors": errors}


@dataclass(frozen=True)
class Evaluation:
    """One case evaluated: the contract result, and what it was computed from (the
    reduction, each clock's dates and, when asked for, their trace; the judgment)."""

    result: dict[str, Any]
    reduction: Reduction
    items: tuple[Evaluated, ...] = ()  # none when the history is in error
    judgment: JudgmentFacts | None = None


def evaluate_case(case: Mapping[str, Any], as_of: date, *, period_end: date | None = None,
                  engine: Engine | None = None) -> dict[str, Any]:
    """One input case -> one contract result dict. Never raises on bad case content."""
    return evaluate_traced(case, as_of, period_end=period_end, engine=engine, trace=False).result


def evaluate_traced(case: Mapping[str, Any], as_of: date, *, period_end: date | None = None,
                    engine: Engine | None = None, trace: bool = True) -> Evaluation:
    """`evaluate_case`, keeping what the result was computed from; with `trace`, each
    clock's steps (`Evaluated.trace`, read by `explain`)."""
    engine = engine or Engine.default()
    red = reduce_case(case, engine.rules, engine.calendar, as_of=as_of)
    case_id = case.get("id") if isinstance(case, Mapping) else None
    if red.errors:
        return Evaluation(_error_result(case_id, as_of, red.errors), red)
    try:
        items = evaluate_clocks(red, engine, trace=trace)
    except (LawError, CalendarRangeError) as exc:
        return Evaluation(_error_result(case_id, as_of, [str(exc)]), red)
    thresholds = engine.thresholds
    open_items = [i for i in items if is_open(i, as_of)]
    obligations = [_obligation(i, as_of, thresholds) for i in open_items]
    status, reason = case_status(red, {o["status"] for i, o in zip(open_items, obligations, strict=True)
                                       if sets_status(i.rule)})
    result: dict[str, Any] = {"id": case_id, "as_of": as_of.isoformat(), "status": status}
    if reason is not None:
        result["awaiting_reason"] = reason
    result.update({
        "flags": _flags(case, red, items, open_items, as_of, period_end, engine),
        "open_obligations": obligations,
        "closed_obligations": [_closed_obligation(i, as_of, thresholds) for i in items if is_done(i)],
        "errors": []})
    judgment = judgment_of(red, items, as_of)
    if judgment is not None:
        result["judgment"] = judgment.as_dict()
    return Evaluation(result, red, tuple(items), judgment)


def _flags(case: Mapping[str, Any], red: Reduction, items: list[Evaluated],
           open_items: list[Evaluated], as_of: date, period_end: date | None,
           engine: Engine) -> list[str]:
    thresholds = engine.thresholds
    flags = []
    if period_end is not None and _open_at(case, min(period_end, as_of), engine, (red, items)):
        flags.append("backlog")
    if _prolonged(red, as_of, thresholds):
        flags.append("prolonged")
    if any(i.dates is None for i in open_items) and _ground_ended(red):
        flags.append("suspended_ground_ended")
    if any(_extension_request_due(i, as_of, thresholds) for i in open_items):
        flags.append("extension_request_due")
    if any(_custody_expiring(i, as_of, thresholds) for i in open_items):
        flags.append("custody_expiring_before_renewal")
    return flags


def evaluate_cases(cases: Iterable[Mapping[str, Any]], as_of: date, *,
                   period_end: date | None = None,
                   engine: Engine | None = None) -> Iterator[dict[str, Any]]:
    """Lazily evaluate many cases, same order as the input."""
    engine = engine or Engine.default()
    for case in cases:
        yield evaluate_case(case, as_of, period_end=period_end, engine=engine)
