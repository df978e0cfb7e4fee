"""Recording summonses and attendance: only the holding court, validated, audited."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from congminh.apps.attendance import services
from congminh.apps.attendance.models import Attendance, Summons
from congminh.apps.audit.models import AuditEntry

SESSION = dt.date(2026, 4, 15)  # as in conftest.py
TODAY = dt.date(2026, 6, 1)


def test_the_holding_court_records_a_summons_and_it_is_audited(
        cast: dict[str, Any], admin_case: Any, committees: dict[str, Any]) -> None:
    s = services.summons_create(actor=cast["officer_a"], case=admin_case, kind="hearing",
                                date=SESSION, committee=committees["sued"])
    entries = AuditEntry.objects.filter(object_type="attendance.summons", object_id=str(s.pk))
    assert entries.filter(action="attendance:summons:create", case_id=admin_case.pk).count() == 6
    assert entries.get(field="committee").new_value == committees["sued"].pk


@pytest.mark.parametrize("who", ["officer_b", "viewer_a", "supervisor", "prosecutor", "sued_committee"])
def test_no_one_else_records_a_summons(who: str, cast: dict[str, Any], admin_case: Any,
                                       committees: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):
        services.summons_create(actor=cast[who], case=admin_case, kind="hearing", date=SESSION,
                                committee=committees["sued"])
    assert not Summons.objects.exists()


def test_a_summons_belongs_to_an_administrative_case_and_names_a_committee(
        cast: dict[str, Any], make_case: Any, admin_case: Any, orgs: dict[str, Any],
        committees: dict[str, Any]) -> None:
    civil = make_case(number="02/2026/TLST-DS")
    with pytest.raises(ValidationError) as exc:
        services.summons_create(actor=cast["officer_a"], case=civil, kind="hearing", date=SESSION,
                                committee=committees["sued"])
    assert set(exc.value.message_dict) == {"case"}
    with pytest.raises(ValidationError) as exc:
        services.summons_create(actor=cast["officer_a"], case=admin_case, kind="hearing",
                                date=SESSION, committee=orgs["procuracy"])
    assert set(exc.value.message_dict) == {"committee"}


def test_attendance_record_validates_and_clears_what_does_not_belong(
        cast: dict[str, Any], summons: Summons) -> None:
    officer = cast["officer_a"]
    with pytest.raises(ValidationError) as exc:
        services.attendance_record(actor=officer, summons=summons, presence="vice_chair", today=TODAY)
    assert set(exc.value.message_dict) == {"authorisation_number", "authorisation_date"}
    record = services.attendance_record(
        actor=officer, summons=summons, presence="chair", attendee_name="Chủ tịch UBND",
        authorisation_number="12/GUQ", absence_reason="x", today=TODAY)
    assert (record.authorisation_number, record.absence_reason) == ("", "")
    assert record.attendee_name == "Chủ tịch UBND"


def test_a_session_not_yet_held_has_no_attendance(cast: dict[str, Any], summons: Summons) -> None:
    with pytest.raises(ValidationError):
        services.attendance_record(actor=cast["officer_a"], summons=summons, presence="chair",
                                   today=SESSION - dt.timedelta(days=1))
    assert not Attendance.objects.exists()


def test_correcting_a_record_audits_only_what_changed_and_repeating_it_nothing(
        cast: dict[str, Any], summons: Summons) -> None:
    officer = cast["officer_a"]
    services.attendance_record(actor=officer, summons=summons, presence="absent_without_reason",
                               today=TODAY)
    services.attendance_record(actor=officer, summons=summons, presence="vice_chair",
                               authorisation_number="12/GUQ-UBND",
                               authorisation_date=dt.date(2026, 4, 10), today=TODAY)
    services.attendance_record(actor=officer, summons=summons, presence="vice_chair",
                               authorisation_number="12/GUQ-UBND",
                               authorisation_date=dt.date(2026, 4, 10), today=TODAY)
    updates = AuditEntry.objects.filter(action="attendance:record:update", case_id=summons.case_id)
    assert {e.field: (e.old_value, e.new_value) for e in updates} == {
        "presence": ("absent_without_reason", "vice_chair"),
        "authorisation_number": ("", "12/GUQ-UBND"),
        "authorisation_date": (None, "2026-04-10"),
    }
    assert Attendance.objects.get().presence == "vice_chair"


@pytest.mark.parametrize("who", ["viewer_a", "supervisor", "sued_committee", "officer_b"])
def test_no_one_but_the_court_records_attendance(who: str, cast: dict[str, Any],
                                                 summons: Summons) -> None:
    with pytest.raises(PermissionDenied):
        services.attendance_record(actor=cast[who], summons=summons, presence="chair", today=TODAY)
