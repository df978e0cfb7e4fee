"""Period calendar: calendar periods and the Procuracy's statistical year (01/12-30/11)."""

from __future__ import annotations

import datetime as dt
import doctest

import pytest

from congminh.core import periods
from congminh.core.periods import (
    custom_period,
    default_horizon,
    label_vi,
    last_ended,
    nine_months,
    parse_period,
    period_containing,
    periods_between,
    reporting_year,
    review_periods,
)

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


# --- reporting years as data, Vietnamese names, codes (issue #11 part 1) ---------------------


@pytest.mark.parametrize(
    ("code", "start_month", "start", "end", "name"),
    [
        # Procuracy statistical year 2027 = 01/12/2026-30/11/2027 (hand-computed).
        ("2027-Q1", 12, D(2026, 12, 1), D(2027, 2, 28), "Quý I/2027"),
        ("2027-Q2", 12, D(2027, 3, 1), D(2027, 5, 31), "Quý II/2027"),
        ("2027-Q3", 12, D(2027, 6, 1), D(2027, 8, 31), "Quý III/2027"),
        ("2026-Q4", 12, D(2026, 9, 1), D(2026, 11, 30), "Quý IV/2026"),
        ("2024-Q1", 12, D(2023, 12, 1), D(2024, 2, 29), "Quý I/2024"),  # leap year
        ("2027-H1", 12, D(2026, 12, 1), D(2027, 5, 31), "6 tháng đầu năm 2027"),
        ("2027-H2", 12, D(2027, 6, 1), D(2027, 11, 30), "6 tháng cuối năm 2027"),
        ("2027-9M", 12, D(2026, 12, 1), D(2027, 8, 31), "9 tháng năm 2027"),
        ("2026", 12, D(2025, 12, 1), D(2026, 11, 30), "Năm 2026"),
        ("2026-M01", 12, D(2025, 12, 1), D(2025, 12, 31), "Tháng 12/2025"),
        # Calendar year (Party reports).
        ("2026", 1, D(2026, 1, 1), D(2026, 12, 31), "Năm 2026"),
        ("2026-Q4", 1, D(2026, 10, 1), D(2026, 12, 31), "Quý IV/2026"),
        ("2026-9M", 1, D(2026, 1, 1), D(2026, 9, 30), "9 tháng năm 2026"),
        # Courts (believed [M]) and enforcement offices (TT 06/2019/TT-BTP Đ.4 k2), 01/10-30/9.
        ("2026", 10, D(2025, 10, 1), D(2026, 9, 30), "Năm 2026"),
        ("2026-Q1", 10, D(2025, 10, 1), D(2025, 12, 31), "Quý I/2026"),
        ("2026-H1", 10, D(2025, 10, 1), D(2026, 3, 31), "6 tháng đầu năm 2026"),
        # Stored labels are read too.
        ("Q4/2026", 12, D(2026, 9, 1), D(2026, 11, 30), "Quý IV/2026"),
        ("2026-11-01..2026-11-30", 12, D(2026, 11, 1), D(2026, 11, 30),
         "Từ ngày 01/11/2026 đến ngày 30/11/2026"),
    ],
)
def test_parse_period(code: str, start_month: int, start: dt.date, end: dt.date, name: str) -> None:
    period = parse_period(code, year_start_month=start_month)
    assert (period.start, period.end, period.label_vi) == (start, end, name)
    assert parse_period(period.code, year_start_month=start_month) == period


@pytest.mark.parametrize("code", ["2026-Q0", "2026-Q5", "2026-H3", "2026-M13", "26-Q1", "Q4 2026",
                                  "2026-12-01..2026-11-01", ""])
def test_parse_period_refuses(code: str) -> None:
    with pytest.raises(ValueError):
        parse_period(code)


def test_parsed_periods_agree_with_period_containing() -> None:
    # The existing callers (directive obligations) and the parser name the same periods.
    for day in (D(2026, 12, 1), D(2027, 2, 28), D(2027, 3, 1), D(2027, 11, 30)):
        for rec in ("monthly", "quarterly", "half_yearly", "yearly"):
            found = period_containing(rec, day, year_start_month=12)
            assert parse_period(found.label, year_start_month=12) == found


def test_stored_labels_the_vietnamese_way() -> None:
    assert label_vi("Q1/2027") == "Quý I/2027"
    assert label_vi("Q3/2027") == "Quý III/2027"
    assert label_vi("H1/2027") == "6 tháng đầu năm 2027"
    assert label_vi("2026") == "Năm 2026"
    assert label_vi("T2/2027", year_start_month=12) == "Tháng 1/2027"
    assert label_vi("T2/2027") == "Tháng 2/2027"
    assert label_vi("something else") == "something else"


def test_reporting_years_are_data_with_confidence() -> None:
    assert reporting_year("procuracy").starts_month == 12
    assert reporting_year("procuracy").confidence == "V"
    court = reporting_year("court")
    assert (court.starts_month, court.confidence) == (10, "M")
    assert court.reason  # why it is unconfirmed is kept with the data
    # Verbatim in the circular in force until 25/7/2024, inferred for its successor.
    enforcement = reporting_year("enforcement_office")
    assert (enforcement.starts_month, enforcement.confidence) == (10, "I")
    assert "bắt đầu từ ngày 01/10 năm hiện tại, kết thúc vào ngày 30/9" in enforcement.source
    assert "05/2024/TT-BTP" in enforcement.reason
    assert reporting_year("internal_affairs").starts_month == 1
    assert reporting_year("police").key == "calendar"


def test_nine_months_and_custom() -> None:
    assert nine_months(2026).end == D(2026, 9, 30)
    assert custom_period(D(2026, 1, 1), D(2026, 1, 31)).days == 31
    with pytest.raises(ValueError):
        custom_period(D(2026, 2, 1), D(2026, 1, 31))


def test_review_periods_offer_the_quarter_just_ended() -> None:
    today = D(2026, 12, 2)
    assert last_ended("quarterly", today, year_start_month=12).code == "2026-Q4"
    codes = [p.code for p in review_periods(today, year_start_month=12)]
    assert "2026-Q4" in codes and "2027-Q1" in codes and "2027-Q2" not in codes
    assert codes.index("2026-Q4") < codes.index("2026-Q3")
