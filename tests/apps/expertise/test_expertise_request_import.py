"""The asking body's spreadsheet of requests: created and advanced through the services
(the law's checks and the importer's scope), idempotent, bad rows named."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from congminh.apps.expertise.models import ExpertiseRequest, RequestState
from congminh.apps.expertise.request_import import HEADINGS, MATTER, request_import, template_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel(dt.datetime(2026, 4, 1, 9, tzinfo=dt.UTC), tick=False):
        yield


def _xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(HEADINGS))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _row(ref: str, **over: Any) -> list[Any]:
    base = {"asking": "CA-TINH", "number": "15/2026/CSĐT", "ref": ref, "decided": "05/03/2026",
            "field": "Tài chính", "matter": "", "asked": "SO-TC", "questions": "Xác định thiệt hại.", "kind": "",
            "complex": "không", "received": "10/03/2026", "concluded": "", "conclusion": ""}
    base.update(over)
    return list(base.values())


def test_import_creates_advances_and_is_idempotent(criminal_case: Any, users: dict[str, Any],
                                                   xorgs: dict[str, Any]) -> None:
    rows = [_row("1/QĐ"), _row("2/QĐ", received=""),
            _row("3/QĐ", field="Chiêm tinh"),                      # row 4: unknown field
            _row("4/QĐ", number="99/2026/CSĐT"),                   # row 5: no such case
            _row("5/QĐ", concluded="20/03/2026", received="")]     # row 6: conclusion, no receipt
    first = request_import(actor=users["investigator"], data=_xlsx(rows), file_name="tc.xlsx")
    assert (first.created, first.updated, first.unchanged) == (2, 0, 0)
    assert sorted(first.rejected) == [4, 5, 6]
    texts = [str(p) for p in first.problems]
    assert any("4" in t and "Lĩnh vực" in t for t in texts)
    assert any("5" in t and "99/2026/CSĐT" in t for t in texts)
    one = ExpertiseRequest.objects.get(ref="1/QĐ")
    assert (one.state, one.due) == (RequestState.IN_PROGRESS, dt.date(2026, 6, 10))
    assert ExpertiseRequest.objects.get(ref="2/QĐ").state == RequestState.DRAFT
    again = request_import(actor=users["investigator"], data=_xlsx(rows[:2]), file_name="tc.xlsx")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
    later = request_import(actor=users["investigator"], data=_xlsx([
        _row("1/QĐ", concluded="30/03/2026", conclusion="KL-1"), _row("2/QĐ", received="12/03/2026")]),
        file_name="tc2.xlsx")
    assert (later.created, later.updated) == (0, 2)
    one.refresh_from_db()
    assert (one.state, one.concluded_on, one.conclusion_number) == (
        RequestState.CONCLUDED, dt.date(2026, 3, 30), "KL-1")
    assert criminal_case.events.filter(type="expertise_ordered").count() == 2


def test_another_body_cannot_import_for_the_case(criminal_case: Any, users: dict[str, Any],
                                                 xusers: dict[str, Any]) -> None:
    got = request_import(actor=users["officer_a"], data=_xlsx([_row("1/QĐ")]), file_name="x.xlsx")
    assert got.created == 0 and sorted(got.rejected) == [2]
    client = Client()
    client.login(username=xusers["finance"].username, password="matkhau-an-toan-1")
    assert client.get(reverse("expertise:requests_import")).status_code == 403
    client.login(username=users["investigator"].username, password="matkhau-an-toan-1")
    assert client.get(reverse("expertise:requests_import")).status_code == 200
    assert client.get(reverse("expertise:requests_template")).status_code == 200


def _forensic(ref: str, matter: str, **over: Any) -> list[Any]:
    return _row(ref, field="Pháp y", matter=matter, asked="PY", **over)


def test_the_kind_of_matter_by_name_or_code_sets_the_ministrys_limit(
        criminal_case: Any, users: dict[str, Any], xorgs: dict[str, Any]) -> None:
    got = request_import(actor=users["investigator"], data=_xlsx([
        # the name as the law pages write it, without diacritics and in capitals
        _forensic("6/QĐ", "GIAM DINH XAM HAI TINH DUC, HANH HA NGUOC DAI, XAC DINH GIOI TINH, "
                  "SU CO THAI, KHA NANG TINH DUC NAM"),
        _forensic("7/QĐ", "forensic_laboratory", received=""),
        _row("8/QĐ")]), file_name="py.xlsx")
    assert (got.created, got.rejected) == (3, {})
    sent = ExpertiseRequest.objects.get(ref="6/QĐ")
    # Thông tư 13/2022/TT-BYT Đ.2 k2a: 9 days from the day after receipt, counted as
    # calendar days: received Tuesday 10/03/2026, due Thursday 19/03/2026.
    assert (sent.expertise_matter, sent.rule, sent.due) == (
        "forensic_sexual_abuse", "GDTP-26A", dt.date(2026, 3, 19))
    event = criminal_case.events.get(type="expertise_ordered", data__ref="6/QĐ")
    assert event.data["expertise_matter"] == "forensic_sexual_abuse"
    draft = ExpertiseRequest.objects.get(ref="7/QĐ")
    assert (draft.state, draft.expertise_matter) == (RequestState.DRAFT, "forensic_laboratory")
    assert ExpertiseRequest.objects.get(ref="8/QĐ").expertise_matter == ""
    # a file without the column (as before it existed) still imports
    headings = [h for h in HEADINGS if h != MATTER]
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(headings)
    sheet.append([v for h, v in zip(HEADINGS, _row("9/QĐ"), strict=True) if h != MATTER])
    out = io.BytesIO()
    book.save(out)
    older = request_import(actor=users["investigator"], data=out.getvalue(), file_name="cu.xlsx")
    assert (older.created, older.rejected) == (1, {})


def test_a_kind_of_another_field_rejects_the_row_naming_row_and_column(
        criminal_case: Any, users: dict[str, Any], xorgs: dict[str, Any]) -> None:
    got = request_import(actor=users["investigator"], data=_xlsx([
        _row("10/QĐ", matter="giám định sản phẩm văn hóa"),     # row 2: Tài chính has no kinds
        _forensic("11/QĐ", "chiêm tinh"),                       # row 3: no such kind
        _forensic("12/QĐ", "forensic_laboratory")]), file_name="sai.xlsx")
    assert got.created == 1 and sorted(got.rejected) == [2, 3]
    texts = sorted(str(p) for p in got.problems)
    assert texts == [
        "Dòng 2, cột «Loại việc có thời hạn giám định riêng»: «giám định sản phẩm văn hóa» "
        "không thuộc lĩnh vực «Tài chính»: chọn đúng lĩnh vực của loại việc này, hoặc để trống "
        "loại việc.",
        "Dòng 3, cột «Loại việc có thời hạn giám định riêng»: «chiêm tinh» không phải là loại "
        "việc có thời hạn giám định riêng"]
    assert not ExpertiseRequest.objects.filter(ref__in=["10/QĐ", "11/QĐ"]).exists()
    sheet = load_workbook(io.BytesIO(got.error_workbook())).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][-1] == "Lỗi" and rows[0][HEADINGS.index(MATTER) + 1] == MATTER
    assert [r[0] for r in rows[1:]] == [2, 3]
    assert "«Tài chính»" in str(rows[1][-1]) and "chiêm tinh" in str(rows[2][-1])


def test_a_sent_request_keeps_its_kind_and_a_draft_takes_the_rows(
        criminal_case: Any, users: dict[str, Any], xorgs: dict[str, Any]) -> None:
    first = request_import(actor=users["investigator"], data=_xlsx([
        _forensic("13/QĐ", "forensic_laboratory"), _forensic("14/QĐ", "", received="")]),
        file_name="a.xlsx")
    assert first.created == 2
    later = request_import(actor=users["investigator"], data=_xlsx([
        _forensic("13/QĐ", "forensic_sexual_abuse"),            # row 2: sent with another kind
        _forensic("14/QĐ", "forensic_sexual_abuse"),            # row 3: the draft is sent with it
        _forensic("13/QĐ", "")]), file_name="b.xlsx")           # row 4: an empty cell says nothing
    assert (later.updated, later.unchanged, sorted(later.rejected)) == (1, 1, [2])
    assert [str(p) for p in later.problems] == [
        "Dòng 2, cột «Loại việc có thời hạn giám định riêng»: yêu cầu đã được gửi với loại việc "
        "«giám định độc chất, mô bệnh học, ADN», không phải «giám định xâm hại tình dục, hành hạ "
        "ngược đãi, xác định giới tính, sự có thai, khả năng tình dục nam»"]
    assert ExpertiseRequest.objects.get(ref="13/QĐ").expertise_matter == "forensic_laboratory"
    sent = ExpertiseRequest.objects.get(ref="14/QĐ")
    assert (sent.state, sent.expertise_matter, sent.due) == (
        RequestState.IN_PROGRESS, "forensic_sexual_abuse", dt.date(2026, 3, 19))


def test_the_template_lists_the_kinds_it_accepts() -> None:
    book = load_workbook(io.BytesIO(template_bytes()))
    main = book["Trưng cầu giám định"]
    assert [c.value for c in main[1]] == list(HEADINGS)
    kinds = [r[0] for r in book["Loại việc"].iter_rows(values_only=True)]
    assert kinds[0] == "Loại việc" and "giám định sản phẩm văn hóa" in kinds and len(kinds) == 6
