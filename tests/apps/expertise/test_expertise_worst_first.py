"""The expertise-request list opens worst first: overdue (most overdue at the top), then
the open ones by the soonest due, then the finished ones; the id breaks ties."""

from __future__ import annotations

import datetime as dt
from typing import Any

from congminh.apps.expertise import selectors
from congminh.apps.expertise.models import ExpertiseRequest, RequestState
from congminh.apps.expertise.selectors import RequestFilters

D = dt.date


def test_worst_first_by_default(finance_request: Any, forensic_request: Any, users: dict[str, Any]) -> None:
    ExpertiseRequest.objects.filter(pk=finance_request.pk).update(
        state=RequestState.IN_PROGRESS, due=D(2026, 7, 1))
    ExpertiseRequest.objects.filter(pk=forensic_request.pk).update(
        state=RequestState.IN_PROGRESS, due=D(2026, 6, 1))
    refs = [r.ref for r in selectors.request_list(user=users["investigator"], filters=RequestFilters(),
                                                  today=D(2026, 6, 15))]
    assert refs == ["22/QĐ-TCGĐ", "21/QĐ-TCGĐ"]   # overdue (created second) before on time
    ExpertiseRequest.objects.filter(pk=forensic_request.pk).update(state=RequestState.CONCLUDED)
    refs = [r.ref for r in selectors.request_list(user=users["investigator"], filters=RequestFilters(),
                                                  today=D(2026, 6, 15))]
    assert refs == ["21/QĐ-TCGĐ", "22/QĐ-TCGĐ"]   # open before concluded
