"""XLSX import of summonses and attendance: row errors name the row and the column, good
rows are kept, and importing the same file twice changes nothing."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from congminh.apps.attendance.importer import import_attendance
from congminh.apps.attendance.models import Attendance, Summons
from congminh.apps.audit.models import AuditEntry

TODAY = dt.date(2026, 6, 1)
HEADINGS = ["Số thụ lý của Tòa án", "Phiên", "Ngày mở phiên", "UBND được triệu tập (mã hoặc tên)",
            "Hạn gửi văn bản ý kiến", "Người tham dự", "Số văn bản ủy quyền", "Ngày văn bản ủy quyền",
            "Lý do vắng mặt", "Ngày nhận văn bản ý kiến"]
ROWS = [
    ["01/2026/TLST-HC", "Phiên đối thoại", "15/04/2026", "UBND-X1", "20/03/2026",
     "Phó Chủ tịch được ủy quyền", "12/GUQ-UBND", "10/04/2026", "", "18/03/2026"],   # row 2: good
    ["01/2026/TLST-HC", "Phiên tòa", "31/02/2026", "UBND-X1", "", "Chủ tịch", "", "", "", ""],  # 3
    ["01/2026/TLST-HC", "Phiên tòa", "05/05/2026", "UBND-X1", "", "Phó Chủ tịch", "", "", "", ""],  # 4
    ["01/2026/TLST-HC", "Phiên tòa", "05/05/2026", "UBND xã Không Có", "", "", "", "", "", ""],  # 5
    ["99/2026/TLST-HC", "Phiên tòa", "05/05/2026", "UBND-X1", "", "", "", "", "", ""],  # 6
    ["01/2026/TLST-HC", "Phiên tòa", dt.date(2026, 5, 20), "Ủy ban nhân dân xã Bình An", "",
     "Vắng mặt không lý do", "", "", "", ""],  # row 7: good (a real date cell, the name)
]


def workbook(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(HEADINGS)
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_import_keeps_good_rows_and_names_row_and_column_of_bad_ones(
        cast: dict[str, Any], admin_case: Any) -> None:
    result = import_attendance(actor=cast["officer_a"], data=workbook(ROWS), file_name="a.xlsx",
                               today=TODAY)
    assert (result.summonses_created, result.records_written) == (2, 2)
    assert {(e.row, e.column) for e in result.errors} == {
        (3, "Ngày mở phiên"), (4, "Số văn bản ủy quyền"), (4, "Ngày văn bản ủy quyền"),
        (5, "UBND được triệu tập (mã hoặc tên)"), (6, "Số thụ lý của Tòa án"),
    }
    assert "dòng 3, cột «Ngày mở phiên»" in str(next(e for e in result.errors if e.row == 3))
    dialogue = Summons.objects.get(kind="dialogue")
    assert (dialogue.date, dialogue.opinion_due) == (dt.date(2026, 4, 15), dt.date(2026, 3, 20))
    assert dialogue.attendance.authorisation_number == "12/GUQ-UBND"
    assert Attendance.objects.get(summons__kind="hearing").presence == "absent_without_reason"


def test_importing_the_same_file_twice_changes_nothing(cast: dict[str, Any], admin_case: Any) -> None:
    data = workbook(ROWS)
    import_attendance(actor=cast["officer_a"], data=data, file_name="a.xlsx", today=TODAY)
    audit = AuditEntry.objects.count()
    again = import_attendance(actor=cast["officer_a"], data=data, file_name="a.xlsx", today=TODAY)
    assert (again.summonses_created, again.summonses_updated, again.records_written) == (0, 0, 0)
    assert again.rows_rejected == 4
    assert (Summons.objects.count(), Attendance.objects.count(), AuditEntry.objects.count()) == (2, 2, audit)


def test_another_court_cannot_import_into_court_a_cases(cast: dict[str, Any], admin_case: Any) -> None:
    result = import_attendance(actor=cast["officer_b"], data=workbook(ROWS[:1]), file_name="a.xlsx",
                               today=TODAY)
    assert [(e.row, e.column) for e in result.errors] == [(2, "Số thụ lý của Tòa án")]
    assert not Summons.objects.exists()


def test_missing_required_columns_are_named(cast: dict[str, Any], admin_case: Any) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["Số thụ lý của Tòa án", "Phiên"])
    out = io.BytesIO()
    book.save(out)
    result = import_attendance(actor=cast["officer_a"], data=out.getvalue(), file_name="a.xlsx", today=TODAY)
    assert {e.column for e in result.errors} == {"Ngày mở phiên", "UBND được triệu tập (mã hoặc tên)"}


def test_import_screen(cast: dict[str, Any], admin_case: Any) -> None:
    client = Client()
    client.force_login(cast["officer_a"])
    upload = SimpleUploadedFile("tham-du.xlsx", workbook(ROWS))
    page = client.post(reverse("attendance:import"), {"file": upload})
    assert page.status_code == 200
    assert "Ngày mở phiên" in page.text and Summons.objects.count() == 2
    viewer = Client()
    viewer.force_login(cast["viewer_a"])
    assert viewer.get(reverse("attendance:import")).status_code == 403
    template = client.get(reverse("attendance:import_template"))
    assert template.status_code == 200 and template["Content-Disposition"].startswith("attachment")


def test_import_command(cast: dict[str, Any], admin_case: Any, tmp_path: Any) -> None:
    from io import StringIO

    from django.core.management import call_command

    path = tmp_path / "tham-du.xlsx"
    path.write_bytes(workbook(ROWS))
    out, err = StringIO(), StringIO()
    call_command("attendance_import", str(path), "--as", "officer_a", stdout=out, stderr=err)
    assert Summons.objects.count() == 2
    assert "dòng 6, cột «Số thụ lý của Tòa án»" in err.getvalue()
