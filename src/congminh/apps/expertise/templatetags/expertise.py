"""`{% case_expertise case %}`: the case page's expertise section (requests the user may read)."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from congminh.apps.accounts import scope
from congminh.apps.expertise import selectors

register = template.Library()


@register.inclusion_tag("expertise/_case_section.html", takes_context=True)
def case_expertise(context: dict[str, Any], case: Any) -> dict[str, Any]:
    user = context["request"].user
    today = timezone.localdate()
    rows = [{"r": r, "days": selectors.days_taken(r, today), "late": selectors.is_late(r, today)}
            for r in selectors.case_requests(user=user, case=case)]
    return {"case": case, "requests": rows,
            "may_order": bool(scope.can_order_expertise(user, case))}
