"""Writes: a summons and its attendance record. Only the court holding the case (its
officers, `scope.can_change_case`) or an admin records them; every change is audited
against the case (`audit.services.audit_record`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from congminh.apps.accounts import scope
from congminh.apps.attendance.models import Attendance, Presence, Summons
from congminh.apps.attendance.rules import attendance_problems
from congminh.apps.audit.services import audit_record
from congminh.apps.cases.models import Case
from congminh.apps.organisations.models import Organisation
from congminh.core.text import nfc

SUMMONS_FIELDS = ("case", "kind", "date", "committee", "opinion_due", "note")
ATTENDANCE_FIELDS = ("presence", "attendee_name", "authorisation_number", "authorisation_date",
                     "absence_reason", "opinion_filed_on")


def _require_write(actor: Any, case: Case) -> None:
    """`actor` None is the system (demo loader): it may write anything."""
    if actor is None:
        return
    decision = scope.can_change_case(actor, case)
    if not decision:
        raise PermissionDenied(decision.reason)


def _check_summons(case: Case, committee: Organisation, date: dt.date,
                   opinion_due: dt.date | None) -> None:
    errors: dict[str, str] = {}
    if case.procedure != "administrative":
        errors["case"] = _("Summonses of the sued People's Committee belong to administrative cases.")
    if committee.kind != "peoples_committee":
        errors["committee"] = _("«%s» is not a People's Committee.") % committee.name
    if opinion_due is not None and case.opened_on and opinion_due < case.opened_on:
        errors["opinion_due"] = _("The written opinion cannot be due before the case was opened.")
    if errors:
        raise ValidationError(errors)


def _value(obj: Any, name: str) -> Any:
    return getattr(obj, f"{name}_id") if name in ("case", "committee") else getattr(obj, name)


# What a bulk writer leaves to the database (its foreign keys and unique constraint).
RELATIONS = ("case", "committee", "created_by", "summons", "recorded_by")


def summons_build(*, actor: Any, case: Case, kind: str, date: dt.date, committee: Organisation,
                  opinion_due: dt.date | None = None, note: str = "",
                  check_relations: bool = True) -> Summons:
    """A checked, unsaved summons. `check_relations` False: the caller took `case` and
    `committee` from the database and inserts in bulk, so the rows' own constraints check
    them there (one query each otherwise)."""
    _require_write(actor, case)
    _check_summons(case, committee, date, opinion_due)
    summons = Summons(case=case, kind=kind, date=date, committee=committee,
                      opinion_due=opinion_due, note=nfc(note.strip()),
                      created_by=actor if getattr(actor, "pk", None) else None)
    _full_clean(summons, check_relations)
    return summons


def summons_changes(summons: Summons) -> dict[str, tuple[Any, Any]]:
    """The audit's changes of a new summons."""
    return {f: (None, _value(summons, f)) for f in SUMMONS_FIELDS}


def _full_clean(obj: Summons | Attendance, check_relations: bool) -> None:
    obj.full_clean(exclude=None if check_relations else list(RELATIONS),
                   validate_unique=check_relations, validate_constraints=check_relations)


@transaction.atomic
def summons_create(*, actor: Any, case: Case, kind: str, date: dt.date, committee: Organisation,
                   opinion_due: dt.date | None = None, note: str = "") -> Summons:
    summons = summons_build(actor=actor, case=case, kind=kind, date=date, committee=committee,
                            opinion_due=opinion_due, note=note)
    summons.save()
    audit_record(actor=actor, action="attendance:summons:create", obj=summons, case_id=case.pk,
                 changes=summons_changes(summons))
    return summons


@transaction.atomic
def summons_update(*, actor: Any, summons: Summons, **fields: Any) -> Summons:
    """Change a summons' date, kind, committee, due day or note (audited field by field)."""
    _require_write(actor, summons.case)
    changes: dict[str, tuple[Any, Any]] = {}
    for name, value in fields.items():
        if name not in SUMMONS_FIELDS or name == "case":
            raise ValueError(f"not a summons field: {name}")
        old = _value(summons, name)
        setattr(summons, name, value)
        new = _value(summons, name)
        if old != new:
            changes[name] = (old, new)
    if not changes:
        return summons
    _check_summons(summons.case, summons.committee, summons.date, summons.opinion_due)
    summons.full_clean()
    summons.save()
    audit_record(actor=actor, action="attendance:summons:update", obj=summons,
                 case_id=summons.case_id, changes=changes)
    return summons


@transaction.atomic
def attendance_record(
    *, actor: Any, summons: Summons, presence: str, attendee_name: str = "",
    authorisation_number: str = "", authorisation_date: dt.date | None = None,
    absence_reason: str = "", opinion_filed_on: dt.date | None = None,
    today: dt.date,
) -> Attendance:
    """Record (or correct) who attended for the sued committee and when its written
    opinion arrived. Fields that do not belong to the presence are cleared (no
    authorisation for the chair, no reason for someone who came)."""
    _require_write(actor, summons.case)
    values = attendance_values(
        summons=summons, presence=presence, attendee_name=attendee_name,
        authorisation_number=authorisation_number, authorisation_date=authorisation_date,
        absence_reason=absence_reason, opinion_filed_on=opinion_filed_on, today=today)
    record = Attendance.objects.filter(summons=summons).first()
    created = record is None
    if record is None:
        record = Attendance(summons=summons)
    changes = {}
    for name, value in values.items():
        old = None if created else getattr(record, name)
        if created or old != value:
            changes[name] = (old, value)
        setattr(record, name, value)
    if not changes:
        return record
    record.recorded_by = actor if getattr(actor, "pk", None) else None
    _full_clean(record, True)
    record.save()
    audit_record(actor=actor, action="attendance:record:" + ("create" if created else "update"),
                 obj=record, case_id=summons.case_id, changes=changes)
    return record


def attendance_values(
    *, summons: Summons, presence: str, attendee_name: str = "", authorisation_number: str = "",
    authorisation_date: dt.date | None = None, absence_reason: str = "",
    opinion_filed_on: dt.date | None = None, today: dt.date,
) -> dict[str, Any]:
    """An attendance record's fields, checked (`ValidationError`), those that do not belong
    to the presence cleared (no authorisation for the chair, no reason for someone who came)."""
    if summons.date > today:
        raise ValidationError({"presence": _("The session has not been held yet (%s).")
                               % f"{summons.date:%d/%m/%Y}"})
    problems = attendance_problems(
        presence=presence, authorisation_number=authorisation_number,
        authorisation_date=authorisation_date, absence_reason=absence_reason,
        session_date=summons.date)
    if opinion_filed_on is not None and opinion_filed_on > today:
        problems["opinion_filed_on"] = _("The written opinion cannot be received in the future.")
    if problems:
        raise ValidationError(problems)
    if presence != Presence.VICE_CHAIR:
        authorisation_number, authorisation_date = "", None
    if presence != Presence.ABSENT_WITH_REASON:
        absence_reason = ""
    if presence in (Presence.ABSENT_WITH_REASON, Presence.ABSENT_WITHOUT_REASON):
        attendee_name = ""
    return {
        "presence": presence, "attendee_name": nfc(attendee_name.strip()),
        "authorisation_number": authorisation_number.strip(),
        "authorisation_date": authorisation_date, "absence_reason": nfc(absence_reason.strip()),
        "opinion_filed_on": opinion_filed_on,
    }


def attendance_build(*, actor: Any, summons: Summons, today: dt.date,
                     **fields: Any) -> tuple[Attendance, dict[str, tuple[Any, Any]]]:
    """A new, checked, unsaved record of `summons` (which has none yet) and its audit's
    changes, for a bulk writer that took `summons` from the database or inserts it first."""
    values = attendance_values(summons=summons, today=today, **fields)
    record = Attendance(summons=summons, recorded_by=actor if getattr(actor, "pk", None) else None,
                        **values)
    _full_clean(record, False)
    return record, {name: (None, value) for name, value in values.items()}
