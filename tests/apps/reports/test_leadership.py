"""The leadership view (issue 11.5): running deadlines by share of their legal limit, the
quarter-by-quarter trend, each figure a link to its list; hand-computed on the review's
cast of civil cases (BLTTDS Đ.203 k1: four months to prepare a civil case) on 30/11/2026."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from congminh.apps.reports import leadership as L

HCM = dt.timezone(dt.timedelta(hours=7))


@pytest.fixture
def on_30_11() -> Iterator[None]:
    with time_machine.travel(dt.datetime(2026, 11, 30, 9, 0, tzinfo=HCM), tick=False):
        yield


@pytest.fixture
def clocked(on_30_11: None, cast: dict[str, Any]) -> dict[str, Any]:
    """The cast with its clocks computed on 30/11/2026 (in the app, on commit)."""
    from congminh.apps.obligations.services import case_clocks_refresh

    case_clocks_refresh(case_ids=[c.pk for c in cast.values()])
    return cast


@pytest.fixture
def admin_client(users: dict[str, Any]) -> Client:
    client = Client()
    client.force_login(users["admin"])
    return client


def test_shares_of_the_limit(clocked: dict[str, Any], users: dict[str, Any]) -> None:
    # old_overdue: 02/3/2026 -> 02/7/2026, past its due date: over the limit.
    # new_open: 05/10/2026 -> 05/02/2027 (123 days), 56 days run: 46% -> up to 50%.
    # new_suspended stands still; the closed cases run no clock.
    table = L.bucket_table(L.clocks(users["admin"], dt.date(2026, 11, 30)))
    assert table["civil"] == {"le50": 1, "50_80": 0, "80_100": 0, "over": 1}
    assert table["total"] == table["civil"]
    assert table["criminal"] == dict.fromkeys(L.BUCKET_KEYS, 0)


def test_quarter_by_quarter(on_30_11: None, cast: dict[str, Any], users: dict[str, Any]) -> None:
    trend = L.trend(users["admin"], dt.date(2026, 11, 30))
    labels = [p.label for p in trend.periods]
    assert labels == ["Q1/2025", "Q2/2025", "Q3/2025", "Q4/2025", "Q1/2026", "Q2/2026", "Q3/2026", "Q4/2026"]
    # received: long_closed 05/01/2025 (Q1/2025), old_overdue 02/3 and old_closed 05/1/2026
    # (Q1/2026), new_suspended 10/9 (Q3/2026), new_open 05/10/2026 (Q4/2026).
    assert trend.values["received"] == [1, 0, 0, 0, 2, 0, 1, 1]
    # resolved: long_closed 01/6/2025 (Q2/2025), old_closed 10/10/2026 (Q4/2026).
    assert trend.values["resolved"] == [0, 1, 0, 0, 0, 0, 0, 1]
    assert trend.values["open"] == [1, 0, 0, 0, 2, 2, 3, 3]


def test_the_page_links_every_figure_to_its_list(clocked: dict[str, Any],
                                                  admin_client: Client) -> None:
    page = admin_client.get(reverse("reports:leadership"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "Đã dùng trên 50% đến 80%" in html and "Quý IV/2026" in html
    over = reverse("reports:leadership_clocks") + "?bucket=over&amp;procedure=civil"
    assert over in html
    listed = admin_client.get(reverse("reports:leadership_clocks"), {"bucket": "over", "procedure": "civil"})
    assert listed.status_code == 200
    rows = listed.content.decode()
    assert reverse("web:case_detail", args=[clocked["old_overdue"].pk]) in rows
    assert reverse("web:case_detail", args=[clocked["new_open"].pk]) not in rows
    assert "02/07/2026" in rows
    received = admin_client.get(reverse("reports:leadership_cases"),
                                {"measure": "received", "period": "2026-Q4"})
    assert received.status_code == 200
    assert reverse("web:case_detail", args=[clocked["new_open"].pk]) in received.content.decode()
    assert reverse("web:case_detail", args=[clocked["old_overdue"].pk]) not in received.content.decode()


def test_charts_are_svg_drawn_by_the_app(on_30_11: None, cast: dict[str, Any], admin_client: Client) -> None:
    for name in ("buckets", "trend"):
        response = admin_client.get(reverse("reports:leadership_chart", args=[name]))
        assert response.status_code == 200
        assert response["Content-Type"] == "image/svg+xml"
        assert response.content.lstrip().startswith(b"<?xml") and b"<svg" in response.content
    assert admin_client.get(reverse("reports:leadership_chart", args=["pie"])).status_code == 404


def test_a_court_officer_sees_only_its_court(clocked: dict[str, Any], users: dict[str, Any]) -> None:
    # court B holds only new_open.
    mine = L.bucket_table(L.clocks(users["officer_b"], dt.date(2026, 11, 30)))
    assert mine["total"] == {"le50": 1, "50_80": 0, "80_100": 0, "over": 0}


def test_bad_list_parameters_are_404(admin_client: Client) -> None:
    assert admin_client.get(reverse("reports:leadership_clocks"), {"bucket": "x"}).status_code == 404
    assert admin_client.get(reverse("reports:leadership_cases"), {"measure": "received",
                                                                  "period": "1999-Q1"}).status_code == 404


def test_a_long_overdue_deadline_reads_in_days_not_thousands_of_per_cent(
        clocked: dict[str, Any], admin_client: Client) -> None:
    url = reverse("reports:leadership_clocks")
    # old_overdue: 02/3 -> 02/7/2026 (122 days); on 30/11/2026 273 days have run: 273/122 =
    # 224% of the limit, 151 days past 02/07. Over twice the limit the list says «> 200%».
    over = admin_client.get(url, {"bucket": "over", "procedure": "civil"}).content.decode()
    assert "&gt; 200%" in over and "224%" not in over
    assert "quá hạn 151 ngày" in over
    assert '<meter min="0" max="100" low="50" high="80" optimum="0" value="100">' in over
    # new_open: started 05/10/2026, its clock due 11/02/2027 (129 days); 56 days run: 43%.
    running = admin_client.get(url, {"bucket": "le50", "procedure": "civil"}).content.decode()
    assert 'value="43">43%</meter> 43%' in running and "quá hạn" not in running


@pytest.mark.parametrize(("share", "due", "today", "shown"), [
    (0.46, dt.date(2027, 2, 5), dt.date(2026, 11, 30), L.ShareShown("46%", 46, 0)),
    (1.0, dt.date(2026, 11, 30), dt.date(2026, 11, 30), L.ShareShown("100%", 100, 0)),  # due today
    (1.01, dt.date(2026, 11, 29), dt.date(2026, 11, 30), L.ShareShown("101%", 100, 1)),
    (2.0, dt.date(2026, 10, 1), dt.date(2026, 11, 30), L.ShareShown("200%", 100, 60)),
    (2.2377, dt.date(2026, 7, 2), dt.date(2026, 11, 30), L.ShareShown("> 200%", 100, 151)),
])
def test_share_shown(share: float, due: dt.date, today: dt.date, shown: L.ShareShown) -> None:
    assert L.share_shown(share, due, today) == shown
    assert L.bucket_of(share) == ("le50" if share <= 0.5 else "80_100" if share <= 1 else "over")
