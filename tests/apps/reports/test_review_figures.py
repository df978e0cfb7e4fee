"""The quarterly review's figures and lists, hand-computed on the cast (conftest.py)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from congminh.apps.reports import presenters, selectors
from congminh.apps.reports.review import CHECKS, FORM_ROWS, TOTAL, Review

D = dt.date


def _review(user: Any, period: Any, scope: str = "province") -> selectors.ReviewResult:
    return selectors.quarterly_review(user=user, period=period, scope_value=scope)


def test_totals_in_the_shape_of_the_form(cast: dict[str, Any], users: dict[str, Any], period: Any) -> None:
    result = _review(users["prosecutor"], period)
    table = result.review.figures()
    # d1 old, d2 new, d3 total, d4 resolved, d5 remaining, d6 suspended, d7 ground ended,
    # d8 overdue, d9 prolonged (codes of FORM_ROWS).
    assert table["civil"] == {1: 2, 2: 2, 3: 4, 4: 1, 5: 3, 6: 1, 7: 0, 8: 1, 9: 0}
    assert table[TOTAL] == table["civil"]
    assert table["criminal"] == dict.fromkeys(range(1, 10), 0)
    assert result.review.failed_checks() == []
    assert result.review.day == D(2026, 11, 30)


def test_each_number_lists_its_cases(cast: dict[str, Any], users: dict[str, Any], period: Any) -> None:
    result = _review(users["prosecutor"], period)
    ids = {name: case.pk for name, case in cast.items()}

    def listed(key: str, **kw: Any) -> set[int]:
        return {f.id for f in result.review.select(key, **kw)}

    assert listed("old") == {ids["old_overdue"], ids["old_closed"]}
    assert listed("new") == {ids["new_open"], ids["new_suspended"]}
    assert listed("resolved") == {ids["old_closed"]}
    assert listed("remaining") == {ids["old_overdue"], ids["new_open"], ids["new_suspended"]}
    assert listed("suspended") == {ids["new_suspended"]}
    assert listed("overdue") == {ids["old_overdue"]}
    assert ids["long_closed"] not in {f.id for f in result.review.facts}
    court_b = cast["new_open"].holder_id
    assert listed("remaining", holder_id=court_b) == {ids["new_open"]}
    assert listed("remaining", procedure="criminal") == set()


def test_overdue_row_has_days_rule_and_why(cast: dict[str, Any], users: dict[str, Any], period: Any) -> None:
    result = _review(users["prosecutor"], period)
    [row] = presenters.rows(result, presenters.selected(result, "overdue"))
    # Accepted 02/3/2026 + 4 months = 02/7/2026 (Thursday); 30/11 - 02/7 = 151 days.
    assert row.facts.days_over == 151
    assert row.numbers == ["01/2026/TLST-DS"]
    assert row.holder == "Tòa án nhân dân khu vực 1 - Gia Lai"
    assert row.stage == "Chuẩn bị xét xử"
    [why] = row.why
    assert why.due == D(2026, 7, 2)
    assert why.days_over == 151
    assert "Điều 203" in why.basis
    assert why.steps[-1] == "Quá hạn 151 ngày tính đến 30/11/2026"


def test_suspended_row_knows_since_when(cast: dict[str, Any], users: dict[str, Any], period: Any) -> None:
    result = _review(users["prosecutor"], period)
    [facts] = presenters.selected(result, "suspended")
    assert facts.suspended_since == D(2026, 10, 1)
    assert not facts.ground_ended


def test_prolonged_after_a_year(make_case: Any, users: dict[str, Any], period: Any) -> None:
    case = make_case(number="09/2025/TLST-DS", events=[("accepted", D(2025, 9, 1), {})])
    result = _review(users["prosecutor"], period)
    [row] = presenters.rows(result, presenters.selected(result, "prolonged"))
    assert row.facts.id == case.pk
    # 01/9/2025 -> 30/11/2026 = 455 days; the threshold (config.yaml) is 365.
    assert row.reasons == ["455 ngày kể từ sự kiện đầu tiên (ngưỡng 365 ngày)"]


def test_scope_follows_what_the_user_reads(cast: dict[str, Any], users: dict[str, Any], period: Any) -> None:
    # An area court reads only its own cases; the province's Procuracy reads both courts.
    own = _review(users["officer_b"], period)
    assert {f.id for f in own.review.facts} == {cast["new_open"].pk}
    court_b = cast["new_open"].holder_id
    narrowed = _review(users["prosecutor"], period, scope=f"org:{court_b}")
    assert {f.id for f in narrowed.review.facts} == {cast["new_open"].pk}
    assert [c.value for c in selectors.scope_choices(users["officer_b"])][:2] == ["province", f"org:{court_b}"]
    with pytest.raises(ValueError):
        selectors.holder_filter("org:999999")


def test_checks_catch_a_wrong_figure() -> None:
    figures = {1: 2, 2: 2, 3: 4, 4: 1, 5: 3, 6: 1, 7: 0, 8: 1, 9: 0}
    assert all(c.holds(figures) for c in CHECKS)
    assert [c.text for c in CHECKS if not c.holds({**figures, 5: 2})] == ["d5 = d3 - d4"]
    assert [c.text for c in CHECKS if not c.holds({**figures, 6: 4})] == ["d6 ≤ d5"]
    assert [r.code for r in FORM_ROWS] == list(range(1, 10))


def test_review_reports_an_inconsistent_computation(period: Any) -> None:
    from congminh.apps.reports.review import CaseFacts

    # A case open at the end yet neither old nor new cannot arise from the engine; if it
    # did, the printed check d5 = d3 - d4 would expose it.
    odd = CaseFacts(id=1, procedure="civil", holder_id=None, old=False, new=False, open_end=True,
                    suspended=False, ground_ended=False, overdue=False, prolonged=False,
                    status="on_time", stage="", first_event=None)
    assert Review(period, period.end, [odd]).failed_checks() == ["civil: d5 = d3 - d4", "total: d5 = d3 - d4"]


def test_doctests() -> None:
    import doctest

    from congminh.apps.reports import review

    assert doctest.testmod(review).failed == 0
    assert doctest.testmod(presenters).failed == 0
