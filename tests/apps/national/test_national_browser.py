"""End to end in headless Chromium: a user of the Central Internal Affairs Commission
follows a province's name to its bodies, a body's overdue figure to its cases, and sorts
them by days overdue; every label in Vietnamese."""

from __future__ import annotations

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


def test_province_body_cases(page: Any, live_server: Any, log_in: Any, results_dir: Path,
                             national: dict[str, Any]) -> None:
    base = live_server.url
    # A national body lands on the nation's dashboard, not a province's.
    log_in(page, base, national["bnctw"].username, lands="national:dashboard")
    assert page.locator("h1").inner_text() == "Vụ việc của các tỉnh, thành phố"
    page.click("text=Thành phố Hà Nội")
    page.wait_for_url(base + reverse("national:province", args=["01"]))
    # the court's line: all 2, being resolved 2, overdue 1
    page.locator("tr", has_text="TA-01").locator("td.n a").nth(2).click()
    page.wait_for_url("**/national/cases/?province=01&holder=TA-01&measure=overdue")
    assert page.locator("table.cases tbody tr").count() == 1
    assert "01-2" in page.locator("table.cases tbody").inner_text()
    page.goto(base + reverse("national:cases") + "?measure=overdue")
    page.click("text=Số ngày quá hạn")  # ascending: 10, 29, 30 days
    cells = page.locator("table.cases tbody tr td:last-child").all_inner_texts()
    assert cells == ["10", "29", "30"]
    assert "Hồ sơ chi tiết của vụ việc" in page.content()
