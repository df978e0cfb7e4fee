"""The screens: dashboard, case list (and its CSV export), case page with its event form.

Views are thin: reads through `cases.selectors` (which apply the user's scope), writes
through `cases.services`, formatting in `web.presenters`.
"""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import select_template
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from congminh.apps.accounts.models import Role
from congminh.apps.audit.selectors import audit_for_case
from congminh.apps.cases import services
from congminh.apps.cases.forms import CaseEditForm, CaseFilterForm, EventAppendForm
from congminh.apps.cases.models import Case
from congminh.apps.cases.selectors import (
    case_counts,
    case_events,
    case_get,
    case_get_for_write,
    case_list,
    case_writable,
)
from congminh.apps.organisations.models import Organisation
from congminh.apps.organisations.selectors import organisation_list
from congminh.apps.web import presenters

PAGE_SIZE = 25
CLOCKS_TEMPLATES = ["obligations/_case_clocks.html", "web/_case_clocks_pending.html"]


@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    counts = case_counts(user=request.user)
    statuses = presenters.status_totals(counts["by_status"])
    by_status = {s["status"]: s["n"] for s in statuses}
    return render(request, "web/dashboard.html", {
        "total": counts["total"],
        "stage_table": presenters.stage_table(counts["by_stage"]),
        "statuses": statuses,
        "overdue": by_status.get("overdue", 0),
        "due_soon": by_status.get("due_soon", 0),
        "suspended": by_status.get("suspended", 0),
    })


def _filter_organisations(user: Any) -> QuerySet[Organisation]:
    """Bodies offered in the list's filter: the user's province (every body for admins)."""
    if user.is_superuser or user.role == Role.ADMIN:
        return organisation_list()
    org = user.organisation
    if org is None:
        return Organisation.objects.none()
    if org.province_code:
        return organisation_list(province_code=org.province_code)
    return Organisation.objects.filter(pk=org.pk)


def _filtered_cases(request: HttpRequest) -> tuple[CaseFilterForm, QuerySet[Case]]:
    form = CaseFilterForm(request.GET or None, organisations=_filter_organisations(request.user))
    if form.is_bound:
        form.is_valid()  # invalid filters are reported and ignored; valid ones still apply
    return form, case_list(user=request.user, filters=form.to_filters())


@login_required
@require_GET
def case_list_view(request: HttpRequest) -> HttpResponse:
    form, cases = _filtered_cases(request)
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "web/case_list.html", {
        "form": form, "page": page, "query": query.urlencode(),
    })


@login_required
@require_GET
def case_export_view(request: HttpRequest) -> HttpResponse:
    """The filtered list as CSV (UTF-8 with BOM so spreadsheet programs keep diacritics)."""
    _form, cases = _filtered_cases(request)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="vu-an.csv"'
    response.write("\ufeff")
    writer = csv.writer(response)
    writer.writerow([
        _("ID"), _("Title"), _("Procedure"), _("Holding body"), _("Case numbers"),
        _("Stage"), _("Status"), _("Opened on"), _("Next due"),
    ])
    for case in cases.prefetch_related("agency_numbers"):
        writer.writerow([
            case.pk, case.title, case.get_procedure_display(), case.holder.name,
            "; ".join(n.number for n in case.agency_numbers.all()),
            case.get_stage_display(), case.get_status_display(),
            case.opened_on.isoformat() if case.opened_on else "",
            case.next_due.isoformat() if case.next_due else "",
        ])
    return response


def _case_page(
    request: HttpRequest, case: Case, form: EventAppendForm | None = None, status: int = 200
) -> HttpResponse:
    writable = case_writable(request.user, case)
    if writable and form is None:
        form = EventAppendForm(case=case)
    return render(request, "web/case_detail.html", {
        "case": case,
        "numbers": case.agency_numbers.select_related("organisation").order_by("created_at"),
        "parties": case.parties.order_by("role", "name"),
        "flags": [presenters.FLAG_LABELS.get(f, f) for f in case.flags or []],
        "timeline": presenters.timeline(case_events(case=case)),
        "audit": presenters.audit_rows(audit_for_case(case_id=case.pk)[:200]),
        "writable": writable,
        "form": form if writable else None,
        "clocks_template": select_template(CLOCKS_TEMPLATES),
    }, status=status)


@login_required
@require_GET
def case_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_page(request, case_get(user=request.user, pk=pk))


@login_required
@require_POST
def case_event_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_get_for_write(user=request.user, pk=pk)
    form = EventAppendForm(request.POST, case=case)
    if form.is_valid():
        try:
            services.case_event_append(
                actor=request.user, case=case, type=form.cleaned_data["type"],
                date=form.cleaned_data["date"], data=form.details(),
                document=form.cleaned_data["document"], note=form.cleaned_data["note"],
                supersedes=form.cleaned_data["supersedes"],
            )
        except ValidationError as exc:
            _attach_errors(form, exc)
        else:
            messages.success(request, _("The event was recorded."))
            return redirect("web:case_detail", pk=case.pk)
    return _case_page(request, case, form=form, status=400)


@login_required
def case_edit_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a case's title, summary, category and flags (audited by the service)."""
    case = case_get_for_write(user=request.user, pk=pk)
    form = CaseEditForm(request.POST or None, case=case)
    if request.method == "POST" and form.is_valid():
        try:
            services.case_update(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            _attach_errors(form, exc)
        else:
            messages.success(request, _("The case was updated."))
            return redirect("web:case_detail", pk=case.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "web/case_edit.html", {"case": case, "form": form}, status=status)


def _attach_errors(form: EventAppendForm | CaseEditForm, exc: ValidationError) -> None:
    """Put a service's errors on the form fields they name (details go to the top)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)
