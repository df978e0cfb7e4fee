"""The written opinion's status and what each kind of presence must carry (no database)."""

from __future__ import annotations

import datetime as dt

import pytest

from congminh.apps.attendance.rules import attendance_problems, opinion_status

DUE = dt.date(2026, 3, 20)


@pytest.mark.parametrize(("due", "filed", "today", "expected"), [
    (DUE, dt.date(2026, 3, 20), dt.date(2026, 6, 1), "on_time"),   # on the due day itself
    (DUE, dt.date(2026, 3, 2), dt.date(2026, 6, 1), "on_time"),
    (DUE, dt.date(2026, 3, 21), dt.date(2026, 6, 1), "late"),      # one day after
    (DUE, None, dt.date(2026, 3, 21), "not_filed"),                # due day passed, nothing
    (DUE, None, dt.date(2026, 3, 20), "pending"),                  # still the due day
    (None, None, dt.date(2026, 6, 1), "not_required"),
    (None, dt.date(2026, 3, 2), dt.date(2026, 6, 1), "on_time"),   # no due day: never late
])
def test_opinion_status(due: dt.date | None, filed: dt.date | None, today: dt.date,
                        expected: str) -> None:
    assert opinion_status(due, filed, today) == expected


SESSION = dt.date(2026, 4, 15)


def problems(presence: str, **kw: object) -> set[str]:
    args: dict[str, object] = {"authorisation_number": "", "authorisation_date": None,
                               "absence_reason": "", "session_date": SESSION}
    args.update(kw)
    return set(attendance_problems(presence=presence, **args))  # type: ignore[arg-type]


def test_vice_chair_needs_a_written_authorisation_dated_by_the_session() -> None:
    assert problems("vice_chair") == {"authorisation_number", "authorisation_date"}
    assert problems("vice_chair", authorisation_number="12/GUQ-UBND") == {"authorisation_date"}
    assert problems("vice_chair", authorisation_number="12/GUQ-UBND",
                    authorisation_date=SESSION) == set()
    assert problems("vice_chair", authorisation_number="12/GUQ-UBND",
                    authorisation_date=SESSION + dt.timedelta(days=1)) == {"authorisation_date"}


def test_absence_with_a_reason_needs_the_reason_others_need_nothing() -> None:
    assert problems("absent_with_reason") == {"absence_reason"}
    assert problems("absent_with_reason", absence_reason="Trùng lịch họp") == set()
    for presence in ("chair", "other", "absent_without_reason"):
        assert problems(presence) == set()
    assert problems("mayor") == {"presence"}
