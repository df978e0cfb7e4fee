"""Judgment quality pages (directive point 2): for any signed-in user, over the cases
`scope.py` lets them read; every number links to the events behind it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from congminh.apps.quality import presenters, selectors
from congminh.apps.quality.forms import PeriodForm
from congminh.apps.quality.targets import target_for
from congminh.apps.web import listing

PAGE_SIZE = 50


def _period(request: HttpRequest) -> tuple[PeriodForm, Any, Any, str]:
    form = PeriodForm(request.GET or None)
    start, end = form.period()
    query = f"start={start:%d/%m/%Y}&end={end:%d/%m/%Y}"
    return form, start, end, query


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


@login_required
@require_GET
def report(request: HttpRequest) -> HttpResponse:
    form, start, end, query = _period(request)
    user = request.user
    flagged = selectors.wrongful_conviction_cases(user)
    found = selectors.outcomes(user, start, end)  # read once for both tables
    page = listing.paginate(request, flagged, per_page=PAGE_SIZE)
    return render(request, "quality/report.html", {
        "form": form, "start": start, "end": end, "query": query,
        "target": target_for(end.year),
        "courts": presenters.court_rows(selectors.by_court(user, start, end, found=found), start, end),
        "judges_page": listing.paginate(
            request, presenters.judge_rows(selectors.by_judge(user, start, end, found), start, end),
            per_page=PAGE_SIZE, param="jpage"),
        "returns": presenters.return_rows(selectors.returns(user, start, end), start, end),
        "flagged_page": page, "flagged_open": flagged.filter(closed_on__isnull=True).count(),
        "page_query": query,
    })


def _sorted(request: HttpRequest, items: list[Any], keys: dict[str, Any],
            default: str) -> tuple[list[Any], str]:
    sort = listing.checked_sort(request.GET.get("sort", ""), keys, default)
    return listing.sort_rows(items, sort, keys, default), sort


@login_required
@require_GET
def outcome_list(request: HttpRequest) -> HttpResponse:
    form, start, end, query = _period(request)
    items = selectors.outcome_list(request.user, start, end, court=_int(request.GET.get("court")),
                                   judge=request.GET.get("judge"),
                                   outcome=request.GET.get("outcome", ""),
                                   fault=request.GET.get("fault", ""))
    items, sort = _sorted(request, items, presenters.outcome_sorts(items), "date")
    listed = listing.list_context(request, items, sort=sort, per_page=PAGE_SIZE)
    return render(request, "quality/outcomes.html", {
        **listed, "form": form, "start": start, "end": end,
        "items": presenters.outcome_items(listed["page"]), "total": len(items), "back": query})


@login_required
@require_GET
def return_list(request: HttpRequest) -> HttpResponse:
    form, start, end, query = _period(request)
    qs = selectors.return_events(request.user, start, end,
                                 organisation=_int(request.GET.get("organisation")),
                                 reason=request.GET.get("reason"))
    sort = listing.checked_sort(request.GET.get("sort", ""), presenters.RETURN_SORTS, "-date")
    listed = listing.list_context(request, presenters.sorted_returns(qs, sort), sort=sort,
                                  per_page=PAGE_SIZE)
    return render(request, "quality/returns.html", {
        **listed, "form": form, "start": start, "end": end,
        "rows": presenters.return_items(listed["page"]), "total": listed["page"].paginator.count,
        "back": query})


@login_required
@require_GET
def judgment_list(request: HttpRequest) -> HttpResponse:
    form, start, end, query = _period(request)
    items = selectors.judgment_list(request.user, start, end, court=_int(request.GET.get("court")),
                                    judge=request.GET.get("judge"))
    items, sort = _sorted(request, items, presenters.judgment_sorts(items), "-date")
    listed = listing.list_context(request, items, sort=sort, per_page=PAGE_SIZE)
    return render(request, "quality/judgments.html", {
        **listed, "form": form, "start": start, "end": end,
        "rows": presenters.judgment_items(listed["page"]), "total": len(items), "back": query})
