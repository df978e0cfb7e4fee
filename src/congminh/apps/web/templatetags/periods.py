"""`{{ label|period_vi }}`: a stored period label ("Q4/2026") the Vietnamese way
(«Quý IV/2026»); `{{ label|period_vi:12 }}` for a month label counted in the Procuracy's
year. One function names periods everywhere: `congminh.core.periods.label_vi`."""

from __future__ import annotations

from django import template

from congminh.core.periods import label_vi, parse_period

register = template.Library()


@register.filter
def period_vi(label: str, year_start_month: int = 1) -> str:
    return label_vi(label or "", year_start_month=int(year_start_month or 1))


@register.filter
def period_code_vi(code: str, year_start_month: int = 1) -> str:
    """A period code (`2026-Q4`) named the Vietnamese way; the code itself if unknown."""
    try:
        return parse_period(code or "", year_start_month=int(year_start_month or 1)).label_vi
    except ValueError:
        return code
