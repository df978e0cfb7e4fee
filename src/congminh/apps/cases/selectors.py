"""Every read of case data goes through these functions, which apply the user's scope
as `congminh.apps.accounts.scope` decides it (the one place that does)."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q, QuerySet
from django.http import Http404

from congminh.apps.accounts import scope
from congminh.apps.cases.models import AgencyNumber, Case, CaseEvent
from congminh.core.text import fold, fold_key


def case_scope(user: Any) -> QuerySet[Case]:
    """All the cases `user` may read."""
    return scope.readable_cases(user)


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


@dataclass(frozen=True)
class CaseFilters:
    query: str = ""
    organisation_id: int | None = None
    procedure: str = ""
    stage: str = ""
    status: str = ""
    opened_before: dt.date | None = None  # "age": opened on or before this date
    opened_after: dt.date | None = None


# Word boundaries in `search_text`, which is folded ASCII: a non-alphanumeric or the end.
_BOUNDARY_START = r"(^|[^0-9a-z])"
_BOUNDARY_END = r"($|[^0-9a-z])"


def case_search(qs: QuerySet[Case], query: str) -> QuerySet[Case]:
    """Diacritic-insensitive search over title, parties and any agency case number."""
    query = query.strip()
    if not query:
        return qs
    key = fold_key(query)
    by_number = AgencyNumber.objects.filter(case=OuterRef("pk"), number_key=key)
    words = fold(query).split()
    text_match = Q()
    for i, word in enumerate(words):
        # Whole words, so "nguyen van a" finds "Nguyễn Văn A" but not every text with an
        # "a" in it; the last word (2+ letters) may be the start of a word, as people type.
        prefix = i == len(words) - 1 and len(word) > 1
        pattern = _BOUNDARY_START + re.escape(word) + ("" if prefix else _BOUNDARY_END)
        text_match &= Q(search_text__regex=pattern)
    return qs.filter(Exists(by_number) | text_match) if key else qs.filter(text_match)


def case_list(*, user: Any, filters: CaseFilters | None = None) -> QuerySet[Case]:
    f = filters or CaseFilters()
    qs = case_scope(user).select_related("holder")
    if f.organisation_id:
        numbered = AgencyNumber.objects.filter(case=OuterRef("pk"), organisation_id=f.organisation_id)
        qs = qs.filter(Q(holder_id=f.organisation_id) | Exists(numbered))
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
    return case_search(qs, f.query)


def case_events(*, case: Case) -> QuerySet[CaseEvent]:
    """The case's log in date order, with who recorded each entry."""
    return case.events.select_related("recorded_by", "organisation", "supersedes").order_by(
        "date", "id"
    )


def case_counts(*, user: Any) -> dict[str, Any]:
    """Counts for the dashboard: by procedure and stage, and by status."""
    qs = case_scope(user)
    by_stage = qs.values("procedure", "stage").annotate(n=Count("id")).order_by("procedure", "stage")
    by_status = qs.values("procedure", "status").annotate(n=Count("id")).order_by("procedure", "status")
    return {"total": qs.count(), "by_stage": list(by_stage), "by_status": list(by_status)}
