"""The evidence-request list opens worst first: overdue (most overdue at the top), then
the open ones by the soonest due, then the finished ones; the id breaks ties. The «Tình
trạng» heading sorts so, and reversed."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.test import Client

from congminh.apps.evidence import selectors
from congminh.apps.evidence.models import EvidenceRequest, RequestState
from congminh.apps.evidence.selectors import RequestFilters

D = dt.date


def _request(case: Any, org: Any, ref: str, due: dt.date, **fields: Any) -> Any:
    return EvidenceRequest.objects.create(case=case, ref=ref, requested_by=case.holder, organisation=org,
                                          documents="Hồ sơ địa chính", sent_on=D(2026, 5, 1), due=due,
                                          **fields)


def test_worst_first_by_default(civil_case: Any, eorgs: dict[str, Any], users: dict[str, Any]) -> None:
    org = eorgs["committee_a"]
    # created best first, so that the id order (and the old «newest first») is wrong
    _request(civil_case, org, "01/DONE", D(2026, 5, 16), state=RequestState.ANSWERED, answered_on=D(2026, 5, 10))
    _request(civil_case, org, "02/LATER", D(2026, 12, 1))
    _request(civil_case, org, "03/SOON", D(2026, 7, 1))
    _request(civil_case, org, "04/LATE", D(2026, 6, 1))
    _request(civil_case, org, "05/LATEST", D(2026, 5, 16), state=RequestState.PARTLY_ANSWERED)
    today = D(2026, 6, 15)
    refs = [r.ref for r in selectors.request_list(user=users["officer_a"], filters=RequestFilters(), today=today)]
    assert refs == ["05/LATEST", "04/LATE", "03/SOON", "02/LATER", "01/DONE"]
    best = selectors.request_list(user=users["officer_a"], filters=RequestFilters(sort="-state"), today=today)
    assert [r.ref for r in best] == refs[::-1]
    client = Client()
    client.force_login(users["officer_a"])
    page = client.get("/evidence/").content.decode()
    listed = re.findall(r'href="/evidence/\d+/">([^<]+)</a>', page)
    overdue_now = [r for r in listed if r in ("05/LATEST", "04/LATE")]
    assert overdue_now == ["05/LATEST", "04/LATE"] and listed.index("04/LATE") < listed.index("01/DONE")
