"""The kind of matter with a ministry's own limit (Luật GĐTP Đ.26a k3 đoạn 2) chosen where a
request is created, on the screen and through the API: offered under its field, refused
with a wrong field, carried to the clock (`rules/GDTP-26A.yaml`) and shown with its name
and limit. Due dates computed by hand from the rule's rows."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from congminh.apps.expertise import services
from congminh.apps.expertise.models import ExpertiseField, ExpertiseRequest
from congminh.apps.web.presenters import event_details

pytestmark = pytest.mark.django_db
PASSWORD = "matkhau-an-toan-1"
D = dt.date


def web(user: Any) -> Client:
    client = Client()
    assert client.login(username=user.username, password=PASSWORD)
    return client


def api(user: Any) -> APIClient:
    out = StringIO()
    call_command("token", "create", user.username, stdout=out)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
    return client


def _field(code: str) -> ExpertiseField:
    return ExpertiseField.objects.get(code=code)


def test_the_form_offers_each_kind_under_its_field(users: dict[str, Any], criminal_case: Any) -> None:
    page = web(users["investigator"]).get(reverse("expertise:create", args=[criminal_case.pk]))
    html = page.content.decode()
    forensic, culture = _field("phap-y").pk, _field("van-hoa").pk
    assert '<optgroup label="Pháp y">' in html and '<optgroup label="Văn hóa">' in html
    assert (f'value="forensic_laboratory" data-field="{forensic}">'
            "giám định độc chất, mô bệnh học, ADN</option>") in html
    assert f'value="cultural_product" data-field="{culture}">giám định sản phẩm văn hóa' in html
    assert "expertise/request_form.js" in html


def test_created_on_the_screen_with_its_kind_the_due_date_is_the_ministrys(
        users: dict[str, Any], xorgs: dict[str, Any], criminal_case: Any) -> None:
    client = web(users["investigator"])
    posted = client.post(reverse("expertise:create", args=[criminal_case.pk]), {
        "ref": "40/QĐ-TCGĐ", "decided_on": "27/02/2026", "field": _field("phap-y").pk,
        "expertise_matter": "forensic_sexual_abuse", "organisation": xorgs["forensic"].pk,
        "expertise_kind": "other", "questions": "Xác định dấu vết xâm hại."})
    assert posted.status_code == 302
    req = ExpertiseRequest.objects.get(ref="40/QĐ-TCGĐ")
    assert req.expertise_matter == "forensic_sexual_abuse"
    sent = client.post(reverse("expertise:action", args=[req.pk, "send"]), {"send-date": "02/03/2026"})
    assert sent.status_code == 302
    req.refresh_from_db()
    # Thông tư 13/2022/TT-BYT Đ.2 k2a [M]: not over 9 days from the day after receipt:
    # Monday 02/03/2026 + 9 = Wednesday 11/03/2026.
    assert (req.rule, req.due) == ("GDTP-26A", D(2026, 3, 11))
    assert "Thông tư 13/2022/TT-BYT Điều 2 khoản 2 điểm a" in req.basis
    detail = client.get(reverse("expertise:detail", args=[req.pk])).content.decode()
    assert "Loại việc có thời hạn giám định riêng" in detail
    assert ("giám định xâm hại tình dục, hành hạ ngược đãi, xác định giới tính, sự có thai, "
            "khả năng tình dục nam · thời hạn 9 ngày") in detail
    assert "11/03/2026" in detail
    listed = client.get(reverse("expertise:list")).content.decode()
    assert "thời hạn 9 ngày" in listed


def test_created_through_the_api_with_its_kind(users: dict[str, Any], xorgs: dict[str, Any],
                                               criminal_case: Any) -> None:
    client = api(users["investigator"])
    made = client.post(reverse("expertise-api:list"), {
        "case": criminal_case.pk, "ref": "41/QĐ-TCGĐ", "field": "van-hoa",
        "expertise_matter": "cultural_product", "organisation": xorgs["finance"].code,
        "questions": "Xác định sản phẩm văn hóa.", "decided_on": "2026-03-12"}, format="json")
    assert made.status_code == 201, made.json()
    body = made.json()
    assert (body["expertise_matter"], body["expertise_matter_name"], body["expertise_matter_limit"],
            body["field_label"]) == ("cultural_product", "giám định sản phẩm văn hóa", "2 tháng",
                                    "Văn hóa")
    sent = client.post(reverse("expertise-api:step", args=[body["id"], "send"]),
                       {"date": "2026-03-13"}, format="json")
    # Thông tư 08/2019/TT-BVHTTDL Đ.6a k1 [M]: at most 2 months: Friday 13/03/2026 ->
    # Wednesday 13/05/2026 (not the law's 3 months, 13/06).
    assert (sent.status_code, sent.json()["due"], sent.json()["rule"]) == (200, "2026-05-13", "GDTP-26A")


def test_a_kind_of_another_field_is_refused_naming_the_field(
        users: dict[str, Any], xorgs: dict[str, Any], criminal_case: Any) -> None:
    got = api(users["investigator"]).post(reverse("expertise-api:list"), {
        "case": criminal_case.pk, "ref": "42/QĐ-TCGĐ", "field": "van-hoa",
        "expertise_matter": "forensic_laboratory", "organisation": xorgs["forensic"].code,
        "questions": "Giám định ADN.", "decided_on": "2026-03-12"}, format="json")
    assert got.status_code == 400
    message = str(got.json())
    assert "không thuộc lĩnh vực «Văn hóa»" in message and "độc chất, mô bệnh học, ADN" in message
    page = web(users["investigator"]).post(reverse("expertise:create", args=[criminal_case.pk]), {
        "ref": "43/QĐ-TCGĐ", "decided_on": "12/03/2026", "field": _field("tai-chinh").pk,
        "expertise_matter": "cultural_product", "organisation": xorgs["finance"].pk,
        "expertise_kind": "other", "questions": "Xác định thiệt hại."})
    assert page.status_code == 400
    assert "không thuộc lĩnh vực «Tài chính»" in page.content.decode()
    assert not ExpertiseRequest.objects.filter(ref__in=("42/QĐ-TCGĐ", "43/QĐ-TCGĐ")).exists()


def test_a_kind_given_when_sending_is_checked_and_kept(
        users: dict[str, Any], xorgs: dict[str, Any], criminal_case: Any) -> None:
    req = services.expertise_request_create(
        actor=users["investigator"], case=criminal_case, ref="44/QĐ-TCGĐ", field=_field("xay-dung"),
        questions="Chất lượng công trình.", decided_on=D(2026, 3, 1), organisation=xorgs["building"])
    with pytest.raises(ValidationError, match="Xây dựng"):
        services.expertise_request_send(actor=users["investigator"], request=req,
                                        received_on=D(2026, 3, 2), expertise_matter="cultural_product")
    req.refresh_from_db()
    assert (req.state, req.expertise_matter) == ("draft", "")


def test_the_case_timeline_names_the_field_not_its_code(
        users: dict[str, Any], xorgs: dict[str, Any], criminal_case: Any) -> None:
    req = services.expertise_request_create(
        actor=users["investigator"], case=criminal_case, ref="45/QĐ-TCGĐ", field=_field("phap-y"),
        questions="Giám định ADN.", decided_on=D(2026, 3, 1), organisation=xorgs["forensic"],
        expertise_matter="forensic_laboratory")
    services.expertise_request_send(actor=users["investigator"], request=req, received_on=D(2026, 3, 2))
    ordered = criminal_case.events.get(type="expertise_ordered", data__ref="45/QĐ-TCGĐ")
    details = dict(event_details(ordered.data))
    assert details["Lĩnh vực giám định"] == "Pháp y"
    assert details["Loại việc có thời hạn giám định riêng"] == "giám định độc chất, mô bệnh học, ADN"
    page = web(users["investigator"]).get(reverse("web:case_detail", args=[criminal_case.pk]))
    html = page.content.decode()
    # the timeline's details and the history of the request on the case page alike
    assert "Pháp y" in html and "phap-y" not in html
