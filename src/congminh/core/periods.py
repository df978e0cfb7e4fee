"""Reporting periods: months, quarters, half-years and years, on any year start.

Bodies count their reporting years differently (legal-facts.md §7.2): the calendar year
for most, the Procuracy's statistical year from 01/12 of the prior year to 30/11. A
"quarterly review" therefore ends on 28/29 Feb, 31/5, 31/8 and 30/11 at the Procuracy but
on 31/3, 30/6, 30/9 and 31/12 elsewhere. A period is named after the year in which its
statistical year ends ("Q1 2024" at the Procuracy runs 01/12/2023-29/02/2024).

>>> quarter = period_containing("quarterly", dt.date(2024, 1, 15), year_start_month=12)
>>> quarter.start, quarter.end, quarter.label
(datetime.date(2023, 12, 1), datetime.date(2024, 2, 29), 'Q1/2024')
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Final

# Months in one period of each recurrence named by the document parser (CONTRACTS.md §2).
RECURRENCE_MONTHS: Final[dict[str, int]] = {
    "monthly": 1,
    "quarterly": 3,
    "half_yearly": 6,
    "yearly": 12,
}
_LABEL_PREFIX: Final[dict[str, str]] = {"monthly": "T", "quarterly": "Q", "half_yearly": "H"}


@dataclass(frozen=True)
class Period:
    recurrence: str
    start: dt.date
    end: dt.date
    label: str

    def due(self, days_after_end: int) -> dt.date:
        """The report on this period is due `days_after_end` days after it ends."""
        return self.end + dt.timedelta(days=days_after_end)


def _month_index(day: dt.date) -> int:
    return day.year * 12 + day.month - 1


def _first_of(index: int) -> dt.date:
    return dt.date(index // 12, index % 12 + 1, 1)


def _period_at(recurrence: str, start_index: int, year_start_month: int) -> Period:
    length = RECURRENCE_MONTHS[recurrence]
    start = _first_of(start_index)
    end = _first_of(start_index + length) - dt.timedelta(days=1)
    # The statistical year this period falls in, named by the year it ends in.
    offset = start_index - (year_start_month - 1)
    year_index = offset // 12
    label_year = year_index + (1 if year_start_month != 1 else 0)
    number = (offset % 12) // length + 1
    prefix = _LABEL_PREFIX.get(recurrence)
    label = f"{prefix}{number}/{label_year}" if prefix else str(label_year)
    return Period(recurrence, start, end, label)


def period_containing(recurrence: str, day: dt.date, *, year_start_month: int = 1) -> Period:
    """The period of `recurrence` that contains `day`.

    >>> period_containing("yearly", dt.date(2026, 12, 5), year_start_month=12).label
    '2027'
    >>> period_containing("half_yearly", dt.date(2026, 8, 31)).end
    datetime.date(2026, 12, 31)
    """
    if recurrence not in RECURRENCE_MONTHS:
        raise ValueError(f"unknown recurrence: {recurrence!r}")
    if not 1 <= year_start_month <= 12:
        raise ValueError(f"year_start_month must be 1..12, not {year_start_month}")
    length = RECURRENCE_MONTHS[recurrence]
    offset = _month_index(day) - (year_start_month - 1)
    start_index = offset - offset % length + (year_start_month - 1)
    return _period_at(recurrence, start_index, year_start_month)


def periods_between(
    recurrence: str, first_day: dt.date, last_end: dt.date, *, year_start_month: int = 1
) -> list[Period]:
    """Every period from the one containing `first_day` up to those ending by `last_end`.

    The period already running on `first_day` is included: a directive received in
    mid-quarter still owes that quarter's review.

    >>> [p.label for p in periods_between("quarterly", dt.date(2026, 11, 26), dt.date(2027, 12, 31))]
    ['Q4/2026', 'Q1/2027', 'Q2/2027', 'Q3/2027', 'Q4/2027']
    """
    period = period_containing(recurrence, first_day, year_start_month=year_start_month)
    length = RECURRENCE_MONTHS[recurrence]
    result: list[Period] = []
    while period.end <= last_end:
        result.append(period)
        period = _period_at(recurrence, _month_index(period.start) + length, year_start_month)
    return result


def default_horizon(today: dt.date) -> dt.date:
    """Recurring duties are laid out until the end of next year.

    >>> default_horizon(dt.date(2026, 11, 26))
    datetime.date(2027, 12, 31)
    """
    return dt.date(today.year + 1, 12, 31)
