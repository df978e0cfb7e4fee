"""End to end in headless Chromium: the People's Council issues a recommendation from its
plan page; the court addressed finds it on its list and records its response, which closes
it; the Internal Affairs Committee sees it closed. Nothing is loaded from the internet."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

import playwright.sync_api as playwright_api  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists() and os.environ.get("CI") != "true",
                       reason="Chromium is not installed"),
]


def _log_in(page: Any, base: str, username: str) -> None:
    page.goto(base + reverse("web:login"))
    page.fill("#id_username", username)
    page.fill("#id_password", "matkhau-an-toan-1")
    page.click("button[type=submit]")
    page.wait_for_url(base + reverse("web:dashboard"))


@contextmanager
def browser_page(live_server: Any) -> Iterator[tuple[Any, Any, str]]:
    """(context, page, base URL) in headless Chromium, every request to another host
    refused and, at the end, none made."""
    base, host = live_server.url, urlsplit(live_server.url).netloc
    outside: list[str] = []

    def guard(route: Any) -> None:
        if urlsplit(route.request.url).netloc == host:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        try:
            context = browser.new_context(locale="vi-VN")
            context.route("**/*", guard)
            page = context.new_page()
            page.set_default_timeout(15_000)
            yield context, page, base
            context.close()
        finally:
            browser.close()
    assert outside == []


def test_issue_respond_close(live_server: Any, cast: dict[str, Any], plans: dict[str, Any],
                             sup_orgs: dict[str, Any]) -> None:
    today = dt.date.today().strftime("%d/%m/%Y")
    with browser_page(live_server) as (context, page, base):
        _log_in(page, base, cast["hdnd"].username)
        page.goto(base + reverse("supervision:plan", args=[plans["hd"].pk]))
        page.click("text=Ban hành kiến nghị")
        page.select_option("#id_r-addressee", str(sup_orgs["court_a"].pk))
        page.fill("#id_r-content", "Công khai lịch xét xử các vụ án dư luận quan tâm")
        page.fill("#id_r-issued_on", today)
        page.click("text=Lưu kiến nghị")
        assert "Đã ghi kiến nghị." in page.content()
        assert "Công khai lịch xét xử" in page.content()
        context.clear_cookies()

        _log_in(page, base, cast["addressee"].username)
        page.goto(base + reverse("supervision:recommendations"))
        page.click("text=Công khai lịch xét xử các vụ án dư luận quan tâm")
        page.fill("#id_a-text", "Đã đăng lịch xét xử trên cổng thông tin của Tòa án")
        page.check("#id_a-done")
        page.click("text=Lưu trả lời")
        assert "Hoàn thành đúng hạn" in page.content()
        context.clear_cookies()

        _log_in(page, base, cast["noichinh"].username)
        page.goto(base + reverse("supervision:recommendations") + "?status=done_on_time")
        assert "Công khai lịch xét xử" in page.content()
