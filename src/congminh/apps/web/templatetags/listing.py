"""`{% sort_header label key sort sort_query %}`: a sortable column heading of the
oversight lists (`congminh.apps.web.listing`)."""

from __future__ import annotations

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.simple_tag
def sort_header(label: str, key: str, current: str, query: str, first: str = "") -> SafeString:
    """A column heading linking to the list sorted by `key` (again: the other way), with an
    arrow on the column the list is sorted by; `first="-"` sorts a column of numbers
    largest first on the first click."""
    descending = current == f"-{key}"
    target = key if descending else f"-{key}" if current == key else f"{first}{key}"
    arrow = " ▲" if current == key else " ▼" if descending else ""
    href = f"?{query}&sort={target}" if query else f"?sort={target}"
    return format_html('<a href="{}" class="sort">{}{}</a>', href, label, arrow)
