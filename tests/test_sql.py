"""`congminh.sql.ids_of`: a queryset's primary keys read through the cursor are those
Django's own iterator gives, for a scope's filtered query and for one nothing can meet."""

from __future__ import annotations

import datetime as dt
from typing import Any

from congminh.apps.accounts import scope as access
from congminh.apps.accounts.models import User
from congminh.apps.cases.models import Case
from congminh.apps.demo.services import demo_cases_load, demo_users_ensure
from congminh.apps.organisations.services import organisations_load
from congminh.sql import ids_of


def test_ids_of_gives_the_querysets_keys(db: Any) -> None:
    organisations_load()
    demo_users_ensure()
    demo_cases_load(size="XS", seed=5, as_of=dt.date(2026, 11, 26), count=40)
    for username in ("vks", "admin"):
        qs = access.readable_cases(User.objects.get(username=username)).filter(procedure="criminal")
        expected = sorted(qs.values_list("id", flat=True))
        assert expected and sorted(ids_of(qs)) == expected
    assert ids_of(Case.objects.none()) == []
    assert ids_of(Case.objects.filter(id__in=[])) == []


def test_ids_of_reads_without_the_models_ordering(db: Any) -> None:
    """The cases' default ordering (by last event) made SQLite walk an index and read each
    row out of order: the ids are asked for unordered."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    assert Case._meta.ordering
    with CaptureQueriesContext(connection) as asked:
        ids_of(Case.objects.filter(created_at__isnull=False))
    assert len(asked.captured_queries) == 1
    assert "ORDER BY" not in asked.captured_queries[0]["sql"]
