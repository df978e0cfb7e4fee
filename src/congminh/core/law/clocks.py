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
from dataclasses import dataclass, field
from datetime import date

from .dates import add_days, add_months, vi
from .rules import Duration, ExtensionTier, Limit, Rule
from .working_calendar import WorkingCalendar


class LawError(ValueError):
    """A case history that the law does not allow (shown to users, in Vietnamese)."""


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

    @property
    def suspended(self) -> bool:
        return any(p.end is None for p in self.pauses)

    @property
    def paused_days(self) -> int:
        return sum(p.days() for p in self.pauses)


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


def check_extension(rule: Rule, limit: Limit, index: int, current_end: date, ext: Extension,
                    calendar: WorkingCalendar) -> ExtensionTier:
    """The tier that `ext` uses; LawError if it exceeds the number or the cap of tiers."""
    cite = limit.citation.text()
    if index >= len(limit.extensions):
        allowed = len(limit.extensions)
        what = "không được gia hạn" if allowed == 0 else f"chỉ được gia hạn {allowed} lần"
        raise LawError(
            f"Gia hạn ngày {vi(ext.granted)} ({ext.length.text_vi()}) là lần thứ {index + 1}, "
            f"vượt quá giới hạn: {rule.title} {what} theo {cite}."
        )
    tier = limit.extensions[index]
    if add_length(current_end, ext.length, calendar) > add_length(current_end, tier.max, calendar):
        raise LawError(
            f"Gia hạn lần thứ {index + 1} ngày {vi(ext.granted)} là {ext.length.text_vi()}, "
            f"vượt quá mức tối đa {tier.max.text_vi()} theo {tier.citation.text()}."
        )
    return tier


def in_limit_units(ext: Extension, limit: Limit) -> Extension:
    """A custody extension "of 2 months" means 2 custody months (60 days), Đ.134."""
    if ext.length.unit == "months" and limit.duration.unit == "custody_months":
        return Extension(ext.granted, Duration(ext.length.length, "custody_months"))
    return ext


def compute_due(clock: Clock, rule: Rule, calendar: WorkingCalendar) -> DueDates:
    """Dates of `clock`: base end, + extensions, + paused days, then the roll-forward."""
    limit = rule.limits[clock.limit_index]
    base_end = add_length(clock.start, limit.duration, calendar, rule.first_day_counted)
    end = base_end
    ext_ends = []
    for index, raw_ext in enumerate(clock.extensions):
        ext = in_limit_units(raw_ext, limit)
        check_extension(rule, limit, index, end, ext, calendar)
        end = add_length(end, ext.length, calendar)
        ext_ends.append(end)
    paused = clock.paused_days
    legal_end = add_days(end, paused)
    headroom = limit.extensions[len(clock.extensions):]
    max_end = end
    for tier in headroom:
        max_end = add_length(max_end, tier.max, calendar)
    max_legal = add_days(max_end, paused)
    due = calendar.roll_forward(legal_end) if rule.roll else legal_end
    max_due = calendar.roll_forward(max_legal) if rule.roll else max_legal
    skipped = tuple(add_days(legal_end, i) for i in range((due - legal_end).days))
    return DueDates(base_end, tuple(ext_ends), paused, legal_end, due, max_due, skipped,
                    tuple(headroom))
