"""Reads of the roster and of expertise requests; requests go through the user's scope
(`accounts.scope.readable_expertise_requests`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from congminh.apps.accounts import scope
from congminh.apps.audit.selectors import as_bool, as_date, as_text, rewind
from congminh.apps.expertise.models import (
    Expert,
    ExpertiseField,
    ExpertiseRequest,
    RequestState,
    RosterEntry,
)
from congminh.apps.web.listing import WORST_FIRST, ordering, urgency_rank

OPEN_STATES = (RequestState.IN_PROGRESS, RequestState.WAITING_DOCUMENTS)

# Sort keys offered by the list (`?sort=` value -> ordering); "-key" sorts descending.
SORTS = {
    "ref": ("ref", "id"),
    "decided": ("decided_on", "id"),
    "received": ("received_on", "id"),
    "due": ("due", "id"),
    "field": ("field__order", "field__name", "id"),
    "asked": ("organisation__name", "id"),
    "asking": ("requested_by__name", "id"),
    "state": WORST_FIRST,  # overdue first, then open by the soonest due, then finished
}
# The roster's two tabs: experts, and organisations listed per field.
EXPERT_SORTS = {
    "name": ("name", "id"),
    "kind": ("kind", "name", "id"),
    "organisation": ("organisation__name", "name", "id"),
    "decision": ("decision_number", "id"),
    "appointed": ("appointed_on", "id"),
    "dismissed": ("dismissed_on", "id"),
}
ROSTER_SORTS = {
    "organisation": ("organisation__name", "field__name", "id"),
    "field": ("field__order", "field__name", "organisation__name", "id"),
    "kind": ("kind", "organisation__name", "id"),
    "decision": ("decision_number", "id"),
    "listed": ("listed_on", "id"),
    "delisted": ("delisted_on", "id"),
}


def request_scope(user: Any) -> QuerySet[ExpertiseRequest]:
    return scope.readable_expertise_requests(user)


def request_get(*, user: Any, pk: int) -> ExpertiseRequest:
    """The request `pk` if `user` may read it; 404 otherwise."""
    return get_object_or_404(request_scope(user).select_related(
        "case", "requested_by", "organisation", "expert__organisation", "field"), pk=pk)


@dataclass(frozen=True)
class RequestFilters:
    side: str = ""          # "asked": addressed to the user's body; "asking": sent by it
    state: str = ""         # a RequestState, or "open"
    overdue: bool = False
    refused: bool = False
    pushed_back: bool = False
    field_id: int | None = None
    asked_id: int | None = None
    asking_id: int | None = None
    case_id: int | None = None
    query: str = ""
    sort: str = "state"


def overdue_q(today: dt.date) -> Q:
    """Open, running, past its due date."""
    return Q(state=RequestState.IN_PROGRESS, due__lt=today)


def request_list(*, user: Any, filters: RequestFilters | None = None,
                 today: dt.date | None = None) -> QuerySet[ExpertiseRequest]:
    f = filters or RequestFilters()
    today = today or timezone.localdate()
    qs = request_scope(user).select_related(
        "case", "requested_by", "organisation", "expert", "field")
    org_id = getattr(user, "organisation_id", None)
    if f.side and org_id:
        mine = scope.lineage_ids([org_id])
        if f.side == "asked":
            qs = qs.filter(Q(organisation_id__in=mine) | Q(expert__organisation_id__in=mine))
        elif f.side == "asking":
            qs = qs.filter(requested_by_id__in=mine)
    if f.state == "open":
        qs = qs.filter(state__in=OPEN_STATES)
    elif f.state:
        qs = qs.filter(state=f.state)
    if f.overdue:
        qs = qs.filter(overdue_q(today))
    if f.refused:
        qs = qs.filter(state=RequestState.REFUSED)
    if f.pushed_back:
        qs = qs.filter(pushed_back=True)
    if f.field_id:
        qs = qs.filter(field_id=f.field_id)
    if f.asked_id:
        qs = qs.filter(organisation_id=f.asked_id)
    if f.asking_id:
        qs = qs.filter(requested_by_id=f.asking_id)
    if f.case_id:
        qs = qs.filter(case_id=f.case_id)
    if f.query.strip():
        q = f.query.strip()
        qs = qs.filter(Q(ref__icontains=q) | Q(case__title__icontains=q) | Q(questions__icontains=q))
    qs = qs.annotate(urgency=urgency_rank(overdue_q(today), Q(state__in=OPEN_STATES)))
    return qs.order_by(*ordering(SORTS, f.sort, "state"))


def _counts(qs: QuerySet[ExpertiseRequest], key: str, today: dt.date) -> list[dict[str, Any]]:
    return list(qs.values(key).annotate(
        total=Count("id"),
        open=Count("id", filter=Q(state__in=OPEN_STATES)),
        overdue=Count("id", filter=overdue_q(today)),
        refused=Count("id", filter=Q(state=RequestState.REFUSED)),
        pushed_back=Count("id", filter=Q(pushed_back=True)),
        concluded=Count("id", filter=Q(state=RequestState.CONCLUDED)),
    ).order_by("-total"))


def request_summary(*, user: Any, filters: RequestFilters | None = None,
                    today: dt.date | None = None) -> dict[str, Any]:
    """Totals of the filtered list (the cards above it), and counts by field and by body
    asked of the requests on the user's side (the tables)."""
    today = today or timezone.localdate()
    f = filters or RequestFilters()
    base = request_list(user=user, filters=RequestFilters(side=f.side), today=today).order_by()
    totals = request_list(user=user, filters=f, today=today).order_by().aggregate(
        total=Count("id"), open=Count("id", filter=Q(state__in=OPEN_STATES)),
        overdue=Count("id", filter=overdue_q(today)),
        refused=Count("id", filter=Q(state=RequestState.REFUSED)),
        pushed_back=Count("id", filter=Q(pushed_back=True)),
        concluded=Count("id", filter=Q(state=RequestState.CONCLUDED)),
    )
    by_field = _counts(base, "field_id", today)
    names = dict(ExpertiseField.objects.values_list("id", "name"))
    for row in by_field:
        row["id"], row["name"] = row["field_id"], names.get(row["field_id"], "")
    by_body = _counts(base.exclude(organisation=None), "organisation_id", today)
    from congminh.apps.organisations.models import Organisation

    orgs = dict(Organisation.objects.filter(
        pk__in=[r["organisation_id"] for r in by_body]).values_list("id", "name"))
    for row in by_body:
        row["id"], row["name"] = row["organisation_id"], orgs.get(row["organisation_id"], "")
    return {"totals": totals, "by_field": by_field, "by_body": by_body}


ANNUAL_KEYS = ("total", "open", "overdue", "refused", "pushed_back", "concluded")


def annual_figures(*, user: Any, instant: dt.datetime, day: dt.date) -> dict[str, int]:
    """`request_summary`'s totals as the registry stood at `instant`: the requests entered
    by then, each in the state, with the due date and the push-back it had then (rewound
    through the audit trail), overdue as of `day`."""
    rows = list(request_scope(user).filter(created_at__lte=instant).order_by()
                .values("id", "state", "due", "pushed_back"))
    rewind(rows, object_type=ExpertiseRequest._meta.label_lower, instant=instant,
           fields={"state": as_text, "due": as_date, "pushed_back": as_bool})
    totals = dict.fromkeys(ANNUAL_KEYS, 0)
    for row in rows:
        state = row["state"]
        totals["total"] += 1
        totals["open"] += state in OPEN_STATES
        totals["overdue"] += state == RequestState.IN_PROGRESS and row["due"] is not None and row["due"] < day
        totals["refused"] += state == RequestState.REFUSED
        totals["pushed_back"] += bool(row["pushed_back"])
        totals["concluded"] += state == RequestState.CONCLUDED
    return totals


def days_taken(request: ExpertiseRequest, today: dt.date | None = None) -> int | None:
    """Days the expertise has run (received to conclusion, refusal or today), the waits
    for documents not counted."""
    if request.received_on is None:
        return None
    end = request.concluded_on or request.refused_on or today or timezone.localdate()
    waited = request.paused_days
    if request.waiting_since is not None and request.state == RequestState.WAITING_DOCUMENTS:
        waited += (end - request.waiting_since).days
    return max((end - request.received_on).days - waited, 0)


def is_late(request: ExpertiseRequest, today: dt.date | None = None) -> bool:
    """Past its due date: still running after it, or concluded after it."""
    today = today or timezone.localdate()
    if request.due is None:
        return False
    if request.state == RequestState.IN_PROGRESS:
        return request.due < today
    if request.state == RequestState.CONCLUDED and request.concluded_on:
        return request.concluded_on > request.due
    return False


def case_requests(*, user: Any, case: Any) -> QuerySet[ExpertiseRequest]:
    """The case's requests `user` may read (for the case page section)."""
    return request_scope(user).filter(case=case).select_related(
        "organisation", "expert", "field").order_by("decided_on", "id")


# --- the roster ------------------------------------------------------------------------------


def active_q(day: dt.date, start: str, end: str) -> Q:
    return (Q(**{f"{start}__isnull": True}) | Q(**{f"{start}__lte": day})) & (
        Q(**{f"{end}__isnull": True}) | Q(**{f"{end}__gt": day}))


def expert_list(*, query: str = "", field_id: int | None = None, organisation_id: int | None = None,
                active_on: dt.date | None = None) -> QuerySet[Expert]:
    qs = Expert.objects.select_related("organisation").prefetch_related("fields")
    if query.strip():
        qs = qs.filter(Q(name__icontains=query.strip()) | Q(decision_number__icontains=query.strip()))
    if field_id:
        qs = qs.filter(fields__id=field_id)
    if organisation_id:
        qs = qs.filter(organisation_id=organisation_id)
    if active_on:
        qs = qs.filter(active_q(active_on, "appointed_on", "dismissed_on"))
    return qs.distinct()


def roster_list(*, field_id: int | None = None, organisation_id: int | None = None,
                active_on: dt.date | None = None) -> QuerySet[RosterEntry]:
    qs = RosterEntry.objects.select_related("organisation", "field")
    if field_id:
        qs = qs.filter(field_id=field_id)
    if organisation_id:
        qs = qs.filter(organisation_id=organisation_id)
    if active_on:
        qs = qs.filter(active_q(active_on, "listed_on", "delisted_on"))
    return qs


def field_list(*, active_only: bool = True) -> QuerySet[ExpertiseField]:
    qs = ExpertiseField.objects.all()
    return qs.filter(active=True) if active_only else qs
