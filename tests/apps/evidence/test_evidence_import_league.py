"""The register import (idempotent by number, rows and columns named in the errors) and the
league table of response times per body and per commune, counted by hand."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from congminh.apps.evidence import request_import, selectors, services
from congminh.apps.evidence.models import EvidenceRequest, RequestState

pytestmark = pytest.mark.django_db
H = request_import.HEADINGS


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel(dt.datetime(2026, 4, 20, 9, tzinfo=dt.UTC), tick=False):
        yield


def _book(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(H))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def test_import_is_idempotent_and_names_row_and_column(cast: dict[str, Any], civil_case: Any) -> None:
    good = ["", "01/2026/TLST-DS", "45/CV-TA", "10/03/2026", "UBND-XA-A", "", "Hồ sơ địa chính.",
            "", "", "", ""]
    refused = ["", "01/2026/TLST-DS", "46/CV-TA", "10/03/2026", "", "Văn phòng công chứng Phù Đổng",
               "Hợp đồng.", "18/03/2026", "từ chối", "9/VPCC", "Không lưu hồ sơ."]
    bad = ["", "99/2026/XX", "47/CV-TA", "31/02/2026", "UBND-KHONG-CO", "", "x", "", "đủ", "", ""]
    data = _book([good, refused, bad])
    first = request_import.request_import(actor=cast["officer_a"], data=data, file_name="so.xlsx")
    assert (first.created, first.updated, first.unchanged, sorted(first.rejected)) == (2, 0, 0, [4])
    columns = {p.column for p in first.problems if p.row == 4}
    assert columns == {"Số vụ án/vụ việc", "Ngày cơ quan nhận yêu cầu",
                       "Cơ quan được yêu cầu (mã hoặc tên)", "Kết quả trả lời"}
    errors = load_workbook(io.BytesIO(first.error_workbook())).active
    assert errors is not None and errors.cell(2, 1).value == 4
    req = EvidenceRequest.objects.get(ref="46/CV-TA")
    assert (req.state, req.holder_name, req.refusal_reason) == (
        RequestState.REFUSED, "Văn phòng công chứng Phù Đổng", "Không lưu hồ sơ.")
    again = request_import.request_import(actor=cast["officer_a"], data=data, file_name="so.xlsx")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    assert civil_case.events.filter(type="evidence_requested").count() == 2
    # a later register with the complete reply adds it
    later = good[:7] + ["27/03/2026", "đầy đủ", "88/UBND", ""]
    third = request_import.request_import(actor=cast["officer_a"], data=_book([later]), file_name="so.xlsx")
    assert (third.created, third.updated) == (0, 1)
    assert EvidenceRequest.objects.get(ref="45/CV-TA").answered_on == dt.date(2026, 3, 27)
    # another court cannot import onto this court's case
    other = request_import.request_import(actor=cast["officer_b"], data=_book([[
        "TAND-KV1", "01/2026/TLST-DS", "60/CV", "10/03/2026", "UBND-XA-A", "", "x", "", "", "", ""]]),
        file_name="so.xlsx")
    assert sorted(other.rejected) == [2]


def test_league_counts_per_body_and_commune(cast: dict[str, Any], eorgs: dict[str, Any],
                                            civil_case: Any) -> None:
    a, b, dep = eorgs["committee_a"], eorgs["committee_b"], eorgs["department"]

    def send(ref: str, org: Any, sent: dt.date) -> Any:
        return services.evidence_request_send(actor=cast["officer_a"], case=civil_case, ref=ref,
                                              documents="Hồ sơ.", sent_on=sent, organisation=org)

    def reply(req: Any, day: dt.date, kind: str = "complete") -> None:
        services.evidence_reply_record(actor=cast["officer_a"], request=req, date=day, kind=kind,
                                       note="Lý do" if kind == "refusal" else "")

    # committee A: due 25/03 for all three; answered in 5 days (on time), in 21 days (late),
    # one still pending (overdue on 20/04)
    reply(send("1", a, dt.date(2026, 3, 10)), dt.date(2026, 3, 15))
    reply(send("2", a, dt.date(2026, 3, 10)), dt.date(2026, 3, 31))
    send("3", a, dt.date(2026, 3, 10))
    # committee B: answered in 9 days; a refusal (overdue after its due date 09/04)
    reply(send("4", b, dt.date(2026, 3, 20)), dt.date(2026, 3, 29))
    reply(send("5", b, dt.date(2026, 3, 25)), dt.date(2026, 3, 30), "refusal")
    # the department: one pending, not yet due (received 10/04, due 27/04: 25/04 is Saturday)
    send("6", dep, dt.date(2026, 4, 10))
    data = selectors.league(user=cast["supervisor"])
    rows = {r["name"]: r for r in data["bodies"]}
    pick = ("total", "on_time", "late", "overdue", "refused", "median")
    assert tuple(rows[a.name][k] for k in pick) == (3, 1, 1, 1, 0, 13)
    assert tuple(rows[b.name][k] for k in pick) == (2, 1, 0, 1, 1, 9)
    assert tuple(rows[dep.name][k] for k in pick) == (1, 0, 0, 0, 0, None)
    assert [r["name"] for r in data["communes"]] == [a.name, b.name]  # the department is no commune
    assert data["median"] == 9  # of 5, 21 and 9 days
    page = Client()
    page.force_login(cast["supervisor"])
    html = page.get(reverse("evidence:league")).content.decode()
    assert f'href="/evidence/?asked={a.pk}&amp;overdue=on">1</a>' in html
    assert f'href="/evidence/?asked={a.pk}&amp;answer=late">1</a>' in html
    listed = page.get(f"/evidence/?asked={a.pk}&answer=late").content.decode()
    assert ">2</a>" in listed and "/evidence/1/" not in listed
