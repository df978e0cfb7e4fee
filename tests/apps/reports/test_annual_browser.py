"""The Internal Affairs Committee's annual report in headless Chromium: its supervisor opens
the page from the quarterly review, asks for 2026 as of 10/01/2027 10:00, reads the
tasks and clocks, downloads the DOCX (python-docx reads it) and the PDF (poppler renders
page 1 and reads the Vietnamese title back)."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from docx import Document

from congminh.apps.reports.models import ReportRun

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path("/usr/bin/chromium").exists() and os.environ.get("CI") != "true",
                       reason="Chromium is not installed"),
    pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils is not installed"),
]


def test_internal_affairs_generates_the_annual_report(
        page: Any, sign_in: Any, province: dict[str, Any], users: dict[str, Any],
        tmp_path: Path) -> None:
    base = sign_in("supervisor")

    page.goto(base + reverse("reports:quarterly"))
    page.click("a[href='/reports/annual/']")
    page.select_option("#id_year", "2026")
    page.fill("#id_as_of", "10/01/2027 10:00")
    page.click("form.review-params button[type=submit]")
    page.wait_for_load_state()
    assert "Năm 2026" in page.locator("section.review-meta h2").inner_text()
    # The police's task is overdue; its number links to the task list.
    police = page.locator("tr", has_text="Cơ quan Cảnh sát điều tra Công an tỉnh Gia Lai").first
    assert police.locator("td").nth(1).inner_text() == "1"
    assert page.locator("h3#tasks").inner_text() == "2 nhiệm vụ chậm, quá hạn"

    with page.expect_download() as download:
        page.click("a[href*='annual/report.docx']")
    docx_path = tmp_path / download.value.suggested_filename
    download.value.save_as(docx_path)
    assert docx_path.name == "bao-cao-nam-2026.docx"
    text = "\n".join(p.text for p in Document(io.BytesIO(docx_path.read_bytes())).paragraphs)
    assert "Kết quả thực hiện Chỉ thị của Ban Thường vụ Tỉnh ủy" in text

    with page.expect_download() as download:
        page.click("a[href*='annual/report.pdf']")
    pdf_path = tmp_path / download.value.suggested_filename
    download.value.save_as(pdf_path)
    subprocess.run(["pdftoppm", "-png", "-r", "50", "-f", "1", "-l", "1", str(pdf_path),
                    str(tmp_path / "page")], check=True)
    assert list(tmp_path.glob("page*.png"))
    read = subprocess.run(["pdftotext", str(pdf_path), "-"], check=True, capture_output=True)
    assert "BÁO CÁO" in read.stdout.decode("utf-8")
    assert ReportRun.objects.filter(kind="annual", requested_by=users["supervisor"]).count() == 2


def test_the_page_shows_the_oversight_workflows_as_of_the_instant(
        page: Any, sign_in: Any, province: dict[str, Any], oversight: dict[str, Any],
        tmp_path: Path) -> None:
    """Each workflow's line on the page, as recorded at 10/01/2027 10:00 (`conftest.oversight`:
    one of each, all overdue), its number linking to the app's list."""
    base = sign_in("supervisor")
    page.goto(base + reverse("reports:annual"))
    page.select_option("#id_year", "2026")
    page.fill("#id_as_of", "10/01/2027 10:00")
    page.click("form.review-params button[type=submit]")
    page.wait_for_load_state()
    page.screenshot(path=str(tmp_path / "annual.png"), full_page=True)
    for label, url in (("Yêu cầu trưng cầu giám định", "/expertise/"),
                       ("Yêu cầu cung cấp chứng cứ", "/evidence/"),
                       ("Khiếu nại, tố cáo", "/complaints/")):
        line = page.locator("li", has_text=label).first
        assert line.locator("a").nth(0).inner_text() == "1", label
        assert line.locator("a").nth(1).inner_text() == "1", label  # overdue
        assert line.locator("a").nth(0).get_attribute("href", timeout=1000).startswith(url), label
