"""Counts kept per holding body (`cases.counts.cached_parts`, issue #12.3: the first
request after a write): after each kind of write — an event recorded, a case moved to
another holder, cases added by an import, a case flagged, an event withdrawn, a case
deleted — the kept figures of every user of the cast (the dashboard's grouped counts and
oversight numbers, the case list's totals, the bodies its filter offers) equal a full recount, no user gets another scope's figures,
and a write to one body's case recounts that body's cases alone. Outside a transaction
(`transaction=True`), where the cache is used; on SQLite, and on PostgreSQL with
DATABASE_URL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from congminh.apps.cases import services
from congminh.apps.cases.bulk import case_records_save
from congminh.apps.cases.counts import cached_count
from congminh.apps.cases.models import AgencyNumber, Case, CaseEvent
from congminh.apps.cases.selectors import (
    CaseFilters,
    case_filter_bodies,
    case_list,
    case_scope,
    case_summary,
)
from congminh.apps.web import oversight
from congminh.core.records import CaseRecord, EventRecord

pytestmark = pytest.mark.django_db(transaction=True)

LISTS = (CaseFilters(), CaseFilters(procedure="civil"), CaseFilters(open_only=True),
         CaseFilters(query="nguyen"))


def _figures(user: Any) -> dict[str, Any]:
    """What the dashboard and the case list show of the user's scope."""
    return {
        "summary": case_summary(user=user),
        "oversight": oversight._counts(user, timezone.localdate()),
        "totals": [cached_count(case_list(user=user, filters=f)) for f in LISTS],
        "filter bodies": sorted(case_filter_bodies(user=user).values_list("pk", flat=True)),
    }


def _recount(user: Any) -> dict[str, Any]:
    """The same figures counted afresh: inside a transaction nothing is read from the cache."""
    with transaction.atomic():
        figures = _figures(user)
        figures["scope"] = case_scope(user).count()
    return figures


def _assert_kept_equal_recount(users: dict[str, Any], after: str) -> None:
    for name, user in users.items():
        kept, fresh = _figures(user), _recount(user)
        assert kept == {k: v for k, v in fresh.items() if k != "scope"}, f"{name} after {after}"
        assert kept["totals"][0] == fresh["scope"] == kept["summary"].total, f"{name} after {after}"


def _import(holder: str, number: str, also: str) -> Callable[[], Any]:
    record = CaseRecord(
        procedure="criminal", title="Vụ trộm cắp tài sản của Nguyễn Văn Ánh", holder_code=holder,
        numbers=[(holder, number), (also, f"7-{number}")], category="serious",
        events=[EventRecord("case_instituted", dt.date(2026, 1, 5))])
    return lambda: case_records_save([record], actor=None, source="import")


def _requests(case: Any, investigator: Any, orgs: dict[str, Any]) -> None:
    """An expertise request and an evidence request on `case` (the dashboard's oversight)."""
    from congminh.apps.evidence import services as evidence
    from congminh.apps.expertise import services as expertise
    from congminh.apps.expertise.models import ExpertiseField

    # Seeded by a migration, gone after another test's flush: made again if so.
    field, _ = ExpertiseField.objects.get_or_create(code="tai-chinh", defaults={"name": "Tài chính"})
    request = expertise.expertise_request_create(
        actor=investigator, case=case, ref="21/QĐ", field=field, questions="Thiệt hại?",
        decided_on=dt.date(2026, 3, 5), organisation=orgs["procuracy"])
    expertise.expertise_request_send(actor=investigator, request=request, received_on=dt.date(2026, 3, 10))
    evidence.evidence_request_send(actor=investigator, case=case, ref="5/YC", documents="Sao kê tài khoản",
                                   sent_on=dt.date(2026, 3, 10), holder_name="Ngân hàng X")


def test_kept_figures_equal_a_recount_after_each_kind_of_write(users: dict[str, Any], orgs: dict[str, Any],
                                                                make_case: Any) -> None:
    cache.clear()
    admin = users["admin"]
    a = make_case(holder="court_a", number="11/2026/TLST-DS")
    b = make_case(holder="court_b", title="Tranh chấp thừa kế giữa Hoàng Văn Cường", number="22/2026/TLST-DS")
    AgencyNumber.objects.create(case=b, organisation=orgs["procuracy"], number="5/2026/VKS")
    police = make_case(holder="police", procedure="criminal", category="serious", number="3/2026/CSĐT",
                       events=[("case_instituted", dt.date(2026, 1, 5), {})])
    _requests(police, users["investigator"], orgs)
    make_case(holder="other_province", number="1/2026/DS-DN")
    _assert_kept_equal_recount(users, "the cases")  # every scope's figures now kept

    writes: list[tuple[str, Callable[[], Any]]] = [
        ("an event recorded", lambda: services.case_event_append(
            actor=admin, case=a, type="judgment_pronounced", date=dt.date(2026, 3, 20), data={})),
        ("a case moved to another holder", lambda: services.case_update(
            actor=admin, case=Case.objects.get(pk=a.pk), holder=orgs["police"])),
        ("a case moved back", lambda: services.case_update(
            actor=admin, case=Case.objects.get(pk=a.pk), holder=orgs["court_a"])),
        ("cases added by an import", _import("TAND-KV2", "9/2026/HS", "VKS-TINH")),
        ("an import in a body with no case yet", _import("BNC-TU", "4/2026/HS", "TAND-DN")),
        ("an event withdrawn", lambda: services.case_event_withdraw(
            actor=admin, event=CaseEvent.objects.filter(case=a).latest("id"), reason="Ghi nhầm")),
        ("a case with requests moved", lambda: services.case_update(
            actor=admin, case=Case.objects.get(pk=police.pk), holder=orgs["court_b"])),
        ("a case flagged", lambda: services.case_flags_set(
            actor=admin, case=Case.objects.get(pk=police.pk), reason="Dư luận quan tâm", public_concern=True)),
        ("a number removed", lambda: AgencyNumber.objects.filter(case=b, organisation=orgs["procuracy"]).delete()),
        ("a case deleted", lambda: Case.objects.filter(pk=b.pk).delete()),
    ]
    for label, write in writes:
        write()
        _assert_kept_equal_recount(users, label)


def test_no_user_gets_the_figures_of_another_scope(users: dict[str, Any], make_case: Any) -> None:
    cache.clear()
    for n in range(3):
        make_case(holder="court_a", number=f"{n + 1}/2026/TLST-DS")
    make_case(holder="court_b", number="22/2026/TLST-DS")
    seen = {name: _figures(users[name]) for name in ("officer_a", "officer_b", "supervisor")}
    assert [seen[n]["totals"][0] for n in ("officer_a", "officer_b", "supervisor")] == [3, 1, 4]
    make_case(holder="court_a", number="9/2026/TLST-DS")
    assert [_figures(users[n])["totals"][0] for n in ("officer_a", "officer_b", "supervisor")] == [4, 1, 5]
    assert _figures(users["officer_b"]) == seen["officer_b"]


def test_a_write_recounts_the_cases_of_the_bodies_it_touched_alone(users: dict[str, Any], orgs: dict[str, Any],
                                                                   make_case: Any) -> None:
    """The province-wide supervisor's figures after a write to one case of court_a: every
    query that reads cases (or the requests on them) reads those court_a holds (the old
    code counted the province)."""
    cache.clear()
    case = make_case(holder="court_a", number="11/2026/TLST-DS")
    make_case(holder="court_b", number="22/2026/TLST-DS")
    make_case(holder="police", number="3/2026/CSĐT")
    supervisor = users["supervisor"]
    _figures(supervisor)
    services.case_event_append(actor=users["admin"], case=case, type="judgment_pronounced",
                               date=dt.date(2026, 3, 20), data={})
    with CaptureQueriesContext(connection) as ctx:
        figures = _figures(supervisor)
    reading = [q["sql"] for q in ctx.captured_queries if '"cases_case"' in q["sql"]]
    court = orgs["court_a"].pk
    # The cases of court_a, or (the filter's probe of a body) court_a itself.
    narrowed = (f'"cases_case"."holder_id" IN ({court})', f'"organisations_organisation"."id" IN ({court})')
    assert reading and all(any(n in sql for n in narrowed) for sql in reading), [s[:150] + s[-250:] for s in reading if not any(n in s for n in narrowed)]
    assert figures == {k: v for k, v in _recount(supervisor).items() if k != "scope"}


@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL plans the scope's subquery itself")
def test_a_narrowed_recount_probes_the_numbers_of_the_cases_it_reads(users: dict[str, Any], orgs: dict[str, Any],
                                                                     make_case: Any) -> None:
    """The police's figures (a scope of the cases it holds or numbered, a small share of
    the province's) after a write to a case it numbered: the recount of the touched
    bodies' parts tests the numbers of their cases one by one; it no longer lists every
    case the police numbered first (`IN (SELECT case_id …)`, 80,000 at the P size), as the
    full count does."""
    cache.clear()
    numbered = make_case(holder="court_a", number="11/2026/TLST-DS")
    AgencyNumber.objects.create(case=numbered, organisation=orgs["police"], number="3/2026/CSĐT")
    for n in range(6):
        make_case(holder="court_b", number=f"{n + 20}/2026/TLST-DS")
    investigator = users["investigator"]
    listed = '"cases_case"."id" IN (SELECT'
    with CaptureQueriesContext(connection) as ctx:
        _figures(investigator)
    assert any(listed in q["sql"] for q in ctx.captured_queries)  # the full counts list them
    services.case_event_append(actor=users["admin"], case=numbered, type="judgment_pronounced",
                               date=dt.date(2026, 3, 20), data={})
    with CaptureQueriesContext(connection) as ctx:
        figures = _figures(investigator)
    reading = [q["sql"] for q in ctx.captured_queries if '"cases_agencynumber"' in q["sql"]]
    assert reading and not [sql for sql in reading if listed in sql]
    assert figures == {k: v for k, v in _recount(investigator).items() if k != "scope"}
