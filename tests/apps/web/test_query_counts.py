"""SQL queries per page are bounded, whatever the page lists (issue #12.3): a query run
once per row (an N+1) on the dashboard, the case list (any filter, search, sort, page),
the case page or the API list fails here. And the counts the dashboard and the list's
total read from the cache are never those of older data."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from congminh.apps.cases import services

# More cases than a page (25) with numbers at two bodies, parties and events, held by
# two courts: a query per row or per body shows as dozens of queries.
CASES = 30


@pytest.fixture
def province(make_case: Any, users: dict[str, Any], orgs: dict[str, Any]) -> list[Any]:
    cases = []
    for i in range(CASES):
        case = make_case(
            holder="court_a" if i % 3 else "court_b",
            title=f"Tranh chấp hợp đồng giữa Nguyễn Văn An {i} và Lê Thị Hoa",
            number=f"{i + 1}/2026/TLST-DS",
            events=[("accepted", dt.date(2026, 1, 1) + dt.timedelta(days=i), {})],
        )
        services.agency_number_add(actor=users["admin"], case=case, organisation=orgs["procuracy"],
                                   number=f"VKS {i + 1}/2026")
        services.party_add(actor=users["admin"], case=case, name=f"Trần Văn Bình {i}", role="respondent")
        cases.append(case)
    return cases


# (url name, query) -> the most queries the page may run; the session, the user and the
# scope's bodies included. Each is a page of 25 rows or a table of every body.
LIST_PAGES = [
    ({}, 16),
    ({"q": "nguyen van an"}, 18),
    ({"q": "VKS 7/2026"}, 18),
    ({"status": "on_time", "procedure": "civil"}, 16),
    ({"stage": "trial_preparation", "open": "on", "prolonged": "on"}, 16),
    ({"sort": "number"}, 16),
    ({"sort": "-days_over"}, 16),
    ({"sort": "holder", "page": "2"}, 16),
    ({"sort": "stage", "age": "1"}, 16),
]


def _count(client: Client, url: str, params: dict[str, str] | None = None) -> int:
    client.get(url, params or {})  # warm: session, translations, content types
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200, response.content[:500]
    return len(ctx.captured_queries)


@pytest.mark.parametrize("who", ["supervisor", "officer_a", "admin"])
def test_dashboard_queries(who: str, client: Client, users: dict[str, Any], province: list[Any],
                           django_assert_max_num_queries: Any) -> None:
    client.force_login(users[who])
    client.get(reverse("web:dashboard"))
    # 21: the summonses' block (directive point 1) added its aggregate and its scope's lookup.
    with django_assert_max_num_queries(21):
        assert client.get(reverse("web:dashboard")).status_code == 200


@pytest.mark.parametrize(("params", "most"), LIST_PAGES)
def test_case_list_queries(params: dict[str, str], most: int, client: Client, users: dict[str, Any],
                           province: list[Any], django_assert_max_num_queries: Any) -> None:
    client.force_login(users["supervisor"])
    url = reverse("web:case_list")
    client.get(url, params)
    with django_assert_max_num_queries(most):
        response = client.get(url, params)
    assert response.status_code == 200
    if not params:
        assert response.content.decode().count('<td class="number">') == 25  # a full page


def test_case_list_queries_do_not_grow_with_the_rows(client: Client, users: dict[str, Any],
                                                     make_case: Any, province: list[Any]) -> None:
    client.force_login(users["supervisor"])
    url = reverse("web:case_list")
    first = _count(client, url, {"page": "2"})  # 5 rows
    assert _count(client, url) == first  # 25 rows


def test_case_page_queries(client: Client, users: dict[str, Any], province: list[Any],
                           django_assert_max_num_queries: Any) -> None:
    client.force_login(users["officer_a"])
    url = reverse("web:case_detail", args=[province[1].pk])
    client.get(url)
    with django_assert_max_num_queries(40):
        assert client.get(url).status_code == 200


@pytest.mark.parametrize("params", [{}, {"q": "tran van binh"}, {"procedure": "civil", "stage": "trial_preparation"}])
def test_api_list_queries(params: dict[str, str], users: dict[str, Any], province: list[Any],
                          django_assert_max_num_queries: Any) -> None:
    api = APIClient()
    api.force_authenticate(users["supervisor"])
    url = reverse("cases-api:list")
    api.get(url, params)
    with django_assert_max_num_queries(12):
        response = api.get(url, params)
    assert response.status_code == 200
    assert len(response.json()["results"]) == response.json()["count"] == CASES


@pytest.mark.django_db(transaction=True)
def test_cached_counts_follow_every_write(client: Client, users: dict[str, Any], make_case: Any,
                                          orgs: dict[str, Any]) -> None:
    """Outside a transaction the dashboard and the list's total come from the cache;
    a new case, a raw UPDATE of a status or a number given to another body changes the
    data version, so the next page counts again."""
    from congminh.apps.cases.models import Case

    make_case(number="1/2026/DS")
    make_case(number="2/2026/DS", holder="court_b")
    client.force_login(users["officer_a"])

    # Read from the HTML: a body served from the cache (web.pagecache) has no context.
    def dashboard() -> tuple[int, int]:
        cards = re.findall(r'<span class="num">([\d.]+)</span>', client.get(reverse("web:dashboard")).content.decode())
        return int(cards[0]), int(cards[3])  # in scope, suspended

    def listed() -> int:
        html = client.get(reverse("web:case_list")).content.decode()
        return int(re.search(r'<p class="summary">\s*([\d.]+)', html).group(1))  # type: ignore[union-attr]

    assert dashboard() == (1, 0) and listed() == 1
    nothing = client.get(reverse("web:case_list"), {"q": "khong co vu nao"})  # no SQL to key on
    assert nothing.context["page"].paginator.count == 0
    with CaptureQueriesContext(connection) as cached:
        assert dashboard() == (1, 0) and listed() == 1
    counted = [q for q in cached.captured_queries if q["sql"].startswith(('SELECT COUNT(*) AS "__count" FROM "cases_case"', 'SELECT "cases_case"."holder_id"'))]
    assert not counted  # from the cache
    third = make_case(number="3/2026/DS")
    assert dashboard() == (2, 0) and listed() == 2
    Case.objects.filter(pk=third.pk).update(status="suspended")  # a write no signal sees
    assert dashboard() == (2, 1)
    # Reach: officer_a reads a court_b case once its body numbers it.
    other = Case.objects.get(holder=orgs["court_b"])
    services.agency_number_add(actor=None, case=other, organisation=orgs["court_a"], number="77/2026/DS")
    assert dashboard() == (3, 1) and listed() == 3
