"""The demo's complaints: lawful (the engine finds nothing to refuse in the histories),
spread over the procedures, some escalated with their own clock, idempotent."""

from __future__ import annotations

import datetime as dt
from typing import Any

from congminh.apps.cases.services import law_input
from congminh.apps.complaints.models import Complaint
from congminh.apps.demo.complaints import complaints_demo_ensure
from congminh.apps.demo.services import demo_cases_load
from congminh.apps.organisations.services import organisations_load
from congminh.core.law import lawful

AS_OF = dt.date(2026, 11, 26)


def _signature() -> list[tuple[Any, ...]]:
    return list(Complaint.objects.order_by("case_id", "number").values_list(
        "number", "case_id", "against", "resolver__code", "status", "outcome", "due"))


def test_demo_complaints_are_lawful_and_idempotent(db: Any) -> None:
    organisations_load()
    demo_cases_load(size="XS", seed=5, as_of=AS_OF, count=300)
    made = complaints_demo_ensure(as_of=AS_OF, count=60)
    assert made == Complaint.objects.filter(level="first").count() >= 40
    for c in Complaint.objects.select_related("case"):
        assert lawful.history_problems(law_input(c.case)) == []
        prefix = c.kind
        assert c.case.events.filter(type=f"{prefix}_received", data__ref=c.number).count() == 1
        assert c.due is not None and c.rule
    assert Complaint.objects.filter(level="second").exists()
    procedures = set(Complaint.objects.values_list("case__procedure", flat=True))
    assert procedures == {"criminal", "civil", "administrative", "enforcement"}
    assert Complaint.objects.filter(status="resolved").exclude(outcome="").exists()
    for second in Complaint.objects.filter(level="second"):
        assert second.escalated_from is not None and second.escalated_from.status == "resolved"
        assert second.received_on >= second.escalated_from.resolved_on
    first = _signature()
    assert complaints_demo_ensure(as_of=AS_OF, count=60) == 0
    assert _signature() == first
