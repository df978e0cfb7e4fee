"""The request's audit trail in words a person reads (`web.trail`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from congminh.apps.evidence.models import EvidenceRequest, RequestState
from congminh.apps.web.trail import Trail

TRAIL = Trail(
    EvidenceRequest,
    actions={
        "evidence_send": gettext_lazy("Request sent"),
        "evidence_reply_complete": gettext_lazy("Complete reply"),
        "evidence_reply_partial": gettext_lazy("Partial reply"),
        "evidence_reply_refusal": gettext_lazy("Written refusal"),
        "evidence_withdraw": gettext_lazy("Withdrawn"),
    },
    choices={"state": RequestState},
    labels={"date": gettext_lazy("date of the reply")},  # lower case, as the fields' own names
)

# The numbers above the list: (key, label, the list's filter, tone).
COUNTS = (
    ("total", gettext_lazy("Requests"), "", ""),
    ("open", gettext_lazy("Not fully answered"), "state=open", ""),
    ("overdue", gettext_lazy("Overdue"), "overdue=on", "bad"),
    ("answered", gettext_lazy("Answered"), "state=answered", ""),
    ("late", gettext_lazy("Answered late"), "answer=late", "warn"),
    ("partly", gettext_lazy("Partly answered"), "state=partly_answered", "warn"),
    ("refused", gettext_lazy("Refused in writing"), "state=refused", "bad"),
)

# The heading of each step's form on the request's page.
STEP_TITLES = {
    "reply": gettext_lazy("Record a reply (a complete reply ends the clock)"),
    "withdraw": gettext_lazy("Withdraw the request"),
}
