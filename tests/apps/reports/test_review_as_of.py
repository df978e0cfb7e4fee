"""As of any instant, reproducibly (issue #11 part 4): a stored report regenerated after a
late entry, a withdrawal and a comment gives the same digest and figures; the review as
of now sees the changes. Comments: who may write them, audited, shown in the report."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from congminh.apps.audit.models import AuditEntry
from congminh.apps.cases import services as case_services
from congminh.apps.reports import presenters, selectors, services
from congminh.apps.reports.models import ReportRun
from congminh.apps.reports.review import TOTAL

D = dt.date


def test_regenerating_a_stored_report_gives_the_same_figures(
        cast: dict[str, Any], users: dict[str, Any], period: Any) -> None:
    prosecutor, admin = users["prosecutor"], users["admin"]
    instant = timezone.now()
    first = selectors.quarterly_review(user=prosecutor, period=period, instant=instant)
    run = services.report_run_record(actor=prosecutor, result=first, fmt="xlsx")
    assert run.figures["total"] == {"1": 2, "2": 2, "3": 4, "4": 1, "5": 3, "6": 1, "7": 0, "8": 1, "9": 0}

    # After the report: a late entry dated inside the period, a withdrawal, a comment.
    case_services.case_event_append(actor=admin, case=cast["new_open"], type="closed",
                                    date=D(2026, 11, 15))
    suspension = cast["new_suspended"].events.get(type="suspended")
    case_services.case_event_withdraw(actor=admin, event=suspension, reason="Nhập nhầm vụ việc")
    services.review_comment_add(actor=prosecutor, case=cast["old_overdue"], period_code="2026-Q4",
                                text="Kiến nghị Tòa án đưa vụ án ra xét xử")

    now = selectors.quarterly_review(user=prosecutor, period=period)
    assert now.review.figures()[TOTAL] == {1: 2, 2: 2, 3: 4, 4: 2, 5: 2, 6: 0, 7: 0, 8: 1, 9: 0}
    assert now.digest != run.digest

    again, same_digest, same_figures = services.report_run_regenerate(run=run, user=prosecutor)
    assert (same_digest, same_figures) == (True, True)
    assert again.review.figures()[TOTAL] == first.review.figures()[TOTAL]
    assert again.comments == {}  # the comment was written after the instant
    assert ReportRun.objects.filter(pk=run.pk, digest=again.digest).exists()


def test_an_event_withdrawn_before_the_instant_is_not_counted(
        cast: dict[str, Any], users: dict[str, Any], period: Any) -> None:
    suspension = cast["new_suspended"].events.get(type="suspended")
    case_services.case_event_withdraw(actor=users["admin"], event=suspension, reason="Nhập nhầm")
    result = selectors.quarterly_review(user=users["prosecutor"], period=period)
    assert result.review.figures()[TOTAL][6] == 0


def test_the_holder_is_the_one_of_the_instant(
        cast: dict[str, Any], users: dict[str, Any], orgs: dict[str, Any], period: Any) -> None:
    instant = timezone.now()
    case_services.case_update(actor=users["admin"], case=cast["new_open"], holder=orgs["court_a"],
                              reason="Chuyển vụ án theo thẩm quyền")
    then = selectors.quarterly_review(user=users["prosecutor"], period=period, instant=instant)
    facts = {f.id: f for f in then.review.facts}
    assert facts[cast["new_open"].pk].holder_id == orgs["court_b"].pk
    now = selectors.quarterly_review(user=users["prosecutor"], period=period)
    assert {f.id: f for f in now.review.facts}[cast["new_open"].pk].holder_id == orgs["court_a"].pk


def test_procuracy_officer_comments_and_it_goes_into_the_report(
        cast: dict[str, Any], users: dict[str, Any], period: Any) -> None:
    comment = services.review_comment_add(
        actor=users["prosecutor"], case=cast["old_overdue"], period_code="2026-Q4",
        kind="recommendation", text="  Kiến nghị Tòa án khu vực 1 khắc phục vi phạm thời hạn  ")
    assert comment.text == "Kiến nghị Tòa án khu vực 1 khắc phục vi phạm thời hạn"
    entry = AuditEntry.objects.get(action="review_comment", object_id=str(comment.pk))
    assert entry.case_id == cast["old_overdue"].pk and entry.actor == users["prosecutor"]
    assert entry.new_value["text"] == comment.text
    result = selectors.quarterly_review(user=users["prosecutor"], period=period)
    [row] = presenters.rows(result, presenters.selected(result, "overdue"))
    assert [c.text for c in row.comments] == [comment.text]
    # Another period's review does not show it.
    other = selectors.quarterly_review(user=users["prosecutor"], period=period.__class__(
        "quarterly", D(2026, 6, 1), D(2026, 8, 31), "Q3/2026", 12))
    assert other.comments == {}


@pytest.mark.parametrize("who", ["officer_a", "supervisor", "viewer_a"])
def test_only_the_procuracy_comments(cast: dict[str, Any], users: dict[str, Any], who: str) -> None:
    with pytest.raises(PermissionDenied):
        services.review_comment_add(actor=users[who], case=cast["old_overdue"], period_code="2026-Q4",
                                    text="Ý kiến")
    assert not AuditEntry.objects.filter(action="review_comment").exists()


def test_a_correction_counts_from_when_it_was_recorded(
        cast: dict[str, Any], users: dict[str, Any], period: Any) -> None:
    before = timezone.now()
    closed = cast["old_closed"].events.get(type="closed")
    # The closure really happened after the period: corrected from 10/10 to 01/12/2026.
    case_services.case_event_append(actor=users["admin"], case=cast["old_closed"], type="closed",
                                    date=D(2026, 12, 1), supersedes=closed)
    now = selectors.quarterly_review(user=users["prosecutor"], period=period).review.figures()[TOTAL]
    assert (now[4], now[5]) == (0, 4)  # no longer resolved in the period: still open on 30/11
    then = selectors.quarterly_review(user=users["prosecutor"], period=period, instant=before)
    assert (then.review.figures()[TOTAL][4], then.review.figures()[TOTAL][5]) == (1, 3)
