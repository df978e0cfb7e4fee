"""Supervision flags in the import: «Đánh dấu giám sát» with its required «Lý do đánh
dấu», kept as the note of the flag's audit entry (as the case page's flagging does), so the
supervisors' followed list shows why; the export writes both back."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from test_details import row, xlsx

from congminh.apps.audit.models import AuditEntry
from congminh.apps.cases.bulk import case_records_save
from congminh.apps.cases.models import Case
from congminh.apps.imports import columns as C
from congminh.apps.imports.export import record_rows
from congminh.apps.imports.services import import_file
from congminh.apps.supervision.selectors import flag_reasons
from congminh.core.records import CaseRecord, EventRecord

pytestmark = pytest.mark.django_db

REASON = "Đơn kêu oan của gia đình bị can gửi Thường trực HĐND tỉnh"


def _case(number: str) -> Case:
    return Case.objects.get(agency_numbers__number=number)


def test_flags_come_in_with_their_reason(users: Any) -> None:
    rows = [
        row("1/HS", "Khởi tố vụ án", "05/01/2026",
            **{C.FLAGS: "Có dấu hiệu oan, sai; dư luận", C.FLAG_REASON: REASON}),
        row("1/HS", "Gia hạn điều tra", "05/04/2026",
            **{C.MONTHS: "2", C.FLAGS: "Có dấu hiệu oan, sai; dư luận", C.FLAG_REASON: REASON}),
        row("2/HS", "Khởi tố vụ án", "05/01/2026"),
    ]
    batch = import_file(actor=users["investigator"], data=xlsx(rows), file_name="f.xlsx")
    assert batch.errors == [] and batch.warnings == []
    flagged, plain = _case("1/HS"), _case("2/HS")
    assert flagged.public_concern and flagged.wrongful_conviction_signs
    assert not (plain.public_concern or plain.wrongful_conviction_signs)
    reasons = flag_reasons([flagged.pk, plain.pk])
    assert set(reasons) == {(flagged.pk, "public_concern"), (flagged.pk, "wrongful_conviction_signs")}
    for entry in reasons.values():
        assert entry.note == REASON and entry.action == "flag" and entry.actor == users["investigator"]
        assert (entry.old_value, entry.new_value) == (False, True)


def test_a_flag_without_reason_is_refused(users: Any) -> None:
    rows = [
        row("1/HS", "Khởi tố vụ án", "05/01/2026", **{C.FLAGS: "dư luận xã hội đặc biệt quan tâm"}),
        row("2/HS", "Khởi tố vụ án", "05/01/2026", **{C.FLAGS: "nghi ngờ", C.FLAG_REASON: REASON}),
        row("3/HS", "Khởi tố vụ án", "05/01/2026", **{C.FLAG_REASON: REASON}),
    ]
    batch = import_file(actor=users["investigator"], data=xlsx(rows), file_name="f.xlsx")
    assert [e["text"] for e in batch.errors] == [
        "Dòng 2, cột «Lý do đánh dấu»: cần ghi lý do đánh dấu giám sát (ai đề nghị, nội dung phản "
        "ánh), như khi đánh dấu trên trang vụ án",
        "Dòng 3, cột «Đánh dấu giám sát»: «nghi ngờ» không thuộc các giá trị được chấp nhận",
    ]
    assert [w["text"] for w in batch.warnings] == [
        "Dòng 4, cột «Lý do đánh dấu»: lý do không được lưu: cột «Đánh dấu giám sát» không ghi "
        "đánh dấu nào"]
    assert list(Case.objects.values_list("public_concern", "wrongful_conviction_signs")) == [(False, False)]
    assert not AuditEntry.objects.filter(action="flag").exists()


def test_a_flag_raised_on_a_stored_case_is_audited_with_its_reason(users: Any) -> None:
    first = [row("1/HS", "Khởi tố vụ án", "05/01/2026")]
    import_file(actor=users["investigator"], data=xlsx(first), file_name="a.xlsx")
    again = [row("1/HS", "Khởi tố vụ án", "05/01/2026",
                 **{C.FLAGS: "oan sai", C.FLAG_REASON: REASON})]
    batch = import_file(actor=users["investigator"], data=xlsx(again), file_name="b.xlsx")
    assert batch.errors == []
    case = _case("1/HS")
    assert case.wrongful_conviction_signs and not case.public_concern
    entries = AuditEntry.objects.filter(case_id=case.pk, field="wrongful_conviction_signs")
    assert [(e.action, e.note) for e in entries] == [("flag", REASON)]
    assert flag_reasons([case.pk])[(case.pk, "wrongful_conviction_signs")].note == REASON


def test_the_bulk_writer_refuses_a_flag_without_reason(users: Any) -> None:
    rec = CaseRecord(procedure="criminal", title="Vụ trộm cắp tài sản", holder_code="CA-TINH",
                     numbers=[("CA-TINH", "9/HS")], public_concern=True,
                     events=[EventRecord("case_instituted", dt.date(2026, 1, 5))])
    result = case_records_save([rec], actor=None, source="demo")
    assert [(r.field, r.code) for r in result.rejections] == [("flag_reason", "flag_without_reason")]
    assert not Case.objects.exists()


def test_export_writes_the_flags_and_reason() -> None:
    rec = CaseRecord(procedure="criminal", title="Vụ", holder_code="X", numbers=[("X", "1")],
                     public_concern=True, wrongful_conviction_signs=True, flag_reason=REASON,
                     events=[EventRecord("case_instituted", dt.date(2026, 1, 2))])
    cells = next(record_rows(rec))
    assert cells[C.HEADINGS.index(C.FLAGS)] == "Dư luận xã hội đặc biệt quan tâm; Có dấu hiệu oan, sai"
    assert cells[C.HEADINGS.index(C.FLAG_REASON)] == REASON


def test_the_crime_let_slip_comes_in_and_goes_out(users: Any) -> None:
    """«Có dấu hiệu bỏ lọt tội phạm» (or «bỏ lọt») is read like the other flags, with its
    reason in the audit trail, and the export writes its label back."""
    rows = [row("3/HS", "Khởi tố vụ án", "05/01/2026",
                **{C.FLAGS: "bỏ lọt", C.FLAG_REASON: "Tin báo: còn đồng phạm chưa bị xử lý"})]
    batch = import_file(actor=users["investigator"], data=xlsx(rows), file_name="f.xlsx")
    assert batch.errors == [] and batch.warnings == []
    case = _case("3/HS")
    assert case.missed_crime_signs and not (case.public_concern or case.wrongful_conviction_signs)
    entry = flag_reasons([case.pk])[(case.pk, "missed_crime_signs")]
    assert (entry.note, entry.new_value) == ("Tin báo: còn đồng phạm chưa bị xử lý", True)
    rec = CaseRecord(procedure="criminal", title="Vụ", holder_code="X", numbers=[("X", "1")],
                     missed_crime_signs=True, flag_reason=REASON,
                     events=[EventRecord("case_instituted", dt.date(2026, 1, 2))])
    cells = next(record_rows(rec))
    assert cells[C.HEADINGS.index(C.FLAGS)] == "Có dấu hiệu bỏ lọt tội phạm"
