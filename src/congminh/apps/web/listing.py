"""One home for the machinery of the oversight lists (expertise, evidence, complaints,
attendance, supervision, quality): the page, the query string a link keeps, sorting by
`?sort=key` / `?sort=-key`, and the count cards and count tables whose every number
links to the list behind it. The templates that draw them are `web/_list_*.html` and the
`{% sort_header %}` tag of `web/templatetags/listing.py`."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, TypeVar
from urllib.parse import parse_qsl

from django import forms
from django.core.paginator import Page, Paginator
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.http import HttpRequest, QueryDict
from django.utils.translation import gettext_lazy as _

T = TypeVar("T")

PAGE_SIZE = 25


def query_without(params: QueryDict, *names: str, page: str = "page") -> str:
    """The query string of `params` without the page number and `names`: what a link
    keeps when it changes the page or the sort."""
    query = params.copy()
    for name in (page, *names):
        query.pop(name, None)
    return query.urlencode()


def paginate(request: HttpRequest, items: Any, *, per_page: int = PAGE_SIZE,
             param: str = "page") -> Page[Any]:
    return Paginator(items, per_page).get_page(request.GET.get(param))


def list_context(request: HttpRequest, items: Any, *, sort: str = "",
                 per_page: int = PAGE_SIZE) -> dict[str, Any]:
    """What every sortable list template reads: `page`, `sort`, `query` (for the
    pagination links) and `sort_query` (for the column headings)."""
    return {"page": paginate(request, items, per_page=per_page), "sort": sort,
            "query": query_without(request.GET), "sort_query": query_without(request.GET, "sort")}


# The worst-first sort of a list of obligations: `urgency` (`urgency_rank`), then the
# soonest due date, then the id (stable). Its key is the list's status column.
WORST_FIRST = ("urgency", "due", "id")


def urgency_rank(overdue: Q, still_open: Q) -> Case:
    """A sort key, worst first: 0 overdue, 1 still open (on time), 2 finished."""
    return Case(When(overdue, then=Value(0)), When(still_open, then=Value(1)),
                default=Value(2), output_field=IntegerField())


def checked_sort(sort: str, keys: Iterable[str], default: str) -> str:
    """`sort` when its key is offered, else `default`."""
    return sort if sort.lstrip("-") in set(keys) else default


def _flip(field: str) -> str:
    return field[1:] if field.startswith("-") else f"-{field}"


def ordering(sorts: Mapping[str, Sequence[str]], sort: str, default: str,
             nulls_last: bool = False) -> tuple[Any, ...]:
    """The `order_by` fields of `sort` ("key" or "-key", "-" reversing every field of the
    key's ordering); an unknown key sorts by `default`. With `nulls_last`, rows without a
    value come last in either direction on every database, as `sort_rows` puts them
    (SQLite puts NULL first going up, PostgreSQL first going down)."""
    sort = checked_sort(sort, sorts, default)
    fields = tuple(sorts[sort.lstrip("-")])
    fields = tuple(_flip(f) for f in fields) if sort.startswith("-") else fields
    if not nulls_last:
        return fields
    return tuple(F(f[1:]).desc(nulls_last=True) if f.startswith("-") else F(f).asc(nulls_last=True)
                 for f in fields)


def sort_rows(rows: Iterable[T], sort: str, keys: Mapping[str, Callable[[T], Any]],
              default: str) -> list[T]:
    """Rows held in memory sorted as `ordering` sorts a query; rows whose value is None
    come last in either direction (a missing rate is not the smallest one). Stable: rows
    with the same value keep the order they came in."""
    sort = checked_sort(sort, keys, default)
    key = keys[sort.lstrip("-")]
    rows = list(rows)
    present = [r for r in rows if key(r) is not None]
    missing = [r for r in rows if key(r) is None]
    return sorted(present, key=key, reverse=sort.startswith("-")) + missing


class ListFilterForm(forms.Form):
    """The filters of a list: a search box first, the list's own filters, and the column it
    is sorted by (set by the headings' links, kept by the form)."""

    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    sort = forms.CharField(required=False, widget=forms.HiddenInput)

    def filtered(self) -> Any:
        """`to_filters()` of the form once checked: an invalid filter is reported on the
        form and ignored, the valid ones still apply."""
        if self.is_bound:
            self.is_valid()
        return self.to_filters()

    def to_filters(self) -> Any:
        """The list's filters (a dataclass of its selectors) read from `filter_data`."""
        raise NotImplementedError

    def filter_data(self) -> dict[str, Any]:
        """The valid filters (an invalid one is reported on the form and ignored)."""
        return self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}


# --- numbers that link to their list --------------------------------------------------------


@dataclass(frozen=True)
class Count:
    """One number of a card or a count table: what it counts (`label`), how many, the
    filters of the list behind it (`query`) and its tone ("", "warn", "bad"; a zero is
    never alarming)."""

    label: Any
    n: int
    query: str = ""
    tone: str = ""


def join_query(*parts: str) -> str:
    """Query strings (or `name=value` pairs) joined, the empty ones left out."""
    return "&".join(p for p in parts if p)


def counts(totals: Mapping[str, int], columns: Sequence[tuple[str, Any, str, str]], *,
           base: str = "") -> list[Count]:
    """A number per column (key, label, filter, tone) read from `totals`, each filtering
    its list by `base` and the column's filter."""
    return [Count(label, int(totals.get(key) or 0), join_query(base, where), tone)
            for key, label, where, tone in columns]


def filtered_counts(params: QueryDict, totals: Mapping[str, int],
                    columns: Sequence[tuple[str, Any, str, str]],
                    recount: Callable[[QueryDict], int]) -> list[Count]:
    """The cards above a filtered list: each number counts the list as `params` filter it,
    narrowed by its column's own filter (`totals`: read from the filtered list), and links
    to that list, every filter and the sort kept. A column whose filter gives a parameter
    another value than `params` do («Resolved» over the complaints being resolved) counts
    the list with its value in place (`recount` of the link's query), as its link shows."""
    cards = []
    for key, label, where, tone in columns:
        own = parse_qsl(where)
        query = join_query(query_without(params, *(name for name, _value in own)), where)
        clash = any(params.get(name) not in (None, "", value) for name, value in own)
        n = recount(QueryDict(query)) if clash else int(totals.get(key) or 0)
        cards.append(Count(label, n, query, tone))
    return cards


def count_table(rows: Iterable[Mapping[str, Any]], columns: Sequence[tuple[str, Any, str, str]], *,
                title: Any, first: Any, empty: Any, param: str, base: str = "") -> dict[str, Any]:
    """A count table (`web/_list_counts.html`): a line per row (`name`, `id` and a number
    per column's key), each number filtering the list by `base`, `param=<id>` (or the
    row's own `where`, for a row another filter selects) and the column's filter."""
    return {"title": title, "first": first, "empty": empty,
            "headers": [label for _key, label, _where, _tone in columns],
            "rows": [{"name": row["name"],
                      "counts": counts(row, columns,
                                       base=join_query(base, row.get("where") or f"{param}={row['id']}"))}
                     for row in rows]}
