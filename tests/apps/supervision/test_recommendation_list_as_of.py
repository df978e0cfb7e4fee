"""The recommendation list as of a day (`?as_of=`): the recommendations issued by then,
each with the status its own dates give that day (a closure or response dated later does
not count yet), overdue against that day."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.test import Client

from congminh.apps.supervision import services
from congminh.apps.supervision.models import Recommendation, RecommendationResponse

D = dt.date
T = "30/06/2026"


def _contents(html: str) -> list[str]:
    return sorted(re.findall(r'href="/supervision/recommendations/\d+/">([^<]+)</a>', html))


def test_the_list_as_of_a_day(sup_orgs: dict[str, Any], cast: dict[str, Any]) -> None:
    plan = services.plan_create(actor=cast["hdnd"], supervisor=sup_orgs["council"], topic="Giám sát xét xử",
                                period_start=D(2026, 5, 1), period_end=D(2026, 7, 31), bodies=[sup_orgs["court_a"]])

    def rec(content: str, issued_on: dt.date, due: dt.date, done_on: dt.date | None = None) -> Any:
        return Recommendation.objects.create(plan=plan, addressee=sup_orgs["court_a"], content=content,
                                             issued_on=issued_on, due=due, done_on=done_on)

    # Issued 01/6, due 20/6, closed 10/7: on 30/6 open and 10 days overdue; its response of
    # 10/7 not yet given.
    late = rec("R1 chậm", D(2026, 6, 1), D(2026, 6, 20), D(2026, 7, 10))
    RecommendationResponse.objects.create(recommendation=late, date=D(2026, 7, 10), text="Đã khắc phục", done=True)
    rec("R2 đúng hạn", D(2026, 6, 1), D(2026, 6, 20), D(2026, 6, 15))  # closed on time by then
    rec("R3 sắp đến hạn", D(2026, 6, 1), D(2026, 7, 10))  # open, due in 10 days: due soon
    rec("R4 sau ngày", D(2026, 7, 1), D(2026, 7, 31))  # issued after the day
    client = Client()
    client.force_login(cast["hdnd"])
    url = "/supervision/recommendations/"

    page = client.get(url, {"as_of": T}).content.decode()
    assert "Tình trạng tại ngày 30/06/2026" in page
    assert _contents(page) == ["R1 chậm", "R2 đúng hạn", "R3 sắp đến hạn"]
    assert "10/07/2026" in page  # R3's due date
    assert "Kết thúc ngày 10/07/2026" not in page and "1 trả lời" not in page  # R1's later closure
    assert _contents(client.get(url, {"as_of": T, "status": "overdue"}).content.decode()) == ["R1 chậm"]
    assert _contents(client.get(url, {"as_of": T, "status": "done_on_time"}).content.decode()) == ["R2 đúng hạn"]
    assert _contents(client.get(url, {"as_of": T, "status": "due_soon"}).content.decode()) == ["R3 sắp đến hạn"]

    # Today (after 31/7/2026): R1 closed late, R3 and R4 overdue.
    assert _contents(client.get(url, {"status": "overdue"}).content.decode()) == ["R3 sắp đến hạn", "R4 sau ngày"]
    assert _contents(client.get(url, {"status": "done_late"}).content.decode()) == ["R1 chậm"]
    bad = client.get(url, {"as_of": "2026-13-01"}).content.decode()
    assert "Nhập ngày theo dạng dd/mm/yyyy (hoặc yyyy-mm-dd)." in bad
