"""Scope proofs through the screens and the REST API: who reads which summons, who
records attendance. Summons X: a case of court A against the commune of Bình An; summons
Y: a case of court B against the commune of Tây Sơn."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from congminh.apps.attendance import services
from congminh.apps.attendance.models import Attendance

# Who reads which summons.
READERS = {
    "officer_a": {"x"},          # the court holding case X
    "officer_b": {"y"},          # the court holding case Y
    "viewer_a": {"x"},           # reads what court A reads, changes nothing
    "prosecutor": {"x", "y"},    # the provincial Procuracy supervises the province
    "supervisor": {"x", "y"},    # the Internal Affairs Committee (noichinh)
    "sued_committee": {"x"},     # its own summons, no other
    "other_committee": {"y"},
    "outsider_supervisor": set(),
    "admin": {"x", "y"},
}
WRITERS = {"officer_a": {"x"}, "officer_b": {"y"}, "admin": {"x", "y"}}


@pytest.fixture
def summonses(make_case: Any, committees: dict[str, Any]) -> dict[str, Any]:
    x_case = make_case(procedure="administrative", case_kind="ordinary", holder="court_a",
                       title="Khiếu kiện quyết định thu hồi đất", number="01/2026/TLST-HC")
    y_case = make_case(procedure="administrative", case_kind="ordinary", holder="court_b",
                       title="Khiếu kiện quyết định xử phạt", number="02/2026/TLST-HC")
    return {
        "x": services.summons_create(actor=None, case=x_case, kind="dialogue",
                                     date=dt.date(2026, 4, 15), committee=committees["sued"]),
        "y": services.summons_create(actor=None, case=y_case, kind="hearing",
                                     date=dt.date(2026, 5, 5), committee=committees["other"]),
    }


def web(cast: dict[str, Any], name: str) -> Client:
    client = Client()
    client.force_login(cast[name])
    return client


def api(cast: dict[str, Any], name: str) -> APIClient:
    out = StringIO()
    call_command("token", "create", cast[name].username, stdout=out)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
    return client


@pytest.mark.parametrize("name", sorted(READERS))
def test_ui_list_and_pages_follow_the_scope(name: str, cast: dict[str, Any],
                                            summonses: dict[str, Any]) -> None:
    client = web(cast, name)
    page = client.get(reverse("attendance:list"))
    assert page.status_code == 200
    shown = {k for k, s in summonses.items() if reverse("attendance:detail", args=[s.pk]) in page.text}
    assert shown == READERS[name]
    for key, s in summonses.items():
        status = client.get(reverse("attendance:detail", args=[s.pk])).status_code
        assert status == (200 if key in READERS[name] else 404), key


@pytest.mark.parametrize("name", sorted(READERS))
def test_ui_recording_attendance_only_for_the_holding_court(name: str, cast: dict[str, Any],
                                                            summonses: dict[str, Any]) -> None:
    client = web(cast, name)
    for key, s in summonses.items():
        response = client.post(reverse("attendance:detail", args=[s.pk]),
                               {"presence": "absent_without_reason"})
        if key in WRITERS.get(name, set()):
            assert response.status_code == 302
        else:
            assert response.status_code == (403 if key in READERS[name] else 404), key
    recorded = set(Attendance.objects.values_list("summons_id", flat=True))
    assert recorded == {summonses[k].pk for k in WRITERS.get(name, set())}


@pytest.mark.parametrize("name", sorted(READERS))
def test_api_list_detail_and_record_follow_the_scope(name: str, cast: dict[str, Any],
                                                     summonses: dict[str, Any]) -> None:
    client = api(cast, name)
    body = client.get(reverse("attendance-api:list")).json()
    assert {r["id"] for r in body["results"]} == {summonses[k].pk for k in READERS[name]}
    for key, s in summonses.items():
        status = client.get(reverse("attendance-api:detail", args=[s.pk])).status_code
        assert status == (200 if key in READERS[name] else 404)
        put = client.put(reverse("attendance-api:attendance", args=[s.pk]),
                         {"presence": "chair"}, format="json")
        if key in WRITERS.get(name, set()):
            assert put.status_code == 200
            assert put.json()["attendance"]["presence"] == "chair"
        else:
            assert put.status_code == (403 if key in READERS[name] else 404)


@pytest.mark.parametrize("name", sorted(READERS))
def test_ui_new_summons_form_only_for_the_holding_court(name: str, cast: dict[str, Any],
                                                        summonses: dict[str, Any]) -> None:
    case = summonses["x"].case
    status = web(cast, name).get(reverse("attendance:create", args=[case.pk])).status_code
    if name in ("officer_a", "admin"):
        assert status == 200
    else:
        # The committee reads its summons, not the case file: the case itself is a 404.
        assert status == (403 if name in ("viewer_a", "prosecutor", "supervisor") else 404)


def test_api_creates_a_summons_for_the_holding_court(cast: dict[str, Any], summonses: dict[str, Any],
                                                      committees: dict[str, Any]) -> None:
    payload = {"case": summonses["x"].case_id, "kind": "hearing", "date": "2026-06-20",
               "committee": committees["sued"].code, "opinion_due": "2026-06-10"}
    assert api(cast, "supervisor").post(reverse("attendance-api:list"), payload,
                                        format="json").status_code == 403
    assert api(cast, "other_committee").post(reverse("attendance-api:list"), payload,
                                             format="json").status_code == 404
    created = api(cast, "officer_a").post(reverse("attendance-api:list"), payload, format="json")
    assert created.status_code == 201
    assert created.json()["committee"] == "UBND-X1"
    assert created.json()["kind_label"] == "Phiên tòa"
