"""Event details the law engine needs: their columns, «Chi tiết khác», the checks of
`data_problems` by row and column, files of the first template, the export round trip
and batches cut off by a restart."""

from __future__ import annotations

import datetime as dt
import io
import json
from typing import Any

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook

from congminh.apps.cases.models import Case, CaseEvent
from congminh.apps.imports import columns as C
from congminh.apps.imports.export import record_rows, write_xlsx
from congminh.apps.imports.models import ImportBatch
from congminh.apps.imports.services import batch_mark_stale, import_file
from congminh.core.records import CaseRecord, EventRecord

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings: Any, tmp_path: Any) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


def xlsx(rows: list[list[Any]], headings: tuple[str, ...] = C.HEADINGS) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(list(headings))
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


CASES: dict[str, list[Any]] = {
    "criminal": ["hình sự", "nghiêm trọng", "Vụ cố ý gây thương tích", "Nguyễn Văn A (bị can)"],
    "civil": ["dân sự", "dân sự", "Tranh chấp hợp đồng vay", "Lê Văn C (nguyên đơn)"],
    "enforcement": ["thi hành án", None, "Thi hành án trả nợ", "Hồ Thị G (người phải thi hành án)"],
}


def row(number: str, event: str, date: str, procedure: str = "criminal", **cells: Any) -> list[Any]:
    kind, category, title, parties = CASES[procedure]
    out: list[Any] = [None] * len(C.HEADINGS)
    values = {C.HOLDER: "CA-TINH", C.NUMBER: number, C.PROCEDURE: kind, C.CATEGORY: category,
              C.TITLE: title, C.PARTIES: parties, C.EVENT: event, C.DATE: date, **cells}
    for heading, value in values.items():
        out[C.HEADINGS.index(heading)] = value
    return out


def data_of(number: str, type_: str) -> dict[str, Any]:
    event = CaseEvent.objects.get(case__agency_numbers__number=number, type=type_)
    return dict(event.data)


def test_detail_columns_are_read(users: Any) -> None:
    rows = [
        row("1/HS", "Khởi tố vụ án", "05/01/2026"),
        row("1/HS", "detention_ordered", "06/01/2026",
            **{C.PERSON: "Nguyễn Văn A", C.DETAILS: "custody_stage = Trial"}),
        row("1/HS", "charges_requalified", "10/02/2026",
            **{C.DETAILS: "category=very_serious; national_security=không"}),
        row("1/HS", "protest_lodged", "12/02/2026", **{C.DETAILS: "level=higher"}),
        row("2/DS", "Tòa án thụ lý sơ thẩm", "02/02/2026", "civil"),
        row("2/DS", "expertise_ordered", "03/02/2026", "civil", **{C.REF: "15/QĐ-TCGĐ"}),
        row("2/DS", "judgment_pronounced", "20/02/2026", "civil"),
        row("2/DS", "Tòa phúc thẩm nhận hồ sơ kháng cáo, kháng nghị", "04/03/2026", "civil",
            **{C.COURT: "Toa Phuc tham TANDTC"}),
        row("2/DS", "judgment_delivered", "05/03/2026", "civil", **{C.PERSON: "Lê Văn C"}),
        row("3/THA", "Xác minh điều kiện thi hành án", "02/03/2026", "enforcement", **{C.ABLE: "Không"}),
        row("3/THA", "Xác minh điều kiện thi hành án", "02/04/2026", "enforcement", **{C.ABLE: "co"}),
        row("4/DS", "appeal_received", "04/03/2026", "civil", **{C.COURT: "tỉnh"}),
    ]
    batch = import_file(actor=users["admin"], data=xlsx(rows), file_name="d.xlsx")
    assert batch.errors == [] and batch.events_added == len(rows)
    assert data_of("1/HS", "detention_ordered") == {"person": "Nguyễn Văn A", "custody_stage": "trial"}
    assert data_of("1/HS", "charges_requalified") == {"category": "very_serious", "national_security": False}
    assert data_of("1/HS", "protest_lodged") == {"level": "higher"}
    assert data_of("2/DS", "expertise_ordered") == {"ref": "15/QĐ-TCGĐ"}
    assert data_of("2/DS", "appeal_received") == {"court": "supreme_appellate"}
    assert data_of("2/DS", "judgment_delivered") == {"person": "Lê Văn C"}
    assert data_of("4/DS", "appeal_received") == {"court": "provincial"}
    verified = CaseEvent.objects.filter(type="conditions_verified").order_by("date")
    assert [e.data for e in verified] == [{"able": False}, {"able": True}]


def test_detail_problems_name_row_and_column(users: Any) -> None:
    rows = [
        row("3/THA", "Xác minh điều kiện thi hành án", "02/03/2026", "enforcement"),
        row("4/THA", "Xác minh điều kiện thi hành án", "02/03/2026", "enforcement", **{C.ABLE: "chắc"}),
        row("5/DS", "appeal_received", "04/03/2026", "civil"),
        row("6/DS", "appeal_received", "04/03/2026", "civil", **{C.COURT: "huyện"}),
        row("7/HS", "detention_ordered", "06/01/2026"),
        row("8/DS", "expertise_ordered", "03/02/2026", "civil"),
        row("9/HS", "charges_requalified", "10/02/2026", **{C.DETAILS: "category=nhẹ"}),
        row("10/HS", "Khởi tố vụ án", "05/01/2026", **{C.DETAILS: "level=higher"}),
        row("11/HS", "protest_lodged", "12/02/2026", **{C.DETAILS: "level higher"}),
        row("12/HS", "Khởi tố vụ án", "05/01/2026", **{C.REF: "1/YC"}),
        row("13/HS", "Gia hạn điều tra", "05/04/2026"),
        row("14/HS", "detention_ordered", "06/01/2026",
            **{C.PERSON: "Nguyễn Văn A", C.DETAILS: "person=Trần Văn B"}),
        row("15/HS", "Khởi tố vụ án", "05/01/2026", **{C.ABLE: "có"}),
    ]
    batch = import_file(actor=users["investigator"], data=xlsx(rows), file_name="d.xlsx")
    assert batch.rows_rejected == len(rows) and batch.events_added == 0
    texts = [e["text"] for e in batch.errors]
    assert texts == [
        "Dòng 2, cột «Có điều kiện thi hành»: bắt buộc với sự kiện này (thiếu trường 'able')",
        "Dòng 3, cột «Có điều kiện thi hành»: «chắc» phải là «có» hoặc «không»",
        "Dòng 4, cột «Cấp xét xử phúc thẩm»: bắt buộc với sự kiện này (thiếu trường 'court')",
        "Dòng 5, cột «Cấp xét xử phúc thẩm»: «huyện» phải là «tỉnh» (Tòa án nhân dân tỉnh) "
        "hoặc «Tòa Phúc thẩm TANDTC»",
        "Dòng 6, cột «Người liên quan»: bắt buộc với sự kiện này (thiếu trường 'person')",
        "Dòng 7, cột «Số yêu cầu / quyết định trưng cầu»: bắt buộc với sự kiện này (thiếu trường 'ref')",
        "Dòng 8, cột «Chi tiết khác»: trường 'category' phải là một trong: less_serious, serious, "
        "very_serious, especially_serious",
        "Dòng 9, cột «Chi tiết khác»: trường không dùng cho sự kiện này: level",
        "Dòng 10, cột «Chi tiết khác»: «level higher» phải có dạng «trường=giá trị», ví dụ «level=higher»",
        "Dòng 11, cột «Số yêu cầu / quyết định trưng cầu»: sự kiện này không có số yêu cầu hay "
        "quyết định trưng cầu",
        "Dòng 12, cột «Số tháng»: sự kiện này cần «Số tháng» hoặc «Số ngày»",
        "Dòng 13, cột «Chi tiết khác»: «person» đã ghi ở cột «Người liên quan»",
        "Dòng 14, cột «Có điều kiện thi hành»: trường không dùng cho sự kiện này: able",
    ]


def test_file_of_the_first_template_still_imports(users: Any) -> None:
    old = C.HEADINGS[:C.HEADINGS.index(C.OTHER_NUMBERS) + 1]
    rows = [row("1/HS", "Khởi tố vụ án", "05/01/2026")[:len(old)],
            row("1/HS", "Gia hạn điều tra", "05/04/2026", **{C.MONTHS: "2"})[:len(old)],
            row("2/DS", "Tòa án thụ lý sơ thẩm", "02/02/2026", "civil")[:len(old)]]
    batch = import_file(actor=users["admin"], data=xlsx(rows, old), file_name="cu.xlsx")
    assert batch.errors == [] and batch.events_added == 3
    assert data_of("1/HS", "investigation_extended") == {"months": 2}


def test_ground_on_an_event_without_one_is_a_warning(users: Any) -> None:
    rows = [row("1/HS", "Khởi tố vụ án", "05/01/2026", **{C.GROUND: "tin báo"})]
    batch = import_file(actor=users["investigator"], data=xlsx(rows), file_name="d.xlsx")
    assert batch.errors == [] and batch.events_added == 1
    assert [w["column"] for w in batch.warnings] == [C.GROUND]


def _key(type_: str, date: dt.date, data: dict[str, Any], document: str) -> tuple[str, str, str, str]:
    return type_, date.isoformat(), json.dumps(data, sort_keys=True, ensure_ascii=False), document


def test_demo_records_round_trip_through_the_template(tmp_path: Any) -> None:
    from congminh.apps.demo.generator import generate
    from congminh.apps.organisations.services import organisations_load

    organisations_load()
    records = list(generate("XS", 2026, dt.date(2025, 12, 31)))
    # Details the generator does not make, so that every column is exercised.
    records.append(CaseRecord(
        procedure="criminal", title="Vụ cố ý gây thương tích", holder_code=records[0].holder_code,
        numbers=[(records[0].holder_code, "99/2025/HS")], category="serious",
        events=[
            EventRecord("case_instituted", dt.date(2025, 3, 1), document="QĐ 99"),
            EventRecord("detention_ordered", dt.date(2025, 3, 2),
                        {"person": "Nguyễn Văn A", "custody_stage": "investigation"}),
            EventRecord("expertise_ordered", dt.date(2025, 3, 5), {"ref": "GĐ-1"}),
            EventRecord("investigation_suspended", dt.date(2025, 3, 6), {"ground": "expertise"}),
            EventRecord("charges_requalified", dt.date(2025, 4, 1),
                        {"category": "very_serious", "national_security": False}),
            EventRecord("protest_lodged", dt.date(2025, 9, 1), {"level": "same"}),
        ],
    ))
    assert any(e.data.get("able") is False for r in records for e in r.events)
    assert any("court" in e.data for r in records for e in r.events)
    path = tmp_path / "demo.xlsx"
    written = write_xlsx(records, path)
    assert written == sum(len(r.events) for r in records)
    batch = import_file(actor=None, data=path.read_bytes(), file_name="demo.xlsx")
    assert batch.errors == [] and batch.rows_rejected == 0
    assert Case.objects.count() == len(records)
    for rec in records:
        case = Case.objects.get(agency_numbers__organisation__code=rec.holder_code,
                                agency_numbers__number=rec.numbers[0][1])
        stored = sorted(_key(e.type, e.date, e.data, e.document) for e in case.events.all())
        expected = sorted({_key(e.type, e.date, e.data, e.document) for e in rec.events})
        assert stored == expected, rec.numbers[0]


def test_export_writes_every_detail() -> None:
    rec = CaseRecord(procedure="enforcement", title="THA", holder_code="X", numbers=[("X", "1")],
                     events=[EventRecord("conditions_verified", dt.date(2026, 1, 2), {"able": False}),
                             EventRecord("judgment_delivered", dt.date(2026, 1, 3),
                                         {"person": "A", "linked_request": "R1"})])
    rows = list(record_rows(rec))
    at = {h: i for i, h in enumerate(C.HEADINGS)}
    assert rows[0][at[C.ABLE]] == "không"
    assert rows[1][at[C.PERSON]] == "A" and rows[1][at[C.DETAILS]] == "linked_request=R1"


def test_batch_left_running_shows_as_failed(client: Any, users: Any) -> None:
    stale = ImportBatch.objects.create(created_by=users["investigator"], file_name="a.xlsx",
                                       rows_total=100, rows_done=40)
    fresh = ImportBatch.objects.create(created_by=users["investigator"], file_name="b.xlsx")
    ImportBatch.objects.filter(pk=stale.pk).update(created_at=timezone.now() - dt.timedelta(hours=2))
    stale.refresh_from_db()
    assert batch_mark_stale(fresh).status == ImportBatch.Status.RUNNING
    client.force_login(users["investigator"])
    page = client.get(reverse("imports:batch", args=[stale.pk])).content.decode()
    stale.refresh_from_db()
    assert stale.status == ImportBatch.Status.FAILED and stale.finished_at is not None
    assert "bị gián đoạn" in stale.errors[0]["text"] and "40" in stale.errors[0]["text"]
    assert "bị gián đoạn" in page and 'id="import-failed"' in page
    status = client.get(reverse("imports:status", args=[fresh.pk])).json()
    assert status["running"] is True
    assert client.get(reverse("imports:status", args=[stale.pk])).json()["status"] == "failed"


def test_a_criminal_appeal_with_a_foreign_element_is_refused_naming_the_field(users: Any) -> None:
    # BLTTDS Đ.286 k4 / Luật TTHC Đ.221 only: the criminal code has no such exception.
    rows = [row("16/HS", "appeal_received", "04/03/2026",
                **{C.COURT: "tỉnh", C.DETAILS: "foreign_element=có"})]
    batch = import_file(actor=users["admin"], data=xlsx(rows), file_name="d.xlsx")
    assert batch.rows_rejected == 1 and batch.events_added == 0
    [text] = [e["text"] for e in batch.errors]
    assert text.startswith("Dòng 2, cột «Chi tiết khác»: trường 'foreign_element' không dùng cho "
                           "vụ việc hình sự: vụ án có yếu tố nước ngoài")
