"""Reads of directives and their obligations, always through the user's scope
(`congminh.apps.accounts.scope` decides it):

- admin: everything;
- the overseers of a province (Internal Affairs Committee, Party committee, People's
  Council, Fatherland Front): everything in their province;
- anyone else: the obligations of their own body, and the directives their body
  received or owes something under. Anything else is a 404, never a 403.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, CharField, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.http import Http404
from django.utils import timezone

from congminh.apps.accounts import scope
from congminh.apps.directives import status as st
from congminh.apps.directives.models import BodySettings, Directive, IncomingDocument, Obligation
from congminh.apps.organisations.models import Organisation
from congminh.apps.web.bodies import natural_key
from congminh.apps.web.listing import WORST_FIRST, urgency_rank

# Defaults when a body has no settings row; the Procuracy counts its year from 01/12.
DEFAULT_YEAR_START_BY_KIND = {"procuracy": 12}


def _authenticated(user: Any) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def body_settings(organisation: Organisation) -> BodySettings:
    """The body's settings, or unsaved defaults."""
    found = BodySettings.objects.filter(organisation=organisation).first()
    if found:
        return found
    start = DEFAULT_YEAR_START_BY_KIND.get(organisation.kind, 1)
    return BodySettings(organisation=organisation, year_start_month=start)


def can_register(user: Any) -> bool:
    """Officers and admins register and confirm documents for their own body."""
    return scope.can_register_documents(user)


def obligation_scope(user: Any) -> QuerySet[Obligation]:
    reach, qs = scope.task_reach(user), Obligation.objects.all()
    if reach.everything:
        return qs
    if reach.province:
        return qs.filter(organisation__province_code=reach.province)
    if reach.body is not None:
        return qs.filter(Q(organisation_id=reach.body) | Q(task__directive__receiving_body_id=reach.body))
    return qs.none()


def directive_scope(user: Any) -> QuerySet[Directive]:
    reach, qs = scope.task_reach(user), Directive.objects.all()
    if reach.everything:
        return qs
    if reach.province:
        owed = Obligation.objects.filter(
            task__directive=OuterRef("pk"), organisation__province_code=reach.province)
        return qs.filter(Q(receiving_body__province_code=reach.province) | Exists(owed))
    if reach.body is not None:
        owed = Obligation.objects.filter(task__directive=OuterRef("pk"), organisation_id=reach.body)
        return qs.filter(Q(receiving_body_id=reach.body) | Exists(owed))
    return qs.none()


def incoming_scope(user: Any) -> QuerySet[IncomingDocument]:
    qs = IncomingDocument.objects.select_related("receiving_body")
    if not _authenticated(user):
        return qs.none()
    if scope.is_admin(user):
        return qs
    return qs.filter(receiving_body_id=user.organisation_id) if user.organisation_id else qs.none()


def incoming_get(*, user: Any, pk: int) -> IncomingDocument:
    try:
        return incoming_scope(user).get(pk=pk)
    except IncomingDocument.DoesNotExist as exc:
        raise Http404("Document not found") from exc


def directive_get(*, user: Any, pk: int) -> Directive:
    try:
        return directive_scope(user).select_related("receiving_body", "document").get(pk=pk)
    except Directive.DoesNotExist as exc:
        raise Http404("Directive not found") from exc


def obligation_get(*, user: Any, pk: int) -> Obligation:
    qs = obligation_scope(user).select_related("task__directive", "organisation")
    try:
        return qs.get(pk=pk)
    except Obligation.DoesNotExist as exc:
        raise Http404("Task not found") from exc


def obligation_can_report(user: Any, obligation: Obligation) -> bool:
    """Officers and supervisor accounts of the assignee body report progress (the People's
    Council, the Fatherland Front and Party committees act through supervisors); admins
    may too (`scope.can_report_task`)."""
    return scope.can_report_task(user, obligation.organisation_id)


def local_today() -> dt.date:
    return timezone.localdate()


def with_status(qs: QuerySet[Obligation], today: dt.date) -> QuerySet[Obligation]:
    """Annotate `status` in SQL with the same rules as `status.obligation_status`."""
    return qs.annotate(
        status=Case(
            When(done_on__isnull=False, due__isnull=True, then=Value(st.DONE_ON_TIME)),
            When(done_on__isnull=False, done_on__lte=F("due"), then=Value(st.DONE_ON_TIME)),
            When(done_on__isnull=False, then=Value(st.DONE_LATE)),
            When(due__isnull=True, then=Value(st.STANDING)),
            When(due__lt=today, then=Value(st.OVERDUE)),
            default=Value(st.ON_TIME),
            output_field=CharField(),
        )
    )


# Sort keys of the task list (`?sort=` value -> ordering; "-key" descending). "point" is
# the order the directive gives its tasks, the default.
OBLIGATION_SORTS = {
    "point": ("task__directive_id", "task__position", "organisation__name", "due", "id"),
    "body": ("organisation__name", "due", "id"),
    "due": ("due", "id"),
    "percent": ("percent", "id"),
    # Overdue first, then open by the soonest due (standing duties, undated, last), then done.
    "status": WORST_FIRST,
}


@dataclass(frozen=True)
class ObligationFilters:
    directive_id: int | None = None
    organisation_id: int | None = None
    status: str = ""
    due_year: int | None = None


def obligation_list(
    *, user: Any, filters: ObligationFilters | None = None, today: dt.date | None = None
) -> QuerySet[Obligation]:
    f = filters or ObligationFilters()
    qs = with_status(obligation_scope(user), today or local_today())
    if f.directive_id:
        qs = qs.filter(task__directive_id=f.directive_id)
    if f.organisation_id:
        qs = qs.filter(organisation_id=f.organisation_id)
    if f.status:
        qs = qs.filter(**{"status": f.status})  # the annotation, unknown to the stubs
    if f.due_year:
        qs = qs.filter(due__year=f.due_year)
    qs = qs.annotate(urgency=urgency_rank(Q(status=st.OVERDUE), Q(done_on__isnull=True)))
    return qs.select_related("task__directive", "organisation").order_by(
        "task__directive_id", "task__position", "organisation__name", "due"
    )


@dataclass
class Board:
    """Counts of obligations per directive x body x status."""

    directives: list[Directive] = field(default_factory=list)
    bodies: list[Organisation] = field(default_factory=list)
    cells: dict[tuple[int, int], dict[str, int]] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)

    def cell(self, directive_id: int, organisation_id: int) -> dict[str, int]:
        return self.cells.get((directive_id, organisation_id), {})


def board_build(
    *, user: Any, filters: ObligationFilters | None = None, today: dt.date | None = None
) -> Board:
    fields = ("task__directive_id", "organisation_id", "status")
    rows = obligation_list(user=user, filters=filters, today=today).values_list(*fields)
    cells: dict[tuple[int, int], dict[str, int]] = defaultdict(dict)
    totals: dict[str, int] = defaultdict(int)
    for directive_id, organisation_id, status in rows:
        cell = cells[(directive_id, organisation_id)]
        cell[status] = cell.get(status, 0) + 1
        totals[status] += 1
    directive_ids = {d for d, _o in cells}
    body_ids = {o for _d, o in cells}
    return Board(
        directives=list(Directive.objects.filter(pk__in=directive_ids)),
        bodies=sorted(Organisation.objects.filter(pk__in=body_ids), key=lambda body: natural_key(body.name)),
        cells=dict(cells),
        totals=dict(totals),
    )


def directive_list(*, user: Any) -> QuerySet[Directive]:
    return directive_scope(user).select_related("receiving_body", "document")
