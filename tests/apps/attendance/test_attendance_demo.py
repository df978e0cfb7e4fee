"""The demo's administrative cases get summonses and attendance: lawful, deterministic,
idempotent, and with a People's Committee account to look at its own."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from congminh.apps.accounts.models import User
from congminh.apps.attendance.models import Attendance, Summons
from congminh.apps.attendance.rules import attendance_problems
from congminh.apps.attendance.selectors import summons_scope
from congminh.apps.demo.attendance import COMMITTEE_USER, demo_attendance_ensure
from congminh.apps.demo.services import demo_cases_load
from congminh.apps.organisations.services import organisations_load

AS_OF = dt.date(2026, 11, 26)


def snapshot() -> list[tuple[Any, ...]]:
    return sorted(Summons.objects.values_list(
        "case_id", "kind", "date", "committee__code", "opinion_due", "attendance__presence",
        "attendance__authorisation_number", "attendance__opinion_filed_on"))


@pytest.mark.django_db
def test_demo_attendance_is_lawful_deterministic_and_idempotent(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    organisations_load()
    demo_cases_load(size="XS", seed=5, as_of=AS_OF, count=200)
    first = demo_attendance_ensure(as_of=AS_OF)
    assert first.cases > 0 and first.summonses >= 2 * first.cases
    before = snapshot()
    assert demo_attendance_ensure(as_of=AS_OF).summonses == 0  # nothing added the second time
    assert snapshot() == before
    Summons.objects.all().delete()
    demo_attendance_ensure(as_of=AS_OF)
    assert snapshot() == before  # the same database gives the same summonses
    for s in Summons.objects.select_related("case", "committee"):
        assert s.case.procedure == "administrative" and s.committee.kind == "peoples_committee"
        assert fold_in(s.committee.name, [p.name for p in s.case.parties.all()])
    for a in Attendance.objects.select_related("summons"):
        assert a.summons.date <= AS_OF
        assert attendance_problems(presence=a.presence, authorisation_number=a.authorisation_number,
                                   authorisation_date=a.authorisation_date,
                                   absence_reason=a.absence_reason, session_date=a.summons.date) == {}
    # The committee's demo account sees exactly its own summonses.
    user = User.objects.get(username=COMMITTEE_USER)
    mine = set(summons_scope(user).values_list("pk", flat=True))
    assert mine and mine == set(Summons.objects.filter(committee=user.organisation).values_list("pk", flat=True))


def fold_in(name: str, names: list[str]) -> bool:
    from congminh.core.text import fold

    return fold(name) in {fold(n) for n in names}
