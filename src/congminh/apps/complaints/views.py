"""Complaint screens: the list across cases, a complaint's page with its steps, intake on
a case, the register import. Thin: reads through `selectors`, writes through `services`."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from congminh.apps.accounts import scope
from congminh.apps.cases.selectors import case_get, case_scope, case_search
from congminh.apps.complaints import forms as F
from congminh.apps.complaints import (
    presenters,
    register_import,
    routing,
    selectors,
    services,
)
from congminh.apps.complaints.models import Complaint
from congminh.apps.web import listing, sheet_import
from congminh.apps.web.steps import save_form, step_post
from congminh.core.law import dates


@login_required
@require_GET
def complaint_list(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request, request.GET)
    filters = form.filtered()
    today = filters.as_of or timezone.localdate()  # as of a day: each complaint as it stood then
    qs = selectors.complaint_list(user=request.user, filters=filters, today=today)
    listed = listing.list_context(request, qs, sort=filters.sort)
    summary = selectors.complaint_summary(user=request.user, filters=filters, today=today)
    base = urlencode({k: v for k, v in (("side", filters.side), ("kind", filters.kind),
                                         ("as_of", filters.as_of and dates.vi(filters.as_of))) if v})
    shown = [selectors.as_it_stood(c, today) if filters.as_of else c for c in listed["page"].object_list]
    tables = [listing.count_table(summary[key], presenters.TABLE_COUNTS, title=title, first="",
                                  empty=_("No complaint yet."), param=param, base=base)
              for key, title, param in (
                  ("by_resolver", _("By resolving body"), "resolver"),
                  ("by_complained_of", _("By body complained of"), "complained_of"),
                  ("by_against", _("By what it is against"), "against"))]
    return render(request, "complaints/complaint_list.html", {
        **listed, "form": form, "rows": selectors.rows(shown, request.user, today), "as_of": filters.as_of,
        "cards": listing.filtered_counts(request.GET, summary["totals"], presenters.COUNTS,
                                         lambda query: selectors.complaint_list(
            user=request.user, filters=_filter_form(request, query).filtered(), today=today).count()),
        "tables": tables,
        "summary": summary, "can_import": scope.can_import(request.user),
        "may_receive": scope.may_receive_complaints(request.user),
    })


def _filter_form(request: HttpRequest, data: Any) -> F.ComplaintFilterForm:
    return F.ComplaintFilterForm(data or None, bodies=scope.readable_bodies(request.user))


def _page(request: HttpRequest, complaint: Complaint, forms: dict[str, Any] | None = None,
          status: int = 200) -> HttpResponse:
    user = request.user
    actions: dict[str, Any] = {}
    may_resolve = bool(scope.can_resolve_complaint(user, complaint))
    if may_resolve and complaint.is_open:
        actions["extend"] = F.ExtendForm(prefix="extend")
        actions["resolve"] = F.ResolveForm(prefix="resolve")
    second = None
    if (complaint.level == "first" and not complaint.is_open
            and routing.may_escalate(complaint.kind, complaint.against)
            and not Complaint.objects.filter(escalated_from=complaint).exists()):
        second = services.escalation_route(complaint)
        if scope.can_escalate_complaint(user, complaint, second.body.pk if second.body else None):
            actions["escalate"] = F.EscalateForm(prefix="escalate")
    actions.update(forms or {})
    escalation = Complaint.objects.filter(escalated_from=complaint).first()
    row = selectors.rows([complaint], user)[0]
    return render(request, "complaints/complaint_detail.html", {
        "c": complaint, "row": row, "actions": actions, "second": second, "escalation": escalation,
        "history": presenters.TRAIL.history(complaint), "titles": presenters.step_titles(second),
        "case_readable": scope.can_read_case(user, complaint.case),
    }, status=status)


@login_required
@require_GET
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, selectors.complaint_get(user=request.user, pk=pk))


ACTIONS: dict[str, tuple[type[Any], Any]] = {
    "extend": (F.ExtendForm, lambda a, c, d: services.complaint_extend(
        actor=a, complaint=c, date=d["date"], days=d["days"])),
    "resolve": (F.ResolveForm, lambda a, c, d: services.complaint_resolve(
        actor=a, complaint=c, date=d["date"], outcome=d["outcome"],
        decision_number=d["decision_number"])),
    "escalate": (F.EscalateForm, lambda a, c, d: services.complaint_escalate(
        actor=a, complaint=c, number=d["number"], received_on=d["received_on"],
        content=d["content"])),
}


@login_required
@require_POST
def complaint_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    complaint = selectors.complaint_get(user=request.user, pk=pk)
    # the second level's page when the step opens it, else the complaint's
    return step_post(request, complaint, action, ACTIONS, page=_page,
                     done=lambda _c, result: redirect("complaints:detail", pk=result.pk))


@login_required
@require_GET
def complaint_start(request: HttpRequest) -> HttpResponse:
    """Find the case a complaint concerns (by any of its numbers, its title or a party),
    then open the intake form on it."""
    if not scope.may_receive_complaints(request.user):
        raise PermissionDenied(_("Only officers of a judicial body receive complaints."))
    query = request.GET.get("q", "").strip()
    cases = list(case_search(case_scope(request.user), query).select_related("holder")
                 .order_by("-opened_on", "-id")[:20]) if query else []
    return render(request, "complaints/complaint_start.html", {"q": query, "cases": cases})


@login_required
@require_http_methods(["GET", "POST"])
def complaint_create(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = case_get(user=request.user, pk=case_pk)
    decision = scope.can_receive_complaint(request.user, case)
    if not decision:
        raise PermissionDenied(decision.reason)
    form = F.ComplaintCreateForm(request.POST or None, procedure=case.procedure,
                                 bodies=scope.readable_bodies(request.user),
                                 initial={"complained_of": case.holder_id})
    complaint = save_form(request, form, lambda d: services.complaint_receive(
        actor=request.user, case=case, kind=d["kind"], number=d["number"],
        complainant_name=d["complainant_name"], complainant_role=d["complainant_role"],
        complainant_address=d["complainant_address"], complainant_id_number=d["complainant_id_number"],
        against=d["against"], complained_of=d["complained_of"], official=d["official"],
        content=d["content"], received_on=d["received_on"]))
    if complaint is not None:
        messages.success(request, _("The complaint was recorded; its clock runs."))
        return redirect("complaints:detail", pk=complaint.pk)
    return render(request, "complaints/complaint_create.html", {"case": case, "form": form},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def register_upload(request: HttpRequest) -> HttpResponse:
    """Import a complaint register (each row through the services; the rejected rows in
    an error workbook, as the other imports)."""
    if not scope.can_import(request.user):
        raise PermissionDenied(_("Your role may not import."))
    return sheet_import.upload_page(
        request, F.RegisterImportForm(request.POST or None, request.FILES or None),
        register_import.import_register, template="complaints/register_import.html",
        folder="complaints", errors_prefix=register_import.IMPORT_ERRORS)


@login_required
@require_GET
def register_errors(request: HttpRequest, name: str) -> FileResponse:
    """An error workbook of the register import (kept under a random name)."""
    if not (name.startswith(register_import.IMPORT_ERRORS) and scope.can_import(request.user)):
        raise Http404("No such file")
    return sheet_import.errors_response("complaints", name)


@login_required
@require_GET
def register_template(request: HttpRequest) -> HttpResponse:
    return sheet_import.template_response(register_import.template_bytes(), "mau-so-khieu-nai.xlsx")
