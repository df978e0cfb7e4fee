"""End to end in headless Chromium: the court records who attended a dialogue (refused
without the vice-chair's authorisation, then accepted), and the Internal Affairs
Committee reads the absence rate and follows the number to the summons."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from congminh.apps.attendance import services
from congminh.apps.attendance.models import Attendance

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import playwright.sync_api as playwright_api  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
PASSWORD = "matkhau-an-toan-1"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists() and os.environ.get("CI") != "true",
                       reason="Chromium is not installed"),
]


def log_in(page: Any, base: str, username: str) -> None:
    page.goto(base + reverse("web:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + reverse("web:dashboard"))


def test_court_records_and_supervisor_reads(live_server: Any, cast: dict[str, Any], admin_case: Any,
                                            committees: dict[str, Any]) -> None:
    summons = services.summons_create(actor=None, case=admin_case, kind="dialogue",
                                      date=dt.date(2026, 4, 15), committee=committees["sued"],
                                      opinion_due=dt.date(2026, 3, 20))
    base = live_server.url
    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        try:
            page = browser.new_context(locale="vi-VN").new_page()
            page.set_default_timeout(15_000)
            log_in(page, base, "officer_a")
            page.goto(base + reverse("attendance:detail", args=[summons.pk]))
            page.check("input[name=presence][value=vice_chair]")
            page.click("form.card-form button[type=submit]")
            assert "hãy ghi số văn bản" in page.content()
            assert not Attendance.objects.exists()
            page.check("input[name=presence][value=vice_chair]")
            page.fill("#id_authorisation_number", "12/GUQ-UBND")
            page.fill("#id_authorisation_date", "10/04/2026")
            page.fill("#id_opinion_filed_on", "25/03/2026")
            page.click("form.card-form button[type=submit]")
            assert "Đã ghi nhận kết quả tham dự." in page.content()
            assert "Gửi quá hạn" in page.content()  # received 25/03, due 20/03
            record = Attendance.objects.get()
            assert (record.presence, record.authorisation_number) == ("vice_chair", "12/GUQ-UBND")

            page = browser.new_context(locale="vi-VN").new_page()
            log_in(page, base, "supervisor")
            page.goto(base + reverse("attendance:rates"))
            row = page.locator("table.rates tbody tr").filter(has_text="Ủy ban nhân dân xã Bình An").first
            assert "0,0 %" in row.inner_text()
            row.locator("a").first.click()  # the number of sessions held
            page.wait_for_url(f"{base}/attendance/?*")
            assert page.locator(f'a[href="/attendance/{summons.pk}/"]').count() == 1
            page.click(f'a[href="/attendance/{summons.pk}/"]')
            page.wait_for_url(base + reverse("attendance:detail", args=[summons.pk]))
            assert page.locator("form.card-form").count() == 0
            # the summons page has the attendance sub-menu: back to the rates from it
            page.locator("nav.subnav").get_by_text("Tỷ lệ vắng mặt").click()
            page.wait_for_url(base + reverse("attendance:rates"))
        finally:
            browser.close()
