"""An obligation's audit trail in words a person reads (`web.trail`): the step's name, the
field's name and coded values in Vietnamese, dates as dd/mm/yyyy, the body by its name."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy

from congminh.apps.directives.labels import STATUS_LABELS
from congminh.apps.directives.models import DuePrecision, Obligation
from congminh.apps.organisations.models import Organisation
from congminh.apps.web.trail import Trail


def _body(pk: Any) -> str:
    org = Organisation.objects.filter(pk=pk).only("name").first()
    return org.name if org else str(pk)


def _moment(value: Any) -> str:
    """An instant stored as ISO text, in the local time as dd/mm/yyyy hh:mm."""
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        return str(value)
    if timezone.is_aware(moment):
        moment = timezone.localtime(moment)
    return moment.strftime("%d/%m/%Y %H:%M")


TRAIL = Trail(
    Obligation,
    actions={
        "assign": gettext_lazy("Assigned"),
        "progress": gettext_lazy("Progress reported"),
        "set_due": gettext_lazy("Due date changed"),
        "urge": gettext_lazy("Urged"),
    },
    choices={"due_precision": DuePrecision},
    labels={"period": gettext_lazy("period"), "status": gettext_lazy("status"),
            "urging_letter": gettext_lazy("urging letter")},
    values={"organisation": _body, "done_at": _moment,
            "status": lambda code: str(STATUS_LABELS.get(code, code)),
            "percent": lambda n: f"{n}%"},
)
