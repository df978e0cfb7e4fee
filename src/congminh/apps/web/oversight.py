"""The dashboard's row of oversight deadlines missed: expertise and evidence requests not
answered in time, complaints not resolved in time, supervision recommendations past their
response date — each a count over what the user may read, linking to that list filtered
the same way (the apps' own `overdue` conditions, not a second definition)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext_lazy as _

from congminh.apps.cases.counts import cached_value
from congminh.apps.web.pagecache import scope_key


@dataclass(frozen=True)
class OverdueCount:
    label: Any
    url: str
    count: int


def overdue_counts(user: Any, today: dt.date) -> list[OverdueCount]:
    """The four counts, cached per scope (`web.pagecache.scope_key`) and day until a
    request, complaint, recommendation, case or body changes (`cases.counts`: these
    tables move the data version)."""
    key = f"oversight\x00{scope_key(user)}\x00{today}"
    counts = cached_value(key, lambda: _counts(user, today))
    return [
        OverdueCount(_("Expertise requests overdue"), "/expertise/?overdue=on", counts[0]),
        OverdueCount(_("Evidence requests overdue"), "/evidence/?overdue=on", counts[1]),
        OverdueCount(_("Complaints overdue"), "/complaints/?overdue=on", counts[2]),
        OverdueCount(_("Recommendations overdue"), "/supervision/recommendations/?status=overdue",
                     counts[3]),
    ]


def _counts(user: Any, today: dt.date) -> list[int]:
    from congminh.apps.complaints import selectors as complaints
    from congminh.apps.evidence import selectors as evidence
    from congminh.apps.expertise import selectors as expertise
    from congminh.apps.supervision import selectors as supervision

    recommendations = supervision.with_status(supervision.recommendation_scope(user), today)
    return [
        expertise.request_scope(user).filter(expertise.overdue_q(today)).count(),
        evidence.request_scope(user).filter(evidence.overdue_q(today)).count(),
        complaints.complaint_scope(user).filter(complaints.overdue_q(today)).count(),
        supervision.status_counts(recommendations, today).get("overdue", 0),
    ]
