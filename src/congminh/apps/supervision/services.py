"""Writes of the supervision workflow. Each service checks the permission, validates,
saves and records the change in the audit trail inside one transaction (STYLE.md §6, §14).
The case flags are not set here: supervisors use `cases.services.case_flags_set`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from congminh.apps.accounts import scope
from congminh.apps.audit.services import audit_record
from congminh.apps.directives.status import obligation_status
from congminh.apps.organisations.models import Organisation
from congminh.apps.supervision import defaults
from congminh.apps.supervision.models import (
    PlanStatus,
    Recommendation,
    RecommendationResponse,
    SupervisionPlan,
    SupervisionVisit,
)
from congminh.core.text import nfc


def _require(decision: scope.Decision) -> None:
    if not decision:
        raise PermissionDenied(decision.reason)


def _check(actor: Any, predicate: Any, obj: Any) -> None:
    """Ask `accounts.scope`; `actor=None` is the system (the demo loader), as in `cases`."""
    if actor is not None:
        _require(predicate(actor, obj))


def default_due(issued_on: dt.date) -> dt.date:
    """The response deadline when the supervisor chooses none (`defaults.yaml`)."""
    return issued_on + dt.timedelta(days=defaults.response_days())


def _status(rec: Recommendation, today: dt.date) -> str:
    return obligation_status(due=rec.due, done_on=rec.done_on, today=today)


@transaction.atomic
def plan_create(*, actor: Any, supervisor: Organisation, topic: str, period_start: dt.date,
                period_end: dt.date, bodies: Iterable[Organisation], number: str = "",
                status: str = PlanStatus.PLANNED) -> SupervisionPlan:
    _check(actor, scope.can_create_plan, supervisor)
    if period_end < period_start:
        raise ValidationError({"period_end": _("The period ends before it starts.")})
    plan = SupervisionPlan(supervisor=supervisor, topic=nfc(topic.strip()), number=nfc(number.strip()),
                           period_start=period_start, period_end=period_end, status=status,
                           created_by=actor if getattr(actor, "pk", None) else None)
    plan.full_clean()
    plan.save()
    body_list = list(bodies)
    if not body_list:
        raise ValidationError({"bodies": _("Name at least one body supervised.")})
    plan.bodies.set(body_list)
    audit_record(actor=actor, action="create", obj=plan, note=plan.topic[:255], changes={
        "topic": (None, plan.topic), "status": (None, plan.status),
        "period": (None, f"{period_start.isoformat()}..{period_end.isoformat()}"),
        "bodies": (None, sorted(b.pk for b in body_list))})
    return plan


@transaction.atomic
def plan_set_status(*, actor: Any, plan: SupervisionPlan, status: str, note: str = "") -> None:
    _check(actor, scope.can_change_plan, plan)
    if status not in PlanStatus.values:
        raise ValidationError({"status": _("Unknown plan status.")})
    if status == plan.status:
        return
    audit_record(actor=actor, action="set_status", obj=plan, note=note,
                 changes={"status": (plan.status, status)})
    plan.status = status
    plan.save(update_fields=["status"])


@transaction.atomic
def visit_add(*, actor: Any, plan: SupervisionPlan, date: dt.date, body: Organisation,
              findings: str) -> SupervisionVisit:
    _check(actor, scope.can_change_plan, plan)
    visit = SupervisionVisit(plan=plan, date=date, body=body, findings=nfc(findings.strip()),
                             created_by=actor if getattr(actor, "pk", None) else None)
    visit.full_clean()
    visit.save()
    audit_record(actor=actor, action="visit", obj=plan, note=visit.findings[:255], changes={
        "visit": (None, {"id": visit.pk, "date": date.isoformat(), "body": body.pk})})
    return visit


@transaction.atomic
def recommendation_issue(*, actor: Any, plan: SupervisionPlan, addressee: Organisation,
                         content: str, issued_on: dt.date, due: dt.date | None = None,
                         visit: SupervisionVisit | None = None, number: str = "") -> Recommendation:
    """Address a recommendation to a named body; `due` defaults to `default_due`;
    `number`, if given, is unique in the plan."""
    _check(actor, scope.can_change_plan, plan)
    due = due or default_due(issued_on)
    number = nfc(number.strip())
    if due < issued_on:
        raise ValidationError({"due": _("The response deadline is before the issue date.")})
    if visit is not None and visit.plan_id != plan.pk:
        raise ValidationError({"visit": _("The visit belongs to another plan.")})
    if number and plan.recommendations.filter(number=number).exists():
        raise ValidationError({"number": _("The plan already has a recommendation with this number.")})
    rec = Recommendation(plan=plan, visit=visit, addressee=addressee, content=nfc(content.strip()),
                         issued_on=issued_on, due=due, number=number,
                         created_by=actor if getattr(actor, "pk", None) else None)
    rec.full_clean()
    rec.save()
    audit_record(actor=actor, action="create", obj=rec, note=rec.content[:255], changes={
        "addressee": (None, addressee.pk), "issued_on": (None, issued_on.isoformat()),
        "due": (None, due.isoformat()), **({"number": (None, number)} if number else {})})
    return rec


@transaction.atomic
def recommendation_set_due(*, actor: Any, recommendation: Recommendation, due: dt.date,
                           note: str) -> None:
    """Move the response deadline (the supervising body decides, with a reason)."""
    _check(actor, scope.can_change_plan, recommendation.plan)
    if not note.strip():
        raise ValidationError({"note": _("Give the reason for moving the deadline.")})
    if due < recommendation.issued_on:
        raise ValidationError({"due": _("The response deadline is before the issue date.")})
    if due == recommendation.due:
        return
    audit_record(actor=actor, action="set_due", obj=recommendation, note=nfc(note.strip()),
                 changes={"due": (recommendation.due.isoformat(), due.isoformat())})
    recommendation.due = due
    recommendation.save(update_fields=["due"])


@transaction.atomic
def recommendation_respond(*, actor: Any, recommendation: Recommendation, date: dt.date,
                           text: str, done: bool = False, today: dt.date) -> RecommendationResponse:
    """The addressee answers; `done` (fully implemented) closes the recommendation on
    `date`, which makes it «Hoàn thành đúng hạn» or «Hoàn thành quá hạn»."""
    _check(actor, scope.can_respond_recommendation, recommendation)
    return _respond(actor, recommendation, date=date, text=text, done=done, today=today,
                    action="respond")


@transaction.atomic
def recommendation_response_received(*, actor: Any, recommendation: Recommendation, date: dt.date,
                                     text: str, done: bool = False,
                                     today: dt.date) -> RecommendationResponse:
    """The supervising body records the written response it received from the addressee
    (its register of recommendations, the spreadsheet import): the same effect as
    `recommendation_respond`, audited as received by the supervising body."""
    _check(actor, scope.can_change_plan, recommendation.plan)
    return _respond(actor, recommendation, date=date, text=text, done=done, today=today,
                    action="response_received")


def _respond(actor: Any, recommendation: Recommendation, *, date: dt.date, text: str, done: bool,
             today: dt.date, action: str) -> RecommendationResponse:
    if date > today:
        raise ValidationError({"date": _("The response date is in the future.")})
    if date < recommendation.issued_on:
        raise ValidationError({"date": _("The response is dated before the recommendation.")})
    response = RecommendationResponse(recommendation=recommendation, date=date,
                                      text=nfc(text.strip()), done=done,
                                      author=actor if getattr(actor, "pk", None) else None)
    response.full_clean()
    response.save()
    old = {"done_on": recommendation.done_on, "status": _status(recommendation, today)}
    if done and recommendation.done_on is None:
        recommendation.done_on = date
        recommendation.save(update_fields=["done_on"])
    new = {"done_on": recommendation.done_on, "status": _status(recommendation, today)}
    audit_record(actor=actor, action=action, obj=recommendation, note=response.text[:255],
                 changes={k: (old[k], new[k]) for k in old if old[k] != new[k]})
    return response


@transaction.atomic
def recommendation_reopen(*, actor: Any, recommendation: Recommendation, note: str,
                          today: dt.date) -> None:
    """The supervising body finds it not carried out after all: open again, with a reason."""
    _check(actor, scope.can_change_plan, recommendation.plan)
    if not note.strip():
        raise ValidationError({"note": _("Give the reason for reopening the recommendation.")})
    if recommendation.done_on is None:
        return
    old = {"done_on": recommendation.done_on, "status": _status(recommendation, today)}
    recommendation.done_on = None
    recommendation.save(update_fields=["done_on"])
    new = {"done_on": None, "status": _status(recommendation, today)}
    audit_record(actor=actor, action="reopen", obj=recommendation, note=nfc(note.strip()),
                 changes={k: (old[k], new[k]) for k in old if old[k] != new[k]})
