"""Screens: the summons list, absence rates per committee and per quarter, a summons with
its attendance form, the new-summons form of a case, and the XLSX import.

Thin: reads through `attendance.selectors` (scoped), writes through `attendance.services`."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods

from congminh.apps.accounts import scope
from congminh.apps.attendance import importer, selectors, services
from congminh.apps.attendance.forms import (
    AttendanceForm,
    RateFilterForm,
    SummonsFilterForm,
    SummonsForm,
)
from congminh.apps.attendance.models import PRESENCE_SHORT, Attendance, Presence
from congminh.apps.cases.counts import CachedPagePaginator
from congminh.apps.cases.selectors import case_get
from congminh.apps.imports.uploads import upload_bytes
from congminh.apps.organisations.models import Organisation
from congminh.apps.web import listing
from congminh.apps.web.steps import save_form
from congminh.core.files import SPREADSHEET_SUFFIXES, FileRejected


def _committees(user: Any) -> QuerySet[Organisation]:
    return scope.readable_bodies(user).filter(kind="peoples_committee", valid_to__isnull=True)


def _courts(user: Any) -> QuerySet[Organisation]:
    return scope.readable_bodies(user).filter(kind="court", valid_to__isnull=True)


@login_required
@require_GET
def summons_list_view(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = SummonsFilterForm(request.GET or None, committees=_committees(request.user),
                             courts=_courts(request.user), today=today)
    if form.is_bound:
        form.is_valid()  # invalid filters are reported and ignored; valid ones still apply
    filters = form.to_filters()
    rows = selectors.summons_list(user=request.user, filters=filters, today=today)
    totals = selectors.summons_totals(user=request.user, filters=filters, today=today)
    return render(request, "attendance/summons_list.html", {
        # The count of a province's summonses is cached per scope and filters
        # (`cases.counts`), like the numbers above it, and so are the ids of each page in
        # the list's order: a request with nothing written since no longer sorts the
        # province's summonses (29,500 at the P size: ~100 ms a request).
        "page": CachedPagePaginator(rows, listing.PAGE_SIZE).get_page(request.GET.get("page")),
        "sort": filters.sort, "query": listing.query_without(request.GET),
        "sort_query": listing.query_without(request.GET, "sort"), "form": form,
        "cards": listing.counts(totals, LIST_COUNTS,
                                base=listing.query_without(request.GET, "presence", "opinion", "sort")),
        "may_import": scope.can_import(request.user),
    })


# The numbers above the summons list: (key of `selectors.summons_totals`, label, the list's
# filter, tone).
LIST_COUNTS = (
    ("total", gettext_lazy("Summonses"), "", ""),
    ("not_recorded", gettext_lazy("Held, attendance not recorded"), f"presence={selectors.NOT_RECORDED}", "warn"),
    ("absent", gettext_lazy("Committee absent"), "presence=absent", "bad"),
    ("not_lawful", gettext_lazy("Not lawfully attended"), f"presence={selectors.NOT_LAWFUL}", "bad"),
    ("opinion_late", gettext_lazy("Written opinion filed late"), "opinion=late", "warn"),
    ("opinion_missing", gettext_lazy("Written opinion not filed (past due)"), "opinion=not_filed", "bad"),
)


@login_required
@require_GET
def rates_view(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = RateFilterForm(request.GET or None, committees=_committees(request.user),
                          courts=_courts(request.user), today=today)
    if form.is_bound:
        form.is_valid()
    filters = form.to_filters()
    by_committee = selectors.absence_by_committee(user=request.user, filters=filters, today=today)
    listed = listing.list_context(request, by_committee, sort=filters.sort)
    by_period = selectors.absence_by_period(user=request.user, filters=filters, today=today)
    committee_rows = [(t, _list_query(filters, committee_id=t.key, date_from=filters.date_from,
                                      date_to=filters.date_to, today=today))
                      for t in listed["page"].object_list]
    period_rows = [(t, _list_query(
        filters, committee_id=filters.committee_id,
        date_from=max(d for d in (t.date_from, filters.date_from) if d),
        date_to=min(d for d in (t.date_to, filters.date_to) if d), today=today))
                   for t in by_period]
    return render(request, "attendance/rates.html", {
        **listed, "form": form, "committee_rows": committee_rows, "period_rows": period_rows,
        "today": today, "may_import": scope.can_import(request.user),
        "filters": filters,
        "presences": [(code, PRESENCE_SHORT[code], label) for code, label in Presence.choices],
    })


def _list_query(filters: selectors.RateFilters, *, committee_id: Any, date_from: Any,
                date_to: Any, today: Any) -> str:
    """The summons list's query behind one number of the rates page (add `presence=`):
    the sessions held by `today` that the number counts."""
    date_to = min(date_to, today) if date_to else today
    params = {"committee": committee_id or "", "court": filters.court_id or "",
              "kind": filters.kind, "date_from": date_from.isoformat() if date_from else "",
              "date_to": date_to.isoformat() if date_to else ""}
    return urlencode({k: v for k, v in params.items() if v})


@login_required
@require_http_methods(["GET", "POST"])
def summons_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    summons = selectors.summons_get(user=request.user, pk=pk)
    writable = bool(scope.can_change_case(request.user, summons.case))
    record = Attendance.objects.filter(summons=summons).first()
    form: AttendanceForm | None = None
    status = 200
    if request.method == "POST":
        if not writable:
            raise PermissionDenied(scope.can_change_case(request.user, summons.case).reason)
        form = AttendanceForm(request.POST)
        if save_form(request, form, lambda d: services.attendance_record(
                actor=request.user, summons=summons, today=today, **d)):
            messages.success(request, _("Attendance recorded."))
            return redirect("attendance:detail", pk=summons.pk)
        status = 400
    elif writable and summons.date <= today:
        initial = {f: getattr(record, f) for f in services.ATTENDANCE_FIELDS} if record else {}
        form = AttendanceForm(initial=initial)
    state = selectors.with_opinion_status(
        selectors.summons_scope(request.user).filter(pk=summons.pk), today).values_list(
        selectors.OPINION_STATE, flat=True).first()
    return render(request, "attendance/summons_detail.html", {
        "summons": summons, "record": record, "form": form, "writable": writable,
        "case_readable": scope.can_read_case(request.user, summons.case),
        "opinion_state": state, "held": summons.date <= today,
        "may_import": scope.can_import(request.user),
    }, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def summons_create_view(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = case_get(user=request.user, pk=case_pk)
    decision = scope.can_change_case(request.user, case)
    if not decision:
        raise PermissionDenied(decision.reason)
    committees = Organisation.objects.filter(
        kind="peoples_committee", valid_to__isnull=True, province_code=case.holder.province_code)
    # The committee sued is summoned to each session: offer the one of the case's last summons.
    last = case.summonses.order_by("-date", "-id").values_list("committee_id", flat=True).first()
    form = SummonsForm(request.POST or None, committees=committees, initial={"committee": last})
    summons = save_form(request, form, lambda d: services.summons_create(
        actor=request.user, case=case, **d))
    if summons is not None:
        messages.success(request, _("Summons recorded."))
        return redirect("attendance:detail", pk=summons.pk)
    return render(request, "attendance/summons_form.html", {
        "case": case, "form": form, "may_import": scope.can_import(request.user)},
                  status=400 if request.method == "POST" else 200)


@login_required
@require_http_methods(["GET", "POST"])
def import_view(request: HttpRequest) -> HttpResponse:
    if not scope.can_import(request.user):
        raise PermissionDenied(_("Your role may not import data."))
    result = None
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            messages.error(request, _("Choose a file to import."))
        else:
            try:
                result = importer.import_attendance(
                    actor=request.user, data=upload_bytes(upload, accept=SPREADSHEET_SUFFIXES),
                    file_name=upload.name or "", today=timezone.localdate())
            except FileRejected as exc:
                messages.error(request, str(exc))
    return render(request, "attendance/import.html", {
        "result": result, "columns": importer.COLUMNS,
    })


@login_required
@require_GET
def import_template_view(request: HttpRequest) -> FileResponse:
    return FileResponse(io.BytesIO(importer.template_bytes()), as_attachment=True,
                        filename="mau-nhap-tham-du-phien-hanh-chinh.xlsx")
