"""The case list's pages read by seeking from a nearby page's boundary (`cases.keyset`)
are exactly the pages OFFSET gives, in every order the list offers, NULLs and ties
included, walking forwards, backwards and by jumps; and a page after a page served is
read without OFFSET. Outside a transaction (`transaction=True`), where the boundaries are
kept."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congminh.apps.cases import keyset
from congminh.apps.cases.keyset import KeysetPaginator, order_columns
from congminh.apps.cases.models import Case
from congminh.apps.cases.selectors import CaseFilters, case_list

pytestmark = pytest.mark.django_db(transaction=True)

PER_PAGE = 4
CASES = 23  # 6 pages, the last one of 3
SORTS = ["", "next_due", "-next_due", "holder", "-holder", "stage", "-stage", "number", "-number",
         "days_over", "-days_over"]


@pytest.fixture
def listed(make_case: Any) -> list[int]:
    """Cases with ties (4 dates, 2 holders, 3 stages) and NULLs (no event date, no due
    date), written raw as an import might leave them."""
    ids = []
    for i in range(CASES):
        case = make_case(holder="court_a" if i % 2 else "court_b", number=f"{i * 7 % 12 + 1}/2026/TLST-DS-{i}",
                         title=f"Tranh chấp hợp đồng số {i}")
        Case.objects.filter(pk=case.pk).update(
            last_event_on=None if i % 7 == 0 else dt.date(2026, 1, 1 + i % 4),
            next_due=None if i % 3 == 0 else dt.date(2026, 5, 1 + i % 5),
            status="overdue" if i % 4 == 0 else "on_time",
            stage=("", "trial_preparation", "first_instance")[i % 3],
        )
        ids.append(case.pk)
    return ids


def _cases(users: dict[str, Any], sort: str) -> Any:
    return case_list(user=users["supervisor"], filters=CaseFilters(sort=sort))


def _page(qs: Any, number: int) -> list[int]:
    return [c.pk for c in KeysetPaginator(qs, PER_PAGE).page(number).object_list]


@pytest.mark.parametrize("sort", SORTS)
def test_seeking_gives_the_pages_offset_gives(sort: str, users: dict[str, Any], listed: list[int]) -> None:
    qs = _cases(users, sort)
    assert order_columns(qs) is not None  # the list's order is one a seek follows
    expected = [c.pk for c in qs]
    assert sorted(expected) == sorted(listed)

    def offset_page(n: int) -> list[int]:
        return expected[(n - 1) * PER_PAGE:n * PER_PAGE]

    last = -(-CASES // PER_PAGE)
    for n in range(1, last + 1):  # «Next» from page 1
        assert _page(qs, n) == offset_page(n), n
    cache.clear()
    for n in range(last, 0, -1):  # «Previous» from the last page
        assert _page(qs, n) == offset_page(n), n
    cache.clear()
    for n in (3, 5, 1, 4, 6, 2):  # jumps: from the nearer end, then from boundaries pages away
        assert _page(qs, n) == offset_page(n), n


def test_the_next_page_is_read_without_offset(users: dict[str, Any], listed: list[int]) -> None:
    qs = _cases(users, "")
    _page(qs, 3)
    with CaptureQueriesContext(connection) as ctx:
        _page(qs, 4)
        _page(qs, 2)
    assert not any("OFFSET" in q["sql"] for q in ctx.captured_queries)


def test_a_write_forgets_the_boundaries(users: dict[str, Any], listed: list[int]) -> None:
    """Positions move with the data: a boundary of older data is never sought from."""
    qs = _cases(users, "")
    first_two = [c.pk for c in qs[:2 * PER_PAGE]]
    assert _page(qs, 1) == first_two[:PER_PAGE]
    Case.objects.filter(pk=first_two[0]).update(last_event_on=dt.date(2020, 1, 1))  # to the end
    qs = _cases(users, "")
    assert _page(qs, 2) == [c.pk for c in qs][PER_PAGE:2 * PER_PAGE]


@pytest.mark.parametrize("sort", ["", "-next_due", "holder"])
def test_after_a_write_a_page_is_sought_from_an_anchor(sort: str, users: dict[str, Any], listed: list[int],
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    """Each page served leaves its first key as an anchor that outlives the data version:
    after writes that move rows before and across it, the pages near it (by its position
    in the new data, counted) are those OFFSET gives, read from the anchor, not by an
    OFFSET from an end of the list."""
    sought: list[int] = []
    from_anchor = keyset._from_anchor

    def spy(qs: Any, columns: Any, number: int, bottom: int, top: int) -> Any:
        rows = from_anchor(qs, columns, number, bottom, top)
        if rows is not None:
            sought.append(number)
        return rows

    monkeypatch.setattr(keyset, "_from_anchor", spy)
    # One page: pages 3 and 4 of 6 are then far enough from both ends to seek from an anchor.
    monkeypatch.setattr(keyset, "WINDOW", 1)
    qs = _cases(users, sort)
    for n in (2, 5):
        _page(qs, n)
    before = [c.pk for c in qs]
    moves = [  # a row from the top to the end, one from the end to the top, one deleted
        lambda: Case.objects.filter(pk=before[0]).update(last_event_on=dt.date(2020, 1, 1), next_due=None,
                                                         stage="first_instance"),
        lambda: Case.objects.filter(pk=before[-1]).update(last_event_on=dt.date(2026, 9, 9),
                                                          next_due=dt.date(2026, 4, 1), stage=""),
        lambda: Case.objects.filter(pk=before[PER_PAGE + 1]).delete(),  # the anchor of page 2's page
    ]
    for move in moves:
        move()
        qs = _cases(users, sort)
        expected = [c.pk for c in qs]
        for n in (3, 1, 6, 4, 2, 5):
            # A write that moves no row: the boundaries of the pages just served are forgotten.
            Case.objects.filter(pk=expected[0]).update(summary=f"Ghi chú {n}")
            assert _page(qs, n) == expected[(n - 1) * PER_PAGE:n * PER_PAGE], (n, move)
            assert (sought[-1:] == [n]) == (n in (3, 4)), n
