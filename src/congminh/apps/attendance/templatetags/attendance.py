"""`{% attendance_section case %}`: the case page's section on the sued committee's
attendance (template `attendance/_case_section.html`); `{% sort_header %}`: a sortable
column heading for the attendance lists."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone
from django.utils.html import format_html

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
def sort_header(label: str, key: str, current: str, query: str) -> str:
    """A column heading linking to the list sorted by `key` (again: the other way)."""
    descending = current == f"-{key}"
    target = key if descending else f"-{key}" if current == key else key
    arrow = " ▲" if current == key else " ▼" if descending else ""
    href = f"?{query}&sort={target}" if query else f"?sort={target}"
    return format_html('<a href="{}" class="sort">{}{}</a>', href, label, arrow)


@register.simple_tag
def presence_count(tally: Any, code: str) -> int:
    return int(tally.by_presence.get(code, 0))
