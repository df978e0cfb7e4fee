"""In headless Chromium (Debian's), a provincial prosecutor clicks a number of the
dashboard's table by body and reads the same number of cases on the list behind it, then
sorts that list by days over the limit and keeps the filters."""

from __future__ import annotations

import datetime as dt
import os
import re
from collections.abc import Iterator
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
PASSWORD = "matkhau-an-toan-1"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists() and os.environ.get("CI") != "true",
                       reason="Chromium is not installed"),
]


@pytest.fixture
def page(live_server: Any) -> Iterator[Any]:
    host = urlsplit(live_server.url).netloc

    def guard(route: Any) -> None:  # nothing leaves the machine
        if urlsplit(route.request.url).netloc == host:
            route.continue_()
        else:
            route.abort()

    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS, headless=True)
        context = browser.new_context(locale="vi-VN")
        context.route("**/*", guard)
        tab = context.new_page()
        tab.set_default_timeout(15_000)
        try:
            yield tab
        finally:
            context.close()
            browser.close()


def _count(tab: Any) -> int:
    match = re.match(r"([\d.]+)", tab.locator("p.summary").inner_text())
    assert match is not None
    return int(match.group(1).replace(".", ""))


def test_prosecutor_drills_down_from_the_table_by_body(
    page: Any, live_server: Any, make_case: Any, users: dict[str, Any],
) -> None:
    from congminh.apps.obligations.services import case_clocks_refresh

    today = dt.date.today()
    cases = [
        make_case(holder="police", procedure="criminal", category="serious", title=f"Vụ {i}",
                  number=f"{i}/QĐ-CSĐT", events=[("case_instituted", today - dt.timedelta(days=d), {})])
        for i, d in enumerate((200, 150, 20), start=1)
    ]
    make_case(holder="court_a", number="1/2026/DS")
    case_clocks_refresh(case_ids=[c.pk for c in cases], as_of=today)
    base = live_server.url
    page.goto(base + reverse("web:login"))
    page.fill("#id_username", users["prosecutor"].username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + reverse("web:dashboard"))
    row = page.locator("table.bodies tbody tr", has_text="Cơ quan Cảnh sát điều tra")
    overdue = row.locator("td.n a").nth(1)
    assert overdue.inner_text() == "2"  # 200 and 150 days after institution: past 3 months
    overdue.click()
    page.wait_for_load_state()
    assert _count(page) == 2
    assert "status=overdue" in page.url and "holder=" in page.url
    page.click("th a.sort:has-text('Quá hạn (ngày)')")
    page.wait_for_load_state()
    assert "sort=-days_over" in page.url and "status=overdue" in page.url
    titles = page.locator("table.cases tbody tr td:first-child a").all_inner_texts()
    assert titles == ["Vụ 1", "Vụ 2"]  # the longer overdue first
    days = [int(t) for t in page.locator("span.overdue-days").all_inner_texts()]
    assert days[0] > days[1] > 0
