"""The list machinery the oversight apps share (`web.listing`, `{% sort_header %}`): sort
keys, the direction a heading's link asks for, rows held in memory sorted with the
unrecorded last, and numbers that link to the list behind them."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import QueryDict
from django.template import Context, Template

from congminh.apps.web import listing

SORTS = {"due": ("due", "id"), "body": ("organisation__name", "-decided_on")}


@pytest.mark.parametrize(("sort", "expected"), [
    ("due", ("due", "id")),
    ("-due", ("-due", "-id")),
    ("-body", ("-organisation__name", "decided_on")),  # a descending field turns ascending
    ("nonsense", ("-due", "-id")),                      # an unknown key: the default
    ("", ("-due", "-id")),
])
def test_ordering(sort: str, expected: tuple[str, ...]) -> None:
    assert listing.ordering(SORTS, sort, "-due") == expected


def test_rows_in_memory_sort_both_ways_with_the_unrecorded_last() -> None:
    rows: list[dict[str, Any]] = [{"n": "b", "rate": 2}, {"n": "a", "rate": None}, {"n": "c", "rate": 5},
                                  {"n": "d", "rate": 2}]
    keys: dict[str, Any] = {"rate": lambda r: r["rate"], "name": lambda r: r["n"]}
    assert [r["n"] for r in listing.sort_rows(rows, "rate", keys, "name")] == ["b", "d", "c", "a"]
    assert [r["n"] for r in listing.sort_rows(rows, "-rate", keys, "name")] == ["c", "b", "d", "a"]
    assert [r["n"] for r in listing.sort_rows(rows, "bogus", keys, "name")] == ["a", "b", "c", "d"]


def test_query_without_drops_the_page_and_the_names_given() -> None:
    params = QueryDict("state=open&page=3&sort=-due&q=đất")
    assert listing.query_without(params) == "state=open&sort=-due&q=%C4%91%E1%BA%A5t"
    assert listing.query_without(params, "sort") == "state=open&q=%C4%91%E1%BA%A5t"


COLUMNS = (("total", "Requests", "", ""), ("overdue", "Overdue", "overdue=on", "bad"))


def test_each_number_links_to_its_filtered_list() -> None:
    cards = listing.counts({"total": 7, "overdue": 0}, COLUMNS, base="side=asked")
    assert [(c.n, c.query, c.tone) for c in cards] == [(7, "side=asked", ""), (0, "side=asked&overdue=on", "bad")]
    table = listing.count_table([{"id": 4, "name": "Sở Tài chính", "total": 2, "overdue": 1}], COLUMNS,
                                title="By body", first="Body", empty="None", param="asked")
    assert table["headers"] == ["Requests", "Overdue"]
    [row] = table["rows"]
    assert [(c.n, c.query) for c in row["counts"]] == [(2, "asked=4"), (1, "asked=4&overdue=on")]


HEADER = Template('{% load listing %}{% sort_header "Hạn" "due" sort query %}'
                  '{% sort_header "Số" "total" sort query first="-" %}')


@pytest.mark.parametrize(("sort", "due_link", "arrow", "total_link"), [
    ("", "?state=open&amp;sort=due", "", "?state=open&amp;sort=-total"),
    ("due", "?state=open&amp;sort=-due", " ▲", "?state=open&amp;sort=-total"),
    ("-due", "?state=open&amp;sort=due", " ▼", "?state=open&amp;sort=-total"),
    ("-total", "?state=open&amp;sort=due", "", "?state=open&amp;sort=total"),
])
def test_a_heading_links_to_the_other_direction(sort: str, due_link: str, arrow: str,
                                                total_link: str) -> None:
    html = HEADER.render(Context({"sort": sort, "query": "state=open"}))
    assert f'<a href="{due_link}" class="sort">Hạn{arrow}</a>' in html
    assert f'href="{total_link}"' in html
