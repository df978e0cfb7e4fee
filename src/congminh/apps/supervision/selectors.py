"""Reads of supervision plans, recommendations and the cases supervisors follow, always
through `accounts.scope`: anything out of scope is a 404.

A recommendation's status is the directive tasks' one, computed in SQL by
`directives.selectors.with_status` from `due`, `done_on` and today (one rule for both);
`due_soon` is the hint on an `on_time` one with 0..`due_soon_days` days left."""

from __future__ import annotations

import datetime as dt
import operator
from dataclasses import dataclass
from functools import reduce
from typing import Any, cast

from django.db.models import Case as SqlCase  # `Case` here is a judicial case
from django.db.models import (
    CharField,
    Count,
    Exists,
    F,
    IntegerField,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.shortcuts import get_object_or_404

from congminh.apps.accounts import scope
from congminh.apps.audit.models import AuditEntry
from congminh.apps.audit.selectors import as_date, rewind
from congminh.apps.cases.counts import cached_aggregate
from congminh.apps.cases.models import Case
from congminh.apps.cases.selectors import case_open_q
from congminh.apps.directives import selectors as task_selectors
from congminh.apps.directives import status as st
from congminh.apps.organisations.models import Organisation
from congminh.apps.supervision.models import Recommendation, SupervisionPlan
from congminh.apps.web.listing import ordering
from congminh.core.statuses import CASE_STATUSES, OPEN, OPEN_TASK_STATUSES

# The statuses a list filters on: not done yet («Đang thực hiện»: on time or overdue), the
# four official ones and the due-soon hint.
FILTER_STATUSES = (OPEN, st.ON_TIME, st.DUE_SOON, st.OVERDUE, st.DONE_ON_TIME, st.DONE_LATE)
# Each sort ends with the response deadline and the id: within one status (or one body)
# the most overdue first, then the soonest due; stable across pages.
REC_SORTS = {"due": ("due", "status_rank", "pk"), "issued": ("issued_on", "due", "pk"),
             "addressee": ("addressee__name", "status_rank", "due", "pk"),
             "supervisor": ("plan__supervisor__name", "status_rank", "due", "pk"),
             "status": ("status_rank", "due", "pk")}
# The plan page's table: worst first, as the list's default.
REC_ORDER = REC_SORTS["status"]
# The status sort, worst first: overdue, on time (both still open), done late, done on time.
STATUS_RANK = (st.OVERDUE, st.ON_TIME, st.DONE_LATE, st.DONE_ON_TIME)
PLAN_SORTS = {"start": "period_start", "end": "period_end", "topic": "topic",
              "supervisor": "supervisor__name", "status": "status"}
# A case's status sorts worst first too, in the vocabulary's order (`core.statuses`).
CASE_SORTS = {"title": ("title", "pk"), "holder": ("holder__name", "title", "pk"),
              "status": ("status_rank", "title", "pk")}


def status_rank(order: tuple[str, ...]) -> SqlCase:
    """A sort key: the `status` (annotated or stored) by its place in `order`, worst
    first; a status not in it last."""
    return SqlCase(*(When(status=s, then=Value(i)) for i, s in enumerate(order)),
                   default=Value(len(order)), output_field=IntegerField())


def plan_scope(user: Any) -> QuerySet[SupervisionPlan]:
    return scope.supervision_readable(SupervisionPlan.objects.all(), scope.plan_read_q(user), user)


def plan_get(*, user: Any, pk: int) -> SupervisionPlan:
    return get_object_or_404(plan_scope(user).select_related("supervisor"), pk=pk)


def recommendation_scope(user: Any) -> QuerySet[Recommendation]:
    return scope.supervision_readable(Recommendation.objects.all(),
                                scope.recommendation_read_q(user), user)


def with_status(qs: QuerySet[Recommendation], today: dt.date) -> QuerySet[Recommendation]:
    """`status` annotated in SQL by the directive tasks' rule (one of TASK_STATUSES)."""
    return cast(QuerySet[Recommendation], task_selectors.with_status(cast(Any, qs), today))


def recommendation_get(*, user: Any, pk: int, today: dt.date) -> Recommendation:
    qs = with_status(recommendation_scope(user), today).select_related(
        "plan__supervisor", "addressee", "visit")
    return get_object_or_404(qs, pk=pk)


def _sorted(qs: QuerySet[Any], sorts: dict[str, str], sort: str, default: str) -> QuerySet[Any]:
    return qs.order_by(*ordering({k: (f,) for k, f in sorts.items()}, sort, default), "pk")


def _sorted_by(qs: QuerySet[Any], sorts: dict[str, tuple[str, ...]], sort: str,
               default: str) -> QuerySet[Any]:
    """`sorts` give each key its whole ordering, its tiebreaks included."""
    return qs.order_by(*ordering(sorts, sort, default))


@dataclass(frozen=True)
class RecommendationFilters:
    plan_id: int | None = None
    supervisor_id: int | None = None
    addressee_id: int | None = None
    status: str = ""  # one of FILTER_STATUSES
    query: str = ""
    sort: str = "status"
    as_of: dt.date | None = None  # each recommendation as it stood that day (None: as it stands)


def _status_q(status: str, today: dt.date) -> Q:
    if status == st.DUE_SOON:  # not closed by `today` (a list as of a day: closed later)
        return (Q(done_on__isnull=True) | Q(done_on__gt=today)) & Q(
            due__gte=today, due__lte=today + dt.timedelta(days=st.due_soon_days()))
    if status == OPEN:  # as of a day too: `status` is then annotated as it stood
        return Q(status__in=OPEN_TASK_STATUSES)
    return Q(status=status) if status in FILTER_STATUSES else Q()


def as_of(qs: QuerySet[Recommendation], day: dt.date) -> QuerySet[Recommendation]:
    """The recommendations issued by `day`, annotated with `status` as they stood that day
    from their own dates: the directive tasks' rule (`with_status`) with a closure dated
    after `day` not made yet."""
    done = Q(done_on__lte=day)
    return qs.filter(issued_on__lte=day).annotate(status=SqlCase(
        When(done, done_on__lte=F("due"), then=Value(st.DONE_ON_TIME)),
        When(done, then=Value(st.DONE_LATE)),
        When(due__lt=day, then=Value(st.OVERDUE)),
        default=Value(st.ON_TIME), output_field=CharField()))


def as_it_stood(rec: Recommendation, day: dt.date) -> Recommendation:
    """`rec` shown as it stood on `day` (not saved): no closure dated after it."""
    if (rec.done_on or day) > day:
        rec.done_on = None
    return rec


def _recommendations(user: Any, f: RecommendationFilters, today: dt.date) -> QuerySet[Recommendation]:
    """The filtered recommendations `user` reads, annotated with `status` (no joins that
    would multiply rows: the counts group this); as of `f.as_of`, as they stood then."""
    qs = as_of(recommendation_scope(user), f.as_of) if f.as_of else with_status(recommendation_scope(user), today)
    if f.plan_id:
        qs = qs.filter(plan_id=f.plan_id)
    if f.supervisor_id:
        qs = qs.filter(plan__supervisor_id=f.supervisor_id)
    if f.addressee_id:
        qs = qs.filter(addressee_id=f.addressee_id)
    if f.status:
        qs = qs.filter(_status_q(f.status, today))
    if f.query.strip():
        qs = qs.filter(Q(content__icontains=f.query.strip()) | Q(plan__topic__icontains=f.query.strip()))
    return qs


def recommendation_list(*, user: Any, filters: RecommendationFilters,
                        today: dt.date) -> QuerySet[Recommendation]:
    responses = Q(responses__date__lte=filters.as_of) if filters.as_of else Q()
    qs = _recommendations(user, filters, today).select_related("plan__supervisor", "addressee").annotate(
        n_responses=Count("responses", filter=responses), status_rank=status_rank(STATUS_RANK))
    return _sorted_by(qs, REC_SORTS, filters.sort, "status")


def _count_columns(today: dt.date) -> dict[str, Any]:
    return {"total": Count("pk"), **{s: Count("pk", filter=_status_q(s, today)) for s in FILTER_STATUSES}}


def status_counts(qs: QuerySet[Recommendation], today: dt.date) -> dict[str, int]:
    """How many of `qs` (annotated with `status`) are in each of FILTER_STATUSES."""
    agg = qs.order_by().aggregate(**_count_columns(today))
    return {k: int(v or 0) for k, v in agg.items()}


def status_counts_by(qs: QuerySet[Recommendation], field: str,
                     today: dt.date) -> dict[int, dict[str, int]]:
    """`status_counts` per value of `field` (plan, addressee), in one grouped query."""
    rows = qs.order_by().values(field).annotate(**_count_columns(today))
    return {int(r[field]): {k: int(r[k] or 0) for k in ("total", *FILTER_STATUSES)} for r in rows}


@dataclass(frozen=True)
class PlanFilters:
    supervisor_id: int | None = None
    status: str = ""
    body_id: int | None = None  # supervises this body
    sort: str = "-start"


def plan_list(*, user: Any, filters: PlanFilters) -> QuerySet[SupervisionPlan]:
    qs = plan_scope(user).select_related("supervisor").annotate(
        n_visits=Count("visits", distinct=True), n_recs=Count("recommendations", distinct=True))
    if filters.supervisor_id:
        qs = qs.filter(supervisor_id=filters.supervisor_id)
    if filters.status:
        qs = qs.filter(status=filters.status)
    if filters.body_id:
        qs = qs.filter(bodies__id=filters.body_id)
    return _sorted(qs, PLAN_SORTS, filters.sort, "-start")


def plan_status_counts(*, user: Any, plan_ids: list[int], today: dt.date) -> dict[int, dict[str, int]]:
    """Per plan, its recommendations by status (what the plan list shows and links)."""
    base = with_status(recommendation_scope(user).filter(plan_id__in=plan_ids), today)
    found = status_counts_by(base, "plan_id", today)
    return {pid: found.get(pid, {}) for pid in plan_ids}


def addressee_totals(*, user: Any, filters: RecommendationFilters, today: dt.date) -> dict[str, int]:
    return status_counts(_recommendations(user, RecommendationFilters(
        plan_id=filters.plan_id, supervisor_id=filters.supervisor_id), today), today)


def addressee_table(*, user: Any, filters: RecommendationFilters, today: dt.date) -> list[dict[str, Any]]:
    """Per addressee, its recommendations by status (each number links to the list)."""
    qs = _recommendations(user, RecommendationFilters(
        plan_id=filters.plan_id, supervisor_id=filters.supervisor_id), today)
    counts = status_counts_by(qs, "addressee_id", today)
    names = dict(Organisation.objects.filter(pk__in=list(counts)).values_list("pk", "name"))
    return [{"id": org_id, "name": name, "counts": counts[org_id]}
            for org_id, name in sorted(names.items(), key=lambda kv: kv[1])]


def supervision_bodies(user: Any) -> QuerySet[Organisation]:
    """Supervising bodies offered in filters: those whose plans `user` reads."""
    return Organisation.objects.filter(pk__in=plan_scope(user).values("supervisor_id")).order_by("name")


def addressee_bodies(user: Any) -> QuerySet[Organisation]:
    return Organisation.objects.filter(
        pk__in=recommendation_scope(user).values("addressee_id")).order_by("name")


# --- cases the supervisors follow --------------------------------------------------------

WATCH_FLAGS = scope.SUPERVISION_FLAGS


def watched_cases(*, user: Any, flag: str = "", open_only: bool = False,
                  sort: str = "status") -> QuerySet[Case]:
    """Cases `user` reads flagged «dư luận xã hội đặc biệt quan tâm», «dấu hiệu oan, sai» or
    «dấu hiệu bỏ lọt tội phạm» (`open_only`: not finished, `cases.selectors.case_open_q`); the status sorts worst first."""
    flags = [flag] if flag in WATCH_FLAGS else list(WATCH_FLAGS)
    condition = Q()
    for name in flags:
        condition |= Q(**{name: True})
    qs = scope.readable_cases(user).filter(condition)
    if open_only:
        qs = qs.filter(case_open_q())
    qs = qs.select_related("holder").annotate(status_rank=status_rank(CASE_STATUSES))
    return _sorted_by(qs, CASE_SORTS, sort, "status")


def flag_reasons(case_ids: list[int]) -> dict[tuple[int, str], AuditEntry]:
    """The latest audit entry that set each flag of each case: who, when and why (the
    reason is the entry's note: «flag» from `cases.services.case_flags_set`, `case_create`
    and the bulk writer, «update» from `case_update`, the API's edit)."""
    found: dict[tuple[int, str], AuditEntry] = {}
    entries = AuditEntry.objects.filter(
        object_type="cases.case", action__in=("flag", "update"), case_id__in=case_ids, field__in=WATCH_FLAGS,
    ).select_related("actor").order_by("-at", "-id")
    for entry in entries:
        key = (int(entry.case_id or 0), entry.field)
        found.setdefault(key, entry)
    return found


def watched_counts(*, user: Any, open_only: bool = False) -> dict[str, int]:
    """Per flag, the length of `watched_cases(flag=…, open_only=…)`, in one query."""
    qs = scope.readable_cases(user).order_by()
    if open_only:
        qs = qs.filter(case_open_q())
    # Kept per holding body (`cases.counts.cached_aggregate`): the dashboard asks for it
    # after every write, which recounts the cases of the bodies it touched alone. Only
    # flagged cases count: grouping the others by body made SQLite read the province's
    # cases in holder order (0.28 s against 0.07 s, cold).
    flagged = qs.filter(reduce(operator.or_, (Q(**{name: True}) for name in WATCH_FLAGS)))
    found = cached_aggregate(flagged, "holder_id",
                             **{name: Count("pk", filter=Q(**{name: True})) for name in WATCH_FLAGS})
    return {name: int(found[name] or 0) for name in WATCH_FLAGS}


def cases_by_number(*, user: Any, number: str, most: int = 5) -> list[Case]:
    """The cases `user` reads with this number at any body (folded match), at most `most`:
    each court numbers its own cases, so «6/2026/TLST-DS» may name several."""
    from congminh.apps.cases.models import AgencyNumber
    from congminh.core.text import fold_key

    key = fold_key(number)
    if not key:
        return []
    numbered = AgencyNumber.objects.filter(case=OuterRef("pk"), number_key=key)
    return list(scope.readable_cases(user).filter(Exists(numbered)).select_related("holder")
                .order_by("holder__name", "id")[:most])


def annual_figures(*, user: Any, instant: dt.datetime, day: dt.date) -> dict[str, int]:
    """`addressee_totals` (every recommendation `user` reads) as the registry stood at
    `instant`: the recommendations issued by then (a recommendation's due date is set when
    it is issued, so one issued after the instant rewinds to none), each with the due date
    and closing day it had then (rewound through the audit trail), its status as of `day`."""
    rows = list(recommendation_scope(user).order_by().values("id", "due", "done_on"))
    rewind(rows, object_type=Recommendation._meta.label_lower, instant=instant,
           fields={"due": as_date, "done_on": as_date})
    soon = day + dt.timedelta(days=st.due_soon_days())
    totals = dict.fromkeys(("total", *FILTER_STATUSES), 0)
    for row in rows:
        due, done_on = row["due"], row["done_on"]
        if due is None:
            continue
        totals["total"] += 1
        status = st.obligation_status(due=due, done_on=done_on, today=day)
        totals[status] += 1
        totals[OPEN] += status in OPEN_TASK_STATUSES
        totals[st.DUE_SOON] += done_on is None and day <= due <= soon
    return totals
