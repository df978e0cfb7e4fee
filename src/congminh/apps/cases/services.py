"""Writes to cases. Each service checks the actor's scope, validates, saves and records
the change in the audit trail inside one transaction."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congminh.apps.accounts import scope
from congminh.apps.audit.services import audit_record
from congminh.apps.cases.derived import search_text_for, stage_after
from congminh.apps.cases.models import (
    AgencyNumber,
    Case,
    CaseEvent,
    EventSource,
    NumberClaim,
    Party,
)
from congminh.apps.cases.signals import case_events_changed
from congminh.apps.organisations.models import Organisation
from congminh.core.law import lawful
from congminh.core.law.payload import case_payload
from congminh.core.text import fold, fold_key, nfc

CASE_FIELDS = (
    "procedure", "category", "case_kind", "national_security", "title", "summary",
    "holder", "public_concern", "wrongful_conviction_signs", "missed_crime_signs",
)


def _require(decision: scope.Decision) -> None:
    if not decision:
        raise PermissionDenied(decision.reason)


def _require_write(actor: Any, case: Case) -> None:
    """`actor` None is the system (demo loader, migrations): it may write anything."""
    if actor is not None:
        _require(scope.can_change_case(actor, case))


def _require_org_write(actor: Any, holder: Organisation) -> None:
    if actor is not None:
        _require(scope.can_create_case(actor, holder))


def case_search_text_refresh(case: Case) -> None:
    names = list(case.parties.values_list("name", flat=True))
    numbers = list(case.agency_numbers.values_list("number", flat=True))
    case.search_text = search_text_for(case.title, names, numbers)
    Case.objects.filter(pk=case.pk).update(search_text=case.search_text)


@transaction.atomic
def case_create(
    *,
    actor: Any,
    procedure: str,
    title: str,
    holder: Organisation,
    category: str = "",
    case_kind: str = "",
    national_security: bool = False,
    summary: str = "",
    public_concern: bool = False,
    wrongful_conviction_signs: bool = False,
    missed_crime_signs: bool = False,
    agency_number: str = "",
    reason: str = "",
) -> Case:
    """A new case; a supervision flag raised at once needs its `reason`, audited as
    `case_flags_set` audits it (so the followed list shows why)."""
    _require_org_write(actor, holder)
    flags = {name: (False, True) for name, on in (("public_concern", public_concern),
                                                   ("wrongful_conviction_signs", wrongful_conviction_signs),
                                                   ("missed_crime_signs", missed_crime_signs)) if on}
    reason = nfc(reason.strip())
    if flags and not reason:
        raise ValidationError({"reason": _("Give the reason for changing a supervision flag.")})
    case = Case(
        procedure=procedure, title=nfc(title.strip()), holder=holder, category=category,
        case_kind=case_kind, national_security=national_security, summary=nfc(summary),
        public_concern=public_concern, wrongful_conviction_signs=wrongful_conviction_signs,
        missed_crime_signs=missed_crime_signs,
    )
    case.full_clean(exclude=["stage", "status"])
    case.save()
    audit_record(
        actor=actor, action="create", obj=case, case_id=case.pk,
        changes={f: (None, getattr(case, f"{f}_id" if f == "holder" else f)) for f in CASE_FIELDS},
    )
    if flags:
        audit_record(actor=actor, action="flag", obj=case, case_id=case.pk, changes=flags, note=reason)
    if agency_number:
        agency_number_add(actor=actor, case=case, organisation=holder, number=agency_number)
    else:
        case_search_text_refresh(case)
    return case


@transaction.atomic
def case_open(
    *, actor: Any, procedure: str, title: str, holder: Organisation, number: str,
    event_type: str, event_date: dt.date, category: str = "", case_kind: str = "",
    national_security: bool = False, summary: str = "",
    party: tuple[str, str] | None = None,
) -> Case:
    """Open a case from the screen, all or nothing: its number at the holder, a party and
    its first event (checked by the law like any event: a refused first event leaves no
    half-made case). Fields that do not belong to the procedure are dropped."""
    criminal = procedure == "criminal"
    case = case_create(
        actor=actor, procedure=procedure, title=title, holder=holder,
        category=category if criminal else "",
        case_kind=case_kind if procedure in ("civil", "administrative") else "",
        national_security=national_security and criminal, summary=summary,
        agency_number=number,
    )
    if party is not None:
        party_add(actor=actor, case=case, name=party[0], role=party[1])
    case_event_append(actor=actor, case=case, type=event_type, date=event_date)
    return case


@transaction.atomic
def case_update(*, actor: Any, case: Case, reason: str = "", **fields: Any) -> Case:
    """Change a case's descriptive fields (its holder's officers, admins). A change of a
    supervision flag needs a `reason`, kept in the audit trail."""
    _require_write(actor, case)
    return _apply_changes(actor, case, fields, reason)


@transaction.atomic
def case_flags_set(*, actor: Any, case: Case, reason: str, **flags: bool) -> Case:
    """Set or clear the supervision flags (public concern, signs of wrongful conviction or
    of a crime let slip): the holder's officers and the supervisors who read the case,
    always with a reason."""
    if actor is not None:
        _require(scope.can_flag(actor, case))
    unknown = set(flags) - set(scope.SUPERVISION_FLAGS)
    if unknown:
        raise ValidationError(_("Unknown fields: %s") % ", ".join(sorted(unknown)))
    return _apply_changes(actor, case, flags, reason, action="flag")


def _apply_changes(actor: Any, case: Case, fields: dict[str, Any], reason: str,
                   action: str = "update") -> Case:
    unknown = set(fields) - set(CASE_FIELDS)
    if unknown:
        raise ValidationError(_("Unknown fields: %s") % ", ".join(sorted(unknown)))
    changes: dict[str, tuple[Any, Any]] = {}
    for name, value in fields.items():
        attr = "holder_id" if name == "holder" else name
        new = value.pk if name == "holder" and value is not None else value
        old = getattr(case, attr)
        if old != new:
            changes[name] = (old, new)
            setattr(case, attr, new)
    if not changes:
        return case
    reason = nfc(reason.strip())
    if set(changes) & set(scope.SUPERVISION_FLAGS) and not reason:
        raise ValidationError({"reason": _("Give the reason for changing a supervision flag.")})
    case.full_clean(exclude=["stage", "status"])
    case.save()
    audit_record(actor=actor, action=action, obj=case, case_id=case.pk, changes=changes,
                 note=reason)
    if "title" in changes:
        case_search_text_refresh(case)
    return case


@transaction.atomic
def agency_number_add(
    *, actor: Any, case: Case, organisation: Organisation, number: str
) -> AgencyNumber | NumberClaim:
    """Give `case` its number at `organisation`. The holder's own number (or any number
    given by an admin or the system) is stored at once; a number at another body is a
    claim that body confirms (`claims.claim_confirm`): linking is not access."""
    _require_write(actor, case)
    number = nfc(number.strip())
    key = fold_key(number)
    if not key:
        raise ValidationError({"number": _("The case number is empty.")})
    if actor is not None and not scope.is_admin(actor) and organisation.pk != case.holder_id:
        from congminh.apps.cases.claims import claim_create

        return claim_create(actor=actor, case=case, organisation=organisation, number=number)
    clash = AgencyNumber.objects.filter(organisation=organisation, number_key=key).first()
    if clash is not None:
        if clash.case_id == case.pk:
            return clash
        raise ValidationError(
            {"number": _("Number %(n)s is already used by another case at %(org)s.")
             % {"n": number, "org": organisation.name}}
        )
    link = AgencyNumber.objects.create(
        case=case, organisation=organisation, number=number, number_key=key
    )
    audit_record(
        actor=actor, action="add_number", obj=link, case_id=case.pk,
        changes={"number": (None, f"{organisation.name}: {number}")},
    )
    case_search_text_refresh(case)
    return link


@transaction.atomic
def party_add(*, actor: Any, case: Case, name: str, role: str, **extra: Any) -> Party:
    _require_write(actor, case)
    party = Party(case=case, name=nfc(name.strip()), role=role, **extra)
    party.name_folded = fold(party.name)
    party.full_clean()
    party.save()
    audit_record(
        actor=actor, action="add_party", obj=party, case_id=case.pk,
        changes={"name": (None, party.name), "role": (None, role)},
    )
    case_search_text_refresh(case)
    return party


def _validate_event(case: Case, type_: str, date: dt.date, data: Mapping[str, Any]) -> None:
    """The event alone: a date not in the future, then the vocabulary (`lawful.event_problems`)."""
    if date > timezone.localdate() + dt.timedelta(days=1):
        raise ValidationError({"date": _("The event date is in the future.")})
    event = {**data, "type": type_, "date": date.isoformat()}
    _raise_refusals(lawful.event_problems({"procedure": case.procedure}, event), event)


# Which form field a refusal belongs to (the rest go to the top of the form).
_REFUSAL_FIELDS = {"wrong_procedure": "type", "unknown_event": "type", "bad_details": "data",
                   "missing_prerequisite": "type", "wrong_stage": "type"}


def _require_lawful(case: Case, event: dict[str, Any], supersedes: CaseEvent | None) -> None:
    """Refuse an event the law does not allow after the case's history (the engine
    decides: `core.law.lawful`), with its Vietnamese message naming rule and limit."""
    _raise_refusals(lawful.refusals(law_input(case, without=supersedes), event), event)


def _raise_refusals(found: list[lawful.Refusal], event: dict[str, Any]) -> None:
    if not found:
        return
    errors: dict[str, list[str]] = {}
    for refusal in found:
        field = _REFUSAL_FIELDS.get(refusal.code)
        if field is None:  # over a cap: the length given, else the event itself
            field = next((k for k in ("months", "days") if k in event), "type")
        errors.setdefault(field, []).append(refusal.message)
    raise ValidationError(errors)


def _stage_after(case: Case, events: Iterable[CaseEvent]) -> str:
    # Kept for callers of the old name; the rule lives in `derived` (shared with bulk).
    return stage_after(events)


def case_derived_refresh(case: Case) -> None:
    """Recompute stage, opening date and last-event date from the effective log."""
    events = effective_events(case)
    case.stage = _stage_after(case, events)
    case.opened_on = events[0].date if events else None
    case.last_event_on = events[-1].date if events else None
    case.closed_on = events[-1].date if events and events[-1].type == "closed" else None
    Case.objects.filter(pk=case.pk).update(
        stage=case.stage, opened_on=case.opened_on, last_event_on=case.last_event_on,
        closed_on=case.closed_on,
    )


@transaction.atomic
def case_event_append(
    *,
    actor: Any,
    case: Case,
    type: str,
    date: dt.date,
    data: Mapping[str, Any] | None = None,
    document: str = "",
    note: str = "",
    organisation: Organisation | None = None,
    supersedes: CaseEvent | None = None,
    source: str = EventSource.MANUAL,
    recorded_by: Any = None,
) -> CaseEvent:
    """Append one event to the log. Nothing is edited: a correction supersedes, a
    mistake is withdrawn (`case_event_withdraw`).

    `recorded_by`: the user who entered a workflow's step when the caller checked their
    right against the workflow's own object and passes `actor` None (a reply of the body
    asked, which does not hold the case): the event and its audit entry name them."""
    data = dict(data or {})
    _validate_event(case, type, date, data)
    if actor is not None:
        _require(scope.can_record_event(actor, case, type))
    if supersedes is not None and supersedes.case_id != case.pk:
        raise ValidationError({"supersedes": _("The corrected event belongs to another case.")})
    if supersedes is not None and supersedes.withdrawn_at is not None:
        raise ValidationError({"supersedes": _("The corrected event was withdrawn.")})
    _require_lawful(case, {"type": type, "date": date.isoformat(), **data}, supersedes)
    recorder = actor if actor is not None else recorded_by
    event = CaseEvent.objects.create(
        case=case, type=type, date=date, data=data, document=nfc(document), note=nfc(note),
        organisation=organisation or getattr(actor, "organisation", None),
        supersedes=supersedes, source=source,
        recorded_by=recorder if getattr(recorder, "pk", None) else None,
    )
    audit_record(
        actor=recorder, action="correct_event" if supersedes else "add_event", obj=event,
        case_id=case.pk,
        changes={"event": (
            {"type": supersedes.type, "date": supersedes.date.isoformat(), **supersedes.data}
            if supersedes else None,
            {"type": type, "date": date.isoformat(), **data},
        )},
    )
    case_derived_refresh(case)
    case_ids = [case.pk]
    transaction.on_commit(lambda: case_events_changed.send(sender=Case, case_ids=case_ids))
    return event


@transaction.atomic
def case_event_withdraw(*, actor: Any, event: CaseEvent, reason: str) -> CaseEvent:
    """Withdraw a mistaken event: it stays in the log, marked withdrawn with who, when and
    why; the clocks are recomputed without it."""
    case = event.case
    if actor is not None:
        _require(scope.can_record_event(actor, case, event.type))
    reason = nfc(reason.strip())
    if not reason:
        raise ValidationError({"reason": _("Give the reason for withdrawing the event.")})
    if event.withdrawn_at is not None:
        raise ValidationError({"reason": _("This event was already withdrawn.")})
    event.withdrawn_at = timezone.now()
    event.withdrawn_by = actor if getattr(actor, "pk", None) else None
    event.withdrawal_reason = reason
    event.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawal_reason"])
    audit_record(
        actor=actor, action="withdraw_event", obj=event, case_id=case.pk, note=reason,
        changes={"event": ({"type": event.type, "date": event.date.isoformat(), **event.data}, None)},
    )
    case_derived_refresh(case)
    case_ids = [case.pk]
    transaction.on_commit(lambda: case_events_changed.send(sender=Case, case_ids=case_ids))
    return event


def effective_events(case: Case) -> list[CaseEvent]:
    """The log without withdrawn events and the events a later correction superseded,
    in date order."""
    live = case.events.filter(withdrawn_at__isnull=True)
    superseded = set(live.exclude(supersedes=None).values_list("supersedes_id", flat=True))
    return [e for e in live.order_by("date", "id") if e.pk not in superseded]


def law_input(case: Case, *, without: CaseEvent | None = None) -> dict[str, Any]:
    """The case as the law engine reads it (CONTRACTS.md section 1), effective events
    only (and without `without`, an event about to be corrected)."""
    events = [
        {"type": e.type, "date": e.date.isoformat(), **e.data} for e in effective_events(case)
        if without is None or e.pk != without.pk
    ]
    return case_payload({"id": str(case.pk), "procedure": case.procedure,
                         "category": case.category, "case_kind": case.case_kind,
                         "national_security": case.national_security}, events)
