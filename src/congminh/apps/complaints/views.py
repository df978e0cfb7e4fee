"""Complaint screens: the list across cases, a complaint's page with its steps, intake on
a case, the register import. Thin: reads through `selectors`, writes through `services`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
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

PAGE_SIZE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _query(request: HttpRequest, *drop: str) -> str:
    query = request.GET.copy()
    for key in ("page", *drop):
        query.pop(key, None)
    return query.urlencode()


def _form_errors(form: Any, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error(field if field in form.fields else None, errors)


@login_required
@require_GET
def complaint_list(request: HttpRequest) -> HttpResponse:
    form = F.ComplaintFilterForm(request.GET or None, bodies=scope.readable_bodies(request.user))
    if form.is_bound:
        form.is_valid()
    filters = form.to_filters()
    today = timezone.localdate()
    qs = selectors.complaint_list(user=request.user, filters=filters, today=today)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    summary = selectors.complaint_summary(user=request.user, filters=filters, today=today)
    base = "&".join(p for p in (f"side={filters.side}" if filters.side else "",
                                f"kind={filters.kind}" if filters.kind else "") if p)
    return render(request, "complaints/complaint_list.html", {
        "form": form, "page": page, "rows": selectors.rows(page.object_list, request.user, today),
        "query": _query(request), "sort_query": _query(request, "sort"), "sort": filters.sort,
        "base_query": f"{base}&" if base else "", "summary": summary,
        "can_import": scope.can_import(request.user),
        "may_receive": scope.may_receive_complaints(request.user),
    })


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
    from congminh.apps.audit.models import AuditEntry

    history = AuditEntry.objects.filter(object_type="complaints.complaint",
                                        object_id=str(complaint.pk)).select_related("actor")
    escalation = Complaint.objects.filter(escalated_from=complaint).first()
    row = selectors.rows([complaint], user)[0]
    return render(request, "complaints/complaint_detail.html", {
        "c": complaint, "row": row, "actions": actions, "second": second, "escalation": escalation,
        "history": presenters.history_rows(history[:100]),
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
    if action not in ACTIONS:
        from django.http import Http404

        raise Http404("No such action")
    form_class, run = ACTIONS[action]
    form = form_class(request.POST, prefix=action)
    if form.is_valid():
        try:
            result = run(request.user, complaint, form.cleaned_data)
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("complaints:detail", pk=result.pk)
    complaint.refresh_from_db()
    return _page(request, complaint, {action: form}, status=400)


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
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            complaint = services.complaint_receive(
                actor=request.user, case=case, kind=d["kind"], number=d["number"],
                complainant_name=d["complainant_name"], complainant_role=d["complainant_role"],
                complainant_address=d["complainant_address"],
                complainant_id_number=d["complainant_id_number"], against=d["against"],
                complained_of=d["complained_of"], official=d["official"], content=d["content"],
                received_on=d["received_on"])
        except ValidationError as exc:
            _form_errors(form, exc)
        else:
            messages.success(request, _("The complaint was recorded; its clock runs."))
            return redirect("complaints:detail", pk=complaint.pk)
    return render(request, "complaints/complaint_create.html", {"case": case, "form": form},
                  status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def register_upload(request: HttpRequest) -> HttpResponse:
    if not scope.can_import(request.user):
        raise PermissionDenied(_("Your role may not import."))
    result = None
    upload = request.FILES.get("file") if request.method == "POST" else None
    if upload is not None:
        result = register_import.import_register(upload.read(), actor=request.user,
                                                 file_name=upload.name or "register.xlsx")
    return render(request, "complaints/register_import.html", {"result": result})


@login_required
@require_GET
def register_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(register_import.template_bytes(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-so-khieu-nai.xlsx"'
    return response
