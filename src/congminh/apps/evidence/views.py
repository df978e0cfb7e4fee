"""Evidence screens: the list across cases, the league table of response times, a
request's page with its replies, sending one from a case, the register import. Thin:
reads through `selectors`, writes through `services`."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from congminh.apps.accounts import scope
from congminh.apps.cases.selectors import case_get
from congminh.apps.evidence import forms as F
from congminh.apps.evidence import presenters, request_import, selectors, services
from congminh.apps.evidence.models import OPEN_STATES, EvidenceRequest
from congminh.apps.organisations.models import Organisation
from congminh.apps.web import listing, sheet_import
from congminh.apps.web.steps import save_form, step_post

ERRORS_PREFIX = "loi-yeu-cau-chung-cu-"


def _asked_bodies(user: Any) -> QuerySet[Organisation]:
    """Bodies that can be asked: today's People's Committees, departments and other bodies
    of the province (not the judicial bodies themselves)."""
    return scope.readable_bodies(user).filter(
        kind__in=("peoples_committee", "department", "expertise_body", "enforcement_office"),
        valid_to__isnull=True).order_by("level", "name")


def _filter_form(request: HttpRequest, data: Any) -> F.RequestFilterForm:
    return F.RequestFilterForm(data or None, bodies=scope.readable_bodies(request.user))


@login_required
@require_GET
def request_list(request: HttpRequest) -> HttpResponse:
    form = _filter_form(request, request.GET)
    filters = form.filtered()
    today = filters.as_of or timezone.localdate()  # as of a day: each request as it stood then
    qs = selectors.request_list(user=request.user, filters=filters, today=today)
    listed = listing.list_context(request, qs, sort=filters.sort)
    shown = [selectors.as_it_stood(r, today) if filters.as_of else r for r in listed["page"].object_list]
    rows = [{"r": r, "days": selectors.days_to_answer(r, today), "late": selectors.is_late(r, today)}
            for r in shown]
    summary = selectors.request_summary(user=request.user, filters=filters, today=today)
    return render(request, "evidence/request_list.html", {
        **listed, "form": form, "rows": rows, "summary": summary, "as_of": filters.as_of,
        "cards": listing.filtered_counts(request.GET, summary, presenters.COUNTS,
                                         lambda query: selectors.request_list(
            user=request.user, filters=_filter_form(request, query).filtered(), today=today).count()),
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
        "communes": listing.paginate(request, data["communes"], param="cpage"),
        "bodies": listing.paginate(request, data["bodies"], param="bpage"),
        "cquery": listing.query_without(request.GET, "cpage"),
        "bquery": listing.query_without(request.GET, "bpage"),
        "sort_query": listing.query_without(request.GET, "sort", "cpage", "bpage"),
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
    return render(request, "evidence/request_detail.html", {
        "req": req, "actions": actions, "titles": presenters.STEP_TITLES, "replies": req.replies.all(),
        "days": selectors.days_to_answer(req), "late": selectors.is_late(req),
        "history": presenters.TRAIL.history(req),
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
    return step_post(request, req, action, ACTIONS, page=_request_page,
                     done=lambda r, _result: redirect("evidence:detail", pk=r.pk))


@login_required
@require_http_methods(["GET", "POST"])
def request_create(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = case_get(user=request.user, pk=case_pk)
    decision = scope.can_request_evidence(request.user, case)
    if not decision:
        raise PermissionDenied(decision.reason)
    form = F.RequestCreateForm(request.POST or None, bodies=_asked_bodies(request.user))
    req = save_form(request, form, lambda d: services.evidence_request_send(
        actor=request.user, case=case, ref=d["ref"], documents=d["documents"], sent_on=d["sent_on"],
        organisation=d["organisation"], holder_name=d["holder_name"]))
    if req is not None:
        messages.success(request, _("The request was recorded."))
        return redirect("evidence:detail", pk=req.pk)
    return render(request, "evidence/request_create.html", {"case": case, "form": form},
                  status=400 if form.errors else 200)


@login_required
@require_GET
def requests_template(request: HttpRequest) -> HttpResponse:
    return sheet_import.template_response(request_import.template_bytes(),
                                          "mau-yeu-cau-cung-cap-chung-cu.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def requests_upload(request: HttpRequest) -> HttpResponse:
    """Import the asking body's register of requests (each row through the services)."""
    if not scope.can_import(request.user):
        raise PermissionDenied(_("Only the officers of a body that holds cases import evidence requests."))
    return sheet_import.upload_page(
        request, F.RequestImportForm(request.POST or None, request.FILES or None),
        request_import.request_import, template="evidence/requests_import.html", folder="evidence",
        errors_prefix=ERRORS_PREFIX)


@login_required
@require_GET
def requests_errors(request: HttpRequest, name: str) -> FileResponse:
    if not (name.startswith(ERRORS_PREFIX) and scope.can_import(request.user)):
        raise Http404("No such file")
    return sheet_import.errors_response("evidence", name)
