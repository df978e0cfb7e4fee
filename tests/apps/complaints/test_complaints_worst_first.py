"""The complaint list opens worst first: overdue (most overdue at the top), then those
being resolved by the soonest due, then the resolved ones; the id breaks ties."""

from __future__ import annotations

import datetime as dt
from typing import Any

from congminh.apps.complaints import selectors
from congminh.apps.complaints.models import Complaint, ComplaintStatus
from congminh.apps.complaints.selectors import ComplaintFilters

D = dt.date


def _complaint(case: Any, number: str, due: dt.date, **fields: Any) -> Any:
    return Complaint.objects.create(case=case, number=number, complainant_name="Trần Thị Đào",
                                    against="court", complained_of=case.holder, received_by=case.holder,
                                    resolver=case.holder, received_on=D(2026, 5, 1), due=due, **fields)


def test_worst_first_by_default(civil_case: Any, users: dict[str, Any]) -> None:
    _complaint(civil_case, "KN-DONE", D(2026, 5, 10), status=ComplaintStatus.RESOLVED, outcome="right",
               resolved_on=D(2026, 5, 9))
    # created in no order of urgency: neither the id nor the old «newest first» gives it
    _complaint(civil_case, "KN-LATEST", D(2026, 5, 20))
    _complaint(civil_case, "KN-SOON", D(2026, 7, 1))
    _complaint(civil_case, "KN-LATE", D(2026, 6, 1))
    _complaint(civil_case, "KN-LATER", D(2026, 9, 1))
    numbers = [c.number for c in selectors.complaint_list(user=users["officer_a"], today=D(2026, 6, 15))]
    assert numbers == ["KN-LATEST", "KN-LATE", "KN-SOON", "KN-LATER", "KN-DONE"]
    as_of = selectors.complaint_list(user=users["officer_a"], filters=ComplaintFilters(as_of=D(2026, 5, 30)))
    # on 30/5 only KN-LATEST was overdue; KN-DONE was resolved already
    assert [c.number for c in as_of] == ["KN-LATEST", "KN-LATE", "KN-SOON", "KN-LATER", "KN-DONE"]
