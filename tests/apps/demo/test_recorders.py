"""The demo's steps are recorded by a user of the body that made them (`demo.recorders`):
the case page's «Người ghi» and every history name a person, never «—»."""

from __future__ import annotations

import datetime as dt
from typing import Any

from congminh.apps.accounts.models import User
from congminh.apps.attendance.models import Summons
from congminh.apps.audit.models import AuditEntry
from congminh.apps.cases.models import Case, CaseEvent
from congminh.apps.complaints.models import Complaint
from congminh.apps.demo.recorders import CLERK_PREFIX, Recorders
from congminh.apps.demo.services import demo_setup
from congminh.apps.evidence.models import EvidenceRequest
from congminh.apps.expertise.models import ExpertiseRequest
from congminh.apps.organisations.models import Organisation
from congminh.apps.organisations.services import organisations_load

AS_OF = dt.date(2026, 11, 26)
# The steps a body takes in the demo (the system's own recomputations and the generator's
# flags aside).
STEPS = ("cases.case", "cases.caseevent", "complaints.complaint", "evidence.evidencerequest",
         "expertise.expertiserequest", "expertise.expert", "expertise.rosterentry",
         "attendance.summons", "attendance.attendance")


def test_a_body_s_demo_account_records_else_its_clerk(db: Any) -> None:
    demo_setup(as_of=AS_OF, count=5)  # the demo accounts
    recorders = Recorders()
    court = Organisation.objects.get(code="GL-TAND")
    assert recorders.of(court) == User.objects.get(username="toaan")  # the officer, not `xem`
    area = Organisation.objects.get(code="GL-TAND-KV2")
    clerk = recorders.of(area)
    assert clerk is not None and clerk.username == f"{CLERK_PREFIX}gl-tand-kv2"
    assert (clerk.organisation, clerk.role, clerk.has_usable_password()) == (area, "officer", False)
    assert Recorders().of(area) == clerk  # made once
    assert recorders.of(None) == User.objects.get(username="admin")  # outside the registry


def test_every_demo_step_names_who_recorded_it(db: Any) -> None:
    organisations_load()
    demo_setup(as_of=AS_OF, count=400)
    # Every event names who entered it; the generator's steps, a user of the body that made
    # them. (A workflow's step taken by a body that does not hold the case, an evidence reply
    # or an expertise conclusion, is written on behalf of the asking body, by the user of the
    # body asked; a national body's complaint resolution by the administrator.)
    events = CaseEvent.objects.select_related("recorded_by", "case__holder")
    assert events.exists() and not events.filter(recorded_by__isnull=True).exists()
    for ev in events.filter(source="demo").exclude(type__regex=r"^(evidence|expertise)_"):
        assert ev.recorded_by.organisation_id == (ev.organisation_id or ev.case.holder_id)
    assert CaseEvent.objects.filter(recorded_by__username="toaan").exists()
    for kind in (Complaint, EvidenceRequest, ExpertiseRequest, Summons):
        assert kind.objects.exists(), kind
    unnamed = AuditEntry.objects.filter(object_type__in=STEPS, actor__isnull=True).exclude(action__in=("flag", "recompute"))
    assert list(unnamed.values_list("object_type", "action").distinct()) == []
    # the complaint's steps: received by the holder, resolved by the resolving body (the
    # administrator enters a national body's resolution)
    for c in Complaint.objects.filter(status="resolved").select_related("resolver"):
        entries = AuditEntry.objects.filter(object_type="complaints.complaint", object_id=str(c.pk),
                                            action="complaint_resolve").select_related("actor")
        for entry in entries:  # one per field changed
            assert (entry.actor.organisation_id == c.resolver_id if c.resolver_id
                    else entry.actor.username == "admin")
    # the national bodies resolve their share too (the second level above a provincial body)
    national = Complaint.objects.filter(resolver__isnull=True).exclude(resolver_name="")
    assert national.filter(level="second", status="resolved").exists()
    assert Case.objects.count() == 400
