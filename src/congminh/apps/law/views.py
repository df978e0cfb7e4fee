"""The law pages: every rule of the engine, and one rule in full. Read only; any role."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from congminh.apps.law import presenters
from congminh.apps.law.forms import RuleFilterForm
from congminh.core.law.rules import default_rules

PAGE_SIZE = 25


def _sort_columns(request: HttpRequest, sort: str) -> dict[str, dict[str, Any]]:
    """Each sortable column's link (same filters, first page) and its current direction."""
    columns = {"code": _("Code"), "title": _("Name of the time limit"),
               "article": _("Legal basis"), "confidence": _("Confirmation")}
    out = {}
    for key, label in columns.items():
        active = sort.removeprefix("-") == key
        target = f"-{key}" if active and not sort.startswith("-") else key
        query = request.GET.copy()
        query.pop("page", None)
        query["sort"] = target
        arrow = ("▼" if sort.startswith("-") else "▲") if active else ""
        out[key] = {"label": label, "url": "?" + query.urlencode(), "active": active,
                    "arrow": arrow}
    return out


@login_required
@require_GET
def rule_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    everything = presenters.rows(default_rules(), today)
    form = RuleFilterForm(request.GET)
    procedure = confidence = q = ""
    if form.is_valid():
        procedure = form.cleaned_data["procedure"]
        confidence = form.cleaned_data["confidence"]
        q = form.cleaned_data["q"]
    sort = request.GET.get("sort", presenters.DEFAULT_SORT)
    if sort.removeprefix("-") not in presenters.SORTS:
        sort = presenters.DEFAULT_SORT
    shown = presenters.sort_rows(presenters.filter_rows(everything, procedure, confidence, q), sort)
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    by_confidence, by_procedure = presenters.counts(everything)
    return render(request, "law/rule_list.html", {
        "form": form, "page": page, "query": query.urlencode(), "sort": sort,
        "columns": _sort_columns(request, sort), "total": len(everything),
        "ids": len({row.code for row in everything}), "by_confidence": by_confidence,
        "by_procedure": by_procedure, "procedure": procedure, "confidence": confidence, "q": q,
    })


@login_required
@require_GET
def rule_detail(request: HttpRequest, rule_id: str) -> HttpResponse:
    rules = default_rules()
    versions = rules.versions_of(rule_id)
    if not versions:
        raise Http404(_("No such rule."))
    today = timezone.localdate()
    views = [presenters.version_view(rule, rules, today) for rule in versions]
    current = next((v for v in views if v.status == "in_force"), views[-1])
    return render(request, "law/rule_detail.html", {
        "rule_id": rule_id, "title": current.rule.title, "current": current, "versions": views,
        "restarted_by": presenters.restarted_by(rules, rule_id),
    })
