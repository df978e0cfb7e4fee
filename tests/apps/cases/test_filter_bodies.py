"""The case list's body filter (`cases.selectors.case_filter_bodies`): the bodies holding
or numbering a case the user reads. For a user who reads every case of the bodies it is
offered (admins, a province-wide reach) it is found by one indexed probe a body instead of
scanning the province's cases (1.2-1.4 s at the P size, issue #12): the same bodies as the
scans for every user of the cast."""

from __future__ import annotations

from typing import Any

import pytest

from congminh.apps.accounts import scope
from congminh.apps.cases.models import AgencyNumber
from congminh.apps.cases.selectors import case_filter_bodies, case_scope


def _scanned(user: Any) -> set[int]:
    cases = case_scope(user).order_by()
    found = set(cases.values_list("holder_id", flat=True))
    found |= set(AgencyNumber.objects.filter(case__in=cases.values("pk")).values_list("organisation_id", flat=True))
    return set(scope.readable_bodies(user).filter(pk__in=found).values_list("pk", flat=True))


@pytest.mark.django_db
def test_the_filter_offers_the_bodies_of_the_cases_read(orgs: dict[str, Any], users: dict[str, Any],
                                                         make_case: Any) -> None:
    case = make_case(holder="court_a", number="11/2026/TLST-DS")
    AgencyNumber.objects.create(case=case, organisation=orgs["procuracy"], number="7/2026/VKS")
    make_case(holder="police", number="3/2026/CSĐT")
    make_case(holder="other_province", number="1/2026/DS-DN")
    wide = [name for name, user in users.items() if scope.reads_every_case_of_its_bodies(user)]
    assert {"supervisor", "admin"} <= set(wide) and "officer_a" not in wide
    for name, user in users.items():
        offered = set(case_filter_bodies(user=user).values_list("pk", flat=True))
        assert offered == _scanned(user), name
    # Bodies that hold or number nothing are not offered, even to a province-wide user.
    offered = set(case_filter_bodies(user=users["supervisor"]).values_list("pk", flat=True))
    assert offered == {orgs["court_a"].pk, orgs["procuracy"].pk, orgs["police"].pk}
