"""The annual report's oversight figures as of an instant (issue #11 item 4, bitemporal):
each workflow's figure is read as the registry stood at the report's instant, so a late
entry or a later change of state made after it does not change a regenerated report.

The province and its workflows are `conftest.province` and `conftest.oversight`; the
report is the one of 2026 as of 10/01/2027 10:00 (`test_annual.ANNUAL_AS_OF`). Two days
later, each workflow gets a late entry dated inside 2026 and a change of state."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from test_annual import (  # the same instant and reader (test basenames are unique)
    ANNUAL_AS_OF,
    docx_text,
)

from congminh.apps.reports import annual, services
from congminh.core import statuses

D = dt.date
LATER = ANNUAL_AS_OF + dt.timedelta(days=2)  # 12/01/2027


def _as_of(user: Any, instant: dt.datetime = ANNUAL_AS_OF) -> annual.AnnualReport:
    with time_machine.travel(LATER, tick=False):
        return annual.annual_report(user=user, year=2026, instant=instant)


def _late_entries(province: dict[str, Any], oversight: dict[str, Any], orgs: dict[str, Any],
                  users: dict[str, Any]) -> None:
    """On 12/01/2027: each workflow's open item finished on a day of 2026 (a change of
    state recorded late), and a new item dated in 2026 (a late entry)."""
    from congminh.apps.attendance import services as attendance
    from congminh.apps.attendance.models import Summons
    from congminh.apps.cases import services as cases
    from congminh.apps.complaints import services as complaints
    from congminh.apps.evidence import services as evidence
    from congminh.apps.expertise import services as expertise
    from congminh.apps.supervision import services as supervision

    admin = users["admin"]
    with time_machine.travel(LATER, tick=False):
        # Expertise: concluded on 28/12/2026; a second order received 01/12/2026.
        expertise.expertise_request_conclude(actor=None, request=oversight["expertise"],
                                             date=D(2026, 12, 28), conclusion_number="15/KL-PY")
        second = expertise.expertise_request_create(
            actor=None, case=province["criminal"], ref="02/QĐ-TCGĐ", field=oversight["field"],
            questions="Giám định dấu vết", decided_on=D(2026, 12, 1), organisation=oversight["centre"])
        expertise.expertise_request_send(actor=None, request=second, received_on=D(2026, 12, 1))
        # Evidence: withdrawn on 15/12/2026; a second request received 28/12/2026 (due
        # 12/01/2027 under BLTTDS Đ.106 k3: not overdue on 31/12/2026).
        evidence.evidence_request_withdraw(actor=None, request=oversight["evidence"],
                                           date=D(2026, 12, 15), reason="Đã có tài liệu khác")
        evidence.evidence_request_send(actor=None, case=province["old"], ref="20/CV-TA",
                                       documents="Biên bản hòa giải", sent_on=D(2026, 12, 28),
                                       organisation=province["committee"])
        # Complaint: resolved on 20/12/2026 (due 16/07/2026: late).
        complaints.complaint_resolve(actor=None, complaint=oversight["complaint"], date=D(2026, 12, 20),
                                     outcome="wrong", decision_number="05/QĐ-GQKN")
        # Supervision: carried out on 15/12/2026 (due 01/10/2026: late); a second
        # recommendation issued 01/11/2026, due 30/11/2026, not carried out.
        supervision.recommendation_respond(actor=None, recommendation=oversight["recommendation"],
                                           date=D(2026, 12, 15), text="Đã khắc phục", done=True,
                                           today=LATER.date())
        supervision.recommendation_issue(actor=None, plan=oversight["plan"], addressee=orgs["court_a"],
                                         content="Báo cáo kết quả", issued_on=D(2026, 11, 1),
                                         due=D(2026, 11, 30))
        # Attendance: the dialogue's absence corrected (the chair came); a session of
        # 20/11/2026 entered, the chair present.
        dialogue = Summons.objects.get(case=province["suit"], kind="dialogue")
        attendance.attendance_record(actor=admin, summons=dialogue, presence="chair",
                                     attendee_name="Nguyễn Văn Bình, Chủ tịch", today=LATER.date())
        meeting = attendance.summons_create(actor=admin, case=province["suit"], kind="hearing",
                                            date=D(2026, 11, 20), committee=province["committee"])
        attendance.attendance_record(actor=admin, summons=meeting, presence="chair",
                                     attendee_name="Nguyễn Văn Bình, Chủ tịch", today=LATER.date())
        # Quality: the criminal case's flag cleared, the old civil case flagged.
        cases.case_flags_set(actor=users["supervisor"], case=province["criminal"],
                             reason="Đã xác minh: không oan", wrongful_conviction_signs=False)
        cases.case_flags_set(actor=users["supervisor"], case=province["old"],
                             reason="Đơn kêu oan của đương sự", wrongful_conviction_signs=True)


def _oversight(report: annual.AnnualReport) -> dict[str, Any]:
    assert report.expertise is not None and report.evidence is not None
    assert report.complaints is not None and report.supervision is not None
    [absence] = report.attendance
    return {
        "expertise": {k: report.expertise[k] for k in ("total", "open", "overdue", "concluded")},
        "evidence": {k: report.evidence[k] for k in ("total", "open", "overdue", "withdrawn")},
        "complaints": {k: report.complaints[k] for k in ("total", "open", "overdue", "resolved",
                                                         "resolved_late", "wrong")},
        "supervision": {k: report.supervision[k] for k in ("total", statuses.OVERDUE,
                                                           statuses.DONE_LATE)},
        "attendance": (absence.held, absence.recorded, absence.absent),
        "wrongful": [w.title for w in report.quality.wrongful],
    }


AS_RECORDED = {  # on 10/01/2027: nothing of the oversight workflows finished in 2026
    "expertise": {"total": 1, "open": 1, "overdue": 1, "concluded": 0},
    "evidence": {"total": 1, "open": 1, "overdue": 1, "withdrawn": 0},
    "complaints": {"total": 1, "open": 1, "overdue": 1, "resolved": 0, "resolved_late": 0, "wrong": 0},
    "supervision": {"total": 1, statuses.OVERDUE: 1, statuses.DONE_LATE: 0},
    "attendance": (2, 2, 1),
    "wrongful": ["Vụ án trộm cắp tài sản tại xã Bình An"],
}
AFTER_LATE_ENTRIES = {  # on 12/01/2027, with what was entered that day
    "expertise": {"total": 2, "open": 1, "overdue": 0, "concluded": 1},
    "evidence": {"total": 2, "open": 1, "overdue": 0, "withdrawn": 1},
    "complaints": {"total": 1, "open": 0, "overdue": 0, "resolved": 1, "resolved_late": 1, "wrong": 1},
    "supervision": {"total": 2, statuses.OVERDUE: 1, statuses.DONE_LATE: 1},
    "attendance": (3, 3, 0),
    "wrongful": ["Tranh chấp hợp đồng vay tài sản"],
}


def test_each_workflow_as_recorded_at_the_instant(province: dict[str, Any], oversight: dict[str, Any],
                                                  orgs: dict[str, Any], users: dict[str, Any]) -> None:
    supervisor = users["supervisor"]
    assert _oversight(_as_of(supervisor)) == AS_RECORDED
    _late_entries(province, oversight, orgs, users)
    # As of the same instant: what was entered and changed later does not count.
    assert _oversight(_as_of(supervisor)) == AS_RECORDED
    # As of now, it does: every figure of the table that was touched changes.
    assert _oversight(_as_of(supervisor, LATER)) == AFTER_LATE_ENTRIES


def test_before_a_workflow_started_it_is_not_counted(province: dict[str, Any], oversight: dict[str, Any],
                                                     users: dict[str, Any]) -> None:
    """As of 15/06/2026 (day: 15/06/2026): the expertise (01/4) and the evidence request
    (04/5) exist, the complaint (01/7) and the recommendation (01/9) do not yet; the
    evidence request is overdue since 19/05, the hearing of 10/8 not held yet."""
    instant = dt.datetime(2026, 6, 15, 9, 0, tzinfo=ANNUAL_AS_OF.tzinfo)
    report = _as_of(users["supervisor"], instant)
    assert report.day == D(2026, 6, 15)
    assert report.expertise is not None and report.expertise["total"] == 1
    assert report.evidence is not None and (report.evidence["total"], report.evidence["overdue"]) == (1, 1)
    assert report.complaints is not None and report.complaints["total"] == 0
    assert report.supervision is not None and report.supervision["total"] == 0
    [absence] = report.attendance
    assert (absence.held, absence.recorded, absence.absent) == (1, 1, 1)
    # The flag was set on 01/06/2026: the case is listed from then on.
    assert [w.title for w in report.quality.wrongful] == ["Vụ án trộm cắp tài sản tại xã Bình An"]
    earlier = _as_of(users["supervisor"], dt.datetime(2026, 5, 31, 9, 0, tzinfo=ANNUAL_AS_OF.tzinfo))
    assert earlier.quality.wrongful == []


def test_a_stored_report_regenerates_equal_after_late_entries(
        province: dict[str, Any], oversight: dict[str, Any], orgs: dict[str, Any],
        users: dict[str, Any]) -> None:
    with time_machine.travel(ANNUAL_AS_OF, tick=False):
        first = annual.annual_report(user=users["supervisor"], year=2026, instant=ANNUAL_AS_OF)
        run = services.annual_run_record(actor=users["supervisor"], report=first, fmt="docx")
    run.refresh_from_db()  # the figures as the database gives them back
    assert run.figures["evidence"]["overdue"] == 1  # evidence figures stored once there are some
    _late_entries(province, oversight, orgs, users)
    with time_machine.travel(LATER, tick=False):
        again, same_digest, same_figures = services.annual_run_regenerate(run=run, user=users["supervisor"])
        now = annual.annual_report(user=users["supervisor"], year=2026)
    assert (same_digest, same_figures) == (True, True)
    assert again.figures == run.figures and _oversight(again) == AS_RECORDED
    assert now.digest != first.digest and _oversight(now) == AFTER_LATE_ENTRIES


@pytest.mark.parametrize("workflow", ["expertise", "evidence", "complaints", "supervision"])
def test_the_docx_states_each_workflow_as_of_the_instant(
        province: dict[str, Any], oversight: dict[str, Any], users: dict[str, Any], workflow: str) -> None:
    from congminh.apps.reports import annual_docx

    text = docx_text(annual_docx.annual_docx(_as_of(users["supervisor"])))
    expected = {
        "expertise": "2. Giám định tư pháp (tính đến ngày 31/12/2026): 1 yêu cầu trưng cầu, đã có "
                     "kết luận 0, đang thực hiện 1 (quá hạn 1), từ chối 0.",
        "evidence": "3. Cung cấp thông tin, tài liệu, chứng cứ theo yêu cầu (tính đến ngày "
                    "31/12/2026): 1 yêu cầu, đã cung cấp đầy đủ 0 (quá hạn 0), chưa cung cấp đầy đủ 1 "
                    "(quá hạn 1; từ chối bằng văn bản 0).",
        "complaints": "4. Giải quyết khiếu nại, tố cáo (tính đến ngày 31/12/2026): 1 đơn, đã giải "
                      "quyết 0 (quá hạn 0), đang giải quyết 1 (quá hạn 1).",
        "supervision": "5. Kiến nghị sau giám sát của Hội đồng nhân dân, Mặt trận Tổ quốc (tính đến "
                       "ngày 31/12/2026): 1 kiến nghị, trong đó đang thực hiện, trong hạn: 0; đang "
                       "thực hiện, quá hạn: 1; hoàn thành đúng hạn: 0; hoàn thành quá hạn: 0.",
    }[workflow]
    assert expected in text.splitlines()


def test_a_case_closed_by_a_late_entry_still_runs_its_complaint_clock_then(
        province: dict[str, Any], oversight: dict[str, Any], users: dict[str, Any]) -> None:
    """The complaint's clock ends with its case (BLTTDS-505 `ends: [complaint_resolved,
    closed]`, `complaints.selectors.overdue_q`). «01/2025» closed on 20/12/2026, entered on
    12/01/2027: as of 10/01/2027 the complaint is still overdue; as of now it is not."""
    from congminh.apps.cases import services as cases
    from congminh.apps.complaints import selectors as complaints

    supervisor = users["supervisor"]
    with time_machine.travel(LATER, tick=False):
        cases.case_event_append(actor=users["admin"], case=province["old"], type="closed",
                                date=D(2026, 12, 20))
        then = complaints.annual_figures(user=supervisor, instant=ANNUAL_AS_OF, day=D(2026, 12, 31))
        now = complaints.annual_figures(user=supervisor, instant=LATER, day=D(2026, 12, 31))
        before_it_closed = complaints.annual_figures(user=supervisor, instant=LATER, day=D(2026, 12, 19))
    assert (then["open"], then["overdue"]) == (1, 1)
    assert (now["open"], now["overdue"]) == (1, 0)
    assert (before_it_closed["open"], before_it_closed["overdue"]) == (1, 1)
