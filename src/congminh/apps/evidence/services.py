"""Writes of evidence requests. Every step is also a case event through
`cases.services.case_event_append` (so the law engine checks it and keeps the clock) and
every change is in the audit trail.

| step (service) | who (`scope`) | case event |
|---|---|---|
| `evidence_request_send` | officers who may change the case | `evidence_requested` (BLTTDS-106 / LTTHC-93: 15 days) |
| `evidence_reply_record` complete | the body asked, or the asking body | `evidence_received` (ends the clock and a suspension's ground) |
| `evidence_reply_record` partial | same | — (the clock keeps running) |
| `evidence_reply_record` refusal | same | — (the clock keeps running: the request shows refused, overdue after its due date) |
| `evidence_request_withdraw` | the asking body | the `evidence_requested` event is withdrawn with the reason |
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
from congminh.apps.cases.models import Case, CaseEvent, EventSource
from congminh.apps.evidence.models import (
    OPEN_STATES,
    EvidenceReply,
    EvidenceRequest,
    ReplyKind,
    RequestState,
)
from congminh.apps.organisations.models import Organisation
from congminh.core import law
from congminh.core.text import nfc

CLOCK_KIND = "evidence_request"


def _require(decision: scope.Decision) -> None:
    if not decision:
        raise PermissionDenied(decision.reason)


def _today() -> dt.date:
    return timezone.localdate()


def _event(request: EvidenceRequest, *, type_: str, date: dt.date, actor: Any, source: str,
           note: str = "") -> CaseEvent:
    """Record one step on the case, as the asking body (it holds the case). A reply entered
    by the body asked, which does not hold the case, is written on behalf of the asking
    body, its right checked on the request, not the case, and still naming the user."""
    recorder = actor if actor is not None and scope.can_record_event(actor, request.case, type_) else None
    return case_services.case_event_append(
        actor=recorder, case=request.case, type=type_, date=date, data={"ref": request.ref},
        document=request.ref, note=note, organisation=request.requested_by, source=source,
        recorded_by=actor)


def _sync_clock(request: EvidenceRequest, as_of: dt.date) -> None:
    """Copy the engine's clock for this request (due, rule, basis); none for criminal and
    enforcement requests, which have no statutory limit in the engine."""
    case = Case.objects.get(pk=request.case_id)
    result = law.evaluate_case(case_services.law_input(case), as_of)
    rows = [*result["open_obligations"], *result["closed_obligations"]]
    clock = next((o for o in rows if o.get("subject") == request.ref and o["kind"] == CLOCK_KIND), None)
    if clock is None:
        request.rule, request.basis, request.due = "", "", None
        return
    request.rule = clock["rule"]
    request.basis = clock["basis"]
    request.due = dt.date.fromisoformat(clock["due"]) if clock.get("due") else None


def _save(request: EvidenceRequest, actor: Any, action: str, changes: dict[str, tuple[Any, Any]],
          note: str = "") -> EvidenceRequest:
    request.full_clean()
    request.save()
    audit_record(actor=actor if getattr(actor, "pk", None) else None, action=action, obj=request,
                 case_id=request.case_id, changes=changes, note=note)
    return request


def _check_date(date: dt.date, after: dt.date | None, what: str) -> None:
    if date > _today():
        raise ValidationError({"date": _("The date is in the future.")})
    if after is not None and date < after:
        raise ValidationError({"date": _("The date is before %(step)s (%(day)s).")
                               % {"step": what, "day": after.strftime("%d/%m/%Y")}})


@transaction.atomic
def evidence_request_send(
    *, actor: Any, case: Case, ref: str, documents: str, sent_on: dt.date,
    organisation: Organisation | None = None, holder_name: str = "",
    source: str = EventSource.MANUAL,
) -> EvidenceRequest:
    """The body holding the case asks `organisation` (or a holder outside the registry) for
    documents and evidence; the body received it on `sent_on` (event `evidence_requested`)."""
    if actor is not None:
        _require(scope.can_request_evidence(actor, case))
    holder_name = nfc(holder_name.strip())
    if organisation is None and not holder_name:
        raise ValidationError({"organisation": _("Name the body or holder asked.")})
    if organisation is not None:
        holder_name = ""
    ref = nfc(ref.strip())
    if not ref:
        raise ValidationError({"ref": _("Give the request's number.")})
    if EvidenceRequest.objects.filter(case=case, ref=ref).exists():
        raise ValidationError({"ref": _("This case already has an evidence request with this number.")})
    if not documents.strip():
        raise ValidationError({"documents": _("Say which documents and evidence are asked for.")})
    _check_date(sent_on, case.opened_on, _("the case was opened"))
    if case.holder_id is None:
        raise ValidationError({"case": _("The case has no holding body.")})
    request = EvidenceRequest(case=case, ref=ref, requested_by=case.holder, organisation=organisation,
                              holder_name=holder_name, documents=nfc(documents.strip()), sent_on=sent_on)
    request.sent_event = _event(request, type_="evidence_requested", date=sent_on, actor=actor,
                                source=source)
    _sync_clock(request, sent_on)
    return _save(request, actor, "evidence_send", {
        "ref": (None, ref), "organisation": (None, request.asked_name), "sent_on": (None, sent_on),
        "due": (None, request.due)})


def _may_reply(actor: Any, request: EvidenceRequest) -> None:
    if actor is None:
        return
    if scope.can_answer_evidence_request(actor, request) or scope.can_request_evidence(actor, request.case):
        return
    raise PermissionDenied(scope.can_answer_evidence_request(actor, request).reason)


@transaction.atomic
def evidence_reply_record(
    *, actor: Any, request: EvidenceRequest, date: dt.date, kind: str, note: str = "",
    document_number: str = "", source: str = EventSource.MANUAL,
) -> EvidenceReply:
    """A reply reached the asking body. Complete: `evidence_received`, the clock ends (and a
    suspension's ground with it). Partial: noted, the clock keeps running. Written refusal:
    noted with its reason; the clock keeps running, the request shows as refused."""
    _may_reply(actor, request)
    if request.state not in OPEN_STATES:
        raise ValidationError({"kind": _("This request is no longer open.")})
    if kind not in ReplyKind.values:
        raise ValidationError({"kind": _("Choose the kind of reply.")})
    note = nfc(note.strip())
    if kind == ReplyKind.REFUSAL and not note:
        raise ValidationError({"note": _("Give the reason written in the refusal.")})
    _check_date(date, request.sent_on, _("the request"))
    old = request.state
    if kind == ReplyKind.COMPLETE:
        _event(request, type_="evidence_received", date=date, actor=actor, source=source, note=note)
        request.state = RequestState.ANSWERED
        request.answered_on = date
        _sync_clock(request, date)
    elif kind == ReplyKind.PARTIAL:
        if request.state != RequestState.REFUSED:
            request.state = RequestState.PARTLY_ANSWERED
    else:
        request.state = RequestState.REFUSED
        request.refused_on = date
        request.refusal_reason = note
    reply = EvidenceReply(request=request, date=date, kind=kind, note=note,
                          document_number=nfc(document_number.strip()),
                          recorded_by=actor if getattr(actor, "pk", None) else None)
    reply.full_clean()
    reply.save()
    _save(request, actor, f"evidence_reply_{kind}", {"state": (old, request.state),
                                                     "date": (None, date)}, note)
    return reply


@transaction.atomic
def evidence_request_withdraw(*, actor: Any, request: EvidenceRequest, date: dt.date,
                              reason: str) -> EvidenceRequest:
    """The asking body withdraws its request: the `evidence_requested` event is withdrawn
    with the reason (the clock disappears), the request stays listed as withdrawn."""
    if actor is not None:
        _require(scope.can_request_evidence(actor, request.case))
    if request.state not in OPEN_STATES:
        raise ValidationError({"reason": _("This request is no longer open.")})
    reason = nfc(reason.strip())
    if not reason:
        raise ValidationError({"reason": _("Give the reason for withdrawing the request.")})
    _check_date(date, request.sent_on, _("the request"))
    event = request.sent_event
    if event is not None and event.withdrawn_at is None:
        recorder = actor if actor is not None and scope.can_record_event(actor, request.case, event.type) else None
        case_services.case_event_withdraw(actor=recorder, event=event, reason=reason)
    old, old_due = request.state, request.due
    request.state = RequestState.WITHDRAWN
    request.withdrawn_on = date
    request.withdrawal_reason = reason
    request.due = None
    return _save(request, actor, "evidence_withdraw", {"state": (old, request.state),
                                                       "due": (old_due, None)}, reason)
