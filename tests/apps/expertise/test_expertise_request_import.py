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
from openpyxl import Workbook

from congminh.apps.expertise.models import ExpertiseRequest, RequestState
from congminh.apps.expertise.request_import import HEADINGS, request_import

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
            "field": "Tài chính", "asked": "SO-TC", "questions": "Xác định thiệt hại.", "kind": "",
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
