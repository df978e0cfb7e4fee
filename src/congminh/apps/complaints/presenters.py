"""The complaint's audit trail in words a person reads (`web.trail`)."""

from __future__ import annotations

from typing import Any

from django.utils.html import format_html
from django.utils.translation import gettext, gettext_lazy

from congminh.apps.complaints.models import (
    Against,
    Complaint,
    ComplaintKind,
    ComplaintStatus,
    Level,
    Outcome,
)
from congminh.apps.web.trail import Trail

TRAIL = Trail(
    Complaint,
    actions={
        "complaint_receive": gettext_lazy("Received"),
        "complaint_extend": gettext_lazy("Extended"),
        "complaint_resolve": gettext_lazy("Resolved"),
    },
    choices={"status": ComplaintStatus, "outcome": Outcome, "against": Against,
             "kind": ComplaintKind, "level": Level},
)

# The numbers above the list (key, label, the list's filter, tone); the tables by body
# and by what a complaint is against count the same but "resolved".
COUNTS = (
    ("total", gettext_lazy("Received"), "", ""),
    ("open", gettext_lazy("Being resolved"), "status=open", ""),
    ("overdue", gettext_lazy("Overdue"), "overdue=on", "bad"),
    ("resolved_late", gettext_lazy("Resolved late"), "resolved_late=on", "warn"),
    ("resolved", gettext_lazy("Resolved"), "status=resolved", ""),
    ("right", gettext_lazy("Right"), "outcome=right", ""),
    ("partly_right", gettext_lazy("Partly right"), "outcome=partly_right", ""),
    ("wrong", gettext_lazy("Wrong"), "outcome=wrong", ""),
)
TABLE_COUNTS = tuple(c for c in COUNTS if c[0] != "resolved")

# The heading of each step's form on the complaint's page (`step_titles`).
STEP_TITLES = {
    "extend": gettext_lazy("Extend (complex matter)"),
    "resolve": gettext_lazy("Resolve, with the outcome"),
    "escalate": gettext_lazy("Second-level complaint (the complainant contests the resolution)"),
}


def step_titles(second: Any) -> dict[str, Any]:
    """The headings, the second level's naming the body it goes to (`second`: its route)."""
    if second is None:
        return dict(STEP_TITLES)
    body = second.name or gettext("A body outside the province's registry")
    return {**STEP_TITLES, "escalate": format_html('{} <span class="muted small">→ {} ({})</span>',
                                                   STEP_TITLES["escalate"], body, second.basis)}
