"""Scope of evidence requests, cell by cell, through the screens and the API: the asking
court, the committee asked, another committee, the Procuracy supervising the case, the
Internal Affairs Committee (noichinh), a viewer of the asking court, an unrelated court."""

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

from congminh.apps.evidence import services
from congminh.apps.evidence.models import EvidenceRequest, RequestState

pytestmark = pytest.mark.django_db
PASSWORD = "matkhau-an-toan-1"


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel(dt.datetime(2026, 4, 20, 9, tzinfo=dt.UTC), tick=False):
        yield


# who -> which of the two requests ("a": to committee A, "dep": to the department) it reads
READS = {
    "officer_a": {"a", "dep"},          # the asking court (holds the case)
    "viewer_a": {"a", "dep"},           # a viewer of the asking court
    "committee_a": {"a"},               # the committee asked: its own request only
    "committee_a_viewer": {"a"},
    "committee_b": set(),               # another commune's committee
    "department": {"dep"},
    "prosecutor": {"a", "dep"},         # the provincial Procuracy supervises the case
    "supervisor": {"a", "dep"},         # the Internal Affairs Committee (noichinh)
    "officer_b": set(),                 # an unrelated court
    "outsider_supervisor": set(),       # another province
    "admin": {"a", "dep"},
}
# who may record a reply (the body asked, the asking court)
REPLIES = {"officer_a": 200, "committee_a": 200, "committee_a_viewer": 403, "committee_b": 404,
           "department": 404, "prosecutor": 403, "supervisor": 403, "viewer_a": 403}


@pytest.fixture
def both(cast: dict[str, Any], eorgs: dict[str, Any], civil_case: Any) -> dict[str, Any]:
    def send(ref: str, org: Any) -> EvidenceRequest:
        return services.evidence_request_send(actor=cast["officer_a"], case=civil_case, ref=ref,
                                              documents="Hồ sơ địa chính.", sent_on=dt.date(2026, 3, 10),
                                              organisation=org)

    return {"a": send("45/CV-TA", eorgs["committee_a"]), "dep": send("46/CV-TA", eorgs["department"])}


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
    client = web(cast, name)
    page = client.get(reverse("evidence:list"))
    assert page.status_code == 200
    listed = {k for k, r in both.items() if reverse("evidence:detail", args=[r.pk]) in page.content.decode()}
    assert listed == READS[name]
    for key, req in both.items():
        assert client.get(reverse("evidence:detail", args=[req.pk])).status_code == (
            200 if key in READS[name] else 404)
    league = client.get(reverse("evidence:league")).content.decode()
    assert ("Ủy ban nhân dân xã Ia Grai" in league) == ("a" in READS[name])


@pytest.mark.parametrize("name", sorted(READS))
def test_api_follows_the_scope(name: str, cast: dict[str, Any], both: dict[str, Any]) -> None:
    client = api(cast, name)
    body = client.get("/api/evidence/").json()
    assert {r["ref"] for r in body["results"]} == {both[k].ref for k in READS[name]}
    for key, req in both.items():
        assert client.get(f"/api/evidence/{req.pk}/").status_code == (200 if key in READS[name] else 404)


@pytest.mark.parametrize(("name", "status"), sorted(REPLIES.items()))
def test_who_records_a_reply(name: str, status: int, cast: dict[str, Any], both: dict[str, Any]) -> None:
    req = both["a"]
    response = api(cast, name).post(f"/api/evidence/{req.pk}/reply/",
                                    {"date": "2026-03-20", "kind": "partial", "note": "Một phần"},
                                    format="json")
    assert response.status_code == status, response.content
    req.refresh_from_db()
    assert req.state == (RequestState.PARTLY_ANSWERED if status == 200 else RequestState.SENT)


def test_reply_on_the_screen_and_the_case_section(cast: dict[str, Any], both: dict[str, Any],
                                                  civil_case: Any) -> None:
    req = both["a"]
    committee = web(cast, "committee_a")
    page = committee.get(reverse("evidence:detail", args=[req.pk])).content.decode()
    assert "reply-date" in page and "withdraw-date" not in page  # it answers, it does not withdraw
    # the committee's list shows its overdue reply (due 25/03, today 20/04)
    overdue = committee.get(reverse("evidence:list") + "?side=asked&overdue=on").content.decode()
    assert reverse("evidence:detail", args=[req.pk]) in overdue
    response = committee.post(reverse("evidence:action", args=[req.pk, "reply"]), {
        "reply-date": "02/04/2026", "reply-kind": "refusal", "reply-note": ""})
    assert response.status_code == 400  # a refusal needs its reason
    response = committee.post(reverse("evidence:action", args=[req.pk, "reply"]), {
        "reply-date": "02/04/2026", "reply-kind": "refusal", "reply-note": "Không quản lý hồ sơ."})
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.state == RequestState.REFUSED
    # the case page section (template tag) shows both requests overdue to the court
    from django.template import Context, Template
    from django.test import RequestFactory

    request = RequestFactory().get("/")
    request.user = cast["officer_a"]
    html = Template("{% load evidence %}{% case_evidence case %}").render(
        Context({"request": request, "case": civil_case}))
    assert "45/CV-TA" in html and "46/CV-TA" in html and "2 yêu cầu quá hạn" in html
    assert reverse("evidence:create", args=[civil_case.pk]) in html
    request.user = cast["committee_a"]
    html = Template("{% load evidence %}{% case_evidence case %}").render(
        Context({"request": request, "case": civil_case}))
    assert "45/CV-TA" in html and "46/CV-TA" not in html
    assert reverse("evidence:create", args=[civil_case.pk]) not in html


def test_sending_from_the_screen_and_the_api(cast: dict[str, Any], eorgs: dict[str, Any],
                                             civil_case: Any) -> None:
    court = web(cast, "officer_a")
    url = reverse("evidence:create", args=[civil_case.pk])
    assert court.get(url).status_code == 200
    assert web(cast, "committee_a").get(url).status_code in (403, 404)
    response = court.post(url, {"ref": "50/CV-TA", "sent_on": "10/03/2026",
                                "organisation": eorgs["committee_b"].pk, "documents": "Hồ sơ đất."})
    assert response.status_code == 302
    assert EvidenceRequest.objects.get(ref="50/CV-TA").due == dt.date(2026, 3, 25)
    created = api(cast, "officer_a").post("/api/evidence/", {
        "case": civil_case.pk, "ref": "51/CV-TA", "holder_name": "Văn phòng công chứng Phù Đổng",
        "documents": "Hợp đồng công chứng.", "sent_on": "2026-03-13"}, format="json")
    assert created.status_code == 201 and created.json()["due"] == "2026-03-30"
    refused = api(cast, "prosecutor").post("/api/evidence/", {
        "case": civil_case.pk, "ref": "52/CV", "holder_name": "x", "documents": "y",
        "sent_on": "2026-03-13"}, format="json")
    assert refused.status_code == 403
