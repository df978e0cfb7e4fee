"""Period calendar: calendar periods and the Procuracy's statistical year (01/12-30/11)."""

from __future__ import annotations

import datetime as dt
import doctest

import pytest

from congminh.core import periods
from congminh.core.periods import default_horizon, period_containing, periods_between

D = dt.date


@pytest.mark.parametrize(
    ("recurrence", "day", "start_month", "start", "end", "label"),
    [
        ("monthly", D(2024, 2, 10), 1, D(2024, 2, 1), D(2024, 2, 29), "T2/2024"),
        ("monthly", D(2023, 12, 31), 12, D(2023, 12, 1), D(2023, 12, 31), "T1/2024"),
        ("quarterly", D(2026, 1, 1), 1, D(2026, 1, 1), D(2026, 3, 31), "Q1/2026"),
        ("quarterly", D(2026, 12, 31), 1, D(2026, 10, 1), D(2026, 12, 31), "Q4/2026"),
        # Procuracy quarters: Dec-Feb, Mar-May, Jun-Aug, Sep-Nov.
        ("quarterly", D(2023, 12, 1), 12, D(2023, 12, 1), D(2024, 2, 29), "Q1/2024"),
        ("quarterly", D(2025, 2, 28), 12, D(2024, 12, 1), D(2025, 2, 28), "Q1/2025"),
        ("quarterly", D(2024, 3, 1), 12, D(2024, 3, 1), D(2024, 5, 31), "Q2/2024"),
        ("quarterly", D(2024, 11, 30), 12, D(2024, 9, 1), D(2024, 11, 30), "Q4/2024"),
        ("half_yearly", D(2024, 5, 31), 12, D(2023, 12, 1), D(2024, 5, 31), "H1/2024"),
        ("half_yearly", D(2024, 6, 1), 12, D(2024, 6, 1), D(2024, 11, 30), "H2/2024"),
        ("half_yearly", D(2024, 7, 1), 1, D(2024, 7, 1), D(2024, 12, 31), "H2/2024"),
        ("yearly", D(2024, 6, 15), 1, D(2024, 1, 1), D(2024, 12, 31), "2024"),
        ("yearly", D(2023, 12, 1), 12, D(2023, 12, 1), D(2024, 11, 30), "2024"),
        ("yearly", D(2024, 11, 30), 12, D(2023, 12, 1), D(2024, 11, 30), "2024"),
        # Courts' working year (01/10-30/09) is [M] in legal-facts; supported all the same.
        ("yearly", D(2025, 9, 30), 10, D(2024, 10, 1), D(2025, 9, 30), "2025"),
    ],
)
def test_period_containing(
    recurrence: str, day: dt.date, start_month: int, start: dt.date, end: dt.date, label: str
) -> None:
    period = period_containing(recurrence, day, year_start_month=start_month)
    assert (period.start, period.end, period.label) == (start, end, label)


def test_procuracy_quarters_until_horizon() -> None:
    found = periods_between("quarterly", D(2026, 11, 26), D(2027, 12, 31), year_start_month=12)
    assert [(p.start, p.end) for p in found] == [
        (D(2026, 9, 1), D(2026, 11, 30)),
        (D(2026, 12, 1), D(2027, 2, 28)),
        (D(2027, 3, 1), D(2027, 5, 31)),
        (D(2027, 6, 1), D(2027, 8, 31)),
        (D(2027, 9, 1), D(2027, 11, 30)),
    ]


def test_yearly_periods_and_due() -> None:
    found = periods_between("yearly", D(2026, 11, 26), default_horizon(D(2026, 11, 26)))
    assert [p.label for p in found] == ["2026", "2027"]
    assert found[0].due(15) == D(2027, 1, 15)


def test_horizon_before_first_period_end_gives_nothing() -> None:
    assert periods_between("yearly", D(2026, 3, 1), D(2026, 6, 30)) == []


@pytest.mark.parametrize(("recurrence", "month"), [("weekly", 1), ("quarterly", 13)])
def test_bad_arguments(recurrence: str, month: int) -> None:
    with pytest.raises(ValueError):
        period_containing(recurrence, D(2026, 1, 1), year_start_month=month)


def test_doctests() -> None:
    assert doctest.testmod(periods).failed == 0
