"""In headless Chromium at a phone's width (390 px): the main lists and a case page are no
wider than the window (issue #10, used on phones by commune officers). A wide table scrolls
inside its own box (`.table-scroll`) and a filter with long choices narrows to the page; at
1280 px nothing scrolls either."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path("/usr/bin/chromium").exists() and os.environ.get("CI") != "true",
                       reason="Chromium is not installed"),
]

LISTS = ["/cases/", "/attendance/", "/expertise/", "/evidence/", "/complaints/", "/directives/tasks/"]

# The page's width, and what sticks out past the window outside a scrolling box (to say why).
MEASURE = """() => { const w = document.documentElement.clientWidth; const out = [];
  for (const e of document.querySelectorAll('body *')) {
    if (e.closest('.table-scroll')) continue;
    const r = e.getBoundingClientRect();
    if (r.width > 0 && r.right > w + 1) out.push(e.tagName.toLowerCase() + '.' + e.className);
  }
  return [document.documentElement.scrollWidth, out.slice(0, 5)]; }"""


@pytest.fixture
def long_case(make_case: Any, users: dict[str, Any]) -> Any:
    """An administrative case with a party, a summons of its sued commune and a few edits
    (so its audit trail has rows with long old and new values)."""
    from congminh.apps.attendance import services as attendance
    from congminh.apps.cases import services
    from congminh.apps.organisations.models import Organisation

    committee = Organisation.objects.create(
        code="UBND-X1", name="Ủy ban nhân dân xã Bình An", kind="peoples_committee",
        level="commune", province_code="52", valid_from=dt.date(2025, 7, 1))
    case = make_case(procedure="administrative", case_kind="ordinary",
                     title="Khiếu kiện quyết định thu hồi đất - Lê Văn C kiện Ủy ban nhân dân xã Bình An",
                     number="01/2026/TLST-HC")
    services.party_add(actor=users["admin"], case=case, name="Lê Văn Cường", role="plaintiff",
                       birth_year=1971, id_number="064071001234",
                       address="Thôn Phú Thọ, xã Bình An, tỉnh Gia Lai")
    services.case_update(actor=users["admin"], case=case,
                         title="Khiếu kiện quyết định hành chính về thu hồi đất và bồi thường, "
                               "hỗ trợ, tái định cư - Lê Văn Cường kiện Ủy ban nhân dân xã Bình An")
    attendance.summons_create(actor=None, case=case, kind="dialogue", date=dt.date(2026, 4, 15),
                              committee=committee)
    return case


@pytest.mark.parametrize("width", [390, 1280])
def test_the_main_pages_fit_the_window(page: Any, live_server: Any, log_in: Any,
                                       long_case: Any, width: int) -> None:
    base = live_server.url
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, base, "supervisor")
    wide = {}
    for path in [*LISTS, reverse("web:case_detail", args=[long_case.pk])]:
        response = page.goto(base + path)
        assert response is not None and response.status == 200, path
        page_width, sticking_out = page.evaluate(MEASURE)
        if page_width > width:
            wide[path] = (page_width, sticking_out)
    assert wide == {}
    # The case page's tables are all there, each in a box that scrolls sideways.
    assert page.locator("#audit table").count() == 1
    for table in page.locator("section.card table").all():
        assert table.evaluate("t => getComputedStyle(t.parentElement).overflowX") == "auto"
