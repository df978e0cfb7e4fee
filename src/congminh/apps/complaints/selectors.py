"""Reads of complaints and denunciations, through the user's scope
(`scope.readable_complaints`)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.db.models import Case, CharField, Count, F, Q, QuerySet, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone

from congminh.apps.accounts import scope
from congminh.apps.accounts.scope import readable_complaints
from congminh.apps.audit.selectors import as_date, as_text, rewind
from congminh.apps.complaints.models import Complaint, ComplaintStatus, Outcome
from congminh.apps.organisations.models import Organisation
from congminh.apps.web.listing import WORST_FIRST, ordering, urgency_rank

# Sort keys offered by the list (`?sort=` value -> ordering); "-key" sorts descending.
SORTS = {
    "number": ("number", "id"),
    "received": ("received_on", "id"),
    "due": ("due", "id"),
    "resolved": ("resolved_on", "id"),
    "against": ("against", "id"),
    "resolver": ("resolver__name", "id"),
    "complained_of": ("complained_of__name", "id"),
    "status": WORST_FIRST,  # overdue first, then open by the soonest due, then resolved
    "outcome": ("outcome", "id"),
}
SIDES = ("resolving", "received", "complained_of")


def complaint_scope(user: Any) -> QuerySet[Complaint]:
    return readable_complaints(user)


def complaint_get(*, user: Any, pk: int) -> Complaint:
    """The complaint `pk` if `user` may read it; 404 otherwise."""
    return get_object_or_404(complaint_scope(user).select_related(
        "case", "complained_of", "received_by", "resolver", "escalated_from"), pk=pk)


@dataclass(frozen=True)
class ComplaintFilters:
    side: str = ""          # resolving | received | complained_of: relative to the user's body
    kind: str = ""
    status: str = ""        # ComplaintStatus value
    overdue: bool = False
    resolved_late: bool = False
    outcome: str = ""
    against: str = ""
    level: str = ""
    procedure: str = ""
    resolver_id: int | None = None
    resolver_name: str = ""  # a resolving body outside the registry (`routing.NATIONAL_RESOLVERS`)
    complained_of_id: int | None = None
    case_id: int | None = None
    query: str = ""
    sort: str = "status"
    as_of: dt.date | None = None  # each complaint as it stood that day (None: as it stands)


def overdue_q(today: dt.date, then: bool = False) -> Q:
    """Open, past its due date, on a case not closed (the case's closure ends the clock:
    the rules' `ends: [..., closed]`). `then`: as it stood on `today` (`as_of`)."""
    if then:
        return Q(status_then=ComplaintStatus.OPEN, due__lt=today) & (
            Q(case__closed_on__isnull=True) | Q(case__closed_on__gt=today))
    return Q(status=ComplaintStatus.OPEN, due__lt=today, case__closed_on__isnull=True)


def late_q(then: bool = False) -> Q:
    """Resolved after its due date."""
    return Q(**{"status_then" if then else "status": ComplaintStatus.RESOLVED}, resolved_on__gt=F("due"))


def as_of(qs: QuerySet[Complaint], day: dt.date) -> QuerySet[Complaint]:
    """The complaints received by `day`, each with `status_then` and `outcome_then`, as it
    stood that day from its own dates: one resolved after it was still being resolved."""
    later = Q(resolved_on__gt=day)
    return qs.filter(received_on__lte=day).annotate(
        status_then=Case(When(later, then=Value(ComplaintStatus.OPEN.value)), default=F("status"),
                         output_field=CharField()),
        outcome_then=Case(When(later, then=Value("")), default=F("outcome"), output_field=CharField()))


def as_it_stood(complaint: Complaint, day: dt.date) -> Complaint:
    """`complaint` (read through `as_of`) shown as it stood on `day` (not saved): its status
    and outcome then, no resolution dated after it, its case open if closed after it."""
    complaint.status = getattr(complaint, "status_then", complaint.status)
    complaint.outcome = getattr(complaint, "outcome_then", complaint.outcome)
    if (complaint.resolved_on or day) > day:
        complaint.resolved_on = None
    if (complaint.case.closed_on or day) > day:
        complaint.case.closed_on = None
    return complaint


def complaint_list(*, user: Any, filters: ComplaintFilters | None = None,
                   today: dt.date | None = None) -> QuerySet[Complaint]:
    f = filters or ComplaintFilters()
    today = f.as_of or today or timezone.localdate()
    qs = complaint_scope(user).select_related("case", "complained_of", "received_by", "resolver")
    then = f.as_of is not None
    if then:
        qs = as_of(qs, today)
    org_id = getattr(user, "organisation_id", None)
    if f.side in SIDES and org_id:
        mine = scope.lineage_ids([org_id])
        key = {"resolving": "resolver_id__in", "received": "received_by_id__in",
               "complained_of": "complained_of_id__in"}[f.side]
        qs = qs.filter(**{key: mine})
    for name in ("kind", "status", "outcome", "against", "level"):
        value = getattr(f, name)
        if value:
            qs = qs.filter(**{f"{name}_then" if then and name in _DATED else name: value})
    if f.procedure:
        qs = qs.filter(case__procedure=f.procedure)
    if f.overdue:
        qs = qs.filter(overdue_q(today, then))
    if f.resolved_late:
        qs = qs.filter(late_q(then))
    if f.resolver_id:
        qs = qs.filter(resolver_id=f.resolver_id)
    if f.resolver_name:
        qs = qs.filter(resolver__isnull=True, resolver_name=f.resolver_name)
    if f.complained_of_id:
        qs = qs.filter(complained_of_id=f.complained_of_id)
    if f.case_id:
        qs = qs.filter(case_id=f.case_id)
    if f.query.strip():
        q = f.query.strip()
        qs = qs.filter(Q(number__icontains=q) | Q(case__title__icontains=q)
                       | Q(official__icontains=q) | Q(decision_number__icontains=q))
    still_open = Q(**{"status_then" if then else "status": ComplaintStatus.OPEN})
    qs = qs.annotate(urgency=urgency_rank(overdue_q(today, then), still_open))
    return qs.order_by(*ordering(SORTS, f.sort, "status"))


# The fields whose value as of a day `as_of` gives (`<name>_then`).
_DATED = ("status", "outcome")


def _aggregates(today: dt.date, then: bool = False) -> dict[str, Any]:
    status, outcome = ("status_then", "outcome_then") if then else ("status", "outcome")
    return {
        "total": Count("id"),
        "open": Count("id", filter=Q(**{status: ComplaintStatus.OPEN})),
        "overdue": Count("id", filter=overdue_q(today, then)),
        "resolved": Count("id", filter=Q(**{status: ComplaintStatus.RESOLVED})),
        **{o: Count("id", filter=Q(**{outcome: o})) for o in Outcome.values},
        "resolved_late": Count("id", filter=late_q(then)),
    }


def complaint_summary(*, user: Any, filters: ComplaintFilters | None = None,
                      today: dt.date | None = None) -> dict[str, Any]:
    """Totals of the filtered list (the cards above it), and counts by resolving body, by
    body complained of and by `against` of the complaints on the user's side (the tables:
    the other filters apply to the list only), as of `filters.as_of`."""
    f = filters or ComplaintFilters()
    today = f.as_of or today or timezone.localdate()
    aggs = _aggregates(today, f.as_of is not None)
    totals = complaint_list(user=user, filters=f, today=today).order_by().aggregate(**aggs)
    base = complaint_list(user=user, filters=ComplaintFilters(side=f.side, kind=f.kind, as_of=f.as_of),
                          today=today).order_by()
    out: dict[str, Any] = {"totals": totals}
    for key, field in (("by_resolver", "resolver_id"), ("by_complained_of", "complained_of_id")):
        rows = list(base.exclude(**{field: None}).values(field).annotate(**aggs).order_by("-total"))
        names = dict(Organisation.objects.filter(pk__in=[r[field] for r in rows])
                     .values_list("id", "name"))
        for row in rows:
            row["id"], row["name"] = row[field], names.get(row[field], "")
        out[key] = rows
    out["by_resolver"] = sorted([*out["by_resolver"], *_national_rows(base, aggs)],
                                key=lambda row: -row["total"])
    from congminh.apps.complaints.models import Against

    labels = dict(Against.choices)
    by_against = list(base.values("against").annotate(**aggs).order_by("-total"))
    for row in by_against:
        row["id"], row["name"] = row["against"], labels.get(row["against"], row["against"])
    out["by_against"] = by_against
    return out


def _national_rows(base: QuerySet[Complaint], aggs: dict[str, Any]) -> list[dict[str, Any]]:
    """The table's rows of the resolving bodies outside the registry, one per name, each
    number linking to the list filtered by that name (`resolver_name`)."""
    rows = list(base.filter(resolver__isnull=True).exclude(resolver_name="")
                .values("resolver_name").annotate(**aggs).order_by())
    for row in rows:
        row["id"], row["name"] = None, row["resolver_name"]
        row["where"] = urlencode({"resolver_name": row["resolver_name"]})
    return rows


ANNUAL_KEYS = ("total", "open", "overdue", "resolved", *Outcome.values, "resolved_late")


def annual_figures(*, user: Any, instant: dt.datetime, day: dt.date) -> dict[str, int]:
    """`complaint_summary`'s totals as the registry stood at `instant`: the complaints
    received by then, each with the status, outcome, resolution day and due date it had
    then (rewound through the audit trail); open ones overdue as of `day` unless their
    case was closed by then (`overdue_q`), in its log as recorded at `instant`."""
    from congminh.apps.quality.selectors import closed_on_as_of

    rows = list(complaint_scope(user).filter(created_at__lte=instant).order_by()
                .values("id", "case_id", "status", "outcome", "resolved_on", "due"))
    rewind(rows, object_type=Complaint._meta.label_lower, instant=instant, fields={
        "status": as_text, "outcome": as_text, "resolved_on": as_date, "due": as_date})
    closed = closed_on_as_of({r["case_id"] for r in rows}, instant, day)
    totals = dict.fromkeys(ANNUAL_KEYS, 0)
    for row in rows:
        status, due, resolved_on = row["status"], row["due"], row["resolved_on"]
        totals["total"] += 1
        if status == ComplaintStatus.OPEN:
            totals["open"] += 1
            totals["overdue"] += due is not None and due < day and row["case_id"] not in closed
        elif status == ComplaintStatus.RESOLVED:
            totals["resolved"] += 1
            totals["resolved_late"] += due is not None and resolved_on is not None and resolved_on > due
        if row["outcome"] in totals:
            totals[row["outcome"]] += 1
    return totals


def days_taken(complaint: Complaint, today: dt.date | None = None) -> int:
    """Days from receipt to resolution (or today while open)."""
    end = complaint.resolved_on or today or timezone.localdate()
    return max((end - complaint.received_on).days, 0)


def is_late(complaint: Complaint, today: dt.date | None = None) -> bool:
    """Past its due date: still open after it, or resolved after it."""
    today = today or timezone.localdate()
    if complaint.due is None:
        return False
    if complaint.status == ComplaintStatus.OPEN:
        return complaint.due < today and complaint.case.closed_on is None
    return complaint.resolved_on is not None and complaint.resolved_on > complaint.due


def case_complaints(*, user: Any, case: Any) -> QuerySet[Complaint]:
    """The case's complaints `user` may read (for the case page section)."""
    return complaint_scope(user).filter(case=case).select_related(
        "resolver", "complained_of").order_by("received_on", "id")


def rows(complaints: Any, user: Any, today: dt.date | None = None) -> list[dict[str, Any]]:
    """Rows for the screens: the complaint, days taken, late, and the complainant as the
    user may see it (`complainant_view`)."""
    today = today or timezone.localdate()
    personal = scope.sees_personal_data(user)
    return [{"c": c, "days": days_taken(c, today), "late": is_late(c, today),
             "complainant": complainant_view(c, personal_data=personal)} for c in complaints]


def complainant_view(complaint: Complaint, *, personal_data: bool) -> dict[str, str]:
    """The complainant's name, address and identity number; without `personal_data`
    (overseers, `scope.sees_personal_data`) the address and identity number are hidden,
    and a denouncer's name too (the denouncer's identity is kept secret: BLTTHS Đ.484
    k1 đ.b, Luật Tố cáo Đ.47)."""
    from django.utils.translation import gettext as _

    hidden = str(_("Hidden"))
    if personal_data:
        return {"name": complaint.complainant_name, "address": complaint.complainant_address,
                "id_number": complaint.complainant_id_number}
    name = hidden if complaint.kind == "denunciation" else complaint.complainant_name
    return {"name": name, "address": hidden if complaint.complainant_address else "",
            "id_number": hidden if complaint.complainant_id_number else ""}
