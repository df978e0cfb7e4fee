"""Thin views: parse input, call one service or selector, render."""

from __future__ import annotations

import datetime as dt
import json
import re
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from congminh.apps.directives import selectors, services, urging
from congminh.apps.directives.export import board_workbook
from congminh.apps.directives.forms import (
    BoardFilterForm,
    BulkForm,
    HeaderForm,
    ProgressForm,
    RegisterForm,
    iso_to_date,
    task_formset,
)
from congminh.apps.directives.labels import DUE_SOON_LABEL, STATUS_LABELS, parser_warning
from congminh.apps.directives.models import Directive, IncomingDocument
from congminh.apps.directives.status import STATUSES, is_due_soon
from congminh.apps.directives.trail import TRAIL
from congminh.apps.directives.urging_views import urge_form
from congminh.apps.organisations.models import Organisation
from congminh.apps.web import listing
from congminh.apps.web.bodies import natural_key

# Rows per page of the task list and of the board, as on the case list.
PAGE_SIZE = 25


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return render(request, "directives/index.html", {"can_register": selectors.can_register(request.user)})


def _duplicate_message(existing: Directive | IncomingDocument) -> str:
    if isinstance(existing, Directive):
        url, label = reverse("directives:detail", args=[existing.pk]), str(existing)
    else:
        url = reverse("directives:review", args=[existing.pk])
        label = _("incoming document %(n)s") % {"n": existing}
    return format_html(
        "{} <a href=\"{}\">{}</a>", _("This document is already registered:"), url, label
    )


@login_required
def register(request: HttpRequest) -> HttpResponse:
    if not selectors.can_register(request.user):
        raise PermissionDenied
    form = RegisterForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            doc = services.incoming_register(
                actor=request.user, received_on=form.cleaned_data["received_on"],
                upload=form.cleaned_data["file"], forwarded_to=form.cleaned_data["forwarded_to"],
                file_code=form.cleaned_data["file_code"],
            )
        except services.DuplicateDocument as dup:
            form.add_error(None, _duplicate_message(dup.existing))
        except ValidationError as exc:
            _add_errors(form, exc)
        else:
            messages.success(request, _("Registered as incoming number %(n)s.") % {"n": doc})
            return redirect("directives:review", pk=doc.pk)
    return render(request, "directives/register.html", {"form": form})


def _add_errors(form: Any, exc: ValidationError) -> None:
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)


@login_required
def incoming_list(request: HttpRequest) -> HttpResponse:
    docs = selectors.incoming_scope(request.user).select_related("directive").order_by(
        "-year", "-incoming_number", "-id")
    page = Paginator(docs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "directives/incoming_list.html", {
        "documents": page.object_list, "page": page, "query": _page_query(request)})


def _task_initial(draft: dict[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "ref": t.get("ref") or "", "text": t.get("text") or "",
            "assignees": "\n".join(t.get("assignees") or []), "due": iso_to_date(t.get("due")),
            "due_precision": t.get("due_precision") or "day",
            "recurrence": t.get("recurrence") or "", "report_to": t.get("report_to") or "",
            "picks": t.get("picks") or {}, "accepted": t.get("accepted") or [],
            "due_relative": json.dumps(t["due_relative"]) if t.get("due_relative") else "",
            "due_relative_accept": bool(t.get("due_counted")),
        }
        for t in draft.get("tasks") or []
    ]


def _header_initial(draft: dict[str, Any]) -> dict[str, Any]:
    keys = ("issuer", "type", "number_symbol", "subject", "signer")
    return {**{k: draft.get(k) or "" for k in keys}, "date": iso_to_date(draft.get("date"))}


def _document_date(header: HeaderForm, doc: IncomingDocument) -> dt.date | None:
    """The document's date as the clerk has it now: the one posted, else the draft's."""
    if not header.is_bound:
        return iso_to_date(doc.draft.get("date"))
    return iso_to_date(_to_iso(header.fields["date"], str(header.data.get(header.add_prefix("date"), ""))))


def _draft_from_post(doc: IncomingDocument, header: HeaderForm, formset: Any) -> tuple[dict[str, Any], list[int]]:
    """Keep what the clerk typed, valid or not, so nothing is lost between rounds; and
    the positions of the tasks the clerk selected."""
    def raw(form: Any, name: str) -> str:
        return str(form.data.get(form.add_prefix(name), "")).strip()

    date = header.fields["date"]
    tasks: list[dict[str, Any]] = []
    selected: list[int] = []
    for form in formset.forms:
        added = raw(form, "add_body")
        if raw(form, "DELETE") or not (raw(form, "text") or raw(form, "assignees") or added):
            continue
        names = [n.strip() for n in raw(form, "assignees").splitlines() if n.strip()]
        due = _to_iso(form.fields["due"], raw(form, "due"))
        counted = _iso(form.counted_due()) if raw(form, "due_relative_accept") else None
        due = due or counted
        picks = {n: [int(v) for v in form.data.getlist(form.add_prefix(f"pick_{j}")) if v.isdigit()]
                 for j, n in enumerate(names)}
        accepted = [n for j, n in enumerate(names) if raw(form, f"accept_{j}")]
        body = dict(form.bodies).get(int(added)) if added.isdigit() else None
        if body is not None and body not in names:  # the body chosen for a task with no name
            names.append(body)
            picks[body] = [int(added)]
        if raw(form, "selected"):
            selected.append(len(tasks))
        tasks.append({"ref": raw(form, "ref"), "text": raw(form, "text"), "assignees": names,
                      "due": due, "due_precision": form.due_precision_kept(due), "recurrence": raw(form, "recurrence") or None,
                      "report_to": raw(form, "report_to"), "picks": picks, "accepted": accepted,
                      "due_relative": form.relative, "due_counted": bool(due and due == counted)})
    fields = {k: raw(header, k) for k in ("issuer", "type", "number_symbol", "subject", "signer")}
    return {**doc.draft, **fields, "date": _to_iso(date, raw(header, "date")), "tasks": tasks}, selected


def _point(ref: str) -> str:
    """The point a task is listed under: its ref without the last part ("II.3.a" is under
    II.3, "III.2" under III, "2.b" under 2); a ref of one part is its own point."""
    head, _dot, _last = ref.rpartition(".")
    return head or ref


def _by_point(forms: list[Any]) -> list[tuple[str, bool, list[Any]]]:
    """Consecutive task forms grouped by point: (point, roman section?, forms)."""
    groups: list[tuple[str, bool, list[Any]]] = []
    for form in forms:
        point = _point(str(form["ref"].value() or "").strip())
        if groups and groups[-1][0] == point:
            groups[-1][2].append(form)
        else:
            groups.append((point, bool(re.fullmatch(r"[IVXL]+", point)), [form]))
    return groups


def _iso(day: Any) -> str | None:
    return day.isoformat() if day else None


def _to_iso(field: Any, value: str) -> str | None:
    try:
        parsed = field.clean(value)
    except ValidationError:
        return None
    return parsed.isoformat() if parsed else None


def _confirm(request: HttpRequest, doc: IncomingDocument, header: HeaderForm, formset: Any) -> Directive | None:
    if not (header.is_valid() and formset.is_valid()):
        return None
    # A due date the document does not give its point was typed (or set in bulk) by the
    # clerk: marked as such.
    read = {(t.get("ref") or "", t.get("due")) for t in (doc.parsed or {}).get("tasks") or []}
    tasks = [
        services.TaskInput(
            ref=f.cleaned_data["ref"], text=f.cleaned_data["text"],
            assignee_names=f.cleaned_data["names"], organisation_ids=f.cleaned_data["organisation_ids"],
            due=f.cleaned_data["due"], recurrence=f.cleaned_data["recurrence"],
            due_precision=f.due_precision_kept(_iso(f.cleaned_data["due"])),
            report_to=f.cleaned_data["report_to"],
            due_by_hand=f.cleaned_data["due"] is not None and not f.cleaned_data["due_counted"]
            and (f.cleaned_data["ref"], f.cleaned_data["due"].isoformat()) not in read,
        )
        for f in formset.forms
        if f.cleaned_data and not f.cleaned_data.get("DELETE")
    ]
    fields = {**header.cleaned_data, "recipients": doc.draft.get("recipients") or []}
    try:
        return services.directive_confirm(actor=request.user, document=doc, fields=fields, tasks=tasks)
    except services.DuplicateDocument as dup:
        header.add_error(None, _duplicate_message(dup.existing))
    except ValidationError as exc:
        _add_errors(header, exc)
    return None


def _bulk_apply(request: HttpRequest, bulk: BulkForm, tasks: list[dict[str, Any]],
                selected: list[int]) -> None:
    """One body or due date for the selected tasks of the draft, or why not."""
    if not selected:
        messages.warning(request, _("Select the tasks to change first."))
    elif bulk.is_valid():
        bulk.apply(tasks, selected)
        messages.success(request, _("%(n)s selected tasks changed.") % {"n": len(selected)})
    else:
        messages.warning(request, " ".join(str(m) for errors in bulk.errors.values() for m in errors))


@login_required
def review(request: HttpRequest, pk: int) -> HttpResponse:
    doc = selectors.incoming_get(user=request.user, pk=pk)
    if doc.state == IncomingDocument.State.CONFIRMED:
        return redirect("directives:detail", pk=doc.directive.pk)
    if not selectors.can_register(request.user):
        raise PermissionDenied
    province = doc.receiving_body.province_code
    header = HeaderForm(request.POST or None, prefix="h", initial=_header_initial(doc.draft))
    formset = task_formset(request.POST or None, province_code=province,
                           initial=_task_initial(doc.draft), document_date=_document_date(header, doc))
    bulk = BulkForm(request.POST if request.POST.get("action") == "bulk" else None, prefix="b",
                    bodies=formset.bodies)
    if request.method == "POST":
        draft, selected = _draft_from_post(doc, header, formset)
        action = request.POST.get("action")
        if action == "bulk":
            _bulk_apply(request, bulk, draft["tasks"], selected)
        services.incoming_save_draft(actor=request.user, document=doc, draft=draft)
        if action != "confirm":
            return redirect("directives:review", pk=doc.pk)
        directive = _confirm(request, doc, header, formset)
        if directive is not None:
            messages.success(request, _("Directive confirmed; its tasks were created."))
            return redirect("directives:detail", pk=directive.pk)
    context = {"doc": doc, "header": header, "formset": formset, "bulk": bulk,
               "groups": _by_point(formset.initial_forms), "new_tasks": formset.extra_forms,
               "warnings": [parser_warning(w) for w in doc.parsed.get("warnings") or []]}
    return render(request, "directives/review.html", context)


@login_required
def directive_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.directive_list(user=request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "directives/directive_list.html", {
        "directives": page.object_list, "page": page, "query": _page_query(request)})


def _rows(obligations: Any, today: Any) -> list[dict[str, Any]]:
    return [
        {"ob": ob, "label": STATUS_LABELS[ob.status],
         "soon": is_due_soon(due=ob.due, done_on=ob.done_on, today=today)}
        for ob in obligations
    ]


@login_required
def directive_detail(request: HttpRequest, pk: int) -> HttpResponse:
    directive = selectors.directive_get(user=request.user, pk=pk)
    today = selectors.local_today()
    obligations = selectors.obligation_list(
        user=request.user, filters=selectors.ObligationFilters(directive_id=directive.pk), today=today)
    return render(request, "directives/directive_detail.html", {
        "directive": directive, "tasks": directive.tasks.prefetch_related("assignees"),
        "rows": _rows(obligations, today), "soon_label": DUE_SOON_LABEL,
    })


@login_required
def obligation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    obligation = selectors.obligation_get(user=request.user, pk=pk)
    can_report = selectors.obligation_can_report(request.user, obligation)
    # «Done» starts as the task is: a note added to a finished task must not reopen it
    # (an unticked box means «not done after all», `obligation_report_progress`).
    form = ProgressForm(request.POST or None, request.FILES or None,
                        initial={"percent": obligation.percent, "done": obligation.done_at is not None})
    if request.method == "POST":
        if not can_report:
            raise PermissionDenied
        if form.is_valid():
            services.obligation_report_progress(
                actor=request.user, obligation=obligation, text=form.cleaned_data["text"],
                percent=form.cleaned_data["percent"], done=form.cleaned_data["done"],
                attachment=form.cleaned_data["attachment"],
            )
            messages.success(request, _("Progress recorded."))
            return redirect("directives:obligation", pk=obligation.pk)
    today = selectors.local_today()
    row = _rows(selectors.with_status(type(obligation).objects.filter(pk=obligation.pk), today), today)[0]
    history = TRAIL.history(obligation)
    return render(request, "directives/obligation_detail.html", {
        "row": row, "ob": obligation, "form": form, "can_report": can_report,
        "reports": obligation.reports.select_related("author"), "history": history,
        "soon_label": DUE_SOON_LABEL,
    })


def _board_filters(request: HttpRequest) -> tuple[BoardFilterForm, selectors.ObligationFilters]:
    scope = selectors.obligation_scope(request.user)
    directives = selectors.directive_list(user=request.user)
    bodies = sorted(Organisation.objects.filter(pk__in=scope.values("organisation_id")),
                    key=lambda body: natural_key(body.name))
    form = BoardFilterForm(request.GET or None, directives=directives, bodies=bodies)
    if not form.is_valid():
        return form, selectors.ObligationFilters()
    data = form.cleaned_data
    return form, selectors.ObligationFilters(
        directive_id=data.get("directive"), organisation_id=data.get("body"),
        status=data.get("status") or "", due_year=data.get("year"),
    )


@login_required
def board(request: HttpRequest) -> HttpResponse:
    form, filters = _board_filters(request)
    built = selectors.board_build(user=request.user, filters=filters)
    def counts(cell: dict[str, int]) -> list[tuple[str, Any, int]]:
        return [(s, STATUS_LABELS[s], cell[s]) for s in STATUSES if cell.get(s)]

    urges = urging.latest_urges(selectors.obligation_scope(request.user))
    matrix = [
        (d, [(b, counts(built.cell(d.pk, b.pk)), urges.get((d.pk, b.pk))) for b in built.bodies])
        for d in built.directives
    ]
    totals = counts(built.totals)
    page = Paginator(matrix, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "directives/board.html", {
        "form": form, "board": built, "matrix": page.object_list, "page": page, "totals": totals,
        "query": _page_query(request), "filter_query": _page_query(request, drop=("status",)),
        "urge_form": urge_form(request.user, directive_id=filters.directive_id),
    })


@login_required
def board_xlsx(request: HttpRequest) -> HttpResponse:
    _form, filters = _board_filters(request)
    built = selectors.board_build(user=request.user, filters=filters)
    obligations = selectors.obligation_list(user=request.user, filters=filters)
    response = HttpResponse(
        board_workbook(built, obligations),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="theo-doi-nhiem-vu.xlsx"'
    return response


def _page_query(request: HttpRequest, drop: tuple[str, ...] = ()) -> str:
    """The query string without its page (what the pagination links carry) nor the `drop`
    parameters (the board's totals link to the task list with their own status)."""
    query = request.GET.copy()
    for name in ("page", *drop):
        query.pop(name, None)
    return query.urlencode()


@login_required
def obligation_list(request: HttpRequest) -> HttpResponse:
    form, filters = _board_filters(request)
    today = selectors.local_today()
    obligations = selectors.obligation_list(user=request.user, filters=filters, today=today)
    sort = listing.checked_sort(request.GET.get("sort", ""), selectors.OBLIGATION_SORTS, "point")
    obligations = obligations.order_by(*listing.ordering(selectors.OBLIGATION_SORTS, sort, "point",
                                                                  nulls_last=True))
    page = Paginator(obligations, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "directives/obligation_list.html", {
        "form": form, "page": page, "rows": _rows(page.object_list, today),
        "soon_label": DUE_SOON_LABEL, "query": _page_query(request),
        "sort": sort, "sort_query": _page_query(request, drop=("sort",)), "sortable": True,
    })


def _file_response(field: Any, name: str) -> FileResponse:
    if not field:
        raise Http404("No file")
    return FileResponse(field.open("rb"), as_attachment=True, filename=name or field.name)


@login_required
def report_attachment(request: HttpRequest, pk: int, report_pk: int) -> FileResponse:
    """Attachments are served only to those who may see the task, never from /media/."""
    obligation = selectors.obligation_get(user=request.user, pk=pk)
    report = obligation.reports.filter(pk=report_pk).first()
    if report is None:
        raise Http404("No report")
    return _file_response(report.attachment, report.attachment.name.rsplit("/", 1)[-1])


@login_required
def incoming_file(request: HttpRequest, pk: int) -> FileResponse:
    doc = selectors.incoming_get(user=request.user, pk=pk)
    return _file_response(doc.file, doc.original_name)
