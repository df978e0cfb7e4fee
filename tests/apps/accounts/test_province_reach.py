"""A province-wide reach (the Internal Affairs Committee, the provincial Procuracy, the
People's Council, the Fatherland Front; issue #12.3): in a database that holds one
province's bodies only — a province's deployment — every case is the province's, and the
scope reads them with no per-row condition, so a count kept per holding body recounts
after a write the touched body's cases alone, through its index, with no probe of the
province (on PostgreSQL at the P size the condition `holder in the province OR
EXISTS(a number of the province)` made the full count sort the province on disk). As soon as a body of another province is in the database the province
is filtered again, cache or not. Outside a transaction (`transaction=True`), where the
cache is used; on SQLite, and on PostgreSQL with DATABASE_URL."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from congminh.apps.accounts import scope
from congminh.apps.cases.counts import cached_count
from congminh.apps.cases.models import AgencyNumber, Case
from congminh.apps.cases.selectors import case_scope
from congminh.apps.organisations.models import Organisation

pytestmark = pytest.mark.django_db(transaction=True)


def _one_province(orgs: dict[str, Any], users: dict[str, Any]) -> None:
    """Leave the fixture's Đà Nẵng court out: the database then holds Gia Lai alone."""
    users["outsider_supervisor"].delete()
    orgs["other_province"].delete()


def _case_queries(captured: CaptureQueriesContext) -> list[str]:
    return [q["sql"] for q in captured.captured_queries if re.search(r'FROM "cases_case"', q["sql"])]


def test_a_province_deployment_recounts_only_the_written_body(orgs: dict[str, Any], users: dict[str, Any],
                                                               make_case: Any) -> None:
    _one_province(orgs, users)
    supervisor = users["supervisor"]
    written = make_case(holder="court_a", number="1/2026/TLST-DS")
    make_case(holder="court_b", number="2/2026/TLST-DS")
    make_case(holder="police", procedure="criminal", number="3/2026/CSĐT")
    assert cached_count(case_scope(supervisor)) == 3

    Case.objects.filter(pk=written.pk).update(status="suspended")  # a write, committed
    with CaptureQueriesContext(connection) as captured:
        assert cached_count(case_scope(supervisor)) == 3
    recounts = _case_queries(captured)
    assert len(recounts) == 1, recounts
    recount = recounts[0]
    # The touched body's cases through the holder, no province condition, no per-row probe.
    assert re.search(rf'"cases_case"\."holder_id" IN \({orgs["court_a"].pk}\)', recount), recount
    assert "province_code" not in recount and "EXISTS" not in recount, recount
    assert "cases_agencynumber" not in recount, recount
    assert "COUNT(*)" in recount, recount  # the holder index answers it, no case row read
    # A workflow's rows (complaints, summonses, requests) are read by their case's presence
    # alone, not by a probe of the case per row.
    from congminh.apps.attendance.models import Summons

    for rows in (scope.readable_complaints(supervisor), Summons.objects.filter(scope.summons_read_q(supervisor)),
                 scope.readable_expertise_requests(supervisor), scope.readable_evidence_requests(supervisor)):
        sql = str(rows.query)
        assert "EXISTS" not in sql and "cases_case" not in sql, sql


def test_a_body_of_another_province_brings_the_filter_back(orgs: dict[str, Any], users: dict[str, Any],
                                                           make_case: Any) -> None:
    _one_province(orgs, users)
    supervisor = users["supervisor"]
    ours = make_case(holder="court_a", number="1/2026/TLST-DS")
    assert set(case_scope(supervisor).values_list("pk", flat=True)) == {ours.pk}
    assert cached_count(case_scope(supervisor)) == 1  # kept, under the one-province shape

    # Another province's body arrives (a national database, a merged import): its cases
    # are not the province's, unless a body of the province numbered them.
    da_nang = Organisation.objects.create(code="TAND-DN", name="Tòa án nhân dân thành phố Đà Nẵng",
                                          kind="court", level="province", province_code="48",
                                          valid_from=dt.date(2025, 7, 1))
    orgs["other_province"] = da_nang
    theirs = make_case(holder="other_province", number="5/2026/DS-DN")
    shared = make_case(holder="other_province", number="6/2026/DS-DN")
    AgencyNumber.objects.create(case=shared, organisation=orgs["procuracy"], number="9/2026/VKS")

    with CaptureQueriesContext(connection) as captured:
        assert cached_count(case_scope(supervisor)) == 2
    assert any("province_code" in sql for sql in _case_queries(captured))
    assert set(case_scope(supervisor).values_list("pk", flat=True)) == {ours.pk, shared.pk}
    assert not case_scope(supervisor).filter(pk=theirs.pk).exists()
    # An area court still reads its own cases only.
    assert set(case_scope(users["officer_a"]).values_list("pk", flat=True)) == {ours.pk}

    # The body leaves again (moved into the province): every case is the province's.
    Organisation.objects.filter(pk=da_nang.pk).update(province_code="52")
    assert cached_count(case_scope(supervisor)) == 3
    assert set(case_scope(supervisor).values_list("pk", flat=True)) == {ours.pk, theirs.pk, shared.pk}


def test_the_provincial_enforcement_office_in_a_province_deployment(orgs: dict[str, Any], users: dict[str, Any],
                                                                    make_case: Any) -> None:
    from congminh.apps.accounts.models import User

    _one_province(orgs, users)
    for key, code, level in (("thads", "THADS-TINH", "province"), ("thads_kv1", "THADS-KV1", "region")):
        orgs[key] = Organisation.objects.create(code=code, name=f"Thi hành án dân sự {code}", kind="enforcement_office",
                                                level=level, province_code="52", valid_from=dt.date(2025, 7, 1))
    officer = User.objects.create_user(username="officer_thads", password="matkhau-an-toan-1",
                                       organisation=orgs["thads"], role="officer")
    enforced = make_case(holder="thads_kv1", procedure="enforcement", number="4/QĐ-THADS",
                         events=[("enforcement_decision_received", dt.date(2026, 3, 2), {})])
    make_case(holder="court_a", number="1/2026/TLST-DS")  # a civil case: not its to read

    def read() -> set[int]:
        return set(case_scope(officer).values_list("pk", flat=True))

    assert read() == {enforced.pk}
    assert cached_count(case_scope(officer)) == 1
    sql = str(case_scope(officer).query)
    assert "province_code" not in sql and "organisations_organisation" not in sql, sql
    # Another province's enforcement case, once its body is in the database, is not.
    da_nang = Organisation.objects.create(code="THADS-DN", name="Thi hành án dân sự thành phố Đà Nẵng",
                                          kind="enforcement_office", level="province", province_code="48",
                                          valid_from=dt.date(2025, 7, 1))
    orgs["thads_dn"] = da_nang
    make_case(holder="thads_dn", procedure="enforcement", number="8/QĐ-THADS",
              events=[("enforcement_decision_received", dt.date(2026, 3, 2), {})])
    assert read() == {enforced.pk}
    assert cached_count(case_scope(officer)) == 1
