"""The Procuracy's quarterly review in headless Chromium (Debian's): choose Quý IV/2026,
read the totals, add a comment, download the XLSX; no request leaves the machine."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from django.urls import reverse

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


CHROMIUM = "/usr/bin/chromium"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists() and os.environ.get("CI") != "true",
                       reason="Chromium is not installed"),
]


def test_prosecutor_reviews_the_quarter(page: Any, sign_in: Any, cast: dict[str, Any],
                                        users: dict[str, Any], tmp_path: Path) -> None:
    base = sign_in("prosecutor")

    # The period asked for by its code stays offered, whatever today's date.
    page.goto(base + reverse("reports:quarterly") + "?calendar=procuracy&period=2026-Q4")
    page.select_option("#id_calendar", "procuracy")
    page.select_option("#id_period", "2026-Q4")
    page.click("form.review-params button[type=submit]")
    page.wait_for_load_state()
    assert "Quý IV/2026" in page.locator("section.review-meta h2").inner_text()
    # d5 (remaining) in the civil column: 3, a link to its list.
    remaining = page.locator("table.form tbody tr").nth(4)
    assert remaining.locator("td").nth(2).inner_text() == "3"
    remaining.locator("td").nth(2).locator("a").click()
    page.wait_for_load_state()
    assert sorted(page.locator("table.review-list ul.numbers li").all_inner_texts()) == [
        "01/2026/TLST-DS", "02/2026/TLST-DS", "05/2026/TLST-DS"]

    row = page.locator("table.review-list tbody tr", has_text="01/2026/TLST-DS")
    row.locator("select[name=kind]").select_option("recommendation")
    row.locator("textarea[name=text]").fill("Kiến nghị Tòa án khu vực 1 đưa vụ án ra xét xử")
    row.locator("form.comment-form button[type=submit]").click()
    page.wait_for_load_state()
    assert "Đã lưu ý kiến" in page.locator("ul.messages").inner_text()
    assert "Kiến nghị Tòa án khu vực 1 đưa vụ án ra xét xử" in page.content()

    with page.expect_download() as download:
        page.click("a[href*='export.xlsx']")
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    book = openpyxl.load_workbook(path)
    comments = [r[-1] for r in book["Quá hạn"].iter_rows(values_only=True) if isinstance(r[0], int)]
    assert comments == ["Kiến nghị: Kiến nghị Tòa án khu vực 1 đưa vụ án ra xét xử"]
