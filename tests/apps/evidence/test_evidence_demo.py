"""The demo's evidence requests: lawful (the engine finds nothing to refuse in the
histories), deterministic, idempotent, spread over communes and departments."""

from __future__ import annotations

import datetime as dt
from typing import Any

from congminh.apps.cases.services import law_input
from congminh.apps.demo.evidence import evidence_demo_ensure
from congminh.apps.demo.services import demo_cases_load
from congminh.apps.evidence.models import EvidenceRequest
from congminh.apps.organisations.services import organisations_load
from congminh.core.law import lawful

AS_OF = dt.date(2026, 11, 26)


def _signature() -> list[tuple[Any, ...]]:
    return list(EvidenceRequest.objects.order_by("ref").values_list(
        "ref", "case_id", "organisation__code", "holder_name", "state", "sent_on", "due", "answered_on"))


def test_demo_requests_are_lawful_deterministic_and_idempotent(db: Any) -> None:
    organisations_load()
    demo_cases_load(size="XS", seed=5, as_of=AS_OF, count=300)
    made = evidence_demo_ensure(as_of=AS_OF, count=40)
    assert made.requests == EvidenceRequest.objects.count() > 25
    kinds = set(EvidenceRequest.objects.values_list("organisation__kind", flat=True))
    assert {"peoples_committee", "department"} <= kinds
    for req in EvidenceRequest.objects.select_related("case"):
        assert lawful.history_problems(law_input(req.case)) == []
        assert req.case.events.filter(type="evidence_requested", data__ref=req.ref).count() == 1
        if req.case.procedure in ("civil", "administrative") and req.state != "withdrawn":
            assert req.due is not None
        if req.case.procedure == "criminal":
            assert req.due is None
    first = _signature()
    assert evidence_demo_ensure(as_of=AS_OF, count=40).requests == 0
    assert _signature() == first
