"""End to end in headless Chromium (Debian's, never a downloaded one): log in, import a
sample file, find a case by searching without diacritics; no request leaves the machine."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from congminh.apps.cases.models import Case

# Playwright's sync API runs an event loop in this thread; the ORM calls of the fixtures
# are still synchronous and safe here.
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
    # Skipped on a developer machine without Chromium; in CI (CI=true) it must run.
    pytest.mark.skipif(
        not Path(CHROMIUM).exists() and os.environ.get("CI") != "true",
        reason="Chromium is not installed",
    ),
]


@pytest.fixture
def browser_page(live_server: Any) -> Iterator[tuple[Any, list[str]]]:
    """A page whose every request is recorded; requests to other hosts are blocked."""
    requests: list[str] = []
    host = urlsplit(live_server.url).netloc

    def guard(route: Any) -> None:
        requests.append(route.request.url)
        if urlsplit(route.request.url).netloc == host:
            route.continue_()
        else:
            route.abort()

    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(locale="vi-VN")
        context.route("**/*", guard)
        page = context.new_page()
        page.set_default_timeout(15_000)
        try:
            yield page, requests
        finally:
            context.close()
            browser.close()
    assert requests, "the browser made no request at all"
    outside = [u for u in requests if urlsplit(u).netloc != host]
    assert outside == [], f"requests left the machine: {outside}"


def log_in(page: Any, base: str, username: str) -> None:
    page.goto(base + reverse("web:login"))
    assert "Đăng nhập" in page.content()
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_url(base + reverse("web:dashboard"))
    assert page.locator("h1").inner_text() == "Tổng quan"


def search(page: Any, base: str, query: str) -> list[str]:
    page.goto(base + reverse("web:case_list"))
    page.fill("#id_q", query)
    page.click("form.filters button[type=submit]")
    page.wait_for_load_state()
    return page.locator("table.cases tbody tr td:first-child a").all_inner_texts()


def test_log_in_and_find_a_case_without_diacritics(
    browser_page: tuple[Any, list[str]], live_server: Any, make_case: Any
) -> None:
    page, _requests = browser_page
    wanted = make_case()  # "... Nguyễn Văn A và Trần Thị Đào", 01/2026/TLST-DS
    make_case(title="Đòi nợ giữa Lê Văn Bình và Phạm Thị Hoa", number="02/2026/TLST-KDTM",
              case_kind="business_labour")
    base = live_server.url
    log_in(page, base, "officer_a")
    assert search(page, base, "tran thi dao") == [wanted.title]
    assert search(page, base, "01-2026-tlst-ds") == [wanted.title]
    page.click("table.cases tbody tr td:first-child a")
    page.wait_for_url(f"{base}/cases/{wanted.pk}/")
    assert "02/03/2026" in page.content()
    # The stylesheet is served by the app itself.
    assert page.evaluate("getComputedStyle(document.querySelector('.topbar')).display") == "flex"


def test_import_a_sample_then_find_its_case(
    request: pytest.FixtureRequest, live_server: Any, users: dict[str, Any],
    orgs: dict[str, Any], tmp_path: Path,
) -> None:
    from congminh.apps.imports.samples import write_sample

    page, _requests = request.getfixturevalue("browser_page")
    sample = tmp_path / "mau-nhap.xlsx"
    write_sample(sample, orgs["court_a"].code)
    base = live_server.url
    log_in(page, base, "officer_a")
    page.goto(base + reverse("imports:upload"))
    page.set_input_files("input[type=file]", str(sample))
    page.locator("form:has(input[type=file]) [type=submit]").first.click()
    page.wait_for_load_state()
    # The batch page polls while the import runs and reloads itself once it is over:
    # wait for that reload (no progress box, no failure), or it could cut into the next
    # navigation of this test.
    page.wait_for_selector("#import-status")
    page.wait_for_selector("#import-progress", state="detached", timeout=120_000)
    assert page.locator("#import-failed").count() == 0, page.locator("main").inner_text()
    imported = _first_case_of(orgs["court_a"])
    assert imported is not None, "the import created no case"
    words = imported.search_text.split()[:3]  # folded: no diacritics
    assert imported.title in search(page, base, " ".join(words))


def _first_case_of(holder: Any, attempts: int = 60) -> Case | None:
    """The first case the import created; an import may finish after the page answers."""
    for _attempt in range(attempts):
        case = Case.objects.filter(holder=holder).order_by("id").first()
        if case is not None:
            return case
        time.sleep(0.5)
    return None


def test_the_event_form_shows_the_details_of_the_chosen_type_only(
    browser_page: tuple[Any, list[str]], live_server: Any, make_case: Any
) -> None:
    """Each detail field shows for the types that take it (the page's script reads the list
    of such fields from the form, `EventForm.toggled_fields`); person and ref always show."""
    page, _requests = browser_page
    case = make_case()
    base = live_server.url
    log_in(page, base, "officer_a")
    page.goto(f"{base}/cases/{case.pk}/")

    def shown() -> set[str]:
        names = ("months", "court", "simplified_procedure", "foreign_element", "person", "ref")
        return {n for n in names if page.locator(f"#event-form .field-{n}").is_visible()}

    page.select_option("#id_type", "appeal_received")
    assert shown() == {"court", "simplified_procedure", "foreign_element", "person", "ref"}
    page.select_option("#id_type", "brought_to_trial")
    assert shown() == {"person", "ref"}
    page.select_option("#id_type", "preparation_extended")
    assert shown() == {"months", "person", "ref"}
    page.select_option("#id_type", "accepted")
    assert shown() == {"simplified_procedure", "person", "ref"}
    # A criminal appeal has the simplified procedure (BLTTHS Đ.456 k2), no foreign element.
    criminal = make_case(procedure="criminal", category="less_serious", number="02/2026/HS",
                         title="Trộm cắp tài sản")
    page.goto(f"{base}/cases/{criminal.pk}/")
    page.select_option("#id_type", "appeal_received")
    assert shown() == {"court", "simplified_procedure", "person", "ref"}
