"""Date arithmetic shared by the per-case engine and the bulk path.

Everything here is calendar-only (no holidays): month arithmetic per BLTTHS Điều 134 /
BLDS Điều 147 ("same day-number, or the last day of a short month"), ISO parsing and the
dd/mm/yyyy screen format.
"""

from __future__ import annotations

import calendar as _stdcal
from datetime import date, timedelta

_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


def add_months(start: date, months: int) -> date:
    """Same day-number `months` later; the month's last day when that day does not exist.

    >>> add_months(date(2026, 1, 31), 1)
    datetime.date(2026, 2, 28)
    >>> add_months(date(2024, 2, 29), 12)
    datetime.date(2025, 2, 28)
    """
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    day = start.day
    if day > 28:  # only then can the month be too short; avoids `calendar.monthrange` (hot path)
        last = 29 if month == 1 and _stdcal.isleap(year) else _MONTH_DAYS[month]
        day = min(day, last)
    return date(year, month + 1, day)


def add_days(start: date, days: int) -> date:
    return start + timedelta(days=days)


def parse_iso(value: object) -> date:
    """Parse a `YYYY-MM-DD` string; raise ValueError with a Vietnamese message otherwise."""
    if not isinstance(value, str):
        raise ValueError(f"ngày phải là chuỗi YYYY-MM-DD, nhận được {value!r}")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"ngày không hợp lệ: {value!r} (cần YYYY-MM-DD)") from None


def vi(day: date) -> str:
    """dd/mm/yyyy, the format used on screens and in reports."""
    return day.strftime("%d/%m/%Y")
