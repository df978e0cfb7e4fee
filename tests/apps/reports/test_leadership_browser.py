"""The leadership view in headless Chromium: the Internal Affairs Committee's official
opens it, reads the deadlines by share of their limit, follows a figure to its list, and
the charts are images drawn by the app (no request leaves the machine)."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.urls import reverse

CHROMIUM = "/usr/bin/chromium"
HCM = dt.timezone(dt.timedelta(hours=7))

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists() and os.environ.get("CI") != "true",
                       reason="Chromium is not installed"),
]


def test_leader_follows_a_figure_to_its_list(page: Any, sign_in: Any, cast: dict[str, Any],
                                             tmp_path: Path) -> None:
    from congminh.apps.obligations.services import case_clocks_refresh

    with time_machine.travel(dt.datetime(2026, 11, 30, 9, 0, tzinfo=HCM), tick=False):
        case_clocks_refresh(case_ids=[c.pk for c in cast.values()])
        base = sign_in("supervisor")
        page.goto(base + reverse("reports:leadership"))
        assert page.locator("h1").inner_text() == "Tổng quan cho lãnh đạo"
        civil = page.locator("#buckets table tbody tr", has_text="Dân sự")
        # over the limit: old_overdue (due 02/7/2026); up to half used: new_open.
        assert civil.locator("td").nth(0).inner_text() == "1"
        assert civil.locator("td").nth(3).inner_text() == "1"
        for chart in page.locator("img.chart").all():
            assert chart.evaluate("img => img.complete && img.naturalWidth > 0")
        page.screenshot(path=str(tmp_path / "leadership.png"), full_page=True)
        civil.locator("td").nth(3).locator("a").click()
        page.wait_for_load_state()
        assert "Quá thời hạn (trên 100%)" in page.locator("h1").inner_text()
        assert page.locator("table.list tbody tr").count() == 1
        assert "02/07/2026" in page.locator("table.list tbody").inner_text()
