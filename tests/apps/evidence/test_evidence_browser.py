"""End to end in headless Chromium: the court sends an evidence request to a commune's
People's Committee, the committee refuses it in writing, the Internal Affairs Committee
finds it among the refused requests and in the league table of communes."""

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


def test_request_refuse_and_supervise(page: Any, live_server: Any, log_in: Any, cast: dict[str, Any],
                                      eorgs: dict[str, Any], civil_case: Any) -> None:
    from congminh.apps.evidence.models import EvidenceRequest

    base = live_server.url
    day = dt.date.today() - dt.timedelta(days=20)  # the 15 days are over: overdue
    log_in(page, base, cast["officer_a"].username)
    page.goto(base + reverse("evidence:create", args=[civil_case.pk]))
    page.fill("#id_ref", "77/CV-TA")
    page.fill("#id_sent_on", day.strftime("%d/%m/%Y"))
    page.select_option("#id_organisation", str(eorgs["committee_a"].pk))
    page.fill("#id_documents", "Hồ sơ địa chính thửa đất số 120.")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    req = EvidenceRequest.objects.get(ref="77/CV-TA")
    assert page.url.endswith(reverse("evidence:detail", args=[req.pk]))
    assert "Quá hạn" in page.content()

    log_in(page, base, cast["committee_a"].username)
    page.goto(base + reverse("evidence:list") + "?side=asked&overdue=on")
    page.click("text=77/CV-TA")
    page.fill("#id_reply-date", (day + dt.timedelta(days=5)).strftime("%d/%m/%Y"))
    page.select_option("#id_reply-kind", "refusal")
    page.fill("#id_reply-note", "Hồ sơ đã chuyển lưu trữ lịch sử.")
    page.click("form.step-reply button[type=submit]")
    page.wait_for_load_state()
    assert "Từ chối bằng văn bản" in page.content()

    log_in(page, base, cast["supervisor"].username)
    page.goto(base + reverse("evidence:list"))
    page.click(".stats a:has-text('Từ chối bằng văn bản')")
    page.wait_for_load_state()
    assert page.locator("table.cases tbody tr").all_inner_texts()[0].startswith("77/CV-TA")
    page.goto(base + reverse("evidence:league"))
    row = page.locator("section:has-text('Theo xã') tbody tr").first.inner_text()
    assert row.startswith("Ủy ban nhân dân xã Ia Grai")
