"""Evidence requests step by step against the articles they cite: BLTTDS Đ.106 k3 and Luật
TTHC Đ.93 k3 (15 days from receipt, first day not counted, a last day on a day off rolls
to the next working day); criminal requests carry no statutory limit."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError

from congminh.apps.cases.services import law_input
from congminh.apps.evidence import selectors, services
from congminh.apps.evidence.models import RequestState
from congminh.apps.obligations.models import CaseObligation
from congminh.core import law

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 4, 20)


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel(dt.datetime(2026, 4, 20, 9, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture(autouse=True)
def _commit(django_capture_on_commit_callbacks: Any) -> Any:
    """Run the on-commit refresh of the stored clocks after each step."""
    global COMMIT
    COMMIT = django_capture_on_commit_callbacks
    yield


COMMIT: Any = None


def step(run: Any, **kwargs: Any) -> Any:
    with COMMIT(execute=True):
        return run(**kwargs)


def send(cast: dict[str, Any], case: Any, org: Any, sent: dt.date, ref: str = "45/CV-TA") -> Any:
    holder = "investigator" if case.procedure == "criminal" else "officer_a"
    return step(services.evidence_request_send, actor=cast[holder], case=case, ref=ref,
                                          documents="Hồ sơ địa chính thửa đất số 120.",
                                          sent_on=sent, organisation=org)


def _open_clock(case: Any, ref: str) -> Any:
    return CaseObligation.objects.filter(case=case, subject=ref, kind="evidence_request").first()


@pytest.mark.parametrize(("procedure", "sent", "due", "rule"), [
    # received Tue 10/03/2026: 15 days counted from 11/03 -> Wed 25/03/2026
    ("civil", dt.date(2026, 3, 10), dt.date(2026, 3, 25), "BLTTDS-106"),
    # received Fri 13/03/2026: the 15th day is Sat 28/03 -> Mon 30/03/2026
    ("administrative", dt.date(2026, 3, 13), dt.date(2026, 3, 30), "LTTHC-93"),
    # no evidence rule for criminal procedure in the engine
    ("criminal", dt.date(2026, 3, 10), None, ""),
])
def test_sending_starts_the_statutory_clock(procedure: str, sent: dt.date, due: Any, rule: str,
                                            cast: dict[str, Any], eorgs: dict[str, Any],
                                            civil_case: Any, admin_case: Any, criminal_case: Any) -> None:
    case = {"civil": civil_case, "administrative": admin_case, "criminal": criminal_case}[procedure]
    req = send(cast, case, eorgs["committee_a"], sent)
    assert (req.state, req.due, req.rule) == (RequestState.SENT, due, rule)
    event = case.events.get(type="evidence_requested")
    assert (event.date, event.data["ref"]) == (sent, "45/CV-TA")
    clock = _open_clock(case, "45/CV-TA")
    if due is None:
        assert clock is None
        assert not selectors.is_late(req, TODAY)
    else:
        assert clock is not None and clock.due == due and clock.rule == rule
        assert selectors.is_late(req, TODAY)  # 20/04 is past the due date, nothing answered


def test_partial_reply_keeps_the_clock_and_complete_reply_ends_it(
        cast: dict[str, Any], eorgs: dict[str, Any], civil_case: Any) -> None:
    req = send(cast, civil_case, eorgs["committee_a"], dt.date(2026, 3, 10))
    step(services.evidence_reply_record, actor=cast["committee_a"], request=req, date=dt.date(2026, 3, 20),
         kind="partial", note="Bản đồ địa chính")
    req.refresh_from_db()
    assert _open_clock(civil_case, "45/CV-TA").due == dt.date(2026, 3, 25)  # still running
    assert req.state == RequestState.PARTLY_ANSWERED and req.due == dt.date(2026, 3, 25)
    assert not civil_case.events.filter(type="evidence_received").exists()
    assert req in selectors.request_list(user=cast["officer_a"],
                                         filters=selectors.RequestFilters(overdue=True), today=TODAY)
    # the rest arrives on 30/03, 5 days late
    step(services.evidence_reply_record, actor=cast["committee_a"], request=req, date=dt.date(2026, 3, 30),
         kind="complete", document_number="88/UBND")
    req.refresh_from_db()
    assert (req.state, req.answered_on) == (RequestState.ANSWERED, dt.date(2026, 3, 30))
    assert civil_case.events.filter(type="evidence_received", data__ref="45/CV-TA").count() == 1
    assert _open_clock(civil_case, "45/CV-TA") is None  # the clock ended: no open obligation left
    assert selectors.is_late(req, TODAY)  # answered after the due date
    assert selectors.days_to_answer(req) == 20
    assert list(req.replies.values_list("kind", flat=True)) == ["partial", "complete"]
    with pytest.raises(ValidationError):  # answered: no more replies
        services.evidence_reply_record(actor=cast["committee_a"], request=req,
                                       date=dt.date(2026, 4, 1), kind="partial")


def test_written_refusal_needs_a_reason_and_stays_overdue(
        cast: dict[str, Any], eorgs: dict[str, Any], civil_case: Any) -> None:
    req = send(cast, civil_case, eorgs["committee_a"], dt.date(2026, 3, 10))
    with pytest.raises(ValidationError):
        services.evidence_reply_record(actor=cast["committee_a"], request=req,
                                       date=dt.date(2026, 3, 16), kind="refusal", note=" ")
    services.evidence_reply_record(actor=cast["committee_a"], request=req, date=dt.date(2026, 3, 16),
                                   kind="refusal", note="Hồ sơ đã chuyển lưu trữ lịch sử.")
    req.refresh_from_db()
    assert (req.state, req.refused_on, req.refusal_reason) == (
        RequestState.REFUSED, dt.date(2026, 3, 16), "Hồ sơ đã chuyển lưu trữ lịch sử.")
    assert not civil_case.events.filter(type="evidence_received").exists()
    overdue = selectors.request_list(user=cast["officer_a"],
                                     filters=selectors.RequestFilters(overdue=True), today=TODAY)
    assert list(overdue) == [req]
    # before the due date a refused request is refused, not yet overdue
    assert not selectors.request_list(user=cast["officer_a"], filters=selectors.RequestFilters(
        overdue=True), today=dt.date(2026, 3, 25)).exists()


def test_complete_reply_ends_the_suspension_ground(cast: dict[str, Any], eorgs: dict[str, Any],
                                                   civil_case: Any) -> None:
    from congminh.apps.cases.services import case_event_append

    req = send(cast, civil_case, eorgs["department"], dt.date(2026, 3, 10))
    case_event_append(actor=cast["officer_a"], case=civil_case, type="suspended", date=dt.date(2026, 3, 12),
                      data={"ground": "evidence", "ground_ref": req.ref})
    flags = law.evaluate_case(law_input(civil_case), TODAY)["flags"]
    assert "suspended_ground_ended" not in flags
    services.evidence_reply_record(actor=cast["department"], request=req, date=dt.date(2026, 4, 2),
                                   kind="complete")
    flags = law.evaluate_case(law_input(civil_case), TODAY)["flags"]
    assert "suspended_ground_ended" in flags


def test_withdrawal_withdraws_the_event_and_the_clock(cast: dict[str, Any], eorgs: dict[str, Any],
                                                      civil_case: Any) -> None:
    req = send(cast, civil_case, eorgs["committee_a"], dt.date(2026, 3, 10))
    with pytest.raises(PermissionDenied):
        services.evidence_request_withdraw(actor=cast["committee_a"], request=req,
                                           date=dt.date(2026, 3, 12), reason="x")
    step(services.evidence_request_withdraw, actor=cast["officer_a"], request=req, date=dt.date(2026, 3, 12),
         reason="Đương sự đã tự nộp.")
    req.refresh_from_db()
    assert req.state == RequestState.WITHDRAWN and req.due is None
    assert civil_case.events.get(type="evidence_requested").withdrawn_at is not None
    assert _open_clock(civil_case, req.ref) is None
    assert not selectors.is_late(req, TODAY)


def test_who_may_send_and_reply(cast: dict[str, Any], eorgs: dict[str, Any], civil_case: Any) -> None:
    for name in ("committee_a", "officer_b", "viewer_a", "prosecutor", "supervisor"):
        with pytest.raises(PermissionDenied):
            services.evidence_request_send(actor=cast[name], case=civil_case, ref="1/CV",
                                               documents="x", sent_on=dt.date(2026, 3, 10),
                                               organisation=eorgs["committee_a"])
    req = send(cast, civil_case, eorgs["committee_a"], dt.date(2026, 3, 10))
    for name in ("committee_b", "committee_a_viewer", "department", "prosecutor", "supervisor", "viewer_a"):
        with pytest.raises(PermissionDenied):
            services.evidence_reply_record(actor=cast[name], request=req, date=dt.date(2026, 3, 12),
                                           kind="partial")
    # the asking court records a reply it received
    services.evidence_reply_record(actor=cast["officer_a"], request=req, date=dt.date(2026, 3, 12),
                                   kind="partial")


def test_free_text_holder_and_validation(cast: dict[str, Any], civil_case: Any) -> None:
    req = services.evidence_request_send(actor=cast["officer_a"], case=civil_case, ref="7/CV",
                                         documents="Hồ sơ công chứng hợp đồng.", sent_on=dt.date(2026, 3, 10),
                                         holder_name="Văn phòng công chứng Phù Đổng")
    assert req.organisation is None and req.asked_name == "Văn phòng công chứng Phù Đổng"
    assert req.due == dt.date(2026, 3, 25)
    with pytest.raises(ValidationError):  # same number on the same case
        services.evidence_request_send(actor=cast["officer_a"], case=civil_case, ref="7/CV",
                                       documents="x", sent_on=dt.date(2026, 3, 10), holder_name="y")
    with pytest.raises(ValidationError):  # nobody asked
        services.evidence_request_send(actor=cast["officer_a"], case=civil_case, ref="8/CV",
                                       documents="x", sent_on=dt.date(2026, 3, 10))
    with pytest.raises(ValidationError):  # in the future
        services.evidence_request_send(actor=cast["officer_a"], case=civil_case, ref="9/CV",
                                       documents="x", sent_on=dt.date(2026, 4, 21), holder_name="y")
