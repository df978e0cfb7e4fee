"""End to end in headless Chromium: an area court officer receives a complaint against a
judge on the case's form, resolves it (partly right); the provincial court receives the
second-level complaint; the provincial Procuracy finds both; the Internal Affairs
Committee reads them with the complainant's address hidden."""

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


def test_receive_resolve_escalate_and_supervise(page: Any, live_server: Any, log_in: Any, cast: dict[str, Any],
                                                civil_case: Any) -> None:
    from congminh.apps.complaints.models import Complaint

    base = live_server.url
    day = dt.date.today() - dt.timedelta(days=4)
    log_in(page, base, cast["officer_a"].username)
    page.goto(base + reverse("complaints:list"))
    page.click("text=Tiếp nhận khiếu nại, tố cáo")
    page.fill("#id_q", "01/2026/TLST-DS")
    page.click("main form button[type=submit]")
    page.click("text=Tiếp nhận đơn cho vụ án này")
    page.wait_for_url(base + reverse("complaints:create", args=[civil_case.pk]))
    page.fill("#id_number", "31/KN")
    page.fill("#id_received_on", day.strftime("%d/%m/%Y"))
    page.fill("#id_complainant_name", "Nguyễn Văn An")
    page.fill("#id_complainant_address", "Thôn 3, xã Ia Grai")
    page.select_option("#id_against", "court")
    page.fill("#id_official", "Thẩm phán Trần Văn B")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    first = Complaint.objects.get(number="31/KN")
    assert page.url.endswith(reverse("complaints:detail", args=[first.pk]))
    assert "Đang giải quyết" in page.content() and f"4 / {first.limit_days}" in page.content()
    page.fill("#id_resolve-date", (day + dt.timedelta(days=2)).strftime("%d/%m/%Y"))
    page.select_option("#id_resolve-outcome", "partly_right")
    page.click("form.step-resolve button[type=submit]")
    page.wait_for_load_state()
    assert "Đúng một phần" in page.content()

    log_in(page, base, cast["court_prov"].username)
    page.goto(base + reverse("complaints:detail", args=[first.pk]))
    page.fill("#id_escalate-number", "31/KN-L2")
    page.fill("#id_escalate-received_on", (day + dt.timedelta(days=3)).strftime("%d/%m/%Y"))
    page.click("form.step-escalate button[type=submit]")
    page.wait_for_load_state()
    second = Complaint.objects.get(number="31/KN-L2")
    assert page.url.endswith(reverse("complaints:detail", args=[second.pk]))
    assert "Lần hai" in page.content() and "BLTTDS 2015 Điều 507" in page.content()

    log_in(page, base, cast["prosecutor"].username)
    page.goto(base + reverse("complaints:list"))
    rows = page.locator("table.cases tbody tr").all_inner_texts()
    assert sorted(r.split()[0] for r in rows) == ["31/KN", "31/KN-L2"]

    log_in(page, base, cast["supervisor"].username)
    page.goto(base + reverse("complaints:detail", args=[first.pk]))
    assert "Nguyễn Văn An" in page.content() and "Ia Grai" not in page.content()
    assert page.locator("form.step").count() == 0
