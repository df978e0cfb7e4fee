"""In headless Chromium: the People's Council's supervisor opens the recommendations,
follows «Nhập sổ theo dõi kiến nghị», uploads its register, reads the result (a bad row
named by row and column, the error workbook offered) and finds the imported
recommendations listed with their statuses. Nothing is loaded from the internet."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from supervision.test_browser import CHROMIUM, _log_in, browser_page  # the same browser set-up
from supervision.test_recommendation_import import KN1, KN2, book

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists() and os.environ.get("CI") != "true",
                       reason="Chromium is not installed"),
]


def test_the_council_uploads_its_register(live_server: Any, cast: dict[str, Any], plans: dict[str, Any],
                                          tmp_path: Path) -> None:
    register = tmp_path / "so-kien-nghi.xlsx"
    register.write_bytes(book(KN1, KN2, ["Kế hoạch không có", *KN1[1:]]))
    shots = os.environ.get("CONGMINH_SCREENSHOTS", "")  # a folder: look at the pages
    with browser_page(live_server) as (_context, page, base):
        _log_in(page, base, cast["hdnd"].username)
        page.goto(base + reverse("supervision:recommendations"))
        page.click("text=Nhập sổ theo dõi kiến nghị")
        page.wait_for_url(base + reverse("supervision:import"))
        assert "Tải mẫu XLSX" in page.content()
        page.set_input_files("#id_file", str(register))
        page.click("text=Nhập tệp")
        page.wait_for_selector(".import-result")
        text = page.inner_text(".import-result")
        assert "Thêm mới 2, cập nhật 0, không đổi 0, từ chối 1 dòng." in text
        assert "Dòng 4, cột «Kế hoạch giám sát (số hoặc chủ đề)»" in text
        assert page.locator("text=Tải các dòng bị từ chối").count() == 1
        if shots:
            page.screenshot(path=os.path.join(shots, "import.png"), full_page=True)
        page.goto(base + reverse("supervision:recommendations"))
        listed = page.content()
        assert "KN-01: Tổ chức rút kinh nghiệm các bản án bị hủy" in listed
        assert "KN-02: Kiểm sát chặt việc trả hồ sơ" in listed
        assert "Hoàn thành quá hạn" in listed
        if shots:
            page.screenshot(path=os.path.join(shots, "list.png"), full_page=True)
