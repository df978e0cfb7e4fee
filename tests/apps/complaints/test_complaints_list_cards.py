"""The cards above the complaint list count exactly the list as filtered (any filter, not
only the side and kind), and each number links to that list with its own filter added:
the list behind a card holds as many complaints as the card says."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

from django.test import Client

from congminh.apps.complaints.models import Complaint, ComplaintStatus

D = dt.date
CARD = re.compile(r'href="/complaints/\?([^"]*)"><span class="label">([^<]+)</span><span class="num">(\d+)')


def _complaint(case: Any, number: str, resolver: Any, **fields: Any) -> Any:
    return Complaint.objects.create(case=case, number=number, complainant_name="Trần Thị Đào",
                                    against="court", complained_of=case.holder, received_by=case.holder,
                                    resolver=resolver, received_on=D(2026, 6, 1), due=D(2026, 6, 16),
                                    **fields)


def _cards(client: Client, params: dict[str, str]) -> dict[str, tuple[str, int]]:
    page = client.get("/complaints/", params).content.decode()
    return {label: (html.unescape(query), int(n)) for query, label, n in CARD.findall(page)}


def _listed(client: Client, query: str) -> int:
    page = client.get("/complaints/?" + query)
    return int(page.context["page"].paginator.count)


def test_the_cards_count_the_filtered_list(civil_case: Any, orgs: dict[str, Any],
                                           users: dict[str, Any]) -> None:
    court_a, court_b = orgs["court_a"], orgs["court_b"]
    _complaint(civil_case, "KN-01", court_a)  # open, overdue
    _complaint(civil_case, "KN-02", court_a, status=ComplaintStatus.RESOLVED, outcome="right",
               resolved_on=D(2026, 6, 10))
    _complaint(civil_case, "KN-03", court_b)  # open, overdue, another resolver
    _complaint(civil_case, "KN-04", court_b, status=ComplaintStatus.RESOLVED, outcome="wrong",
               resolved_on=D(2026, 6, 30))  # resolved late
    client = Client()
    client.force_login(users["supervisor"])

    cards = _cards(client, {"resolver": str(court_a.pk), "sort": "-number"})
    assert cards["Đã tiếp nhận"] == (f"resolver={court_a.pk}&sort=-number", 2)
    assert cards["Quá hạn"] == (f"resolver={court_a.pk}&sort=-number&overdue=on", 1)
    assert cards["Giải quyết quá hạn"][1] == 0
    assert cards["Sai"][1] == 0
    # A card's own filter replaces the list's value of it: «Resolved» over the complaints
    # being resolved counts (and links to) the resolved ones of that resolver.
    open_only = _cards(client, {"resolver": str(court_a.pk), "status": "open"})
    assert open_only["Đã tiếp nhận"][1] == 1
    assert open_only["Đã giải quyết"] == (f"resolver={court_a.pk}&status=resolved", 1)
    for params in ({"resolver": str(court_b.pk)}, {"status": "resolved"}, {"q": "KN-0"},
                   {"outcome": "wrong", "overdue": "on"}):
        for query, n in _cards(client, params).values():
            assert _listed(client, query) == n, (params, query)
