"""The numbers above the summons list (issue #10): counted by the database over the list
as filtered, each linking to the list that shows that many summonses; the list's count is
cached per scope and filters and follows a new summons."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from congminh.apps.attendance import services

TODAY = dt.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel(dt.datetime(2026, 6, 1, 9, tzinfo=dt.UTC), tick=False):
        yield


def _summons(case: Any, committee: Any, day: dt.date, presence: str = "",
             opinion_due: dt.date | None = None, filed: dt.date | None = None) -> Any:
    summons = services.summons_create(actor=None, case=case, kind="hearing", date=day,
                                      committee=committee, opinion_due=opinion_due)
    if presence:
        extra = {"other": {"attendee_name": "Công chức địa chính"},
                 "absent_with_reason": {"absence_reason": "Đi công tác"}}.get(presence, {})
        services.attendance_record(actor=None, summons=summons, today=TODAY, presence=presence,
                                   opinion_filed_on=filed, **extra)
    return summons


def _cards(page: Any) -> dict[str, tuple[int, str]]:
    found = re.findall(r'<a class="card stat[^"]*" href="([^"]*)"><span class="label">([^<]*)</span>'
                       r'<span class="num">([\d.,]+)</span>', page.content.decode())
    return {label: (int(n.replace(".", "").replace(",", "")), html.unescape(url)) for url, label, n in found}


def test_every_number_links_to_as_many_summonses(cast: dict[str, Any], admin_case: Any,
                                                 committees: dict[str, Any]) -> None:
    sued, other = committees["sued"], committees["other"]
    _summons(admin_case, sued, dt.date(2026, 3, 10), "chair", dt.date(2026, 3, 5), dt.date(2026, 3, 3))  # on time
    _summons(admin_case, sued, dt.date(2026, 4, 10), "absent_without_reason",
             dt.date(2026, 4, 1), dt.date(2026, 4, 3))             # opinion filed late
    _summons(admin_case, sued, dt.date(2026, 4, 20), "other")      # someone else: not lawful
    _summons(admin_case, sued, dt.date(2026, 5, 5), opinion_due=dt.date(2026, 5, 1))  # not recorded, opinion missing
    _summons(admin_case, other, dt.date(2026, 5, 6), "absent_with_reason")
    _summons(admin_case, sued, dt.date(2026, 7, 1))                # not held yet
    client = Client()
    client.force_login(cast["supervisor"])
    page = client.get(reverse("attendance:list"), {"committee": sued.pk, "presence": "absent"})
    cards = _cards(page)
    # Over the committee's five summonses (the attendance filter set aside): one held and
    # not recorded, one absent, two not lawful (the absence and the other person), one
    # opinion late (filed 03/04 for 01/04), one missing (due 01/05, nothing filed).
    assert [n for n, _url in cards.values()] == [5, 1, 1, 2, 1, 1]
    assert "Giấy triệu tập" in cards and "UBND vắng mặt" in cards
    for label, (n, url) in cards.items():
        listed = client.get(url)
        assert listed.status_code == 200 and listed.context["page"].paginator.count == n, label
        assert f"committee={sued.pk}" in url


@pytest.mark.django_db(transaction=True)
def test_the_cached_count_follows_a_new_summons(cast: dict[str, Any], admin_case: Any,
                                                committees: dict[str, Any]) -> None:
    _summons(admin_case, committees["sued"], dt.date(2026, 3, 10), "chair")
    client = Client()
    client.force_login(cast["supervisor"])

    def counted() -> tuple[int, int]:
        page = client.get(reverse("attendance:list"))
        return page.context["page"].paginator.count, _cards(page)["UBND vắng mặt"][0]

    assert counted() == (1, 0)
    assert counted() == (1, 0)  # read back from the cache
    _summons(admin_case, committees["sued"], dt.date(2026, 4, 10), "absent_without_reason")
    assert counted() == (2, 1)


def test_the_dashboard_shows_the_summonses_linking_to_as_many(
        cast: dict[str, Any], admin_case: Any, committees: dict[str, Any]) -> None:
    """Directive point 1 on the dashboard: the sessions held but not recorded, the absences
    and the written opinions past due, each opening the summons list of that many."""
    sued = committees["sued"]
    _summons(admin_case, sued, dt.date(2026, 4, 10), "absent_without_reason")
    _summons(admin_case, sued, dt.date(2026, 5, 5), opinion_due=dt.date(2026, 5, 1))  # not recorded, opinion missing
    _summons(admin_case, sued, dt.date(2026, 5, 6), "absent_with_reason")
    client = Client()
    client.force_login(cast["supervisor"])
    page = client.get(reverse("web:dashboard")).content.decode()
    block = page[page.index("Giấy triệu tập UBND"):]
    found = re.findall(r'href="(/attendance/\?[^"]*)">.*?<span class="num">(\d+)</span>', block, re.S)[:3]
    assert [int(n) for _url, n in found] == [1, 2, 1]
    for url, n in found:
        assert client.get(html.unescape(url)).context["page"].paginator.count == int(n), url
