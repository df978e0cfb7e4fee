"""Shared fixtures: a small named cast (two courts, a procuracy, the Internal Affairs
Committee; an officer at each court, a viewer, a provincial supervisor, an admin), as
the style guide prefers to random data for permission tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any
from urllib.parse import urlsplit

import pytest


@pytest.fixture(autouse=True)
def _own_review_snapshots(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory,
                          monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test writes the review's snapshot files in a directory of its own (created when
    first written). Shared, a file one test left (the SQLite run's, or a later test's of an
    empty database: every version None, so its fingerprint matched any test's empty start)
    was loaded by another test and made its figures come from an update, not the file."""
    from django.conf import settings

    name = f"snapshots-{abs(hash(request.node.nodeid)):x}"
    monkeypatch.setattr(settings, "REVIEW_SNAPSHOT_DIR", tmp_path_factory.getbasetemp() / name)


@pytest.fixture
def orgs(db: Any) -> dict[str, Any]:
    from congminh.apps.organisations.models import Organisation

    def make(code: str, name: str, kind: str, level: str = "region", province: str = "52") -> Any:
        return Organisation.objects.create(
            code=code, name=name, kind=kind, level=level, province_code=province,
            valid_from=dt.date(2025, 7, 1),
        )

    return {
        "court_a": make("TAND-KV1", "Tòa án nhân dân khu vực 1 - Gia Lai", "court"),
        "court_b": make("TAND-KV2", "Tòa án nhân dân khu vực 2 - Gia Lai", "court"),
        "procuracy": make("VKS-TINH", "Viện kiểm sát nhân dân tỉnh Gia Lai", "procuracy", "province"),
        "police": make("CA-TINH", "Cơ quan Cảnh sát điều tra Công an tỉnh Gia Lai", "investigation_agency", "province"),
        "internal_affairs": make("BNC-TU", "Ban Nội chính Tỉnh ủy Gia Lai", "internal_affairs", "province"),
        "other_province": make("TAND-DN", "Tòa án nhân dân thành phố Đà Nẵng", "court", "province", "48"),
    }


@pytest.fixture
def users(orgs: dict[str, Any]) -> dict[str, Any]:
    from congminh.apps.accounts.models import User

    def make(username: str, org: Any, role: str) -> Any:
        return User.objects.create_user(
            username=username, password="matkhau-an-toan-1", organisation=org, role=role
        )

    return {
        "officer_a": make("officer_a", orgs["court_a"], "officer"),
        "officer_b": make("officer_b", orgs["court_b"], "officer"),
        "viewer_a": make("viewer_a", orgs["court_a"], "viewer"),
        "prosecutor": make("prosecutor", orgs["procuracy"], "officer"),
        "investigator": make("investigator", orgs["police"], "officer"),
        "supervisor": make("supervisor", orgs["internal_affairs"], "supervisor"),
        "outsider_supervisor": make("outsider_supervisor", orgs["other_province"], "supervisor"),
        "admin": make("admin", orgs["internal_affairs"], "admin"),
    }


@pytest.fixture
def make_case(users: dict[str, Any], orgs: dict[str, Any]) -> Callable[..., Any]:
    """Create a case through the services, as an officer of its holding body would."""
    from congminh.apps.cases import services

    def make(
        holder: str = "court_a",
        title: str = "Tranh chấp quyền sử dụng đất giữa Nguyễn Văn A và Trần Thị Đào",
        procedure: str = "civil",
        number: str = "01/2026/TLST-DS",
        events: list[tuple[str, dt.date, dict[str, Any]]] | None = None,
        **fields: Any,
    ) -> Any:
        actor = users["admin"]
        if procedure == "civil":
            fields.setdefault("case_kind", "civil_family")
        case = services.case_create(
            actor=actor, procedure=procedure, title=title, holder=orgs[holder],
            agency_number=number, **fields,
        )
        for type_, date, data in events or [("accepted", dt.date(2026, 3, 2), {})]:
            services.case_event_append(actor=actor, case=case, type=type_, date=date, data=data)
        return case

    return make


# --- Chromium, for the end-to-end tests of the workflow apps --------------------------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def page(live_server: Any, monkeypatch: pytest.MonkeyPatch) -> Iterator[Any]:
    """A headless Chromium page that reaches only the live server (anything else is
    aborted, so a page loading from the internet fails its test)."""
    # Playwright runs an event loop in this thread; the ORM calls the test makes meanwhile
    # are synchronous and safe. Only for this test (a subprocess must not inherit it).
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    import playwright.sync_api as playwright_api

    host = urlsplit(live_server.url).netloc

    def guard(route: Any) -> None:
        if urlsplit(route.request.url).netloc == host:
            route.continue_()
        else:
            route.abort()

    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(locale="vi-VN")
        context.route("**/*", guard)
        p = context.new_page()
        p.set_default_timeout(15_000)
        try:
            yield p
        finally:
            context.close()
            browser.close()


@pytest.fixture
def log_in() -> Callable[..., None]:
    """`log_in(page, base, username, lands="web:dashboard")`: sign in through the login
    form (the cast's password) and wait for the page the user lands on."""
    from django.urls import reverse

    def sign_in(page: Any, base: str, username: str, lands: str = "web:dashboard") -> None:
        page.context.clear_cookies()
        page.goto(base + reverse("web:login"))
        page.fill("#id_username", username)
        page.fill("#id_password", "matkhau-an-toan-1")
        page.click("button[type=submit]")
        page.wait_for_url(base + reverse(lands))

    return sign_in


@pytest.fixture(autouse=True)
def _empty_cache() -> Iterator[None]:
    """Each test starts with an empty cache: keys built from primary keys (the reports'
    data version) would otherwise find a rolled-back test's entries."""
    from django.core.cache import cache

    cache.clear()
    yield
