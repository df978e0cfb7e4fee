"""Writes to complaints and denunciations.

Each step is recorded as an event of the case through `cases.services.case_event_append`
(`complaint_received` / `_extended` / `_resolved`, `denunciation_…`, with `ref` = the
complaint's number), so the law engine checks it (an extension the rule does not allow or
over its ceiling is refused with the rule) and computes the clock; the complaint keeps the
due date the engine computed, for fast lists across cases. Each change is audited with
the acting user.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congminh.apps.accounts import scope
from congminh.apps.audit.services import audit_record
from congminh.apps.cases import services as case_services
from congminh.apps.cases.models import Case, EventSource
from congminh.apps.complaints import routing
from congminh.apps.complaints.models import (
    AGAINST_BY_PROCEDURE,
    BODY_KINDS_BY_AGAINST,
    Complaint,
    ComplaintKind,
    ComplaintStatus,
    Level,
    Outcome,
)
from congminh.apps.organisations.models import Organisation
from congminh.core import law
from congminh.core.text import nfc

CLOCK_KINDS = ("complaint", "denunciation")


def _require(decision: scope.Decision) -> None:
    if not decision:
        raise PermissionDenied(decision.reason)


def _today() -> dt.date:
    return timezone.localdate()


def _event(complaint: Complaint, *, suffix: str, date: dt.date, actor: Any,
           organisation: Organisation | None, source: str, note: str = "", **data: Any) -> None:
    """Record one step on the case. The permission was checked by the caller against the
    complaint. A body that may record the event on the case does so as its user; a body
    that does not hold the case (the Procuracy resolving a complaint about the
    investigation) is written on behalf of `organisation`, its right checked on the complaint
    rather than the case, still naming the user who entered it."""
    type_ = f"{complaint.kind}_{suffix}"
    recorder = actor if actor is not None and scope.can_record_event(actor, complaint.case, type_) else None
    case_services.case_event_append(
        actor=recorder, case=complaint.case, type=type_, date=date,
        data={"ref": complaint.number, **data}, document=complaint.decision_number or complaint.number,
        note=note, organisation=organisation, source=source, recorded_by=actor,
    )


def sync_clock(complaint: Complaint, as_of: dt.date | None = None) -> None:
    """Copy the engine's clock for this complaint (due, rule, basis) onto it."""
    case = Case.objects.get(pk=complaint.case_id)
    result = law.evaluate_case(case_services.law_input(case), as_of or _today())
    rows = [*result["open_obligations"], *result["closed_obligations"]]
    clock = next((o for o in rows if o.get("subject") == complaint.number
                  and o["kind"] in CLOCK_KINDS), None)
    if clock is None:
        return
    complaint.rule = clock["rule"]
    complaint.basis = clock["basis"]
    complaint.due = dt.date.fromisoformat(clock["due"]) if clock.get("due") else None
    if complaint.due:
        complaint.limit_days = (complaint.due - complaint.received_on).days


def _save(complaint: Complaint, actor: Any, action: str, changes: dict[str, tuple[Any, Any]],
          note: str = "") -> Complaint:
    complaint.full_clean()
    complaint.save()
    audit_record(actor=actor, action=action, obj=complaint, case_id=complaint.case_id,
                 changes=changes, note=note)
    return complaint


def _check_date(date: dt.date, after: dt.date | None, step: str) -> None:
    if date > _today():
        raise ValidationError({"date": _("The date is in the future.")})
    if after is not None and date < after:
        raise ValidationError({"date": _("The date is before %(step)s (%(day)s).")
                               % {"step": step, "day": after.strftime("%d/%m/%Y")}})


def _acting_body(actor: Any, fallback: Organisation | None) -> Organisation | None:
    org = getattr(actor, "organisation", None)
    return org if org is not None and not scope.is_admin(actor) else fallback


@transaction.atomic
def complaint_receive(
    *, actor: Any, case: Case, kind: str, number: str, complainant_name: str,
    complainant_role: str, against: str, complained_of: Organisation, received_on: dt.date,
    received_by: Organisation | None = None, official: str = "", content: str = "",
    complainant_address: str = "", complainant_id_number: str = "",
    level: str = Level.FIRST, escalated_from: Complaint | None = None,
    source: str = EventSource.MANUAL,
) -> Complaint:
    """Record a complaint or denunciation received (event `complaint_received` /
    `denunciation_received`): the clock starts; the resolving body follows
    `routing.resolving_body`."""
    if actor is not None and escalated_from is None:
        _require(scope.can_receive_complaint(actor, case))
    received_by = received_by or _acting_body(actor, None) or case.holder
    if kind not in ComplaintKind.values:
        raise ValidationError({"kind": _("Choose complaint or denunciation.")})
    if against not in AGAINST_BY_PROCEDURE.get(case.procedure, ()):
        raise ValidationError({"against": _("This procedure has no complaint against this.")})
    if complained_of.kind not in BODY_KINDS_BY_AGAINST.get(against, ()):
        raise ValidationError({"complained_of": _("%(body)s is not the kind of body this complaint "
                                                  "is against.") % {"body": complained_of.name}})
    if kind == ComplaintKind.DENUNCIATION and case.procedure == "enforcement":
        raise ValidationError({"kind": _("The law engine has no clock for denunciations in civil "
                                         "judgment enforcement; record it as a complaint or report it.")})
    if kind == ComplaintKind.DENUNCIATION and level != Level.FIRST:
        raise ValidationError({"level": _("A denunciation has no second level.")})
    number = nfc(number.strip())
    if not number:
        raise ValidationError({"number": _("Give the complaint's number.")})
    if Complaint.objects.filter(case=case, number=number).exists():
        raise ValidationError({"number": _("This case already has a complaint with this number.")})
    _check_date(received_on, None, "")
    route = routing.resolving_body(kind=kind, against=against, level=level,
                                   complained_of=complained_of, procedure=case.procedure, on=received_on)
    complaint = Complaint(
        kind=kind, number=number, case=case, complainant_name=nfc(complainant_name.strip()),
        complainant_role=complainant_role, complainant_address=nfc(complainant_address.strip()),
        complainant_id_number=complainant_id_number.strip(), against=against,
        complained_of=complained_of, official=nfc(official.strip()), content=nfc(content.strip()),
        received_by=received_by, received_on=received_on, resolver=route.body,
        resolver_name=route.outside, resolver_basis=route.basis, level=level, escalated_from=escalated_from)
    complaint.full_clean()
    data: dict[str, Any] = {"against": against}
    if kind == ComplaintKind.COMPLAINT:
        data["level"] = level
    _event(complaint, suffix="received", date=received_on, actor=actor, organisation=received_by,
           source=source, **data)
    sync_clock(complaint)
    return _save(complaint, actor, "complaint_receive", {
        "number": (None, number), "kind": (None, kind), "against": (None, against),
        "level": (None, level), "resolver": (None, route.name or None),
        "due": (None, complaint.due)})


@transaction.atomic
def complaint_extend(*, actor: Any, complaint: Complaint, date: dt.date, days: int,
                     source: str = EventSource.MANUAL) -> Complaint:
    """The resolving body extends the time (complex matter); the engine refuses an
    extension the rule does not allow or over its ceiling."""
    if actor is not None:
        _require(scope.can_resolve_complaint(actor, complaint))
    if not complaint.is_open:
        raise ValidationError({"state": _("Only an open complaint can be extended.")})
    if days < 1:
        raise ValidationError({"days": _("Give the days of extension.")})
    _check_date(date, complaint.received_on, _("the receipt"))
    _event(complaint, suffix="extended", date=date, actor=actor,
           organisation=_acting_body(actor, complaint.resolver), source=source, days=days)
    old_due = complaint.due
    complaint.extended_days += days
    sync_clock(complaint)
    return _save(complaint, actor, "complaint_extend", {
        "due": (old_due, complaint.due),
        "extended_days": (complaint.extended_days - days, complaint.extended_days)})


@transaction.atomic
def complaint_resolve(*, actor: Any, complaint: Complaint, date: dt.date, outcome: str,
                      decision_number: str = "", source: str = EventSource.MANUAL) -> Complaint:
    """The resolution decision (or the conclusion on a denunciation): the clock ends."""
    if actor is not None:
        _require(scope.can_resolve_complaint(actor, complaint))
    if not complaint.is_open:
        raise ValidationError({"state": _("This complaint is already resolved.")})
    if outcome not in Outcome.values:
        raise ValidationError({"outcome": _("Choose the outcome.")})
    _check_date(date, complaint.received_on, _("the receipt"))
    complaint.decision_number = nfc(decision_number.strip())
    _event(complaint, suffix="resolved", date=date, actor=actor,
           organisation=_acting_body(actor, complaint.resolver), source=source,
           note=str(Outcome(outcome).label))
    complaint.status = ComplaintStatus.RESOLVED
    complaint.outcome = outcome
    complaint.resolved_on = date
    sync_clock(complaint, date)
    return _save(complaint, actor, "complaint_resolve", {
        "status": (ComplaintStatus.OPEN, complaint.status), "outcome": (None, outcome),
        "resolved_on": (None, date), "decision_number": (None, complaint.decision_number or None)})


def escalation_route(complaint: Complaint, on: dt.date | None = None) -> routing.Route:
    """Where the second-level complaint about `complaint`'s resolution goes, received on
    `on` (today if None: the law in force that day decides, as for any complaint)."""
    return routing.resolving_body(kind=complaint.kind, against=complaint.against, level=Level.SECOND,
                                  complained_of=complaint.complained_of,
                                  procedure=complaint.case.procedure, on=on)


@transaction.atomic
def complaint_escalate(*, actor: Any, complaint: Complaint, number: str, received_on: dt.date,
                       content: str = "", source: str = EventSource.MANUAL) -> Complaint:
    """The complainant contests the first-level resolution: a second-level complaint,
    linked to the first, with its own clock (`level: second`)."""
    route = escalation_route(complaint, received_on)
    if actor is not None:
        _require(scope.can_escalate_complaint(actor, complaint, route.body.pk if route.body else None))
    if not routing.may_escalate(complaint.kind, complaint.against):
        raise ValidationError({"state": _("This complaint is resolved once; it has no second level.")})
    if complaint.level != Level.FIRST:
        raise ValidationError({"state": _("Only a first-level complaint can be escalated.")})
    if complaint.status != ComplaintStatus.RESOLVED or complaint.resolved_on is None:
        raise ValidationError({"state": _("Escalate only after the first-level resolution.")})
    if Complaint.objects.filter(escalated_from=complaint).exists():
        raise ValidationError({"state": _("This complaint was already escalated.")})
    _check_date(received_on, complaint.resolved_on, _("the first-level resolution"))
    received_by = _acting_body(actor, route.body) or complaint.resolver
    return complaint_receive(
        actor=actor, case=complaint.case, kind=complaint.kind, number=number,
        complainant_name=complaint.complainant_name, complainant_role=complaint.complainant_role,
        complainant_address=complaint.complainant_address,
        complainant_id_number=complaint.complainant_id_number, against=complaint.against,
        complained_of=complaint.complained_of, official=complaint.official,
        content=content or complaint.content, received_on=received_on, received_by=received_by,
        level=Level.SECOND, escalated_from=complaint, source=source)
