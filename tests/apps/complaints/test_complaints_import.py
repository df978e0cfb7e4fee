"""The complaint register import: rows through the services, errors naming the row and
the column in Vietnamese, idempotent by number, a later file adds the resolution; a row
naming a first-level complaint («Số đơn lần đầu») is its second-level complaint."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from openpyxl import Workbook, load_workbook

from congminh.apps.complaints.models import Complaint
from congminh.apps.complaints.register_import import HEADINGS, import_register, template_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel(dt.datetime(2026, 4, 1, 9, tzinfo=dt.UTC), tick=False):
        yield


def book(*rows: list[Any]) -> bytes:
    wb = Workbook()
    sheet = wb.active
    assert sheet is not None
    sheet.append(list(HEADINGS))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


GOOD = ["TAND-KV1", "01/2026/TLST-DS", "05/KN", "khiếu nại", "Nguyễn Văn An", "đương sự",
        "Thẩm phán", "", "Thẩm phán Trần B", "02/03/2026", "", "", ""]
RESOLVED = [*GOOD[:10], "10/03/2026", "đúng một phần", "07/QĐ-GQKN"]
# The complainant contests the first-level resolution of 05/KN (received by court area 1).
SECOND = [*GOOD[:2], "05/KN-L2", *GOOD[3:9], "23/03/2026", "", "", "", "05/KN"]
BAD = ["TAND-KV1", "01/2026/TLST-DS", "06/KN", "khiếu lại", "Lê C", "", "Thẩm phán", "XYZ", "",
       "31/02/2026", "", "", ""]


def test_import_is_idempotent_and_adds_the_resolution(users: dict[str, Any], civil_case: Any) -> None:
    first = import_register(book(GOOD, BAD), actor=users["officer_a"])
    assert (first.created, first.updated, first.unchanged, sorted(first.rejected)) == (1, 0, 0, [3])
    messages = sorted(str(p) for p in first.problems)
    assert messages == [
        "Dòng 3, cột «Cơ quan bị khiếu nại (mã)»: không có cơ quan nào trong danh mục có mã hoặc tên «XYZ»",
        "Dòng 3, cột «Loại đơn»: «khiếu lại» không phải «khiếu nại» hoặc «tố cáo»",
        "Dòng 3, cột «Ngày nhận»: «31/02/2026» không phải ngày hợp lệ (dd/mm/yyyy)",
    ]
    c = Complaint.objects.get(number="05/KN")
    assert (c.case, c.against, c.due) == (civil_case, "court", dt.date(2026, 3, 17))
    again = import_register(book(GOOD), actor=users["officer_a"])
    assert (again.created, again.updated, again.unchanged) == (0, 0, 1)
    later = import_register(book(RESOLVED), actor=users["officer_a"])
    assert (later.created, later.updated, later.unchanged) == (0, 1, 0)
    c.refresh_from_db()
    assert (c.status, c.outcome, c.resolved_on) == ("resolved", "partly_right", dt.date(2026, 3, 10))
    assert Complaint.objects.count() == 1


def test_a_row_outside_the_importers_scope_is_refused(users: dict[str, Any], civil_case: Any) -> None:
    result = import_register(book(GOOD), actor=users["viewer_a"])
    assert result.created == 0 and len(result.problems) == 1
    assert str(result.problems[0]).startswith("Dòng 2: ")


def test_upload_screen_and_template(users: dict[str, Any], civil_case: Any) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(users["officer_a"])
    template = client.get(reverse("complaints:template"))
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxml")
    got = client.post(reverse("complaints:import"), {
        "file": SimpleUploadedFile("so.xlsx", book(GOOD, BAD))})
    page = got.content.decode()
    assert got.status_code == 200
    assert "Thêm mới 1, cập nhật 0, không đổi 0, từ chối 1 dòng." in page
    assert "Dòng 3, cột «Ngày nhận»" in page
    assert Complaint.objects.filter(number="05/KN").exists()
    # the rejected row offered back as an error workbook, as the other imports do
    name = got.context["error_name"]
    assert name.startswith("loi-so-khieu-nai-")
    link = reverse("complaints:import_errors", args=[name])
    assert link in page
    errors = load_workbook(io.BytesIO(b"".join(client.get(link).streaming_content))).active
    assert errors is not None
    rows = list(errors.iter_rows(values_only=True))
    assert rows[0][:4] == ("Dòng", *HEADINGS[:3]) and rows[0][-1] == "Lỗi"
    assert [r[:4] for r in rows[1:]] == [(3, "TAND-KV1", "01/2026/TLST-DS", "06/KN")]
    assert "«Ngày nhận»" in rows[1][-1]
    viewer = Client()
    viewer.force_login(users["supervisor"])
    assert viewer.get(reverse("complaints:import")).status_code == 403
    assert viewer.get(link).status_code == 404
    # a file that is no spreadsheet is refused on the form, naming the file, nothing kept
    bad = client.post(reverse("complaints:import"), {
        "file": SimpleUploadedFile("so.xlsx", b"not a workbook")})
    assert bad.status_code == 200 and "so.xlsx" in bad.content.decode()
    assert Complaint.objects.count() == 1


def test_a_second_level_row_escalates_the_resolved_first_level_complaint(
        users: dict[str, Any], civil_case: Any, corgs: dict[str, Any]) -> None:
    officer = users["officer_a"]
    early = import_register(book(GOOD, SECOND), actor=officer)
    assert (early.created, sorted(early.rejected)) == (1, [3])
    assert [str(p) for p in early.problems] == [
        "Dòng 3, cột «Số đơn lần đầu»: đơn lần đầu «05/KN» chưa được giải quyết: khiếu nại lần hai "
        "là khiếu nại đối với quyết định giải quyết lần đầu"]
    later = import_register(book(RESOLVED, SECOND), actor=officer)
    assert (later.created, later.updated, later.unchanged, later.rejected) == (1, 1, 0, {})
    first, second = Complaint.objects.get(number="05/KN"), Complaint.objects.get(number="05/KN-L2")
    assert (second.level, second.escalated_from, second.resolver) == ("second", first, corgs["court_prov"])
    assert (second.complainant_name, second.against, second.resolver_basis) == (
        "Nguyễn Văn An", "court", "BLTTDS 2015 Điều 507")
    # BLTTDS 2015 Đ.507 (khiếu nại lần hai) sets no limit of its own; the rule applies
    # Đ.505 k1 «Thời hạn giải quyết khiếu nại … là 15 ngày, kể từ ngày nhận được khiếu nại»:
    # received 23/03/2026 + 15 days = 07/04/2026.
    assert (second.due, second.rule) == (dt.date(2026, 4, 7), "BLTTDS-505")
    again = import_register(book(RESOLVED, SECOND), actor=officer)
    assert (again.created, again.updated, again.unchanged, again.rejected) == (0, 0, 2, {})
    assert Complaint.objects.count() == 2


def test_a_second_level_row_needs_a_resolved_first_level_complaint_of_the_case(
        users: dict[str, Any], civil_case: Any) -> None:
    officer = users["officer_a"]
    import_register(book(RESOLVED, SECOND), actor=officer)
    missing = [*SECOND[:2], "06/KN-L2", *SECOND[3:13], "99/KN"]
    of_second = [*SECOND[:2], "05/KN-L3", *SECOND[3:13], "05/KN-L2"]
    twice = [*SECOND[:2], "05/KN-L4", *SECOND[3:13], "05/KN"]
    denunciation = [*SECOND[:2], "07/TC", "tố cáo", *SECOND[4:13], "05/KN"]
    result = import_register(book(missing, of_second, twice, denunciation), actor=officer)
    assert (result.created, sorted(result.rejected)) == (0, [2, 3, 4, 5])
    assert [str(p) for p in result.problems] == [
        "Dòng 2, cột «Số đơn lần đầu»: vụ án không có đơn số «99/KN»: nhập đơn lần đầu trước",
        "Dòng 3, cột «Số đơn lần đầu»: «05/KN-L2» đã là khiếu nại lần hai",
        "Dòng 4, cột «Số đơn lần đầu»: đơn «05/KN» đã được khiếu nại lần hai với số «05/KN-L2»",
        "Dòng 5, cột «Số đơn lần đầu»: tố cáo không có lần hai: để trống ô này",
    ]
    assert Complaint.objects.count() == 2


def test_the_template_has_the_first_level_column() -> None:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(template_bytes())).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0] == HEADINGS and rows[0][-1] == "Số đơn lần đầu"
    assert rows[2][2] == "09/KN" and rows[2][-1] == "05/KN"


def test_the_register_import_through_the_api(users: dict[str, Any], civil_case: Any) -> None:
    from io import StringIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from django.urls import reverse
    from rest_framework.test import APIClient

    def client(user: Any) -> APIClient:
        out = StringIO()
        call_command("token", "create", user.username, stdout=out)
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
        return api

    api = client(users["officer_a"])
    got = api.post(reverse("complaints-api:import"),
                   {"file": SimpleUploadedFile("so.xlsx", book(GOOD, BAD))}, format="multipart")
    assert got.status_code == 200
    body = got.json()
    assert (body["rows"], body["created"], body["updated"], body["unchanged"]) == (2, 1, 0, 0)
    assert [r["row"] for r in body["rejected"]] == [3]
    assert any("Dòng 3, cột «Ngày nhận»" in p for p in body["rejected"][0]["problems"])
    workbook = api.get(body["errors_url"])
    assert workbook.status_code == 200
    rows = list(load_workbook(io.BytesIO(b"".join(workbook.streaming_content))).active.iter_rows(
        values_only=True))
    assert [r[:4] for r in rows[1:]] == [(3, "TAND-KV1", "01/2026/TLST-DS", "06/KN")]
    again = api.post(reverse("complaints-api:import"),
                     {"file": SimpleUploadedFile("so.xlsx", book(GOOD))}, format="multipart")
    assert (again.json()["unchanged"], again.json()["errors_url"]) == (1, None)
    refused = api.post(reverse("complaints-api:import"),
                       {"file": SimpleUploadedFile("so.xlsx", b"not a workbook")}, format="multipart")
    assert refused.status_code == 400 and "so.xlsx" in refused.json()["file"][0]
    outsider = client(users["supervisor"])
    assert outsider.post(reverse("complaints-api:import"),
                         {"file": SimpleUploadedFile("so.xlsx", book(GOOD))},
                         format="multipart").status_code == 403
    assert outsider.get(body["errors_url"]).status_code == 404
    assert Complaint.objects.count() == 1
