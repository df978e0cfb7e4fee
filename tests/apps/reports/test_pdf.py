"""PDF of the quarterly review and of the annual report (issue #11, parts 2 and 3): page 1
renders with poppler's `pdftoppm`, and `pdftotext` reads the Vietnamese title back (the
embedded DejaVu font covers Vietnamese)."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.core.management import call_command
from PIL import Image

pytestmark = pytest.mark.skipif(shutil.which("pdftoppm") is None or shutil.which("pdftotext") is None,
                                reason="poppler-utils is not installed")

AS_OF = dt.datetime(2027, 1, 10, 10, 0, tzinfo=dt.timezone(dt.timedelta(hours=7)))


def _text(pdf: Path) -> str:
    out = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True)
    return " ".join(out.stdout.decode("utf-8").split())


def _first_page(pdf: Path, tmp_path: Path) -> Image.Image:
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", str(pdf),
                    str(tmp_path / "page")], check=True)
    [png] = sorted(tmp_path.glob("page*.png"))
    image = Image.open(png)
    image.load()
    return image


def _ink(image: Image.Image) -> int:
    """Dark pixels on the page: something was drawn."""
    grey = image.convert("L")
    return sum(grey.histogram()[:128])


def test_quarterly_review_pdf(cast: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "ra-soat.pdf"
    call_command("report", "quarterly", "--period", "2026-Q4", "--format", "pdf", "-o", str(out),
                 stdout=io.StringIO())
    assert out.read_bytes().startswith(b"%PDF")
    text = _text(out)
    assert "BÁO CÁO" in text and "Quý IV/2026" in text
    assert "Kết quả rà soát các vụ, việc hình sự, dân sự, hành chính và thi hành án quá hạn" in text
    # The overdue list's row (a table: pdftotext reads its cells in its own order).
    assert "Tranh chấp quyền sử dụng đất giữa Nguyễn Văn A" in text and "(01/2026/TLST-DS)" in text
    assert "hạn 02/07/2026, quá 151 ngày" in text
    page = _first_page(out, tmp_path)
    assert page.size[0] < page.size[1] and _ink(page) > 2000  # A4 portrait, text drawn


def test_annual_report_pdf(province: dict[str, Any], tmp_path: Path) -> None:
    out = tmp_path / "bao-cao-nam.pdf"
    with time_machine.travel(AS_OF, tick=False):
        call_command("report", "annual", "--year", "2026", "--as-of", AS_OF.isoformat(),
                     "--format", "pdf", "-o", str(out), stdout=io.StringIO())
    text = _text(out)
    assert "ĐẢNG CỘNG SẢN VIỆT NAM" in text and "BAN NỘI CHÍNH" in text
    assert "Kết quả thực hiện Chỉ thị của Ban Thường vụ Tỉnh ủy" in text
    assert "Gia Lai, ngày 10 tháng 01 năm 2027" in text
    assert "Chưa hoàn thành, quá hạn 184 ngày" in text  # a table cell
    assert "T/M BAN NỘI CHÍNH" in text
    page = _first_page(out, tmp_path)
    assert page.size[0] < page.size[1] and _ink(page) > 2000


def test_quarterly_review_pdf_from_the_page(cast: dict[str, Any], users: dict[str, Any],
                                            tmp_path: Path) -> None:
    from django.test import Client

    from congminh.apps.reports.models import ReportRun

    client = Client()
    client.force_login(users["prosecutor"])
    query = {"calendar": "procuracy", "period": "2026-Q4"}
    assert "/reports/quarterly/report.pdf?" in client.get("/reports/quarterly/", query).content.decode()
    response = client.get("/reports/quarterly/report.pdf", query)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="bao-cao-ra-soat-2026-Q4.pdf"'
    out = tmp_path / "q.pdf"
    out.write_bytes(response.content)
    assert "Quý IV/2026" in _text(out)
    assert ReportRun.objects.get(kind="quarterly").params["format"] == "pdf"
