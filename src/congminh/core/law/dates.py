"""Date arithmetic shared by the per-case engine and the bulk path.

Everything here is calendar-only (no holidays): month arithmetic per BLTTHS Điều 134 /
BLDS Điều 147 ("same day-number, or the last day of a short month"), ISO parsing and the
dd/mm/yyyy screen format.
"""

from __future__ import annotations

import calendar as _stdcal
from datetime import date, timedelta


def add_months(start: date, months: int) -> date:
    """Same day-number `months` later; the month's last day when that day does not exist.

    >>> add_months(date(2026, 1, 31), 1)
    datetime.date(2026, 2, 28)
    >>> add_months(date(2024, 2, 29), 12)
    datetime.date(2025, 2, 28)
    """
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    last = _stdcal.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(start.day, last))


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
