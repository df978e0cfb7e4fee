"""The request's audit trail in words a person reads (`web.trail`)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy

from congminh.apps.expertise.matters import matter_label
from congminh.apps.expertise.models import (
    ExpertiseField,
    ExpertiseKind,
    ExpertiseRequest,
    RefusalReason,
    RequestState,
)
from congminh.apps.web.trail import Trail


def field_name(code: str) -> str:
    """A field of expertise's name from its code (the one home of the names: the
    `ExpertiseField` table); the code itself if no field has it."""
    return str(ExpertiseField.objects.filter(code=code).values_list("name", flat=True).first() or code)


TRAIL = Trail(
    ExpertiseRequest,
    actions={
        "expertise_create": gettext_lazy("Decision recorded"),
        "expertise_send": gettext_lazy("Received with the full file"),
        "expertise_documents_request": gettext_lazy("Extra documents asked for"),
        "expertise_documents_receive": gettext_lazy("Extra documents received"),
        "expertise_extend": gettext_lazy("Extended"),
        "expertise_refuse": gettext_lazy("Refused"),
        "expertise_conclude": gettext_lazy("Conclusion delivered"),
        "expertise_update": gettext_lazy("Request corrected by the asking body"),
    },
    choices={"state": RequestState, "refusal_reason": RefusalReason, "expertise_kind": ExpertiseKind},
    values={"field": field_name, "expertise_matter": matter_label},
)

# The numbers above the list and in its tables by field and by body: (key, label, the
# list's filter, tone).
COUNTS = (
    ("total", gettext_lazy("Requests"), "", ""),
    ("open", gettext_lazy("Open"), "state=open", ""),
    ("overdue", gettext_lazy("Overdue"), "overdue=on", "bad"),
    ("refused", gettext_lazy("Refused"), "refused=on", "warn"),
    ("pushed_back", gettext_lazy("Pushed back"), "pushed_back=on", "bad"),
)

# The heading of each step's form on the request's page.
STEP_TITLES = {
    "send": gettext_lazy("Received with the full file (the clock starts)"),
    "extend": gettext_lazy("Extend"),
    "documents": gettext_lazy("Ask for extra documents (the clock pauses)"),
    "received": gettext_lazy("Extra documents received (the clock runs again)"),
    "refuse": gettext_lazy("Refuse (within 5 working days, with the reason)"),
    "conclude": gettext_lazy("Conclusion delivered"),
}
