"""Reads of evidence requests, through the user's scope
(`accounts.scope.readable_evidence_requests`): the list across cases, its totals, the league
table of response times per body asked and per commune, and the case page's requests."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from typing import Any

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from congminh.apps.accounts import scope
from congminh.apps.audit.selectors import as_date, as_text, rewind
from congminh.apps.evidence.models import OPEN_STATES, EvidenceRequest, RequestState
from congminh.apps.organisations.models import Organisation
from congminh.apps.web.listing import WORST_FIRST, ordering, urgency_rank

# Sort keys offered by the list (`?sort=` value -> ordering); "-key" sorts descending.
SORTS = {
    "ref": ("ref", "id"),
    "sent": ("sent_on", "id"),
    "due": ("due", "id"),
    "answered": ("answered_on", "id"),
    "asked": ("organisation__name", "holder_name", "id"),
    "asking": ("requested_by__name", "id"),
    "state": WORST_FIRST,  # overdue first, then open by the soonest due, then finished
}
ANSWERS = ("on_time", "late")


def request_scope(user: Any) -> QuerySet[EvidenceRequest]:
    return scope.readable_evidence_requests(user)


def request_get(*, user: Any, pk: int) -> EvidenceRequest:
    """The request `pk` if `user` may read it; 404 otherwise."""
    return get_object_or_404(request_scope(user).select_related(
        "case", "requested_by", "organisation", "sent_event"), pk=pk)


@dataclass(frozen=True)
class RequestFilters:
    side: str = ""          # "asked": addressed to the user's body; "asking": sent by it
    state: str = ""         # a RequestState, or "open"
    overdue: bool = False
    answer: str = ""        # "on_time" / "late": answered within / after the due date
    procedure: str = ""
    asked_id: int | None = None
    asking_id: int | None = None
    case_id: int | None = None
    query: str = ""
    sort: str = "state"
    as_of: dt.date | None = None  # each request as it stood that day (None: as it stands)


def overdue_q(today: dt.date, state: str = "state") -> Q:
    """Not answered in full (sent, partly answered or refused), past its due date
    (`state`: the field holding the state, `state_then` as of a day)."""
    return Q(**{f"{state}__in": OPEN_STATES}, due__lt=today)


def on_time_q(state: str = "state") -> Q:
    return Q(**{state: RequestState.ANSWERED}, due__isnull=False, answered_on__lte=F("due"))


def late_q(state: str = "state") -> Q:
    return Q(**{state: RequestState.ANSWERED}, due__isnull=False, answered_on__gt=F("due"))


def as_of(qs: QuerySet[EvidenceRequest], day: dt.date) -> QuerySet[EvidenceRequest]:
    """The requests received by `day`, each with `state_then`, its state that day from its
    own dates: one answered, refused or withdrawn after it was still waiting (sent)."""
    later = Q(state=RequestState.ANSWERED, answered_on__gt=day) | Q(
        state=RequestState.REFUSED, refused_on__gt=day) | Q(state=RequestState.WITHDRAWN, withdrawn_on__gt=day)
    return qs.filter(sent_on__lte=day).annotate(state_then=Case(
        When(later, then=Value(RequestState.SENT.value)), default=F("state"), output_field=CharField()))


def as_it_stood(request: EvidenceRequest, day: dt.date) -> EvidenceRequest:
    """`request` (read through `as_of`) shown as it stood on `day`: its state then, and no
    date of a step taken after it (not saved)."""
    request.state = getattr(request, "state_then", request.state)
    for name in ("answered_on", "refused_on", "withdrawn_on"):
        if (getattr(request, name) or day) > day:
            setattr(request, name, None)
    return request


def request_list(*, user: Any, filters: RequestFilters | None = None,
                 today: dt.date | None = None) -> QuerySet[EvidenceRequest]:
    """The filtered requests; with `filters.as_of`, as they stood that day (`as_of`: the
    state filters and the overdue ones read the state then, against that day)."""
    f = filters or RequestFilters()
    today = f.as_of or today or timezone.localdate()
    qs = request_scope(user).select_related("case", "requested_by", "organisation")
    state = "state"
    if f.as_of:
        qs, state = as_of(qs, f.as_of), "state_then"
    org_id = getattr(user, "organisation_id", None)
    if f.side and org_id:
        mine = scope.lineage_ids([org_id])
        if f.side == "asked":
            qs = qs.filter(organisation_id__in=mine)
        elif f.side == "asking":
            qs = qs.filter(requested_by_id__in=mine)
    if f.state == "open":
        qs = qs.filter(**{f"{state}__in": OPEN_STATES})
    elif f.state:
        qs = qs.filter(**{state: f.state})
    if f.overdue:
        qs = qs.filter(overdue_q(today, state))
    if f.answer == "on_time":
        qs = qs.filter(on_time_q(state))
    elif f.answer == "late":
        qs = qs.filter(late_q(state))
    if f.procedure:
        qs = qs.filter(case__procedure=f.procedure)
    if f.asked_id:
        qs = qs.filter(organisation_id=f.asked_id)
    if f.asking_id:
        qs = qs.filter(requested_by_id=f.asking_id)
    if f.case_id:
        qs = qs.filter(case_id=f.case_id)
    if f.query.strip():
        q = f.query.strip()
        qs = qs.filter(Q(ref__icontains=q) | Q(case__title__icontains=q) | Q(documents__icontains=q)
                       | Q(holder_name__icontains=q))
    qs = qs.annotate(urgency=urgency_rank(overdue_q(today, state), Q(**{f"{state}__in": OPEN_STATES})))
    return qs.order_by(*ordering(SORTS, f.sort, "state"))


def _aggregates(today: dt.date, state: str = "state") -> dict[str, Any]:
    def is_(value: str) -> Q:
        return Q(**{state: value})

    return {
        "total": Count("id"),
        "open": Count("id", filter=Q(**{f"{state}__in": OPEN_STATES})),
        "overdue": Count("id", filter=overdue_q(today, state)),
        "answered": Count("id", filter=is_(RequestState.ANSWERED)),
        "on_time": Count("id", filter=on_time_q(state)),
        "late": Count("id", filter=late_q(state)),
        "partly": Count("id", filter=is_(RequestState.PARTLY_ANSWERED)),
        "refused": Count("id", filter=is_(RequestState.REFUSED)),
        "withdrawn": Count("id", filter=is_(RequestState.WITHDRAWN)),
    }


def request_summary(*, user: Any, filters: RequestFilters | None = None,
                    today: dt.date | None = None) -> dict[str, Any]:
    """Totals of the filtered list (the cards above it), as of `filters.as_of`."""
    f = filters or RequestFilters()
    today = f.as_of or today or timezone.localdate()
    return request_list(user=user, filters=f, today=today).order_by().aggregate(**_aggregates(today, "state_then" if f.as_of else "state"))


ANNUAL_KEYS = ("total", "open", "overdue", "answered", "on_time", "late", "partly", "refused",
               "withdrawn")


def annual_figures(*, user: Any, instant: dt.datetime, day: dt.date) -> dict[str, int]:
    """`request_summary`'s totals as the registry stood at `instant`: the requests sent by
    then, each in the state and with the due date it had then (rewound through the audit
    trail; the complete reply's day counts only for a request answered then), overdue as
    of `day`."""
    rows = list(request_scope(user).filter(created_at__lte=instant).order_by()
                .values("id", "state", "due", "answered_on"))
    rewind(rows, object_type=EvidenceRequest._meta.label_lower, instant=instant,
           fields={"state": as_text, "due": as_date})
    totals = dict.fromkeys(ANNUAL_KEYS, 0)
    for row in rows:
        state, due = row["state"], row["due"]
        answered_on = row["answered_on"] if state == RequestState.ANSWERED else None
        totals["total"] += 1
        totals["open"] += state in OPEN_STATES
        totals["overdue"] += state in OPEN_STATES and due is not None and due < day
        totals["answered"] += state == RequestState.ANSWERED
        totals["on_time"] += due is not None and answered_on is not None and answered_on <= due
        totals["late"] += due is not None and answered_on is not None and answered_on > due
        totals["partly"] += state == RequestState.PARTLY_ANSWERED
        totals["refused"] += state == RequestState.REFUSED
        totals["withdrawn"] += state == RequestState.WITHDRAWN
    return totals


def days_to_answer(request: EvidenceRequest, today: dt.date | None = None) -> int | None:
    """Calendar days from the request's receipt to the complete reply (or today if open)."""
    if request.state == RequestState.WITHDRAWN:
        return None
    end = request.answered_on or today or timezone.localdate()
    return max((end - request.sent_on).days, 0)


def is_late(request: EvidenceRequest, today: dt.date | None = None) -> bool:
    """Past its due date: not answered in full after it, or answered after it."""
    today = today or timezone.localdate()
    if request.due is None:
        return False
    if request.state in OPEN_STATES:
        return request.due < today
    if request.state == RequestState.ANSWERED and request.answered_on:
        return request.answered_on > request.due
    return False


def _medians(qs: QuerySet[EvidenceRequest], key: str) -> dict[int, float]:
    spans: dict[int, list[int]] = {}
    for k, sent, answered in qs.filter(state=RequestState.ANSWERED).values_list(key, "sent_on", "answered_on"):
        spans.setdefault(k, []).append((answered - sent).days)
    return {k: statistics.median(v) for k, v in spans.items()}


LEAGUE_SORTS = ("name", "total", "on_time", "late", "overdue", "refused", "median")


def league(*, user: Any, today: dt.date | None = None, procedure: str = "",
           sort: str = "") -> dict[str, Any]:
    """Response times per body asked (every body of the registry that was asked) and per
    commune (People's Committees of communes): requests, answered on time, answered late,
    pending overdue, refused, median days to a complete reply. Worst first (most pending
    overdue, then most answered late, then the longest median), or by `sort` ("-key":
    descending)."""
    today = today or timezone.localdate()
    base = request_scope(user).exclude(organisation=None).exclude(state=RequestState.WITHDRAWN).order_by()
    if procedure:
        base = base.filter(case__procedure=procedure)
    rows = list(base.values("organisation_id").annotate(**_aggregates(today)))
    medians = _medians(base, "organisation_id")
    orgs = Organisation.objects.in_bulk([r["organisation_id"] for r in rows])
    bodies, communes = [], []
    for row in rows:
        org = orgs[row["organisation_id"]]
        row.update(id=org.pk, name=org.name, kind=org.get_kind_display(),
                   median=medians.get(org.pk))
        bodies.append(row)
        if org.kind == "peoples_committee" and org.level == "commune":
            communes.append(row)

    def worst(r: dict[str, Any]) -> tuple[Any, ...]:
        return (-r["overdue"], -r["late"], -(r["median"] or 0), r["name"])

    key = sort.lstrip("-")
    if key in LEAGUE_SORTS:
        def order(r: dict[str, Any]) -> Any:
            value = r[key]
            return (value is None, value if value is not None else 0, r["name"])
        bodies.sort(key=order, reverse=sort.startswith("-"))
        communes.sort(key=order, reverse=sort.startswith("-"))
    else:
        bodies.sort(key=worst)
        communes.sort(key=worst)
    return {"bodies": bodies, "communes": communes,
            "totals": base.aggregate(**_aggregates(today)),
            "median": statistics.median(
                [(a - s).days for s, a in base.filter(state=RequestState.ANSWERED).values_list(
                    "sent_on", "answered_on") if a is not None] or [0])}


def case_requests(*, user: Any, case: Any) -> QuerySet[EvidenceRequest]:
    """The case's requests `user` may read (for the case page section)."""
    return request_scope(user).filter(case=case).select_related(
        "organisation", "requested_by").order_by("sent_on", "id")
