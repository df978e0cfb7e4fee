"""Requests step by step: each step is a case event (the law engine's clock), the request
keeps the due dates the engine computed, refusals are coded and flagged as pushed back
when the body is on the roster for the field (directive point 4)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from congminh.apps.expertise import selectors, services
from congminh.apps.expertise.models import RequestState, RosterKind
from congminh.apps.obligations.models import CaseObligation

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel(dt.datetime(2026, 4, 1, 9, tzinfo=dt.UTC), tick=False):
        yield

D = dt.date


def _types(case: Any) -> list[tuple[str, str, str]]:
    return [(e.type, e.date.isoformat(), e.data.get("ref", "")) for e in case.events.order_by("date", "id")]


def test_send_starts_the_gdtp_26a_clock(finance_request: Any, users: dict[str, Any],
                                        django_capture_on_commit_callbacks: Any) -> None:
    # Luật GĐTP Đ.26a k3: 3 months from receipt with the full file (10/03 -> 10/06/2026);
    # Đ.24 k2 đ.d: refusal notified within 05 working days (11, 12, 13, 16, 17/03).
    with django_capture_on_commit_callbacks(execute=True):
        req = services.expertise_request_send(actor=users["investigator"], request=finance_request,
                                              received_on=D(2026, 3, 10))
    stored = CaseObligation.objects.get(case=req.case, subject="21/QĐ-TCGĐ", kind="expertise")
    assert (stored.rule, stored.due, stored.holder) == ("GDTP-26A", D(2026, 6, 10), "expertise_body")
    assert req.state == RequestState.IN_PROGRESS
    assert (req.rule, req.due, req.refusal_due) == ("GDTP-26A", D(2026, 6, 10), D(2026, 3, 17))
    assert req.limit_days == 92
    assert ("expertise_ordered", "2026-03-10", "21/QĐ-TCGĐ") in _types(req.case)
    ordered = req.case.events.get(type="expertise_ordered")
    assert ordered.data == {"ref": "21/QĐ-TCGĐ", "expertise_kind": "other", "complex": False,
                            "expertise_field": "tai-chinh"}


def test_compulsory_injury_expertise_follows_bltths_208(criminal_case: Any, users: dict[str, Any],
                                                        xorgs: dict[str, Any]) -> None:
    from congminh.apps.expertise.models import ExpertiseField

    req = services.expertise_request_create(
        actor=users["investigator"], case=criminal_case, ref="3/QĐ-TCGĐ",
        field=ExpertiseField.objects.get(code="phap-y"), questions="Tỷ lệ thương tích.",
        decided_on=D(2026, 3, 9), organisation=xorgs["forensic"], expertise_kind="injury")
    req = services.expertise_request_send(actor=users["investigator"], request=req,
                                          received_on=D(2026, 3, 10))
    # BLTTHS Đ.208 k1 đ.c: not over 09 days -> 19/03/2026 (Thursday).
    assert (req.rule, req.due, req.limit_days) == ("BLTTHS-208", D(2026, 3, 19), 9)


def test_documents_pause_and_resume(finance_request: Any, users: dict[str, Any],
                                    xusers: dict[str, Any]) -> None:
    req = services.expertise_request_send(actor=users["investigator"], request=finance_request,
                                          received_on=D(2026, 3, 10))
    req = services.expertise_documents_request(actor=xusers["finance"], request=req,
                                               date=D(2026, 3, 20), note="Sổ kế toán 2025")
    assert (req.state, req.due, req.waiting_since) == (RequestState.WAITING_DOCUMENTS, None, D(2026, 3, 20))
    assert selectors.days_taken(req, D(2026, 3, 25)) == 10  # 10 days run, 5 waiting not counted
    req = services.expertise_documents_receive(actor=users["investigator"], request=req,
                                               date=D(2026, 3, 30))
    # 10 days paused: the due date moves 10 days, 10/06 -> 20/06/2026 (a Saturday), rolled
    # to Monday 22/06.
    assert req.state == RequestState.IN_PROGRESS
    assert req.paused_days == 10
    assert req.due == D(2026, 6, 22)
    assert selectors.days_taken(req, D(2026, 4, 1)) == 12


def test_extension_within_and_over_the_ceiling(finance_request: Any, users: dict[str, Any]) -> None:
    req = services.expertise_request_send(actor=users["investigator"], request=finance_request,
                                          received_on=D(2026, 3, 10))
    # Đ.26a k3: extension at most half the maximum (3 months -> 45 days): 2 months is refused.
    with pytest.raises(ValidationError) as refused:
        services.expertise_request_extend(actor=users["investigator"], request=req,
                                          date=D(2026, 3, 31), months=2)
    assert "GĐTP" in str(refused.value) or "gia hạn" in str(refused.value).lower()
    req.refresh_from_db()
    assert req.extension_months == 0
    req = services.expertise_request_extend(actor=users["investigator"], request=req,
                                            date=D(2026, 3, 31), months=1)
    assert (req.extension_months, req.due) == (1, D(2026, 7, 10))


def test_refusal_by_a_listed_body_is_pushed_back(finance_request: Any, users: dict[str, Any],
                                                  xusers: dict[str, Any], xorgs: dict[str, Any],
                                                  field: Any,
                                                  django_capture_on_commit_callbacks: Any) -> None:
    services.roster_entry_save(actor=xusers["justice"], organisation=xorgs["finance"], field=field,
                               kind=RosterKind.AD_HOC, listed_on=D(2025, 8, 1))
    with django_capture_on_commit_callbacks(execute=True):
        req = services.expertise_request_send(actor=users["investigator"], request=finance_request,
                                              received_on=D(2026, 3, 10))
    # As of 01/04 the refusal window (to 17/03) has lapsed: only the expertise clock is open.
    assert CaseObligation.objects.filter(case=req.case, subject="21/QĐ-TCGĐ").count() == 1
    with django_capture_on_commit_callbacks(execute=True):
        req = services.expertise_request_refuse(actor=xusers["finance"], request=req,
                                                date=D(2026, 3, 16), reason="no_expert")
    assert (req.state, req.pushed_back, req.refused_late) == (RequestState.REFUSED, True, False)
    assert req.case.events.filter(type="expertise_refused", data__ref="21/QĐ-TCGĐ").exists()
    assert not CaseObligation.objects.filter(case=req.case, subject="21/QĐ-TCGĐ").exists()


def test_refusal_by_an_unlisted_body_late(finance_request: Any, users: dict[str, Any],
                                          xusers: dict[str, Any]) -> None:
    req = services.expertise_request_send(actor=users["investigator"], request=finance_request,
                                          received_on=D(2026, 3, 10))
    req = services.expertise_request_refuse(actor=xusers["finance"], request=req,
                                            date=D(2026, 3, 18), reason="outside_field")
    assert (req.pushed_back, req.refused_late) == (False, True)  # 18/03 > 17/03


def test_delisted_body_is_not_pushed_back(finance_request: Any, users: dict[str, Any],
                                          xusers: dict[str, Any], xorgs: dict[str, Any],
                                          field: Any) -> None:
    services.roster_entry_save(actor=xusers["justice"], organisation=xorgs["finance"], field=field,
                               kind=RosterKind.AD_HOC, listed_on=D(2025, 8, 1),
                               delisted_on=D(2026, 1, 1))
    req = services.expertise_request_send(actor=users["investigator"], request=finance_request,
                                          received_on=D(2026, 3, 10))
    req = services.expertise_request_refuse(actor=xusers["finance"], request=req,
                                            date=D(2026, 3, 12), reason="no_expert")
    assert req.pushed_back is False


def test_conclusion_ends_the_clock(finance_request: Any, users: dict[str, Any],
                                   xusers: dict[str, Any]) -> None:
    req = services.expertise_request_send(actor=users["investigator"], request=finance_request,
                                          received_on=D(2026, 3, 10))
    req = services.expertise_request_conclude(actor=xusers["finance"], request=req,
                                              date=D(2026, 3, 30), conclusion_number="KL-01")
    assert (req.state, req.concluded_on, req.due) == (RequestState.CONCLUDED, D(2026, 3, 30), D(2026, 6, 10))
    assert selectors.days_taken(req) == 20
    assert not selectors.is_late(req)


def test_only_the_right_side_takes_each_step(finance_request: Any, users: dict[str, Any],
                                            xusers: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):  # the asked body does not start the clock
        services.expertise_request_send(actor=xusers["finance"], request=finance_request,
                                        received_on=D(2026, 3, 10))
    req = services.expertise_request_send(actor=users["investigator"], request=finance_request,
                                          received_on=D(2026, 3, 10))
    with pytest.raises(PermissionDenied):  # the asking body does not refuse for the expert
        services.expertise_request_refuse(actor=users["investigator"], request=req,
                                          date=D(2026, 3, 12), reason="no_expert")
    with pytest.raises(PermissionDenied):  # another department neither
        services.expertise_request_refuse(actor=xusers["building"], request=req,
                                          date=D(2026, 3, 12), reason="no_expert")
    with pytest.raises(ValidationError):  # "other" needs the explanation
        services.expertise_request_refuse(actor=xusers["finance"], request=req,
                                          date=D(2026, 3, 12), reason="other")


def test_roster_is_kept_by_the_department_of_justice(xusers: dict[str, Any], xorgs: dict[str, Any],
                                                    users: dict[str, Any], field: Any) -> None:
    for who in (xusers["finance"], xusers["justice_viewer"], users["supervisor"]):
        with pytest.raises(PermissionDenied):
            services.expert_save(actor=who, name="Lê Văn C", kind="judicial_expert", fields=[field])
    expert, changed = services.expert_save(actor=xusers["justice"], name="Lê Văn C",
                                           kind="judicial_expert", fields=[field],
                                           organisation=xorgs["finance"], decision_number="1/QĐ")
    assert changed and expert.province_code == "52"
    again, changed = services.expert_save(actor=xusers["justice"], name="Lê Văn C",
                                          kind="judicial_expert", fields=[field],
                                          organisation=xorgs["finance"], decision_number="1/QĐ",
                                          expert=expert)
    assert (again.pk, changed) == (expert.pk, False)


def test_case_log_names_the_asking_officer(finance_request: Any, users: dict[str, Any],
                                           xusers: dict[str, Any]) -> None:
    req = services.expertise_request_send(actor=users["investigator"], request=finance_request,
                                          received_on=D(2026, 3, 10))
    req = services.expertise_documents_request(actor=xusers["finance"], request=req, date=D(2026, 3, 12))
    ordered = req.case.events.get(type="expertise_ordered")
    asked = req.case.events.get(type="expertise_documents_requested")
    assert (ordered.recorded_by, ordered.organisation) == (users["investigator"], req.requested_by)
    # the department does not hold the case: written on its behalf (its right checked on the
    # request), naming its user on the case as in the request's trail
    assert (asked.recorded_by, asked.organisation) == (xusers["finance"], req.organisation)
    from congminh.apps.audit.models import AuditEntry

    assert AuditEntry.objects.filter(object_type="expertise.expertiserequest", object_id=str(req.pk),
                                     action="expertise_documents_request",
                                     actor=xusers["finance"]).exists()
