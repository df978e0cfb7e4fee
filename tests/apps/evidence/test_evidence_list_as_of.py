"""The evidence-request list as of a day (`?as_of=`): each request as it stood that day,
from its own dates (received by then; a complete reply, refusal or withdrawal dated later
does not count yet), overdue against that day; the totals and their links the same."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.test import Client

from congminh.apps.evidence.models import EvidenceRequest, RequestState

D = dt.date
T = "30/06/2026"  # the day the list is asked for


def _request(case: Any, org: Any, ref: str, sent_on: dt.date, due: dt.date, **fields: Any) -> Any:
    return EvidenceRequest.objects.create(case=case, ref=ref, requested_by=case.holder, organisation=org,
                                          documents="Hồ sơ địa chính", sent_on=sent_on, due=due, **fields)


def _refs(html: str) -> list[str]:
    return sorted(re.findall(r'href="/evidence/\d+/">([^<]+)</a>', html))


def test_the_list_as_of_a_day(civil_case: Any, eorgs: dict[str, Any], users: dict[str, Any]) -> None:
    org = eorgs["committee_a"]
    # Received 02/6, due 17/6, answered 10/7: on 30/6 still waiting, 13 days overdue.
    _request(civil_case, org, "01/CV", D(2026, 6, 2), D(2026, 6, 17),
             state=RequestState.ANSWERED, answered_on=D(2026, 7, 10))
    # Received 02/6, due 17/6, answered 15/6: answered on time before 30/6.
    _request(civil_case, org, "02/CV", D(2026, 6, 2), D(2026, 6, 17),
             state=RequestState.ANSWERED, answered_on=D(2026, 6, 15))
    # Received 20/6, due 05/7, withdrawn 01/7: waiting on 30/6, not yet due.
    _request(civil_case, org, "03/CV", D(2026, 6, 20), D(2026, 7, 5),
             state=RequestState.WITHDRAWN, withdrawn_on=D(2026, 7, 1))
    # Received 01/7: after the day, not listed.
    _request(civil_case, org, "04/CV", D(2026, 7, 1), D(2026, 7, 16))
    client = Client()
    client.force_login(users["officer_a"])

    page = client.get("/evidence/", {"as_of": T}).content.decode()
    assert "Tình trạng tại ngày 30/06/2026" in page
    assert _refs(page) == ["01/CV", "02/CV", "03/CV"]
    assert "10/07/2026" not in page and "01/07/2026" not in page  # later steps not shown
    overdue = client.get("/evidence/", {"as_of": T, "overdue": "1"}).content.decode()
    assert _refs(overdue) == ["01/CV"]
    answered = client.get("/evidence/", {"as_of": "2026-06-30", "state": "answered"}).content.decode()
    assert _refs(answered) == ["02/CV"]
    waiting = client.get("/evidence/", {"as_of": T, "state": "open"}).content.decode()
    assert _refs(waiting) == ["01/CV", "03/CV"]
    # The cards count the same and link to the list as of the same day.
    cards = dict(re.findall(r'href="/evidence/\?([^"]*)"><span class="label">[^<]+</span><span class="num">(\d+)', page))
    assert cards["as_of=30%2F06%2F2026"] == "3"
    assert cards["as_of=30%2F06%2F2026&amp;overdue=on"] == "1"
    assert cards["as_of=30%2F06%2F2026&amp;state=open"] == "2"
    assert cards["as_of=30%2F06%2F2026&amp;state=answered"] == "1"

    # Today: the list as it stands (04/CV listed, 01/CV answered, 03/CV withdrawn).
    now = client.get("/evidence/").content.decode()
    assert _refs(now) == ["01/CV", "02/CV", "03/CV", "04/CV"]
    assert not re.search(r"Tình trạng tại ngày \d", now)


def test_a_bad_day_is_refused_in_vietnamese(civil_case: Any, users: dict[str, Any]) -> None:
    client = Client()
    client.force_login(users["officer_a"])
    page = client.get("/evidence/", {"as_of": "31/02/2026"}).content.decode()
    assert "Nhập ngày theo dạng dd/mm/yyyy (hoặc yyyy-mm-dd)." in page
    assert not re.search(r"Tình trạng tại ngày \d", page)
