"""Vietnamese working-day calendar.

Days off are weekends, the public holidays of Bộ luật Lao động 2019 Điều 112 (from the
`holidays` library: Tết Dương lịch, lunar Tết, Giỗ Tổ Hùng Vương, 30/4, 1/5, Quốc khánh,
compensating days off) and each year's government-announced swaps (`calendar_data/
swaps.yaml`: extra days off, Saturdays worked).

The holiday source is injectable (any callable `year -> YearDaysOff`), so tests and
other countries' calendars can replace it. `WorkingCalendar` precomputes NumPy tables
over 2000-01-01..2040-12-31 (day-off mask, next-working-day index, working-day rank);
the bulk path indexes those arrays directly with day numbers (`day_index`).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any, Protocol

import numpy as np
import numpy.typing as npt
import yaml

from . import load_cache
from .dates import vi

FIRST_DAY = date(2000, 1, 1)
LAST_DAY = date(2040, 12, 31)
_SUBSTITUTED = re.compile(r"thay cho ngày (\d{2})/(\d{2})/(\d{4})")
_WEEKDAY_VI = ["Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật"]


class CalendarRangeError(ValueError):
    """A date outside the precomputed calendar."""


@dataclass(frozen=True)
class YearDaysOff:
    """One year's exceptions to "Monday-Friday are working days"."""

    days_off: Mapping[date, str] = field(default_factory=dict)  # date -> Vietnamese name
    workdays: Mapping[date, str] = field(default_factory=dict)  # weekend days worked


class HolidaySource(Protocol):
    def __call__(self, year: int) -> YearDaysOff: ...


SWAPS_FILE = "calendar_data/swaps.yaml"


def _load_swaps() -> dict[int, Any]:
    text = resources.files(__package__).joinpath(SWAPS_FILE).read_text("utf-8")
    data = yaml.safe_load(text) or {}
    years: dict[int, Any] = data.get("years") or {}
    return years


class DefaultHolidaySource:
    """`holidays` (Vietnam, Vietnamese names) plus the swaps data file."""

    def __init__(self, swaps: Mapping[int, Any] | None = None) -> None:
        self._swaps = dict(_load_swaps() if swaps is None else swaps)

    def __call__(self, year: int) -> YearDaysOff:
        import holidays  # here: with the cache (`default_calendar`) it is never imported

        lib = holidays.country_holidays("VN", years=year, language="vi")
        days_off: dict[date, str] = {}
        workdays: dict[date, str] = {}
        for day, name in lib.items():
            days_off[day] = name
            # "Ngày nghỉ (thay cho ngày 26/04/2025)": that Saturday was worked.
            match = _SUBSTITUTED.search(name)
            if match:
                dd, mm, yyyy = (int(x) for x in match.groups())
                workdays[date(yyyy, mm, dd)] = f"Ngày làm bù cho {vi(day)}"
        entry = self._swaps.get(year) or {}
        for item in entry.get("days_off") or []:
            days_off[item["date"]] = item.get("note") or "Ngày nghỉ"
        for item in entry.get("workdays") or []:
            workdays[item["date"]] = item.get("note") or "Ngày làm bù"
        return YearDaysOff(days_off=days_off, workdays=workdays)


class WorkingCalendar:
    """Day-off tables for 2000..2040 and the operations the engine needs."""

    def __init__(self, source: HolidaySource | None = None) -> None:
        src: HolidaySource = source or DefaultHolidaySource()
        size = (LAST_DAY - FIRST_DAY).days + 1
        weekday = (np.arange(size) + FIRST_DAY.weekday()) % 7
        off = weekday >= 5
        self._names: dict[date, str] = {}
        for year in range(FIRST_DAY.year, LAST_DAY.year + 1):
            info = src(year)
            for day, name in info.days_off.items():
                if FIRST_DAY <= day <= LAST_DAY:
                    off[(day - FIRST_DAY).days] = True
                    self._names[day] = name
            for day in info.workdays:
                if FIRST_DAY <= day <= LAST_DAY:
                    off[(day - FIRST_DAY).days] = False
                    self._names.pop(day, None)
        self.is_off: npt.NDArray[np.bool_] = off
        # next_working[i]: index of the first working day >= i (size if none).
        nxt = np.empty(size, dtype=np.int32)
        upcoming = size
        for i in range(size - 1, -1, -1):
            if not off[i]:
                upcoming = i
            nxt[i] = upcoming
        self.next_working: npt.NDArray[np.int32] = nxt
        # working_rank[i]: number of working days in [0, i].
        self.working_rank: npt.NDArray[np.int64] = np.cumsum(~off, dtype=np.int64)
        # Plain-list copies for the per-case path: indexing a NumPy array one scalar at a
        # time costs far more than a list lookup, and every due date rolls once or twice.
        self._next_list: list[int] = nxt.tolist()
        self._off_list: list[bool] = off.tolist()

    # -- index helpers (shared with the bulk path) --
    @staticmethod
    def day_index(day: date) -> int:
        if not FIRST_DAY <= day <= LAST_DAY:
            raise CalendarRangeError(
                f"ngày {vi(day)} nằm ngoài lịch làm việc đã tính ({vi(FIRST_DAY)}–{vi(LAST_DAY)})"
            )
        return (day - FIRST_DAY).days

    @staticmethod
    def from_index(index: int) -> date:
        return FIRST_DAY + timedelta(days=int(index))

    # -- operations --
    def is_working_day(self, day: date) -> bool:
        return not self._off_list[self.day_index(day)]

    def roll_forward(self, day: date) -> date:
        """The day itself if it is a working day, else the next working day."""
        index = self.day_index(day)
        nxt = self._next_list[index]
        if nxt == index:
            return day
        if nxt >= len(self._next_list):
            raise CalendarRangeError(f"không có ngày làm việc sau {vi(day)} trong lịch")
        return day + timedelta(days=nxt - index)

    def add_working_days(self, start: date, count: int) -> date:
        """The `count`-th working day after `start` (start itself is not counted)."""
        i = self.day_index(start)
        target = int(self.working_rank[i]) + count
        j = int(np.searchsorted(self.working_rank, target, side="left"))
        if j >= len(self.is_off):
            raise CalendarRangeError(f"thời hạn từ {vi(start)} vượt quá lịch đã tính")
        return self.from_index(j)

    def holiday_name(self, day: date) -> str | None:
        """Name of the holiday or announced day off on `day` (None for plain weekends)."""
        return None if self.is_working_day(day) else self._names.get(day)

    def day_off_reason(self, day: date) -> str:
        """Why `day` is not a working day, in Vietnamese (empty if it is one)."""
        if self.is_working_day(day):
            return ""
        name = self._names.get(day)
        if name:
            return f"{vi(day)} là ngày lễ, nghỉ ({name})"
        return f"{vi(day)} là ngày nghỉ cuối tuần ({_WEEKDAY_VI[day.weekday()]})"


@lru_cache(maxsize=1)
def default_calendar() -> WorkingCalendar:
    """`WorkingCalendar()` through the disk cache (`load_cache`), keyed by the swaps file
    (and, as every cached value, the code and the `holidays` library's version)."""
    return cached_calendar()


def cached_calendar(directory: Path | None = None) -> WorkingCalendar:
    """The default `WorkingCalendar()`, kept in `load_cache`; `directory` overrides
    `load_cache.cache_dir()`."""
    swaps = resources.files(__package__).joinpath(SWAPS_FILE).read_bytes()
    return load_cache.cached("calendar", [(SWAPS_FILE, swaps)], WorkingCalendar,
                             directory=directory)
