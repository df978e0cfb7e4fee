"""`{% attendance_section case %}`: the case page's section on the sued committee's
attendance (template `attendance/_case_section.html`); `{% presence_count %}` for the
rates table."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from congminh.apps.accounts import scope
from congminh.apps.attendance.selectors import case_summonses

register = template.Library()


@register.inclusion_tag("attendance/_case_section.html", takes_context=True)
def attendance_section(context: template.Context, case: Any) -> dict[str, Any]:
    """Only for administrative cases; empty (nothing rendered) for the others."""
    request = context.get("request")
    user = getattr(request, "user", None)
    if case is None or case.procedure != "administrative" or user is None:
        return {"show": False}
    return {
        "show": True, "case": case,
        "summonses": case_summonses(user=user, case=case, today=timezone.localdate()),
        "writable": bool(scope.can_change_case(user, case)),
    }


@register.simple_tag
def presence_count(tally: Any, code: str) -> int:
    return int(tally.by_presence.get(code, 0))
