"""End to end in headless Chromium: the police order an expertise and record its receipt,
the finance department (listed for the field) refuses it, the province's supervisor finds
it among the pushed-back requests."""

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


def test_order_refuse_and_supervise(page: Any, live_server: Any, log_in: Any, users: dict[str, Any],
                                    xusers: dict[str, Any], xorgs: dict[str, Any],
                                    criminal_case: Any) -> None:
    from congminh.apps.expertise import services
    from congminh.apps.expertise.models import ExpertiseField, ExpertiseRequest

    # A transactional test starts from a flushed database: the field vocabulary of the
    # data migration may be gone.
    field, _ = ExpertiseField.objects.get_or_create(code="tai-chinh", defaults={"name": "Tài chính"})
    services.roster_entry_save(actor=xusers["justice"], organisation=xorgs["finance"], field=field,
                               kind="ad_hoc", listed_on=dt.date(2025, 7, 1))
    base = live_server.url
    day = dt.date.today() - dt.timedelta(days=3)
    log_in(page, base, users["investigator"].username)
    page.goto(base + reverse("expertise:create", args=[criminal_case.pk]))
    page.fill("#id_ref", "77/QĐ-TCGĐ")
    page.fill("#id_decided_on", (day - dt.timedelta(days=1)).strftime("%d/%m/%Y"))
    page.select_option("#id_field", str(field.pk))
    page.select_option("#id_organisation", str(xorgs["finance"].pk))
    page.fill("#id_questions", "Xác định số tiền thiệt hại.")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    req = ExpertiseRequest.objects.get(ref="77/QĐ-TCGĐ")
    assert page.url.endswith(reverse("expertise:detail", args=[req.pk]))
    page.fill("#id_send-date", day.strftime("%d/%m/%Y"))
    page.click("form.step-send button[type=submit]")
    page.wait_for_load_state()
    assert "Đang giám định" in page.content()

    log_in(page, base, xusers["finance"].username)
    page.goto(base + reverse("expertise:list") + "?side=asked")
    page.click("text=77/QĐ-TCGĐ")
    page.fill("#id_refuse-date", day.strftime("%d/%m/%Y"))
    page.select_option("#id_refuse-reason", "no_expert")
    page.click("form.step-refuse button[type=submit]")
    page.wait_for_load_state()
    assert "Đùn đẩy" in page.content()

    log_in(page, base, users["supervisor"].username)
    page.goto(base + reverse("expertise:list"))
    page.click(".stats a:has-text('Đùn đẩy')")
    page.wait_for_load_state()
    assert page.locator("table.cases tbody tr").all_inner_texts()[0].startswith("77/QĐ-TCGĐ")
