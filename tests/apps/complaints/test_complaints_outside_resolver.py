"""A second-level complaint against a provincial body goes to a national body outside the
province's registry (BLTTDS 2015 Đ.507: the court one level up; above the provincial court
the Supreme People's Court since Luật 81/2025). The complaint names that body, its
deadline says who must act, and the scope stays as it was: nobody in the province may
resolve it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from congminh.apps.complaints import routing, services

pytestmark = pytest.mark.django_db
D = dt.date
TANDTC = "Tòa án nhân dân tối cao"


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel(dt.datetime(2026, 4, 1, 9, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def second(cast: dict[str, Any], civil_case: Any, corgs: dict[str, Any],
           django_capture_on_commit_callbacks: Any) -> Any:
    """A complaint against a judge of the provincial court, resolved there (BLTTDS Đ.504),
    contested at the second level."""
    with django_capture_on_commit_callbacks(execute=True):
        first = services.complaint_receive(
            actor=cast["officer_a"], case=civil_case, kind="complaint", number="09/KN",
            complainant_name="Trần Thị Bình", complainant_role="party", against="court",
            complained_of=corgs["court_prov"], received_on=D(2026, 3, 2))
        assert first.resolver == corgs["court_prov"]
        services.complaint_resolve(actor=cast["court_prov"], complaint=first, date=D(2026, 3, 12),
                                   outcome="wrong")
        return services.complaint_escalate(actor=cast["court_prov"], complaint=first,
                                           number="09/KN-L2", received_on=D(2026, 3, 16))


def test_the_second_level_names_the_national_body(second: Any, cast: dict[str, Any],
                                                  corgs: dict[str, Any]) -> None:
    assert (second.resolver, second.resolver_name, second.resolver_label) == (None, TANDTC, TANDTC)
    assert second.resolver_basis == "BLTTDS 2015 Điều 507"
    # BLTTDS Đ.507 applies Đ.505's 15 days from 16/03/2026 -> 31/03/2026
    assert second.due == D(2026, 3, 31)
    # The scope is unchanged: the provincial court received it and reads it, but does not
    # resolve it (the Supreme People's Court does, outside the province's system).
    assert second.received_by == corgs["court_prov"]
    with pytest.raises(PermissionDenied):
        services.complaint_resolve(actor=cast["court_prov"], complaint=second, date=D(2026, 3, 20),
                                   outcome="right")


def test_pages_and_api_show_who_must_act(second: Any, cast: dict[str, Any], civil_case: Any) -> None:
    client = Client()
    client.force_login(cast["court_prov"])
    detail = client.get(reverse("complaints:detail", args=[second.pk])).text
    assert f"{TANDTC} có trách nhiệm giải quyết" in detail  # on the deadline's line
    assert "Cơ quan ngoài danh mục của tỉnh" not in detail
    listed = client.get(reverse("complaints:list")).text
    assert f"{TANDTC} <span class=\"muted small\">(ngoài tỉnh)</span>" in listed
    # The first level's page names where the second level went in its step heading:
    # nothing to escalate any more, so check the route the heading reads.
    first = second.escalated_from
    assert services.escalation_route(first).name == TANDTC
    # The case page's clock of the complaint names the body, linking to the complaint.
    case_page = Client()
    case_page.force_login(cast["officer_a"])
    text = case_page.get(reverse("web:case_detail", args=[civil_case.pk])).text
    assert f'<a href="{reverse("complaints:detail", args=[second.pk])}">{TANDTC}</a>' in text
    api = APIClient()
    api.force_authenticate(cast["court_prov"])
    body = api.get(reverse("complaints-api:detail", args=[second.pk])).json()
    assert (body["resolver"], body["resolver_name"]) == (None, TANDTC)


def test_the_escalation_step_names_the_national_body(cast: dict[str, Any], civil_case: Any,
                                                     corgs: dict[str, Any]) -> None:
    first = services.complaint_receive(
        actor=cast["officer_a"], case=civil_case, kind="complaint", number="10/KN",
        complainant_name="Trần Thị Bình", complainant_role="party", against="court",
        complained_of=corgs["court_prov"], received_on=D(2026, 3, 2))
    services.complaint_resolve(actor=cast["court_prov"], complaint=first, date=D(2026, 3, 12),
                               outcome="wrong")
    client = Client()
    client.force_login(cast["court_prov"])
    page = client.get(reverse("complaints:detail", args=[first.pk])).text
    assert f"→ {TANDTC} (BLTTDS 2015 Điều 507)" in page


def test_an_unknown_kind_above_the_province_stays_unnamed(corgs: dict[str, Any]) -> None:
    """A kind of body with no known superior keeps the placeholder rather than a guess."""
    from congminh.apps.organisations.models import Organisation

    other = Organisation(code="X", name="X", kind="peoples_committee", level="province", province_code="52")
    assert routing._up(other, "basis") == routing.Route(None, "basis", "")


def test_the_migration_names_the_body_of_complaints_recorded_before(second: Any) -> None:
    import importlib

    from django.apps import apps

    from congminh.apps.complaints.models import Complaint

    migration = importlib.import_module("congminh.apps.complaints.migrations.0003_complaint_resolver_name")
    Complaint.objects.filter(pk=second.pk).update(resolver_name="")  # as recorded before
    migration.name_outside_resolvers(apps, None)
    assert Complaint.objects.get(pk=second.pk).resolver_name == TANDTC
    # the first level, resolved by a body of the registry, keeps no outside name
    assert Complaint.objects.get(pk=second.escalated_from_id).resolver_name == ""


def _table(page: str, title: str) -> str:
    import re

    found = re.search(rf"<h2>{title}</h2>(.*?)</table>", page, re.S)
    assert found, title
    return found.group(1)


def _row(table: str, name: str) -> list[tuple[str, int]]:
    """(query, number) of each count in `name`'s row of a count table."""
    import re

    found = re.search(rf"<tr><td>{name}</td>(.*?)</tr>", table, re.S)
    assert found, name
    return [(q.replace("&amp;", "&"), int(n))
            for q, n in re.findall(r'<a href="[^"?]*\?([^"]*)">(\d+)</a>', found.group(1))]


def _listed(client: Client, query: str) -> set[int]:
    import re

    page = client.get(reverse("complaints:list") + "?" + query).text
    prefix = reverse("complaints:detail", args=[0])[:-2]
    return {int(pk) for pk in re.findall(rf'<a href="{prefix}(\d+)/">', page)}


def test_the_table_by_resolving_body_counts_the_national_body(second: Any, cast: dict[str, Any],
                                                               corgs: dict[str, Any]) -> None:
    """The second level, open and overdue since 31/03/2026, is counted on a row of its own,
    each number a link to exactly the complaints behind it (`resolver_name=`)."""
    client = Client()
    client.force_login(cast["court_prov"])
    table = _table(client.get(reverse("complaints:list")).text, "Theo cơ quan giải quyết")
    national = _row(table, TANDTC)
    # received, being resolved, overdue, resolved late, right, partly right, wrong
    assert [n for _q, n in national] == [1, 1, 1, 0, 0, 0, 0]
    assert national[0][0] == "resolver_name=T%C3%B2a+%C3%A1n+nh%C3%A2n+d%C3%A2n+t%E1%BB%91i+cao"
    for query, n in national:
        listed = _listed(client, query)
        assert len(listed) == n and listed <= {second.pk}
    # the first level, resolved by the provincial court, keeps its own row
    assert [n for _q, n in _row(table, corgs["court_prov"].name)] == [1, 0, 0, 0, 0, 0, 1]
    # the API filters the same way
    api = APIClient()
    api.force_authenticate(cast["court_prov"])
    body = api.get(reverse("complaints-api:list"), {"resolver_name": TANDTC}).json()
    assert [row["id"] for row in body["results"]] == [second.pk]
