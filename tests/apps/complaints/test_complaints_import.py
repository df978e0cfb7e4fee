"""The complaint register import: rows through the services, errors naming the row and
the column in Vietnamese, idempotent by number, a later file adds the resolution."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from openpyxl import Workbook

from congminh.apps.complaints.models import Complaint
from congminh.apps.complaints.register_import import HEADINGS, import_register

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
BAD = ["TAND-KV1", "01/2026/TLST-DS", "06/KN", "khiếu lại", "Lê C", "", "Thẩm phán", "XYZ", "",
       "31/02/2026", "", "", ""]


def test_import_is_idempotent_and_adds_the_resolution(users: dict[str, Any], civil_case: Any) -> None:
    first = import_register(book(GOOD, BAD), actor=users["officer_a"])
    assert (first.created, first.updated, first.unchanged, first.rejected) == (1, 0, 0, 1)
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
    viewer = Client()
    viewer.force_login(users["supervisor"])
    assert viewer.get(reverse("complaints:import")).status_code == 403
