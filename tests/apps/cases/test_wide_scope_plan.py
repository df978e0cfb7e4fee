"""The case list of a wide scope on SQLite (`cases.plans`, issue #12): when the bodies of
a scope hold or number a large share of the cases, the list hides the holder index from
SQLite, which then walks the list's order instead of gathering and sorting the whole
scope; a small scope keeps the holder index. Either way the list shows the same cases in
the same order.

The cast: court_a holds 4 cases, court_b 1, the police 16 (21 cases); each case is
numbered by its holder when it is opened (`make_case`), so the estimate counts a body's
case twice, once held and once numbered (an upper bound of its scope, by design):

| scope (officer)     | held | numbers | share estimated      | plan             |
|---------------------|------|---------|----------------------|------------------|
| court_a (officer_a) | 4    | 4       | 8/21 = 0.381 ≥ 0.3   | walk the order   |
| court_b (officer_b) | 1    | 1       | 2/21 = 0.095 < 0.3   | holder index     |
| police (investigator)| 16  | 16      | 32/21, capped at 1   | walk the order   |
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection

from congminh.apps.cases import plans
from congminh.apps.cases.selectors import case_list, case_scope

UNINDEXED = '+"cases_case"."holder_id"'


@pytest.fixture
def cast(orgs: dict[str, Any], make_case: Any) -> dict[str, Any]:
    for i in range(4):
        make_case(holder="court_a", number=f"{i + 1}/2026/TLST-DS")
    make_case(holder="court_b", number="1/2026/TLST-DS")
    for i in range(16):
        make_case(holder="police", number=f"{i + 1}/2026/CSĐT")
    return orgs


@pytest.mark.django_db
def test_the_share_counts_held_cases_and_numbers_given(cast: dict[str, Any]) -> None:
    assert plans.scope_share([cast["court_a"].pk]) == pytest.approx(8 / 21)
    assert plans.scope_share([cast["court_b"].pk]) == pytest.approx(2 / 21)
    assert plans.scope_share([cast["police"].pk]) == 1.0
    assert plans.scope_share([cast["other_province"].pk]) == 0.0


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL plans with its statistics")
def test_a_wide_scope_walks_the_list_order_a_small_one_keeps_the_holder_index(
        cast: dict[str, Any], users: dict[str, Any]) -> None:
    wide, small = case_list(user=users["officer_a"]), case_list(user=users["officer_b"])
    assert UNINDEXED in str(wide.query)
    assert UNINDEXED not in str(small.query) and '"cases_case"."holder_id" IN' in str(small.query)
    sql, params = wide.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN QUERY PLAN {sql}", params)
        plan = " | ".join(str(row[-1]) for row in cursor.fetchall())
    # The order's index, read in order: no sort of the scope's rows.
    assert "cases_case_last_event_idx" in plan and "TEMP B-TREE FOR ORDER BY" not in plan, plan
    # Only the list walks: the scope asked elsewhere (counts, case pages) is unchanged.
    assert UNINDEXED not in str(case_scope(users["officer_a"]).query)


@pytest.mark.django_db
def test_either_plan_lists_the_same_cases_in_the_same_order(cast: dict[str, Any], users: dict[str, Any]) -> None:
    for name, user in users.items():
        listed = [c.pk for c in case_list(user=user)]
        assert listed == list(case_scope(user).values_list("pk", flat=True)), name
    assert len(case_list(user=users["officer_a"])) == 4
    assert len(case_list(user=users["investigator"])) == 16
