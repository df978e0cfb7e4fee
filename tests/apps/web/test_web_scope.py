"""Scope proofs through the screens: who may list, open, change and export which case.

The cast (tests/conftest.py): officer_a and viewer_a at court A, officer_b at court B,
a prosecutor, a provincial supervisor, a supervisor of another province, an admin.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from congminh.apps.cases.models import CaseEvent

PASSWORD = "matkhau-an-toan-1"


@pytest.fixture
def cases(make_case: Any) -> dict[str, Any]:
    return {
        "a": make_case(holder="court_a", title="Vụ án của Tòa khu vực 1", number="1/2026/DS"),
        "b": make_case(holder="court_b", title="Vụ án của Tòa khu vực 2", number="2/2026/DS"),
        "far": make_case(holder="other_province", title="Vụ án ở Đà Nẵng", number="3/2026/DS"),
    }


def as_user(users: dict[str, Any], name: str) -> Client:
    client = Client()
    assert client.login(username=users[name].username, password=PASSWORD)
    return client


def listed(client: Client) -> set[str]:
    html = client.get(reverse("web:case_list")).content.decode()
    return {k for k, t in TITLES.items() if t in html}


def exported(client: Client) -> set[str]:
    text = client.get(reverse("web:case_export")).content.decode("utf-8-sig")
    return {k for k, t in TITLES.items() if t in text}


TITLES = {"a": "Vụ án của Tòa khu vực 1", "b": "Vụ án của Tòa khu vực 2", "far": "Vụ án ở Đà Nẵng"}

READERS = {
    "officer_a": {"a"},
    "viewer_a": {"a"},
    "officer_b": {"b"},
    "prosecutor": {"a", "b"},  # the provincial Procuracy supervises the whole province
    "supervisor": {"a", "b"},
    "outsider_supervisor": {"far"},
    "admin": {"a", "b", "far"},
}
WRITERS = {"officer_a": {"a"}, "officer_b": {"b"}, "admin": {"a", "b", "far"}}


@pytest.mark.parametrize("name", sorted(READERS))
def test_list_and_export_show_only_the_scope(
    name: str, users: dict[str, Any], cases: dict[str, Any]
) -> None:
    client = as_user(users, name)
    assert listed(client) == READERS[name]
    assert exported(client) == READERS[name]


@pytest.mark.parametrize("name", sorted(READERS))
def test_case_page_opens_only_in_scope(
    name: str, users: dict[str, Any], cases: dict[str, Any]
) -> None:
    client = as_user(users, name)
    for key, case in cases.items():
        response = client.get(reverse("web:case_detail", args=[case.pk]))
        expected = 200 if key in READERS[name] else 404
        assert response.status_code == expected, (name, key)
        if expected == 200:
            can_write = key in WRITERS.get(name, set())
            assert ('id="add-event"' in response.content.decode()) == can_write, (name, key)


@pytest.mark.parametrize("name", sorted(READERS))
def test_append_event_only_by_writers(
    name: str, users: dict[str, Any], cases: dict[str, Any]
) -> None:
    client = as_user(users, name)
    for key, case in cases.items():
        before = CaseEvent.objects.filter(case=case).count()
        response = client.post(
            reverse("web:case_event_add", args=[case.pk]),
            {"type": "suspended", "date": "05/03/2026", "ground": "Chờ giám định"},
        )
        if key in WRITERS.get(name, set()):
            assert response.status_code == 302, (name, key)
            assert CaseEvent.objects.filter(case=case).count() == before + 1
        else:
            # Outsiders learn nothing (404); readers without write rights are refused (403).
            assert response.status_code == (403 if key in READERS[name] else 404), (name, key)
            assert CaseEvent.objects.filter(case=case).count() == before


def test_anonymous_sees_nothing(client: Client, cases: dict[str, Any]) -> None:
    for url in (
        reverse("web:case_list"), reverse("web:case_export"),
        reverse("web:case_detail", args=[cases["a"].pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302
        assert reverse("web:login") in response["Location"]
    response = client.post(
        reverse("web:case_event_add", args=[cases["a"].pk]),
        {"type": "suspended", "date": dt.date(2026, 3, 5).isoformat()},
    )
    assert response.status_code == 302
    assert cases["a"].events.count() == 1


def test_a_number_at_another_body_brings_the_case_into_its_scope(
    users: dict[str, Any], cases: dict[str, Any], orgs: dict[str, Any]
) -> None:
    """The police see a court's case once a confirmed number of theirs is on it."""
    from congminh.apps.cases import services

    client = as_user(users, "investigator")
    assert listed(client) == set()
    services.agency_number_add(
        actor=users["admin"], case=cases["a"], organisation=orgs["police"], number="CA-7/2026"
    )
    assert listed(client) == {"a"}
