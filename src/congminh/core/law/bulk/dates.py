"""Vectorised date arithmetic on day numbers (days since 2000-01-01), same as `clocks`.

`DayTables` mirrors `clocks.add_length` and `WorkingCalendar.roll_forward` on int32/int64
arrays: month arithmetic through per-day year-month/day tables ("same day-number, or the
last day of a short month"), working days through the calendar's `working_rank`, and the
roll-forward through its `next_working` table. Results outside the calendar come back as
`OUT` so the caller can route those cases to the per-case path (which raises
CalendarRangeError there).
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt

from ..rules import Duration
from ..working_calendar import WorkingCalendar
from .columns import EPOCH

Ints = npt.NDArray[np.int64]
# Day arrays in and out of `DayTables`: int32 state or int64 scratch, the dtype follows.
Arr = npt.NDArray[Any]
Days = npt.NDArray[np.int32]
# "Outside the calendar": larger than any real day number, small enough that the int32
# state arrays hold it and add a few years of days to it without overflow.
OUT = 1 << 30
# Unit codes of the compiled rule tables: `unit * 2 + first_day_counted` (`add_coded`).
UNITS = ("days", "months", "custody_months", "hours", "working_days")
_MARGIN_YEARS = 60  # month tables reach past the calendar so lookups never index out


class DayTables:
    def __init__(self, calendar: WorkingCalendar) -> None:
        self.size = len(calendar.is_off)
        if WorkingCalendar.day_index(EPOCH) != 0:
            raise ValueError("bulk day numbers assume the calendar starts on 2000-01-01")
        last = EPOCH + timedelta(days=self.size - 1)
        end_year = last.year + _MARGIN_YEARS
        days = np.arange((date(end_year, 12, 31) - EPOCH).days + 1, dtype=np.int64)
        as_dates = (np.datetime64(EPOCH.isoformat()) + days).astype("datetime64[D]")
        months = as_dates.astype("datetime64[M]")
        # int32 tables: gathers from them keep the int32 state arrays int32 (half the
        # memory traffic of int64).
        self.month_no = (months.astype(np.int64) - months[0].astype(np.int64)).astype(np.int32)
        self.day_of_month = ((as_dates - months).astype(np.int64) + 1).astype(np.int32)
        n_months = int(self.month_no[-1]) + 2
        firsts = (np.datetime64("2000-01", "M") + np.arange(n_months)).astype("datetime64[D]")
        first_no = (firsts - np.datetime64(EPOCH.isoformat())).astype(np.int64)
        self.month_first = first_no.astype(np.int32)
        self.month_len = np.diff(first_no, append=first_no[-1] + 31).astype(np.int32)
        self.next_working = calendar.next_working.astype(np.int32)
        self.working_rank = calendar.working_rank.astype(np.int32)
        self.is_off = calendar.is_off
        self._limit = len(self.month_no)

    def valid(self, day: Arr) -> npt.NDArray[np.bool_]:
        return (day >= 0) & (day < self.size)

    def add_months(self, start: Arr, months: Arr | int) -> Arr:
        safe = np.clip(start, 0, self._limit - 1)
        month = self.month_no[safe] + months
        month = np.clip(month, 0, len(self.month_first) - 2)
        out = self.month_first[month] + np.minimum(self.day_of_month[safe], self.month_len[month]) - 1
        return np.where((start >= 0) & (start < self._limit), out, OUT)

    def add_working_days(self, start: Arr, count: Arr | int) -> Arr:
        safe = np.clip(start, 0, self.size - 1)
        target = self.working_rank[safe] + count
        out = np.searchsorted(self.working_rank, target, side="left").astype(np.int32)
        ok = (start >= 0) & (start < self.size) & (out < self.size)
        return np.where(ok, out, OUT)

    def add_length(self, start: Arr, length: Arr | int, unit: str,
                   first_day_counted: bool = False) -> Arr:
        """`clocks.add_length` on arrays (`length` > 0 for every row)."""
        if unit == "working_days":
            if not first_day_counted:
                return self.add_working_days(start, length)
            working = ~self.is_off[np.clip(start, 0, self.size - 1)]
            return self.add_working_days(start, np.where(working, np.maximum(
                np.asarray(length) - 1, 0), length))
        if unit == "months":
            end = self.add_months(start, length)
        elif unit == "custody_months":
            end = start + 30 * np.asarray(length)
        elif unit == "hours":
            end = start + -(-np.asarray(length) // 24)
        elif unit == "days":
            end = start + length
        else:
            raise ValueError(f"unknown unit {unit!r}")
        if first_day_counted:
            end = np.where(np.asarray(length) > 0, end - 1, end)
        return np.where(end >= OUT // 2, OUT, end)

    def add_duration(self, start: Arr, duration: Duration, first_day_counted: bool = False) -> Arr:
        return self.add_length(start, duration.length, duration.unit, first_day_counted)

    def add_coded(self, start: Any, length: Any, code: Any, codes: tuple[int, ...]) -> Any:
        """`add_length` with a unit code per row (`UNITS` index * 2 + first_day_counted);
        `codes` lists the codes that may occur, so a rule with one unit needs no masks."""
        if len(codes) == 1:
            unit, counted = divmod(codes[0], 2)
            return self.add_length(start, length, UNITS[unit], bool(counted))
        out = np.empty_like(start)
        for c in codes:
            sel = code == c
            if sel.any():
                unit, counted = divmod(c, 2)
                out[sel] = self.add_length(start[sel], length[sel], UNITS[unit], bool(counted))
        return out

    def roll(self, day: Arr) -> Arr:
        """The day itself if working, else the next working day; OUT outside the calendar."""
        safe = np.clip(day, 0, self.size - 1)
        out = self.next_working[safe]
        return np.where((day >= 0) & (day < self.size) & (out < self.size), out, OUT)


def to_date(day: int | np.integer[Any]) -> date:
    return EPOCH + timedelta(days=int(day))
