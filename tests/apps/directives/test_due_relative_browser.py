"""The clerk of the Party Office (Văn phòng Tỉnh ủy, who registers directives) sees a
deadline counted from an event on the review screen in headless Chromium, and counts it
from the document's date with one tick. Screenshot: $CONGMINH_SCREENSHOTS/review-due-relative.png."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse
from test_due_relative import PLAN

from congminh.apps.directives import services

CHROMIUM = "/usr/bin/chromium"
SHOTS = Path(os.environ.get("CONGMINH_SCREENSHOTS", "/tmp"))

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists() and os.environ.get("CI") != "true",
                       reason="Chromium is not installed"),
]


def test_clerk_sees_and_accepts_a_relative_deadline(
    page: Any, live_server: Any, log_in: Any, clerk: Any, registry: dict[str, Any],
) -> None:
    doc = services.incoming_register(actor=clerk, received_on=dt.date(2026, 11, 26), parsed=PLAN)
    log_in(page, live_server.url, clerk.username)
    page.goto(live_server.url + reverse("directives:review", args=[doc.pk]))
    first = page.locator(".task-row").first
    relative = first.locator(".due-relative")
    assert " ".join(relative.inner_text().split()) == (
        "văn bản quy định: «trong 30 ngày kể từ ngày nhận được văn bản» "
        "tính từ ngày của văn bản (20/11/2026)")
    assert relative.is_visible()
    page.screenshot(path=str(SHOTS / "review-due-relative.png"), full_page=True)
    first.locator("input[name$=due_relative_accept]").check()
    page.locator("button[name=action][value=save]").click()
    page.wait_for_load_state()
    # 20/11/2026 + 30 days = 20/12/2026
    assert page.locator(".task-row").first.locator("input[name$='-due']").input_value() == "20/12/2026"
