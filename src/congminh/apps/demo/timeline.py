"""One synthetic case's log as it is being written: events in date order, each body's
case number when it first acts, and nothing on or after the day after `as_of`.

Every legal time limit used by the generator is here, with its article, and extensions
are only ever granted up to these caps (legal-facts.md §1.2, §1.3, §1.5, §1.6, §1.7,
§2.1, §3.1).
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from congminh.core.records import EventRecord

# Investigation, BLTTHS Đ.172: base months and the cap of each successive extension.
INVESTIGATION = {
    "less_serious": (2, (2,)), "serious": (3, (3, 2)),
    "very_serious": (4, (4, 4)), "especially_serious": (4, (4, 4, 4)),
}
# After resumption, Đ.174 k1: months (no extension is generated after a resumption).
RESUMED_INVESTIGATION = {
    "less_serious": 2, "serious": 2, "very_serious": 3, "especially_serious": 3,
}
# Prosecution decision, Đ.240: base days, one extension of at most N days.
PROSECUTION = {
    "less_serious": (20, 10), "serious": (20, 10),
    "very_serious": (30, 15), "especially_serious": (30, 30),
}
# First-instance preparation, Đ.277: (unit, base, extension cap in days).
CRIMINAL_PREPARATION = {
    "less_serious": ("days", 30, 15), "serious": ("days", 45, 15),
    "very_serious": ("months", 2, 30), "especially_serious": ("months", 3, 30),
}
# Civil (BLTTDS Đ.203) and administrative (Luật TTHC Đ.130) preparation: months, ext. cap.
COURT_PREPARATION = {
    "civil_family": (4, 2), "business_labour": (2, 1), "ordinary": (4, 2), "short": (2, 1),
}
SUPPLEMENTARY_MONTHS = {"procuracy": 2, "court": 1}  # Đ.174 k2
REPORT_DAYS, REPORT_COMPLEX_MONTHS, REPORT_EXTENSION_MONTHS = 20, 2, 2  # Đ.147

# Share of steps that run past their legal end (done late, or overdue when still open).
LATE = 0.08

NUMBER_FORMATS = {
    "police": "{n}/{y}/QĐ-CSĐT",
    "procuracy": "{n}/{y}/QĐ-VKS-HS",
    "criminal": "{n}/{y}/TLST-HS",
    "civil_family": "{n}/{y}/TLST-DS",
    "business_labour": "{n}/{y}/TLST-KDTM",
    "administrative": "{n}/{y}/TLST-HC",
    "appeal_criminal": "{n}/{y}/TLPT-HS",
    "appeal_civil": "{n}/{y}/TLPT-DS",
    "appeal_administrative": "{n}/{y}/TLPT-HC",
    "enforcement": "{n}/{y}/QĐ-THADS",
}


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    return dt.date(year, month + 1, min(day.day, calendar.monthrange(year, month + 1)[1]))


def days(n: int) -> dt.timedelta:
    return dt.timedelta(days=n)


class Counters:
    """Per body and year, the next case number: unique numbers without a registry."""

    def __init__(self) -> None:
        self._next: dict[tuple[str, int], int] = defaultdict(int)

    def take(self, body: str, year: int) -> int:
        self._next[(body, year)] += 1
        return self._next[(body, year)]


class Stop(Exception):
    """The log has reached `as_of`: the case is open at its current step."""


@dataclass
class Timeline:
    rng: random.Random
    as_of: dt.date
    counters: Counters
    day: dt.date = dt.date.min
    events: list[EventRecord] = field(default_factory=list)
    numbers: dict[str, str] = field(default_factory=dict)
    holder: str = ""

    def add(self, type_: str, day: dt.date, body: str, number_kind: str, **data: Any) -> dt.date:
        """Append an event (never before the previous one); raise Stop past `as_of`.
        The body gets its own case number (format `number_kind`) when it first acts."""
        day = max(day, self.day)
        if day > self.as_of:
            raise Stop
        self.day = day
        self.events.append(EventRecord(type_, day, dict(data), organisation_code=body))
        if body not in self.numbers:
            n = self.counters.take(body, day.year)
            self.numbers[body] = NUMBER_FORMATS[number_kind].format(n=n, y=day.year)
        self.holder = body
        return day

    def finish_by(self, start: dt.date, due: dt.date) -> dt.date:
        """When a step that must end by `due` ends: mostly in time, sometimes late."""
        span = max(1, (due - start).days)
        if self.rng.random() < LATE:
            if self.rng.random() < 0.5:  # a little late
                return due + days(self.rng.randint(2, max(10, span // 2)))
            return due + days(self.rng.randint(span // 2 + 10, 3 * span + 90))  # stalled
        return start + days(self.rng.randint(max(1, span // 4), span))

    def extension_day(self, due: dt.date) -> dt.date:
        """Extensions are asked for and granted before the limit runs out."""
        return max(self.day, due - days(self.rng.randint(2, 12)))

    def records(self) -> tuple[str, list[tuple[str, str]]]:
        numbers = [(self.holder, self.numbers[self.holder])]
        numbers += [(b, n) for b, n in self.numbers.items() if b != self.holder]
        return self.holder, numbers
