"""The four statuses at boundary dates, in Python and in the SQL annotation alike."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from congminh.apps.directives.models import Obligation
from congminh.apps.directives.selectors import with_status
from congminh.apps.directives.status import due_soon_days, is_due_soon, obligation_status
from congminh.core.law.config import default_thresholds

D = dt.date
DUE = D(2027, 3, 10)

CASES = [
    (None, D(2027, 3, 9), "on_time"),
    (None, DUE, "on_time"),  # the due day itself is still on time
    (None, D(2027, 3, 11), "overdue"),
    (DUE, D(2027, 4, 1), "done_on_time"),
    (D(2027, 3, 1), D(2027, 3, 2), "done_on_time"),
    (D(2027, 3, 11), D(2027, 3, 11), "done_late"),
    (D(2027, 3, 11), D(2027, 2, 1), "done_late"),
]


@pytest.mark.parametrize(("done_on", "today", "expected"), CASES)
def test_status_pure(done_on: dt.date | None, today: dt.date, expected: str) -> None:
    assert obligation_status(due=DUE, done_on=done_on, today=today) == expected


@pytest.mark.parametrize(("done_on", "today", "expected"), CASES)
def test_status_sql_agrees(confirmed_seed: Any, done_on: dt.date | None, today: dt.date,
                           expected: str) -> None:
    ob = Obligation.objects.filter(task__recurrence="quarterly").first()
    assert ob is not None
    Obligation.objects.filter(pk=ob.pk).update(due=DUE, done_on=done_on)
    annotated = with_status(Obligation.objects.filter(pk=ob.pk), today).get()
    assert annotated.status == expected  # type: ignore[attr-defined]


def test_due_soon_hint() -> None:
    # The case clocks' threshold (config.yaml due_soon_days: 10): 28/2/2027 is 10 days before.
    assert due_soon_days() == default_thresholds().due_soon_days == 10
    assert is_due_soon(due=DUE, done_on=None, today=D(2027, 2, 28))
    assert is_due_soon(due=DUE, done_on=None, today=D(2027, 3, 3))
    assert is_due_soon(due=DUE, done_on=None, today=DUE)
    assert not is_due_soon(due=DUE, done_on=None, today=D(2027, 2, 27))
    assert not is_due_soon(due=DUE, done_on=None, today=D(2027, 3, 11))
    assert not is_due_soon(due=DUE, done_on=D(2027, 3, 5), today=D(2027, 3, 5))
    assert not is_due_soon(due=DUE, done_on=None, today=D(2027, 3, 2), days=7)
