"""The quality pages run a fixed number of SQL queries however many courts, judges, cases
and outcomes they count (issue #12.3: a query per body or per row does not scale to a
province), and their figures, cached per scope and period, follow every write."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from congminh.apps.audit.models import AuditEntry
from congminh.apps.cases import services
from congminh.apps.cases.models import Case, CaseEvent
from congminh.apps.organisations.models import Organisation
from congminh.apps.quality import selectors

D = dt.date
PERIOD = {"start": "01/01/2026", "end": "31/12/2026"}
PAGES = [("quality:report", {}), ("quality:outcomes", {}),
         ("quality:outcomes", {"outcome": "annulled", "fault": "subjective"}),
         ("quality:judgments", {}), ("quality:judgments", {"sort": "judge"}),
         ("quality:returns", {})]


def _case(make_case: Callable[..., Any], i: int, holder: str, judge: str, outcome: str) -> Any:
    """A first-instance judgment by `judge`, appealed, reviewed with `outcome` ("" = not
    yet reviewed)."""
    events: list[tuple[str, dt.date, dict[str, Any]]] = [
        ("accepted", D(2026, 1, 5), {}), ("brought_to_trial", D(2026, 3, 2), {}),
        ("hearing_opened", D(2026, 3, 10), {}),
        ("judgment_pronounced", D(2026, 3, 10), {"presiding_judge": judge}),
        ("appeal_lodged", D(2026, 3, 20), {})]
    if outcome:
        events.append(("appellate_outcome", D(2026, 6, 1), {"outcome": outcome, "fault": "subjective"}))
    return make_case(holder=holder, number=f"{i}/2026/DS-ST", events=events)


def _counts(client: Client) -> dict[str, int]:
    out = {}
    for name, params in PAGES:
        client.get(reverse(name), {**PERIOD, **params})  # warm: session, translations
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(reverse(name), {**PERIOD, **params})
        assert response.status_code == 200
        out[f"{name} {params}"] = len(ctx.captured_queries)
    return out


def test_queries_do_not_grow_with_courts_judges_or_cases(make_case: Callable[..., Any],
                                                         users: dict[str, Any], client: Client) -> None:
    # Inside the test's transaction nothing is cached: these are the computing requests.
    _case(make_case, 1, "court_a", "Lê Văn Cường", "annulled")
    _case(make_case, 2, "court_a", "Lê Văn Cường", "")
    client.force_login(users["supervisor"])
    few = _counts(client)
    for i in range(3, 23):  # ten times the cases, a second court, eight more judges
        _case(make_case, i, "court_b" if i % 2 else "court_a", f"Thẩm phán {i % 9}",
              ("annulled", "amended", "upheld", "")[i % 4])
    assert _counts(client) == few
    rows = {org.code: t for org, t in selectors.by_court(users["supervisor"], D(2026, 1, 1), D(2026, 12, 31))}
    # 22 judgments: court_a the even i (10 of 3..22) and 1, 2 -> 12; court_b 10.
    assert (rows["TAND-KV1"].judgments, rows["TAND-KV2"].judgments) == (12, 10)


@pytest.mark.django_db(transaction=True)
def test_cached_figures_follow_a_new_outcome_and_a_withdrawal(make_case: Callable[..., Any],
                                                              users: dict[str, Any],
                                                              client: Client) -> None:
    """Outside a transaction the figures come from the cache; recording or withdrawing an
    outcome moves the data version (its case's derived columns are written), so the next
    page counts again."""
    first = _case(make_case, 1, "court_a", "Lê Văn Cường", "annulled")
    second = _case(make_case, 2, "court_a", "Lê Văn Cường", "")
    client.force_login(users["supervisor"])

    def annulled() -> tuple[int, int]:
        context = client.get(reverse("quality:report"), PERIOD).context
        [row] = [r for r in context["courts"] if r["name"] == "Tòa án nhân dân khu vực 1 - Gia Lai"]
        return row["tally"].judgments, row["tally"].annulled["subjective"]

    assert annulled() == (2, 1)
    with CaptureQueriesContext(connection) as cached:
        assert annulled() == (2, 1)
    assert not [q for q in cached.captured_queries if "appellate_outcome" in q["sql"]]  # the cache
    services.case_event_append(actor=users["admin"], case=second, type="appellate_outcome",
                               date=D(2026, 7, 1), data={"outcome": "annulled", "fault": "subjective"})
    assert annulled() == (2, 2)
    services.case_event_withdraw(actor=users["admin"], reason="ghi nhầm",
                                 event=first.events.get(type="appellate_outcome"))
    assert annulled() == (2, 1)
    listed = client.get(reverse("quality:outcomes"), {**PERIOD, "outcome": "annulled"}).context
    assert [o.case_id for o in listed["page"]] == [second.pk]


@pytest.mark.django_db(transaction=True)
def test_a_write_recomputes_only_the_body_it_touched(make_case: Callable[..., Any],
                                                    users: dict[str, Any], client: Client) -> None:
    """Each holding body's part of the figures is kept under a mark that moves when one of
    its cases is written: an outcome recorded on court_b's case counts court_b again (its
    queries filtered to that body alone) and reads court_a's part back; a write that
    touches no case (a body renamed) counts nobody again."""
    _case(make_case, 1, "court_a", "Lê Văn Cường", "annulled")
    second = _case(make_case, 2, "court_b", "Trần Thị Hoa", "")
    client.force_login(users["supervisor"])

    def figures() -> tuple[dict[str, tuple[int, int]], list[str]]:
        with CaptureQueriesContext(connection) as ctx:
            context = client.get(reverse("quality:report"), PERIOD).context
        rows = {r["name"]: (r["tally"].judgments, r["tally"].annulled["subjective"])
                for r in context["courts"]}
        # The figure queries (outcomes, judgments per judge) read the presiding judge.
        return rows, [q["sql"] for q in ctx.captured_queries if "presiding_judge" in q["sql"]]

    a, b = "Tòa án nhân dân khu vực 1 - Gia Lai", "Tòa án nhân dân khu vực 2 - Gia Lai"
    before, _sql = figures()
    assert (before[a], before[b]) == ((1, 1), (1, 0))
    services.case_event_append(actor=users["admin"], case=second, type="appellate_outcome",
                               date=D(2026, 7, 1), data={"outcome": "annulled", "fault": "subjective"})
    after, computed = figures()
    assert (after[a], after[b]) == ((1, 1), (1, 1))
    assert len(computed) == 2 and all(f'"holder_id" IN ({second.holder_id})' in sql for sql in computed)
    Organisation.objects.filter(code="VKS-TINH").update(short_name="VKSND tỉnh")
    again, computed = figures()
    assert again == after and computed == []


def _report(client: Client) -> tuple[dict[str, tuple[int, int]], list[str]]:
    """The report's rows per court (judgments, annulled for subjective fault) and the
    figure queries it ran (they read the presiding judge)."""
    with CaptureQueriesContext(connection) as ctx:
        context = client.get(reverse("quality:report"), PERIOD).context
    rows = {r["name"]: (r["tally"].judgments, r["tally"].annulled["subjective"]) for r in context["courts"]}
    return rows, [q["sql"] for q in ctx.captured_queries if "presiding_judge" in q["sql"]]


def _holders(sql: str) -> set[int]:
    found = re.search(r'"holder_id" IN \(([\d, ]+)\)', sql)
    assert found, sql
    return {int(x) for x in found.group(1).split(",")}


@pytest.mark.django_db(transaction=True)
def test_an_event_withdrawn_with_no_audit_entry_recounts_its_body(make_case: Callable[..., Any],
                                                                  users: dict[str, Any],
                                                                  client: Client) -> None:
    """A data migration withdraws an outcome by a bare UPDATE of the event: no audit entry,
    no write to its case. The event's own write moves its case's body (the database's
    triggers, `cases.dbobjects`): the next page counts that body alone again."""
    _case(make_case, 1, "court_a", "Lê Văn Cường", "annulled")
    second = _case(make_case, 2, "court_b", "Trần Thị Hoa", "annulled")
    client.force_login(users["supervisor"])
    a, b = "Tòa án nhân dân khu vực 1 - Gia Lai", "Tòa án nhân dân khu vực 2 - Gia Lai"
    before, _sql = _report(client)
    assert (before[a], before[b]) == ((1, 1), (1, 1))
    audit_rows, case_row = AuditEntry.objects.count(), Case.objects.values().get(pk=second.pk)
    CaseEvent.objects.filter(case=second, type="appellate_outcome").update(
        withdrawn_at=timezone.now(), withdrawal_reason="Bản ghi trùng, tự động rút khi nâng cấp dữ liệu")
    assert AuditEntry.objects.count() == audit_rows and Case.objects.values().get(pk=second.pk) == case_row
    after, computed = _report(client)
    assert (after[a], after[b]) == ((1, 1), (1, 0))
    assert len(computed) == 2 and all(_holders(sql) == {second.holder_id} for sql in computed)


@pytest.mark.django_db(transaction=True)
def test_a_body_kind_changed_recounts_the_bodies_of_the_cases_it_recorded(
        make_case: Callable[..., Any], users: dict[str, Any], orgs: dict[str, Any],
        client: Client) -> None:
    """A judgment recorded by a body registered with the wrong kind counts for the case's
    holder; once its kind is corrected to a court (a registry write with no case in it) the
    judgment counts for it: the bodies of the cases it recorded events on, and itself, are
    counted again, no other."""
    first = _case(make_case, 1, "court_a", "Lê Văn Cường", "")
    second = _case(make_case, 2, "court_b", "Trần Thị Hoa", "")
    third = Organisation.objects.create(code="TAND-KV3", name="Tòa án nhân dân khu vực 3 - Gia Lai",
                                        kind="department", level="region", province_code="52",
                                        valid_from=D(2025, 7, 1))
    CaseEvent.objects.filter(case=first, type="judgment_pronounced").update(organisation=third)
    client.force_login(users["supervisor"])
    a, b, c = (org.name for org in (orgs["court_a"], orgs["court_b"], third))
    before, _sql = _report(client)
    assert (before[a], before[b], c in before) == ((1, 0), (1, 0), False)
    Organisation.objects.filter(pk=third.pk).update(kind="court")
    after, computed = _report(client)
    assert (a in after, after[b], after[c]) == (False, (1, 0), (1, 0))
    assert computed and all(second.holder_id not in _holders(sql) and first.holder_id in _holders(sql)
                            for sql in computed)
    Organisation.objects.filter(pk=third.pk).update(short_name="TAND KV3")  # no kind change
    again, computed = _report(client)
    assert again == after and computed == []
