"""Vietnamese working days (BLLĐ 2019 Đ.112 holidays, compensating days, swaps)."""

from datetime import date

import pytest

from congminh.core.law.working_calendar import (
    CalendarRangeError,
    WorkingCalendar,
    YearDaysOff,
    default_calendar,
)

CAL = default_calendar()


@pytest.mark.parametrize(
    ("day", "expected", "why"),
    [
        (date(2026, 4, 30), date(2026, 5, 4), "30/4, 1/5 holidays; 2-3/5 weekend"),
        (date(2026, 4, 26), date(2026, 4, 28), "Hùng Kings on Sunday, compensating Monday 27/4"),
        (date(2026, 2, 17), date(2026, 2, 23), "Tết Bính Ngọ 16-20/2, then weekend"),
        (date(2025, 4, 26), date(2025, 4, 26), "Saturday 26/4/2025 worked in exchange for 2/5"),
        (date(2025, 5, 2), date(2025, 5, 5), "2/5/2025 swapped day off, then weekend"),
        (date(2024, 4, 29), date(2024, 5, 2), "29/4/2024 swapped day off, 30/4, 1/5"),
        (date(2026, 3, 11), date(2026, 3, 11), "an ordinary Wednesday"),
    ],
)
def test_roll_forward(day: date, expected: date, why: str) -> None:
    assert CAL.roll_forward(day) == expected, why


def test_add_working_days_counts_worked_saturday() -> None:
    # Thu 24/4/2025 + 5 working days: 25, Sat 26 (worked), 28, 29, then 30/4-4/5 off -> 5/5.
    assert CAL.add_working_days(date(2025, 4, 24), 5) == date(2025, 5, 5)


def test_injectable_source() -> None:
    def source(year: int) -> YearDaysOff:
        return YearDaysOff(days_off={date(2030, 6, 3): "test"} if year == 2030 else {})

    cal = WorkingCalendar(source)
    assert cal.roll_forward(date(2030, 6, 3)) == date(2030, 6, 4)
    assert cal.roll_forward(date(2026, 4, 30)) == date(2026, 4, 30)  # no holidays at all


def test_out_of_range_is_a_clear_error() -> None:
    with pytest.raises(CalendarRangeError, match="nằm ngoài lịch"):
        CAL.roll_forward(date(2041, 1, 1))
