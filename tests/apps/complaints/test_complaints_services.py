"""Complaint steps recorded as case events, with the law engine's clocks computed by hand
from the articles they cite."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from congminh.apps.cases.models import CaseEvent
from congminh.apps.complaints import selectors, services
from congminh.apps.complaints.models import ComplaintStatus

pytestmark = pytest.mark.django_db
D = dt.date


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel(dt.datetime(2026, 4, 1, 9, tzinfo=dt.UTC), tick=False):
        yield


def receive(cast: dict[str, Any], case: Any, who: str = "officer_a", **kw: Any) -> Any:
    values: dict[str, Any] = {"kind": "complaint", "number": "05/KN", "complainant_name": "Nguyễn Văn An",
                              "complainant_role": "party", "against": "court",
                              "complained_of": case.holder, "received_on": D(2026, 3, 2)}
    values.update(kw)
    return services.complaint_receive(actor=cast[who], case=case, **values)


def test_civil_complaint_against_a_judge(cast: dict[str, Any], civil_case: Any, orgs: dict[str, Any],
                                         django_capture_on_commit_callbacks: Any) -> None:
    # BLTTDS Đ.505: 15 days from 02/03/2026 (start day not counted) -> 17/03/2026, a Tuesday.
    with django_capture_on_commit_callbacks(execute=True):
        c = receive(cast, civil_case)
    assert (c.resolver, c.resolver_basis) == (orgs["court_a"], "BLTTDS 2015 Điều 504")
    assert (c.rule, c.due, c.limit_days) == ("BLTTDS-505", D(2026, 3, 17), 15)
    assert civil_case.obligations.get(subject="05/KN").due == D(2026, 3, 17)
    # Complex matter: up to 15 more days from the end of the limit -> 01/04/2026.
    c = services.complaint_extend(actor=cast["officer_a"], complaint=c, date=D(2026, 3, 16), days=15)
    assert (c.due, c.limit_days, c.extended_days) == (D(2026, 4, 1), 30, 15)
    with django_capture_on_commit_callbacks(execute=True):
        c = services.complaint_resolve(actor=cast["officer_a"], complaint=c, date=D(2026, 3, 20),
                                       outcome="wrong", decision_number="07/QĐ-GQKN")
    assert (c.status, c.outcome, c.resolved_on) == (ComplaintStatus.RESOLVED, "wrong", D(2026, 3, 20))
    assert selectors.days_taken(c) == 18 and not selectors.is_late(c)
    assert not civil_case.obligations.filter(subject="05/KN").exists()
    events = list(CaseEvent.objects.filter(case=civil_case, type__startswith="complaint_")
                  .order_by("id").values_list("type", "data"))
    assert events == [("complaint_received", {"ref": "05/KN", "against": "court", "level": "first"}),
                      ("complaint_extended", {"ref": "05/KN", "days": 15}),
                      ("complaint_resolved", {"ref": "05/KN"})]


def test_escalation_goes_to_the_court_one_level_up_with_its_own_clock(
        cast: dict[str, Any], civil_case: Any, corgs: dict[str, Any]) -> None:
    first = receive(cast, civil_case)
    with pytest.raises(ValidationError):  # not resolved yet
        services.complaint_escalate(actor=cast["court_prov"], complaint=first, number="05/KN-L2",
                                    received_on=D(2026, 3, 23))
    services.complaint_resolve(actor=cast["officer_a"], complaint=first, date=D(2026, 3, 16),
                               outcome="wrong")
    with pytest.raises(PermissionDenied):  # another area court
        services.complaint_escalate(actor=cast["officer_b"], complaint=first, number="05/KN-L2",
                                    received_on=D(2026, 3, 23))
    second = services.complaint_escalate(actor=cast["court_prov"], complaint=first, number="05/KN-L2",
                                         received_on=D(2026, 3, 23))
    # BLTTDS Đ.507 sets no limit of its own: the rule applies Đ.505's 15 days -> 07/04/2026.
    assert (second.level, second.escalated_from, second.resolver) == ("second", first, corgs["court_prov"])
    assert (second.received_by, second.resolver_basis) == (corgs["court_prov"], "BLTTDS 2015 Điều 507")
    assert (second.due, second.rule) == (D(2026, 4, 7), "BLTTDS-505")
    event = CaseEvent.objects.get(case=civil_case, data__ref="05/KN-L2")
    assert (event.data["level"], event.organisation) == ("second", corgs["court_prov"])
    with pytest.raises(ValidationError):  # once only
        services.complaint_escalate(actor=cast["court_prov"], complaint=first, number="05/KN-L3",
                                    received_on=D(2026, 3, 24))


def test_complaint_against_the_head_of_investigation_goes_to_the_procuracy(
        cast: dict[str, Any], criminal_case: Any, orgs: dict[str, Any]) -> None:
    # BLTTHS Đ.475 k1 đoạn 2: the same-level Procuracy, 7 days from 10/03/2026 -> 17/03/2026.
    c = receive(cast, criminal_case, who="investigator", against="investigation_head",
                received_on=D(2026, 3, 10))
    assert (c.resolver, c.rule, c.due) == (orgs["procuracy"], "BLTTHS-475", D(2026, 3, 17))
    with pytest.raises(PermissionDenied):  # the police do not resolve it
        services.complaint_resolve(actor=cast["investigator"], complaint=c, date=D(2026, 3, 16),
                                   outcome="right")
    with pytest.raises(ValidationError):  # Đ.475 allows no extension
        services.complaint_extend(actor=cast["prosecutor"], complaint=c, date=D(2026, 3, 12), days=2)
    c = services.complaint_resolve(actor=cast["prosecutor"], complaint=c, date=D(2026, 3, 19),
                                   outcome="partly_right")
    assert selectors.is_late(c) and selectors.days_taken(c) == 9
    late = selectors.complaint_list(user=cast["admin"], filters=selectors.ComplaintFilters(resolved_late=True))
    assert list(late) == [c]
    event = CaseEvent.objects.get(case=criminal_case, type="complaint_resolved")
    assert event.organisation == orgs["procuracy"]


def test_denunciation_of_an_investigator(cast: dict[str, Any], criminal_case: Any, orgs: dict[str, Any]) -> None:
    # BLTTHS Đ.481 k1, k3: the head of the investigation body, 30 days from 02/03/2026 ->
    # 01/04/2026; complex: not over 60 days -> 01/05/2026 (a day in days: not moved, Đ.134).
    c = receive(cast, criminal_case, who="investigator", kind="denunciation", number="02/TC",
                against="investigation")
    assert (c.resolver, c.rule, c.due) == (orgs["police"], "BLTTHS-481", D(2026, 4, 1))
    c = services.complaint_extend(actor=cast["investigator"], complaint=c, date=D(2026, 3, 30), days=30)
    assert c.due == D(2026, 5, 1)
    assert CaseEvent.objects.filter(case=criminal_case, type="denunciation_extended").count() == 1
    c = services.complaint_resolve(actor=cast["investigator"], complaint=c, date=D(2026, 3, 31),
                                   outcome="wrong")
    with pytest.raises(ValidationError):  # a denunciation has no second level
        services.complaint_escalate(actor=cast["investigator"], complaint=c, number="02/TC-L2",
                                    received_on=D(2026, 4, 1))


@pytest.mark.parametrize(("kw", "field"), [
    ({"against": "custody"}, "against"),                # no custody in a civil case
    ({"number": "  "}, "number"),
    ({"received_on": D(2026, 4, 2)}, "date"),           # in the future
    ({"against": "procuracy"}, "complained_of"),        # a court is not a Procuracy
])
def test_intake_refusals(cast: dict[str, Any], civil_case: Any, kw: dict[str, Any], field: str) -> None:
    with pytest.raises(ValidationError) as exc:
        receive(cast, civil_case, **kw)
    assert field in exc.value.message_dict


def test_same_number_twice_is_refused(cast: dict[str, Any], civil_case: Any) -> None:
    receive(cast, civil_case)
    with pytest.raises(ValidationError):
        receive(cast, civil_case)


def test_chief_judge_complaint_is_resolved_once(cast: dict[str, Any], civil_case: Any,
                                                corgs: dict[str, Any]) -> None:
    c = receive(cast, civil_case, against="court_head")
    assert c.resolver == corgs["court_prov"]
    c = services.complaint_resolve(actor=cast["court_prov"], complaint=c, date=D(2026, 3, 10),
                                   outcome="wrong")
    with pytest.raises(ValidationError):
        services.complaint_escalate(actor=cast["court_prov"], complaint=c, number="X-L2",
                                    received_on=D(2026, 3, 12))


def test_the_case_closing_ends_the_clock(cast: dict[str, Any], civil_case: Any) -> None:
    from congminh.apps.cases import services as case_services

    c = receive(cast, civil_case)  # due 17/03/2026, open on 01/04/2026: overdue
    assert selectors.is_late(c)
    assert list(selectors.complaint_list(user=cast["officer_a"], filters=selectors.ComplaintFilters(
        overdue=True))) == [c]
    case_services.case_event_append(actor=cast["admin"], case=civil_case, type="closed",
                                    date=D(2026, 3, 25), data={"reason": "withdrawn"})
    c = selectors.complaint_get(user=cast["officer_a"], pk=c.pk)
    assert not selectors.is_late(c)
    assert not selectors.complaint_list(user=cast["officer_a"], filters=selectors.ComplaintFilters(
        overdue=True)).exists()
