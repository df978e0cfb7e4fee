"""Dates, deadlines and recurrences in Vietnamese administrative text."""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from functools import partial

from .textutil import fold, squash
from .vocab import TYPE_WORDS

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


def _half_end(m: re.Match[str]) -> int:
    """The last month of the half year a match's group "half" names ("đầu": June, "cuối": December)."""
    return 6 if fold(m.group("half")) == "dau" else 12


def _quarter_number(token: str) -> int | None:
    token = token.strip().upper()
    q = int(token) if token.isdigit() else ROMAN.get(token, 0)
    return q if 1 <= q <= 4 else None


# OCR turns "trong" into "frong" or "rong"; accept those.
_IN = r"(?:t|f)?rong"
# An hour and a weekday between the deadline word and the day: "trước 16 giờ 30 phút, thứ Sáu, ngày …",
# "trước 16h00 ngày …".
_CLOCK = (r"(?:\d{1,2}\s*(?:giờ|h|g)\s*(?:\d{1,2}\s*(?:phút|')?)?\s*,?\s*)?"
          r"(?:(?:thứ\s+(?:hai|ba|tư|năm|sáu|bảy)|chủ\s+nhật)\s*,?\s*)?")
# "trước ngày 15/12/2026", "chậm nhất đến ngày 01 tháng 7 năm 2028", "hoàn thành trước 28/2/2023",
# "không muộn hơn ngày …", "trước 16 giờ ngày …"; "trong ngày 15/12/2026" with the word "ngày".
# "đến ngày 31/12/2025" ends the period a duty runs in ("từ ngày … đến ngày …").
# "thời hạn hoàn thành là ngày …", "hạn cuối ngày …", "hoàn thành vào ngày …" with the word "ngày".
_DATE_LEAD = r"(?:trước|(?:chậm|muộn) nhất(?:\s+(?:là|đến|vào|từ))?|hạn chót|không (?:quá|muộn hơn)|đến hết|đến)"
_DAY_LEAD = (rf"(?:{_IN}|(?:thời\s+)?hạn\s+(?:chót|cuối|hoàn\s+thành|(?:gửi\s+|nộp\s+)?báo\s+cáo|nộp|gửi)(?:\s+là)?"
             r"|hoàn\s+thành(?:\s+(?:vào|trong))?)")
DEADLINE_DATE_RE = re.compile(
    rf"(?:{_DATE_LEAD}\s+{_CLOCK}(?:ngày\s+)?|{_DAY_LEAD}\s+{_CLOCK}ngày\s+)(?:{WORDED_DATE}|{NUMERIC_DATE})",
    re.IGNORECASE,
)
# A day and month with no year, of the document's year: "trước ngày 15/12", "chậm nhất ngày 05 tháng 01";
# a year written apart: "trước 30/6 năm 2027". Not a fraction ("đến 2/3 số xã"): "ngày" is
# needed after any word but "trước" / "chậm nhất"; not a yearly date ("… 15/12 hằng năm").
_DAY_MONTH = (r"(?P<dd>\d{1,2})\s*(?:/|\s+tháng\s+)\s*(?P<dm>\d{1,2})(?:\s*,?\s+năm\s+(?P<dy>\d{4}))?"
              r"(?!\d|\s*[/.-]\s*\d|\s+(?:tháng|năm)\s+\d|\s+(?:của\s+)?(?:h[àằ]ng|mỗi|các)\s+(?:năm|tháng|quý)|\s+năm\b)")
# Checked first: a day and a month side by side, which DAY_MONTH_RE needs.
DAY_MONTH_HINT_RE = re.compile(r"\d\s*[/.-]\s*\d|\d\s+tháng\s+\d", re.IGNORECASE)
DAY_MONTH_RE = re.compile(
    rf"(?:(?:trước|(?:chậm|muộn) nhất(?:\s+(?:là|đến|vào))?|hạn chót)\s+{_CLOCK}(?:ngày\s+)?"
    rf"|{_DATE_LEAD}\s+{_CLOCK}ngày\s+|{_DAY_LEAD}\s+{_CLOCK}ngày\s+){_DAY_MONTH}",
    re.IGNORECASE,
)
# "chậm nhất là tháng 6/2027", "muộn nhất vào năm 2027"
_LATEST = r"(?:chậm|muộn)\s+nhất(?:\s+(?:là|vào))?"
# "trong tháng 01/2026", "trong tháng 3 năm 2026", "đến tháng 12 năm 1982", "hết tháng 6/2026";
# older texts' "tháng 7-1995"; a range or a list of months ends with the last: "trong tháng 11 - 12/2026",
# "trong tháng 11 và tháng 12/2025".
DEADLINE_MONTH_RE = re.compile(
    rf"(?:{_IN}|đến(?:\s+hết)?|hết|hoàn thành(?:\s+(?:trong|vào))?|vào|cuối|{_LATEST})\s+(?:các\s+)?tháng\s+(?:\d{{1,2}}\s*(?:-|–|đến|,|và)\s*(?:tháng\s+)?)*(?P<m>\d{{1,2}})\s*(?:/|-|năm)\s*(?P<y>\d{{4}})",
    re.IGNORECASE,
)
# "trước tháng 6/2025": done by the end of the month before.
# Older texts write the month "tháng 7-1995".
BEFORE_MONTH_RE = re.compile(r"trước\s+tháng\s+(?P<m>\d{1,2})\s*(?:/|-|năm)\s*(?P<y>\d{4})", re.IGNORECASE)
# "trong 6 tháng đầu năm 2025": the half year's last day (not "báo cáo 6 tháng đầu năm 2025",
# which names a report's period).
HALF_YEAR = r"(?:0?6|sáu)\s+tháng\s+(?P<half>đầu|cuối)\s+năm\s+(?P<y>\d{4})"
HALF_YEAR_RE = re.compile(rf"{_IN}\s+{HALF_YEAR}", re.IGNORECASE)
# "trong quý III năm 2026", "Quý 1/2026", "Quý III, IV/2026", "Quý III - IV/2026", "Quý IV/2026, 2027"
QUARTER_RE = re.compile(
    r"quý\s+(?P<qs>(?:[IV]+|[1-4])(?:\s*(?:,|và|-|–|đến)\s*(?:quý\s+)?(?:[IV]+|[1-4]))*)\s*(?:/|-|năm|\.(?=\d))\s*(?P<y>\d{4})"
    r"(?P<more>(?:\s*(?:,|và|-)\s*\d{4})*)",
    re.IGNORECASE,
)
# "trong năm 2026" / "hoàn thành năm 2026" / "đến hết năm 2026" (not "đến năm 2030", a target or a plan's horizon)
# "xong trong năm 2026", "hết năm 2026", "vào cuối năm 2026".
DEADLINE_YEAR_RE = re.compile(rf"(?:{_IN}|(?:hoàn thành|xong)(?:\s+(?:trong|vào))?|cuối|(?:đến\s+)?hết|vào(?:\s+cuối)?|{_LATEST})\s+năm\s+(?P<y>\d{{4}})",
                              re.IGNORECASE)
# A month alone in brackets after the work: "Tổ chức hội nghị sơ kết (tháng 12/2026)", "(Tháng 11 - 12/2026)".
BRACKET_MONTH_RE = re.compile(
    r"\(\s*(?P<value>(?:(?:0?6|sáu)\s+tháng\s+(?:đầu|cuối)\s+năm\s+\d{4}|tháng\s+[\d\s/–-]{1,12}?(?:/|năm)\s*\d{4}))\s*\)",
    re.IGNORECASE,
)
# "hoàn thành trước năm 2028": the year before's last day (not "trước năm 2030" alone, a target).
BEFORE_YEAR_RE = re.compile(r"(?:hoàn thành|hoàn tất|xong|kết thúc)\s+trước\s+năm\s+(?P<y>\d{4})", re.IGNORECASE)
# "hoàn thành trước Quý II/2027": the quarter before's last day.
BEFORE_QUARTER_RE = re.compile(r"trước\s+quý\s+(?P<q>[IV]+|[1-4])\s*(?:/|-|năm)\s*(?P<y>\d{4})", re.IGNORECASE)
# Part of a month: "đầu tháng 10/2026" (its first ten days, thượng tuần: due the 10th), "giữa tháng 6/2026"
# (trung tuần: the 20th), "cuối tháng 6/2026" (the month's end, read by DEADLINE_MONTH_RE); the last day of the
# part named, as "6 tháng đầu năm" is the half year's. Not the start of a period ("từ đầu tháng 10 đến …");
# "trước đầu tháng 10/2026" is the day before the month.
MONTH_PART_DAY = {"dau": 10, "giua": 20}
_MONTH_PART = r"(?<!từ\s)(?P<before>trước\s+)?(?P<part>đầu|giữa)\s+tháng\s+(?P<m>\d{1,2})"
MONTH_PART_RE = re.compile(rf"{_MONTH_PART}\s*(?:/|-|năm)\s*(?P<y>\d{{4}})(?!\d)", re.IGNORECASE)
# With no year, of the document's: "trong tháng 12", "trong quý IV", "trong 6 tháng đầu năm"
# (not "… tháng 12 hằng năm", a recurring month, nor "tháng 12 năm 2026", read above).
# Nor the first of a list whose year comes after the last ("trong quý I và quý II/2026", "trong tháng 11, 12/2025"):
# the list is read whole, with its year.
_NO_YEAR = (r"(?!\s*(?:/|-|năm\s+\d)|\d|\s+(?:của\s+)?(?:h[àằ]ng|mỗi|các)\s+(?:năm|tháng|quý)"
            r"|(?:\s*(?:,|và|-|–|đến)\s*(?:(?:quý|tháng)\s+)?(?:[IV]+|\d{1,2})\b)+\s*(?:/|-|năm)\s*\d{4})")
_PERIOD_LEAD = rf"(?:{_IN}|đến(?:\s+hết)?|hết|hoàn thành(?:\s+(?:trong|vào))?|vào|cuối|chậm nhất(?:\s+(?:là\s+)?trong)?)"
# A list of them ends with the last: "trong tháng 3 và tháng 4", "trong quý III và quý IV".
MONTH_NO_YEAR_RE = re.compile(
    # (a comma only before "tháng": "trong tháng 3, 4 đơn vị …" counts units)
    rf"{_PERIOD_LEAD}\s+(?:các\s+)?tháng\s+(?:\d{{1,2}}\s*(?:(?:và|-|–|đến)\s*(?:tháng\s+)?|,\s*tháng\s+))*(?P<m>\d{{1,2}})\b{_NO_YEAR}",
    re.IGNORECASE,
)
QUARTER_NO_YEAR_RE = re.compile(
    rf"{_PERIOD_LEAD}\s+(?:các\s+)?quý\s+(?:(?:IV|I{{1,3}}|[1-4])\s*(?:,|và|-|–|đến)\s*(?:quý\s+)?)*(?P<q>IV|I{{1,3}}|[1-4])\b{_NO_YEAR}",
    re.IGNORECASE,
)
MONTH_PART_NO_YEAR_RE = re.compile(rf"{_MONTH_PART}\b{_NO_YEAR}", re.IGNORECASE)
# The document's own period: "trong năm nay", "đến hết tháng này", "cuối quý này"; "trong năm tới/sau".
THIS_PERIOD_RE = re.compile(rf"{_PERIOD_LEAD}\s+(?P<unit>năm|tháng|quý)\s+(?P<which>nay|này|tới|sau)\b", re.IGNORECASE)
HALF_NO_YEAR_RE = re.compile(rf"{_IN}\s+(?:0?6|sáu)\s+tháng\s+(?P<half>đầu|cuối)\s+năm\b(?!\s*\d)", re.IGNORECASE)
# "xong trước Tết Nguyên đán (Đinh Mùi) (năm) 2027": the eve of the lunar new year; with no
# year, the next Tết after the document (not "trước, trong và sau Tết", a period of work).
_CAN = r"(?:Giáp|Ất|Bính|Đinh|Mậu|Kỷ|Canh|Tân|Nhâm|Quý)"
BEFORE_TET_RE = re.compile(
    rf"trước\s+(?:dịp\s+)?Tết(?!\s+Dương)(?:\s+Nguyên\s+đán)?(?:\s+{_CAN}\s+\w+)?(?:\s+(?:năm\s+)?(?P<y>\d{{4}}))?",
    re.IGNORECASE,
)
# A dated occasion: "vào dịp kỷ niệm ngày 9/11/2026", "nhân dịp … ngày 02/9/2026": the day itself; not a date in
# brackets ("nhân dịp kỷ niệm 80 năm … (19/8/1945 - 19/8/2025)"), nor one before the document (an anniversary's origin).
OCCASION_DATE_RE = re.compile(
    rf"(?:vào|nhân|trước|trong)\s+(?:(?:các|những)\s+)?dịp\b[^.;:\n()]{{0,80}}?\bngày\s+(?:{WORDED_DATE}|{NUMERIC_DATE})",
    re.IGNORECASE,
)
# A date read with no year is of the document's year, or of the next one when it would
# fall more than this long before the document ("trước ngày 10/01" in a letter of December).
PAST_GRACE = dt.timedelta(days=30)


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
    quarters = [q for q in (_quarter_number(t) for t in re.split(r",|và|-|–|đến|quý", m.group("qs"), flags=re.IGNORECASE)) if q]
    return quarter_end(int(m.group("y")), max(quarters)) if quarters else None


# What completes a date or period written with no year: the document's date (a date
# that would fall well before it is of the next year), or a plan's year as it is.
YearReference = dt.date | int | None


def period_in_year(last_day: Callable[[int], dt.date | None], reference: YearReference) -> dt.date | None:
    """The last day of a period named with no year (`last_day(year)`), of `reference`'s year.

    >>> period_in_year(lambda y: month_end(y, 1), dt.date(2026, 12, 20))
    datetime.date(2027, 1, 31)
    >>> period_in_year(lambda y: month_end(y, 1), 2026)
    datetime.date(2026, 1, 31)
    """
    if reference is None:
        return None
    if isinstance(reference, int):
        return last_day(reference)
    due = last_day(reference.year)
    if due is not None and due < reference - PAST_GRACE:
        return last_day(reference.year + 1)
    return due


def lunar_new_year_eve(year: int) -> dt.date:
    """The last day of the lunar year that ends in `year` (the eve of Tết Nguyên đán)."""
    import holidays  # imported here: the law engine's dependency, needed by few documents

    (tet,) = holidays.country_holidays("VN", years=year, language="en_US").get_named("Lunar New Year", lookup="exact")
    return tet - dt.timedelta(days=1)


def find_deadlines(text: str, reference: YearReference = None) -> list[Deadline]:
    """Every one-off deadline in `text`, in reading order: deadline phrases and time fields;
    a date or period with no year is completed from `reference` (see `period_in_year`).

    >>> [d.due.isoformat() for d in find_deadlines("hoàn thành frong Quý 1/2026")]
    ['2026-03-31']
    >>> [d.due.isoformat() for d in find_deadlines("- Thời gian thực hiện: Năm 2015.")]
    ['2015-12-31']
    >>> [d.due.isoformat() for d in find_deadlines("báo cáo trước ngày 15/12", dt.date(2026, 3, 5))]
    ['2026-12-15']
    """
    found = phrase_deadlines(text, reference)
    lowered = text.lower()
    if "thời" in lowered or "hạn" in lowered or "tiến độ" in lowered or "hoàn thành" in lowered:
        found = sorted(found + field_deadlines(text, reference), key=lambda d: d.start)
    return _without_overlaps(found)


def phrase_deadlines(text: str, reference: YearReference = None) -> list[Deadline]:
    """Deadlines stated by a phrase ("trước ngày …", "trong tháng …", "Quý III/2026").

    >>> [d.due.isoformat() for d in phrase_deadlines("trong tháng 01/2026")]
    ['2026-01-31']
    """
    found: list[Deadline] = []
    lowered = text.lower()
    if ("tháng" not in lowered and "quý" not in lowered and "năm" not in lowered and not YEAR_DIGITS_RE.search(text)
            and not (reference and ("/" in text or "tết" in lowered))):
        return found  # every deadline form needs one of these
    # Substring tests first: these run on every task's text, and most forms need a word
    # or a shape that a cheap test rules out.
    month_word, year_digits = "tháng" in lowered, YEAR_DIGITS_RE.search(text) is not None
    dated = year_digits and (month_word or DAY_MONTH_HINT_RE.search(text) is not None)
    for m in DEADLINE_DATE_RE.finditer(text) if dated else ():
        # "trước ngày 30 tháng 6 hằng năm" has no year: the regex needs one, so a
        # recurring date never becomes a one-off deadline.
        day = date_from_match(m)
        if day:
            found.append(Deadline(day, m.group(0), m.start()))
    for m in DEADLINE_MONTH_RE.finditer(text) if month_word and year_digits else ():
        month, year = int(m.group("m")), int(m.group("y"))
        if 1 <= month <= 12:
            found.append(Deadline(month_end(year, month), m.group(0), m.start(), "month"))
    for m in QUARTER_RE.finditer(text) if "quý" in lowered else ():
        q_due = _quarter_deadline(m)
        if q_due:
            found.append(Deadline(q_due, m.group(0), m.start(), "quarter"))
    for m in BEFORE_MONTH_RE.finditer(text) if month_word and year_digits else ():
        month, year = int(m.group("m")), int(m.group("y"))
        if 1 <= month <= 12:
            found.append(Deadline(dt.date(year, month, 1) - dt.timedelta(days=1), m.group(0), m.start(), "month"))
    for m in HALF_YEAR_RE.finditer(text) if month_word and year_digits else ():
        half = _half_end(m)
        found.append(Deadline(month_end(int(m.group("y")), half), m.group(0), m.start(), "month"))
    for m in DEADLINE_YEAR_RE.finditer(text) if year_digits else ():
        found.append(Deadline(dt.date(int(m.group("y")), 12, 31), m.group(0), m.start(), "year"))
    for m in BRACKET_MONTH_RE.finditer(text) if "(" in text else ():
        if bracketed := _bare_period(squash(m.group("value")), None):
            found.append(Deadline(bracketed.due, m.group(0), m.start(), bracketed.precision))
    for m in BEFORE_YEAR_RE.finditer(text) if "trước năm" in lowered else ():
        found.append(Deadline(dt.date(int(m.group("y")) - 1, 12, 31), m.group(0), m.start(), "year"))
    for m in BEFORE_QUARTER_RE.finditer(text) if "trước quý" in lowered else ():
        q, year = _quarter_number(m.group("q")), int(m.group("y"))
        if q:
            found.append(Deadline(quarter_end(year - 1, 4) if q == 1 else quarter_end(year, q - 1),
                                  m.group(0), m.start(), "quarter"))
    for m in MONTH_PART_RE.finditer(text) if month_word and year_digits else ():
        if (part_day := _month_part_day(m)) and (due := part_day(int(m.group("y")))):
            found.append(Deadline(due, m.group(0), m.start()))
    for m in OCCASION_DATE_RE.finditer(text) if dated and "dịp" in lowered else ():
        if (day := date_from_match(m)) and not _before_document(day, reference):
            found.append(Deadline(day, m.group(0), m.start()))
    if "tết" in lowered:
        found += _tet_deadlines(text, reference)
    if reference is not None and (yearless := _yearless_deadlines(text, reference)) and not find_recurrence(text):
        found += yearless
    found.sort(key=lambda d: d.start)
    return _without_overlaps(found)


def _month_part_day(m: re.Match[str]) -> Callable[[int], dt.date | None] | None:
    """The last day of the part of a month a match of MONTH_PART_RE names, as a function of the year."""
    month = int(m.group("m"))
    if not 1 <= month <= 12:
        return None
    if m.group("before"):
        return lambda year: dt.date(year, month, 1) - dt.timedelta(days=1)
    day = MONTH_PART_DAY[fold(m.group("part"))]
    return lambda year: dt.date(year, month, day)


def _before_document(day: dt.date, reference: YearReference) -> bool:
    """Whether `day` falls well before the document (or before a plan's year): a past date, no deadline."""
    if isinstance(reference, dt.date):
        return day < reference - PAST_GRACE
    return reference is not None and day.year < reference


def _tet_deadlines(text: str, reference: YearReference) -> list[Deadline]:
    found = []
    for m in BEFORE_TET_RE.finditer(text):
        if m.group("y"):
            due: dt.date | None = lunar_new_year_eve(int(m.group("y")))
        elif isinstance(reference, dt.date):
            due = lunar_new_year_eve(reference.year)
            if due < reference:
                due = lunar_new_year_eve(reference.year + 1)
        else:
            due = None
        if due:
            found.append(Deadline(due, m.group(0), m.start()))
    return found


def _yearless_deadlines(text: str, reference: YearReference) -> list[Deadline]:
    """Dates and periods written with no year ("trước ngày 15/12", "trong quý IV"), of the
    document's year; a text that states a recurrence never has them (its dates recur)."""
    found: list[Deadline] = []
    lowered = text.lower()
    if isinstance(reference, dt.date) and ("nay" in lowered or "này" in lowered or "tới" in lowered or "sau" in lowered):
        found += [d for m in THIS_PERIOD_RE.finditer(text) if (d := _this_period(m, reference))]
    day_month = DAY_MONTH_HINT_RE.search(text) is not None
    if not day_month and "tháng" not in lowered and "quý" not in lowered:
        return found  # every form below needs one of these
    for m in DAY_MONTH_RE.finditer(text) if day_month else ():
        day, month = int(m.group("dd")), int(m.group("dm"))
        if not (1 <= month <= 12 and 1 <= day <= 31):
            continue
        if m.group("dy"):
            due = make_date(day, month, int(m.group("dy")))
        else:
            due = period_in_year(partial(make_date, day, month), reference)
        if due:
            found.append(Deadline(due, m.group(0), m.start()))
    for m in MONTH_NO_YEAR_RE.finditer(text) if "tháng" in lowered else ():
        month = int(m.group("m"))
        if 1 <= month <= 12 and (due := period_in_year(partial(month_end, month=month), reference)):
            found.append(Deadline(due, m.group(0), m.start(), "month"))
    for m in QUARTER_NO_YEAR_RE.finditer(text) if "quý" in lowered else ():
        q = _quarter_number(m.group("q"))
        if q and (due := period_in_year(partial(quarter_end, quarter=q), reference)):
            found.append(Deadline(due, m.group(0), m.start(), "quarter"))
    for m in MONTH_PART_NO_YEAR_RE.finditer(text) if "tháng" in lowered else ():
        if (part_day := _month_part_day(m)) and (due := period_in_year(part_day, reference)):
            found.append(Deadline(due, m.group(0), m.start()))
    for m in HALF_NO_YEAR_RE.finditer(text) if "tháng" in lowered else ():
        half = _half_end(m)
        if due := period_in_year(partial(month_end, month=half), reference):
            found.append(Deadline(due, m.group(0), m.start(), "month"))
    return found


def _this_period(m: re.Match[str], day: dt.date) -> Deadline | None:
    """"năm nay" / "tháng này" / "quý này": the period the document is dated in; "năm tới" / "năm sau":
    the next year (a month or quarter "tới" is left alone: which one is meant varies)."""
    unit, later = fold(m.group("unit")), fold(m.group("which")) in ("toi", "sau")
    if unit == "nam":
        return Deadline(dt.date(day.year + later, 12, 31), m.group(0), m.start(), "year")
    if later:
        return None
    if unit == "thang":
        return Deadline(month_end(day.year, day.month), m.group(0), m.start(), "month")
    return Deadline(quarter_end(day.year, (day.month - 1) // 3 + 1), m.group(0), m.start(), "quarter")


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
# "Thời gian" / "Thời hạn" with up to four words ("Thời gian dự kiến hoàn thành: …", "Thời gian tổ chức: …").
# Also "Hạn hoàn thành: …", "Thời điểm hoàn thành: …", "Hoàn thành: …", "Mốc thời gian: …", one in brackets
# ("(Thời gian: Quý II/2027)"), and a field glued to the sentence before it on the next line
# ("… văn bản Thời hạn: 15/12/2026").
TIME_FIELD_RE = re.compile(
    r"(?:^|[-–+•;(]\s*|[.,]\s+|\s(?=(?-i:Thời|Hạn|Tiến)\s))"
    r"(?:(?:Thời (?:gian|hạn|điểm)|Hạn)(?: [^\W\d_]+){0,4}|Tiến độ(?: thực hiện)?|Mốc thời gian|Hoàn thành)"
    r"\s*:\s*(?P<value>[^;\n)]{1,80})",
    re.IGNORECASE,
)
# "Tháng 6/2015", "Tháng 6 - 12/2015" (the last month counts), "6 tháng đầu năm 2015"
# Also "Tháng 9, 10/2015", and with no word "tháng": "6/2015", "9-10/2015".
BARE_MONTH_RE = re.compile(
    r"^(?:trong\s+)?(?:tháng\s+(?:\d{1,2}\s*(?:-|–|đến|,|và)\s*(?:tháng\s+)?)?(?P<m>\d{1,2})\s*(?:/|năm)"
    r"|(?:\d{1,2}\s*[-–]\s*)?(?P<nm>\d{1,2})\s*/)\s*(?P<y>\d{4})(?!\d)", re.IGNORECASE
)
BARE_HALF_RE = re.compile(rf"^{HALF_YEAR}", re.IGNORECASE)
# "Tháng 11" in a plan for one year: the plan's year is meant.
MONTH_ONLY_RE = re.compile(r"^(?:trong\s+)?tháng\s+(?P<m>\d{1,2})$", re.IGNORECASE)
# Also "Giai đoạn 2026 - 2030", and "đến (hết) năm 2030" in a time field (in prose, a target).
BARE_YEARS_RE = re.compile(r"^(?:trong\s+|giai\s+đoạn\s+|đến\s+(?:hết\s+)?)?(?:các\s+)?(?:năm\s+)?(?P<y>\d{4})(?:\s*(?:-|–|đến|và|,)\s*(?:năm\s+)?(?P<y2>\d{4}))?\b",
                           re.IGNORECASE)
BARE_DAY_RE = re.compile(rf"^(?:ngày\s+)?(?:{WORDED_DATE}|{NUMERIC_DATE})", re.IGNORECASE)


def period_deadline(value: str, year: YearReference = None) -> Deadline | None:
    """The deadline a time field or cell names, its words or the bare period; a period
    ("29/6/2026 - 09/7/2026") gives its last day; a day, month or quarter with no year
    ("Tháng 11", "15/12", "Quý IV") is completed from `year` (see `period_in_year`).

    >>> period_deadline("Năm 2015").due.isoformat()
    '2015-12-31'
    >>> period_deadline("Tháng 6/2015").precision
    'month'
    >>> period_deadline("Thường xuyên") is None
    True
    >>> period_deadline("29/6/2026 - 09/7/2026").due.isoformat()
    '2026-07-09'
    """
    value = squash(value).strip(" .;,")
    if found := phrase_deadlines(value, year):
        return found[-1]  # a cell names a period: "Quý III/2026 - Quý II/2027" ends with its last
    if (m := PERIOD_RANGE_RE.match(value)) and (last := _bare_period(m.group("last"), year)):
        return Deadline(last.due, value, 0, last.precision)
    return _bare_period(value, year)


# "29/6/2026 - 09/7/2026", "Tháng 10/2026 - Tháng 12/2026", "từ 01/12 đến 15/12/2026": the last period.
PERIOD_RANGE_RE = re.compile(r"^(?:từ\s+)?\S.*?(?:\s+[-–]\s*|\s*[-–]\s+|\s+đến\s+)(?P<last>\S.*)$", re.IGNORECASE)
# "15/12", "15 tháng 12": a day with no year.
BARE_DAY_MONTH_RE = re.compile(rf"^(?:ngày\s+)?{_DAY_MONTH}$", re.IGNORECASE)
QUARTER_ONLY_RE = re.compile(r"^(?:trong\s+)?quý\s+(?P<q>IV|I{1,3}|[1-4])$", re.IGNORECASE)
HALF_ONLY_RE = re.compile(r"^(?:trong\s+)?(?:0?6|sáu)\s+tháng\s+(?P<half>đầu|cuối)\s+năm$", re.IGNORECASE)


def _bare_period(value: str, year: YearReference) -> Deadline | None:
    if m := BARE_DAY_RE.match(value):
        day = date_from_match(m)
        return Deadline(day, m.group(0), 0) if day else None
    if (m := BARE_MONTH_RE.match(value)) and 1 <= (month := int(m.group("m") or m.group("nm"))) <= 12:
        return Deadline(month_end(int(m.group("y")), month), m.group(0), 0, "month")
    if m := BARE_HALF_RE.match(value):
        half = _half_end(m)
        return Deadline(month_end(int(m.group("y")), half), m.group(0), 0, "month")
    if m := QUARTER_RE.match(value):
        q_due = _quarter_deadline(m)
        return Deadline(q_due, m.group(0), 0, "quarter") if q_due else None
    if m := BARE_YEARS_RE.match(value):
        y = int(m.group("y2") or m.group("y"))
        return Deadline(dt.date(y, 12, 31), m.group(0), 0, "year") if 1900 < y < 2100 else None
    return _period_without_year(value, year) if year else None


def _period_without_year(value: str, year: YearReference) -> Deadline | None:
    """"Tháng 11", "15/12", "Quý IV", "6 tháng đầu năm" in a cell or field: of `year`."""
    due: dt.date | None = None
    precision = "day"
    if (m := MONTH_ONLY_RE.match(value)) and 1 <= (month := int(m.group("m"))) <= 12:
        due, precision = period_in_year(lambda y: month_end(y, month), year), "month"
    elif (m := BARE_DAY_MONTH_RE.match(value)) and 1 <= (mo := int(m.group("dm"))) <= 12:
        day = int(m.group("dd"))
        due = make_date(day, mo, int(m.group("dy"))) if m.group("dy") else period_in_year(lambda y: make_date(day, mo, y), year)
    elif (m := QUARTER_ONLY_RE.match(value)) and (q := _quarter_number(m.group("q"))):
        due, precision = period_in_year(lambda y: quarter_end(y, q), year), "quarter"
    elif m := HALF_ONLY_RE.match(value):
        half = _half_end(m)
        due, precision = period_in_year(lambda y: month_end(y, half), year), "month"
    return Deadline(due, value, 0, precision) if due and m else None


def field_deadlines(text: str, reference: YearReference = None) -> list[Deadline]:
    """Deadlines stated in time fields ("- Thời gian thực hiện: Năm 2015") inside `text`."""
    found = []
    for m in TIME_FIELD_RE.finditer(text):
        if (d := period_deadline(m.group("value"), reference)) is not None:
            found.append(Deadline(d.due, m.group(0).lstrip("-–+•.;, "), m.start(), d.precision))
    return found


_HANG = r"h[àằ]ng"
_THREE = r"(?:0?3|ba)"
_SIX = r"(?:0?6|sáu)"
_ONCE = r"(?:một\s+lần|/\s*lần|1\s+lần)"
# Each pattern with a word it cannot match without, checked first: these run on every
# task's text, and a substring test is far cheaper than a failed regex search.
RECURRENCE_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("monthly", re.compile(rf"{_HANG}\s+tháng|mỗi tháng|định kỳ tháng", re.IGNORECASE)),
    # "hằng quý", "định kỳ 03 tháng", "3 tháng một lần", "03 tháng/lần", "mỗi 3 tháng"
    ("quarterly", re.compile(rf"{_HANG}\s+quý|mỗi quý|định kỳ (?:quý|{_THREE}\s+tháng)|\b{_THREE}\s+tháng\s*{_ONCE}"
                             rf"|mỗi\s+{_THREE}\s+tháng", re.IGNORECASE)),
    # "6 tháng, hằng năm", "định kỳ 6 tháng", "sáu tháng một lần", "06 tháng/lần", "mỗi 6 tháng"
    # Not a half-year named once: "báo cáo kết quả 6 tháng đầu năm", "6 tháng năm 2025".
    ("half_yearly", re.compile(rf"(?:định kỳ|báo cáo|sơ kết)[^.;]{{0,30}}?\b{_SIX}\s+tháng"
                               rf"(?!\s+(?:đầu|cuối)\s+năm|\s+năm\s+\d{{4}})|\b{_SIX}\s+tháng\s*(?:,|{_ONCE}|và\s+h[àằ]ng\s+năm)"
                               rf"|mỗi\s+{_SIX}\s+tháng"
                               # "trước ngày 15/6 và 15/12 hằng năm": two dates a year
                               rf"|\b\d{{1,2}}/\d{{1,2}}\s+(?:và|,)\s+(?:ngày\s+)?\d{{1,2}}/\d{{1,2}}\s+{_HANG}\s+năm", re.IGNORECASE)),
    # Yearly only in a recurring context: not "kế hoạch 5 năm và hằng năm".
    ("yearly", re.compile(rf"định kỳ\s+{_HANG}\s+năm|(?:tháng\s+|/)\d{{1,2}}\s+{_HANG}\s+năm|(?:^|[.;:]\s*)H[àằ]ng\s+năm\s*(?:[,.;]|$)|(?:báo cáo|gửi)[^.;]{{0,40}}?{_HANG}\s+năm|mỗi năm"
                          # "hằng năm báo cáo Ban Thường vụ": the report it schedules follows
                          rf"|{_HANG}\s+năm,?\s+(?:báo cáo|gửi báo cáo|tổng hợp|sơ kết|tổng kết)\b"
                          # "trong tháng 12/2025 và hằng năm", "Năm 2026 và hằng năm": a first date, then every year
                          rf"|(?<![-–\d])(?<!- )(?<!– )\d{{4}}\s*(?:,|và)\s+{_HANG}\s+năm\b"
                          # a plan table's time cell: "Năm 2026 và các năm tiếp theo", "Thường xuyên, hằng năm"
                          rf"|(?<![-–\d])(?<!- )(?<!– )\d{{4}}\s+và\s+các\s+năm\s+tiếp\s+theo\b|^\s*thường xuyên,?\s+{_HANG}\s+năm\s*$",
                          re.IGNORECASE)),
]
# "định kỳ 03 tháng" is quarterly too, hence two words for it.
_REQUIRED_WORDS = {"monthly": ("tháng",), "quarterly": ("quý", "tháng"), "half_yearly": ("tháng", "năm"), "yearly": ("năm",)}
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
        if not any(word in lowered for word in _REQUIRED_WORDS[value]):
            continue
        m = pattern.search(text)
        if m:
            return Recurrence(value, m.group(0).strip(" ,.;:"))
    return None


# ---------------------------------------------------------------------------
# Deadlines counted from an event: "trong thời hạn 30 ngày kể từ ngày ký",
# "chậm nhất 10 ngày làm việc sau khi nhận được …", "sau 06 tháng kể từ ngày …".

_REL_LEAD = (
    rf"(?:{_IN}(?:\s+(?:thời\s+hạn|vòng|thời\s+gian))?(?:\s+(?:không\s+quá|tối\s+đa|chậm\s+nhất(?:\s+là)?))?"
    r"|(?:chậm|muộn)\s+nhất(?:\s+là)?|không\s+quá|tối\s+đa|sau(?:\s+khoảng)?)"
)
_DIGIT_WORDS = {"một": 1, "mốt": 1, "hai": 2, "ba": 3, "bốn": 4, "tư": 4, "năm": 5, "lăm": 5, "sáu": 6, "bảy": 7,
                "tám": 8, "chín": 9}
# "năm", "mười lăm", "ba mươi", "hai mươi mốt": older texts write the number in words.
_WORD_NUMBER = (r"(?:(?:hai|ba|bốn|năm|sáu|bảy|tám|chín)\s+mươi(?:\s+(?:mốt|hai|ba|bốn|tư|lăm|sáu|bảy|tám|chín))?"
                r"|mười(?:\s+(?:một|hai|ba|bốn|lăm|sáu|bảy|tám|chín))?|một|hai|ba|bốn|năm|sáu|bảy|tám|chín)")
# "30 (ba mươi) ngày", "năm (05) năm": the number may be repeated in brackets.
_REL_LENGTH = (rf"(?:(?P<n>\d{{1,3}})(?:\s*\([^()\d]{{1,25}}\))?|(?P<w>{_WORD_NUMBER})(?:\s*\(\d{{1,3}}\))?)"
               r"\s+(?P<unit>ngày\s+làm\s+việc|ngày|tuần|tháng|năm)")
_REL_FROM = r"(?:(?:kể|tính)\s+)?từ(?:\s+(?:ngày|khi|thời\s+điểm))?|sau\s+(?:ngày|khi|thời\s+điểm)"
RELATIVE_RE = re.compile(
    rf"\b{_REL_LEAD}\s+{_REL_LENGTH}\s*,?\s+(?:{_REL_FROM})\s+(?P<event>[^.,;:()\n]{{1,80}})",
    re.IGNORECASE,
)
# The event first: "Kể từ ngày Nghị quyết này có hiệu lực, trong thời hạn 6 tháng, Chính phủ …".
EVENT_FIRST_RE = re.compile(
    rf"\b(?:(?:kể|tính)\s+)?từ\s+(?:ngày|khi|thời\s+điểm)\s+(?P<event>[^.,;:()\n]{{1,80}}?)\s*,\s*{_REL_LEAD}\s+{_REL_LENGTH}\b",
    re.IGNORECASE,
)
_REL_UNITS = {"ngay lam viec": "working_days", "ngay": "days", "tuan": "days", "thang": "months", "nam": "years"}
# "02 tuần" is counted as 14 days (the contract's units have no weeks).
_REL_FACTOR = {"tuan": 7}
# Kinds of document (folded): "chi\s+thi|quyet\s+dinh|van\s+ban|luat|…".
_DOC_KINDS = "|".join(fold(word).replace(" ", r"\s+") for word in TYPE_WORDS)
_DOC_KIND_RE = re.compile(rf"(?:{_DOC_KINDS})\b")
_DOC_KIND_ALONE_RE = re.compile(rf"(?:{_DOC_KINDS})$")
_DUTY_RUNS_ON_RE = re.compile(r"(?:phai|can|se)\s")
# The event is the document's own signing or issue (folded): "ký", "ký ban hành", "ban hành
# Kế hoạch này", "Chỉ thị này được ký". Not "ký hợp đồng", "ký Biên bản": another act.
DOCUMENT_EVENT_RE = re.compile(
    rf"^(?:ngay\s+)?(?:(?:{_DOC_KINDS})\s+(?:nay\s+)?(?:duoc\s+)?)?(?:ky|ban\s+hanh)(?:\s+ban\s+hanh)?"
    rf"(?P<own>\s+(?:{_DOC_KINDS})\s+nay)?(?=\W|$)"
)


# "kể từ ngày Quyết định này có hiệu lực" (folded): the date the document takes effect.
# The clause may run on with no comma: "… kể từ ngày Nghị quyết có hiệu lực phải ban hành …"; "ngày có
# hiệu lực của Nghị định này"; not "hiệu lực của hợp đồng", another act's.
EFFECTIVE_EVENT_RE = re.compile(
    rf"^(?:ngay\s+)?(?:(?:{_DOC_KINDS})\s+(?:nay\s+)?)?(?:co\s+)?hieu\s+luc(?:\s+thi\s+hanh)?"
    rf"(?:\s+cua\s+(?:{_DOC_KINDS})(?:\s+nay)?\s*$|(?!\s+(?:cua|doi voi)\b))(?=\W|$)"
)
# "Quyết định này có hiệu lực (thi hành) kể từ ngày ký" / "… từ ngày 01/01/2026"; "này"
# keeps out another act's entry into force ("Luật Đất đai có hiệu lực từ ngày 01/8/2024").
# Older texts: "… có hiệu lực kể từ ngày ban hành", "… có hiệu lực sau 15 (mười lăm) ngày, kể từ ngày ký";
# a resolution "… có hiệu lực kể từ ngày thông qua" / "… từ ngày được Quốc hội thông qua" (its date).
# Older resolutions name themselves with no "này", alone at the start of a line:
# "Nghị quyết có hiệu lực kể từ ngày 01/7/2005" (not "Luật Đất đai có hiệu lực …").
EFFECTIVE_RE = re.compile(
    rf"(?:này|^(?:Điều\s+\d+\.\s*)?(?:\d{{1,2}}\.\s*)?(?:{'|'.join(TYPE_WORDS)}))"
    rf"\s+có\s+hiệu\s+lực(?:\s+thi\s+hành)?\s+(?:sau\s+(?:(?P<after>\d{{1,3}})|(?P<after_w>{_WORD_NUMBER}))"
    rf"(?:\s*\([^()]{{1,25}}\))?\s+ngày\s*,?\s+)?(?:kể\s+)?từ\s+(?:ngày\s+)?"
    rf"(?:(?P<signed>ký|ban\s+hành|(?:được\s+)?(?:(?:Quốc\s+hội|Ủy\s+ban\s+Thường\s+vụ\s+Quốc\s+hội|Hội\s+đồng\s+[^.,;\d]{{1,40}}?)\s+)?thông\s+qua)\b|{BARE_DATE})",
    re.IGNORECASE | re.MULTILINE,
)


def effective_date(text: str, document_date: dt.date | None) -> dt.date | None:
    """The date the document takes effect, as its own text states it.

    >>> effective_date("Quyết định này có hiệu lực kể từ ngày ký.", dt.date(2025, 11, 26))
    datetime.date(2025, 11, 26)
    >>> effective_date("Thông tư này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2026.", None)
    datetime.date(2026, 1, 1)
    >>> effective_date("Nghị định này có hiệu lực sau 15 ngày, kể từ ngày ban hành.", dt.date(1994, 9, 5))
    datetime.date(1994, 9, 20)
    """
    m = EFFECTIVE_RE.search(text) if "hiệu lực" in text else None
    if m is None:
        return None
    start = document_date if m.group("signed") else date_from_match(m)
    if start is not None and (m.group("after") or m.group("after_w")):
        return start + dt.timedelta(days=int(m.group("after")) if m.group("after") else word_number(m.group("after_w")))
    return start


# "hoàn thành trước ngày Nghị quyết này có hiệu lực (thi hành)": by the day the document takes
# effect (as "trước ngày 15/12" is due on 15/12).
_TYPE_WORDS = "|".join(w.lower() for w in TYPE_WORDS)
BY_EFFECTIVE_RE = re.compile(
    # Not what was done before it: "hợp đồng … đã thực hiện trước ngày Nghị quyết này có hiệu lực".
    rf"(?<!đã thực hiện )(?<!đã ký kết )(?<!đã ký )(?<!đã phê duyệt )"
    rf"(?:trước|(?:chậm|muộn)\s+nhất(?:\s+là)?|đến)\s+ngày\s+(?:{_TYPE_WORDS})\s+này\s+có\s+hiệu\s+lực"
    # "ban hành các quy chuẩn …, bảo đảm có hiệu lực cùng thời điểm có hiệu lực của Nghị quyết này",
    # "… cùng ngày Nghị định này có hiệu lực": due the day the document takes effect.
    rf"|(?:cùng|đồng)\s+thời\s+điểm\s+(?:có\s+)?hiệu\s+lực(?:\s+thi\s+hành)?\s+của\s+(?:{_TYPE_WORDS})\s+này"
    rf"|cùng\s+ngày\s+(?:{_TYPE_WORDS})\s+này\s+có\s+hiệu\s+lực",
    re.IGNORECASE,
)


def by_effective_date(text: str) -> str | None:
    """The words that make the date the document takes effect a deadline, if `text` has them.

    >>> by_effective_date("hoàn thành trước ngày Nghị quyết này có hiệu lực thi hành")
    'trước ngày Nghị quyết này có hiệu lực'
    """
    m = BY_EFFECTIVE_RE.search(text) if "hiệu lực" in text else None
    return m.group(0) if m else None


@dataclass(frozen=True)
class RelativeDeadline:
    """A time limit counted from an event. The event is the document's own date
    (`from_document`), a date written in the text (`from_date`), or something whose
    date the text does not give ("ngày nhận được văn bản"): then there is no due date."""

    length: int
    unit: str  # "days" | "working_days" | "months" | "years"
    event: str
    text: str
    start: int
    from_document: bool = False
    from_date: dt.date | None = None
    from_effective: bool = False  # the document's taking effect: see `effective_date`


def word_number(words: str) -> int:
    """The value of a number written in words.

    >>> [word_number(w) for w in ("năm", "mười lăm", "ba mươi", "hai mươi mốt")]
    [5, 15, 30, 21]
    """
    value = 0
    for word in words.lower().split():
        if word == "mười":
            value += 10
        elif word == "mươi":
            value *= 10
        else:
            value += _DIGIT_WORDS[word]
    return value


def _event_text(raw: str) -> str:
    """The event as written (the regex stops it at a clause break: "…, các sở"), whole words only."""
    event = squash(raw)
    if len(raw) >= 80 and " " in event:
        event = event.rsplit(" ", 1)[0]  # the 80-character cut fell inside a word
    return event.strip(" ,")


# A resolution or law counted from its adoption, its own date: "kể từ ngày thông qua", "kể từ ngày
# Nghị quyết này được thông qua" (not "Đề án được thông qua", another text adopted later).
ADOPTION_EVENT_RE = re.compile(
    r"^(?:ngay\s+)?(?:(?:nghi\s+quyet|luat|phap\s+lenh)\s+(?:nay\s+)?(?:duoc\s+)?)?thong\s+qua"
    r"(?:\s+(?:nghi\s+quyet|luat|phap\s+lenh)\s+nay)?\s*$"
)


def _is_document_event(event: str) -> bool:
    folded = fold(event)
    if ADOPTION_EVENT_RE.match(folded):
        return True
    m = DOCUMENT_EVENT_RE.match(folded)
    if not m:
        return False
    rest = event[m.end():].strip()
    # After "ký" / "ban hành" only a new clause may follow ("… kể từ ngày ký UBND các huyện …"),
    # or anything once the document itself was named ("ban hành văn bản này các đơn vị …"),
    # or a kind of document alone, the clause ending there ("kể từ ngày ban hành Kế hoạch, …"),
    # not one named further ("ký Quyết định thu hồi đất": another act); or the duty, the clause
    # running on with no comma ("kể từ ngày ký phải báo cáo …").
    return (not rest or bool(m.group("own")) or (rest[:1].isupper() and not _DOC_KIND_RE.match(fold(rest)))
            or bool(_DOC_KIND_ALONE_RE.match(fold(rest))) or bool(_DUTY_RUNS_ON_RE.match(fold(rest))))


def find_relative_deadlines(text: str) -> list[RelativeDeadline]:
    """Every deadline counted from an event in `text`, in reading order.

    >>> [(r.length, r.unit, r.from_document) for r in find_relative_deadlines(
    ...     "trong thời hạn 30 ngày kể từ ngày ký, các sở báo cáo")]
    [(30, 'days', True)]
    >>> find_relative_deadlines("chậm nhất 10 ngày làm việc sau khi nhận được hồ sơ")[0].event
    'nhận được hồ sơ'
    """
    lowered = text.lower()
    if "từ" not in lowered and "sau" not in lowered:
        return []  # every form needs one of these; skip the regex on most task texts
    found = []
    length_first = list(RELATIVE_RE.finditer(text))
    event_first = [m for m in EVENT_FIRST_RE.finditer(text)  # not the event of one read the other way
                   if not any(m.start() < o.end() and o.start() < m.end() for o in length_first)]
    for m in length_first + event_first:
        event = _event_text(m.group("event"))
        unit_words = " ".join(fold(m.group("unit")).split())
        length = (int(m.group("n")) if m.group("n") else word_number(m.group("w"))) * _REL_FACTOR.get(unit_words, 1)
        anchor = ANY_DATE_RE.match(event)
        words = m.group(0)[: m.start("event") - m.start()] + event if m.re is RELATIVE_RE else m.group(0)
        found.append(RelativeDeadline(
            length, _REL_UNITS[unit_words], event, squash(words), m.start(),
            from_document=_is_document_event(event),
            from_date=date_from_match(anchor) if anchor else None,
            from_effective=bool(EFFECTIVE_EVENT_RE.match(fold(event))),
        ))
    return sorted(found, key=lambda r: r.start)


def relative_due(
    rel: RelativeDeadline, document_date: dt.date | None, effective: dt.date | None = None,
    add_working_days: Callable[[dt.date, int], dt.date] | None = None,
) -> dt.date | None:
    """The due date of `rel` when its event has a known date (the document's, its
    `effective` date, a written one): the day excluded, the length counted in calendar
    days, months or years (BLDS Điều 147), or in working days on the law engine's calendar.

    >>> rel = find_relative_deadlines("trong vòng 15 ngày kể từ ngày ban hành")[0]
    >>> relative_due(rel, dt.date(2025, 11, 26))
    datetime.date(2025, 12, 11)
    >>> relative_due(find_relative_deadlines("trong 15 ngày kể từ ngày nhận được")[0], dt.date(2025, 11, 26)) is None
    True
    """
    base = rel.from_date or (document_date if rel.from_document else effective if rel.from_effective else None)
    if base is None:
        return None
    # Imported here: `congminh.core.law` loads the whole engine (rules, NumPy calendar
    # tables), which most parsed documents never need.
    from congminh.core.law.dates import add_days, add_months

    if rel.unit == "days":
        return add_days(base, rel.length)
    if rel.unit == "months":
        return add_months(base, rel.length)
    if rel.unit == "years":
        return add_months(base, 12 * rel.length)
    if add_working_days is None:
        from congminh.core.law.working_calendar import default_calendar

        add_working_days = default_calendar().add_working_days
    try:
        return add_working_days(base, rel.length)
    except ValueError:  # CalendarRangeError: a date outside the calendar's years
        return None


RELATIVE_UNITS = frozenset(_REL_UNITS.values())
RELATIVE_ANCHORS = frozenset({"document", "date", "effective", "event"})


def relative_from_schema(value: object) -> RelativeDeadline | None:
    """A task's `due_relative` (CONTRACTS.md §2) back as a RelativeDeadline, or None when
    `value` is not one (a draft edited by hand, an older parser's output).

    >>> relative_from_schema({"length": 30, "unit": "days", "from": "event", "event": "nhận được"}).length
    30
    >>> relative_from_schema({"length": "x", "unit": "days", "from": "event", "event": ""}) is None
    True
    """
    if not isinstance(value, dict):
        return None
    length, unit, anchor, event = (value.get(k) for k in ("length", "unit", "from", "event"))
    if not (isinstance(length, int) and length >= 0 and unit in RELATIVE_UNITS
            and anchor in RELATIVE_ANCHORS and isinstance(event, str)):
        return None
    return RelativeDeadline(length, str(unit), event, "", 0, from_document=anchor == "document")


def due_from_document(rel: RelativeDeadline, document_date: dt.date | None) -> dt.date | None:
    """The due date of `rel` counted from the document's date whatever its event, as a clerk
    who accepts it asks ("kể từ ngày nhận được văn bản": the day the document is dated);
    the counting is `relative_due`'s.

    >>> rel = relative_from_schema({"length": 15, "unit": "days", "from": "event", "event": "nhận được"})
    >>> due_from_document(rel, dt.date(2025, 11, 26)), due_from_document(rel, None)
    (datetime.date(2025, 12, 11), None)
    """
    if document_date is None:
        return None
    return relative_due(replace(rel, from_document=True, from_date=None, from_effective=False), document_date)
