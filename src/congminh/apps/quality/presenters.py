"""Rows of the quality pages: names, labels and the query of the list behind each number."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.core.paginator import Page
from django.db.models import QuerySet
from django.utils.translation import gettext as _

from congminh.apps.cases.counts import cached_for
from congminh.apps.cases.models import CaseEvent
from congminh.apps.organisations.models import Organisation
from congminh.apps.quality.selectors import Outcome, Tally, outcome_events
from congminh.apps.web.listing import checked_sort, ordering, sort_rows
from congminh.apps.web.presenters import DETAIL_VALUES
from congminh.core.text import fold


def value_label(key: str, value: Any) -> str:
    """An event detail's value as the event pages name it ("" when not given)."""
    if value in (None, ""):
        return ""
    return str(DETAIL_VALUES.get((key, value), value))


def _name(org: Organisation | None) -> str:
    return org.name if org is not None else _("(body not recorded)")


def _query(start: date, end: date, **extra: Any) -> str:
    params = {"start": f"{start:%d/%m/%Y}", "end": f"{end:%d/%m/%Y}"}
    params.update({k: v for k, v in extra.items() if v is not None})
    return urlencode(params)


def court_rows(rows: list[tuple[Organisation | None, Tally]], start: date, end: date) -> list[dict[str, Any]]:
    return [{"name": _name(org), "tally": tally,
             "query": _query(start, end, court=org.pk if org else None)} for org, tally in rows]


def judge_rows(rows: list[tuple[Organisation | None, str, Tally]], start: date,
               end: date) -> list[dict[str, Any]]:
    return [{"name": _name(org), "judge": judge, "tally": tally,
             "query": _query(start, end, court=org.pk if org else None, judge=judge)}
            for org, judge, tally in rows]


def return_rows(rows: list[dict[str, Any]], start: date, end: date) -> list[dict[str, Any]]:
    out = []
    for row in rows:
        org = row["organisation"]
        out.append({**row, "name": _name(org), "by_label": value_label("by", row["by"]) or "—",
                    "reason_label": value_label("reason", row["reason"]) or _("(not recorded)"),
                    "query": _query(start, end, organisation=org.pk if org else None,
                                    reason=row["reason"])})
    return out


def outcome_items(page: Page[Outcome]) -> list[dict[str, Any]]:
    names = Organisation.objects.in_bulk([o.court_id for o in page if o.court_id is not None])
    events = outcome_events(page)
    items = []
    for item in page:
        event = events[item.event_id]
        court = names.get(item.court_id) if item.court_id is not None else None
        items.append({"event": event, "judge": item.judge, "court_name": _name(court),
                      "outcome_label": value_label("outcome", item.outcome or None),
                      "fault_label": value_label("fault", item.fault or None),
                      "reason": (event.data or {}).get("reason", "")})
    return items


def return_items(page: Page[Any]) -> list[dict[str, Any]]:
    rows = []
    for ev in page:
        data = ev.data or {}
        body = ev.organisation or ev.case.holder
        rows.append({"event": ev, "body": body.name if body else "—",
                     "by_label": value_label("by", data.get("by")) or "—",
                     "reason_label": value_label("reason", data.get("reason")) or _("(not recorded)")})
    return rows


def judgment_items(page: Page[Any]) -> list[dict[str, Any]]:
    """Rows of judgments annotated with the `court` and `judge` they are counted under."""
    names = Organisation.objects.in_bulk([ev.court for ev in page if ev.court is not None])
    rows = []
    for ev in page:
        court = names.get(ev.court or 0)
        rows.append({"event": ev, "court": court.name if court else "—", "judge": ev.judge})
    return rows


# --- sorting the lists behind the numbers (`web.listing`) ----------------------------------


def _names(ids: Iterable[int | None]) -> dict[int, str]:
    return {pk: org.name for pk, org in Organisation.objects.in_bulk({i for i in ids if i}).items()}


def _text(value: Any) -> tuple[str, str] | None:
    """A text to sort by as Vietnamese readers expect (Đ with D, marks after the letters);
    none (last in either direction) when not recorded."""
    return (fold(str(value)), str(value).casefold()) if value not in (None, "") else None


def outcome_sorts(items: list[Outcome]) -> dict[str, Callable[[Outcome], Any]]:
    names = _names(o.court_id for o in items)
    return {
        "date": lambda o: o.date,
        "case": lambda o: _text(o.title),
        "court": lambda o: _text(names.get(o.court_id or 0)),
        "judge": lambda o: _text(o.judge),
        "outcome": lambda o: _text(value_label("outcome", o.outcome or None)),
    }


# `?sort=` keys of the judgments list: by date in the database, the others in memory
# (Vietnamese order)
JUDGMENT_SORTS = ("date", "case", "court", "judge")


def sorted_judgments(qs: QuerySet[CaseEvent], sort: str) -> list[int]:
    """The ids of the judgments in `sort` order, cached per query (scope, period, court,
    judge) and order until the data version moves: a page of them is read back as events."""
    sort = checked_sort(sort, JUDGMENT_SORTS, "-date")
    return cached_for(qs, f"quality:judgment-ids:{sort}", lambda: _judgment_ids(qs, sort))


def _judgment_ids(qs: QuerySet[CaseEvent], sort: str) -> list[int]:
    if sort.lstrip("-") == "date":
        order = ("date", "id") if sort == "date" else ("-date", "-id")
        return list(qs.order_by(*order).values_list("id", flat=True))
    rows = list(qs.order_by("-date", "-id").values_list("id", "case__title", "court", "judge"))  # type: ignore[misc]  # annotated (`selectors.judgments`)
    names = _names(r[2] for r in rows)
    keys: dict[str, Callable[[tuple[Any, ...]], Any]] = {
        "case": lambda r: _text(r[1]), "court": lambda r: _text(names.get(r[2] or 0)),
        "judge": lambda r: _text(r[3])}
    return [r[0] for r in sort_rows(rows, sort, keys, sort.lstrip("-"))]


# `?sort=` key of the returns list -> its ordering
RETURN_SORTS = {"date": ("date", "id"), "case": ("case__title", "id"),
                "by": ("data__by", "date", "id"), "reason": ("data__reason", "date", "id")}


def sorted_returns(qs: QuerySet[CaseEvent], sort: str) -> QuerySet[CaseEvent]:
    return qs.order_by(*ordering(RETURN_SORTS, sort, "-date"))
