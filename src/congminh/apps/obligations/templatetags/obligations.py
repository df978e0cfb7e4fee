"""`{% case_clocks case %}`: a case's statutory clocks and how each date was reached."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from congminh.apps.cases.models import Case
from congminh.apps.cases.services import law_input
from congminh.core.law.explain import FLAG_VI, STATUS_VI, explain_case
from congminh.core.law.labels import holder_vi as _holder_vi

register = template.Library()


@register.inclusion_tag("obligations/_case_clocks_body.html")
def case_clocks(case: Case) -> dict[str, Any]:
    # The case reached the page through the scoped selector; its clocks inherit that scope.
    as_of = timezone.localdate()
    explanation = explain_case(law_input(case), as_of)
    return {
        "case": case,
        "obligations": list(case.obligations.all()),
        "explanation": explanation,
        "flags": [FLAG_VI.get(f, f) for f in (case.flags or [])],
        "as_of": as_of,
    }


@register.filter
def status_vi(status: str) -> str:
    """The Vietnamese name of a clock status (the law engine's own vocabulary)."""
    return STATUS_VI.get(status, status)


@register.filter
def holder_vi(holder: str) -> str:
    """The Vietnamese name of the body or person an obligation falls on."""
    return _holder_vi(holder)
