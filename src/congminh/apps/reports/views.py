"""The quarterly review page, its XLSX export, comments and stored runs. Thin: reads
through `selectors`/`presenters`, writes through `services`."""

from __future__ import annotations

import functools
from collections.abc import Callable, Container
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from congminh.apps.cases.selectors import case_get
from congminh.apps.reports import (
    annual,
    annual_docx,
    docx_export,
    export,
    pdf_export,
    presenters,
    selectors,
    services,
    snapshot,
)
from congminh.apps.reports.forms import AnnualForm, CommentForm, ReviewForm
from congminh.apps.reports.review import CODE_OF, FORM_ROWS, PROCEDURES, ROW_KEYS, TOTAL
from congminh.core import statuses

PAGE_SIZE = 25
# The task statuses the annual report lists on its own page, as of its instant.
LATE_STATUSES = (statuses.OVERDUE, statuses.DONE_LATE)
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PDF = "application/pdf"


def _require_reviewer(request: HttpRequest) -> None:
    if not selectors.may_review(request.user):
        raise PermissionDenied(_("You do not belong to a body: there is nothing to review."))


def _review(request: HttpRequest) -> tuple[ReviewForm, selectors.ReviewResult]:
    form = ReviewForm(request.GET or None, scopes=selectors.scope_choices(request.user),
                      today=timezone.localdate())
    if form.is_bound:
        form.is_valid()
    result = selectors.quarterly_review(user=request.user, period=form.chosen_period(),
                                        scope_value=form.chosen_scope(),
                                        instant=form.chosen_instant())
    return form, result


def _collector_paused(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """The review's pages with the cyclic garbage collector paused from the form to the
    response (`snapshot.no_gc`): a process's first review reads a province's snapshot, and
    a collection set off before it is set aside (`snapshot._set_aside`) walks every object
    the process holds (0.2-0.4 s at P size, measured in a fresh process's first page and
    XLSX). What the request leaves is collected once it is done."""

    @functools.wraps(view)
    def paused(*args: Any, **kwargs: Any) -> HttpResponse:
        with snapshot.no_gc():
            return view(*args, **kwargs)

    return paused


def _pick(value: str | None, allowed: Container[str], default: str) -> str:
    return value if value is not None and value in allowed else default


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@login_required
@require_GET
@_collector_paused
def quarterly_view(request: HttpRequest) -> HttpResponse:
    _require_reviewer(request)
    form, result = _review(request)
    lists = presenters.LISTS
    get = request.GET
    chosen = _pick(get.get("list"), lists, "overdue")
    row_key = _pick(get.get("row"), ROW_KEYS, lists[chosen][0])
    procedure = _pick(get.get("procedure"), PROCEDURES, "") or None
    holder = _int(get.get("holder"))
    sort = _pick(get.get("sort"), presenters.SORTS, "holder")
    facts = presenters.selected(result, row_key, procedure=procedure, holder_id=holder, sort=sort)
    page = Paginator(facts, PAGE_SIZE).get_page(get.get("page"))
    params: dict[str, str] = {k: str(v) for k, v in get.items() if k in form.fields and v}
    params.setdefault("period", result.review.period.code)
    params.setdefault("scope", result.scope)
    # The instant is pinned in every link, to the second, so drilling down shows the same figures.
    params["as_of"] = timezone.localtime(result.instant).strftime("%Y-%m-%dT%H:%M:%S.%f")
    base = urlencode(params)
    drill = {"list": chosen, "row": row_key, "procedure": procedure or "", "holder": holder or "",
             "sort": sort}
    query = base + "".join(f"&{k}={v}" for k, v in drill.items() if v)
    row_label = next(r.label for r in FORM_ROWS if r.key == row_key)
    bodies = presenters.body_cells(presenters.body_table(result), base, row_key, holder)
    return render(request, "reports/quarterly.html", {
        "bodies": bodies,
        "form": form, "result": result, "period": result.review.period,
        "totals": presenters.totals_table(result),
        "columns": [(c, presenters.procedure_label(c)) for c in (*PROCEDURES, TOTAL)],
        "form_rows": FORM_ROWS,
        "checks": presenters.checks(result),
        # Each list holds the cases of one row of the form: its count is the row's total.
        "lists": [(key, label, result.review.figures()[TOTAL][CODE_OF[rk]], rk)
                  for key, (rk, label) in lists.items()],
        "chosen": chosen, "row_key": row_key, "row_label": row_label,
        "procedure": procedure, "procedure_label": presenters.procedure_label(procedure) if procedure else "",
        "holder": holder, "holder_label": presenters.holder_name(result, holder) if holder else "",
        "sort": sort, "page": page, "rows": presenters.rows(result, list(page.object_list)),
        "base": base, "query": query,
        "may_comment": selectors.may_comment_some(request.user),
        "comment_form": CommentForm(initial={"period": result.review.period.code}),
        "next": f"{request.path}?{query}&page={page.number}#list",
        "pinned": form.chosen_instant() is not None,
    })


@_collector_paused
def _download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The review as a file (the same as `congminh report quarterly --format FMT`); each
    download is recorded with its parameters and inputs digest."""
    _require_reviewer(request)
    _form, result = _review(request)
    services.report_run_record(actor=request.user, result=result, fmt=fmt)
    code = result.review.period.code
    if fmt in ("docx", "pdf"):
        data = docx_export.review_docx(result, issuer=docx_export.default_issuer(request.user))
        content_type, name = DOCX, f"bao-cao-ra-soat-{code}.docx"
        if fmt == "pdf":
            data = pdf_export.docx_to_pdf(
                data, title=f"Báo cáo rà soát {result.review.period.label_vi}")
            content_type, name = PDF, f"bao-cao-ra-soat-{code}.pdf"
    else:
        data, content_type, name = export.review_workbook(result), XLSX, f"ra-soat-{code}.xlsx"
    return _attachment(data, content_type, name)


def _attachment(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def quarterly_export_view(request: HttpRequest) -> HttpResponse:
    return _download(request, "xlsx")


@login_required
@require_GET
def quarterly_docx_view(request: HttpRequest) -> HttpResponse:
    return _download(request, "docx")


@login_required
@require_GET
def quarterly_pdf_view(request: HttpRequest) -> HttpResponse:
    return _download(request, "pdf")


# --- the Internal Affairs Committee's annual report -----------------------------------------


def _annual(request: HttpRequest) -> tuple[AnnualForm, annual.AnnualReport]:
    _require_reviewer(request)
    form = AnnualForm(request.GET or None, today=timezone.localdate())
    if form.is_bound:
        form.is_valid()
    report = annual.annual_report(user=request.user, year=form.chosen_year(),
                                  instant=form.chosen_instant())
    return form, report


@login_required
@require_GET
def annual_view(request: HttpRequest) -> HttpResponse:
    form, report = _annual(request)
    as_of = timezone.localtime(report.instant).strftime("%Y-%m-%dT%H:%M:%S.%f")
    base = urlencode({"year": str(report.year), "as_of": as_of})
    # The clocks' numbers open the review of the same year and instant (Party calendar).
    review = urlencode({"calendar": "party", "period": report.period.code, "as_of": as_of})
    # The tasks behind a number of the tasks' table (one body, one status, or both), as of
    # the report's instant, listed on this page; with no status, the late ones.
    task_body, task_status = _int(request.GET.get("task_body")), request.GET.get("task_status")
    task_status = task_status if task_status in statuses.TASK_STATUSES else None
    tasks = [t for t in (report.tasks.listed if task_status else report.tasks.late)
             if (task_body is None or t.body_id == task_body)
             and (task_status is None or t.status == task_status)]
    return render(request, "reports/annual.html", {
        "form": form, "report": report, "base": base, "review": review,
        "clock_rows": [(key, annual.CLOCK_LABELS[key]) for _code, key in annual.CLOCK_ROWS],
        "procedure_lines": list(zip((*PROCEDURES, TOTAL), report.by_procedure, strict=True)),
        "task_statuses": [(s, statuses.TASK_LABELS[s]) for s in statuses.TASK_STATUSES],
        "previous_year": report.year - 1,
        "late": Paginator(tasks, PAGE_SIZE).get_page(request.GET.get("page")),
        "late_statuses": LATE_STATUSES, "task_status": task_status,
        "task_status_label": statuses.TASK_LABELS.get(task_status or ""),
        "late_filtered": task_body is not None or task_status is not None,
        "query": base + "".join(f"&{k}={v}" for k, v in (("task_body", task_body or ""),
                                                          ("task_status", task_status or "")) if v),
        # As of an earlier instant: the lists of other apps show today's state (said so).
        "pinned": form.chosen_instant() is not None,
    })


def _annual_download(request: HttpRequest, fmt: str) -> HttpResponse:
    """The annual report as a file (the same as `congminh report annual`), recorded."""
    _form, report = _annual(request)
    services.annual_run_record(actor=request.user, report=report, fmt=fmt)
    data = annual_docx.annual_docx(report)
    content_type, name = DOCX, f"bao-cao-nam-{report.year}.docx"
    if fmt == "pdf":
        data = pdf_export.docx_to_pdf(data, title=f"Báo cáo năm {report.year}")
        content_type, name = PDF, f"bao-cao-nam-{report.year}.pdf"
    return _attachment(data, content_type, name)


@login_required
@require_GET
def annual_docx_view(request: HttpRequest) -> HttpResponse:
    return _annual_download(request, "docx")


@login_required
@require_GET
def annual_pdf_view(request: HttpRequest) -> HttpResponse:
    return _annual_download(request, "pdf")


@login_required
@require_POST
def comment_add_view(request: HttpRequest, case_pk: int) -> HttpResponse:
    case = case_get(user=request.user, pk=case_pk)
    form = CommentForm(request.POST)
    target = request.POST.get("next") or reverse("reports:quarterly")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = reverse("reports:quarterly")
    if not form.is_valid():
        messages.error(request, _("The comment was not saved: write its text."))
        return redirect(target)
    try:
        services.review_comment_add(actor=request.user, case=case,
                                    period_code=form.cleaned_data["period"],
                                    kind=form.cleaned_data["kind"], text=form.cleaned_data["text"])
    except ValidationError as exc:
        messages.error(request, "; ".join(exc.messages))
        return redirect(target)
    messages.success(request, _("Comment saved on «%(title)s».") % {"title": case.title})
    # The comment is newer than the instant in the link: show the review as of now.
    return redirect(_without_as_of(target))


def _without_as_of(target: str) -> str:
    path, _sep, query = target.partition("?")
    kept = [p for p in query.split("&") if p and not p.startswith("as_of=")]
    return f"{path}?{'&'.join(kept)}" if kept else path


@login_required
@require_GET
def runs_view(request: HttpRequest) -> HttpResponse:
    _require_reviewer(request)
    page = Paginator(selectors.report_runs(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "reports/runs.html", {"page": page, "query": ""})


@login_required
@require_GET
def run_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    _require_reviewer(request)
    run = get_object_or_404(selectors.report_runs(user=request.user), pk=pk)
    user: Any = run.requested_by if run.requested_by_id else None
    if run.kind == "annual":
        report, same_digest, same_figures = services.annual_run_regenerate(run=run, user=user)
        return render(request, "reports/annual_run_detail.html", {
            "run": run, "report": report, "same_digest": same_digest, "same_figures": same_figures})
    result, same_digest, same_figures = services.report_run_regenerate(run=run, user=user)
    return render(request, "reports/run_detail.html", {
        "run": run, "result": result, "same_digest": same_digest, "same_figures": same_figures,
        "totals": presenters.totals_table(result),
        "columns": [(c, presenters.procedure_label(c)) for c in (*PROCEDURES, TOTAL)],
        "period": result.review.period,
    })
