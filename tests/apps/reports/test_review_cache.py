"""The review as of now is computed once per version of the data: a drill-down, a page of
a list or an export reads no event log again, and anything recorded makes it recompute."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import connection
from django.test.utils import CaptureQueriesContext

from congminh.apps.accounts import scope
from congminh.apps.cases import services as case_services
from congminh.apps.reports import selectors
from congminh.apps.reports.review import TOTAL


def _reads_events(queries: list[dict[str, Any]]) -> int:
    """Queries that read events' contents (the version reads only the largest key)."""
    return sum(1 for q in queries if "cases_caseevent" in q["sql"] and '"data"' in q["sql"])


def test_a_second_look_reads_no_log(cast: dict[str, Any], users: dict[str, Any], period: Any) -> None:
    prosecutor = users["prosecutor"]
    with CaptureQueriesContext(connection) as first:
        before = selectors.quarterly_review(user=prosecutor, period=period)
    with CaptureQueriesContext(connection) as second:
        again = selectors.quarterly_review(user=prosecutor, period=period)
    assert _reads_events(first.captured_queries) >= 1
    assert _reads_events(second.captured_queries) == 0
    assert again.digest == before.digest


def test_an_event_recorded_since_is_counted(cast: dict[str, Any], users: dict[str, Any], period: Any) -> None:
    prosecutor, admin = users["prosecutor"], users["admin"]
    before = selectors.quarterly_review(user=prosecutor, period=period).review.figures()[TOTAL]
    case_services.case_event_append(actor=admin, case=cast["new_open"], type="closed",
                                    date=dt.date(2026, 11, 15))
    after = selectors.quarterly_review(user=prosecutor, period=period).review.figures()[TOTAL]
    assert (before[4], after[4]) == (1, 2)  # row 4, resolved: the case closed since is counted


def test_another_user_shares_the_snapshot_not_the_review(cast: dict[str, Any], users: dict[str, Any],
                                                         period: Any) -> None:
    """The per-case snapshot is shared (no log read again); the review is the user's own:
    only the cases it reads, under its own digest."""
    whole = selectors.quarterly_review(user=users["prosecutor"], period=period)
    with CaptureQueriesContext(connection) as other:
        narrow = selectors.quarterly_review(user=users["officer_a"], period=period)
    assert _reads_events(other.captured_queries) == 0
    readable = set(scope.readable_cases(users["officer_a"]).values_list("id", flat=True))
    counted = {f.id for f in whole.review.facts}
    assert {f.id for f in narrow.review.facts} == counted & readable != counted
    assert narrow.digest != whole.digest
