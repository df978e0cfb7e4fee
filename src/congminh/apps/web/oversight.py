"""The dashboard's row of oversight deadlines missed: expertise and evidence requests not
answered in time, complaints not resolved in time, supervision recommendations past their
response date — each a count over what the user may read, linking to that list filtered
the same way (the apps' own `overdue` conditions, not a second definition)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class OverdueCount:
    label: Any
    url: str
    count: int


def overdue_counts(user: Any, today: dt.date) -> list[OverdueCount]:
    from congminh.apps.complaints import selectors as complaints
    from congminh.apps.evidence import selectors as evidence
    from congminh.apps.expertise import selectors as expertise
    from congminh.apps.supervision import selectors as supervision

    recommendations = supervision.with_status(supervision.recommendation_scope(user), today)
    return [
        OverdueCount(_("Expertise requests overdue"), "/expertise/?overdue=on",
                     expertise.request_scope(user).filter(expertise.overdue_q(today)).count()),
        OverdueCount(_("Evidence requests overdue"), "/evidence/?overdue=on",
                     evidence.request_scope(user).filter(evidence.overdue_q(today)).count()),
        OverdueCount(_("Complaints overdue"), "/complaints/?overdue=on",
                     complaints.complaint_scope(user).filter(complaints.overdue_q(today)).count()),
        OverdueCount(_("Recommendations overdue"), "/supervision/recommendations/?status=overdue",
                     supervision.status_counts(recommendations, today).get("overdue", 0)),
    ]
