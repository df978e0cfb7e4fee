"""Summons and attendance figures kept per holding body of the summonses' cases
(`cases.counts.cached_aggregate`, `cached_group_counts`, the list's `cached_count`; issue
#12.3: the first request after a write): after each kind of write — a summons entered,
an attendance recorded or corrected, a summons moved to another day, an event of its case,
its case moved to another court, numbered by another body, deleted — the kept figures of
every user of the cast equal a full recount, no user gets another scope's figures, and a
write to one body's case reads again the summonses of that body's cases alone. Outside
a transaction (`transaction=True`), where the cache is used."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from congminh.apps.attendance import selectors as attendance
from congminh.apps.attendance import services
from congminh.apps.attendance.models import Summons
from congminh.apps.cases import services as cases
from congminh.apps.cases.counts import cached_count
from congminh.apps.cases.models import AgencyNumber, Case

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = dt.date(2026, 6, 1)
D = dt.date
LISTS = (attendance.SummonsFilters(), attendance.SummonsFilters(kind="hearing"),
         attendance.SummonsFilters(presence="absent"), attendance.SummonsFilters(opinion="not_filed"))


def _figures(user: Any) -> dict[str, Any]:
    """What the summons list, its numbers and the absence rates show of the user's scope."""
    def tallies(rows: list[attendance.Tally]) -> list[tuple[Any, ...]]:
        return sorted((t.label, t.held, t.recorded, sorted(t.by_presence.items()), t.opinion_late,
                       t.opinion_missing) for t in rows)

    return {
        "totals": [attendance.summons_totals(user=user, filters=f, today=TODAY) for f in LISTS],
        "list counts": [cached_count(attendance.summons_list(user=user, filters=f, today=TODAY)) for f in LISTS],
        "by committee": tallies(attendance.absence_by_committee(user=user, today=TODAY)),
        "by period": tallies(attendance.absence_by_period(user=user, today=TODAY)),
    }


def _recount(user: Any) -> dict[str, Any]:
    """The same figures counted afresh (inside a transaction nothing is read from the
    cache), and the list's rows counted by Python."""
    with transaction.atomic():
        figures = _figures(user)
        figures["rows"] = [len(list(attendance.summons_list(user=user, filters=f, today=TODAY))) for f in LISTS]
    return figures


def _assert_kept_equal_recount(users: dict[str, Any], after: str) -> None:
    for name, user in users.items():
        kept, fresh = _figures(user), _recount(user)
        assert kept == {k: v for k, v in fresh.items() if k != "rows"}, f"{name} after {after}"
        assert kept["list counts"] == fresh["rows"], f"{name} after {after}"
        assert kept["totals"][0]["total"] == fresh["rows"][0], f"{name} after {after}"


@pytest.fixture
def suits(make_case: Any, committees: dict[str, Any]) -> dict[str, Any]:
    """Administrative suits held by court A and court B, with summonses of both
    committees, some with an attendance record."""
    def suit(holder: str, number: str) -> Any:
        return make_case(holder=holder, procedure="administrative", case_kind="ordinary", number=number,
                         title=f"Khiếu kiện quyết định hành chính {number}",
                         events=[("accepted", D(2025, 12, 1), {})])

    a, b = suit("court_a", "05/2025/TLST-HC"), suit("court_b", "06/2025/TLST-HC")
    sued, other = committees["sued"], committees["other"]
    made = {}
    for key, case, committee, day, due, record in (
        ("a1", a, sued, D(2026, 1, 10), D(2026, 1, 5), {"presence": "chair", "opinion_filed_on": D(2026, 1, 8)}),
        ("a2", a, sued, D(2026, 2, 10), D(2026, 2, 1), {"presence": "absent_without_reason"}),
        ("a3", a, other, D(2026, 5, 20), D(2026, 5, 10), None),
        ("b1", b, other, D(2026, 2, 1), None, {"presence": "other", "attendee_name": "Công chức địa chính"}),
        ("b2", b, sued, D(2026, 7, 1), None, None),
    ):
        made[key] = services.summons_create(actor=None, case=case, kind="dialogue" if key != "a2" else "hearing",
                                            date=day, committee=committee, opinion_due=due)
        if record:
            services.attendance_record(actor=None, summons=made[key], today=TODAY, **record)
    return {"a": a, "b": b, **made}


def test_kept_summons_figures_equal_a_recount_after_each_kind_of_write(
        cast: dict[str, Any], orgs: dict[str, Any], committees: dict[str, Any], suits: dict[str, Any]) -> None:
    cache.clear()
    admin = cast["admin"]
    _assert_kept_equal_recount(cast, "the summonses")  # every scope's figures now kept

    writes: list[tuple[str, Callable[[], Any]]] = [
        ("a summons entered", lambda: services.summons_create(
            actor=None, case=suits["b"], kind="hearing", date=D(2026, 3, 3), committee=committees["sued"],
            opinion_due=D(2026, 3, 1))),
        ("an attendance recorded", lambda: services.attendance_record(
            actor=None, summons=suits["a3"], today=TODAY, presence="absent_with_reason", absence_reason="Ốm")),
        ("an attendance corrected", lambda: services.attendance_record(
            actor=None, summons=Summons.objects.get(pk=suits["a2"].pk), today=TODAY, presence="chair",
            opinion_filed_on=D(2026, 2, 5))),
        ("a summons moved to another day", lambda: services.summons_update(
            actor=admin, summons=Summons.objects.get(pk=suits["b2"].pk), date=D(2026, 5, 2))),
        ("an event of its case", lambda: cases.case_event_append(
            actor=admin, case=suits["a"], type="judgment_pronounced", date=D(2026, 5, 25), data={})),
        ("its case moved to another court", lambda: cases.case_update(
            actor=admin, case=Case.objects.get(pk=suits["a"].pk), holder=orgs["court_b"])),
        ("its case numbered by the Procuracy", lambda: AgencyNumber.objects.create(
            case=suits["b"], organisation=orgs["procuracy"], number="9/2026/VKS")),
        ("a summons deleted", lambda: Summons.objects.filter(pk=suits["b1"].pk).delete()),
        ("its case deleted", lambda: Case.objects.filter(pk=suits["b"].pk).delete()),
    ]
    for label, write in writes:
        write()
        _assert_kept_equal_recount(cast, label)


def test_no_user_gets_the_summons_figures_of_another_scope(cast: dict[str, Any], suits: dict[str, Any]) -> None:
    cache.clear()
    names = ("officer_a", "officer_b", "supervisor", "sued_committee", "other_committee", "outsider_supervisor")
    seen = {name: _figures(cast[name]) for name in names}
    assert [seen[n]["totals"][0]["total"] for n in names] == [3, 2, 5, 3, 2, 0]
    services.summons_create(actor=None, case=suits["a"], kind="hearing", date=D(2026, 3, 3),
                            committee=suits["a1"].committee)
    assert [_figures(cast[n])["totals"][0]["total"] for n in names] == [4, 2, 6, 4, 2, 0]
    assert _figures(cast["officer_b"]) == seen["officer_b"]


def test_a_case_write_reads_the_summonses_of_its_bodies_cases_alone(
        cast: dict[str, Any], orgs: dict[str, Any], suits: dict[str, Any]) -> None:
    """The province-wide supervisor's summons figures after a write to a case of court A:
    every query of summonses reads those of the cases court A holds (the old code
    counted the province's)."""
    cache.clear()
    supervisor = cast["supervisor"]
    _figures(supervisor)
    cases.case_event_append(actor=cast["admin"], case=suits["a"], type="judgment_pronounced",
                            date=D(2026, 5, 25), data={})
    with CaptureQueriesContext(connection) as ctx:
        figures = _figures(supervisor)
    reading = [q["sql"] for q in ctx.captured_queries if '"attendance_summons"' in q["sql"]]
    narrowed = f'"cases_case"."holder_id" IN ({orgs["court_a"].pk})'
    assert reading and all(narrowed in sql for sql in reading), [s[-300:] for s in reading if narrowed not in s]
    assert figures == {k: v for k, v in _recount(supervisor).items() if k != "rows"}
