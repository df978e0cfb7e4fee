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


def test_import_names_a_kind_of_another_field(page: Any, live_server: Any, log_in: Any,
                                              users: dict[str, Any], xorgs: dict[str, Any],
                                              criminal_case: Any, tmp_path: Path) -> None:
    import io

    from openpyxl import Workbook

    from congminh.apps.expertise.models import ExpertiseField, ExpertiseRequest
    from congminh.apps.expertise.request_import import HEADINGS

    for code, name in (("tai-chinh", "Tài chính"), ("phap-y", "Pháp y")):
        ExpertiseField.objects.get_or_create(code=code, defaults={"name": name})
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(HEADINGS))
    for ref, field, matter, asked in (("81/QĐ", "Tài chính", "giám định sản phẩm văn hóa", "SO-TC"),
                                      ("82/QĐ", "Pháp y", "giám định độc chất, mô bệnh học, ADN", "PY")):
        sheet.append(["CA-TINH", "15/2026/CSĐT", ref, "05/03/2026", field, matter, asked,
                      "Giám định.", "", "không", "10/03/2026", "", ""])
    file = tmp_path / "trung-cau.xlsx"
    out = io.BytesIO()
    book.save(out)
    file.write_bytes(out.getvalue())

    base = live_server.url
    log_in(page, base, users["investigator"].username)
    page.goto(base + reverse("expertise:requests_import"))
    page.set_input_files("main form input[type=file]", str(file))
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    text = page.inner_text("main")
    assert ("Dòng 2, cột «Loại việc có thời hạn giám định riêng»: «giám định sản phẩm văn hóa» "
            "không thuộc lĩnh vực «Tài chính»") in text
    assert ExpertiseRequest.objects.get(ref="82/QĐ").expertise_matter == "forensic_laboratory"
    assert not ExpertiseRequest.objects.filter(ref="81/QĐ").exists()


def test_the_asking_body_corrects_its_request(page: Any, live_server: Any, log_in: Any,
                                             users: dict[str, Any], xorgs: dict[str, Any],
                                             criminal_case: Any) -> None:
    from congminh.apps.expertise import services
    from congminh.apps.expertise.models import ExpertiseField

    field, _ = ExpertiseField.objects.get_or_create(code="tai-chinh", defaults={"name": "Tài chính"})
    req = services.expertise_request_create(
        actor=users["investigator"], case=criminal_case, ref="78/QĐ-TCGĐ", field=field,
        questions="Xác định số tiền.", decided_on=dt.date.today() - dt.timedelta(days=2),
        organisation=xorgs["finance"])
    base = live_server.url
    log_in(page, base, users["investigator"].username)
    page.goto(base + reverse("expertise:detail", args=[req.pk]))
    page.click("text=Sửa yêu cầu")
    page.wait_for_load_state()
    assert "Sửa yêu cầu trưng cầu giám định" in page.content()
    page.fill("#id_questions", "Xác định số tiền thiệt hại của Công ty X.")
    page.click("main form button[type=submit]")
    page.wait_for_load_state()
    assert page.url.endswith(reverse("expertise:detail", args=[req.pk]))
    html = page.content()
    assert "Đã sửa yêu cầu trưng cầu giám định." in html
    assert "Cơ quan trưng cầu sửa yêu cầu" in html and "Xác định số tiền thiệt hại của Công ty X." in html
