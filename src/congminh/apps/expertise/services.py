"""Writes to the expertise roster and to expertise requests.

A request's steps are recorded as events of its case through `cases.services`
(`case_event_append`), so the law engine checks them (a refusal without an order, an
extension over the ceiling are refused with the rule) and computes the clock; the request
keeps the due dates the engine computed, for fast lists across cases. Each change is
audited with the acting user.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from congminh.apps.accounts import scope
from congminh.apps.audit.services import audit_record
from congminh.apps.cases import services as case_services
from congminh.apps.cases.models import Case, CaseEvent, EventSource
from congminh.apps.expertise.matters import matter_check
from congminh.apps.expertise.models import (
    Expert,
    ExpertiseField,
    ExpertiseRequest,
    RefusalReason,
    RequestState,
    RosterEntry,
)
from congminh.apps.organisations.models import Organisation
from congminh.core import law
from congminh.core.text import nfc

CLOCK_KINDS = ("expertise",)
REFUSAL_KIND = "expertise_refusal"


def _require(decision: scope.Decision) -> None:
    if not decision:
        raise PermissionDenied(decision.reason)


def _today() -> dt.date:
    return timezone.localdate()


# --- the roster ----------------------------------------------------------------------------


def _keeper(actor: Any, province_code: str) -> None:
    if actor is not None:
        _require(scope.can_keep_roster(actor, province_code))


def _province_of(actor: Any) -> str:
    org = getattr(actor, "organisation", None)
    return str(org.province_code) if org is not None else ""


def _dates_check(start: dt.date | None, end: dt.date | None, end_field: str) -> None:
    if start and end and end < start:
        raise ValidationError({end_field: _("The end date is before the start date.")})


@transaction.atomic
def expert_save(
    *, actor: Any, name: str, kind: str, fields: list[ExpertiseField],
    organisation: Organisation | None = None, appointed_on: dt.date | None = None,
    dismissed_on: dt.date | None = None, decision_number: str = "", expert: Expert | None = None,
) -> tuple[Expert, bool]:
    """Create an expert (or update `expert`); returns (expert, changed)."""
    province = (organisation.province_code if organisation else "") or _province_of(actor)
    _keeper(actor, province)
    _dates_check(appointed_on, dismissed_on, "dismissed_on")
    if not fields:
        raise ValidationError({"fields": _("Give at least one field of expertise.")})
    values = {"name": nfc(name.strip()), "kind": kind, "organisation": organisation,
              "appointed_on": appointed_on, "dismissed_on": dismissed_on,
              "decision_number": nfc(decision_number.strip()), "province_code": province}
    created = expert is None
    old: dict[str, Any] = {}
    if expert is None:
        expert = Expert(**values)
    else:
        old = {k: getattr(expert, k) for k in values}
        for k, v in values.items():
            setattr(expert, k, v)
    expert.full_clean()
    old_fields = set() if created else set(expert.fields.values_list("code", flat=True))
    new_fields = {f.code for f in fields}
    changes: dict[str, tuple[Any, Any]] = {
        k: (old.get(k), v) for k, v in values.items() if created or old.get(k) != v}
    if new_fields != old_fields:
        changes["fields"] = (sorted(old_fields) or None, sorted(new_fields))
    if not changes:
        return expert, False
    expert.save()
    expert.fields.set(fields)
    audit_record(actor=actor, action="expert_add" if created else "expert_change", obj=expert,
                 changes=changes)
    return expert, True


@transaction.atomic
def roster_entry_save(
    *, actor: Any, organisation: Organisation, field: ExpertiseField, kind: str,
    listed_on: dt.date | None = None, delisted_on: dt.date | None = None,
    decision_number: str = "", entry: RosterEntry | None = None,
) -> tuple[RosterEntry, bool]:
    """List an organisation for a field (or update `entry`); returns (entry, changed)."""
    _keeper(actor, organisation.province_code)
    _dates_check(listed_on, delisted_on, "delisted_on")
    values = {"organisation": organisation, "field": field, "kind": kind, "listed_on": listed_on,
              "delisted_on": delisted_on, "decision_number": nfc(decision_number.strip())}
    created = entry is None
    if entry is None:
        entry = RosterEntry.objects.filter(organisation=organisation, field=field, kind=kind).first()
        created = entry is None
    old = {} if entry is None else {k: getattr(entry, k) for k in values}
    changes = {k: (old.get(k), v) for k, v in values.items() if created or old.get(k) != v}
    if not changes:
        assert entry is not None
        return entry, False
    entry = entry or RosterEntry()
    for k, v in values.items():
        setattr(entry, k, v)
    entry.full_clean()
    entry.save()
    audit_record(actor=actor, action="roster_add" if created else "roster_change", obj=entry,
                 changes=changes)
    return entry, True


def on_roster(*, field: ExpertiseField | int, organisation_ids: set[int], day: dt.date,
              expert: Expert | None = None) -> bool:
    """Is one of these bodies (or this expert) listed for `field` on `day`?"""
    field_id = field if isinstance(field, int) else field.pk
    active = (Q(listed_on__isnull=True) | Q(listed_on__lte=day)) & (
        Q(delisted_on__isnull=True) | Q(delisted_on__gt=day))
    if organisation_ids and RosterEntry.objects.filter(
            active, field_id=field_id, organisation_id__in=organisation_ids).exists():
        return True
    if expert is not None:
        appointed = (expert.appointed_on is None or expert.appointed_on <= day) and (
            expert.dismissed_on is None or expert.dismissed_on > day)
        return appointed and expert.fields.filter(pk=field_id).exists()
    return False


# --- requests ------------------------------------------------------------------------------


def _event(request: ExpertiseRequest, *, type_: str, date: dt.date, actor: Any,
           organisation: Organisation | None, source: str, note: str = "",
           supersedes: CaseEvent | None = None, **data: Any) -> None:
    """Record one step on the case. The permission was checked by the caller against the
    request. A step of the asking body (it holds the case) is recorded as its user; a step
    of the body asked, which does not hold the case, is written on behalf of
    `organisation`, its right checked on the request, not the case, and still naming the user."""
    recorder = actor if actor is not None and scope.can_record_event(actor, request.case, type_) else None
    case_services.case_event_append(
        actor=recorder, case=request.case, type=type_, date=date,
        data={"ref": request.ref, **data}, document=request.ref, note=note,
        organisation=organisation, source=source, supersedes=supersedes, recorded_by=actor,
    )


def _sync_clock(request: ExpertiseRequest, as_of: dt.date | None = None) -> None:
    """Copy the engine's clock for this request (due, rule, refusal window) onto it."""
    case = Case.objects.get(pk=request.case_id)
    result = law.evaluate_case(case_services.law_input(case), as_of or _today())
    rows = [*result["open_obligations"], *result["closed_obligations"]]
    mine = [o for o in rows if o.get("subject") == request.ref]
    clock = next((o for o in mine if o["kind"] in CLOCK_KINDS), None)
    window = next((o for o in mine if o["kind"] == REFUSAL_KIND), None)
    if clock is not None:
        request.rule = clock["rule"]
        request.basis = clock["basis"]
        request.due = dt.date.fromisoformat(clock["due"]) if clock.get("due") else None
        if request.due and request.received_on:
            request.limit_days = (request.due - request.received_on).days - request.paused_days
    if window is not None and window.get("due"):
        request.refusal_due = dt.date.fromisoformat(window["due"])


def _save(request: ExpertiseRequest, actor: Any, action: str,
          changes: dict[str, tuple[Any, Any]], note: str = "") -> ExpertiseRequest:
    request.full_clean()
    request.save()
    audit_record(actor=actor, action=action, obj=request, case_id=request.case_id,
                 changes=changes, note=note)
    return request


@transaction.atomic
def expertise_request_create(
    *, actor: Any, case: Case, ref: str, field: ExpertiseField, questions: str,
    decided_on: dt.date, organisation: Organisation | None = None, expert: Expert | None = None,
    expertise_kind: str = "other", complex: bool = False, expertise_matter: str = "",
) -> ExpertiseRequest:
    """Draft a request (the decision is taken, not yet received by the expert). A kind of
    matter (`expertise_matter`) must belong to the field (`matters.matter_check`)."""
    if actor is not None:
        _require(scope.can_order_expertise(actor, case))
    if organisation is None and expert is None:
        raise ValidationError({"organisation": _("Name the organisation or the expert asked.")})
    matter_check(field_code=field.code, field_name=field.name, matter=expertise_matter,
                 day=decided_on)
    ref = nfc(ref.strip())
    if ExpertiseRequest.objects.filter(case=case, ref=ref).exists():
        raise ValidationError({"ref": _("This case already has a request with this number.")})
    if decided_on > _today():
        raise ValidationError({"decided_on": _("The decision date is in the future.")})
    request = ExpertiseRequest(
        case=case, ref=ref, requested_by=case.holder, organisation=organisation, expert=expert,
        field=field, expertise_kind=expertise_kind, complex=complex,
        expertise_matter=expertise_matter, questions=nfc(questions.strip()), decided_on=decided_on,
    )
    return _save(request, actor, "expertise_create", {
        "ref": (None, ref), "field": (None, field.code),
        **({"expertise_matter": (None, expertise_matter)} if expertise_matter else {}),
        # only the one named: an empty «— → —» line says nothing to the reader of the trail
        **({"organisation": (None, organisation.name)} if organisation else {}),
        **({"expert": (None, expert.name)} if expert else {})})


# What the asking body may correct on a request until its conclusion is delivered.
EDITABLE_STATES = (RequestState.DRAFT, RequestState.IN_PROGRESS, RequestState.WAITING_DOCUMENTS)


def _named(obj: Any) -> str | None:
    return obj.name if obj is not None else None


def _order_event(request: ExpertiseRequest) -> CaseEvent | None:
    """The effective `expertise_ordered` event of a sent request (the one a correction
    supersedes)."""
    live = {e.pk: e for e in case_services.effective_events(request.case)
            if e.type == "expertise_ordered" and e.data.get("ref") == request.ref}
    return max(live.values(), key=lambda e: (e.date, e.pk), default=None)


def _correct_order(request: ExpertiseRequest, actor: Any) -> None:
    """A sent request's field or kind of matter changed: the order event that started the
    clock is corrected (a correction supersedes it, `case_event_append`), so the engine
    computes the clock of the corrected field and kind, and the request copies it."""
    ordered = _order_event(request)
    if ordered is None:
        return
    data = {k: v for k, v in ordered.data.items() if k not in ("ref", "expertise_matter")}
    data["expertise_field"] = request.field.code
    if request.expertise_matter:
        data["expertise_matter"] = request.expertise_matter
    _event(request, type_="expertise_ordered", date=ordered.date, actor=actor,
           organisation=request.requested_by, source=EventSource.MANUAL,
           note=ordered.note, supersedes=ordered, **data)
    if request.state == RequestState.IN_PROGRESS:
        _sync_clock(request)


@transaction.atomic
def expertise_request_update(
    *, actor: Any, request: ExpertiseRequest, questions: str, field: ExpertiseField,
    expertise_matter: str = "", organisation: Organisation | None = None,
    expert: Expert | None = None,
) -> tuple[ExpertiseRequest, bool]:
    """The asking body corrects its request (questions, field, kind of matter, the body or
    expert asked) until the conclusion is delivered; returns (request, changed). Each
    changed field is audited with its old and new value. On a sent request a new field or
    kind of matter corrects the order event, and the clock follows (`_correct_order`)."""
    if actor is not None:
        _require(scope.can_order_expertise(actor, request.case))
    if request.state not in EDITABLE_STATES:
        raise ValidationError(_("A refused or concluded request can no longer be corrected."))
    if organisation is None and expert is None:
        raise ValidationError({"organisation": _("Name the organisation or the expert asked.")})
    matter_check(field_code=field.code, field_name=field.name, matter=expertise_matter,
                 day=request.received_on or request.decided_on)
    old = {"questions": request.questions, "field": request.field.code,
           "expertise_matter": request.expertise_matter,
           "organisation": _named(request.organisation), "expert": _named(request.expert)}
    request.questions = nfc(questions.strip())
    request.field, request.expertise_matter = field, expertise_matter
    request.organisation, request.expert = organisation, expert
    new = {"questions": request.questions, "field": field.code,
           "expertise_matter": expertise_matter, "organisation": _named(organisation),
           "expert": _named(expert)}
    changes: dict[str, tuple[Any, Any]] = {
        k: (old[k] or None, new[k] or None) for k in new if old[k] != new[k]}
    if not changes:
        return request, False
    if request.received_on and ({"field", "expertise_matter"} & set(changes)):
        old_due = request.due
        _correct_order(request, actor)
        if request.due != old_due:
            changes["due"] = (old_due, request.due)
    return _save(request, actor, "expertise_update", changes), True


def _check_date(request: ExpertiseRequest, date: dt.date, after: dt.date | None, name: str) -> None:
    if date > _today():
        raise ValidationError({"date": _("The date is in the future.")})
    if after is not None and date < after:
        raise ValidationError({"date": _("The date is before %(step)s (%(day)s).")
                               % {"step": name, "day": after.strftime("%d/%m/%Y")}})


@transaction.atomic
def expertise_request_send(*, actor: Any, request: ExpertiseRequest, received_on: dt.date,
                           source: str = EventSource.MANUAL,
                           expertise_matter: str = "") -> ExpertiseRequest:
    """The organisation or expert received the decision with the full file: the clock starts
    (event `expertise_ordered`). The event carries the request's field code and its kind of
    matter within it (`core.law.events.EXPERTISE_MATTERS`; `expertise_matter` here sets or
    replaces the request's): a ministry's shorter limit for that kind applies (Luật GĐTP
    Đ.26a k3 đoạn 2, rows of `rules/GDTP-26A.yaml`)."""
    if actor is not None:
        _require(scope.can_order_expertise(actor, request.case))
    if request.state != RequestState.DRAFT:
        raise ValidationError({"state": _("This request was already sent.")})
    _check_date(request, received_on, request.decided_on, _("the decision"))
    old_matter = request.expertise_matter
    expertise_matter = expertise_matter or old_matter
    matter_check(field_code=request.field.code, field_name=request.field.name,
                 matter=expertise_matter, day=received_on)
    request.expertise_matter = expertise_matter
    matter: dict[str, Any] = {"expertise_matter": expertise_matter} if expertise_matter else {}
    _event(request, type_="expertise_ordered", date=received_on, actor=actor,
           organisation=request.requested_by, source=source,
           expertise_kind=request.expertise_kind, complex=request.complex,
           expertise_field=request.field.code, **matter)
    request.received_on = received_on
    request.state = RequestState.IN_PROGRESS
    _sync_clock(request, received_on)
    return _save(request, actor, "expertise_send", {
        "state": (RequestState.DRAFT, request.state), "received_on": (None, received_on),
        "due": (None, request.due),
        **({"expertise_matter": (old_matter or None, expertise_matter)}
           if expertise_matter != old_matter else {})})


@transaction.atomic
def expertise_documents_request(*, actor: Any, request: ExpertiseRequest, date: dt.date,
                                note: str = "", source: str = EventSource.MANUAL) -> ExpertiseRequest:
    """The expert asks for extra documents: the clock pauses."""
    if actor is not None:
        _require(scope.can_answer_expertise(actor, request))
    if request.state != RequestState.IN_PROGRESS:
        raise ValidationError({"state": _("Only a request in progress can ask for documents.")})
    _check_date(request, date, request.received_on, _("the receipt of the order"))
    _event(request, type_="expertise_documents_requested", date=date, actor=actor,
           organisation=request.organisation, source=source, note=note)
    old_due = request.due
    request.state = RequestState.WAITING_DOCUMENTS
    request.waiting_since = date
    request.due = None
    return _save(request, actor, "expertise_documents_request", {
        "state": (RequestState.IN_PROGRESS, request.state), "due": (old_due, None)}, note)


@transaction.atomic
def expertise_documents_receive(*, actor: Any, request: ExpertiseRequest, date: dt.date,
                                source: str = EventSource.MANUAL) -> ExpertiseRequest:
    """The extra documents arrived: the clock runs again, the wait not counted."""
    if actor is not None:
        _require(scope.can_receive_expertise_documents(actor, request))
    if request.state != RequestState.WAITING_DOCUMENTS or request.waiting_since is None:
        raise ValidationError({"state": _("This request is not waiting for documents.")})
    _check_date(request, date, request.waiting_since, _("the request for documents"))
    _event(request, type_="expertise_documents_received", date=date, actor=actor,
           organisation=request.requested_by, source=source)
    request.paused_days += (date - request.waiting_since).days
    request.waiting_since = None
    request.state = RequestState.IN_PROGRESS
    _sync_clock(request, date)
    return _save(request, actor, "expertise_documents_receive", {
        "state": (RequestState.WAITING_DOCUMENTS, request.state), "due": (None, request.due)})


@transaction.atomic
def expertise_request_extend(*, actor: Any, request: ExpertiseRequest, date: dt.date,
                             months: int, source: str = EventSource.MANUAL) -> ExpertiseRequest:
    """The asking body extends the expertise (the engine refuses over the ceiling)."""
    if actor is not None:
        _require(scope.can_order_expertise(actor, request.case))
    if request.state != RequestState.IN_PROGRESS:
        raise ValidationError({"state": _("Only a request in progress can be extended.")})
    _check_date(request, date, request.received_on, _("the receipt of the order"))
    _event(request, type_="expertise_extended", date=date, actor=actor,
           organisation=request.requested_by, source=source, months=months)
    old_due = request.due
    request.extension_months += months
    _sync_clock(request, date)
    return _save(request, actor, "expertise_extend", {
        "due": (old_due, request.due), "extension_months": (request.extension_months - months,
                                                            request.extension_months)})


@transaction.atomic
def expertise_request_refuse(*, actor: Any, request: ExpertiseRequest, date: dt.date,
                             reason: str, note: str = "",
                             source: str = EventSource.MANUAL) -> ExpertiseRequest:
    """The body asked refuses, with a coded reason. Pushed back (directive point 4) when
    the body or expert is on the roster for the request's field that day."""
    if actor is not None:
        _require(scope.can_answer_expertise(actor, request))
    if request.state not in (RequestState.IN_PROGRESS, RequestState.WAITING_DOCUMENTS):
        raise ValidationError({"state": _("Only a request received and not answered can be refused.")})
    if reason not in RefusalReason.values:
        raise ValidationError({"reason": _("Choose the reason for refusing.")})
    if reason == RefusalReason.OTHER and not note.strip():
        raise ValidationError({"note": _("Explain the reason for refusing.")})
    _check_date(request, date, request.received_on, _("the receipt of the order"))
    _event(request, type_="expertise_refused", date=date, actor=actor,
           organisation=request.organisation, source=source,
           note=f"{RefusalReason(reason).label}. {note}".strip())
    old_state = request.state
    if request.waiting_since is not None:
        request.paused_days += (date - request.waiting_since).days
        request.waiting_since = None
    request.state = RequestState.REFUSED
    request.refused_on = date
    request.refusal_reason = reason
    request.refusal_note = nfc(note.strip())
    request.refused_late = bool(request.refusal_due and date > request.refusal_due)
    asked = {i for i in (request.organisation_id,) if i}
    request.pushed_back = on_roster(field=request.field_id, organisation_ids=asked, day=date,
                                    expert=request.expert)
    return _save(request, actor, "expertise_refuse", {
        "state": (old_state, request.state), "refusal_reason": (None, reason),
        "pushed_back": (None, request.pushed_back)}, note)


@transaction.atomic
def expertise_request_conclude(*, actor: Any, request: ExpertiseRequest, date: dt.date,
                               conclusion_number: str = "",
                               source: str = EventSource.MANUAL) -> ExpertiseRequest:
    """The conclusion reached the asking body: the clock ends (`expertise_result_received`)."""
    if actor is not None and not (scope.can_answer_expertise(actor, request)
                                  or scope.can_order_expertise(actor, request.case)):
        raise PermissionDenied(scope.can_answer_expertise(actor, request).reason)
    if request.state != RequestState.IN_PROGRESS:
        raise ValidationError({"state": _("Only a request in progress can be concluded.")})
    _check_date(request, date, request.received_on, _("the receipt of the order"))
    _event(request, type_="expertise_result_received", date=date, actor=actor,
           organisation=request.requested_by, source=source)
    request.state = RequestState.CONCLUDED
    request.concluded_on = date
    request.conclusion_number = nfc(conclusion_number.strip())
    _sync_clock(request, date)
    return _save(request, actor, "expertise_conclude", {
        "state": (RequestState.IN_PROGRESS, request.state), "concluded_on": (None, date)})
