"""In headless Chromium: the longest attendance badge («Người khác: không phải người đại
diện hợp pháp (Điều 60 Luật TTHC 2015)») stays inside its card on the summons page, on a
desktop and on a phone's width, and the page does not grow wider than the window (the badge
wraps like text); on the case page its table scrolls inside the card."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from congminh.apps.attendance import services

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path("/usr/bin/chromium").exists() and os.environ.get("CI") != "true",
                       reason="Chromium is not installed"),
]

# The badge's and its card's left and right edges, and the page's width.
MEASURE = """(sel) => { const b = document.querySelector(sel); const c = b.closest('.card');
  const br = b.getBoundingClientRect(), cr = c.getBoundingClientRect();
  return [br.left, br.right, cr.left, cr.right, document.documentElement.scrollWidth]; }"""


@pytest.mark.parametrize("width", [1280, 390])
def test_the_attendance_badge_stays_in_its_card(page: Any, live_server: Any, log_in: Any,
                                                cast: dict[str, Any], admin_case: Any,
                                                committees: dict[str, Any], width: int) -> None:
    summons = services.summons_create(actor=None, case=admin_case, kind="dialogue",
                                      date=dt.date(2026, 4, 15), committee=committees["sued"])
    services.attendance_record(actor=None, summons=summons, presence="other",
                               attendee_name="Công chức địa chính - xây dựng",
                               today=dt.date(2026, 4, 15))
    base = live_server.url
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, base, "supervisor")
    page.goto(base + reverse("attendance:detail", args=[summons.pk]))
    badge = page.locator(".badge.presence-other")
    assert "không phải người đại diện hợp pháp" in badge.inner_text()
    left, right, card_left, card_right, page_width = page.evaluate(MEASURE, ".badge.presence-other")
    assert card_left <= left and right <= card_right
    assert page_width <= width
    # The case page: the section's table scrolls within its card.
    page.goto(base + reverse("web:case_detail", args=[admin_case.pk]))
    section = page.locator("#attendance")
    assert "không phải người đại diện hợp pháp" in section.inner_text()
    scroller = section.locator(".table-scroll")
    assert scroller.evaluate("e => getComputedStyle(e).overflowX") == "auto"
    box, card = scroller.bounding_box(), section.bounding_box()
    assert box is not None and card is not None
    assert box["x"] + box["width"] <= card["x"] + card["width"] + 0.5
