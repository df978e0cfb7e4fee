"""REST API: token authentication, list/search, read, create, edit, append events."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from congminh.apps.audit.models import AuditEntry
from congminh.apps.cases.models import Case


@pytest.fixture
def api(users: dict[str, Any]) -> Callable[[str], APIClient]:
    """An API client authenticated with the named user's token, as agency software would be."""

    def make(name: str) -> APIClient:
        out = StringIO()
        call_command("token", "create", users[name].username, stdout=out)
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
        return client

    return make


def test_token_command_prints_a_stable_token(users: dict[str, Any]) -> None:
    first, second, rotated = StringIO(), StringIO(), StringIO()
    call_command("token", "create", "officer_a", stdout=first)
    call_command("token", "create", "officer_a", stdout=second)
    call_command("token", "create", "officer_a", "--rotate", stdout=rotated)
    assert len(first.getvalue().strip()) == 40
    assert first.getvalue() == second.getvalue()
    assert rotated.getvalue() != first.getvalue()


def test_anonymous_and_bad_token_are_refused(users: dict[str, Any]) -> None:
    client = APIClient()
    assert client.get(reverse("cases-api:list")).status_code in (401, 403)
    client.credentials(HTTP_AUTHORIZATION="Token " + "0" * 40)
    assert client.get(reverse("cases-api:list")).status_code == 401


def test_list_filters_and_searches(api: Any, make_case: Any) -> None:
    dao = make_case()
    other = make_case(
        title="Trộm cắp tài sản của Lê Văn Bình", procedure="criminal", number="12/2026/HSST",
        category="serious", events=[("case_instituted", dt.date(2026, 1, 5), {})],
    )
    client = api("officer_a")
    body = client.get(reverse("cases-api:list")).json()
    assert body["count"] == 2
    assert {r["id"] for r in body["results"]} == {dao.pk, other.pk}

    def ids(**params: str) -> set[int]:
        response = client.get(reverse("cases-api:list"), params)
        assert response.status_code == 200, response.content
        return {r["id"] for r in response.json()["results"]}

    assert ids(q="tran thi dao") == {dao.pk}
    assert ids(q="le van binh") == {other.pk}
    assert ids(q="12-2026-hsst") == {other.pk}
    assert ids(procedure="criminal") == {other.pk}
    assert ids(stage="trial_preparation") == {dao.pk}
    assert ids(organisation="TAND-KV1") == {dao.pk, other.pk}


def test_list_rejects_a_bad_filter_naming_it(api: Any, make_case: Any) -> None:
    response = api("officer_a").get(reverse("cases-api:list"), {"procedure": "magic"})
    assert response.status_code == 400
    assert "procedure" in response.json()


def test_read_a_case(api: Any, make_case: Any, users: dict[str, Any]) -> None:
    from congminh.apps.cases import services

    case = make_case()
    services.party_add(actor=users["admin"], case=case, name="Trần Thị Đào", role="plaintiff")
    body = api("officer_a").get(reverse("cases-api:detail", args=[case.pk])).json()
    assert body["title"] == case.title
    assert body["holder"] == "TAND-KV1"
    assert body["numbers"] == ["01/2026/TLST-DS"]
    assert body["agency_numbers"][0]["organisation"] == "TAND-KV1"
    assert body["parties"][0]["name"] == "Trần Thị Đào"
    assert [(e["type"], e["date"]) for e in body["events"]] == [("accepted", "2026-03-02")]
    assert body["events"][0]["type_label"] == "Tòa án thụ lý sơ thẩm"
    assert body["stage"] == "trial_preparation"
    assert body["status"] == ""
    assert body["flags"] == []


def test_create_a_case(api: Any, orgs: dict[str, Any]) -> None:
    response = api("officer_a").post(
        reverse("cases-api:list"),
        {"procedure": "civil", "case_kind": "civil_family", "title": "Ly hôn Phạm Văn Đức",
         "agency_number": "33/2026/TLST-HNGĐ"},
        format="json",
    )
    assert response.status_code == 201, response.content
    case = Case.objects.get(pk=response.json()["id"])
    assert case.holder == orgs["court_a"]  # the caller's body by default
    assert response.json()["numbers"] == ["33/2026/TLST-HNGĐ"]
    assert AuditEntry.objects.filter(case_id=case.pk, action="create").exists()


def test_create_with_bad_input_names_the_field(api: Any, orgs: dict[str, Any]) -> None:
    client = api("admin")
    response = client.post(
        reverse("cases-api:list"), {"procedure": "civil", "title": "X", "holder": "NOPE"},
        format="json",
    )
    assert response.status_code == 400
    assert "NOPE" in response.json()["holder"][0]
    response = client.post(reverse("cases-api:list"), {"title": "X"}, format="json")
    assert response.status_code == 400
    assert "procedure" in response.json()
    assert Case.objects.count() == 0


def test_append_and_correct_an_event(api: Any, make_case: Any) -> None:
    case = make_case(
        procedure="criminal", category="serious", number="5/2026/HS", holder="police",
        title="Cố ý gây thương tích", events=[("case_instituted", dt.date(2026, 3, 10), {})],
    )
    client = api("investigator")
    url = reverse("cases-api:events", args=[case.pk])
    wrong = client.post(url, {"type": "investigation_extended", "date": "2026-06-01", "months": 2},
                        format="json")
    assert wrong.status_code == 201, wrong.content
    assert wrong.json()["details"] == {"months": 2}
    assert wrong.json()["recorded_via"] == "api"
    right = client.post(
        url, {"type": "investigation_extended", "date": "2026-06-01", "months": 3,
              "supersedes": wrong.json()["id"]}, format="json",
    )
    assert right.status_code == 201, right.content
    events = client.get(url).json()
    assert [(e["id"], e["superseded"]) for e in events] == [
        (events[0]["id"], False), (wrong.json()["id"], True), (right.json()["id"], False)
    ]


def test_append_rejects_bad_events_clearly(api: Any, make_case: Any) -> None:
    case = make_case()  # civil
    url = reverse("cases-api:events", args=[case.pk])
    client = api("officer_a")
    response = client.post(url, {"type": "case_instituted", "date": "2026-03-10"}, format="json")
    assert response.status_code == 400
    assert "type" in response.json()
    assert "dân sự" in response.json()["type"][0].lower()  # Vietnamese, naming the procedure
    response = client.post(url, {"type": "accepted", "date": "2026-03-10", "months": 2},
                           format="json")
    assert response.status_code == 400
    assert "months" in response.json()["data"][0]
    response = client.post(url, {"type": "accepted", "date": "10/03/2026"}, format="json")
    assert response.status_code == 400
    assert "date" in response.json()
    response = client.post(url, {"type": "accepted", "date": "2026-03-10", "supersedes": 999999},
                           format="json")
    assert response.status_code == 400
    assert "supersedes" in response.json()
    assert case.events.count() == 1


def test_edit_a_case_is_audited(api: Any, make_case: Any) -> None:
    case = make_case()
    url = reverse("cases-api:detail", args=[case.pk])
    response = api("officer_a").patch(url, {"public_concern": True}, format="json")
    assert response.status_code == 400 and "reason" in response.json()  # a flag needs a reason
    response = api("officer_a").patch(
        url, {"public_concern": True, "reason": "Báo chí phản ánh nhiều"}, format="json")
    assert response.status_code == 200, response.content
    assert response.json()["public_concern"] is True
    entry = AuditEntry.objects.get(case_id=case.pk, action="update")
    assert (entry.field, entry.old_value, entry.new_value) == ("public_concern", False, True)
    assert entry.note == "Báo chí phản ánh nhiều"


def test_schema_has_the_case_paths(admin_client: Any) -> None:
    from drf_spectacular.generators import SchemaGenerator
    from drf_spectacular.validation import validate_schema

    schema = SchemaGenerator().get_schema(request=None, public=True)
    validate_schema(schema)
    paths = schema["paths"]
    assert {"get", "post"} <= set(paths["/api/cases/"])
    assert {"get", "patch"} <= set(paths["/api/cases/{id}/"])
    assert {"get", "post"} <= set(paths["/api/cases/{id}/events/"])
    assert "tokenAuth" in schema["components"]["securitySchemes"]
    params = {p["name"] for p in paths["/api/cases/"]["get"]["parameters"]}
    assert {"q", "procedure", "stage", "status", "organisation", "age_months", "page"} <= params
    json.dumps(schema, default=str)  # serialisable


def test_schema_endpoint_and_swagger_page_work_offline(admin_client: Any) -> None:
    schema = admin_client.get(reverse("api-schema"), {"format": "json"})
    assert schema.status_code == 200
    assert "/api/cases/{id}/events/" in schema.json()["paths"]
    page = admin_client.get(reverse("api-docs"))
    html = page.content.decode()
    assert page.status_code == 200
    assert "swagger-ui" in html
    # Every asset comes from the app itself (the sidecar), nothing from the internet.
    assert "http://" not in html and "https://" not in html and "//cdn" not in html
    for asset in ("swagger-ui-bundle.js", "swagger-ui.css"):
        start = html.index(asset)
        src = html[html.rindex('"', 0, start) + 1 : html.index('"', start)]
        assert src.startswith("/static/"), src
        assert admin_client.get(src).status_code == 200


def test_the_age_filter_counts_open_cases_only(api: Callable[[str], APIClient],
                                               make_case: Callable[..., Any]) -> None:
    old = dt.date(2024, 3, 4)
    still_open = make_case(number="01/2024/TLST-DS", events=[("accepted", old, {})])
    closed = make_case(number="02/2024/TLST-DS", events=[("accepted", old, {}),
                                                         ("closed", dt.date(2024, 9, 2), {"reason": "withdrawn"})])
    body = api("admin").get(reverse("cases-api:list"), {"age_months": 12}).json()
    ids = {row["id"] for row in body["results"]}
    assert still_open.pk in ids and closed.pk not in ids
