"""`{% case_complaints case %}`: the case page's complaints section (those the user may read)."""

from __future__ import annotations

from typing import Any

from django import template

from congminh.apps.accounts import scope
from congminh.apps.complaints import selectors

register = template.Library()


@register.inclusion_tag("complaints/_case_section.html", takes_context=True)
def case_complaints(context: dict[str, Any], case: Any) -> dict[str, Any]:
    user = context["request"].user
    return {"case": case,
            "complaints": selectors.rows(selectors.case_complaints(user=user, case=case), user),
            "may_receive": bool(scope.can_receive_complaint(user, case))}
