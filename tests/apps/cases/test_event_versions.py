"""The data versions of case events and of a body's kind (`cases.dbobjects`, migration
0008): an event written, withdrawn or deleted by any path — a bare UPDATE with no audit
entry and no write to its case, as a data migration does — counts for its case's bodies; a
body's kind changed counts for it and for the bodies of the cases whose events it recorded,
a body renamed for none of them; migration 0008 backwards removes exactly that, forwards
brings it back. On the suite's database (SQLite, or PostgreSQL with DATABASE_URL)."""

from __future__ import annotations

import datetime as dt
import importlib
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.db import connection
from django.utils import timezone

from congminh.apps.cases import dbobjects
from congminh.apps.cases.models import CaseEvent
from congminh.apps.organisations.models import Organisation

MIGRATION = importlib.import_module("congminh.apps.cases.migrations.0009_event_and_kind_versions")


def _bodies(orgs: dict[str, Any]) -> dict[str, int]:
    """Per body of the cast, the writes counted for its cases alone."""
    found = {name: dbobjects.versions(connection, [org.pk]) for name, org in orgs.items()}
    return {name: v[1] - v[0] for name, v in found.items() if v is not None}


def _moved(before: dict[str, int], after: dict[str, int]) -> set[str]:
    return {name for name in after if after[name] != before[name]}


@pytest.mark.django_db
def test_event_and_kind_writes_count_for_the_right_bodies(orgs: dict[str, Any], make_case: Any) -> None:
    case = make_case(holder="court_a", events=[("accepted", dt.date(2026, 3, 2), {})])
    make_case(holder="court_b", number="2/2026/TLST-DS")
    before = _bodies(orgs)
    events = CaseEvent.objects.filter(case=case)
    events.update(withdrawn_at=timezone.now(), withdrawal_reason="rút khi nâng cấp dữ liệu")
    assert _moved(before, after := _bodies(orgs)) == {"court_a"}
    # The event recorded by the police on court_a's case: the police's kind decides whom
    # it is attributed to.
    events.update(organisation=orgs["police"])
    assert _moved(after, again := _bodies(orgs)) == {"court_a"}
    Organisation.objects.filter(pk=orgs["police"].pk).update(kind="police")
    assert _moved(again, after := _bodies(orgs)) == {"court_a", "police"}
    Organisation.objects.filter(pk=orgs["police"].pk).update(short_name="CSĐT", kind="police")
    assert _moved(after, again := _bodies(orgs)) == set()
    events.delete()
    assert _moved(again, _bodies(orgs)) == {"court_a"}


@pytest.mark.django_db
def test_migration_0008_backwards_and_forwards(orgs: dict[str, Any], make_case: Any) -> None:
    case = make_case(holder="court_a")
    events = CaseEvent.objects.filter(case=case)
    with connection.cursor() as cursor:
        editor = SimpleNamespace(connection=connection,
                                 execute=lambda sql, params=None: cursor.execute(sql))
        MIGRATION.backwards(django_apps, editor)
        before = _bodies(orgs)
        events.update(withdrawn_at=timezone.now())
        Organisation.objects.filter(pk=orgs["court_a"].pk).update(kind="department")
        assert _moved(before, after := _bodies(orgs)) == set()
        MIGRATION.forwards(django_apps, editor)
    events.update(withdrawn_at=None)
    assert _moved(after, again := _bodies(orgs)) == {"court_a"}
    Organisation.objects.filter(pk=orgs["court_a"].pk).update(kind="court")
    assert _moved(again, _bodies(orgs)) == {"court_a"}
