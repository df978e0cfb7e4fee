"""A process that loads the daily job's snapshot files and finds writes recorded since
(issue #11.6): it evaluates the cases written about and lays them over the file's columns
(`snapshot._overlaid`, `Scoped.overlay`), making none of the province's entries, and its
review is what a full recomputation gives — every total, the totals by body, the digest and
every list's rows — after each kind of write: an event, a withdrawn event, a transfer of
holder, a new case, a case merged away (deleted) and a supervision flag."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest

from congminh.apps.accounts.models import User
from congminh.apps.cases import claims
from congminh.apps.cases import services as case_services
from congminh.apps.cases.models import Case
from congminh.apps.demo.services import demo_cases_load, demo_users_ensure
from congminh.apps.organisations.models import Organisation
from congminh.apps.organisations.services import organisations_load
from congminh.apps.reports import presenters, selectors, snapshot
from congminh.apps.reports.review import Review
from congminh.core.periods import Period, parse_period

AS_OF = dt.date(2026, 11, 26)
PERIOD = "2026-Q4"  # the Procuracy's Quý IV/2026: 01/9/2026-30/11/2026


@pytest.fixture
def demo(db: Any, monkeypatch: pytest.MonkeyPatch) -> dict[str, Any]:
    # Every write of the test has committed: no margin for late commits is needed.
    monkeypatch.setattr(snapshot, "SETTLED_AFTER", dt.timedelta(0))
    organisations_load()
    demo_users_ensure()
    demo_cases_load(size="XS", seed=11, as_of=AS_OF, count=200)
    period = parse_period(PERIOD, year_start_month=12)
    snapshot.warm(period.end + dt.timedelta(days=1))  # the daily job: its last ended quarter
    court = User.objects.filter(organisation__kind="court", is_active=True).order_by("id").first()
    assert court is not None
    return {"vks": User.objects.get(username="vks"), "admin": User.objects.get(username="admin"),
            "court": court, "period": period}


def _recomputed(user: Any, period: Period, result: selectors.ReviewResult) -> selectors.ReviewResult:
    """The same review recomputed from every log of the scope at the same instant, not
    through the snapshot (which it leaves as it is): figures, facts, digest, bodies."""
    instant, day = result.instant, result.review.day
    payloads, holders = selectors.logs_as_of(selectors.scoped_case_ids(user, "province", instant), instant, day)
    entries = sorted(snapshot.entries_of(payloads, holders, period, day).items())
    case_ids = frozenset(case_id for case_id, _entry in entries)
    comments = selectors.comments_as_of(period=period, case_ids=case_ids, instant=instant)
    digest = snapshot.review_digest(entries, selectors._digest_extra(period, day, comments))
    review = Review(period, day, [entry.facts for _id, entry in entries if entry.facts is not None])
    held = frozenset(entry.holder_id for _id, entry in entries if entry.holder_id is not None)
    return selectors._result(selectors._Computed(review, digest, case_ids, held), user, period, "province", instant)


def _lists(result: selectors.ReviewResult) -> dict[str, list[Any]]:
    return {name: presenters.rows(result, presenters.selected(result, key))
            for name, (key, _label) in presenters.LISTS.items()}


def _assert_overlaid_as_recomputed(user: Any, period: Period) -> selectors.ReviewResult:
    """The user's review now, brought up to date over the file's columns (no entry made),
    equals a full recomputation in every total, total by body, digest and list row."""
    result = selectors.quarterly_review(user=user, period=period)
    current = snapshot.current(period, result.review.day, selectors.logs_as_of)
    assert current.overlaid()  # the entries not made: the file's columns and the overlay
    served_lists = _lists(result)
    full = _recomputed(user, period, result)
    assert result.review.figures() == full.review.figures()
    assert result.review.by_holder() == full.review.by_holder()
    assert result.review.facts == sorted(full.review.facts, key=lambda f: f.id)
    assert result.digest == full.digest
    assert result.holders == full.holders
    assert served_lists == _lists(full) and any(served_lists.values())
    assert result.review.failed_checks() == []
    # The scope's totals brought up to date over the file's columns too.
    assert all(found.members is None for found in snapshot._STORE.scoped.values())
    return result


def _writes(admin: Any, period: Period) -> list[tuple[str, Callable[[], Any]]]:
    """One write of each kind, in order."""
    cases = Case.objects.order_by("id")

    def event() -> Any:
        for case in cases.filter(procedure="civil"):
            last = case.events.filter(withdrawn_at__isnull=True).order_by("-date", "-id").first()
            if last is None or last.date >= period.end:
                continue
            try:
                return case_services.case_event_append(actor=admin, case=case, type="closed",
                                                       date=max(last.date, period.start))
            except Exception:  # refused by the law: another case
                continue
        raise AssertionError("no case to close")

    def withdrawn() -> Any:
        for case in cases:
            events = list(case.events.filter(withdrawn_at__isnull=True).order_by("date", "id"))
            if len(events) >= 2:
                return case_services.case_event_withdraw(actor=admin, event=events[-1], reason="Nhập nhầm")
        raise AssertionError("no event to withdraw")

    def transfer() -> Any:
        moved = cases.filter(procedure="civil", holder__isnull=False).last()
        assert moved is not None and moved.holder is not None
        other = (Organisation.objects.filter(kind=moved.holder.kind, level=moved.holder.level)
                 .exclude(pk=moved.holder_id).order_by("id").first())
        assert other is not None
        return case_services.case_update(actor=admin, case=moved, holder=other, reason="Chuyển theo thẩm quyền")

    def created() -> Any:
        template = cases.filter(procedure="criminal").first()
        assert template is not None
        case = case_services.case_create(actor=admin, title="Vụ án mới ghi nhận", procedure="criminal",
                                         category=template.category, holder=template.holder)
        return case_services.case_event_append(actor=admin, case=case, type="case_instituted",
                                               date=period.start + dt.timedelta(days=3))

    def deleted() -> Any:
        keep, other = list(cases.filter(procedure="criminal").exclude(events=None)[:2])
        claims.case_merge(actor=admin, keep=keep, other=other, reason="Hai hồ sơ là một vụ án")
        assert not Case.objects.filter(pk=other.pk).exists()

    def flag() -> Any:
        case = cases.exclude(events=None).first()
        assert case is not None
        return case_services.case_flags_set(actor=admin, case=case, reason="Dư luận quan tâm",
                                            public_concern=not case.public_concern)

    return [("event", event), ("withdrawn event", withdrawn), ("transfer", transfer),
            ("new case", created), ("deleted case", deleted), ("flag", flag)]


def test_a_fresh_process_after_each_kind_of_write_gives_the_recomputed_review(demo: dict[str, Any]) -> None:
    """Each write, then a process that loads the files (`forget`): the writes since the
    files are laid over their columns, and the review is the recomputed one."""
    vks, court, admin, period = demo["vks"], demo["court"], demo["admin"], demo["period"]
    snapshot.forget()
    digests = [_assert_overlaid_as_recomputed(vks, period).digest]
    for kind, write in _writes(admin, period):
        write()
        snapshot.forget()  # a fresh process: the files only
        result = _assert_overlaid_as_recomputed(vks, period)
        current = snapshot.current(period, result.review.day, selectors.logs_as_of)
        assert len(current.__dict__["_overlay"]) > 0, kind
        if kind != "flag":  # a supervision flag is no input of the law engine
            assert result.digest not in digests, kind
        digests.append(result.digest)
        snapshot.forget()
        _assert_overlaid_as_recomputed(court, period)


def test_one_process_lays_write_after_write_over_the_files(demo: dict[str, Any]) -> None:
    """In one process, the overlay grows write by write (the scope's totals counted again
    over it each time), and the review stays the recomputed one."""
    vks, admin, period = demo["vks"], demo["admin"], demo["period"]
    snapshot.forget()
    _assert_overlaid_as_recomputed(vks, period)
    seen = 0
    for kind, write in _writes(admin, period):
        write()
        result = _assert_overlaid_as_recomputed(vks, period)
        current = snapshot.current(period, result.review.day, selectors.logs_as_of)
        assert current.updated_cases > 0 and len(current.__dict__["_overlay"]) >= seen, kind
        seen = len(current.__dict__["_overlay"])
    current.entries  # noqa: B018  (made now: the file's entries with the overlay laid over them)
    assert not current.overlaid()
    assert _assert_made_as_recomputed(vks, period)


def _assert_made_as_recomputed(user: Any, period: Period) -> bool:
    result = selectors.quarterly_review(user=user, period=period)
    full = _recomputed(user, period, result)
    assert (result.review.figures(), result.review.by_holder(), result.digest) == (
        full.review.figures(), full.review.by_holder(), full.digest)
    assert _lists(result) == _lists(full)
    return True


def test_beyond_the_bound_the_entries_are_made(demo: dict[str, Any], monkeypatch: pytest.MonkeyPatch) -> None:
    vks, admin, period = demo["vks"], demo["admin"], demo["period"]
    monkeypatch.setattr(snapshot, "OVERLAY_MOST", 0)
    snapshot.forget()
    dict(_writes(admin, period))["transfer"]()
    result = selectors.quarterly_review(user=vks, period=period)
    assert not snapshot.current(period, result.review.day, selectors.logs_as_of).overlaid()
    assert _assert_made_as_recomputed(vks, period)


def test_the_rows_above_a_version_are_read_by_key(db: Any) -> None:
    """Not in the audit trail's default order (by time), which made SQLite walk its time
    index, every row of the trail, for the few rows above the key."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as read:
        snapshot.rows_above((0, 0, 0))
    assert len(read.captured_queries) == 3
    assert all("ORDER BY" not in q["sql"] for q in read.captured_queries)
