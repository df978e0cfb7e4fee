"""The bulk writer: upsert by the holder's number, no duplicate events, scope, audit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from congminh.apps.audit.models import AuditEntry
from congminh.apps.cases.bulk import case_records_save
from congminh.apps.cases.models import AgencyNumber, Case, CaseEvent, Party
from congminh.apps.cases.signals import case_events_changed
from congminh.core.records import CaseRecord, EventRecord, PartyRecord

pytestmark = pytest.mark.django_db


def record(number: str = "05/2026/HS", holder: str = "CA-TINH", **kw: Any) -> CaseRecord:
    defaults: dict[str, Any] = {
        "procedure": "criminal", "title": "Vụ trộm cắp tài sản tại chợ Đêm",
        "holder_code": holder, "numbers": [(holder, number)], "category": "serious",
        "parties": [PartyRecord("Nguyễn Văn Ánh", "accused")],
        "events": [
            EventRecord("case_instituted", dt.date(2026, 1, 5)),
            EventRecord("investigation_extended", dt.date(2026, 4, 20), {"months": 2}),
        ],
    }
    defaults.update(kw)
    return CaseRecord(**defaults)


def test_creates_case_with_derived_fields_and_audit(users: Any) -> None:
    result = case_records_save([record()], actor=users["investigator"], source="import")
    assert result.cases_created == 1 and result.events_added == 2 and not result.rejections
    case = Case.objects.get()
    assert case.stage == "investigation"
    assert case.opened_on == dt.date(2026, 1, 5) and case.last_event_on == dt.date(2026, 4, 20)
    assert "nguyen van anh" in case.search_text and "052026hs" in case.search_text
    assert Party.objects.get().name_folded == "nguyen van anh"
    assert AuditEntry.objects.filter(case_id=case.pk, action="create").count() == 1
    assert AuditEntry.objects.filter(case_id=case.pk, action="add_event").count() == 2
    assert CaseEvent.objects.filter(source="import", recorded_by=users["investigator"]).count() == 2


def test_second_save_changes_nothing(users: Any) -> None:
    case_records_save([record()], actor=users["admin"], source="import")
    counts = (Case.objects.count(), CaseEvent.objects.count(), AuditEntry.objects.count())
    again = case_records_save([record(number="05-2026-hs")], actor=users["admin"], source="import")
    assert not again.changed and again.events_unchanged == 2
    assert (Case.objects.count(), CaseEvent.objects.count(), AuditEntry.objects.count()) == counts


def test_new_events_numbers_and_parties_join_the_stored_case(users: Any) -> None:
    case_records_save([record()], actor=users["admin"], source="import")
    later = record(
        numbers=[("CA-TINH", "05/2026/HS"), ("VKS-TINH", "12/VKS-P1")],
        parties=[PartyRecord("Nguyễn Văn Ánh", "accused"), PartyRecord("Lê Thị Bé", "victim")],
        events=[EventRecord("investigation_concluded", dt.date(2026, 6, 1))],
    )
    result = case_records_save([later], actor=users["admin"], source="import")
    assert (result.cases_created, result.cases_updated) == (0, 1)
    assert (result.events_added, result.numbers_added, result.parties_added) == (1, 1, 1)
    case = Case.objects.get()
    assert case.stage == "prosecution" and case.last_event_on == dt.date(2026, 6, 1)
    assert "le thi be" in case.search_text and "12vksp1" in case.search_text
    # The procuracy's number alone now finds the same case.
    by_other = record(holder="VKS-TINH", number="12/VKS-P1", events=[], parties=[])
    assert case_records_save([by_other], actor=users["admin"], source="import").record_cases == {0: case.pk}


def test_records_of_one_case_in_one_batch_merge(users: Any) -> None:
    first = record(events=[EventRecord("case_instituted", dt.date(2026, 1, 5))])
    second = record(events=[EventRecord("investigation_concluded", dt.date(2026, 3, 1))])
    result = case_records_save([first, second], actor=users["admin"], source="import")
    assert result.cases_created == 1 and result.events_added == 2
    assert Case.objects.get().stage == "prosecution"


def test_officer_cannot_store_another_bodys_case(users: Any) -> None:
    result = case_records_save(
        [record(), record(holder="TAND-KV2", number="9/2026")], actor=users["investigator"], source="import"
    )
    assert result.cases_created == 1
    [rejection] = result.rejections
    assert (rejection.record, rejection.code, rejection.params) == (1, "out_of_scope", {"body": "TAND-KV2"})
    assert not AgencyNumber.objects.filter(organisation__code="TAND-KV2").exists()


def test_viewer_stores_nothing(users: Any) -> None:
    result = case_records_save([record()], actor=users["viewer_a"], source="import")
    assert not result.changed and result.rejections[0].code == "out_of_scope"


def test_bad_events_are_rejected_and_the_rest_kept(users: Any) -> None:
    rec = record(events=[
        EventRecord("case_instituted", dt.date(2026, 1, 5)),
        EventRecord("enforcement_decision_received", dt.date(2026, 1, 6)),
        EventRecord("no_such_event", dt.date(2026, 1, 7)),
    ])
    result = case_records_save([rec], actor=None, source="demo")
    assert result.events_added == 1
    assert [(r.event, r.code) for r in result.rejections] == [
        (1, "event_not_for_procedure"), (2, "unknown_event"),
    ]


def test_numbers_of_two_cases_conflict(users: Any) -> None:
    case_records_save([record(), record(number="06/2026/HS")], actor=users["admin"], source="import")
    both = record(numbers=[("CA-TINH", "05/2026/HS"), ("CA-TINH", "06/2026/HS")])
    result = case_records_save([both], actor=users["admin"], source="import")
    assert result.rejections[0].code == "number_conflict" and not result.changed


def test_signal_sent_on_commit_with_touched_cases(
    users: Any, django_capture_on_commit_callbacks: Any
) -> None:
    received: list[list[int]] = []

    def listener(sender: Any, case_ids: list[int], **kw: Any) -> None:
        received.append(list(case_ids))

    case_events_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            result = case_records_save([record()], actor=users["admin"], source="import")
    finally:
        case_events_changed.disconnect(listener)
    assert received == [sorted(result.case_ids)]


def test_many_records_span_batches(users: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from congminh.apps.cases import bulk

    monkeypatch.setattr(bulk, "BATCH_CASES", 7)
    records = [record(number=f"{i}/2026/HS") for i in range(28)]
    result = case_records_save(records, actor=users["admin"], source="import")
    assert result.cases_created == 28 and result.records == 28
    assert CaseEvent.objects.count() == 56


@pytest.mark.parametrize(("threshold", "analyzed"), [(1, True), (10**9, False)])
def test_a_big_load_refreshes_the_planner_statistics_on_postgresql(
    users: Any, monkeypatch: Any, threshold: int, analyzed: bool
) -> None:
    """A load of many rows ANALYZEs the case tables it filled (PostgreSQL; autovacuum
    would do it only later): the statements that follow plan on the new sizes. Below the
    threshold (`sql.ANALYZE_AFTER_ROWS`, here made 1 or out of reach), and on SQLite, nothing."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from congminh import sql

    monkeypatch.setattr(sql, "ANALYZE_AFTER_ROWS", threshold)
    with CaptureQueriesContext(connection) as ctx:
        case_records_save([record()], actor=users["admin"], source="import")
    statements = [q["sql"] for q in ctx.captured_queries if q["sql"].startswith("ANALYZE")]
    if connection.vendor == "postgresql" and analyzed:
        assert len(statements) == 1
        assert all(f'"{t}"' in statements[0] for t in ("cases_case", "cases_caseevent", "audit_auditentry"))
    else:
        assert statements == []


def test_admin_cannot_make_a_body_that_holds_no_cases_the_holder(users: Any) -> None:
    """An admin imports for any body, but the Internal Affairs Committee holds no cases:
    the row is refused by name and nothing is stored (the rest of the file still is)."""
    result = case_records_save([record(holder="BNC-TU"), record(number="07/2026/HS")],
                               actor=users["admin"], source="import")
    assert [(r.record, r.field, r.code) for r in result.rejections] == [(0, "holder_code", "not_a_holder")]
    assert list(Case.objects.values_list("holder__code", flat=True)) == ["CA-TINH"]
