"""Scope of complaints, cell by cell, through the screens and the API: the body holding
the case, the receiving and resolving bodies, the Procuracy supervising, the province's
overseers (masked personal data), viewers, outsiders."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse
from rest_framework.test import APIClient

from congminh.apps.complaints import services
from congminh.apps.complaints.models import Complaint, ComplaintStatus

pytestmark = pytest.mark.django_db
PASSWORD = "matkhau-an-toan-1"
D = dt.date


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel(dt.datetime(2026, 4, 1, 9, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def both(cast: dict[str, Any], civil_case: Any, criminal_case: Any, corgs: dict[str, Any]) -> dict[str, Any]:
    """"ds": against a judge of area court 1 (resolved there); "hs": against a prosecutor of
    the area-1 Procuracy in a case the provincial police hold (resolved by that Procuracy,
    which does not read the case)."""
    ds = services.complaint_receive(
        actor=cast["officer_a"], case=civil_case, kind="complaint", number="05/KN",
        complainant_name="Nguyễn Văn An", complainant_role="party", against="court",
        complained_of=civil_case.holder, received_on=D(2026, 3, 20),
        complainant_address="Thôn 3, xã Ia Grai", complainant_id_number="052090001234")
    hs = services.complaint_receive(
        actor=cast["investigator"], case=criminal_case, kind="denunciation", number="02/TC",
        complainant_name="Lê Thị Bình", complainant_role="other", against="procuracy",
        complained_of=corgs["vks_kv1"], received_on=D(2026, 3, 20),
        complainant_address="Tổ 5, phường Pleiku")
    return {"ds": ds, "hs": hs}


READS = {
    "officer_a": {"ds"}, "viewer_a": {"ds"}, "officer_b": set(),
    "court_prov": {"ds"},                # reads the area courts' cases
    "investigator": {"hs"},              # holds the case and received it
    "vks_kv1": {"ds", "hs"},             # area 1 cases; "hs" only as the resolving body
    "prosecutor": {"ds", "hs"},          # the provincial Procuracy supervises every case
    "supervisor": {"ds", "hs"}, "outsider_supervisor": set(), "admin": {"ds", "hs"},
}


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
    page = web(cast, name).get(reverse("complaints:list"))
    assert page.status_code == 200
    listed = {k for k, c in both.items() if reverse("complaints:detail", args=[c.pk]) in page.content.decode()}
    assert listed == READS[name]
    for key, c in both.items():
        assert web(cast, name).get(reverse("complaints:detail", args=[c.pk])).status_code == (
            200 if key in READS[name] else 404)
    body = api(cast, name).get(reverse("complaints-api:list")).json()
    assert {r["number"] for r in body["results"]} == {both[k].number for k in READS[name]}
    for key, c in both.items():
        got = api(cast, name).get(reverse("complaints-api:detail", args=[c.pk]))
        assert got.status_code == (200 if key in READS[name] else 404)


def test_side_filters(cast: dict[str, Any], both: dict[str, Any]) -> None:
    def numbers(name: str, side: str) -> list[str]:
        got = api(cast, name).get(reverse("complaints-api:list"), {"side": side}).json()
        return sorted(r["number"] for r in got["results"])

    assert numbers("vks_kv1", "resolving") == ["02/TC"]
    assert numbers("vks_kv1", "complained_of") == ["02/TC"]
    assert numbers("investigator", "received") == ["02/TC"]
    assert numbers("investigator", "resolving") == []
    assert numbers("prosecutor", "resolving") == []


def test_overseers_see_no_personal_data(cast: dict[str, Any], both: dict[str, Any]) -> None:
    seen = {r["number"]: r for r in api(cast, "supervisor").get(reverse("complaints-api:list")).json()["results"]}
    assert (seen["05/KN"]["complainant_name"], seen["05/KN"]["complainant_address"],
            seen["05/KN"]["complainant_id_number"]) == ("Nguyễn Văn An", "", "")
    assert seen["02/TC"]["complainant_name"] == "Đã ẩn"  # a denouncer's identity is secret
    page = web(cast, "supervisor").get(reverse("complaints:detail", args=[both["ds"].pk])).content.decode()
    assert "Nguyễn Văn An" in page and "052090001234" not in page and "Ia Grai" not in page
    full = api(cast, "prosecutor").get(reverse("complaints-api:detail", args=[both["ds"].pk])).json()
    assert (full["complainant_address"], full["complainant_id_number"]) == ("Thôn 3, xã Ia Grai", "052090001234")
    page = web(cast, "prosecutor").get(reverse("complaints:detail", args=[both["hs"].pk])).content.decode()
    assert "Lê Thị Bình" in page


# who -> status of resolving "hs" (UI, API): only the resolving body (or admin).
RESOLVE = {
    "vks_kv1": (302, 200), "admin": (302, 200),
    "investigator": (403, 403), "prosecutor": (403, 403), "supervisor": (403, 403),
    "officer_a": (404, 404),
}


@pytest.mark.parametrize("name", sorted(RESOLVE))
def test_resolution_cells(name: str, cast: dict[str, Any], both: dict[str, Any]) -> None:
    c = both["hs"]
    ui, via_api = RESOLVE[name]
    got = web(cast, name).post(reverse("complaints:action", args=[c.pk, "resolve"]), {
        "resolve-date": "25/03/2026", "resolve-outcome": "wrong", "resolve-decision_number": "3/KL"})
    assert got.status_code == ui
    c.refresh_from_db()
    assert (c.status == ComplaintStatus.RESOLVED) == (ui == 302)
    if ui == 302:
        return
    got = api(cast, name).post(reverse("complaints-api:step", args=[c.pk, "resolve"]),
                               {"date": "2026-03-25", "outcome": "wrong"}, format="json")
    assert got.status_code == via_api


# who -> status of opening the intake form on the civil case (GET, API POST).
INTAKE = {
    "officer_a": (200, 201), "prosecutor": (200, 201), "admin": (200, 201),
    "viewer_a": (403, 403), "supervisor": (403, 403), "officer_b": (404, 404),
}


@pytest.mark.parametrize("name", sorted(INTAKE))
def test_intake_cells(name: str, cast: dict[str, Any], civil_case: Any) -> None:
    ui, via_api = INTAKE[name]
    assert web(cast, name).get(reverse("complaints:create", args=[civil_case.pk])).status_code == ui
    got = api(cast, name).post(reverse("complaints-api:list"), {
        "case": civil_case.pk, "kind": "complaint", "number": "09/KN", "complainant_name": "Trần Văn C",
        "against": "court", "received_on": "2026-03-25"}, format="json")
    assert got.status_code == via_api
    if via_api == 201:
        made = Complaint.objects.get(number="09/KN")
        assert made.received_by == (cast[name].organisation if name != "admin" else civil_case.holder)
        assert got.json()["due"] == "2026-04-09"  # BLTTDS Đ.505: 15 days from 25/03/2026


def test_intake_through_the_form(cast: dict[str, Any], civil_case: Any) -> None:
    got = web(cast, "officer_a").post(reverse("complaints:create", args=[civil_case.pk]), {
        "kind": "complaint", "number": "11/KN", "received_on": "23/03/2026",
        "complainant_name": "Phạm Văn D", "complainant_role": "lawyer", "against": "court_head",
        "complained_of": civil_case.holder_id, "official": "Chánh án", "content": "Khiếu nại quyết định"})
    assert got.status_code == 302
    c = Complaint.objects.get(number="11/KN")
    assert c.resolver.code == "TAND-TINH"  # a chief judge: the court one level up
    detail = web(cast, "court_prov").get(got["Location"]).content.decode()
    assert 'step-resolve' in detail and "Tòa án nhân dân tỉnh Gia Lai" in detail


def test_extension_over_the_law_is_shown_with_the_rule(cast: dict[str, Any], both: dict[str, Any]) -> None:
    c = both["ds"]  # BLTTDS Đ.505: not over 15 days
    got = web(cast, "officer_a").post(reverse("complaints:action", args=[c.pk, "extend"]), {
        "extend-date": "25/03/2026", "extend-days": "20"})
    assert got.status_code == 400
    c.refresh_from_db()
    assert c.extended_days == 0


def test_case_section(cast: dict[str, Any], both: dict[str, Any], civil_case: Any) -> None:
    template = Template("{% load complaints %}{% case_complaints case %}")
    for name, expect in (("officer_a", True), ("supervisor", True)):
        request = RequestFactory().get("/")
        request.user = cast[name]
        html = template.render(Context({"request": request, "case": civil_case}))
        assert ("05/KN" in html) == expect
        assert (reverse("complaints:create", args=[civil_case.pk]) in html) == (name == "officer_a")


def test_schema_has_the_complaint_paths(db: Any) -> None:
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    assert {"/api/complaints/", "/api/complaints/{id}/", "/api/complaints/{id}/{step}/"} <= set(schema["paths"])


def test_summary_counts_and_their_links(cast: dict[str, Any], both: dict[str, Any], corgs: dict[str, Any],
                                        orgs: dict[str, Any]) -> None:
    from congminh.apps.complaints import selectors

    services.complaint_resolve(actor=cast["vks_kv1"], complaint=both["hs"], date=D(2026, 3, 25),
                               outcome="wrong")
    summary = selectors.complaint_summary(user=cast["supervisor"])
    totals = summary["totals"]
    assert (totals["total"], totals["open"], totals["overdue"], totals["resolved"], totals["wrong"],
            totals["right"], totals["resolved_late"]) == (2, 1, 0, 1, 1, 0, 0)
    by_resolver = {r["id"]: (r["total"], r["open"], r["wrong"]) for r in summary["by_resolver"]}
    assert by_resolver == {orgs["court_a"].pk: (1, 1, 0), corgs["vks_kv1"].pk: (1, 0, 1)}
    assert {r["id"]: r["total"] for r in summary["by_against"]} == {"court": 1, "procuracy": 1}
    page = web(cast, "supervisor").get(reverse("complaints:list")).content.decode()
    assert f'?resolver={corgs["vks_kv1"].pk}&amp;outcome=wrong">1</a>' in page
    listed = web(cast, "supervisor").get(reverse("complaints:list"),
                                         {"resolver": corgs["vks_kv1"].pk, "outcome": "wrong"})
    assert "02/TC" in listed.content.decode() and "05/KN" not in listed.content.decode()


# who -> (status of the "find the case" page, is the civil case offered)
START = {"officer_a": (200, True), "officer_b": (200, False), "prosecutor": (200, True),
         "supervisor": (403, False), "viewer_a": (403, False)}


@pytest.mark.parametrize("name", sorted(START))
def test_start_finds_only_readable_cases(name: str, cast: dict[str, Any], civil_case: Any) -> None:
    status, offered = START[name]
    got = web(cast, name).get(reverse("complaints:start"), {"q": "01/2026/TLST-DS"})
    assert got.status_code == status
    assert (reverse("complaints:create", args=[civil_case.pk]) in got.content.decode()) == offered
