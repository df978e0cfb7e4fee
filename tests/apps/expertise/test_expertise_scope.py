"""Scope of expertise requests, cell by cell, through the screens and the API: the asking
body, the body asked, another department, the province's supervisor, viewers, outsiders."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from congminh.apps.expertise import services
from congminh.apps.expertise.models import ExpertiseRequest, RequestState

pytestmark = pytest.mark.django_db
PASSWORD = "matkhau-an-toan-1"


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel(dt.datetime(2026, 4, 1, 9, tzinfo=dt.UTC), tick=False):
        yield


# who -> which of the two requests ("fin": to the finance department, "py": to the
# forensic centre) it reads
READS = {
    "investigator": {"fin", "py"},      # the asking body (holds the case)
    "police_viewer": {"fin", "py"},     # a viewer of the asking body
    "finance": {"fin"},                 # the department asked: its own request only
    "forensic": {"py"},
    "building": set(),                  # another department
    "justice": set(),                   # the roster keeper reads no request it is not party to
    "supervisor": {"fin", "py"},        # the province's overseers
    "prosecutor": {"fin", "py"},        # the provincial Procuracy supervises the case
    "officer_b": set(),                 # an unrelated court
    "outsider_supervisor": set(),       # another province
    "admin": {"fin", "py"},
}


@pytest.fixture
def both(finance_request: Any, forensic_request: Any, users: dict[str, Any]) -> dict[str, Any]:
    fin = services.expertise_request_send(actor=users["investigator"], request=finance_request,
                                          received_on=dt.date(2026, 3, 10))
    py = services.expertise_request_send(actor=users["investigator"], request=forensic_request,
                                         received_on=dt.date(2026, 3, 10))
    return {"fin": fin, "py": py}


def web(cast: dict[str, Any], name: str) -> Client:
    client = Client()
    assert client.login(username=cast[name].username, password=PASSWORD)
    return client


def api(cast: dict[str, Any], name: str) -> APIClient:
    out = StringIO()
    call_command("token", "create", cast[name].username, stdout=out)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
    return client


@pytest.mark.parametrize("name", sorted(READS))
def test_list_and_detail_follow_the_scope(name: str, cast: dict[str, Any], both: dict[str, Any]) -> None:
    page = web(cast, name).get(reverse("expertise:list"))
    assert page.status_code == 200
    listed = {k for k, r in both.items() if reverse("expertise:detail", args=[r.pk]) in page.content.decode()}
    assert listed == READS[name]
    for key, req in both.items():
        detail = web(cast, name).get(reverse("expertise:detail", args=[req.pk]))
        assert detail.status_code == (200 if key in READS[name] else 404)
    body = api(cast, name).get(reverse("expertise-api:list")).json()
    assert {r["ref"] for r in body["results"]} == {both[k].ref for k in READS[name]}
    for key, req in both.items():
        got = api(cast, name).get(reverse("expertise-api:detail", args=[req.pk]))
        assert got.status_code == (200 if key in READS[name] else 404)


def test_side_filter_shows_the_requests_addressed_to_my_body(cast: dict[str, Any], both: dict[str, Any]) -> None:
    asked = api(cast, "finance").get(reverse("expertise-api:list"), {"side": "asked"}).json()
    assert [r["ref"] for r in asked["results"]] == ["21/QĐ-TCGĐ"]
    sent = api(cast, "investigator").get(reverse("expertise-api:list"), {"side": "asking"}).json()
    assert sorted(r["ref"] for r in sent["results"]) == ["21/QĐ-TCGĐ", "22/QĐ-TCGĐ"]
    assert api(cast, "investigator").get(reverse("expertise-api:list"), {"side": "asked"}).json()["count"] == 0


# who -> status of refusing the finance request (UI, API): only the body asked (or admin).
REFUSE = {
    "finance": (302, 200), "admin": (302, 200),
    "investigator": (403, 403), "police_viewer": (403, 403), "supervisor": (403, 403),
    "prosecutor": (403, 403), "forensic": (404, 404), "building": (404, 404),
}


@pytest.mark.parametrize("name", sorted(REFUSE))
def test_refusal_cells(name: str, cast: dict[str, Any], both: dict[str, Any]) -> None:
    req = both["fin"]
    ui, via_api = REFUSE[name]
    got = web(cast, name).post(reverse("expertise:action", args=[req.pk, "refuse"]), {
        "refuse-date": "16/03/2026", "refuse-reason": "no_expert", "refuse-note": ""})
    assert got.status_code == ui
    req.refresh_from_db()
    assert (req.state == RequestState.REFUSED) == (ui == 302)
    if ui == 302:
        return
    got = api(cast, name).post(reverse("expertise-api:step", args=[req.pk, "refuse"]),
                               {"date": "2026-03-16", "reason": "no_expert"}, format="json")
    assert got.status_code == via_api


# who -> status of extending (UI, API): only the asking body's officers (or admin).
EXTEND = {
    "investigator": (302, 200), "admin": (302, 200),
    "finance": (403, 403), "police_viewer": (403, 403), "supervisor": (403, 403),
    "building": (404, 404),
}


@pytest.mark.parametrize("name", sorted(EXTEND))
def test_extension_cells(name: str, cast: dict[str, Any], both: dict[str, Any]) -> None:
    req = both["fin"]
    ui, via_api = EXTEND[name]
    got = web(cast, name).post(reverse("expertise:action", args=[req.pk, "extend"]), {
        "extend-date": "31/03/2026", "extend-months": "1"})
    assert got.status_code == ui
    req.refresh_from_db()
    assert req.extension_months == (1 if ui == 302 else 0)
    if ui == 302:
        return
    got = api(cast, name).post(reverse("expertise-api:step", args=[req.pk, "extend"]),
                               {"date": "2026-03-31", "months": 1}, format="json")
    assert got.status_code == via_api


def test_extension_over_the_ceiling_is_refused_with_the_rule(cast: dict[str, Any], both: dict[str, Any]) -> None:
    got = api(cast, "investigator").post(reverse("expertise-api:step", args=[both["fin"].pk, "extend"]),
                                         {"date": "2026-03-31", "months": 2}, format="json")
    assert got.status_code == 400
    assert "GĐTP" in str(got.json())


def test_create_through_api_and_screen(cast: dict[str, Any], criminal_case: Any) -> None:
    payload = {"case": criminal_case.pk, "ref": "30/QĐ", "field": "ke-toan", "organisation": "SO-TC",
               "questions": "Đối chiếu sổ sách.", "decided_on": "2026-03-20"}
    assert api(cast, "finance").post(reverse("expertise-api:list"), payload, format="json").status_code == 404
    assert api(cast, "supervisor").post(reverse("expertise-api:list"), payload, format="json").status_code == 403
    made = api(cast, "investigator").post(reverse("expertise-api:list"), payload, format="json")
    assert made.status_code == 201 and made.json()["state"] == "draft"
    sent = api(cast, "investigator").post(reverse("expertise-api:step", args=[made.json()["id"], "send"]),
                                          {"date": "2026-03-23"}, format="json")
    # 3 months from 23/03/2026 -> 23/06/2026 (Tuesday)
    assert (sent.status_code, sent.json()["due"]) == (200, "2026-06-23")
    form = web(cast, "investigator").get(reverse("expertise:create", args=[criminal_case.pk]))
    assert form.status_code == 200
    assert web(cast, "finance").get(reverse("expertise:create", args=[criminal_case.pk])).status_code == 404
    assert web(cast, "police_viewer").get(reverse("expertise:create", args=[criminal_case.pk])).status_code == 403
    posted = web(cast, "investigator").post(reverse("expertise:create", args=[criminal_case.pk]), {
        "ref": "31/QĐ", "decided_on": "25/03/2026",
        "field": form.context["form"].fields["field"].queryset.get(code="thue").pk,
        "organisation": cast["finance"].organisation_id, "expertise_kind": "other",
        "questions": "Xác định số thuế."})
    assert posted.status_code == 302
    assert ExpertiseRequest.objects.get(ref="31/QĐ").requested_by == criminal_case.holder


def test_pushed_back_list_for_supervisors(cast: dict[str, Any], both: dict[str, Any],
                                          xorgs: dict[str, Any], field: Any) -> None:
    services.roster_entry_save(actor=cast["justice"], organisation=xorgs["finance"], field=field,
                               kind="ad_hoc", listed_on=dt.date(2025, 7, 1))
    services.expertise_request_refuse(actor=cast["finance"], request=both["fin"],
                                      date=dt.date(2026, 3, 12), reason="no_expert")
    page = web(cast, "supervisor").get(reverse("expertise:list"), {"pushed_back": "on"})
    rows = page.context["rows"]
    assert [r["r"].ref for r in rows] == ["21/QĐ-TCGĐ"]
    assert page.context["summary"]["totals"]["pushed_back"] == 1
    # the compulsory injury expertise (BLTTHS Đ.208: 9 days, due 19/03) is overdue on 01/04
    overdue = web(cast, "supervisor").get(reverse("expertise:list"), {"overdue": "on"})
    assert [r["r"].ref for r in overdue.context["rows"]] == ["22/QĐ-TCGĐ"]
    assert overdue.context["rows"][0]["days"] == 22


def test_case_section_shows_the_case_requests(cast: dict[str, Any], both: dict[str, Any]) -> None:
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = cast["finance"]
    html = Template("{% load expertise %}{% case_expertise case %}").render(
        Context({"request": request, "case": both["fin"].case}))
    assert "21/QĐ-TCGĐ" in html and "22/QĐ-TCGĐ" not in html
    request.user = cast["investigator"]
    html = Template("{% load expertise %}{% case_expertise case %}").render(
        Context({"request": request, "case": both["fin"].case}))
    assert "21/QĐ-TCGĐ" in html and "22/QĐ-TCGĐ" in html
    assert reverse("expertise:create", args=[both["fin"].case_id]) in html
