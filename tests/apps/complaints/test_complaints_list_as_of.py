"""The complaint list as of a day (`?as_of=`): each complaint as it stood that day, from
its own dates (received by then; a resolution dated later does not count yet; its case
closed later does not stop the clock yet), overdue against that day."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.test import Client

from congminh.apps.cases.models import Case
from congminh.apps.complaints import selectors
from congminh.apps.complaints.models import Complaint, ComplaintStatus
from congminh.apps.complaints.selectors import ComplaintFilters

D = dt.date
T = "30/06/2026"


def _complaint(case: Any, number: str, received_on: dt.date, due: dt.date, **fields: Any) -> Any:
    return Complaint.objects.create(case=case, number=number, complainant_name="Trần Thị Đào",
                                    against="court", complained_of=case.holder, received_by=case.holder,
                                    resolver=case.holder, received_on=received_on, due=due, **fields)


def _numbers(html: str) -> list[str]:
    return sorted(re.findall(r'href="/complaints/\d+/">([^<]+)</a>', html))


def test_the_list_as_of_a_day(civil_case: Any, make_case: Any, users: dict[str, Any]) -> None:
    # Received 01/6, due 16/6, resolved (right) on 10/7: on 30/6 being resolved, overdue.
    _complaint(civil_case, "KN-01", D(2026, 6, 1), D(2026, 6, 16),
               status=ComplaintStatus.RESOLVED, outcome="right", resolved_on=D(2026, 7, 10))
    # Received 01/6, due 16/6, resolved (wrong) on 12/6: resolved on time by 30/6.
    _complaint(civil_case, "KN-02", D(2026, 6, 1), D(2026, 6, 16),
               status=ComplaintStatus.RESOLVED, outcome="wrong", resolved_on=D(2026, 6, 12))
    # Received 01/6, due 16/6, open, its case closed on 05/7: on 30/6 the clock still ran.
    other = make_case(number="02/2026/TLST-DS", title="Tranh chấp hợp đồng vay tài sản")
    _complaint(other, "KN-03", D(2026, 6, 1), D(2026, 6, 16))
    Case.objects.filter(pk=other.pk).update(closed_on=D(2026, 7, 5))
    # Received 02/7: after the day.
    _complaint(civil_case, "KN-04", D(2026, 7, 2), D(2026, 7, 17))
    client = Client()
    client.force_login(users["officer_a"])

    page = client.get("/complaints/", {"as_of": T}).content.decode()
    assert "Tình trạng tại ngày 30/06/2026" in page
    assert _numbers(page) == ["KN-01", "KN-02", "KN-03"]
    assert "10/07/2026" not in page  # the later resolution is not shown
    assert _numbers(client.get("/complaints/", {"as_of": T, "overdue": "on"}).content.decode()) == ["KN-01", "KN-03"]
    assert _numbers(client.get("/complaints/", {"as_of": T, "status": "resolved"}).content.decode()) == ["KN-02"]
    assert _numbers(client.get("/complaints/", {"as_of": T, "outcome": "right"}).content.decode()) == []
    cards = dict(re.findall(r'href="/complaints/\?([^"]*)"><span class="label">[^<]+</span><span class="num">(\d+)',
                            page))
    assert cards["as_of=30%2F06%2F2026"] == "3"
    assert cards["as_of=30%2F06%2F2026&amp;overdue=on"] == "2"
    assert cards["as_of=30%2F06%2F2026&amp;status=resolved"] == "1"
    # The count tables too: one resolving body (area court 1), grouped by it alone.
    summary = selectors.complaint_summary(user=users["officer_a"], filters=ComplaintFilters(as_of=D(2026, 6, 30)))
    assert [(r["total"], r["open"], r["overdue"], r["resolved"], r["wrong"]) for r in summary["by_resolver"]] == [
        (3, 2, 2, 1, 1)]

    # Today (after 17/7/2026): KN-01 resolved, KN-03's case closed (its clock ended), only
    # KN-04 (due 17/7, open) overdue.
    now = client.get("/complaints/").content.decode()
    assert _numbers(now) == ["KN-01", "KN-02", "KN-03", "KN-04"]
    assert _numbers(client.get("/complaints/", {"overdue": "on"}).content.decode()) == ["KN-04"]
    assert not re.search(r"Tình trạng tại ngày \d", now)
    bad = client.get("/complaints/", {"as_of": "30-6"}).content.decode()
    assert "Nhập ngày theo dạng dd/mm/yyyy (hoặc yyyy-mm-dd)." in bad
