"""Small lookups for the annual report's page: `{{ counts|get_item:key }}`,
`{{ line|change:key }}` (the change from last year, signed), `{{ quality|total:"name" }}`,
`{{ rows|sum_of:"attr" }}`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django import template

from congminh.apps.reports.annual import ClockLine, Quality
from congminh.apps.reports.annual_docx import signed

register = template.Library()


@register.filter
def get_item(mapping: Mapping[str, Any], key: str) -> Any:
    return mapping.get(key, 0)


@register.filter
def change(line: ClockLine, key: str) -> str:
    return signed(line.change(key))


@register.filter
def total(quality: Quality, name: str) -> int:
    return quality.total(name)


@register.filter
def sum_of(rows: Iterable[Any], name: str) -> int:
    return sum(int(getattr(row, name)) for row in rows)
