"""Screens: plans (list, detail with visits and recommendations, new plan), the
recommendations across plans (for the supervising body, the addressee and the province's
overseers), one recommendation with its responses, the table per addressee, and the
cases the supervisors follow («Vụ việc tôi theo dõi»).

Thin: reads through `supervision.selectors` (scoped), writes through
`supervision.services` and, for the case flags, `cases.services.case_flags_set`."""

from __future__ import annotations

import datetime as dt
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from congminh.apps.accounts import scope
from congminh.apps.audit.models import AuditEntry
from congminh.apps.cases import services as case_services
from congminh.apps.cases.selectors import case_get
from congminh.apps.directives import status as st
from congminh.apps.directives.labels import DUE_SOON_LABEL, STATUS_LABELS
from congminh.apps.organisations.models import Organisation
from congminh.apps.supervision import defaults, recommendation_import, selectors, services
from congminh.apps.supervision.forms import (
    DueForm,
    FlagForm,
    PlanFilterForm,
    PlanForm,
    PlanStatusForm,
    ReasonForm,
    RecommendationFilterForm,
    RecommendationForm,
    RecommendationImportForm,
    ResponseForm,
    VisitForm,
    status_labels,
)
from congminh.apps.supervision.models import Recommendation, addressable, may_be_addressed
from congminh.apps.web import listing, sheet_import
from congminh.apps.web.presenters import party_rows
from congminh.apps.web.steps import add_errors, save_form
from congminh.core import statuses

# The name the import's error workbooks are kept under (`web.sheet_import`).
IMPORT_ERRORS = recommendation_import.IMPORT_ERRORS

# The audit trail's actions on plans and recommendations, as the history shows them.
AUDIT_ACTIONS = {"create": gettext_lazy("Created"), "visit": gettext_lazy("Visit recorded"),
                 "set_status": gettext_lazy("Status changed"), "respond": gettext_lazy("Response recorded"),
                 "reopen": gettext_lazy("Reopened"), "set_due": gettext_lazy("Deadline moved"),
                 "response_received": gettext_lazy("Response received, recorded by the supervising body")}


def _history(object_type: str, pk: int) -> list[dict[str, Any]]:
    """One line per change (the audit trail keeps one entry per field changed)."""
    entries = AuditEntry.objects.filter(object_type=object_type, object_id=str(pk)).select_related("actor")
    seen: dict[tuple[Any, str, str], dict[str, Any]] = {}
    for e in entries[:200]:
        seen.setdefault((e.at.replace(microsecond=0), e.action, e.note), {
            "at": e.at, "actor_name": e.actor_name, "note": e.note,
            "action": AUDIT_ACTIONS.get(e.action, e.action)})
    return list(seen.values())


def _bodies(user: Any) -> QuerySet[Organisation]:
    return scope.readable_bodies(user).filter(valid_to__isnull=True).order_by("name")


def rec_row(rec: Recommendation, today: dt.date) -> dict[str, Any]:
    """A recommendation as an obligation: status label, due-soon hint, days left, holder."""
    status = getattr(rec, "status", None) or st.obligation_status(
        due=rec.due, done_on=rec.done_on, today=today)
    return {
        "rec": rec, "status": status, "status_label": STATUS_LABELS[status], "soon_label": DUE_SOON_LABEL,
        "due_soon": st.is_due_soon(due=rec.due, done_on=rec.done_on, today=today),
        "days_left": (rec.due - today).days if rec.done_on is None else None,
        "days_over": (today - rec.due).days if rec.done_on is None and today > rec.due else None,
    }


def _links(base: dict[str, Any], counts: dict[str, int]) -> list[tuple[str, str, int]]:
    """(label, query, n) for each status count: every number links to its list."""
    out = [(_("Total"), urlencode({k: v for k, v in base.items() if v}), counts.get("total", 0))]
    labels = status_labels()
    for code in selectors.FILTER_STATUSES:
        query = urlencode({**{k: v for k, v in base.items() if v}, "status": code})
        out.append((labels[code], query, counts.get(code, 0)))
    return out


# --- plans ------------------------------------------------------------------------------


@login_required
@require_GET
def plan_list_view(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = PlanFilterForm(request.GET or None, supervisors=selectors.supervision_bodies(request.user),
                          bodies=_bodies(request.user))
    filters = form.to_filters()
    plans = selectors.plan_list(user=request.user, filters=filters)
    listed = listing.list_context(request, plans, sort=filters.sort)
    page = listed["page"]
    counts = selectors.plan_status_counts(user=request.user, plan_ids=[p.pk for p in page.object_list],
                                          today=today)
    rows = [(p, _links({"plan": p.pk}, counts[p.pk])) for p in page.object_list]
    return render(request, "supervision/plan_list.html", {
        **listed, "form": form, "rows": rows,
        "may_create": _may_import(request.user),
        "headers": [label for label, _q, _n in _links({}, {})],
    })


@login_required
@require_http_methods(["GET", "POST"])
def plan_create_view(request: HttpRequest) -> HttpResponse:
    supervisors = scope.supervising_bodies(request.user)
    if not supervisors.exists():
        raise PermissionDenied(_("Only a People's Council or Fatherland Front committee opens plans."))
    form = PlanForm(request.POST or None, supervisors=supervisors, bodies=_bodies(request.user),
                    initial={"supervisor": supervisors.first()})
    plan = save_form(request, form, lambda d: services.plan_create(
        actor=request.user, supervisor=d["supervisor"], topic=d["topic"], number=d["number"],
        period_start=d["period_start"], period_end=d["period_end"], bodies=d["bodies"]))
    if plan is not None:
        messages.success(request, _("Supervision plan created."))
        return redirect("supervision:plan", pk=plan.pk)
    return render(request, "supervision/plan_form.html", {"form": form})


@login_required
@require_http_methods(["GET", "POST"])
def plan_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    plan = selectors.plan_get(user=request.user, pk=pk)
    writable = bool(scope.can_change_plan(request.user, plan))
    bodies = _bodies(request.user)
    visit_form = VisitForm(bodies=plan.bodies.order_by("name"), prefix="v")
    addressees = bodies.filter(addressable(plan.supervisor.kind))
    rec_form = RecommendationForm(bodies=addressees, visits=plan.visits.all(), prefix="r",
                                  initial={"issued_on": today})
    status_form = PlanStatusForm(prefix="s", initial={"status": plan.status})
    if request.method == "POST":
        if not writable:
            raise PermissionDenied
        action = request.POST.get("action")
        try:
            if action == "visit":
                visit_form = VisitForm(request.POST, bodies=plan.bodies.order_by("name"), prefix="v")
                if visit_form.is_valid():
                    services.visit_add(actor=request.user, plan=plan, **visit_form.cleaned_data)
                    messages.success(request, _("Visit recorded."))
                    return redirect("supervision:plan", pk=plan.pk)
            elif action == "recommendation":
                rec_form = RecommendationForm(request.POST, bodies=addressees, visits=plan.visits.all(),
                                              prefix="r")
                if rec_form.is_valid():
                    services.recommendation_issue(actor=request.user, plan=plan, **rec_form.cleaned_data)
                    messages.success(request, _("Recommendation issued."))
                    return redirect("supervision:plan", pk=plan.pk)
            elif action == "status":
                status_form = PlanStatusForm(request.POST, prefix="s")
                if status_form.is_valid():
                    services.plan_set_status(actor=request.user, plan=plan,
                                             status=status_form.cleaned_data["status"])
                    messages.success(request, _("Plan status changed."))
                    return redirect("supervision:plan", pk=plan.pk)
        except ValidationError as exc:
            add_errors(rec_form if action == "recommendation" else visit_form, exc)
    recs = selectors.with_status(plan.recommendations.select_related("addressee"), today)
    counts = selectors.status_counts(recs, today)
    history = _history("supervision.supervisionplan", plan.pk)
    return render(request, "supervision/plan_detail.html", {
        "plan": plan, "writable": writable, "visits": plan.visits.select_related("body"),
        "rows": [rec_row(r, today) for r in recs.annotate(
            status_rank=selectors.status_rank(selectors.STATUS_RANK)).order_by(*selectors.REC_ORDER)],
        "links": _links({"plan": plan.pk}, counts), "bodies": plan.bodies.order_by("name"),
        "visit_form": visit_form, "rec_form": rec_form, "status_form": status_form,
        "history": history,
    })


# --- recommendations --------------------------------------------------------------------


def _recommendation_filters(request: HttpRequest) -> RecommendationFilterForm:
    return RecommendationFilterForm(request.GET or None,
                                    supervisors=selectors.supervision_bodies(request.user),
                                    addressees=selectors.addressee_bodies(request.user))


@login_required
@require_GET
def recommendation_list_view(request: HttpRequest) -> HttpResponse:
    form = _recommendation_filters(request)
    filters = form.to_filters()
    today = filters.as_of or timezone.localdate()  # as of a day: each one as it stood then
    recs = selectors.recommendation_list(user=request.user, filters=filters, today=today)
    listed = listing.list_context(request, recs, sort=filters.sort)
    org = getattr(request.user, "organisation", None)
    org_id = org.pk if org is not None and may_be_addressed(org) else None  # no supervising body addresses a People's Council or a Front committee
    shown = [selectors.as_it_stood(r, today) if filters.as_of else r for r in listed["page"].object_list]
    return render(request, "supervision/recommendation_list.html", {
        **listed, "form": form, "rows": [rec_row(r, today) for r in shown], "as_of": filters.as_of,
        "mine_query": urlencode({"addressee": org_id}) if org_id else "",
        "may_import": _may_import(request.user),
        "plan": selectors.plan_scope(request.user).filter(pk=filters.plan_id).first()
        if filters.plan_id else None,
    })


@login_required
@require_GET
def addressee_table_view(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = _recommendation_filters(request)
    for name in ("q", "addressee", "status"):  # the table has a row per body and a column per status
        del form.fields[name]
    filters = form.to_filters()
    base = {"supervisor": filters.supervisor_id or "", "plan": filters.plan_id or ""}
    table = selectors.addressee_table(user=request.user, filters=filters, today=today)
    page = listing.paginate(request, table)
    rows = [(r, _links({**base, "addressee": r["id"]}, r["counts"])) for r in page.object_list]
    totals = selectors.addressee_totals(user=request.user, filters=filters, today=today)
    return render(request, "supervision/addressee_table.html", {
        "form": form, "page": page, "rows": rows, "totals": _links(base, totals),
        "headers": [label for label, _q, _n in _links({}, {})],
        "query": listing.query_without(request.GET),
    })


def _may_import(user: Any) -> bool:
    return recommendation_import.may_import(user)


@login_required
@require_GET
def recommendation_template_view(request: HttpRequest) -> HttpResponse:
    return sheet_import.template_response(recommendation_import.template_bytes(),
                                          "mau-so-kien-nghi-giam-sat.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_upload_view(request: HttpRequest) -> HttpResponse:
    """Import the supervising body's register of recommendations (each row through the
    services: a row for a plan the user may not change is rejected)."""
    if not _may_import(request.user):
        raise PermissionDenied(_("Only a People's Council or Fatherland Front committee imports "
                                 "its recommendations."))
    return sheet_import.upload_page(
        request, RecommendationImportForm(request.POST or None, request.FILES or None),
        recommendation_import.recommendation_import, template="supervision/recommendation_import.html",
        folder="supervision", errors_prefix=IMPORT_ERRORS)


@login_required
@require_GET
def recommendation_errors_view(request: HttpRequest, name: str) -> FileResponse:
    if not (name.startswith(IMPORT_ERRORS) and _may_import(request.user)):
        raise Http404("No such file")
    return sheet_import.errors_response("supervision", name)


def _explanation(rec: Recommendation) -> str:
    """How the deadline was reached: the default (with its citation) or the supervisor's date."""
    days = (rec.due - rec.issued_on).days
    if days == defaults.response_days():
        text = _("%(n)s days from the recommendation (the default: %(source)s)") % {
            "n": days, "source": defaults.response_days_source()}
        return text + ("" if defaults.response_days_confirmed() else " " + _("— unconfirmed"))
    return _("%(n)s days from the recommendation, set by the supervising body") % {"n": days}


@login_required
@require_http_methods(["GET", "POST"])
def recommendation_detail_view(request: HttpRequest, pk: int) -> HttpResponse:
    today = timezone.localdate()
    rec = selectors.recommendation_get(user=request.user, pk=pk, today=today)
    may_respond = bool(scope.can_respond_recommendation(request.user, rec))
    may_manage = bool(scope.can_change_plan(request.user, rec.plan))
    response_form = ResponseForm(today=today, prefix="a")
    reopen_form = ReasonForm(prefix="o")
    due_form = DueForm(prefix="d", initial={"due": rec.due})
    if request.method == "POST":
        action = request.POST.get("action")
        if (action == "respond" and not may_respond) or (action in ("reopen", "due") and not may_manage):
            raise PermissionDenied
        try:
            if action == "respond":
                response_form = ResponseForm(request.POST, today=today, prefix="a")
                if response_form.is_valid():
                    services.recommendation_respond(actor=request.user, recommendation=rec,
                                                    today=today, **response_form.cleaned_data)
                    messages.success(request, _("Response recorded."))
                    return redirect("supervision:recommendation", pk=rec.pk)
            elif action == "reopen":
                reopen_form = ReasonForm(request.POST, prefix="o")
                if reopen_form.is_valid():
                    services.recommendation_reopen(actor=request.user, recommendation=rec,
                                                   note=reopen_form.cleaned_data["note"], today=today)
                    messages.success(request, _("Recommendation reopened."))
                    return redirect("supervision:recommendation", pk=rec.pk)
            elif action == "due":
                due_form = DueForm(request.POST, prefix="d")
                if due_form.is_valid():
                    services.recommendation_set_due(actor=request.user, recommendation=rec,
                                                    **due_form.cleaned_data)
                    messages.success(request, _("Deadline changed."))
                    return redirect("supervision:recommendation", pk=rec.pk)
        except ValidationError as exc:
            target = {"respond": response_form, "reopen": reopen_form}.get(action or "", due_form)
            add_errors(target, exc)
    history = _history("supervision.recommendation", rec.pk)
    return render(request, "supervision/recommendation_detail.html", {
        "row": rec_row(rec, today), "rec": rec, "explanation": _explanation(rec), "responses": rec.responses.select_related("author"),
        "may_respond": may_respond and rec.done_on is None, "may_manage": may_manage,
        "plan_readable": selectors.plan_scope(request.user).filter(pk=rec.plan_id).exists(),
        "response_form": response_form, "reopen_form": reopen_form, "due_form": due_form,
        "history": history,
    })


# --- cases the supervisors follow -----------------------------------------------------------


@login_required
@require_GET
def watched_cases_view(request: HttpRequest) -> HttpResponse:
    flag = request.GET.get("flag", "")
    flag = flag if flag in selectors.WATCH_FLAGS else ""
    open_only = request.GET.get("open") == "1"
    sort = listing.checked_sort(request.GET.get("sort", ""), selectors.CASE_SORTS, "status")
    cases = selectors.watched_cases(user=request.user, flag=flag, open_only=open_only, sort=sort)
    listed = listing.list_context(request, cases, sort=sort)
    page = listed["page"]
    ids = [c.pk for c in page.object_list]
    reasons = selectors.flag_reasons(ids)
    personal = scope.sees_personal_data(request.user)
    rows = []
    for case in page.object_list:
        flags = [{"code": f, "label": statuses.flag_label(f), "entry": reasons.get((case.pk, f))}
                 for f in selectors.WATCH_FLAGS if getattr(case, f)]
        rows.append({"case": case, "flags": flags, "parties": party_rows(case, personal_data=personal),
                     "status_label": statuses.label(case.status) if case.status else "—",
                     "may_flag": bool(scope.can_flag(request.user, case))})
    back = listing.query_without(request.GET, "case", page="")  # where a flag's form returns
    initial: dict[str, Any] = {"back": back}
    if request.GET.get("case"):
        initial["case"] = request.GET["case"]
    counts = selectors.watched_counts(user=request.user)
    still_open = selectors.watched_counts(user=request.user, open_only=True)
    # The flag and «still open» links change those filters alone: the sort stays.
    keep = listing.query_without(request.GET, "flag", "open", "case")
    flag_query = listing.join_query(keep, urlencode({"flag": flag}) if flag else "")
    return render(request, "supervision/watched_cases.html", {
        **listed, "rows": rows, "flag": flag, "open_only": open_only,
        "all_query": keep, "flag_query": flag_query, "open_query": listing.join_query(flag_query, "open=1"),
        "summary": [{"code": f, "label": statuses.flag_label(f), "n": counts[f], "open": still_open[f],
                     "query": listing.join_query(keep, f"flag={f}"),
                     "open_query": listing.join_query(keep, f"flag={f}", "open=1")}
                    for f in selectors.WATCH_FLAGS],
        "form": FlagForm(initial=initial), "personal": personal, "back": back,
    })


@login_required
@require_POST
def case_flag_view(request: HttpRequest) -> HttpResponse:
    """Set or clear a supervision flag through `cases.services.case_flags_set` (audited,
    reason required); the case is found by id or by its number at any body."""
    form = FlagForm(request.POST)
    # back to the list as it was (its filters, sort and page): re-encoded, never a path
    listed = reverse("supervision:cases")
    back = QueryDict(request.POST.get("back", "")).urlencode()
    listed_back = f"{listed}?{back}" if back else listed
    if not form.is_valid():
        for error in form.errors.values():
            messages.error(request, " ".join(str(e) for e in error))
        return redirect(listed_back)
    d = form.cleaned_data
    found = ([case_get(user=request.user, pk=d["case"])] if d.get("case")
             else selectors.cases_by_number(user=request.user, number=d["number"]))
    if not found:
        messages.error(request, _("No case you can read has this number."))
        return redirect(listed_back)
    if len(found) > 1:  # each court numbers its own cases: the user chooses among them
        messages.warning(request, _("Several cases bear this number (%(bodies)s): choose the case, "
                                    "then set the flag on its page.")
                         % {"bodies": "; ".join(c.holder.name for c in found)})
        return redirect(f"{reverse('web:case_list')}?{urlencode({'q': d['number'].strip()})}")
    case = found[0]
    try:
        case_services.case_flags_set(actor=request.user, case=case, reason=d["reason"],
                                     **{d["flag"]: d["value"] == "1"})
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("You may not flag this case."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Flag updated."))
    return redirect(listed_back)
