"""The page, the XLSX (read back with openpyxl) and `congminh report quarterly`."""

from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from congminh.apps.reports.models import ReportRun, ReviewComment

URL = "/reports/quarterly/"
Q4 = {"calendar": "procuracy", "period": "2026-Q4"}


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_page_shows_the_period_totals_and_the_overdue_list(
        cast: dict[str, Any], users: dict[str, Any]) -> None:
    response = _client(users["prosecutor"]).get(URL, Q4)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Quý IV/2026" in html
    assert "01/09/2026" in html and "30/11/2026" in html
    assert "Tổng số thụ lý (d3 = d1 + d2)" in html
    # Every number is a link to the list behind it: the remaining civil cases, 3.
    assert re.search(r'row=remaining&amp;procedure=civil#list">3</a>', html)
    assert "01/2026/TLST-DS" in html and "Quá hạn 151 ngày tính đến 30/11/2026" in html
    assert 'action="/reports/quarterly/comments/' in html  # the Procuracy may comment


def test_drill_down_lists_the_cases_of_one_number(cast: dict[str, Any], users: dict[str, Any]) -> None:
    court_b = cast["new_open"].holder_id
    html = _client(users["prosecutor"]).get(URL, {**Q4, "row": "remaining", "holder": court_b}).content.decode()
    assert "02/2026/TLST-DS" in html and "01/2026/TLST-DS" not in html


def test_who_may_open_the_page(cast: dict[str, Any], users: dict[str, Any], django_user_model: Any) -> None:
    assert Client().get(URL).status_code == 302  # login first
    nobody = django_user_model.objects.create_user(username="nobody", password="x-Y-z-123456", role="viewer")
    assert _client(nobody).get(URL).status_code == 403
    # A court officer reviews its own cases, without the comment form.
    html = _client(users["officer_b"]).get(URL, {**Q4, "row": "remaining"}).content.decode()
    assert "02/2026/TLST-DS" in html and "01/2026/TLST-DS" not in html
    assert 'action="/reports/quarterly/comments/' not in html


def test_comment_from_the_page(cast: dict[str, Any], users: dict[str, Any]) -> None:
    case = cast["old_overdue"]
    client = _client(users["prosecutor"])
    response = client.post(reverse("reports:comment_add", args=[case.pk]), {
        "period": "2026-Q4", "kind": "proposal", "text": "Đề nghị đưa vụ án ra xét xử trước 31/12",
        "next": f"{URL}?period=2026-Q4&as_of=2026-12-01T10:00"})
    assert response.status_code == 302
    assert "as_of" not in response["Location"]  # back to the review as of now
    assert ReviewComment.objects.get().text == "Đề nghị đưa vụ án ra xét xử trước 31/12"
    assert "Đề nghị đưa vụ án ra xét xử trước 31/12" in client.get(URL, Q4).content.decode()
    # A court officer cannot, and an outside redirect is refused.
    denied = _client(users["officer_a"]).post(reverse("reports:comment_add", args=[case.pk]),
                                              {"period": "2026-Q4", "kind": "proposal", "text": "x"})
    assert denied.status_code == 403
    response = client.post(reverse("reports:comment_add", args=[case.pk]), {
        "period": "2026-Q4", "kind": "proposal", "text": "Lần hai", "next": "https://example.com/"})
    assert response["Location"] == URL


def _book(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data))


def _rows_by_code(sheet: Any) -> dict[int, Any]:
    return {row[1].value: row for row in sheet.iter_rows() if isinstance(row[1].value, int)}


def _check_workbook(book: Any, cast: dict[str, Any]) -> None:
    assert book.sheetnames == ["Tổng hợp", "Theo cơ quan", "Quá hạn", "Tạm đình chỉ",
                               "Tồn đọng (còn lại cuối kỳ)", "Kéo dài"]
    totals = book["Tổng hợp"]
    rows = _rows_by_code(totals)
    assert sorted(rows) == list(range(1, 10))
    dân_sự = 3  # column D: criminal C, civil D, administrative E, enforcement F, total G
    values = {code: row[dân_sự].value for code, row in rows.items()}
    r = {code: row[0].row for code, row in rows.items()}
    # Rows the form computes are Excel formulas; the others real numbers.
    assert values[1] == 2 and values[2] == 2 and values[4] == 1 and values[6] == 1 and values[8] == 1
    assert values[3] == f"=D{r[1]}+D{r[2]}"
    assert values[5] == f"=D{r[3]}-D{r[4]}"
    assert rows[1][6].value == f"=SUM(C{r[1]}:F{r[1]})"
    # The printed checks, as formulas over the total column (column H).
    assert rows[3][7].value == f"=G{r[3]}=G{r[1]}+G{r[2]}"
    assert rows[6][7].value == f"=G{r[6]}<=G{r[5]}"
    assert rows[1][7].value is None

    overdue = book["Quá hạn"]
    header = [c.value for c in next(r for r in overdue.iter_rows() if r[0].value == "STT")]
    data = [r for r in overdue.iter_rows(values_only=True) if isinstance(r[0], int)]
    assert len(data) == 1
    line = dict(zip(header, data[0], strict=False))
    assert line["Mã vụ việc"] == cast["old_overdue"].pk
    assert line["Ngày của sự kiện đầu tiên"] == dt.datetime(2026, 3, 2)  # a real date
    assert line["Hạn"] == dt.datetime(2026, 7, 2)
    assert line["Số ngày quá hạn"] == 151
    assert "BLTTDS" in line["Căn cứ pháp lý"]
    date_cell = next(c for c in next(r for r in overdue.iter_rows() if r[0].value == 1) if c.column == 9)
    assert date_cell.number_format == "DD/MM/YYYY"
    backlog = book["Tồn đọng (còn lại cuối kỳ)"]
    assert len([r for r in backlog.iter_rows(values_only=True) if isinstance(r[0], int)]) == 3


def test_xlsx_from_the_page(cast: dict[str, Any], users: dict[str, Any]) -> None:
    response = _client(users["prosecutor"]).get(reverse("reports:quarterly_export"), Q4)
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="ra-soat-2026-Q4.xlsx"'
    _check_workbook(_book(response.content), cast)
    run = ReportRun.objects.get()
    assert (run.period_code, run.scope, run.requested_by) == ("2026-Q4", "province", users["prosecutor"])
    assert len(run.digest) == 64


def test_command_line_writes_the_same_workbook(cast: dict[str, Any], tmp_path: Path, orgs: dict[str, Any],
                                               capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "q4.xlsx"
    call_command("report", "quarterly", "--period", "2026-Q4", "--format", "xlsx", "-o", str(out))
    _check_workbook(openpyxl.load_workbook(out), cast)
    assert "Quý IV/2026" in capsys.readouterr().out
    run = ReportRun.objects.get()
    assert run.requested_by is None and run.params["format"] == "xlsx"
    # One body, as of an instant before any case existed: nothing to count.
    scoped = tmp_path / "b.xlsx"
    call_command("report", "quarterly", "--period", "2026-Q4", "--scope", orgs["court_b"].code,
                 "-o", str(scoped))
    rows = _rows_by_code(openpyxl.load_workbook(scoped)["Tổng hợp"])
    assert rows[2][3].value == 1 and rows[1][3].value == 0
    assert openpyxl.load_workbook(scoped)["Tổng hợp"]["A3"].value == f"Phạm vi: {orgs['court_b'].name}"
    empty = tmp_path / "e.xlsx"
    call_command("report", "quarterly", "--period", "2026-Q4", "--as-of", "2020-01-01T00:00", "-o", str(empty))
    assert _rows_by_code(openpyxl.load_workbook(empty)["Tổng hợp"])[1][3].value == 0


def test_command_line_refuses_bad_arguments(tmp_path: Path, db: Any) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("report", "quarterly", "--period", "2026-Q7", "-o", str(tmp_path / "x.xlsx"))
    with pytest.raises(CommandError):
        call_command("report", "quarterly", "--period", "2026-Q4", "--scope", "NO-SUCH", "-o",
                     str(tmp_path / "x.xlsx"))


def test_stored_runs_are_listed_and_regenerated(cast: dict[str, Any], users: dict[str, Any]) -> None:
    client = _client(users["prosecutor"])
    client.get(reverse("reports:quarterly_export"), Q4)
    run = ReportRun.objects.get()
    listing = client.get(reverse("reports:runs")).content.decode()
    assert "Quý IV/2026" in listing and "Toàn tỉnh (các vụ việc bạn được xem)" in listing
    detail = client.get(reverse("reports:run_detail", args=[run.pk])).content.decode()
    assert "cùng dữ liệu đầu vào và cùng số liệu" in detail
    # Someone else's run is not theirs to open.
    assert _client(users["officer_a"]).get(reverse("reports:run_detail", args=[run.pk])).status_code == 404


def test_docx_draft_in_the_state_layout(cast: dict[str, Any], users: dict[str, Any], tmp_path: Path) -> None:
    import docx

    services_comment = ReviewComment.objects.create(
        case=cast["old_overdue"], period_code="2026-Q4", kind="recommendation",
        text="Kiến nghị khắc phục vi phạm thời hạn chuẩn bị xét xử",
        organisation=users["prosecutor"].organisation, author=users["prosecutor"])
    response = _client(users["prosecutor"]).get(reverse("reports:quarterly_docx"), Q4)
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    header = document.tables[0].rows[0].cells
    assert "VIỆN KIỂM SÁT NHÂN DÂN TỈNH GIA LAI" in header[0].text and "Số:" in header[0].text
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in header[1].text
    assert "Độc lập - Tự do - Hạnh phúc" in header[1].text and "Gia Lai, ngày" in header[1].text
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text and "Quý IV/2026" in text and "từ ngày 01/09/2026 đến ngày 30/11/2026" in text
    totals = document.tables[1]
    by_code = {row.cells[1].text: [c.text for c in row.cells] for row in totals.rows[1:]}
    assert by_code["3"][3] == "4" and by_code["5"][3] == "3"  # civil column: d3 = 4, d5 = 3
    overdue = document.tables[2]
    assert "01/2026/TLST-DS" in overdue.rows[1].cells[1].text
    assert "quá 151 ngày" in overdue.rows[1].cells[4].text
    assert services_comment.text in overdue.rows[1].cells[5].text
    signer = document.tables[-1].rows[0].cells
    assert "Nơi nhận:" in signer[0].text and "VIỆN TRƯỞNG" in signer[1].text
    assert ReportRun.objects.get().params["format"] == "docx"
    out = tmp_path / "q4.docx"
    call_command("report", "quarterly", "--period", "2026-Q4", "--format", "docx", "-o", str(out))
    assert "VIỆN KIỂM SÁT NHÂN DÂN TỈNH GIA LAI" in docx.Document(str(out)).tables[0].rows[0].cells[0].text


def test_admin_lists_comments_and_runs_read_only(cast: dict[str, Any], users: dict[str, Any],
                                                django_user_model: Any) -> None:
    _client(users["prosecutor"]).get(reverse("reports:quarterly_export"), Q4)
    client = _client(django_user_model.objects.create_superuser("root", password="matkhau-an-toan-1"))
    for name in ("reports_reviewcomment", "reports_reportrun"):
        assert client.get(reverse(f"admin:{name}_changelist")).status_code == 200
        assert client.get(reverse(f"admin:{name}_add")).status_code == 403


def test_any_period_by_its_code(cast: dict[str, Any], users: dict[str, Any]) -> None:
    client = _client(users["prosecutor"])
    html = client.get(URL, {"period": "2026-09-01..2026-11-30"}).content.decode()
    assert "Từ ngày 01/09/2026 đến ngày 30/11/2026" in html
    assert re.search(r'row=remaining&amp;procedure=civil#list">3</a>', html)
    older = client.get(URL, {"period": "2024-Q1"}).content.decode()
    assert "Quý I/2024" in older and "01/12/2023" in older
