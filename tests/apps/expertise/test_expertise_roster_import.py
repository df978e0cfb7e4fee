"""The published roster as XLSX: template, idempotent import, error workbook naming the
row and the column, and who may import."""

from __future__ import annotations

import io
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from congminh.apps.expertise.models import Expert, RosterEntry
from congminh.apps.expertise.roster_import import HEADINGS, roster_import

pytestmark = pytest.mark.django_db
PASSWORD = "matkhau-an-toan-1"


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


ROWS = [
    ["Giám định viên tư pháp", "Nguyễn Văn Minh", "Pháp y", "PY", "123/QĐ-UBND", "15/03/2024", ""],
    ["Người giám định tư pháp theo vụ việc", "Trần Thị Hoa", "Tài chính, ke-toan", "SO-TC",
     "45/QĐ-STP", "02/08/2025", ""],
    ["Tổ chức giám định tư pháp theo vụ việc", "Sở Tài chính tỉnh Gia Lai", "Tài chính, Kế toán", "",
     "789/QĐ-UBND", "01/07/2025", ""],
    # row 5: unknown field; row 6: bad date; row 7: unknown body
    ["Giám định viên tư pháp", "Lê Văn Sai", "Chiêm tinh", "PY", "9/QĐ", "01/01/2025", ""],
    ["Giám định viên tư pháp", "Phạm Thị Ngày", "Pháp y", "PY", "10/QĐ", "31/02/2025", ""],
    ["Tổ chức giám định tư pháp công lập", "Viện Không Có", "Pháp y", "", "", "", ""],
]


def test_import_is_idempotent_and_names_rows_and_columns(xusers: dict[str, Any], xorgs: dict[str, Any]) -> None:
    data = _xlsx(ROWS)
    first = roster_import(actor=xusers["justice"], data=data, file_name="ds.xlsx")
    assert (first.created, first.updated, first.unchanged) == (4, 0, 0)  # 2 experts + 2 listings
    assert sorted(first.rejected) == [5, 6, 7]
    texts = [str(p) for p in first.problems]
    assert any("5" in t and "Lĩnh vực" in t and "Chiêm tinh" in t for t in texts)
    assert any("6" in t and "Ngày bổ nhiệm / công bố" in t for t in texts)
    assert any("7" in t and "Viện Không Có" in t for t in texts)
    hoa = Expert.objects.get(name="Trần Thị Hoa")
    assert sorted(hoa.fields.values_list("code", flat=True)) == ["ke-toan", "tai-chinh"]
    assert hoa.organisation == xorgs["finance"] and hoa.kind == "ad_hoc"
    assert RosterEntry.objects.filter(organisation=xorgs["finance"]).count() == 2
    again = roster_import(actor=xusers["justice"], data=data, file_name="ds.xlsx")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)
    assert Expert.objects.count() == 2 and RosterEntry.objects.count() == 2
    # a dismissal date in a later list updates the expert
    changed = roster_import(actor=xusers["justice"], data=_xlsx([
        ["Giám định viên tư pháp", "Nguyễn Văn Minh", "Pháp y", "PY", "123/QĐ-UBND", "15/03/2024",
         "01/10/2026"]]), file_name="ds2.xlsx")
    assert (changed.created, changed.updated) == (0, 1)
    errors = load_workbook(io.BytesIO(first.error_workbook())).active
    assert errors is not None
    values = list(errors.iter_rows(values_only=True))
    assert values[0][0] == "Dòng" and values[0][-1] == "Lỗi"
    assert [v[0] for v in values[1:]] == [5, 6, 7]


def test_only_the_department_of_justice_imports(xusers: dict[str, Any], users: dict[str, Any]) -> None:
    for name in ("finance", "justice_viewer"):
        client = Client()
        client.login(username=xusers[name].username, password=PASSWORD)
        assert client.get(reverse("expertise:roster_import")).status_code == 403
    client = Client()
    client.login(username=users["supervisor"].username, password=PASSWORD)
    assert client.get(reverse("expertise:roster_import")).status_code == 403
    assert client.get(reverse("expertise:roster")).status_code == 200  # everyone reads the roster
    template = client.get(reverse("expertise:roster_template"))
    book = load_workbook(io.BytesIO(template.content))
    assert [c.value for c in book.worksheets[0][1]] == list(HEADINGS)
    client = Client()
    client.login(username=xusers["justice"].username, password=PASSWORD)
    upload = io.BytesIO(_xlsx(ROWS))
    upload.name = "ds.xlsx"
    page = client.post(reverse("expertise:roster_import"), {"file": upload})
    assert page.status_code == 200
    assert page.context["result"].created == 4
    errors = client.get(reverse("expertise:roster_errors", args=[page.context["error_name"]]))
    assert errors.status_code == 200
    assert Expert.objects.count() == 2


def test_roster_screens_for_the_keeper_only(xusers: dict[str, Any], xorgs: dict[str, Any]) -> None:
    from congminh.apps.expertise.models import ExpertiseField

    field = ExpertiseField.objects.get(code="xay-dung")
    other = Client()
    other.login(username=xusers["building"].username, password=PASSWORD)
    assert other.get(reverse("expertise:expert_new")).status_code == 403
    assert other.post(reverse("expertise:entry_new"), {}).status_code == 403
    keeper = Client()
    keeper.login(username=xusers["justice"].username, password=PASSWORD)
    got = keeper.post(reverse("expertise:entry_new"), {
        "organisation": xorgs["building"].pk, "field": field.pk, "kind": "ad_hoc",
        "decision_number": "5/QĐ", "listed_on": "01/07/2025", "delisted_on": ""})
    assert got.status_code == 302
    entry = RosterEntry.objects.get(organisation=xorgs["building"], field=field)
    got = keeper.post(reverse("expertise:entry_edit", args=[entry.pk]), {
        "organisation": xorgs["building"].pk, "field": field.pk, "kind": "ad_hoc",
        "decision_number": "5/QĐ", "listed_on": "01/07/2025", "delisted_on": "30/06/2025"})
    assert got.status_code == 400
    assert "Ngày kết thúc trước ngày bắt đầu" in got.content.decode()
    entry.refresh_from_db()
    assert entry.delisted_on is None  # the end before the start is refused
    got = keeper.post(reverse("expertise:expert_new"), {
        "name": "Đỗ Văn Kiên", "kind": "judicial_expert", "fields_": [field.pk],
        "organisation": xorgs["building"].pk, "decision_number": "7/QĐ", "appointed_on": "01/08/2025",
        "dismissed_on": ""})
    assert got.status_code == 302
    assert Expert.objects.get(name="Đỗ Văn Kiên").fields.get() == field
    assert "Đỗ Văn Kiên" in keeper.get(reverse("expertise:roster")).content.decode()


def test_roster_import_through_the_api(xusers: dict[str, Any], xorgs: dict[str, Any],
                                       users: dict[str, Any]) -> None:
    from io import StringIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from rest_framework.test import APIClient

    def client(user: Any) -> APIClient:
        out = StringIO()
        call_command("token", "create", user.username, stdout=out)
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
        return api

    api = client(xusers["justice"])
    got = api.post(reverse("expertise-api:roster_import"),
                   {"file": SimpleUploadedFile("ds.xlsx", _xlsx(ROWS))}, format="multipart")
    assert got.status_code == 200
    body = got.json()
    assert (body["rows"], body["created"]) == (7, 4)
    assert [r["row"] for r in body["rejected"]] == [5, 6, 7]
    errors = api.get(body["errors_url"])
    assert errors.status_code == 200
    rows = list(load_workbook(io.BytesIO(b"".join(errors.streaming_content))).active.iter_rows(
        values_only=True))
    assert [r[2] for r in rows[1:]] == ["Lê Văn Sai", "Phạm Thị Ngày", "Viện Không Có"]
    police = client(users["investigator"])
    assert police.post(reverse("expertise-api:roster_import"), {"file": SimpleUploadedFile(
        "ds.xlsx", _xlsx(ROWS))}, format="multipart").status_code == 403
    assert police.get(body["errors_url"]).status_code == 404


def test_request_import_through_the_api_is_for_the_bodies_holding_cases(
        xusers: dict[str, Any], users: dict[str, Any]) -> None:
    from io import StringIO

    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.core.management import call_command
    from rest_framework.test import APIClient

    def post(user: Any) -> Any:
        out = StringIO()
        call_command("token", "create", user.username, stdout=out)
        api = APIClient()
        api.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
        # a sheet without the request template's columns: refused at its heading row
        return api.post(reverse("expertise-api:import"),
                        {"file": SimpleUploadedFile("tc.xlsx", _xlsx([]))}, format="multipart")

    got = post(users["investigator"])
    assert got.status_code == 200
    assert got.json()["created"] == 0 and got.json()["rejected"][0]["row"] == 1
    assert "Dòng 1: Dòng tiêu đề thiếu các cột" in got.json()["rejected"][0]["problems"][0]
    assert post(xusers["finance"]).status_code == 403


def test_the_roster_sorts_by_its_columns(xusers: dict[str, Any], xorgs: dict[str, Any]) -> None:
    """Both tabs of the roster are sortable by their headings, the sort kept across pages."""
    import datetime as dt

    from congminh.apps.expertise.models import ExpertiseField

    field = ExpertiseField.objects.get(code="xay-dung")
    for name, day in (("An Văn B", dt.date(2025, 9, 1)), ("Bùi Thị C", dt.date(2025, 3, 1)),
                      ("Cao Văn D", dt.date(2025, 6, 1))):
        Expert.objects.create(name=name, kind="judicial_expert", appointed_on=day,
                              organisation=xorgs["building"], province_code="52").fields.add(field)
    client = Client()
    client.login(username=xusers["justice"].username, password=PASSWORD)

    def names(**params: str) -> list[str]:
        page = client.get(reverse("expertise:roster"), params)
        return [e.name for e in page.context["page"].object_list]
    assert names() == ["An Văn B", "Bùi Thị C", "Cao Văn D"]
    assert names(sort="-name") == ["Cao Văn D", "Bùi Thị C", "An Văn B"]
    assert names(sort="appointed") == ["Bùi Thị C", "Cao Văn D", "An Văn B"]
    html = client.get(reverse("expertise:roster"), {"sort": "appointed"}).content.decode()
    assert 'href="?sort=-appointed" class="sort"' in html
    page = client.get(reverse("expertise:roster"), {"tab": "organisations", "sort": "-listed"})
    assert page.status_code == 200 and page.context["sort"] == "-listed"
