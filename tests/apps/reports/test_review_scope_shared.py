"""A scope's totals are counted once per reach, not per user (`snapshot.scoped`, keyed by
the cases a user reads): a second officer of the same body counts nothing; and a server
worker counts the provincial Procuracy's default review ahead (`prepare_reviews`), so its
officers' first page counts nothing either."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from congminh.apps.accounts.models import User
from congminh.apps.reports import selectors, snapshot

TODAY = dt.date(2026, 12, 4)  # the Procuracy's Quý IV/2026 (`period`) is the last ended quarter


@pytest.fixture
def counted(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    """The scopes counted in full from now on."""
    calls: list[Any] = []
    real = snapshot._scope_count

    def count(*args: Any) -> Any:
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(snapshot, "_scope_count", count)
    snapshot.forget()
    return calls


def test_officers_who_read_the_same_cases_share_the_scope_count(
        cast: dict[str, Any], users: dict[str, Any], period: Any, counted: list[Any]) -> None:
    prosecutor = users["prosecutor"]
    colleague = User.objects.create_user(username="prosecutor_2", password="matkhau-an-toan-1",
                                         organisation=prosecutor.organisation, role="viewer")
    first = selectors.quarterly_review(user=prosecutor, period=period)
    second = selectors.quarterly_review(user=colleague, period=period)
    assert len(counted) == 1
    assert second.review.figures() == first.review.figures() and second.digest == first.digest
    assert {f.id for f in second.review.facts} == {f.id for f in first.review.facts} != set()

    court = selectors.quarterly_review(user=users["officer_b"], period=period)  # reads other cases
    assert len(counted) == 2
    assert {f.id for f in court.review.facts} < {f.id for f in first.review.facts}


def test_a_worker_counts_the_provincial_procuracy_review_ahead(
        cast: dict[str, Any], users: dict[str, Any], period: Any, counted: list[Any]) -> None:
    assert selectors.prepare_reviews(TODAY) == 1  # the provincial Procuracy's one reach
    assert len(counted) == 1
    result = selectors.quarterly_review(user=users["prosecutor"], period=period)
    assert len(counted) == 1  # its first page counted nothing
    assert result.review.select("overdue") and result.review.figures()["total"][8] >= 1


def test_the_workbook_is_written_with_the_garbage_collector_paused(
        cast: dict[str, Any], users: dict[str, Any], period: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """A process that loaded a province's snapshot holds millions of objects: a full
    collection set off by the workbook's allocations walks them all (measured at P: the
    first XLSX 1.4 s with the collector running, 0.27 s paused)."""
    import gc

    from congminh.apps.reports import export

    seen: list[bool] = []
    real = export.workbook
    monkeypatch.setattr(export, "workbook", lambda sheets: seen.append(gc.isenabled()) or real(sheets))
    result = selectors.quarterly_review(user=users["prosecutor"], period=period)
    assert gc.isenabled()
    assert export.review_workbook(result)
    assert seen == [False] and gc.isenabled()
