"""The leadership view, its charts (SVG drawn on the server) and the two lists behind its
figures: running deadlines by share of their limit, cases by quarter."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from congminh.apps.cases.models import Case
from congminh.apps.cases.selectors import PROLONGED, case_summary
from congminh.apps.obligations.models import CaseObligation
from congminh.apps.reports import charts
from congminh.apps.reports import leadership as L
from congminh.apps.reports.presenters import procedure_label
from congminh.core import statuses

PAGE_SIZE = 25
CLOCK_SORTS = {"share": "share", "due": "due", "case": "case"}
CASE_SORTS = ("opened_on", "closed_on", "title")


def _headline(user: object) -> list[tuple[str, int, str]]:
    """(label, figure, query of the case list behind it)."""
    counts = case_summary(user=user)
    by_status: dict[str, int] = {}
    for row in counts.by_status:
        by_status[row["status"]] = by_status.get(row["status"], 0) + row["n"]
    open_total = sum(r.holding for r in counts.by_holder)
    prolonged = sum(r.prolonged for r in counts.by_holder)
    return [
        (_("Open cases"), open_total, "open=1"),
        (statuses.label(statuses.OVERDUE), by_status.get(statuses.OVERDUE, 0), "status=overdue"),
        (statuses.label(statuses.DUE_SOON), by_status.get(statuses.DUE_SOON, 0), "status=due_soon"),
        (statuses.label(statuses.SUSPENDED), by_status.get(statuses.SUSPENDED, 0), "status=suspended"),
        (statuses.flag_label(PROLONGED), prolonged, "prolonged=1"),
    ]


@login_required
@require_GET
def leadership_view(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    table = L.bucket_table(L.clocks(request.user, today))
    trend = L.trend(request.user, today)
    return render(request, "reports/leadership.html", {
        "today": today, "headline": _headline(request.user),
        "buckets": L.BUCKETS,
        "bucket_rows": [(p, procedure_label(p), [(b, table[p][b.key]) for b in L.BUCKETS])
                        for p in (*L.PROCEDURES, "total")],
        "periods": trend.periods,
        "trend_rows": [(m, label, list(zip(trend.periods, trend.values[m], strict=True)))
                       for m, label in L.MEASURES.items()],
    })


def _svg(data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type="image/svg+xml")
    response["Cache-Control"] = "private, max-age=300"
    return response


@login_required
@require_GET
def leadership_chart_view(request: HttpRequest, name: str) -> HttpResponse:
    today = timezone.localdate()
    if name == "buckets":
        table = L.bucket_table(L.clocks(request.user, today))
        series = [(b.label, [table[p][b.key] for p in L.PROCEDURES]) for b in L.BUCKETS]
        return _svg(charts.stacked_bars(_("Running deadlines by share of the legal limit used"),
                                        [procedure_label(p) for p in L.PROCEDURES], series))
    if name == "trend":
        trend = L.trend(request.user, today)
        series = [(label, trend.values[m]) for m, label in L.MEASURES.items()]
        # «Quý IV» over «2026»: eight quarters side by side stay readable.
        labels = [p.label_vi.replace("/", "\n", 1) for p in trend.periods]
        return _svg(charts.lines(_("Cases quarter by quarter"), labels, series))
    raise Http404(_("No such chart."))


def _sorted_clocks(found: list[L.Clock], sort: str) -> list[L.Clock]:
    key = sort.lstrip("-")
    if key != "share":
        return sorted(found, key=lambda c: c.share, reverse=True)
    return sorted(found, key=lambda c: c.share, reverse=sort.startswith("-"))


@login_required
@require_GET
def leadership_clocks_view(request: HttpRequest) -> HttpResponse:
    """The running deadlines in one share bucket (and procedure), most used first."""
    bucket = request.GET.get("bucket", "")
    procedure = request.GET.get("procedure", "")
    if bucket not in L.BUCKET_KEYS or procedure not in ("", *L.PROCEDURES):
        raise Http404(_("No such list."))
    sort = request.GET.get("sort", "-share")
    sort = sort if sort.lstrip("-") in CLOCK_SORTS else "-share"
    today = timezone.localdate()
    found = _sorted_clocks(L.clocks_in(L.clocks(request.user, today), bucket, procedure), sort)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    shares = {c.id: c.share for c in page.object_list}
    rows = CaseObligation.objects.filter(pk__in=list(shares)).select_related("case", "case__holder")
    by_id = {o.pk: o for o in rows}
    label = next(b.label for b in L.BUCKETS if b.key == bucket)
    return render(request, "reports/leadership_clocks.html", {
        "page": page, "rows": [(by_id[c.id], L.share_shown(c.share, by_id[c.id].due, today))
                               for c in page.object_list if c.id in by_id],
        "bucket_label": label, "procedure_label": procedure_label(procedure) if procedure else "",
        "sort": sort, "query": urlencode({"bucket": bucket, "procedure": procedure}),
        "sort_query": urlencode({"bucket": bucket, "procedure": procedure}),
    })


@login_required
@require_GET
def leadership_cases_view(request: HttpRequest) -> HttpResponse:
    """The cases behind one figure of the quarter-by-quarter table."""
    measure = request.GET.get("measure", "")
    today = timezone.localdate()
    periods = {p.code: p for p in L.quarters(request.user, today)}
    period = periods.get(request.GET.get("period", ""))
    if measure not in L.MEASURES or period is None:
        raise Http404(_("No such list."))
    sort = request.GET.get("sort", "-opened_on")
    sort = sort if sort.lstrip("-") in CASE_SORTS else "-opened_on"
    cases: QuerySet[Case] = (L.trend_cases(request.user, measure, period)
                             .select_related("holder").order_by(sort, "-id"))
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    base = {"measure": measure, "period": period.code}
    return render(request, "reports/leadership_cases.html", {
        "page": page, "measure_label": L.MEASURES[measure], "period": period, "sort": sort,
        "query": urlencode({**base, "sort": sort}), "sort_query": urlencode(base),
    })
