"""The screens: dashboard, case list (and its CSV export), case page with its event form.

Views are thin: reads through `cases.selectors` (which apply the user's scope), writes
through `cases.services`, formatting in `web.presenters`. The dashboard's, the case
list's and the case page's bodies are rendered once per scope and data version
(`web.pagecache`); the case list's deep pages seek from a nearby page (`cases.keyset`).
"""

from __future__ import annotations

import csv
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import select_template
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from congminh.apps.accounts import scope
from congminh.apps.audit.selectors import audit_for_case
from congminh.apps.cases import claims, services
from congminh.apps.cases.forms import (
    CaseCreateForm,
    CaseEditForm,
    CaseFlagsForm,
    CaseMergeForm,
    EventAppendForm,
    EventWithdrawForm,
)
from congminh.apps.cases.keyset import KeysetPaginator
from congminh.apps.cases.models import Case, CaseEvent, ClaimStatus
from congminh.apps.cases.selectors import (
    PROLONGED,
    case_events,
    case_filter_bodies,
    case_get,
    case_get_for_write,
    case_list,
    case_list_columns,
    case_summary,
    holders_of,
    with_overdue_since,
)
from congminh.apps.web import pagecache, presenters
from congminh.apps.web.forms import CaseListForm
from congminh.apps.web.oversight import oversight_blocks
from congminh.core import statuses
from congminh.core.case_events import EVENT_TYPES
from congminh.core.spreadsheets import csv_row

PAGE_SIZE = 25
CLOCKS_TEMPLATES = ["obligations/_case_clocks.html", "web/_case_clocks_pending.html"]


AUDIT_PAGE_SIZE = 25

@login_required
@require_GET
def dashboard(request: HttpRequest) -> HttpResponse:
    if not request.user.is_superuser and scope.national_reach(request.user) is not None:
        # A national body has no province in this deployment: its dashboard is the nation's.
        return redirect("national:dashboard")
    body = pagecache.cached_body(request, "dashboard", "web/_dashboard_body.html",
                                 lambda: _dashboard_context(request.user))
    return render(request, "web/dashboard.html", {"body": body})


def _dashboard_context(user: Any) -> dict[str, Any]:
    counts = case_summary(user=user)
    status_rows = presenters.status_totals(counts.by_status)
    by_status = {s["status"]: s["n"] for s in status_rows}
    by_holder = counts.by_holder
    return {
        "total": counts.total,
        "stage_table": presenters.stage_table(counts.by_stage),
        "statuses": status_rows,
        "overdue": by_status.get("overdue", 0),
        "due_soon": by_status.get("due_soon", 0),
        "suspended": by_status.get("suspended", 0),
        "body_table": presenters.body_table(by_holder, holders_of(by_holder), today=timezone.localdate()),
        "prolonged_label": statuses.flag_label(PROLONGED),
        "oversight": oversight_blocks(user, timezone.localdate()),
    }


def _filtered_cases(request: HttpRequest) -> tuple[CaseListForm, QuerySet[Case]]:
    form = CaseListForm(request.GET or None, organisations=case_filter_bodies(user=request.user),
                        today=timezone.localdate())
    if form.is_bound:
        form.is_valid()  # invalid filters are reported and ignored; valid ones still apply
    return form, case_list(user=request.user, filters=form.to_filters())


@login_required
@require_GET
def case_list_view(request: HttpRequest) -> HttpResponse:
    body = pagecache.cached_body(request, "case_list", "web/_case_list_body.html",
                                 lambda: _case_list_context(request))
    return render(request, "web/case_list.html", {"body": body})


def _case_list_context(request: HttpRequest) -> dict[str, Any]:
    form, cases = _filtered_cases(request)
    page = KeysetPaginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    columns = case_list_columns(case_ids=[c.pk for c in page.object_list])
    sort = form.to_filters().sort
    return {
        "form": form, "page": page, "query": query.urlencode(),
        "rows": presenters.case_rows(page.object_list, columns, today=timezone.localdate()),
        "headers": presenters.sort_headers(request.GET, sort),
        "prolonged_label": statuses.flag_label(PROLONGED),
    }


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
        _("Stage"), _("Status"), _("Opened on"), _("Next due"), str(presenters.DAYS_OVER_LABEL),
    ])
    today = timezone.localdate()
    for case in with_overdue_since(cases).prefetch_related("agency_numbers"):
        since = getattr(case, "overdue_since", None)
        writer.writerow(csv_row([
            case.pk, case.title, case.get_procedure_display(), case.holder.name,
            "; ".join(n.number for n in case.agency_numbers.all()),
            case.get_stage_display(), case.get_status_display(),
            case.opened_on.isoformat() if case.opened_on else "",
            case.next_due.isoformat() if case.next_due else "",
            (today - since).days if since else "",
        ]))
    return response


CASE_BODY = "web/_case_detail_body.html"


def _case_page(
    request: HttpRequest, case: Case, form: EventAppendForm | None = None, status: int = 200,
    flags_form: CaseFlagsForm | None = None,
) -> HttpResponse:
    """The case page; its body drawn once per case, scope and data version
    (`web.pagecache.cached_case_body`) unless a form comes back with what was typed."""
    if form is None and flags_form is None:
        def fresh() -> dict[str, Any]:
            case.refresh_from_db()
            return _case_context(request, case)

        body = pagecache.cached_case_body(request, case, CASE_BODY, fresh)
    else:
        body = pagecache.draw(request, CASE_BODY, _case_context(request, case, form=form, flags_form=flags_form))
    return render(request, "web/case_detail.html", {"case": case, "body": body}, status=status)


def _case_context(request: HttpRequest, case: Case, form: EventAppendForm | None = None,
                  flags_form: CaseFlagsForm | None = None) -> dict[str, Any]:
    user = request.user
    writable = bool(scope.can_change_case(user, case))
    allowed = scope.recordable_events(user, case)
    if form is None and (allowed is None or allowed):
        form = EventAppendForm(case=case, allowed=allowed)
    events = list(case_events(case=case))
    may_flag = bool(scope.can_flag(user, case))
    if may_flag and flags_form is None:
        flags_form = CaseFlagsForm(initial={name: getattr(case, name) for name in scope.SUPERVISION_FLAGS})
    # The trail grows with every step of every workflow on the case: a page at a time.
    audit_page = Paginator(audit_for_case(case_id=case.pk), AUDIT_PAGE_SIZE).get_page(
        request.GET.get("audit_page"))
    return {
        "case": case,
        "numbers": case.agency_numbers.select_related("organisation").order_by("created_at"),
        "parties": case.parties.order_by("role", "name"),
        "party_rows": presenters.party_rows(case, personal_data=scope.sees_personal_data(user)),
        "flags": [statuses.flag_label(f) for f in case.flags or []],
        "timeline": presenters.timeline(events),
        "withdrawable": {e.pk for e in events if e.withdrawn_at is None
                         and (allowed is None or e.type in allowed)},
        "audit": presenters.audit_rows(audit_page.object_list), "audit_page": audit_page,
        "writable": writable,
        "form": form if (allowed is None or allowed) else None,
        "fields_by_type": {"types": form.fields_by_type(), "toggled": form.toggled_fields()}
        if form is not None else {},
        "flags_form": flags_form if may_flag else None,
        "merge_form": CaseMergeForm() if writable else None,
        "claims": case.number_claims.filter(status=ClaimStatus.PENDING).select_related(
            "organisation", "claimed_by"),
        "clocks_template": select_template(CLOCKS_TEMPLATES),
    }


@login_required
@require_GET
def case_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_page(request, case_get(user=request.user, pk=pk))


@login_required
@require_POST
def case_event_add_view(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_get(user=request.user, pk=pk)
    decision = scope.can_record_event(request.user, case, request.POST.get("type", ""))
    if not decision and (not scope.can_change_case(request.user, case)
                         or request.POST.get("type", "") in EVENT_TYPES):
        raise PermissionDenied(decision.reason)
    form = EventAppendForm(request.POST, case=case,
                           allowed=scope.recordable_events(request.user, case))
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


@login_required
@require_POST
def case_event_withdraw_view(request: HttpRequest, pk: int, event_pk: int) -> HttpResponse:
    """Withdraw a mistaken event, with a reason (it stays in the log, marked)."""
    case = case_get(user=request.user, pk=pk)
    event = get_object_or_404(CaseEvent, pk=event_pk, case=case)
    form = EventWithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the reason for withdrawing the event."))
        return redirect(f"{case.get_absolute_url()}#event-{event.pk}")
    try:
        services.case_event_withdraw(actor=request.user, event=event, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The event was withdrawn; the deadlines were recomputed without it."))
    return redirect(f"{case.get_absolute_url()}#event-{event.pk}")


@login_required
@require_POST
def case_flags_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Set the supervision flags, with a reason (supervisors and the holding body)."""
    case = case_get(user=request.user, pk=pk)
    decision = scope.can_flag(request.user, case)
    if not decision:
        raise PermissionDenied(decision.reason)
    form = CaseFlagsForm(request.POST)
    if form.is_valid():
        try:
            services.case_flags_set(actor=request.user, case=case, **form.cleaned_data)
        except ValidationError as exc:
            _attach_errors(form, exc)
        else:
            messages.success(request, _("The supervision flags were saved."))
            return redirect(case.get_absolute_url())
    return _case_page(request, case, flags_form=form, status=400)


@login_required
@require_POST
def case_merge_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Merge another record of the same case into this one: a body that may change both
    records, or an admin; with a reason, in the audit trail of both."""
    case = case_get(user=request.user, pk=pk)
    form = CaseMergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the other record's number and the reason for merging."))
        return redirect(case.get_absolute_url())
    other = case_get(user=request.user, pk=form.cleaned_data["other"])
    try:
        claims.case_merge(actor=request.user, keep=case, other=other, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("The two records were merged into this case."))
    return redirect(case.get_absolute_url())


@login_required
def case_create_view(request: HttpRequest) -> HttpResponse:
    """Open a new case from the screen, with its number, a party and its first event."""
    holders = scope.creatable_holders(request.user)
    if not holders.exists():
        raise PermissionDenied(_("Your role may not open cases."))
    form = CaseCreateForm(request.POST or None, holders=holders,
                          events=scope.decided_events(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            case = _create_case(request.user, form.cleaned_data)
        except ValidationError as exc:
            _attach_errors(form, exc)
        else:
            messages.success(request, _("The case was opened."))
            return redirect(case.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(request, "web/case_create.html", {"form": form}, status=status)


def _create_case(actor: Any, data: dict[str, Any]) -> Case:
    """The service opens the case; its event errors are put on the form's event fields."""
    try:
        return services.case_open(
            actor=actor, procedure=data["procedure"], title=data["title"], holder=data["holder"],
            number=data["number"], category=data["category"], case_kind=data["case_kind"],
            national_security=bool(data["national_security"]), summary=data["summary"],
            party=(data["party_name"], data["party_role"]) if data["party_name"] else None,
            event_type=data["event_type"], event_date=data["event_date"],
        )
    except ValidationError as exc:
        errors = exc.message_dict if hasattr(exc, "error_dict") else {"event_type": exc.messages}
        raise ValidationError({"event_type" if k == "type" else "event_date" if k == "date" else k: v
                               for k, v in errors.items()}) from exc


@login_required
@require_GET
def claims_view(request: HttpRequest) -> HttpResponse:
    """Number links to confirm (claims on this body's numbers) and the ones it asked for."""
    return render(request, "web/claims.html", {
        "to_decide": claims.claims_to_decide(request.user)[:200],
        "made": claims.claims_made(request.user)[:200],
    })


@login_required
@require_POST
def claim_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    claim = claims.claim_get(user=request.user, pk=pk)
    try:
        if request.POST.get("decision") == "confirm":
            case = claims.claim_confirm(actor=request.user, claim=claim)
            messages.success(request, _("The link was confirmed: %(title)s.") % {"title": case.title})
        else:
            claims.claim_reject(actor=request.user, claim=claim)
            messages.success(request, _("The link was rejected."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("web:claims")


def _attach_errors(form: Any, exc: ValidationError) -> None:
    """Put a service's errors on the form fields they name (details go to the top)."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)
