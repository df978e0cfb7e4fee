"""The review as of now is kept per version of the data the user reads (the data versions
of the bodies whose cases it reads, `cases.counts`): a write to one body's case makes the
reviews of the users who read that body count again, not those of others."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from congminh.apps.cases import services as case_services
from congminh.apps.reports import selectors
from congminh.apps.reports.review import TOTAL


@pytest.mark.django_db(transaction=True)  # nothing is kept inside a transaction
def test_a_write_refreshes_the_reviews_reading_its_body_only(cast: dict[str, Any], users: dict[str, Any],
                                                             period: Any) -> None:
    court_a, court_b, province = users["officer_a"], users["officer_b"], users["prosecutor"]
    before = {name: selectors.quarterly_review(user=user, period=period)
              for name, user in (("a", court_a), ("b", court_b), ("province", province))}
    assert selectors.quarterly_review(user=court_a, period=period).review is before["a"].review  # kept
    versions = {name: selectors.data_version(user) for name, user in (("a", court_a), ("b", court_b))}

    # new_open is held by court B: closed inside the period.
    case_services.case_event_append(actor=users["admin"], case=cast["new_open"], type="closed",
                                    date=dt.date(2026, 11, 15))

    assert selectors.data_version(court_a) == versions["a"]
    assert selectors.data_version(court_b) != versions["b"]
    after = {name: selectors.quarterly_review(user=user, period=period)
             for name, user in (("a", court_a), ("b", court_b), ("province", province))}
    assert after["a"].review is before["a"].review  # court A's review is still the one kept
    for name in ("b", "province"):
        assert after[name].review is not before[name].review
        resolved = (before[name].review.figures()[TOTAL][4], after[name].review.figures()[TOTAL][4])
        assert resolved[1] == resolved[0] + 1  # row 4: the case closed since is counted

    # A comment moves every user's version (comments are not counted per body).
    from congminh.apps.reports import services

    services.review_comment_add(actor=province, case=cast["old_overdue"], period_code=period.code,
                                text="Đề nghị khẩn trương")
    assert selectors.data_version(court_a) != versions["a"]


def test_nothing_is_kept_inside_a_transaction(cast: dict[str, Any], users: dict[str, Any], period: Any) -> None:
    """A write rolled back gives its version number back (SQLite): a review computed
    inside a transaction is not kept under it."""
    assert selectors.data_version(users["officer_a"]) is None
    first = selectors.quarterly_review(user=users["officer_a"], period=period)
    again = selectors.quarterly_review(user=users["officer_a"], period=period)
    assert again.review is not first.review and again.digest == first.digest
