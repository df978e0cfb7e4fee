"""The four statuses of the government's task tracking, computed from facts and `today`.

Pure Python (no Django) so the board, the task page, the reminders and the tests agree:
`on_time` (in progress, on time), `overdue` (in progress, overdue), `done_on_time`,
`done_late`; a task whose text gives no deadline is `standing` (thường xuyên): it has no due
date and is never overdue (a due date the clerk sets later makes it an ordinary task).
`due_soon` is an `on_time` task close to its due date, shown as a hint. Its
threshold is the case clocks' one (`congminh.core.law` config.yaml `due_soon_days`): one
"due soon" for the whole system.
"""

from __future__ import annotations

import datetime as dt

from congminh.core.law.config import default_thresholds
from congminh.core.statuses import (
    DONE_LATE,
    DONE_ON_TIME,
    DUE_SOON,
    ON_TIME,
    OVERDUE,
    STANDING,
    TASK_STATUSES,
)

__all__ = ["DONE_LATE", "DONE_ON_TIME", "DUE_SOON", "ON_TIME", "OVERDUE", "STANDING", "STATUSES",
           "due_soon_days", "is_due_soon", "obligation_status"]

# The four official statuses, and the standing duties beside them.
STATUSES = (*TASK_STATUSES, STANDING)


def obligation_status(*, due: dt.date | None, done_on: dt.date | None, today: dt.date) -> str:
    """One of STATUSES. A task due today is still on time; done on its due day is on time.

    >>> obligation_status(due=dt.date(2026, 3, 31), done_on=None, today=dt.date(2026, 4, 1))
    'overdue'
    >>> obligation_status(due=dt.date(2026, 3, 31), done_on=dt.date(2026, 3, 31), today=dt.date(2026, 5, 1))
    'done_on_time'
    >>> obligation_status(due=None, done_on=None, today=dt.date(2030, 1, 1))
    'standing'
    """
    if due is None:
        return DONE_ON_TIME if done_on is not None else STANDING
    if done_on is not None:
        return DONE_ON_TIME if done_on <= due else DONE_LATE
    return OVERDUE if today > due else ON_TIME


def due_soon_days() -> int:
    """0 to this many days left is "due soon", as for case clocks (CONTRACTS.md §1)."""
    return default_thresholds().due_soon_days


def is_due_soon(*, due: dt.date | None, done_on: dt.date | None, today: dt.date,
                days: int | None = None) -> bool:
    limit = due_soon_days() if days is None else days
    return due is not None and done_on is None and 0 <= (due - today).days <= limit
