"""Every read of case data goes through these functions, which apply the user's scope
as `congminh.apps.accounts.scope` decides it (the one place that does)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Case as CaseWhen
from django.db.models import (
    Count,
    Exists,
    F,
    IntegerField,
    Min,
    OrderBy,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, StrIndex
from django.http import Http404

from congminh.apps.accounts import scope
from congminh.apps.cases import search
from congminh.apps.cases.counts import cached_parts, cached_query_parts, query_key
from congminh.apps.cases.models import AgencyNumber, Case, CaseEvent, Stage
from congminh.apps.obligations.models import CaseObligation
from congminh.apps.organisations.models import Organisation
from congminh.core import statuses


def case_scope(user: Any, *, walk_order: bool = False) -> QuerySet[Case]:
    """All the cases `user` may read (`walk_order`: for a list, see `scope.case_read_q`)."""
    return scope.readable_cases(user, walk_order=walk_order)


def case_writable(user: Any, case: Case) -> bool:
    """May `user` change this case's fields (its holder's officers, admins)."""
    return bool(scope.can_change_case(user, case))


def case_get(*, user: Any, pk: int) -> Case:
    """The case `pk` if `user` may read it; 404 otherwise (an outsider learns nothing)."""
    try:
        return case_scope(user).select_related("holder").get(pk=pk)
    except Case.DoesNotExist as exc:
        raise Http404("Case not found") from exc


def case_get_for_write(*, user: Any, pk: int) -> Case:
    case = case_get(user=user, pk=pk)
    decision = scope.can_change_case(user, case)
    if not decision:
        raise PermissionDenied(decision.reason)
    return case


def case_open_q() -> Q:
    """Cases not finished: no closing date and not `closed` by the law engine."""
    return Q(closed_on__isnull=True) & ~Q(status=statuses.CLOSED)


def case_flag_q(flag: str) -> Q:
    """Cases whose stored flags include `flag`: the flags the law engine computed
    (CONTRACTS.md §1; `prolonged` is «kéo dài», over the thresholds of
    `core/law/config.yaml`), the same list the case page shows as badges. The stored JSON
    list is matched as text on the quoted element, which SQLite and PostgreSQL both do."""
    return Q(flags__icontains=f'"{flag}"')


PROLONGED = "prolonged"

# Columns the case list sorts by (`?sort=key` ascending, `?sort=-key` descending); nothing
# else reaches `order_by`.
SORT_KEYS = ("number", "holder", "stage", "next_due", "days_over")


@dataclass(frozen=True)
class CaseFilters:
    query: str = ""
    organisation_id: int | None = None  # held by or numbered at this body
    procedure: str = ""
    stage: str = ""
    status: str = ""
    opened_before: dt.date | None = None  # opened on or before this date
    opened_after: dt.date | None = None
    holder_id: int | None = None  # held by this body (the dashboard's rows)
    open_only: bool = False  # not finished (the age filter counts open cases only)
    prolonged: bool = False  # «kéo dài» (case_flag_q)
    sort: str = ""  # one of SORT_KEYS, "-" in front for descending; "" the default order


def case_search(qs: QuerySet[Case], query: str) -> QuerySet[Case]:
    """Diacritic-insensitive search over title, parties and any agency case number, by
    whole words (`cases.search`); the caller orders the result."""
    return search.case_search(qs, query, ranked=False)


def case_list(*, user: Any, filters: CaseFilters | None = None) -> QuerySet[Case]:
    f = filters or CaseFilters()
    # The long texts no list shows stay out of the rows a sort carries.
    qs = case_scope(user, walk_order=True).select_related("holder").defer("search_text", "summary")
    if f.organisation_id:
        numbered = AgencyNumber.objects.filter(organisation_id=f.organisation_id).values("case_id")
        qs = qs.filter(Q(holder_id=f.organisation_id) | Q(pk__in=numbered))
    if f.procedure:
        qs = qs.filter(procedure=f.procedure)
    if f.stage:
        qs = qs.filter(stage=f.stage)
    if f.status:
        qs = qs.filter(status=f.status)
    if f.opened_before:
        qs = qs.filter(opened_on__lte=f.opened_before)
    if f.opened_after:
        qs = qs.filter(opened_on__gte=f.opened_after)
    if f.holder_id:
        qs = qs.filter(holder_id=f.holder_id)
    if f.open_only:
        qs = qs.filter(case_open_q())
    if f.prolonged:
        qs = qs.filter(case_flag_q(PROLONGED))
    qs = search.case_search(qs, f.query)
    if not sort_key(f.sort) and "search_rank" in qs.query.annotations:
        # An exact name or number first, then the words as typed, then the rest.
        return qs.order_by("search_rank", "-last_event_on", "-id")  # then Case's own order
    return case_sort(qs, f.sort)


def _holder_number() -> Coalesce:
    """The case's number at its holding body, else its first number."""
    numbers = AgencyNumber.objects.filter(case=OuterRef("pk")).order_by("created_at", "id")
    held = numbers.filter(organisation_id=OuterRef("holder_id"))
    return Coalesce(Subquery(held.values("number")[:1]), Subquery(numbers.values("number")[:1]))


def _overdue_since() -> Subquery:
    """The earliest due date among the case's overdue obligations (as the law engine last
    stored them); None when none is overdue. Days over the limit = today − this date."""
    overdue = (CaseObligation.objects.filter(case=OuterRef("pk"), status=statuses.OVERDUE)
               .order_by().values("case").annotate(first=Min("due")).values("first"))
    return Subquery(overdue[:1])


def case_list_columns(*, case_ids: list[int]) -> dict[int, tuple[str | None, dt.date | None]]:
    """The number (at the holder) and `overdue_since` (see `_overdue_since`) of the cases
    of one page, in one query; the sort (`case_sort`) uses the same two expressions."""
    rows = Case.objects.filter(pk__in=case_ids).annotate(
        number=_holder_number(), overdue_since=_overdue_since(),
    ).values_list("pk", "number", "overdue_since")
    return {pk: (number, since) for pk, number, since in rows}


def with_overdue_since(qs: QuerySet[Case]) -> QuerySet[Case]:
    """`qs` with `overdue_since` on each case (see `_overdue_since`), e.g. for an export."""
    return qs.annotate(overdue_since=_overdue_since())


def _stage_rank() -> CaseWhen:
    """Stages in procedural order (Stage's order), cases without a stage last."""
    return CaseWhen(*[When(stage=s, then=Value(i)) for i, s in enumerate(Stage.values)],
                    default=Value(len(Stage.values)), output_field=IntegerField())


def sort_key(sort: str) -> str:
    """`sort` if it is a known column (with or without "-"), else ""."""
    return sort if sort.removeprefix("-") in SORT_KEYS else ""


def case_sort(qs: QuerySet[Case], sort: str) -> QuerySet[Case]:
    """Order by a whitelisted column (`SORT_KEYS`), ties broken by id; unknown: default."""
    sort = sort_key(sort)
    if not sort:
        return qs
    key, desc = sort.removeprefix("-"), sort.startswith("-")
    order: list[OrderBy]
    if key == "number":
        # «2/2026/HS» before «17/2026/HS»: a shorter number before its first "/" first.
        qs = qs.annotate(number=_holder_number()).annotate(
            number_head=StrIndex("number", Value("/")))
        order = [OrderBy(F("number_head"), descending=desc, nulls_last=True),
                 OrderBy(F("number"), descending=desc, nulls_last=True)]
    elif key == "holder":
        order = [OrderBy(F("holder__name"), descending=desc), OrderBy(F("holder__code"), descending=desc)]
    elif key == "stage":
        qs = qs.annotate(stage_rank=_stage_rank())
        order = [OrderBy(F("stage_rank"), descending=desc)]
    elif key == "next_due":
        order = [OrderBy(F("next_due"), descending=desc, nulls_last=True)]
    else:  # days over the limit: the longest overdue has the earliest due date
        # Only a case the law engine stored as overdue has an overdue obligation (the same
        # evaluation stores both): the guard spares a subquery per open case of a province.
        qs = qs.annotate(overdue_since=CaseWhen(When(status=statuses.OVERDUE, then=_overdue_since()),
                                                default=None))
        order = [OrderBy(F("overdue_since"), descending=not desc, nulls_last=True)]
    return qs.order_by(*order, OrderBy(F("pk"), descending=desc))


def case_filter_bodies(*, user: Any) -> QuerySet[Organisation]:
    """Bodies the case list offers as filters: those holding, or numbering, a case `user`
    may read (so scope.py decides the reach), among `scope.readable_bodies`, and their
    successors, however many steps away (a dissolved body is listed under its successor).
    Lazy: `web.bodies.cached_body_entries` lays them out (with their successors) once per
    data version."""
    cases = case_scope(user).order_by()
    # Scanning a province's cases per request costs more than the page: kept per body
    # (`cases.counts.cached_parts`), so a write looks again only at the bodies it touched.
    if scope.reads_every_case_of_its_bodies(user):
        ids = _bodies_with_cases(scope.readable_bodies(user))
    else:
        ids = set().union(*cached_query_parts(cases, "filter-bodies", _case_bodies_by_holder, frozenset[int]).values())
    readable = scope.readable_bodies(user)
    ids = set(readable.filter(pk__in=ids).values_list("pk", flat=True))
    through = Organisation.predecessors.through.objects
    frontier = set(ids)
    while frontier:  # successors of successors (district → old province body → today's)
        frontier = set(through.filter(to_organisation_id__in=frontier).values_list(
            "from_organisation_id", flat=True)) - ids
        ids |= frontier
    return readable.filter(pk__in=ids)


def _bodies_with_cases(bodies: QuerySet[Organisation]) -> set[int]:
    """The `bodies` that hold or number a case: one indexed probe a body (some 400)
    instead of a scan of the province's cases (1.2-1.4 s at the P size), kept per body:
    whether a body holds or numbers a case changes only by a write to its cases."""
    def probe(some: list[int] | None) -> dict[int, bool]:
        held = Exists(Case.objects.filter(holder_id=OuterRef("pk")))
        numbered = Exists(AgencyNumber.objects.filter(organisation_id=OuterRef("pk")))
        found = bodies if some is None else bodies.filter(pk__in=some)
        return dict.fromkeys(found.filter(held | numbered).values_list("pk", flat=True), True)

    key = query_key(bodies, "bodies-with-cases")
    parts = probe(None) if key is None else cached_parts(key, probe, bool)
    return {pk for pk, has in parts.items() if has}


def _case_bodies_by_holder(cases: QuerySet[Case]) -> dict[int, frozenset[int]]:
    """Per holding body, itself and the bodies that numbered its cases among `cases`. Two
    DISTINCT scans the database answers from its indexes; one query OR-ing them made
    SQLite re-run both for every body."""
    found: dict[int, set[int]] = {h: {h} for h in cases.values_list("holder_id", flat=True).distinct()}
    numbered = (AgencyNumber.objects.filter(case__in=cases.values("pk")).order_by()
                .values_list("case__holder_id", "organisation_id").distinct())
    for holder, body in numbered:
        found.setdefault(holder, {holder}).add(body)
    return {h: frozenset(bodies) for h, bodies in found.items()}


@dataclass(frozen=True)
class BodyRow:
    """Open cases one body holds, by condition (the dashboard's table by body)."""

    holder_id: int
    holding: int
    overdue: int
    suspended: int
    prolonged: int
    due_soon: int


@dataclass(frozen=True)
class CaseSummary:
    """The dashboard's counts: every case by procedure and stage and by procedure and
    status, and the open cases by holding body."""

    total: int
    by_stage: list[dict[str, Any]]  # {"procedure", "stage", "n"}
    by_status: list[dict[str, Any]]  # {"procedure", "status", "n"}
    by_holder: list[BodyRow]


# One grouped row of the dashboard's counts, as kept per holding body: a tuple, which the
# cache stores and reads back at a fraction of a dict's cost (a province has some 10,000).
SummaryRow = tuple[int, str, str, str, int, int, int]  # holder, procedure, stage, status, n, open, prolonged


def _summary(rows: list[SummaryRow]) -> CaseSummary:
    """Fold the grouped rows (procedure, stage, status, holder) into the three tables."""
    stage: dict[tuple[str, str], int] = {}
    status: dict[tuple[str, str], int] = {}
    holders: dict[int, dict[str, int]] = {}
    for holder, procedure, stage_, status_, n, open_, prolonged in rows:
        stage[procedure, stage_] = stage.get((procedure, stage_), 0) + n
        status[procedure, status_] = status.get((procedure, status_), 0) + n
        if not open_:
            continue
        h = holders.setdefault(holder, dict.fromkeys(
            ("holding", "overdue", "suspended", "prolonged", "due_soon"), 0))
        h["holding"] += open_
        h["prolonged"] += prolonged
        for name in ("overdue", "suspended", "due_soon"):
            if status_ == getattr(statuses, name.upper()):
                h[name] += open_
    return CaseSummary(
        total=sum(r[4] for r in rows),
        by_stage=[{"procedure": p, "stage": s, "n": n} for (p, s), n in sorted(stage.items())],
        by_status=[{"procedure": p, "status": s, "n": n} for (p, s), n in sorted(status.items())],
        by_holder=[BodyRow(holder_id=k, **v) for k, v in sorted(holders.items())],
    )


def case_summary(*, user: Any) -> CaseSummary:
    """The dashboard's counts over the cases `user` may read: one grouped query (the
    database aggregates; a few hundred rows come back), kept per holding body
    (`cases.counts.cached_query_parts`): after a write only the bodies it touched are
    counted again."""
    qs = case_scope(user).order_by().values_list("holder_id", "procedure", "stage", "status").annotate(
        n=Count("id"),
        open=Count("id", filter=case_open_q()),
        prolonged=Count("id", filter=case_open_q() & case_flag_q(PROLONGED)),
    )
    parts = cached_query_parts(qs, "summary", _rows_by_holder, list[SummaryRow])
    return _summary([row for part in parts.values() for row in part])


def _rows_by_holder(qs: QuerySet[Any]) -> dict[int, list[SummaryRow]]:
    parts: dict[int, list[SummaryRow]] = {}
    for row in qs:
        parts.setdefault(row[0], []).append(tuple(row))
    return parts


def holders_of(rows: list[BodyRow]) -> QuerySet[Organisation]:
    """The bodies of the dashboard's rows (`web.bodies.cached_body_entries` lays them out)."""
    return Organisation.objects.filter(pk__in=sorted(r.holder_id for r in rows))


def case_events(*, case: Case) -> QuerySet[CaseEvent]:
    """The case's log in date order, with who recorded each entry."""
    return case.events.select_related("recorded_by", "organisation", "supersedes").order_by(
        "date", "id"
    )
