"""Dates, deadlines and recurrences in Vietnamese administrative text."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from .textutil import fold, squash

# "02/6/2005", "03/6/22", "28.02.2020"
NUMERIC_DATE = r"(?P<d>\d{1,2})\s*[/.-]\s*(?P<m>\d{1,2})\s*[/.-]\s*(?P<y>\d{4}|\d{2})(?!\d)"
# "29 tháng 11 năm 2021" (after the word "ngày")
WORDED_DATE = r"(?P<wd>\d{1,2})\s+tháng\s+(?P<wm>\d{1,2})\s+năm\s+(?P<wy>\d{4})"
# Either form, optionally introduced by "ngày".
BARE_DATE = rf"(?:{WORDED_DATE}|{NUMERIC_DATE})"
ANY_DATE = rf"(?:ngày\s+)?{BARE_DATE}"
ANY_DATE_RE = re.compile(ANY_DATE, re.IGNORECASE)

ROMAN = {"I": 1, "II": 2, "III": 3, "IV": 4}
# A four-digit year, needed by the numeric forms "31.12.2025", "15-12-2025".
YEAR_DIGITS_RE = re.compile(r"\d{4}")


def make_date(day: int, month: int, year: int) -> dt.date | None:
    if year < 100:
        year += 2000
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def date_from_match(m: re.Match[str]) -> dt.date | None:
    """Build a date from a match of ANY_DATE (either alternative)."""
    groups = m.groupdict()
    if groups.get("wd"):
        return make_date(int(groups["wd"]), int(groups["wm"]), int(groups["wy"]))
    if groups.get("d"):
        return make_date(int(groups["d"]), int(groups["m"]), int(groups["y"]))
    return None


def parse_date(text: str) -> dt.date | None:
    """First date in `text`.

    >>> parse_date("ngày 29 tháng 11 năm 2021")
    datetime.date(2021, 11, 29)
    >>> parse_date("Ngày: 03/6/22")
    datetime.date(2022, 6, 3)
    """
    m = ANY_DATE_RE.search(text)
    return date_from_match(m) if m else None


def month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def quarter_end(year: int, quarter: int) -> dt.date:
    return month_end(year, quarter * 3)


def _quarter_number(token: str) -> int | None:
    token = token.strip().upper()
    q = int(token) if token.isdigit() else ROMAN.get(token, 0)
    return q if 1 <= q <= 4 else None


# OCR turns "trong" into "frong" or "rong"; accept those.
_IN = r"(?:t|f)?rong"
# "trước ngày 15/12/2026", "chậm nhất đến ngày 01 tháng 7 năm 2028", "hoàn thành trước 28/2/2023"
# "đến ngày 31/12/2025" ends the period a duty runs in ("từ ngày … đến ngày …").
DEADLINE_DATE_RE = re.compile(
    rf"(?:trước|(?:chậm|muộn) nhất(?:\s+(?:là|đến|vào|từ))?|hạn chót|không quá|đến hết|đến)\s+(?:ngày\s+)?(?:{WORDED_DATE}|{NUMERIC_DATE})",
    re.IGNORECASE,
)
# "trong tháng 01/2026", "trong tháng 3 năm 2026", "đến tháng 12 năm 1982", "hết tháng 6/2026"
DEADLINE_MONTH_RE = re.compile(
    rf"(?:{_IN}|đến(?:\s+hết)?|hết|hoàn thành(?:\s+(?:trong|vào))?|vào|cuối)\s+tháng\s+(?P<m>\d{{1,2}})\s*(?:/|năm)\s*(?P<y>\d{{4}})",
    re.IGNORECASE,
)
# "trước tháng 6/2025": done by the end of the month before.
BEFORE_MONTH_RE = re.compile(r"trước\s+tháng\s+(?P<m>\d{1,2})\s*(?:/|năm)\s*(?P<y>\d{4})", re.IGNORECASE)
# "trong 6 tháng đầu năm 2025": the half year's last day (not "báo cáo 6 tháng đầu năm 2025",
# which names a report's period).
HALF_YEAR = r"(?:0?6|sáu)\s+tháng\s+(?P<half>đầu|cuối)\s+năm\s+(?P<y>\d{4})"
HALF_YEAR_RE = re.compile(rf"{_IN}\s+{HALF_YEAR}", re.IGNORECASE)
# "trong quý III năm 2026", "Quý 1/2026", "Quý III, IV/2026", "Quý IV/2026, 2027"
QUARTER_RE = re.compile(
    r"quý\s+(?P<qs>(?:[IV]+|[1-4])(?:\s*(?:,|và)\s*(?:[IV]+|[1-4]))*)\s*(?:/|-|năm)\s*(?P<y>\d{4})"
    r"(?P<more>(?:\s*(?:,|và|-)\s*\d{4})*)",
    re.IGNORECASE,
)
# "trong năm 2026" / "hoàn thành năm 2026" / "đến hết năm 2026" (not "đến năm 2030", a target or a plan's horizon)
DEADLINE_YEAR_RE = re.compile(rf"(?:{_IN}|hoàn thành(?:\s+trong)?|cuối|đến hết)\s+năm\s+(?P<y>\d{{4}})", re.IGNORECASE)


@dataclass(frozen=True)
class Deadline:
    due: dt.date
    text: str
    start: int
    # "day" for a date; "month", "quarter", "year" when the text names only a period
    # and `due` is that period's last day.
    precision: str = "day"


def _quarter_deadline(m: re.Match[str]) -> dt.date | None:
    more_years = re.findall(r"\d{4}", m.group("more") or "")
    if more_years:
        return dt.date(int(more_years[-1]), 12, 31)
    quarters = [q for q in (_quarter_number(t) for t in re.split(r",|và", m.group("qs"))) if q]
    return quarter_end(int(m.group("y")), max(quarters)) if quarters else None


def find_deadlines(text: str) -> list[Deadline]:
    """Every one-off deadline in `text`, in reading order: deadline phrases and time fields.

    >>> [d.due.isoformat() for d in find_deadlines("hoàn thành frong Quý 1/2026")]
    ['2026-03-31']
    >>> [d.due.isoformat() for d in find_deadlines("- Thời gian thực hiện: Năm 2015.")]
    ['2015-12-31']
    """
    found = phrase_deadlines(text)
    lowered = text.lower()
    if "thời gian" in lowered or "thời hạn" in lowered or "tiến độ" in lowered:
        found = sorted(found + field_deadlines(text), key=lambda d: d.start)
    return _without_overlaps(found)


def phrase_deadlines(text: str) -> list[Deadline]:
    """Deadlines stated by a phrase ("trước ngày …", "trong tháng …", "Quý III/2026").

    >>> [d.due.isoformat() for d in phrase_deadlines("trong tháng 01/2026")]
    ['2026-01-31']
    """
    found: list[Deadline] = []
    lowered = text.lower()
    if "tháng" not in lowered and "quý" not in lowered and "năm" not in lowered and not YEAR_DIGITS_RE.search(text):
        return found  # every deadline form needs one of these
    for m in DEADLINE_DATE_RE.finditer(text):
        # "trước ngày 30 tháng 6 hằng năm" has no year: the regex needs one, so a
        # recurring date never becomes a one-off deadline.
        day = date_from_match(m)
        if day:
            found.append(Deadline(day, m.group(0), m.start()))
    for m in DEADLINE_MONTH_RE.finditer(text):
        month, year = int(m.group("m")), int(m.group("y"))
        if 1 <= month <= 12:
            found.append(Deadline(month_end(year, month), m.group(0), m.start(), "month"))
    for m in QUARTER_RE.finditer(text):
        q_due = _quarter_deadline(m)
        if q_due:
            found.append(Deadline(q_due, m.group(0), m.start(), "quarter"))
    for m in BEFORE_MONTH_RE.finditer(text):
        month, year = int(m.group("m")), int(m.group("y"))
        if 1 <= month <= 12:
            found.append(Deadline(dt.date(year, month, 1) - dt.timedelta(days=1), m.group(0), m.start(), "month"))
    for m in HALF_YEAR_RE.finditer(text):
        half = 6 if fold(m.group("half")) == "dau" else 12
        found.append(Deadline(month_end(int(m.group("y")), half), m.group(0), m.start(), "month"))
    for m in DEADLINE_YEAR_RE.finditer(text):
        found.append(Deadline(dt.date(int(m.group("y")), 12, 31), m.group(0), m.start(), "year"))
    found.sort(key=lambda d: d.start)
    return _without_overlaps(found)


def _without_overlaps(found: list[Deadline]) -> list[Deadline]:
    """One reading per phrase: "trước tháng 6/2025" is not also "tháng 6/2025"."""
    kept: list[Deadline] = []
    for d in found:
        if kept and d.start < kept[-1].start + len(kept[-1].text):
            continue
        kept.append(d)
    return kept


# A time field or a plan table's time cell names the period alone: "Năm 2015",
# "Tháng 6/2015", "30/6/2015", "2024 - 2025", "Quý II/2015" (the label makes it a deadline).
TIME_FIELD_RE = re.compile(
    r"(?:^|[-–+•;]\s*|[.,]\s+)(?:Thời (?:gian|hạn)(?: (?:thực hiện|hoàn thành|trình|báo cáo|triển khai))?|Tiến độ(?: thực hiện)?)"
    r"\s*:\s*(?P<value>[^;\n]{1,80})",
    re.IGNORECASE,
)
# "Tháng 6/2015", "Tháng 6 - 12/2015" (the last month counts), "6 tháng đầu năm 2015"
BARE_MONTH_RE = re.compile(
    r"^(?:trong\s+)?tháng\s+(?:\d{1,2}\s*(?:-|–|đến)\s*(?:tháng\s+)?)?(?P<m>\d{1,2})\s*(?:/|năm)\s*(?P<y>\d{4})", re.IGNORECASE
)
BARE_HALF_RE = re.compile(rf"^{HALF_YEAR}", re.IGNORECASE)
# "Tháng 11" in a plan for one year: the plan's year is meant.
MONTH_ONLY_RE = re.compile(r"^(?:trong\s+)?tháng\s+(?P<m>\d{1,2})$", re.IGNORECASE)
BARE_YEARS_RE = re.compile(r"^(?:trong\s+)?(?:các\s+)?(?:năm\s+)?(?P<y>\d{4})(?:\s*(?:-|–|đến|và|,)\s*(?:năm\s+)?(?P<y2>\d{4}))?\b",
                           re.IGNORECASE)
BARE_DAY_RE = re.compile(rf"^(?:ngày\s+)?(?:{WORDED_DATE}|{NUMERIC_DATE})", re.IGNORECASE)


def period_deadline(value: str, year: int | None = None) -> Deadline | None:
    """The deadline a time field or cell names, its words or the bare period; a month
    with no year ("Tháng 11") is of `year`, the plan's year, when given.

    >>> period_deadline("Năm 2015").due.isoformat()
    '2015-12-31'
    >>> period_deadline("Tháng 6/2015").precision
    'month'
    >>> period_deadline("Thường xuyên") is None
    True
    """
    value = squash(value).strip(" .;,")
    if found := phrase_deadlines(value):
        return found[-1]  # a cell names a period: "Quý III/2026 - Quý II/2027" ends with its last
    if m := BARE_DAY_RE.match(value):
        day = date_from_match(m)
        return Deadline(day, m.group(0), 0) if day else None
    if (m := BARE_MONTH_RE.match(value)) and 1 <= int(m.group("m")) <= 12:
        return Deadline(month_end(int(m.group("y")), int(m.group("m"))), m.group(0), 0, "month")
    if year and (m := MONTH_ONLY_RE.match(value)) and 1 <= int(m.group("m")) <= 12:
        return Deadline(month_end(year, int(m.group("m"))), m.group(0), 0, "month")
    if m := BARE_HALF_RE.match(value):
        half = 6 if fold(m.group("half")) == "dau" else 12
        return Deadline(month_end(int(m.group("y")), half), m.group(0), 0, "month")
    if m := QUARTER_RE.match(value):
        q_due = _quarter_deadline(m)
        return Deadline(q_due, m.group(0), 0, "quarter") if q_due else None
    if m := BARE_YEARS_RE.match(value):
        year = int(m.group("y2") or m.group("y"))
        return Deadline(dt.date(year, 12, 31), m.group(0), 0, "year") if 1900 < year < 2100 else None
    return None


def field_deadlines(text: str) -> list[Deadline]:
    """Deadlines stated in time fields ("- Thời gian thực hiện: Năm 2015") inside `text`."""
    found = []
    for m in TIME_FIELD_RE.finditer(text):
        if (d := period_deadline(m.group("value"))) is not None:
            found.append(Deadline(d.due, m.group(0).lstrip("-–+•.;, "), m.start(), d.precision))
    return found


_HANG = r"h[àằ]ng"
# Each pattern with a word it cannot match without, checked first: these run on every
# task's text, and a substring test is far cheaper than a failed regex search.
RECURRENCE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("monthly", re.compile(rf"{_HANG}\s+tháng|mỗi tháng|định kỳ tháng", re.IGNORECASE)),
    ("quarterly", re.compile(rf"{_HANG}\s+quý|mỗi quý|định kỳ quý", re.IGNORECASE)),
    # "6 tháng, hằng năm", "định kỳ 6 tháng", "sáu tháng một lần"
    ("half_yearly", re.compile(r"(?:định kỳ|báo cáo|sơ kết)[^.;]{0,30}?\b(?:0?6|sáu)\s+tháng|\b(?:0?6|sáu)\s+tháng\s*(?:,|một lần|và\s+h[àằ]ng\s+năm)", re.IGNORECASE)),
    # Yearly only in a recurring context: not "kế hoạch 5 năm và hằng năm".
    ("yearly", re.compile(rf"định kỳ\s+{_HANG}\s+năm|(?:tháng\s+|/)\d{{1,2}}\s+{_HANG}\s+năm|(?:^|[.;:]\s*)H[àằ]ng\s+năm\s*(?:[,.;]|$)|(?:báo cáo|gửi)[^.;]{{0,40}}?{_HANG}\s+năm|mỗi năm", re.IGNORECASE)),
]
_REQUIRED_WORD = {"monthly": "tháng", "quarterly": "quý", "half_yearly": "tháng", "yearly": "năm"}
# "định kỳ hai năm một lần": not in the contract's vocabulary; reported as an extra field.
BIENNIAL_RE = re.compile(r"(?:hai|02|2)\s+năm\s+(?:một|1)\s+lần", re.IGNORECASE)


@dataclass(frozen=True)
class Recurrence:
    value: str | None
    text: str
    extra: str | None = None


def find_recurrence(text: str) -> Recurrence | None:
    """The most frequent recurrence stated in `text`.

    >>> find_recurrence("định kỳ hàng quý, rà soát").value
    'quarterly'
    >>> find_recurrence("kế hoạch 5 năm và hằng năm để triển khai") is None
    True
    """
    lowered = text.lower()
    biennial = BIENNIAL_RE.search(text) if "lần" in lowered else None
    if biennial:
        return Recurrence(None, biennial.group(0), "biennial")
    for value, pattern in RECURRENCE_PATTERNS:
        if _REQUIRED_WORD[value] not in lowered:
            continue
        m = pattern.search(text)
        if m:
            return Recurrence(value, m.group(0).strip(" ,.;:"))
    return None
