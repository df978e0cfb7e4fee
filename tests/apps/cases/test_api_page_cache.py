"""The API's case list keeps each page's ids per query and data version
(`counts.CachedPagePaginator`, issue #12.3): a repeated request reads its 25 rows by id
instead of sorting the scope's matches again, in the list's order, and shows a write at
once. Outside a transaction (`transaction=True`): nothing is cached inside one."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from congminh.apps.cases.models import Case

pytestmark = pytest.mark.django_db(transaction=True)


def _ids(client: APIClient, **params: Any) -> tuple[list[int], list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        body = client.get(reverse("cases-api:list"), params).json()
    sorted_reads = [q["sql"] for q in ctx.captured_queries
                    if 'FROM "cases_case"' in q["sql"] and "ORDER BY" in q["sql"]]
    return [r["id"] for r in body["results"]], sorted_reads


def test_a_repeated_page_reads_its_rows_by_id(make_case: Any, users: dict[str, Any]) -> None:
    cases = [make_case(title=f"Tranh chấp hợp đồng số {i}", number=f"{i}/2026/TLST-DS",
                       events=[("accepted", dt.date(2026, 1, 1 + i), {})]) for i in range(1, 4)]
    client = APIClient()
    client.force_authenticate(users["admin"])
    newest_first = [c.pk for c in reversed(cases)]

    first, sorted_first = _ids(client, q="tranh chap")
    again, sorted_again = _ids(client, q="tranh chap")
    assert first == again == newest_first
    assert sorted_first and not sorted_again  # the second time: no sort of the matches

    # A write moves the data version: the page is read again and shows it.
    Case.objects.filter(pk=cases[0].pk).update(last_event_on=dt.date(2026, 6, 1))
    after, sorted_after = _ids(client, q="tranh chap")
    assert after == [cases[0].pk, cases[2].pk, cases[1].pk]
    assert sorted_after
