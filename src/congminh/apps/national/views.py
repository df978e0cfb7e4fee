"""The national screens (a national deployment, `CONGMINH_NATIONAL_RESULTS`): the
dashboard per province, a province's bodies, the cases behind every figure and the
quarterly review across provinces. Thin: the figures come from `results`, who reads what
from `accounts.scope.national_reach`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps
from pathlib import Path
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from congminh.apps.accounts import scope
from congminh.apps.cases.models import Procedure, Stage
from congminh.apps.national import exports, results
from congminh.apps.national.results import Group, Measure
from congminh.apps.organisations.models import Kind
from congminh.apps.web import listing
from congminh.core import statuses
from congminh.core.exchange.nation import province_names
from congminh.core.periods import Period, parse_period, reporting_year, review_periods


def _reach(request: HttpRequest) -> scope.NationalReach:
    reach = scope.national_reach(request.user)
    if reach is None:
        raise PermissionDenied(_("Only the national bodies see the national screens."))
    return reach


@dataclass(frozen=True)
class Nation:
    """What a national screen reads: the results and the part of them the user may see."""

    root: Path
    reach: scope.NationalReach
    summary: results.Summary

    def groups(self) -> list[Group]:
        return results.visible(self.summary.groups, self.reach.holder_kinds)


def national_screen(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """A national screen: only for the national bodies' users (403 for anyone else); a page
    saying how to make the results when there are none."""

    @login_required
    @require_GET
    @wraps(view)
    def screen(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        reach = _reach(request)
        root: Path | None = settings.NATIONAL_RESULTS
        if root is None or not results.has_results(root):
            return render(request, "national/unavailable.html", {"root": root}, status=503)
        return view(request, Nation(root, reach, results.summary(root)), *args, **kwargs)

    return screen


def _columns(measures: list[Measure], tones: dict[str, str] | None = None
             ) -> list[tuple[str, Any, str, str]]:
    tones = tones or {}
    return [(m.key, m.label, f"measure={m.key}", tones.get(m.key, "")) for m in measures]


def _dashboard_measures(summary: results.Summary) -> list[Measure]:
    return [results.ALL, results.OPEN, *(results.MEASURES[s] for s in summary.statuses()),
            results.PROLONGED]


def _data() -> list[Path]:
    data: list[Path] = settings.NATIONAL_DATA
    return data


def _kind_label(kind: str) -> str:
    return str(Kind(kind).label) if kind in Kind.values else _("Body not named in the export")


def _table(rows: list[dict[str, Any]], per: dict[Any, Any], measures: list[Measure],
           base: str) -> dict[str, Any]:
    """Lines (`name`, `url`, numbers linking to their lists) and a totals line."""
    columns = _columns(measures)
    total: dict[str, int] = {}
    for counted in per.values():
        for key, n in counted.items():
            total[key] = total.get(key, 0) + n
    for row in rows:
        row["counts"] = listing.counts(per.get(row["key"], {}), columns, base=row["query"])
    return {"headers": [m.label for m in measures], "rows": rows,
            "total": listing.counts(total, columns, base=base)}


def _meta(nation: Nation) -> dict[str, Any]:
    return {"as_of": nation.summary.as_of, "cases_url": reverse("national:cases")}


def _by_province(groups: list[Group], measures: list[Measure]) -> dict[str, Any]:
    """A line per province (its name opening its page), and the totals."""
    names = province_names()
    per = results.tally(groups, lambda g: g.province, measures)
    rows = [{"key": p, "name": names.get(p, p), "code": p, "query": f"province={p}",
             "url": reverse("national:province", args=[p])} for p in sorted(per)]
    return _table(rows, per, measures, "")


@national_screen
def dashboard(request: HttpRequest, nation: Nation) -> HttpResponse:
    table = _by_province(nation.groups(), _dashboard_measures(nation.summary))
    return render(request, "national/dashboard.html", {**_meta(nation), "table": table})


def _body_key(g: Group) -> tuple[str, str]:
    return g.holder, g.kind


@national_screen
def province(request: HttpRequest, nation: Nation, code: str) -> HttpResponse:
    groups = [g for g in nation.groups() if g.province == code]
    if not groups:
        raise Http404(_("No result for this province."))
    measures = _dashboard_measures(nation.summary)
    per = results.tally(groups, _body_key, measures)
    base = f"province={code}"
    rows = [{"key": (holder, kind), "name": _body_label(holder),
             "code": _kind_label(kind),
             "query": f"{base}&holder={holder}",
             "url": f"{reverse('national:cases')}?{base}&holder={holder}"}
            for holder, kind in sorted(per, key=lambda k: (_kind_label(k[1]), k[0]))]
    by_procedure = results.tally(groups, lambda g: g.procedure, measures)
    procedures = [{"key": p, "name": Procedure(p).label if p in Procedure.values else p,
                   "code": "", "query": f"{base}&procedure={p}", "url": ""} for p in sorted(by_procedure)]
    return render(request, "national/province.html", {
        **_meta(nation), "province": province_names().get(code, code), "code": code,
        "table": _table(rows, per, measures, base),
        "procedures": _table(procedures, by_procedure, measures, base)})


def _case_rows(page_rows: list[dict[str, Any]], names: dict[str, str]) -> list[dict[str, Any]]:
    """A page's rows, with what the exports say of each case (numbers, stage) and body."""
    found: dict[tuple[str, int], exports.Record] = {}
    for province_code in {r["province"] for r in page_rows}:
        ids = [r["case_id"] for r in page_rows if r["province"] == province_code]
        found.update({(province_code, i): rec
                      for i, rec in exports.records(_data(), province_code, ids).items()})
    bodies = exports.body_names(_data())
    return [{**r, "record": found.get((r["province"], r["case_id"])), "body_name": bodies.get(r["holder"], ""),
             "stage_label": _stage_label(found.get((r["province"], r["case_id"]))),
             "province_name": names.get(r["province"], r["province"]), "procedure_label": Procedure(r["procedure"]).label
             if r["procedure"] in Procedure.values else r["procedure"],
             "status_label": statuses.label(r["status"]), "kind_label": _kind_label(r["holder_kind"] or ""),
             "tone": "bad" if r["status"] == statuses.OVERDUE else ""} for r in page_rows]


def _body_label(code: str) -> str:
    """«code · name» when the exports name the body."""
    return " · ".join(filter(None, [code, exports.body_names(_data()).get(code)])) if code else ""


def _stage_label(record: exports.Record | None) -> str:
    if record is None or not record.stage:
        return ""
    return str(Stage(record.stage).label) if record.stage in Stage.values else record.stage


@national_screen
def cases(request: HttpRequest, nation: Nation) -> HttpResponse:
    known = sorted({g.province for g in nation.groups()})
    province_code = request.GET.get("province", "")
    if province_code and province_code not in known:
        raise Http404(_("No result for this province."))
    measure = results.MEASURES.get(request.GET.get("measure", ""), results.ALL)
    procedure = request.GET.get("procedure", "")
    sort = listing.checked_sort(request.GET.get("sort", ""), results.SORTS, "-days_over")
    rows = results.case_list(nation.root, provinces=[province_code] if province_code else known,
                              holder=request.GET.get("holder", ""), measure=measure,
                              procedure=procedure, kinds=nation.reach.holder_kinds, sort=sort)
    listed = listing.list_context(request, rows, sort=sort)
    names = province_names()
    return render(request, "national/cases.html", {
        **_meta(nation), **listed, "rows": _case_rows(listed["page"].object_list, names),
        "measure": measure, "province": names.get(province_code, "") if province_code else "",
        "province_code": province_code, "holder": _body_label(request.GET.get("holder", "")),
        "procedure": Procedure(procedure).label if procedure in Procedure.values else ""})


def _review_period(request: HttpRequest, day: Any, year_start_month: int) -> tuple[Period, list[Period]]:
    choices = review_periods(day, year_start_month=year_start_month)
    code = request.GET.get("period", "")
    if not code:
        current = [p for p in choices if p.start <= day <= p.end]
        return (min(current, key=lambda p: p.days) if current else choices[-1]), choices
    try:
        return parse_period(code, year_start_month=year_start_month), choices
    except ValueError as exc:
        raise Http404(_("Unknown period.")) from exc


@national_screen
def review(request: HttpRequest, nation: Nation) -> HttpResponse:
    """The quarterly review across provinces: the cases open at the period's end, overdue,
    suspended and prolonged, per province — from results evaluated for that end (or for a
    day inside the period when it has not ended: the review "as of now")."""
    day = nation.summary.as_of[-1]
    period, choices = _review_period(request, day, reporting_year("procuracy").starts_month)
    fits = len(nation.summary.as_of) == 1 and (day == period.end or period.start <= day < period.end)
    table = _by_province(nation.groups() if fits else [], list(results.REVIEW))
    return render(request, "national/review.html", {
        **_meta(nation), "period": period, "choices": choices, "fits": fits, "day": day,
        "table": table})
