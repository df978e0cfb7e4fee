"""Clocks and their due dates: the seam between the event reducer and date arithmetic.

A `Clock` is one running statutory limit reduced from a case's events: which rule (and
which of its limits, e.g. the "serious crime" row), when it started, which extensions were
granted, which pauses happened and whether it has ended. `compute_due` turns a clock into
dates. It depends only on the clock, its rule and the calendar tables, so the vectorised
bulk path can compute the same thing on columns (start, base length, extension lengths,
paused days) with `WorkingCalendar.next_working` and must give identical answers.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from typing import Any

from .dates import add_days, add_months, vi
from .rules import HOLDING_DEDUCTED, Duration, ExtensionTier, Limit, Rule, least_sure
from .working_calendar import WorkingCalendar


class LawError(ValueError):
    """A case history that the law does not allow (shown to users, in Vietnamese).

    `str(exc)` is the message. `code` says what kind of problem it is, for callers that
    react differently (`congminh.core.law.lawful`): `over_cap` (an extension or a repeat
    beyond what the law allows), `wrong_stage` (the event does not fit the case's stage),
    `wrong_procedure`, `unknown_event`, `bad_details` (a missing or invalid field),
    `unlawful` (anything else). `rule` and `citation` name the rule and the legal basis
    broken, when known.
    """

    def __init__(self, message: str, *, code: str = "unlawful", rule: str | None = None,
                 citation: str | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.rule = rule
        self.citation = citation


@dataclass(frozen=True)
class Extension:
    granted: date
    length: Duration


@dataclass(frozen=True)
class Pause:
    start: date
    end: date | None = None
    ground: str | None = None
    ref: str | None = None
    event: str = ""

    def days(self) -> int:
        return 0 if self.end is None else (self.end - self.start).days


@dataclass(frozen=True)
class Requalification:
    """A change of crime category applied to a running clock (event `charges_requalified`).

    Rule applied [M]: the clock keeps its start and switches to the limit row of the new
    category; the extensions already granted are re-checked in order against the new
    row's tiers: one longer than its new tier is cut to that tier's maximum (`capped`),
    one beyond the new row's number of tiers no longer counts (`dropped`). Extensions
    granted after the requalification are checked strictly, as always.
    """

    date: date
    from_index: int
    to_index: int
    changes: tuple[tuple[str, Any, Any], ...]  # (field, old value, new value)
    before: tuple[Extension, ...] = ()  # extensions as granted, before re-checking
    capped: tuple[int, ...] = ()  # 0-based numbers of the extensions cut to the new tier
    dropped: tuple[int, ...] = ()  # 0-based numbers of the extensions no longer counted


@dataclass(frozen=True)
class Clock:
    """One statutory limit as reduced from the events (no dates computed yet)."""

    rule_id: str
    limit_index: int
    start: date
    start_event: str
    subject: str | None = None
    extensions: tuple[Extension, ...] = ()
    pauses: tuple[Pause, ...] = ()
    ended: date | None = None
    end_event: str | None = None
    context: dict[str, object] = field(default_factory=dict, compare=False)
    requalifications: tuple[Requalification, ...] = ()
    # Custody: the end date written in the latest order (event detail `until`); it wins
    # over the computed maximum when earlier (BLTTHS Đ.134 k1).
    until: date | None = None
    # Detention: days the person spent in temporary holding before it, deducted from the
    # limit (BLTTHS Đ.118 k4; `reduce.holding_credit`).
    credit_days: int = 0

    @property
    def suspended(self) -> bool:
        return any(p.end is None for p in self.pauses)

    @property
    def paused_days(self) -> int:
        return sum(p.days() for p in self.pauses)


@dataclass(frozen=True)
class TraceStep:
    """One step of a due date's computation, recorded while evaluation takes it (as
    OpenFisca's tracer records a simulation): `explain` reads these steps instead of
    computing the dates again.

    `kind`: `limit` (the rule version and limit row applied), `start`, `base` (the limit
    counted from the start), `extension` (one per extension granted), `pause` (one per
    pause), `roll` (to the next working day, or why not), `cap` (custody held to its
    stage's limit), `until` (a custody order's own end date, earlier than the maximum),
    `due` (the dates evaluation settled on). `data`: the values, dates in
    ISO form. `citation`: the legal basis applied at this step, when there is one.
    """

    kind: str
    data: Mapping[str, Any]
    citation: str | None = None


@dataclass(frozen=True)
class DueDates:
    base_end: date
    extension_ends: tuple[date, ...]
    paused_days: int
    legal_end: date
    due: date
    max_due: date
    skipped: tuple[date, ...]  # days off jumped over when rolling `legal_end` to `due`
    headroom: tuple[ExtensionTier, ...]  # extension tiers not yet used
    # Custody tied to a stage limit (`Rule.capped_by`): the stage clock's due date and
    # rule; `due`/`max_due` above are then already no later than `cap`.
    cap: date | None = None
    cap_rule: str | None = None
    uncapped_due: date | None = None


def add_length(
    start: date, length: Duration, calendar: WorkingCalendar, first_day_counted: bool = False
) -> date:
    """End of a limit of `length` starting on `start` (start day excluded by default)."""
    n = length.length
    if length.unit == "months":
        end = add_months(start, n)
    elif length.unit == "custody_months":
        end = add_days(start, 30 * n)  # Đ.134: one custody month is 30 days
    elif length.unit == "working_days":
        if first_day_counted and calendar.is_working_day(start):
            return calendar.add_working_days(start, max(n - 1, 0))
        return calendar.add_working_days(start, n)
    elif length.unit == "hours":
        end = add_days(start, math.ceil(n / 24))  # date-only input: whole days
    else:
        end = add_days(start, n)
    return add_days(end, -1) if first_day_counted and n > 0 else end


def tier_cap(rule: Rule, start: date, current_end: date, tier: ExtensionTier,
             calendar: WorkingCalendar) -> date:
    """The latest end `tier` allows: its `max` added to the end reached so far, or, for a
    tier restating the whole limit (`total_from_start`), that total counted from the
    clock's start like the limit itself."""
    if tier.total_from_start is not None:
        return add_length(start, tier.total_from_start, calendar, rule.first_day_counted)
    return add_length(current_end, tier.max, calendar)


def extended_end(rule: Rule, limit: Limit, start: date, current_end: date,
                 granted: Sequence[Extension], tier: ExtensionTier | None,
                 calendar: WorkingCalendar) -> date:
    """The end after the last extension of `granted` (all in limit units, `in_limit_units`).

    Under a tier restating the whole limit (`total_from_start`) the extended limit is one
    limit counted from the start when the row and every extension are in one unit (1 month
    + 1 month: 2 months from the start, BLTTDS Đ.203 k4); otherwise the extension is added
    to the end reached so far. The bulk path (`bulk.chunk.Chunk._extend`) does the same.
    """
    if tier is not None and tier.total_from_start is not None:
        lengths = [limit.duration, *(ext.length for ext in granted)]
        if len({length.unit for length in lengths}) == 1:
            total = Duration(sum(length.length for length in lengths), limit.duration.unit)
            return add_length(start, total, calendar, rule.first_day_counted)
    return add_length(current_end, granted[-1].length, calendar)


def limit_name(rule: Rule) -> str:
    """The rule's title as the subject of a sentence: "Thời hạn điều tra", "Thời hạn giải
    quyết nguồn tin về tội phạm" (the procedure in brackets dropped)."""
    title = rule.title
    if title.endswith(")") and " (" in title:
        title = title[:title.rindex(" (")]
    if not title.lower().startswith("thời hạn"):
        title = "Thời hạn " + title[:1].lower() + title[1:]
    return title


def limit_total_vi(limit: Limit) -> str:
    """The longest `limit` runs with every extension granted in full, e.g. "30 ngày",
    "8 tháng", "2 tháng và 30 ngày" (units that do not add up are listed)."""
    totals: dict[str, int] = {}
    for length in (limit.duration, *(tier.max for tier in limit.extensions)):
        unit = length.unit
        if unit == "months" and limit.duration.unit == "custody_months":
            unit = "custody_months"  # Đ.134: custody months are 30 days
        totals[unit] = totals.get(unit, 0) + length.length
    return " và ".join(Duration(n, unit).text_vi() for unit, n in totals.items())


def check_extension(rule: Rule, limit: Limit, index: int, new_end: date, cap: date | None,
                    ext: Extension) -> ExtensionTier:
    """The tier that `ext` uses; LawError if it exceeds the number of tiers or if `new_end`
    (the end with `ext`, `extended_end`) is past `cap` (`tier_cap` of tier `index`).

    The message names the limit with every extension and its legal basis first, e.g.
    "Thời hạn mở phiên tòa sơ thẩm không quá 30 ngày kể cả gia hạn (BLTTHS 2015 Điều 277
    khoản 3): gia hạn lần thứ 1 ngày 05/03/2026 là 9 tháng, vượt quá mức tối đa 15 ngày
    của lần gia hạn này."
    """
    name = limit_name(rule)
    if index >= len(limit.extensions):
        allowed = len(limit.extensions)
        if allowed == 0:
            cite = limit.citation.text()
            raise LawError(
                f"{name} là {limit.duration.text_vi()} và không được gia hạn ({cite}): không thể "
                f"gia hạn ngày {vi(ext.granted)} ({ext.length.text_vi()}).",
                code="over_cap", rule=rule.id, citation=cite,
            )
        cite = limit.extensions[-1].citation.text()
        raise LawError(
            f"{name} không quá {limit_total_vi(limit)} kể cả gia hạn ({cite}): gia hạn ngày "
            f"{vi(ext.granted)} ({ext.length.text_vi()}) là lần thứ {index + 1}, vượt quá giới "
            f"hạn: chỉ được gia hạn {allowed} lần.",
            code="over_cap", rule=rule.id, citation=cite,
        )
    tier = limit.extensions[index]
    if cap is not None and new_end > cap:
        cite = tier.citation.text()
        raise LawError(
            f"{name} không quá {limit_total_vi(limit)} kể cả gia hạn ({cite}): gia hạn lần thứ "
            f"{index + 1} ngày {vi(ext.granted)} là {ext.length.text_vi()}, vượt quá mức tối đa "
            f"{tier.max.text_vi()} của lần gia hạn này.",
            code="over_cap", rule=rule.id, citation=cite,
        )
    return tier


def in_limit_units(ext: Extension, limit: Limit) -> Extension:
    """A custody extension "of 2 months" means 2 custody months (60 days), Đ.134."""
    if ext.length.unit == "months" and limit.duration.unit == "custody_months":
        return Extension(ext.granted, Duration(ext.length.length, "custody_months"))
    return ext


def compute_due(clock: Clock, rule: Rule, calendar: WorkingCalendar,
                trace: list[TraceStep] | None = None) -> DueDates:
    """Dates of `clock`: base end, + extensions, + paused days, then the roll-forward.
    With `trace`, each step taken is appended to it (`TraceStep`)."""
    limit = rule.limits[clock.limit_index]
    base_end = add_length(clock.start, limit.duration, calendar, rule.first_day_counted)
    if trace is not None:
        _trace_start(clock, rule, base_end, trace)
    end = base_end
    ext_ends = []
    granted: list[Extension] = []
    for index, raw_ext in enumerate(clock.extensions):
        ext = in_limit_units(raw_ext, limit)
        granted.append(ext)
        tier = limit.extensions[index] if index < len(limit.extensions) else None
        new_end = extended_end(rule, limit, clock.start, end, granted, tier, calendar)
        cap = tier_cap(rule, clock.start, end, tier, calendar) if tier else None
        tier = check_extension(rule, limit, index, new_end, cap, ext)
        end = new_end
        ext_ends.append(end)
        if trace is not None:
            trace.append(_extension_step(limit, index, ext, tier, end, clock.start))
    paused = clock.paused_days
    if trace is not None:
        trace.extend(_pause_step(pause) for pause in clock.pauses)
    legal_end = add_days(end, paused)
    if clock.credit_days:
        if trace is not None:
            trace.append(TraceStep("credit", {"days": clock.credit_days,
                                              "before": legal_end.isoformat(),
                                              "after": add_days(legal_end, -clock.credit_days).isoformat()},
                                   HOLDING_DEDUCTED["citation"]))
        legal_end = add_days(legal_end, -clock.credit_days)
    headroom = limit.extensions[len(clock.extensions):]
    max_end = end
    for tier in headroom:
        max_end = tier_cap(rule, clock.start, max_end, tier, calendar)
    max_legal = add_days(max_end, paused - clock.credit_days)
    rolls = limit.roll  # the counting policy of the limit row (`rules.counting_policy`)
    due = calendar.roll_forward(legal_end) if rolls else legal_end
    max_due = calendar.roll_forward(max_legal) if rolls else max_legal
    skipped = tuple(add_days(legal_end, i) for i in range((due - legal_end).days))
    if trace is not None:
        trace.append(TraceStep("roll", {
            "rolls": rolls, "counting": limit.counting, "legal_end": legal_end.isoformat(), "due": due.isoformat(),
            "skipped": [d.isoformat() for d in skipped],
            "holidays": [calendar.holiday_name(d) for d in skipped]}))
    if clock.until is not None and clock.until < due:
        if trace is not None:
            trace.append(TraceStep("until", {"until": clock.until.isoformat(),
                                             "computed": due.isoformat()},
                                   "BLTTHS 2015 Điều 134 khoản 1"))
        due = clock.until
    return DueDates(base_end, tuple(ext_ends), paused, legal_end, due, max_due, skipped,
                    tuple(headroom))


def trace_stopped(clock: Clock, rule: Rule, calendar: WorkingCalendar,
                  trace: list[TraceStep]) -> None:
    """The steps of a clock stopped by a pause not yet ended, which has no due date: its
    limit, start, base end, the extensions granted before the pause (as granted: they are
    checked against the tiers once the clock runs again) and its pauses."""
    limit = rule.limits[clock.limit_index]
    end = add_length(clock.start, limit.duration, calendar, rule.first_day_counted)
    _trace_start(clock, rule, end, trace)
    granted: list[Extension] = []
    for index, raw_ext in enumerate(clock.extensions):
        ext = in_limit_units(raw_ext, limit)
        granted.append(ext)
        tier = limit.extensions[index] if index < len(limit.extensions) else None
        end = extended_end(rule, limit, clock.start, end, granted, tier, calendar)
        trace.append(_extension_step(limit, index, ext, tier, end, clock.start))
    trace.extend(_pause_step(pause) for pause in clock.pauses)


def _trace_start(clock: Clock, rule: Rule, base_end: date, trace: list[TraceStep]) -> None:
    limit = rule.limits[clock.limit_index]
    cite = limit.citation.text()
    trace.append(TraceStep("limit", {
        "rule": rule.id, "limit": clock.limit_index, "when": dict(limit.when),
        # A start the law leaves open (`StartSpec.confidence`) makes the due date as unsure.
        "confidence": least_sure(limit.confidence, rule.start_confidence(clock.start_event)),
        "law": rule.citation.law,
        "valid_from": rule.valid_from.isoformat(),
        "valid_to": rule.valid_to.isoformat() if rule.valid_to else None}, cite))
    trace.append(TraceStep("start", {"event": clock.start_event, "date": clock.start.isoformat()}))
    trace.append(TraceStep("base", {
        "length": limit.duration.length, "unit": limit.duration.unit,
        "first_day_counted": rule.first_day_counted, "counting": limit.counting,
        "end": base_end.isoformat()}, cite))


def _extension_step(limit: Limit, index: int, ext: Extension, tier: ExtensionTier | None,
                    end: date, start: date) -> TraceStep:
    total = tier.total_from_start if tier else None
    return TraceStep("extension", {
        # A tier restating the whole limit: its total, counted from `start` (`explain`).
        "total_length": total.length if total else None,
        "total_unit": total.unit if total else None, "start": start.isoformat(),
        "number": index + 1, "granted": ext.granted.isoformat(), "length": ext.length.length,
        "unit": ext.length.unit, "end": end.isoformat(),
        "tiers_left": len(limit.extensions) - index - 1,
        "approver": tier.approver if tier else None,
        "max_length": tier.max.length if tier else None,
        "max_unit": tier.max.unit if tier else None,
    }, tier.citation.text() if tier else None)


def _pause_step(pause: Pause) -> TraceStep:
    return TraceStep("pause", {
        "from": pause.start.isoformat(), "to": pause.end.isoformat() if pause.end else None,
        "days": pause.days(), "event": pause.event, "ground": pause.ground})


def apply_cap(dates: DueDates, cap: date, cap_rule: str,
              trace: list[TraceStep] | None = None, citation: str | None = None) -> DueDates:
    """Custody that may not outlast its stage (BLTTHS Đ.241, Đ.278, Đ.174 k4): due dates
    no later than the stage clock's due date `cap`. Custody never rolls, so a capped due
    date is simply the earlier of the two. With `trace`, the step is appended to it."""
    capped = replace(dates, due=min(dates.due, cap), max_due=min(dates.max_due, cap), cap=cap,
                     cap_rule=cap_rule, uncapped_due=dates.due)
    if trace is not None:
        trace.append(TraceStep("cap", {"cap": cap.isoformat(), "cap_rule": cap_rule,
                                       "uncapped_due": dates.due.isoformat(),
                                       "due": capped.due.isoformat()}, citation))
    return capped


def refit_extensions(rule: Rule, limit: Limit, start: date, extensions: tuple[Extension, ...],
                     calendar: WorkingCalendar) -> tuple[tuple[Extension, ...], tuple[int, ...],
                                                         tuple[int, ...]]:
    """Extensions granted under an earlier limit row, re-checked against `limit` [M].

    Returns (extensions that still count, numbers cut to the new tier's maximum,
    numbers dropped because the new row has fewer tiers). See `Requalification`.
    """
    end = add_length(start, limit.duration, calendar, rule.first_day_counted)
    kept: list[Extension] = []
    counted: list[Extension] = []  # `kept` in limit units
    capped: list[int] = []
    dropped: list[int] = []
    for index, raw_ext in enumerate(extensions):
        if len(kept) >= len(limit.extensions):
            dropped.append(index)
            continue
        tier = limit.extensions[len(kept)]
        ext = in_limit_units(raw_ext, limit)
        if extended_end(rule, limit, start, end, [*counted, ext], tier, calendar) > tier_cap(
                rule, start, end, tier, calendar):
            ext = Extension(raw_ext.granted, tier.max)
            capped.append(index)
            kept.append(ext)
        else:
            kept.append(raw_ext)
        counted.append(ext)
        end = extended_end(rule, limit, start, end, counted, tier, calendar)
    return tuple(kept), tuple(capped), tuple(dropped)
