"""`{% case_evidence case %}`: the case page's evidence requests section (those the user may
read), with the overdue replies that hold the case up."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from congminh.apps.accounts import scope
from congminh.apps.evidence import selectors
from congminh.apps.evidence.models import OPEN_STATES

register = template.Library()


@register.inclusion_tag("evidence/_case_section.html", takes_context=True)
def case_evidence(context: dict[str, Any], case: Any) -> dict[str, Any]:
    user = context["request"].user
    today = timezone.localdate()
    requests = list(selectors.case_requests(user=user, case=case))
    rows = [{"r": r, "days": selectors.days_to_answer(r, today), "late": selectors.is_late(r, today)}
            for r in requests]
    overdue = sum(1 for r in requests if r.state in OPEN_STATES and selectors.is_late(r, today))
    return {"case": case, "requests": rows, "overdue": overdue,
            "may_ask": bool(scope.can_request_evidence(user, case))}
