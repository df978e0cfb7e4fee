"""Reporting periods: months, quarters, half-years and years, on any year start.

Bodies count their reporting years differently (legal-facts.md §7.2): the calendar year
for most, the Procuracy's statistical year from 01/12 of the prior year to 30/11. A
"quarterly review" therefore ends on 28/29 Feb, 31/5, 31/8 and 30/11 at the Procuracy but
on 31/3, 30/6, 30/9 and 31/12 elsewhere. A period is named after the year in which its
statistical year ends ("Q1 2024" at the Procuracy runs 01/12/2023-29/02/2024).

>>> quarter = period_containing("quarterly", dt.date(2024, 1, 15), year_start_month=12)
>>> quarter.start, quarter.end, quarter.label
(datetime.date(2023, 12, 1), datetime.date(2024, 2, 29), 'Q1/2024')

Which body counts which year is data (`periods.yaml`, `reporting_year(kind)`), with the
confidence of each convention and its source. Periods are named the Vietnamese way
(`Period.label_vi`, and `label_vi` for the short labels stored elsewhere, e.g. directive
obligations' "Q4/2026"), and read from codes (`parse_period`: `2026-Q4`, `2026-H1`,
`2026-9M`, `2026`, `2026-M03`, `2026-10-01..2026-12-15`):

>>> q1 = parse_period("2027-Q1", year_start_month=12)
>>> q1.start, q1.end, q1.label_vi, q1.code
(datetime.date(2026, 12, 1), datetime.date(2027, 2, 28), 'Quý I/2027', '2027-Q1')
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any, Final

import yaml

# Months in one period of each recurrence named by the document parser (CONTRACTS.md §2).
RECURRENCE_MONTHS: Final[dict[str, int]] = {
    "monthly": 1,
    "quarterly": 3,
    "half_yearly": 6,
    "yearly": 12,
}
_LABEL_PREFIX: Final[dict[str, str]] = {"monthly": "T", "quarterly": "Q", "half_yearly": "H"}
# Periods that do not tile the year: from the year's start to the end of its 9th month.
NINE_MONTHS: Final = "nine_months"
CUSTOM: Final = "custom"
_ROMAN: Final = ("I", "II", "III", "IV")


@dataclass(frozen=True)
class Period:
    recurrence: str
    start: dt.date
    end: dt.date
    label: str
    # The month the reporting year starts in (12 at the Procuracy): what the label counts.
    year_start_month: int = 1

    def due(self, days_after_end: int) -> dt.date:
        """The report on this period is due `days_after_end` days after it ends."""
        return self.end + dt.timedelta(days=days_after_end)

    @property
    def label_vi(self) -> str:
        """The Vietnamese name: «Quý IV/2026», «6 tháng đầu năm 2027», «Năm 2026»...

        >>> parse_period("2026-H2").label_vi
        '6 tháng cuối năm 2026'
        >>> parse_period("2026-10-01..2026-11-15").label_vi
        'Từ ngày 01/10/2026 đến ngày 15/11/2026'
        """
        if self.recurrence == CUSTOM:
            return f"Từ ngày {_vi(self.start)} đến ngày {_vi(self.end)}"
        return label_vi(self.label, year_start_month=self.year_start_month)

    @property
    def code(self) -> str:
        """The code `parse_period` reads back (`2026-Q4`, `2027-H1`, `2027-9M`, `2026`).

        >>> parse_period("2026-M03", year_start_month=12).code
        '2026-M03'
        """
        if self.recurrence == CUSTOM:
            return f"{self.start.isoformat()}..{self.end.isoformat()}"
        year, number = _label_parts(self.label)
        if self.recurrence == "yearly":
            return str(year)
        if self.recurrence == NINE_MONTHS:
            return f"{year}-9M"
        if self.recurrence == "monthly":
            return f"{year}-M{number:02d}"
        return f"{year}-{_LABEL_PREFIX[self.recurrence]}{number}"

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def _vi(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


_LABEL = re.compile(r"^(?:(?P<prefix>[TQH])(?P<number>\d{1,2})/)?(?P<year>\d{4})$")


def _label_parts(label: str) -> tuple[int, int]:
    """(year, number) of a stored label; number 0 for a year, 9 for a 9-month label."""
    if label.startswith("9T/"):
        return int(label[3:]), 9
    match = _LABEL.match(label)
    if match is None:
        raise ValueError(f"not a period label: {label!r}")
    return int(match["year"]), int(match["number"] or 0)


def label_vi(label: str, *, year_start_month: int = 1) -> str:
    """A stored short label ("Q4/2026", "H1/2027", "T3/2026", "9T/2027", "2026") the
    Vietnamese way. A month label counts months of the reporting year: with the
    Procuracy's year (`year_start_month=12`) "T1/2027" is December 2026. Anything else is
    returned as given (an empty label stays empty).

    >>> [label_vi(x) for x in ("Q4/2026", "H1/2027", "H2/2027", "9T/2027", "2026", "T3/2026")]
    ['Quý IV/2026', '6 tháng đầu năm 2027', '6 tháng cuối năm 2027', '9 tháng năm 2027', 'Năm 2026', 'Tháng 3/2026']
    >>> label_vi("T1/2027", year_start_month=12), label_vi("")
    ('Tháng 12/2026', '')
    """
    try:
        year, number = _label_parts(label)
    except ValueError:
        return label
    prefix = label[:1] if number else ""
    if label.startswith("9T/"):
        return f"9 tháng năm {year}"
    if prefix == "Q" and 1 <= number <= 4:
        return f"Quý {_ROMAN[number - 1]}/{year}"
    if prefix == "H" and number in (1, 2):
        return f"6 tháng {'đầu' if number == 1 else 'cuối'} năm {year}"
    if prefix == "T" and 1 <= number <= 12:
        first = _first_of(_year_start_index(year, year_start_month) + number - 1)
        return f"Tháng {first.month}/{first.year}"
    if not prefix:
        return f"Năm {year}"
    return label


def _year_start_index(year: int, year_start_month: int) -> int:
    """Month index of the first month of the reporting year named `year`."""
    return (year - (1 if year_start_month != 1 else 0)) * 12 + year_start_month - 1


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
    return Period(recurrence, start, end, label, year_start_month)


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


# --- reporting years per kind of body (periods.yaml) ---------------------------------------


@dataclass(frozen=True)
class ReportingYear:
    """How one kind of body counts its reporting year, with how sure we are of it."""

    key: str
    name_vi: str
    starts_month: int
    confidence: str  # V verified, M believed (to confirm), I inferred
    source: str
    reason: str


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    text = resources.files("congminh.core").joinpath("periods.yaml").read_text(encoding="utf-8")
    raw: dict[str, Any] = yaml.safe_load(text)
    return raw


def reporting_years() -> dict[str, ReportingYear]:
    """Every convention of `periods.yaml`, by key.

    >>> years = reporting_years()
    >>> years["procuracy"].starts_month, years["court"].starts_month, years["court"].confidence
    (12, 10, 'M')
    """
    out = {}
    for key, raw in _data()["years"].items():
        month = int(raw["starts_month"])
        if not 1 <= month <= 12:
            raise ValueError(f"periods.yaml: {key}: starts_month must be 1..12")
        out[key] = ReportingYear(key, str(raw["name_vi"]), month, str(raw["confidence"]),
                                 str(raw.get("source") or ""), str(raw.get("reason") or ""))
    return out


def reporting_year(kind: str) -> ReportingYear:
    """The reporting year of a kind of body (`organisations.Kind`); the calendar year when
    the data names none.

    >>> reporting_year("procuracy").starts_month, reporting_year("police").key
    (12, 'calendar')
    """
    key = _data()["kinds"].get(kind, "calendar")
    return reporting_years()[key]


def nine_months(year: int, *, year_start_month: int = 1) -> Period:
    """The first nine months of the reporting year named `year`.

    >>> p = nine_months(2027, year_start_month=12)
    >>> p.start, p.end, p.label_vi
    (datetime.date(2026, 12, 1), datetime.date(2027, 8, 31), '9 tháng năm 2027')
    """
    first = _year_start_index(year, year_start_month)
    end = _first_of(first + 9) - dt.timedelta(days=1)
    return Period(NINE_MONTHS, _first_of(first), end, f"9T/{year}", year_start_month)


def custom_period(start: dt.date, end: dt.date) -> Period:
    """Any range of days (both ends included)."""
    if end < start:
        raise ValueError("a period cannot end before it starts")
    return Period(CUSTOM, start, end, f"{_vi(start)}-{_vi(end)}")


_CODE = re.compile(
    r"^(?P<year>\d{4})(?:-(?:(?P<kind>[QH])(?P<n>\d)|(?P<nine>9M)|M(?P<month>\d{1,2})))?$",
    re.IGNORECASE)
_RANGE = re.compile(r"^(\d{4}-\d{2}-\d{2})\.\.(\d{4}-\d{2}-\d{2})$")


def parse_period(code: str, *, year_start_month: int = 1) -> Period:
    """A period from its code: `2026-Q4`, `2026-H1`, `2026-9M`, `2026`, `2026-M03` (the
    third month of the reporting year), `2026-10-01..2026-12-15` (a custom range), or a
    stored label (`Q4/2026`). Years are named by the year they end in.

    >>> p = parse_period("2026-Q4", year_start_month=12)
    >>> p.start, p.end, p.label_vi
    (datetime.date(2026, 9, 1), datetime.date(2026, 11, 30), 'Quý IV/2026')
    >>> parse_period("2026", year_start_month=10).start
    datetime.date(2025, 10, 1)
    >>> parse_period("2026-Q5")
    Traceback (most recent call last):
    ...
    ValueError: not a period: '2026-Q5'
    """
    text = code.strip()
    ranged = _RANGE.match(text)
    if ranged:
        return custom_period(dt.date.fromisoformat(ranged[1]), dt.date.fromisoformat(ranged[2]))
    if "/" in text:
        try:
            year, number = _label_parts(text)
        except ValueError:
            raise ValueError(f"not a period: {code!r}") from None
        prefix = text[:1]
        text = (str(year) if not number else f"{year}-9M" if text.startswith("9T/")
                else f"{year}-M{number}" if prefix == "T" else f"{year}-{prefix}{number}")
    match = _CODE.match(text)
    if match is None:
        raise ValueError(f"not a period: {code!r}")
    year = int(match["year"])
    first = _year_start_index(year, year_start_month)
    if match["nine"]:
        return nine_months(year, year_start_month=year_start_month)
    if match["kind"]:
        recurrence = "quarterly" if match["kind"].upper() == "Q" else "half_yearly"
        number, length = int(match["n"]), RECURRENCE_MONTHS[recurrence]
        if not 1 <= number <= 12 // length:
            raise ValueError(f"not a period: {code!r}")
        return _period_at(recurrence, first + (number - 1) * length, year_start_month)
    if match["month"]:
        number = int(match["month"])
        if not 1 <= number <= 12:
            raise ValueError(f"not a period: {code!r}")
        return _period_at("monthly", first + number - 1, year_start_month)
    return _period_at("yearly", first, year_start_month)


def review_periods(today: dt.date, *, year_start_month: int = 1, years: int = 2) -> list[Period]:
    """The periods a report may be asked for, newest first: the quarters, 6 months,
    9 months and years of the current and previous reporting years that have started.

    >>> [p.code for p in review_periods(dt.date(2026, 12, 2), year_start_month=12, years=1)]
    ['2027', '2027-9M', '2027-H1', '2027-Q1']
    >>> last_ended("quarterly", dt.date(2026, 12, 2), year_start_month=12).label_vi
    'Quý IV/2026'
    """
    current = period_containing("yearly", today, year_start_month=year_start_month)
    name = int(current.label)
    found: list[Period] = []
    for year in range(name, name - years, -1):
        found.append(parse_period(str(year), year_start_month=year_start_month))
        found.append(nine_months(year, year_start_month=year_start_month))
        found += [parse_period(f"{year}-H{n}", year_start_month=year_start_month) for n in (1, 2)]
        found += [parse_period(f"{year}-Q{n}", year_start_month=year_start_month) for n in (1, 2, 3, 4)]
    started = [p for p in found if p.start <= today]
    return sorted(started, key=lambda p: (p.end, -p.days), reverse=True)


def last_ended(recurrence: str, today: dt.date, *, year_start_month: int = 1) -> Period:
    """The last period of `recurrence` that ended before `today` (the one to review)."""
    current = period_containing(recurrence, today, year_start_month=year_start_month)
    return period_containing(recurrence, current.start - dt.timedelta(days=1),
                             year_start_month=year_start_month)
