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

from congminh.apps.cases import services
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


# --- the whole page kept per scope (apis.CaseListCreateApi.get) ---------------------------


def _list(client: APIClient, **params: Any) -> tuple[dict[str, Any], list[str]]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("cases-api:list"), params)
    assert response.status_code == 200
    return response.json(), [q["sql"] for q in ctx.captured_queries]


def _titles(body: dict[str, Any]) -> list[str]:
    return [r["title"] for r in body["results"]]


def test_a_warm_page_reads_the_versions_alone(make_case: Any, users: dict[str, Any]) -> None:
    make_case(title="Tranh chấp hợp đồng vay tài sản", number="5/2026/TLST-DS")
    client = APIClient()
    client.force_login(users["officer_a"])
    first, _ = _list(client, q="hop dong")
    again, queries = _list(client, q="hop dong")
    assert again == first and _titles(again) == ["Tranh chấp hợp đồng vay tài sản"]
    # The session, the user and the two data-version reads (the scope's bodies, cached
    # under the shared version, then theirs): no case, number or party is read.
    assert len(queries) == 4, queries
    assert not [q for q in queries if "cases_case" in q or "cases_agencynumber" in q or "cases_party" in q]
    assert sum("cases_bodyversion" in q for q in queries) == 2
    # A filter by body: its code is read only when the page is computed.
    code = users["officer_a"].organisation.code
    first, _ = _list(client, organisation=code)
    again, queries = _list(client, organisation=code)
    assert again == first and first["count"] == 1 and len(queries) == 4


def test_a_page_computed_afresh_reads_each_version_once(make_case: Any, users: dict[str, Any]) -> None:
    """The total, the page's ids and the search's exact matches are keyed by one reading
    of every body's version (`counts.one_version`), not one reading each; the total's
    parts per holding body (`counts.cached_parts`) by one reading of each body's."""
    make_case(title="Tranh chấp hợp đồng vay tài sản", number="5/2026/TLST-DS")
    client = APIClient()
    client.force_login(users["officer_a"])
    body, queries = _list(client, q="hop dong")
    assert body["count"] == 1
    every_body = [q for q in queries if "cases_bodyversion" in q and "WHERE body_id IN" not in q]
    by_body = [q for q in every_body if "GROUP BY body_id" in q]
    assert len(every_body) - len(by_body) == 1 and len(by_body) == 1, every_body


def test_each_scope_gets_its_own_page(make_case: Any, users: dict[str, Any]) -> None:
    """Two courts' officers, and a viewer of the first court, ask the same address: each
    gets the cases of its scope, whoever asked first."""
    make_case(holder="court_a", title="Tranh chấp đất đai ở khu vực 1", number="1/2026/TLST-DS")
    make_case(holder="court_b", title="Tranh chấp đất đai ở khu vực 2", number="2/2026/TLST-DS")
    seen = {}
    for name in ("officer_a", "officer_b", "viewer_a", "officer_a", "officer_b"):
        client = APIClient()
        client.force_login(users[name])
        body, _ = _list(client, q="dat dai")
        seen.setdefault(name, _titles(body))
        assert _titles(body) == seen[name]
    assert seen["officer_a"] == seen["viewer_a"] == ["Tranh chấp đất đai ở khu vực 1"]
    assert seen["officer_b"] == ["Tranh chấp đất đai ở khu vực 2"]


def test_a_write_shows_at_once(make_case: Any, users: dict[str, Any], orgs: dict[str, Any]) -> None:
    case = make_case(title="Tranh chấp hợp đồng thuê nhà", number="7/2026/TLST-DS")
    client = APIClient()
    client.force_login(users["officer_a"])
    body, _ = _list(client)
    assert body["count"] == 1 and body["results"][0]["numbers"] == ["7/2026/TLST-DS"]

    # The case's own fields, through the API.
    assert client.patch(reverse("cases-api:detail", args=[case.pk]),
                        {"title": "Tranh chấp hợp đồng thuê kho"}, format="json").status_code == 200
    body, _ = _list(client)
    assert _titles(body) == ["Tranh chấp hợp đồng thuê kho"]

    # A number (another table), and a new case of the scope.
    services.agency_number_add(actor=users["admin"], case=case, organisation=orgs["procuracy"],
                               number="3/2026/VKS-DS")
    make_case(title="Tranh chấp thừa kế", number="8/2026/TLST-DS")
    body, _ = _list(client)
    assert body["count"] == 2
    numbers = {r["id"]: sorted(r["numbers"]) for r in body["results"]}
    assert numbers[case.pk] == ["3/2026/VKS-DS", "7/2026/TLST-DS"]
