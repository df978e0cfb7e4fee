"""The lists behind the quality page's numbers sort by their columns (`web.listing`): the
headings link to each order, an unknown order falls back to the list's default."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.urls import reverse

D = dt.date
PERIOD = "start=01/01/2026&end=31/12/2026"


def _judged(make_case: Callable[..., Any], number: str, judge: str, day: int,
            outcome: str) -> Any:
    return make_case(holder="court_a", number=number, events=[
        ("accepted", D(2026, 1, 5), {}), ("brought_to_trial", D(2026, 3, 2), {}),
        ("hearing_opened", D(2026, 3, day), {}),
        ("judgment_pronounced", D(2026, 3, day), {"presiding_judge": judge}),
        ("appeal_lodged", D(2026, 3, 20), {}),
        ("appellate_outcome", D(2026, 6, day), {"outcome": outcome, "fault": "objective"})])


@pytest.fixture
def judged(make_case: Callable[..., Any]) -> None:
    _judged(make_case, "01/2026/DS-ST", "Phạm Thị Hoa", 10, "upheld")
    _judged(make_case, "02/2026/DS-ST", "Đỗ Minh", 12, "amended")
    _judged(make_case, "03/2026/DS-ST", "Lê Văn Cường", 11, "annulled")


def _judges(client: Any, name: str, sort: str) -> list[str]:
    body = client.get(f"{reverse(name)}?{PERIOD}&sort={sort}").content.decode()
    return re.findall(r"(Phạm Thị Hoa|Đỗ Minh|Lê Văn Cường)", body)


def test_judgments_sort_by_judge_date_and_default(judged: None, client: Any,
                                                  users: dict[str, Any]) -> None:
    client.force_login(users["supervisor"])
    # Đ sorts with D, as Vietnamese readers expect
    assert _judges(client, "quality:judgments", "judge") == ["Đỗ Minh", "Lê Văn Cường", "Phạm Thị Hoa"]
    assert _judges(client, "quality:judgments", "-judge") == ["Phạm Thị Hoa", "Lê Văn Cường", "Đỗ Minh"]
    assert _judges(client, "quality:judgments", "date") == ["Phạm Thị Hoa", "Lê Văn Cường", "Đỗ Minh"]
    newest_first = ["Đỗ Minh", "Lê Văn Cường", "Phạm Thị Hoa"]
    assert _judges(client, "quality:judgments", "bogus") == newest_first


def test_outcomes_sort_and_their_headings_link_to_each_order(judged: None, client: Any,
                                                             users: dict[str, Any]) -> None:
    client.force_login(users["supervisor"])
    assert _judges(client, "quality:outcomes", "") == ["Phạm Thị Hoa", "Lê Văn Cường", "Đỗ Minh"]
    assert _judges(client, "quality:outcomes", "-judge") == ["Phạm Thị Hoa", "Lê Văn Cường", "Đỗ Minh"]
    assert _judges(client, "quality:outcomes", "judge") == ["Đỗ Minh", "Lê Văn Cường", "Phạm Thị Hoa"]
    body = client.get(f"{reverse('quality:outcomes')}?{PERIOD}&sort=judge").content.decode()
    assert 'sort=-judge" class="sort">' in body and "▲" in body  # again: the other way
    assert "start=01%2F01%2F2026" in body  # the period is kept by the headings' links


def test_returns_sort_by_date(make_case: Callable[..., Any], client: Any,
                              users: dict[str, Any]) -> None:
    for number, day in (("01/2026/HS", 20), ("02/2026/HS", 25)):
        make_case(holder="procuracy", procedure="criminal", category="serious", number=number, events=[
            ("case_instituted", D(2026, 1, 5), {}), ("investigation_concluded", D(2026, 3, 2), {}),
            ("returned_for_investigation", D(2026, 3, day), {"by": "procuracy", "reason": "missing_evidence"})])
    client.force_login(users["supervisor"])

    def numbers(sort: str) -> list[str]:
        body = client.get(f"{reverse('quality:returns')}?{PERIOD}&sort={sort}").content.decode()
        return re.findall(r"25/03/2026|20/03/2026", body)

    assert numbers("") == ["25/03/2026", "20/03/2026"]
    assert numbers("date") == ["20/03/2026", "25/03/2026"]
