"""Spreadsheet import: good rows kept, bad rows reported by row and column, re-import
changes nothing, CSV encodings, legacy fonts, scope, the web page and the API."""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
from typing import Any

import pytest
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from congminh.apps.cases.models import Case, CaseEvent, NumberClaim
from congminh.apps.imports import columns as C
from congminh.apps.imports.models import ImportBatch
from congminh.apps.imports.services import import_file
from congminh.apps.imports.template import example_rows, write_template
from congminh.core.legacy_encodings import tcvn3_encode, vni_encode

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def xlsx(rows: list[list[Any]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(C.HEADINGS))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


TONES = "\u0300\u0301\u0303\u0309\u0323"


def cp1258_form(text: str) -> str:
    """Windows-1258 keeps ă â ê ô ơ ư whole but writes the tone as a combining mark."""
    out = []
    for ch in text:
        parts = unicodedata.normalize("NFD", ch)
        tone = "".join(c for c in parts if c in TONES)
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in TONES)) + tone)
    return "".join(out)


def csv_bytes(rows: list[list[str]], encoding: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(C.HEADINGS)
    writer.writerows(rows)
    text = out.getvalue()
    return cp1258_form(text).encode("cp1258") if encoding == "cp1258" else text.encode(encoding)


def good(number: Any = "01/2026/HS", event: Any = "Khởi tố vụ án", date: Any = "05/01/2026", **kw: Any) -> list[Any]:
    row = ["CA-TINH", number, "hình sự", "nghiêm trọng", "Vụ trộm cắp tài sản",
           "Nguyễn Văn A (bị can)", event, date, None, None, None, None, "", ""]
    row += [None] * (len(C.HEADINGS) - len(row))
    for heading, value in kw.items():
        row[C.HEADINGS.index(heading)] = value
    return row


MIXED = [
    good(),
    good(event="Gia hạn điều tra", date=dt.datetime(2026, 4, 28), **{C.MONTHS: 2}),
    good(number="02/2026/HS", date="31/02/2026"),
    good(number="03/2026/HS", event="Chuyển nhà"),
    good(number="04/2026/HS", **{C.HOLDER: "KHONG-CO"}),
    good(number="05/2026/HS", **{C.PROCEDURE: "hinh su", C.OTHER_NUMBERS: "VKS-TINH: 12/VKS-P1"}),
]


def test_good_rows_stored_bad_rows_reported(users: Any) -> None:
    batch = import_file(actor=users["investigator"], data=xlsx(MIXED), file_name="mixed.xlsx")
    assert (batch.rows_total, batch.rows_rejected, batch.cases_created, batch.events_added) == (6, 3, 2, 3)
    texts = [e["text"] for e in batch.errors]
    assert texts == [
        "Dòng 4, cột «Ngày»: «31/02/2026» không phải ngày hợp lệ (dd/mm/yyyy)",
        "Dòng 5, cột «Sự kiện»: «Chuyển nhà» không phải sự kiện đã biết",
        "Dòng 6, cột «Cơ quan thụ lý (mã)»: «KHONG-CO» không phải cơ quan đã biết (mã hoặc tên)",
    ]
    case = Case.objects.get(agency_numbers__number="01/2026/HS")
    assert case.events.get(type="investigation_extended").data == {"months": 2}
    # The procuracy's number is a claim it must confirm, not a link (linking is not access).
    assert not Case.objects.filter(agency_numbers__number="12/VKS-P1").exists()
    claim = NumberClaim.objects.get(number="12/VKS-P1")
    assert claim.status == "pending" and claim.organisation.code == "VKS-TINH"
    assert claim.case.agency_numbers.get().number == "05/2026/HS"


def test_second_import_changes_nothing(users: Any) -> None:
    data = xlsx(MIXED)
    import_file(actor=users["investigator"], data=data, file_name="mixed.xlsx")
    counts = (Case.objects.count(), CaseEvent.objects.count())
    again = import_file(actor=users["investigator"], data=data, file_name="mixed.xlsx")
    assert (again.cases_created, again.cases_updated, again.events_added) == (0, 0, 0)
    assert again.events_unchanged == 3
    assert (Case.objects.count(), CaseEvent.objects.count()) == counts
    assert ImportBatch.objects.count() == 2


def test_error_workbook_has_rejected_rows_with_reasons(users: Any) -> None:
    batch = import_file(actor=users["investigator"], data=xlsx(MIXED), file_name="mixed.xlsx")
    sheet = load_workbook(batch.error_file.open("rb")).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Dòng" and rows[0][-1] == "Lỗi"
    assert [r[0] for r in rows[1:]] == [4, 5, 6]
    assert rows[1][2] == "02/2026/HS" and "31/02/2026" in rows[1][-1]


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp1258"])
def test_csv_encodings(users: Any, encoding: str) -> None:
    rows = [["TAND-KV1", "7/2026/DS", "dân sự", "dân sự", "Tranh chấp đất đai",
             "Lê Văn Ánh (nguyên đơn)", "Tòa án thụ lý sơ thẩm", "02/03/2026", "", "", "", "", "", ""]]
    batch = import_file(actor=users["officer_a"], data=csv_bytes(rows, encoding), file_name="a.csv")
    assert batch.errors == [] and batch.cases_created == 1
    case = Case.objects.get()
    assert case.title == "Tranh chấp đất đai" and case.parties.get().name == "Lê Văn Ánh"
    assert case.stage == "trial_preparation" and case.case_kind == "civil_family"


def test_legacy_cells_converted_with_warning(users: Any) -> None:
    rows = [
        good(**{C.TITLE: tcvn3_encode("Vụ trộm cắp tài sản"), C.PARTIES: tcvn3_encode("Nguyễn Văn A (bị can)")}),
        good(number="9/2026/HS", **{C.TITLE: vni_encode("Cố ý gây thương tích")}),
    ]
    batch = import_file(actor=users["investigator"], data=xlsx(rows), file_name="cu.xlsx")
    assert batch.errors == []
    assert Case.objects.filter(title="Vụ trộm cắp tài sản").exists()
    assert Case.objects.filter(title="Cố ý gây thương tích").exists()
    warnings = [w["text"] for w in batch.warnings]
    assert any(w.startswith("Dòng 2, cột «Tên vụ án / trích yếu»") and "TCVN3" in w for w in warnings)
    assert any(w.startswith("Dòng 3, cột «Tên vụ án / trích yếu»") and "VNI" in w for w in warnings)


def test_officer_cannot_import_into_another_body(users: Any) -> None:
    rows = [good(), good(number="8/2026", **{C.HOLDER: "Tòa án nhân dân khu vực 2 - Gia Lai"})]
    batch = import_file(actor=users["investigator"], data=xlsx(rows), file_name="x.xlsx")
    assert batch.cases_created == 1 and batch.rows_rejected == 1
    assert batch.errors[0]["row"] == 3 and "TAND-KV2" in batch.errors[0]["text"]


def test_template_and_sample_import_cleanly(users: Any, tmp_path: Any) -> None:
    path = tmp_path / "t.xlsx"
    write_template(path, holder="CA-TINH")
    # The examples show every column, for every kind of body: an admin imports them all.
    batch = import_file(actor=users["admin"], data=path.read_bytes(), file_name="t.xlsx")
    assert batch.errors == [] and batch.rows_total == len(example_rows("CA-TINH"))


def test_web_page_upload_and_result(client: Any, users: Any) -> None:
    client.force_login(users["investigator"])
    page = client.get(reverse("imports:upload"))
    assert page.status_code == 200 and reverse("imports:template") in page.content.decode()
    assert client.get(reverse("imports:template"))["Content-Disposition"].startswith("attachment")
    upload = io.BytesIO(xlsx(MIXED))
    upload.name = "mixed.xlsx"
    response = client.post(reverse("imports:upload"), {"file": upload})
    batch = ImportBatch.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("imports:batch", args=[batch.pk])
    result = client.get(response["Location"]).content.decode()
    assert "«31/02/2026» không phải ngày hợp lệ" in result
    assert reverse("imports:errors", args=[batch.pk]) in result
    assert client.get(reverse("imports:errors", args=[batch.pk])).status_code == 200


def test_viewer_may_not_import(client: Any, users: Any) -> None:
    client.force_login(users["viewer_a"])
    assert client.get(reverse("imports:upload")).status_code == 403


def test_an_officer_of_a_body_without_cases_is_told_which_bodies_import(
    client: Any, users: Any, orgs: Any
) -> None:
    """The Internal Affairs Committee's clerk is an officer: «only officers may import»
    would contradict the role the page header shows; the refusal names the bodies."""
    from congminh.apps.accounts.models import User

    clerk = User.objects.create_user(username="vanthu", organisation=orgs["internal_affairs"], role="officer")
    client.force_login(clerk)
    refused = client.get(reverse("imports:upload"))
    assert refused.status_code == 403
    assert "cán bộ nghiệp vụ của cơ quan thụ lý vụ án (cơ quan điều tra" in refused.content.decode()


def test_api_import(client: Any, users: Any) -> None:
    from rest_framework.authtoken.models import Token

    token = Token.objects.create(user=users["investigator"])
    upload = io.BytesIO(xlsx(MIXED))
    upload.name = "mixed.xlsx"
    response = client.post("/api/imports/", {"file": upload}, HTTP_AUTHORIZATION=f"Token {token.key}")
    assert response.status_code == 201
    body = response.json()
    assert (body["rows_total"], body["rows_rejected"], body["cases_created"]) == (6, 3, 2)
    assert body["errors"][0]["row"] == 4 and body["errors"][0]["column"] == "Ngày"
    viewer = Token.objects.create(user=users["viewer_a"])
    upload.seek(0)
    denied = client.post("/api/imports/", {"file": upload}, HTTP_AUTHORIZATION=f"Token {viewer.key}")
    assert denied.status_code == 403


def test_an_admins_template_gives_each_example_case_a_body_that_holds_such_cases(
    client: Any, users: Any, orgs: Any
) -> None:
    """The admin belongs to the Internal Affairs Committee, which holds no cases: its
    template once made every example case the Committee's, and importing it as it is
    created a criminal case «held» by the Committee."""
    import datetime as dt

    from congminh.apps.organisations.models import Organisation

    Organisation.objects.create(code="THADS-TINH", name="Thi hành án dân sự tỉnh Gia Lai",
                                kind="enforcement_office", level="province", province_code="52",
                                valid_from=dt.date(2025, 7, 1))
    client.force_login(users["admin"])
    data = b"".join(client.get(reverse("imports:template")).streaming_content)
    sheet = load_workbook(io.BytesIO(data))["Dữ liệu"]
    holders = {row[1]: row[0] for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert holders == {"01/2026/HS": "CA-TINH", "02/2026/TLST-DS": "TAND-KV1", "03/2026/THA": "THADS-TINH"}
    batch = import_file(actor=users["admin"], data=data, file_name="mau.xlsx")
    assert batch.errors == [] and batch.cases_created == 3
    assert not Case.objects.filter(holder=orgs["internal_affairs"]).exists()


@pytest.mark.parametrize(("who", "holder"), [("investigator", "CA-TINH"), ("officer_a", "TAND-KV1")])
def test_each_body_downloads_a_template_whose_examples_it_may_import(
    client: Any, users: Any, who: str, holder: str
) -> None:
    """The examples of a body's template are the events that body decides, so its own
    import of the template keeps every row (a court's template has no investigation row)."""
    client.force_login(users[who])
    data = b"".join(client.get(reverse("imports:template")).streaming_content)
    batch = import_file(actor=users[who], data=data, file_name="mau.xlsx")
    assert batch.errors == [] and 0 < batch.rows_total < len(example_rows(holder))
