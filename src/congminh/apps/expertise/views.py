"""Expertise screens: the list across cases, a request's page with its steps, the
roster and its import. Thin: reads through `selectors`, writes through `services`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from congminh.apps.accounts import scope
from congminh.apps.cases.selectors import case_get
from congminh.apps.expertise import forms as F
from congminh.apps.expertise import presenters, request_import, roster_import, selectors, services
from congminh.apps.expertise.models import Expert, ExpertiseRequest, RequestState, RosterEntry
from congminh.apps.organisations.models import Organisation
from congminh.apps.web import listing, sheet_import
from congminh.apps.web.steps import save_form, step_post

ROSTER_ERRORS = roster_import.IMPORT_ERRORS
REQUEST_ERRORS = request_import.IMPORT_ERRORS


def _asked_bodies(user: Any) -> QuerySet[Organisation]:
    """Bodies that can be asked: today's departments and expertise bodies of the province."""
    return scope.readable_bodies(user).filter(
        kind__in=("department", "expertise_body"), valid_to__isnull=True).order_by("name")


# --- requests ---------------------------------------------------------------------------------


def _filter_form(request: HttpRequest, data: Any) -> F.RequestFilterForm:
    return F.RequestFilterForm(data or None, bodies=scope.readable_bodies(request.user))


@login_required
@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request, request.GET)
    filters = form.filtered()
    today = timezone.localdate()
    qs = selectors.request_list(user=request.user, filters=filters, today=today)
    listed = listing.list_context(request, qs, sort=filters.sort)
    rows = [{"r": r, "days": selectors.days_taken(r, today), "late": selectors.is_late(r, today)}
            for r in listed["page"].object_list]
    summary = selectors.request_summary(user=request.user, filters=filters, today=today)
    side = f"side={filters.side}" if filters.side else ""
    tables = [listing.count_table(summary[key], presenters.COUNTS, title=title, first=first,
                                  empty=_("No request yet."), param=param, base=side)
              for key, title, first, param in (
                  ("by_field", _("By field"), _("Field of expertise"), "field"),
                  ("by_body", _("By body asked"), _("Asked body"), "asked"))]
    return render(request, "expertise/request_list.html", {
        **listed, "form": form, "rows": rows, "summary": summary, "tables": tables,
        "cards": listing.filtered_counts(request.GET, summary["totals"], presenters.COUNTS,
                                         lambda query: selectors.request_list(
            user=request.user, filters=_filter_form(request, query).filtered(), today=today).count()),
        "can_import": scope.can_import(request.user),
    })


def _request_page(request: HttpRequest, req: ExpertiseRequest, forms: dict[str, Any] | None = None,
                  status: int = 200) -> HttpResponse:
    user = request.user
    may_order = bool(scope.can_order_expertise(user, req.case))
    may_answer = bool(scope.can_answer_expertise(user, req))
    actions: dict[str, Any] = {}
    state = req.state
    if may_order and state == RequestState.DRAFT:
        actions["send"] = F.DateForm(prefix="send")
    if may_order and state == RequestState.IN_PROGRESS:
        actions["extend"] = F.ExtendForm(prefix="extend")
    if may_answer and state == RequestState.IN_PROGRESS:
        actions["documents"] = F.DocumentsRequestForm(prefix="documents")
    if (may_answer or may_order) and state == RequestState.WAITING_DOCUMENTS:
        actions["received"] = F.DateForm(prefix="received")
    if may_answer and state in selectors.OPEN_STATES:
        actions["refuse"] = F.RefuseForm(prefix="refuse")
    if (may_answer or may_order) and state == RequestState.IN_PROGRESS:
        actions["conclude"] = F.ConcludeForm(prefix="conclude")
    actions.update(forms or {})
    return render(request, "expertise/request_detail.html", {
        "req": req, "actions": actions, "days": selectors.days_taken(req),
        "late": selectors.is_late(req), "history": presenters.TRAIL.history(req),
        "titles": presenters.STEP_TITLES,
        "case_readable": scope.can_read_case(user, req.case),
        "may_correct": may_order and state in services.EDITABLE_STATES,
        # refused: the asking body's next step is to ask another body or expert
        "may_ask_again": may_order and state == RequestState.REFUSED,
    }, status=status)


@login_required
@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _request_page(request, selectors.request_get(user=request.user, pk=pk))


ACTIONS: dict[str, tuple[type[Any], Any]] = {
    "send": (F.DateForm, lambda a, r, d: services.expertise_request_send(
        actor=a, request=r, received_on=d["date"])),
    "extend": (F.ExtendForm, lambda a, r, d: services.expertise_request_extend(
        actor=a, request=r, date=d["date"], months=d["months"])),
    "documents": (F.DocumentsRequestForm, lambda a, r, d: services.expertise_documents_request(
        actor=a, request=r, date=d["date"], note=d["note"])),
    "received": (F.DateForm, lambda a, r, d: services.expertise_documents_receive(
        actor=a, request=r, date=d["date"])),
    "refuse": (F.RefuseForm, lambda a, r, d: services.expertise_request_refuse(
        actor=a, request=r, date=d["date"], reason=d["reason"], note=d["note"])),
    "conclude": (F.ConcludeForm, lambda a, r, d: services.expertise_request_conclude(
        actor=a, request=r, date=d["date"], conclusion_number=d["conclusion_number"])),
}


@login_required
@require_POST
def request_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    req = selectors.request_get(user=request.user, pk=pk)
    return step_post(request, req, action, ACTIONS, page=_request_page,
                     done=lambda r, _result: redirect("expertise:detail", pk=r.pk))


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = case_get(user=request.user, pk=case_pk)
    decision = scope.can_order_expertise(request.user, case)
    if not decision:
        raise PermissionDenied(decision.reason)
    form = F.RequestCreateForm(request.POST or None, **_ask_choices(request.user, case))
    req = save_form(request, form, lambda d: services.expertise_request_create(
        actor=request.user, case=case, ref=d["ref"], field=d["field"], questions=d["questions"],
        decided_on=d["decided_on"], organisation=d["organisation"], expert=d["expert"],
        expertise_kind=d["expertise_kind"], complex=d["complex"],
        expertise_matter=d["expertise_matter"]))
    if req is not None:
        messages.success(request, _("The request was recorded. Record its receipt when the "
                                    "organisation receives it with the full file."))
        return redirect("expertise:detail", pk=req.pk)
    return render(request, "expertise/request_create.html", {"case": case, "form": form},
                  status=400 if form.errors else 200)


def _ask_choices(user: Any, case: Any) -> dict[str, Any]:
    """The bodies and experts a request on `case` may ask."""
    return {"bodies": _asked_bodies(user), "experts": selectors.expert_list(
        active_on=timezone.localdate()).filter(province_code=case.holder.province_code)}


@login_required
@require_http_methods(["GET", "POST"])
def request_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The asking body corrects what it asked and of whom, until the conclusion."""
    req = selectors.request_get(user=request.user, pk=pk)
    decision = scope.can_order_expertise(request.user, req.case)
    if not decision:
        raise PermissionDenied(decision.reason)
    if req.state not in services.EDITABLE_STATES:
        messages.error(request, _("A refused or concluded request can no longer be corrected."))
        return redirect("expertise:detail", pk=req.pk)
    initial = {"field": req.field, "expertise_matter": req.expertise_matter,
               "organisation": req.organisation, "expert": req.expert, "questions": req.questions}
    form = F.RequestEditForm(request.POST or None, initial=initial,
                             **_ask_choices(request.user, req.case))
    saved = save_form(request, form, lambda d: services.expertise_request_update(
        actor=request.user, request=req, **d))
    if saved is not None:
        messages.success(request, _("The request was corrected.") if saved[1]
                         else _("Nothing was changed in the request."))
        return redirect("expertise:detail", pk=req.pk)
    return render(request, "expertise/request_edit.html", {"req": req, "case": req.case, "form": form},
                  status=400 if form.errors else 200)


# --- the roster -----------------------------------------------------------------------------


@login_required
@require_GET
def roster(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    field_id = request.GET.get("field") or None
    tab = request.GET.get("tab", "experts")
    fields = selectors.field_list()
    if tab == "organisations":
        sorts, default = selectors.ROSTER_SORTS, "organisation"
        qs: Any = selectors.roster_list(field_id=int(field_id) if field_id and field_id.isdigit() else None)
        if q:
            qs = qs.filter(organisation__name__icontains=q)
    else:
        sorts, default = selectors.EXPERT_SORTS, "name"
        qs = selectors.expert_list(query=q, field_id=int(field_id) if field_id and field_id.isdigit() else None)
    sort = listing.checked_sort(request.GET.get("sort", ""), sorts, default)
    return render(request, "expertise/roster.html", {
        "tab": tab, "fields": fields, "q": q, "field_id": field_id,
        **listing.list_context(request, qs.order_by(*listing.ordering(sorts, sort, default)), sort=sort),
        "keeper": bool(scope.can_keep_roster(request.user)), "today": timezone.localdate(),
    })


def _keeper_or_403(user: Any) -> None:
    decision = scope.can_keep_roster(user)
    if not decision:
        raise PermissionDenied(decision.reason)


def _roster_bodies(user: Any) -> QuerySet[Organisation]:
    return scope.readable_bodies(user).filter(valid_to__isnull=True).order_by("name")


@login_required
@require_http_methods(["GET", "POST"])
def expert_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _keeper_or_403(request.user)
    expert = get_object_or_404(Expert, pk=pk) if pk else None
    initial = {} if expert is None else {
        "name": expert.name, "kind": expert.kind, "fields_": list(expert.fields.all()),
        "organisation": expert.organisation, "decision_number": expert.decision_number,
        "appointed_on": expert.appointed_on, "dismissed_on": expert.dismissed_on}
    form = F.ExpertForm(request.POST or None, initial=initial, bodies=_roster_bodies(request.user))
    if save_form(request, form, lambda d: services.expert_save(
            actor=request.user, name=d["name"], kind=d["kind"], fields=list(d["fields_"]),
            organisation=d["organisation"], appointed_on=d["appointed_on"],
            dismissed_on=d["dismissed_on"], decision_number=d["decision_number"], expert=expert)):
        messages.success(request, _("Saved."))
        return redirect("expertise:roster")
    return render(request, "expertise/roster_form.html", {
        "form": form, "title": _("Edit expert") if expert else _("Add an expert")},
        status=400 if form.errors else 200)


@login_required
@require_http_methods(["GET", "POST"])
def roster_entry_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    _keeper_or_403(request.user)
    entry = get_object_or_404(RosterEntry, pk=pk) if pk else None
    initial = {} if entry is None else {
        "organisation": entry.organisation, "field": entry.field, "kind": entry.kind,
        "decision_number": entry.decision_number, "listed_on": entry.listed_on,
        "delisted_on": entry.delisted_on}
    form = F.RosterEntryForm(request.POST or None, initial=initial, bodies=_roster_bodies(request.user))
    if save_form(request, form, lambda d: services.roster_entry_save(actor=request.user, entry=entry, **d)):
        messages.success(request, _("Saved."))
        return redirect(f"{redirect('expertise:roster').url}?tab=organisations")
    return render(request, "expertise/roster_form.html", {
        "form": form, "title": _("Edit listed organisation") if entry else _("List an organisation")},
        status=400 if form.errors else 200)


@login_required
@require_GET
def roster_template(request: HttpRequest) -> HttpResponse:
    return sheet_import.template_response(roster_import.template_bytes(), "mau-danh-sach-giam-dinh.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def roster_upload(request: HttpRequest) -> HttpResponse:
    _keeper_or_403(request.user)
    return sheet_import.upload_page(
        request, F.RosterImportForm(request.POST or None, request.FILES or None),
        roster_import.roster_import, template="expertise/roster_import.html", folder="expertise",
        errors_prefix=ROSTER_ERRORS)


@login_required
@require_GET
def roster_errors(request: HttpRequest, name: str) -> FileResponse:
    if name.startswith(ROSTER_ERRORS):
        _keeper_or_403(request.user)
    elif not (name.startswith(REQUEST_ERRORS) and scope.can_import(request.user)):
        raise Http404("No such file")
    return sheet_import.errors_response("expertise", name)


@login_required
@require_GET
def requests_template(request: HttpRequest) -> HttpResponse:
    return sheet_import.template_response(request_import.template_bytes(), "mau-trung-cau-giam-dinh.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def requests_upload(request: HttpRequest) -> HttpResponse:
    """Import the asking body's spreadsheet of requests (each row through the services)."""
    if not scope.can_import(request.user):
        raise PermissionDenied(_("Only the officers of a body that holds cases import requests."))
    return sheet_import.upload_page(
        request, F.RequestImportForm(request.POST or None, request.FILES or None),
        request_import.request_import, template="expertise/requests_import.html", folder="expertise",
        errors_prefix=REQUEST_ERRORS)
