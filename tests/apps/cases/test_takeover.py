"""Linking is not access: the case-takeover and number-squatting attacks fail through the
import, the API and the form.

Attack 1 (takeover): an officer imports a row whose «Số vụ án tại cơ quan khác» names
another body's existing number, hoping to be merged into that body's case and so read,
retitle and close it. Attack 2 (squatting): the same with a number the other body will
use later, so that its own import lands in the squatter's case.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook
from rest_framework.test import APIClient

from congminh.apps.audit.models import AuditEntry
from congminh.apps.cases import claims, services
from congminh.apps.cases.models import AgencyNumber, Case, NumberClaim
from congminh.apps.imports import columns as C
from congminh.apps.imports.services import import_file

D = dt.date


def xlsx(rows: list[dict[str, Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(C.HEADINGS)
    for cells in rows:
        sheet.append([cells.get(h) for h in C.HEADINGS])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def row(holder: str, number: str, event: str, date: str, other: str = "", title: str = "") -> dict[str, Any]:
    return {C.HOLDER: holder, C.NUMBER: number, C.PROCEDURE: "hình sự", C.CATEGORY: "nghiêm trọng",
            C.TITLE: title or f"Vụ án số {number}", C.EVENT: event, C.DATE: date, C.OTHER_NUMBERS: other}


@pytest.fixture
def police_case(users: dict[str, Any], orgs: dict[str, Any]) -> Case:
    case = services.case_create(
        actor=users["investigator"], procedure="criminal", category="serious",
        title="Vụ trộm cắp tài sản tại chợ", holder=orgs["police"], agency_number="CA-15/2026",
    )
    services.case_event_append(actor=users["investigator"], case=case, type="case_instituted",
                               date=D(2026, 2, 1))
    return case


def test_import_row_naming_another_bodys_number_does_not_take_its_case(
    users: dict[str, Any], police_case: Case
) -> None:
    data = xlsx([row("TAND-KV1", "T-7/2026", "Tòa án thụ lý sơ thẩm", "02/03/2026",
                     other="CA-TINH: CA-15/2026", title="Đã bị chiếm")])
    batch = import_file(actor=users["officer_a"], data=data, file_name="tancong.xlsx")
    police_case.refresh_from_db()
    assert police_case.title == "Vụ trộm cắp tài sản tại chợ"
    assert list(police_case.events.values_list("type", flat=True)) == ["case_instituted"]
    assert list(police_case.agency_numbers.values_list("number", flat=True)) == ["CA-15/2026"]
    # The court's row became its own case, with a pending claim the police may confirm.
    assert batch.cases_created == 1 and batch.rows_rejected == 0
    own = Case.objects.get(agency_numbers__number="T-7/2026")
    claim = NumberClaim.objects.get(case=own)
    assert (claim.organisation.code, claim.number, claim.status) == ("CA-TINH", "CA-15/2026", "pending")
    # The importer gained no access to the police's case.
    client = Client()
    client.force_login(users["officer_a"])
    assert client.get(reverse("web:case_detail", args=[police_case.pk])).status_code == 404
    api = APIClient()
    api.force_authenticate(users["officer_a"])
    assert api.get(reverse("cases-api:detail", args=[police_case.pk])).status_code == 404
    assert api.patch(reverse("cases-api:detail", args=[police_case.pk]),
                     {"title": "Đổi tên"}, format="json").status_code == 404


def test_a_squatted_number_does_not_capture_the_owners_own_import(
    users: dict[str, Any], orgs: dict[str, Any]
) -> None:
    squat = xlsx([row("TAND-KV1", "T-8/2026", "Tòa án thụ lý sơ thẩm", "02/03/2026",
                      other="CA-TINH: CA-99/2026")])
    import_file(actor=users["officer_a"], data=squat, file_name="giucho.xlsx")
    assert not AgencyNumber.objects.filter(number="CA-99/2026").exists()
    later = xlsx([row("CA-TINH", "CA-99/2026", "Khởi tố vụ án", "05/03/2026", title="Vụ của công an")])
    batch = import_file(actor=users["investigator"], data=later, file_name="congan.xlsx")
    assert batch.cases_created == 1
    police_own = Case.objects.get(agency_numbers__number="CA-99/2026")
    squatter = Case.objects.get(agency_numbers__number="T-8/2026")
    assert police_own.pk != squatter.pk and police_own.holder == orgs["police"]
    # The police see the unconfirmed claim as such, and may reject it.
    pending = claims.claims_to_decide(users["investigator"])
    assert [(c.case_id, c.number) for c in pending] == [(squatter.pk, "CA-99/2026")]
    client = Client()
    client.force_login(users["investigator"])
    page = client.get(reverse("web:claims")).content.decode()
    assert "CA-99/2026" in page and "Chờ cơ quan bạn xác nhận" in page
    assert claims.claims_to_decide(users["officer_a"]).count() == 0  # not the squatter's to decide
    with pytest.raises(Exception):  # noqa: B017 - PermissionDenied: the squatter cannot confirm
        claims.claim_confirm(actor=users["officer_a"], claim=pending[0])


def test_confirming_a_claim_on_an_existing_number_merges_the_records_audited(
    users: dict[str, Any], police_case: Case
) -> None:
    data = xlsx([row("VKS-TINH", "VKS-3/2026", "Khởi tố vụ án", "01/02/2026",
                     other="CA-TINH: CA-15/2026")])
    import_file(actor=users["prosecutor"], data=data, file_name="vks.xlsx")
    procuracy_case = Case.objects.get(agency_numbers__number="VKS-3/2026")
    claim = NumberClaim.objects.get(case=procuracy_case)
    client = Client()
    client.force_login(users["investigator"])
    response = client.post(reverse("web:claim_decide", args=[claim.pk]), {"decision": "confirm"})
    assert response.status_code == 302
    merged = Case.objects.get(agency_numbers__number="CA-15/2026")
    assert merged.pk == police_case.pk and not Case.objects.filter(pk=procuracy_case.pk).exists()
    assert set(merged.agency_numbers.values_list("number", flat=True)) == {"CA-15/2026", "VKS-3/2026"}
    assert AuditEntry.objects.filter(case_id=merged.pk, action="merge").exists()
    assert AuditEntry.objects.filter(case_id=procuracy_case.pk, action="confirm_claim").exists()


def test_api_and_form_cannot_open_a_case_for_another_body(
    users: dict[str, Any], orgs: dict[str, Any]
) -> None:
    api = APIClient()
    api.force_authenticate(users["officer_a"])
    response = api.post(reverse("cases-api:list"), {
        "procedure": "civil", "case_kind": "civil_family", "title": "Mạo danh",
        "holder": "TAND-KV2", "agency_number": "9/2026/DS"}, format="json")
    assert response.status_code == 403
    client = Client()
    client.force_login(users["officer_a"])
    response = client.post(reverse("web:case_create"), {
        "holder": orgs["court_b"].pk, "procedure": "civil", "case_kind": "civil_family",
        "number": "9/2026/DS", "title": "Mạo danh", "event_type": "accepted", "event_date": "2026-03-02"})
    assert response.status_code == 400
    assert not Case.objects.filter(title="Mạo danh").exists()


def test_clerk_opens_a_case_from_the_screen(users: dict[str, Any], orgs: dict[str, Any]) -> None:
    client = Client()
    client.force_login(users["officer_a"])
    assert client.get(reverse("web:case_create")).status_code == 200
    response = client.post(reverse("web:case_create"), {
        "holder": orgs["court_a"].pk, "procedure": "civil", "case_kind": "civil_family",
        "number": "12/2026/TLST-DS", "title": "Tranh chấp hợp đồng vay", "party_name": "Lê Văn Ánh",
        "party_role": "plaintiff", "event_type": "accepted", "event_date": "2026-03-02"})
    assert response.status_code == 302, response.content.decode()[:2000]
    case = Case.objects.get(title="Tranh chấp hợp đồng vay")
    assert case.holder == orgs["court_a"] and case.stage == "trial_preparation"
    assert case.parties.get().name == "Lê Văn Ánh"
    # A first event the law does not allow here leaves no half-made case behind.
    response = client.post(reverse("web:case_create"), {
        "holder": orgs["court_a"].pk, "procedure": "civil", "case_kind": "civil_family",
        "number": "13/2026/TLST-DS", "title": "Vụ sai", "event_type": "appeal_extended",
        "event_date": "2026-03-02"})
    assert response.status_code == 400
    assert not Case.objects.filter(title="Vụ sai").exists()
    # A viewer or a supervisor has no such page.
    for name in ("viewer_a", "supervisor"):
        other = Client()
        other.force_login(users[name])
        assert other.get(reverse("web:case_create")).status_code == 403


def test_an_unlawful_event_is_refused_on_the_page_the_api_and_the_import(
    users: dict[str, Any], make_case: Any
) -> None:
    """BLTTDS 2015 Đ.203 k4: the hearing opens within 1 month of the decision to bring the
    case to trial, 2 months for a legitimate reason — a 9-month delay is refused with the
    rule and the limit, wherever it comes from; nothing else is lost."""
    case = make_case(events=[("accepted", D(2026, 3, 2), {}), ("brought_to_trial", D(2026, 5, 4), {})])
    form = {"type": "hearing_extended", "date": "2026-05-20", "months": "9"}
    client = Client()
    client.force_login(users["officer_a"])
    page = client.post(reverse("web:case_event_add", args=[case.pk]), form)
    assert page.status_code == 400
    assert "Điều 203" in page.content.decode() and "không quá" in page.content.decode()
    api = APIClient()
    api.force_authenticate(users["officer_a"])
    response = api.post(reverse("cases-api:events", args=[case.pk]),
                        {"type": "hearing_extended", "date": "2026-05-20", "months": 9}, format="json")
    assert response.status_code == 400 and "Điều 203" in response.json()["months"][0]
    number = case.agency_numbers.get().number
    civil = {C.HOLDER: "TAND-KV1", C.NUMBER: number, C.PROCEDURE: "dân sự", C.CATEGORY: "dân sự",
             C.TITLE: case.title}
    data = xlsx([{**civil, C.EVENT: "hearing_extended", C.DATE: "20/05/2026", C.MONTHS: 9},
                 {**civil, C.NUMBER: "77/2026/DS", C.EVENT: "Tòa án thụ lý sơ thẩm", C.DATE: "02/03/2026"}])
    batch = import_file(actor=users["officer_a"], data=data, file_name="hoan.xlsx")
    assert batch.rows_rejected == 1 and batch.cases_created == 1
    assert batch.errors[0]["row"] == 2 and "Điều 203" in batch.errors[0]["message"]
    assert case.events.count() == 2


def test_merging_two_records_is_explicit_audited_and_needs_both(
    users: dict[str, Any], make_case: Any
) -> None:
    keep = make_case(holder="court_a", title="Hồ sơ thứ nhất", number="21/2026/DS")
    twin = make_case(holder="court_a", title="Hồ sơ trùng", number="22/2026/DS")
    foreign = make_case(holder="court_b", title="Hồ sơ của tòa khác", number="23/2026/DS")
    client = Client()
    client.force_login(users["officer_a"])
    url = reverse("web:case_merge", args=[keep.pk])
    client.post(url, {"other": twin.pk, "reason": ""})  # no reason: nothing happens
    assert Case.objects.filter(pk=twin.pk).exists()
    assert client.post(url, {"other": foreign.pk, "reason": "Trùng"}).status_code == 404
    response = client.post(url, {"other": twin.pk, "reason": "Nhập trùng hai lần"})
    assert response.status_code == 302
    assert not Case.objects.filter(pk=twin.pk).exists()
    assert set(keep.agency_numbers.values_list("number", flat=True)) == {"21/2026/DS", "22/2026/DS"}
    entry = AuditEntry.objects.get(case_id=keep.pk, action="merge")
    assert entry.actor == users["officer_a"] and entry.note == "Nhập trùng hai lần"
