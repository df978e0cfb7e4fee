"""The dashboard's table by holding body: one grouped query, every number a link to the
list of exactly the cases it counts (issue #11, part 5)."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape
from typing import Any

import pytest
import time_machine
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congminh.apps.cases.models import Case
from congminh.apps.obligations.services import case_clocks_refresh

TODAY = dt.date(2026, 12, 2)
NOW = dt.datetime(2026, 12, 2, 9, tzinfo=dt.UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def _criminal(make_case: Any, number: str, instituted: dt.date, holder: str = "police",
              more: list[tuple[str, dt.date, dict[str, Any]]] | None = None) -> Any:
    return make_case(holder=holder, procedure="criminal", category="serious",
                     title=f"Vụ {number}", number=number,
                     events=[("case_instituted", instituted, {}), *(more or [])])


@pytest.fixture
def province(make_case: Any) -> dict[str, Any]:
    """Police: 2 overdue (one of them prolonged), 1 on time, 1 closed; court_a: 1 due soon,
    1 suspended; court_b: 1 on time."""
    cases = {
        "overdue": _criminal(make_case, "1/QĐ", dt.date(2026, 3, 10)),
        "overdue_prolonged": _criminal(make_case, "2/QĐ", dt.date(2025, 6, 2)),
        "on_time": _criminal(make_case, "3/QĐ", dt.date(2026, 11, 20)),
        "closed": _criminal(make_case, "4/QĐ", dt.date(2025, 1, 6),
                            more=[("closed", dt.date(2025, 3, 3), {"reason": "not_prosecuted"})]),
        "court_a_1": make_case(holder="court_a", number="1/2026/DS",
                               events=[("accepted", dt.date(2026, 8, 10), {})]),
        "court_a_2": make_case(holder="court_a", number="2/2026/DS"),
        "court_b": make_case(holder="court_b", number="3/2026/DS",
                             events=[("accepted", dt.date(2026, 11, 16), {})]),
    }
    case_clocks_refresh(case_ids=[c.pk for c in cases.values()], as_of=TODAY)
    # Statuses set by hand where the law would need a long history to reach them.
    Case.objects.filter(pk=cases["court_a_1"].pk).update(status="due_soon")
    Case.objects.filter(pk=cases["court_a_2"].pk).update(status="suspended")
    for c in cases.values():
        c.refresh_from_db()
    assert cases["overdue"].status == "overdue" and cases["overdue_prolonged"].status == "overdue"
    assert "prolonged" in cases["overdue_prolonged"].flags
    assert cases["closed"].status == "closed"
    return cases


def _links(html: str) -> dict[tuple[str, int], str]:
    """(row label, column index) -> href of each number of the table by body."""
    table = html[html.index('class="counts bodies"'):]
    table = table[:table.index("</table>")]
    found = {}
    for row in re.findall(r"<tr>(.*?)</tr>", table, re.S):
        head = re.search(r'<th scope="row"[^>]*>(.*?)</th>', row, re.S)
        if not head:
            continue
        label = unescape(re.sub(r"<[^>]+>", "", head.group(1))).replace("↳", "").strip()
        for i, href in enumerate(re.findall(r'<td class="n"><a[^>]*href="([^"]+)"', row)):
            found[(label, i)] = unescape(href)
    return found


def test_table_by_body_counts(client: Client, users: dict[str, Any], orgs: dict[str, Any],
                              province: dict[str, Any]) -> None:
    client.force_login(users["supervisor"])
    table = client.get(reverse("web:dashboard")).context["body_table"]
    rows = {r.label: [c["n"] for c in r.cells] + [r.overdue_percent] for r in table.rows}
    # holding (open), overdue, suspended, prolonged, due soon, % overdue
    assert rows == {
        orgs["police"].name: [3, 2, 0, 1, 0, 66.7],
        orgs["court_a"].name: [2, 0, 1, 0, 1, 0.0],
        orgs["court_b"].name: [1, 0, 0, 0, 0, 0.0],
    }
    assert [c["n"] for c in table.totals.cells] == [6, 2, 1, 1, 1]
    # Grouped by kind and level: the investigation body first, then the area courts.
    assert [r.label for r in table.rows] == [orgs["police"].name, orgs["court_a"].name,
                                             orgs["court_b"].name]


def test_every_number_is_the_length_of_the_list_behind_it(
    client: Client, users: dict[str, Any], orgs: dict[str, Any], province: dict[str, Any],
) -> None:
    client.force_login(users["supervisor"])
    response = client.get(reverse("web:dashboard"))
    html = response.content.decode()
    table = response.context["body_table"]
    links = _links(html)
    checked = 0
    for row in [*table.rows, table.totals]:
        for i, cell in enumerate(row.cells):
            listing = client.get(links[(row.label, i)])
            assert listing.status_code == 200
            assert listing.context["page"].paginator.count == cell["n"], (row.label, i)
            checked += 1
    assert checked == 4 * 5
    # The police's overdue cell lists exactly its two overdue cases; "prolonged" the old one.
    overdue = client.get(links[(orgs["police"].name, 1)]).context["page"].object_list
    assert {c.pk for c in overdue} == {province["overdue"].pk, province["overdue_prolonged"].pk}
    prolonged = client.get(links[(orgs["police"].name, 3)]).context["page"].object_list
    assert [c.pk for c in prolonged] == [province["overdue_prolonged"].pk]
    # The closed case is held but not counted, and not listed behind «đang thụ lý».
    holding = client.get(links[(orgs["police"].name, 0)]).context["page"].object_list
    assert province["closed"].pk not in {c.pk for c in holding}


def test_inner_cells_of_the_stage_table_are_links(
    client: Client, users: dict[str, Any], province: dict[str, Any],
) -> None:
    client.force_login(users["supervisor"])
    response = client.get(reverse("web:dashboard"))
    html = response.content.decode()
    table = response.context["stage_table"]
    for row in table.rows:
        for procedure, n in row["cells"]:
            if not n:
                continue
            href = f'{reverse("web:case_list")}?procedure={procedure}&amp;stage={row["stage"]}'
            assert f'<a href="{href}">{n}</a>' in html
            listing = client.get(unescape(href))
            assert listing.context["page"].paginator.count == n
    for procedure, n in table.total_cells:
        listing = client.get(reverse("web:case_list"), {"procedure": procedure})
        assert listing.context["page"].paginator.count == n
        assert f'?procedure={procedure}">{n}</a>' in html


def test_the_table_follows_the_users_reach(client: Client, users: dict[str, Any], orgs: dict[str, Any],
                                           province: dict[str, Any]) -> None:
    client.force_login(users["officer_b"])  # an area court reads its own cases
    table = client.get(reverse("web:dashboard")).context["body_table"]
    assert [r.label for r in table.rows] == [orgs["court_b"].name]
    assert [c["n"] for c in table.rows[0].cells] == [1, 0, 0, 0, 0]


def test_one_grouped_query_whatever_the_number_of_bodies(
    client: Client, users: dict[str, Any], orgs: dict[str, Any], make_case: Any,
) -> None:
    client.force_login(users["supervisor"])
    make_case(holder="court_a", number="1/2026/DS")
    client.get(reverse("web:dashboard"))  # warm caches (session, translations)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("web:dashboard"))
    for i, holder in enumerate(("court_b", "procuracy", "police")):
        make_case(holder=holder, number=f"{i + 2}/2026/DS")
    with CaptureQueriesContext(connection) as more:
        client.get(reverse("web:dashboard"))
    assert len(more.captured_queries) == len(few.captured_queries)
    # The counts by procedure, stage and status (the oversight numbers are grouped by
    # holding body too, `cases.counts.cached_aggregate`, one query each).
    grouped = [q["sql"] for q in more.captured_queries
               if q["sql"].startswith('SELECT "cases_case"."holder_id"') and "GROUP BY" in q["sql"]
               and '"cases_case"."procedure"' in q["sql"]]
    assert len(grouped) == 1
