"""Evidence screens: the list across cases, the league table of response times, a
request's page with its replies, sending one from a case, the register import. Thin:
reads through `selectors`, writes through `services`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.crypto import get_random_string
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from congminh.apps.accounts import scope
from congminh.apps.audit.models import AuditEntry
from congminh.apps.cases.selectors import case_get
from congminh.apps.evidence import forms as F
from congminh.apps.evidence import presenters, request_import, selectors, services
from congminh.apps.evidence.models import OPEN_STATES, EvidenceRequest
from congminh.apps.organisations.models import Organisation

PAGE_SIZE = 25
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
ERRORS_PREFIX = "loi-yeu-cau-chung-cu-"


def _asked_bodies(user: Any) -> QuerySet[Organisation]:
    """Bodies that can be asked: today's People's Committees, departments and other bodies
    of the province (not the judicial bodies themselves)."""
    return scope.readable_bodies(user).filter(
        kind__in=("peoples_committee", "department", "expertise_body", "enforcement_office"),
        valid_to__isnull=True).order_by("level", "name")


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


def _query(request: HttpRequest, *drop: str) -> str:
    query = request.GET.copy()
    for key in ("page", *drop):
        query.pop(key, None)
    return query.urlencode()


@login_required
@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    form = F.RequestFilterForm(request.GET or None, bodies=scope.readable_bodies(request.user))
    if form.is_bound:
        form.is_valid()
    filters = form.to_filters()
    today = timezone.localdate()
    qs = selectors.request_list(user=request.user, filters=filters, today=today)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"r": r, "days": selectors.days_to_answer(r, today), "late": selectors.is_late(r, today)}
            for r in page.object_list]
    return render(request, "evidence/request_list.html", {
        "form": form, "page": page, "rows": rows, "query": _query(request),
        "sort_query": _query(request, "sort"), "sort": filters.sort,
        "side_query": f"side={filters.side}&" if filters.side else "",
        "summary": selectors.request_summary(user=request.user, filters=filters, today=today),
        "can_import": scope.can_import(request.user),
    })


@login_required
@require_GET
def league(request: HttpRequest) -> HttpResponse:
    procedure = request.GET.get("procedure", "")
    if procedure not in dict(F.PROCEDURES):
        procedure = ""
    sort = request.GET.get("sort", "")
    data = selectors.league(user=request.user, procedure=procedure, sort=sort)
    return render(request, "evidence/league.html", {
        "league": data, "procedure": procedure, "procedures": F.PROCEDURES, "sort": sort,
        "communes": Paginator(data["communes"], PAGE_SIZE).get_page(request.GET.get("cpage")),
        "bodies": Paginator(data["bodies"], PAGE_SIZE).get_page(request.GET.get("bpage")),
        "cquery": _query(request, "cpage"), "bquery": _query(request, "bpage"),
        "sort_query": _query(request, "sort", "cpage", "bpage"),
        "proc_query": f"procedure={procedure}&" if procedure else ""})


def _request_page(request: HttpRequest, req: EvidenceRequest, forms: dict[str, Any] | None = None,
                  status: int = 200) -> HttpResponse:
    user = request.user
    may_ask = bool(scope.can_request_evidence(user, req.case))
    may_answer = bool(scope.can_answer_evidence_request(user, req))
    actions: dict[str, Any] = {}
    if req.state in OPEN_STATES:
        if may_answer or may_ask:
            actions["reply"] = F.ReplyForm(prefix="reply")
        if may_ask:
            actions["withdraw"] = F.WithdrawForm(prefix="withdraw")
    actions.update(forms or {})
    history = AuditEntry.objects.filter(object_type="evidence.evidencerequest",
                                        object_id=str(req.pk)).select_related("actor")
    return render(request, "evidence/request_detail.html", {
        "req": req, "actions": actions, "replies": req.replies.all(),
        "days": selectors.days_to_answer(req), "late": selectors.is_late(req),
        "history": presenters.history_rows(history[:100]),
        "case_readable": scope.can_read_case(user, req.case),
    }, status=status)


@login_required
@require_GET
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _request_page(request, selectors.request_get(user=request.user, pk=pk))


ACTIONS: dict[str, tuple[type[Any], Any]] = {
    "reply": (F.ReplyForm, lambda a, r, d: services.evidence_reply_record(
        actor=a, request=r, date=d["date"], kind=d["kind"], note=d["note"],
        document_number=d["document_number"])),
    "withdraw": (F.WithdrawForm, lambda a, r, d: services.evidence_request_withdraw(
        actor=a, request=r, date=d["date"], reason=d["reason"])),
}


@login_required
@require_POST
def request_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    req = selectors.request_get(user=request.user, pk=pk)
    if action not in ACTIONS:
        raise Http404("No such action")
    form_class, run = ACTIONS[action]
    form = form_class(request.POST, prefix=action)
    if form.is_valid():
        try:
            run(request.user, req, form.cleaned_data)
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("evidence:detail", pk=req.pk)
    req.refresh_from_db()
    return _request_page(request, req, {action: form}, status=400)


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = case_get(user=request.user, pk=case_pk)
    decision = scope.can_request_evidence(request.user, case)
    if not decision:
        raise PermissionDenied(decision.reason)
    form = F.RequestCreateForm(request.POST or None, bodies=_asked_bodies(request.user))
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            req = services.evidence_request_send(
                actor=request.user, case=case, ref=d["ref"], documents=d["documents"],
                sent_on=d["sent_on"], organisation=d["organisation"], holder_name=d["holder_name"])
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("The request was recorded."))
            return redirect("evidence:detail", pk=req.pk)
    return render(request, "evidence/request_create.html", {"case": case, "form": form},
                  status=400 if form.errors else 200)


@login_required
@require_GET
def requests_template(request: HttpRequest) -> HttpResponse:
    response = HttpResponse(request_import.template_bytes(), content_type=XLSX)
    response["Content-Disposition"] = 'attachment; filename="mau-yeu-cau-cung-cap-chung-cu.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def requests_upload(request: HttpRequest) -> HttpResponse:
    """Import the asking body's register of requests (each row through the services)."""
    if not scope.can_import(request.user):
        raise PermissionDenied(_("Only the officers of a body that holds cases import evidence requests."))
    form = F.RequestImportForm(request.POST or None, request.FILES or None)
    result = None
    error_name = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        result = request_import.request_import(actor=request.user, data=upload.read(),
                                               file_name=upload.name)
        if result.problems:
            error_name = f"{ERRORS_PREFIX}{get_random_string(12)}.xlsx"
            default_storage.save(f"evidence/{error_name}", ContentFile(result.error_workbook()))
    return render(request, "evidence/requests_import.html", {
        "form": form, "result": result, "error_name": error_name})


@login_required
@require_GET
def requests_errors(request: HttpRequest, name: str) -> FileResponse:
    if not (name.startswith(ERRORS_PREFIX) and scope.can_import(request.user)):
        raise Http404("No such file")
    path = f"evidence/{name}"
    if "/" in name or not default_storage.exists(path):
        raise Http404("No such file")
    return FileResponse(default_storage.open(path, "rb"), as_attachment=True, filename=name,
                        content_type=XLSX)
