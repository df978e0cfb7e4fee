"""The data versions per body (`cases.dbobjects`, issue #12 remainder 2): a write to a
case or a case number counts for the bodies the case touches, before and after it; any
other versioned write counts for every scope; `ensure` and migration 0007 create the
same objects, again and again without doubling a count. Runs on the suite's database
(SQLite here, PostgreSQL with DATABASE_URL), inside the test's transaction: the versions
are read in it as a writer's own reads see them."""

from __future__ import annotations

import importlib
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.db import connection

from congminh.apps.cases import dbobjects
from congminh.apps.cases.models import AgencyNumber, Case

MIGRATION = importlib.import_module("congminh.apps.cases.migrations.0007_data_versions_per_body")


def _counts(orgs: dict[str, Any]) -> dict[str, int]:
    """Per body of the cast, the writes counted for its cases alone; "shared": for every scope."""
    found = {name: dbobjects.versions(connection, [org.pk]) for name, org in orgs.items()}
    shared = dbobjects.versions(connection, [])
    assert shared is not None
    counts = {name: v[1] - v[0] for name, v in found.items() if v is not None}
    return {**counts, "shared": shared[0]}


def _moved(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {name for name in after if after[name] != before[name]}


@pytest.mark.django_db
def test_a_case_write_counts_for_the_bodies_it_touches(orgs: dict[str, Any], make_case: Any) -> None:
    before = _counts(orgs)
    case = make_case(holder="court_a", number="11/2026/TLST-DS")
    assert _moved(before, after := _counts(orgs)) == {"court_a"}
    elsewhere = make_case(holder="other_province", number="1/2026/DS-DN")
    assert _moved(after, again := _counts(orgs)) == {"other_province"}

    AgencyNumber.objects.create(case=case, organisation=orgs["court_b"], number="9/2026/DS")
    assert _moved(again, after := _counts(orgs)) == {"court_a", "court_b"}
    # The case leaves court_a: its old holder, its new one and its numbering bodies move.
    Case.objects.filter(pk=case.pk).update(holder=orgs["police"])
    assert _moved(after, again := _counts(orgs)) == {"court_a", "court_b", "police"}
    AgencyNumber.objects.filter(case=case, organisation=orgs["court_b"]).delete()
    assert _moved(again, after := _counts(orgs)) == {"court_a", "court_b", "police"}
    Case.objects.filter(pk=elsewhere.pk).delete()
    # The cascade's DELETEs of the case's workflows, of no row here, move no other scope
    # (on PostgreSQL they fire statement triggers all the same).
    assert _moved(after, again := _counts(orgs)) == {"other_province"}
    # A body (or a succession, a workflow) may change any scope: it counts for all.
    orgs["court_b"].predecessors.add(orgs["other_province"])
    assert _moved(again, after := _counts(orgs)) == {"shared"}
    # A statement that writes no row moves nothing; one that removes a row moves all.
    type(orgs["court_b"]).objects.filter(pk=-1).update(name="—")
    assert _moved(after, again := _counts(orgs)) == set()
    orgs["court_b"].predecessors.remove(orgs["other_province"])
    assert _moved(again, _counts(orgs)) == {"shared"}


@pytest.mark.django_db
def test_ensure_again_does_not_count_a_write_twice(orgs: dict[str, Any], make_case: Any) -> None:
    dbobjects.ensure(connection)  # as after every `migrate` (before any write of the test's)
    dbobjects.ensure(connection)
    case = make_case(holder="court_a")
    before = _counts(orgs)
    Case.objects.filter(pk=case.pk).update(status="suspended")  # one statement, one row
    after = _counts(orgs)
    assert after["court_a"] == before["court_a"] + 1 and _moved(before, after) == {"court_a"}


@pytest.mark.django_db
def test_migration_backwards_and_forwards(orgs: dict[str, Any], make_case: Any) -> None:
    """0007 back to 0004's single version, and forwards again: the counts work as before."""
    with connection.cursor() as cursor:
        editor = SimpleNamespace(connection=connection, execute=lambda sql, params=None: cursor.execute(sql))
        MIGRATION.backwards(django_apps, editor)
        assert dbobjects.VERSIONS not in connection.introspection.table_names(cursor)
        MIGRATION.forwards(django_apps, editor)
    before = _counts(orgs)
    make_case(holder="court_b")
    assert _moved(before, _counts(orgs)) == {"court_b"}


@pytest.mark.django_db
def test_compaction_keeps_every_sum(orgs: dict[str, Any], make_case: Any) -> None:
    """PostgreSQL appends a row a statement and body; compacted, one row a body, same sums."""
    if connection.vendor != "postgresql":
        pytest.skip("SQLite keeps one counter row a body: nothing to compact")
    case = make_case(holder="court_a")
    for status in ("suspended", "on_time", "overdue"):
        Case.objects.filter(pk=case.pk).update(status=status)
    before = (_counts(orgs), dbobjects.versions(connection, None))
    dbobjects.compact(connection)
    assert (_counts(orgs), dbobjects.versions(connection, None)) == before
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT body_id, COUNT(*) FROM {dbobjects.VERSIONS} GROUP BY body_id HAVING COUNT(*) > 1")
        assert cursor.fetchall() == []
