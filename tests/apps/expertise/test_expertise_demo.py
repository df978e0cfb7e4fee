"""The demo's expertise requests: lawful (the engine finds nothing to refuse in the
histories), deterministic, idempotent, and pushed back only on the roster's fields."""

from __future__ import annotations

import datetime as dt
from typing import Any

from congminh.apps.accounts.models import User
from congminh.apps.cases.services import law_input
from congminh.apps.demo.expertise import USERS, expertise_demo_ensure
from congminh.apps.demo.services import demo_cases_load
from congminh.apps.expertise.models import ExpertiseRequest, RosterEntry
from congminh.apps.organisations.services import organisations_load
from congminh.core.law import lawful

AS_OF = dt.date(2026, 11, 26)


def _signature() -> list[tuple[Any, ...]]:
    return list(ExpertiseRequest.objects.order_by("ref").values_list(
        "ref", "case_id", "organisation__code", "field__code", "state", "received_on", "due",
        "pushed_back"))


def test_demo_requests_are_lawful_deterministic_and_idempotent(db: Any) -> None:
    organisations_load()
    demo_cases_load(size="XS", seed=5, as_of=AS_OF, count=300)
    made = expertise_demo_ensure(as_of=AS_OF, count=25)
    assert made.requests == ExpertiseRequest.objects.count() > 15
    assert {u for u, _c in USERS} <= set(User.objects.values_list("username", flat=True))
    for req in ExpertiseRequest.objects.select_related("case"):
        assert lawful.history_problems(law_input(req.case)) == []
        assert req.case.events.filter(type="expertise_ordered", data__ref=req.ref).count() == 1
        if req.pushed_back:
            assert RosterEntry.objects.filter(organisation=req.organisation, field=req.field).exists()
    # a closed case leaves no expertise running
    assert not ExpertiseRequest.objects.filter(state__in=("in_progress", "waiting_documents"),
                                               case__closed_on__isnull=False).exists()
    first = _signature()
    again = expertise_demo_ensure(as_of=AS_OF, count=25)
    assert (again.requests, again.users_created, again.organisations_created) == (0, 0, 0)
    assert _signature() == first
