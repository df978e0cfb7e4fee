"""`{% case_clocks case %}`: a case's statutory clocks and how each date was reached."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils import timezone

from congminh.apps.cases.models import Case
from congminh.apps.cases.services import law_input
from congminh.core import statuses
from congminh.core.law.explain import FLAG_VI, explain_case
from congminh.core.law.labels import holder_vi as _holder_vi

register = template.Library()


@register.inclusion_tag("obligations/_case_clocks_body.html")
def case_clocks(case: Case) -> dict[str, Any]:
    # The case reached the page through the scoped selector; its clocks inherit that scope.
    as_of = timezone.localdate()
    explanation = explain_case(law_input(case), as_of)
    obligations = list(case.obligations.all())
    named = named_holders(case)
    for o in obligations:
        setattr(o, "named_holder", named.get(o.subject) if o.subject else None)  # noqa: B010
    return {
        "case": case,
        "obligations": obligations,
        "explanation": explanation,
        "flags": [FLAG_VI.get(f, f) for f in (case.flags or [])],
        "as_of": as_of,
    }


def named_holders(case: Case) -> dict[str, tuple[str, str]]:
    """The body an obligation of a workflow falls on, by the obligation's subject (the
    request's or complaint's number): (its name, the page of the request or complaint). The
    rules name only a role («cơ quan được yêu cầu»); the workflow names the body."""
    found: dict[str, tuple[str, str]] = {}
    for c in case.complaints.select_related("resolver"):
        if c.resolver_label:  # a body of the registry, or the national body outside it
            found[c.number] = (c.resolver_label, reverse("complaints:detail", args=[c.pk]))
    for e in case.expertise_requests.select_related("organisation", "expert"):
        name = e.organisation.name if e.organisation else (e.expert.name if e.expert else "")
        if name:
            found[e.ref] = (name, reverse("expertise:detail", args=[e.pk]))
    for r in case.evidence_requests.select_related("organisation"):
        if r.asked_name:
            found[r.ref] = (r.asked_name, reverse("evidence:detail", args=[r.pk]))
    return found


@register.filter
def status_vi(status: str) -> str:
    """A clock status's badge, capitalised as on every list («Trong hạn»; the sentence form
    «trong hạn» is for explanations)."""
    return statuses.label(status)


@register.filter
def holder_vi(holder: str) -> str:
    """The Vietnamese name of the body or person an obligation falls on."""
    return _holder_vi(holder)
