"""Judgment quality pages (directive point 2): for any signed-in user, over the cases
`scope.py` lets them read; every number links to the events behind it."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET

from congminh.apps.cases.models import Case
from congminh.apps.quality import presenters, selectors
from congminh.apps.quality.forms import PeriodForm
from congminh.apps.quality.targets import target_for
from congminh.apps.supervision.selectors import flag_reasons
from congminh.apps.web import listing

PAGE_SIZE = 50
# The supervision flags listed on the page (directive point 2: «không để xảy ra án oan,
# sai, bỏ lọt tội phạm»): flag, its section's anchor, its pagination parameter.
FLAGS = (("wrongful_conviction_signs", "flagged", "page", _("Cases with signs of wrongful conviction")),
         ("missed_crime_signs", "missed", "mpage", _("Cases with signs of a crime let slip")))


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
    found = selectors.tallies(user, start, end)  # read once for both tables
    return render(request, "quality/report.html", {
        "form": form, "start": start, "end": end, "query": query,
        "target": target_for(end.year),
        "courts": presenters.court_rows(selectors.by_court(user, start, end, found=found), start, end),
        "judges_page": listing.paginate(
            request, presenters.judge_rows(selectors.by_judge(user, start, end, found), start, end),
            per_page=PAGE_SIZE, param="jpage"),
        "returns": presenters.return_rows(selectors.returns(user, start, end), start, end),
        "flag_sections": [_flag_section(request, flag, anchor, param, title)
                          for flag, anchor, param, title in FLAGS],
        "page_query": query,
        # Reversed once: a table of judges has hundreds of links to the same two lists.
        "outcomes_url": reverse("quality:outcomes"), "judgments_url": reverse("quality:judgments"),
    })


def _flag_section(request: HttpRequest, flag: str, anchor: str, param: str,
                  title: Any) -> dict[str, Any]:
    """One flag's cases, a page of them with the reason each was flagged (the audit trail)."""
    flagged = selectors.flagged_ids(request.user, flag)
    page = listing.paginate(request, [pk for pk, _open in flagged], per_page=PAGE_SIZE, param=param)
    cases = Case.objects.select_related("holder").in_bulk(list(page.object_list))
    page.object_list = [cases[pk] for pk in page.object_list]
    reasons = flag_reasons([case.pk for case in page.object_list])
    # The numbers link to the cases supervisors follow, where each shows its reason.
    followed = f"{reverse('supervision:cases')}?{urlencode({'flag': flag})}"
    return {
        "flag": flag, "anchor": anchor, "param": param, "title": title, "page": page,
        "rows": [{"case": case, "reason": reasons.get((case.pk, flag))} for case in page.object_list],
        "open": sum(1 for _pk, is_open in flagged if is_open),
        "url": followed, "open_url": f"{followed}&open=1",
    }


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
    qs = selectors.judgments(request.user, start, end, court=_int(request.GET.get("court")),
                             judge=request.GET.get("judge"))
    sort = listing.checked_sort(request.GET.get("sort", ""), presenters.JUDGMENT_SORTS, "-date")
    listed = listing.list_context(request, presenters.sorted_judgments(qs, sort), sort=sort,
                                  per_page=PAGE_SIZE)
    page = listed["page"]
    found = selectors.judgment_events(list(page.object_list))
    page.object_list = [found[pk] for pk in page.object_list]
    return render(request, "quality/judgments.html", {
        **listed, "form": form, "start": start, "end": end,
        "rows": presenters.judgment_items(page), "total": page.paginator.count, "back": query})
