"""Supervision services: the default deadline, the four statuses of a recommendation as an
obligation, responses closing it, reopening, the audit trail and the write permissions."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from congminh.apps.audit.models import AuditEntry
from congminh.apps.supervision import defaults, services
from congminh.apps.supervision.selectors import recommendation_get

D = dt.date


def test_default_deadline_is_the_configured_days_after_issue(plans: dict[str, Any]) -> None:
    assert defaults.response_days() == 30
    assert defaults.response_days_confirmed() is False  # [M]: waits for a lawyer's check
    assert plans["rec_a"].due == D(2026, 7, 1)          # 01/6 + 30 days
    assert plans["rec_p"].due == D(2026, 5, 31)         # chosen by the supervisor


@pytest.mark.parametrize(("today", "status"), [
    (D(2026, 6, 30), "on_time"),
    (D(2026, 7, 1), "on_time"),    # due today: still on time
    (D(2026, 7, 2), "overdue"),
])
def test_open_recommendation_status(plans: dict[str, Any], cast: dict[str, Any],
                                    today: dt.date, status: str) -> None:
    rec = recommendation_get(user=cast["hdnd"], pk=plans["rec_a"].pk, today=today)
    assert rec.status == status  # type: ignore[attr-defined]


def test_done_response_closes_on_time_or_late(plans: dict[str, Any], cast: dict[str, Any]) -> None:
    rec = plans["rec_a"]  # due 01/7/2026
    services.recommendation_respond(actor=cast["addressee"], recommendation=rec, date=D(2026, 6, 20),
                                    text="Đang triển khai", done=False, today=D(2026, 6, 20))
    assert rec.done_on is None
    services.recommendation_respond(actor=cast["addressee"], recommendation=rec, date=D(2026, 7, 1),
                                    text="Đã rút kinh nghiệm toàn ngành", done=True, today=D(2026, 7, 3))
    rec.refresh_from_db()
    assert rec.done_on == D(2026, 7, 1)
    assert recommendation_get(user=cast["hdnd"], pk=rec.pk, today=D(2026, 8, 1)).status == "done_on_time"  # type: ignore[attr-defined]
    trail = AuditEntry.objects.filter(object_type="supervision.recommendation", object_id=str(rec.pk),
                                      action="respond")
    assert {(e.field, e.old_value, e.new_value) for e in trail} == {
        ("", None, None),                                 # the first response changed nothing
        ("done_on", None, "2026-07-01"), ("status", "overdue", "done_on_time")}
    assert all(e.actor == cast["addressee"] for e in trail)

    p = plans["rec_p"]  # due 31/5/2026
    services.recommendation_respond(actor=cast["prosecutor"], recommendation=p, date=D(2026, 6, 2),
                                    text="Đã ban hành văn bản chỉ đạo", done=True, today=D(2026, 6, 2))
    assert recommendation_get(user=cast["hdnd"], pk=p.pk, today=D(2026, 6, 3)).status == "done_late"  # type: ignore[attr-defined]


def test_reopen_needs_a_reason_and_is_audited(plans: dict[str, Any], cast: dict[str, Any]) -> None:
    rec = plans["rec_a"]
    services.recommendation_respond(actor=cast["addressee"], recommendation=rec, date=D(2026, 6, 10),
                                    text="Xong", done=True, today=D(2026, 6, 10))
    with pytest.raises(ValidationError):
        services.recommendation_reopen(actor=cast["hdnd"], recommendation=rec, note=" ", today=D(2026, 6, 12))
    with pytest.raises(PermissionDenied):
        services.recommendation_reopen(actor=cast["addressee"], recommendation=rec, note="x",
                                       today=D(2026, 6, 12))
    services.recommendation_reopen(actor=cast["hdnd"], recommendation=rec,
                                   note="Chưa tổ chức rút kinh nghiệm", today=D(2026, 7, 5))
    rec.refresh_from_db()
    assert rec.done_on is None
    entry = AuditEntry.objects.get(action="reopen", field="status", object_id=str(rec.pk))
    assert (entry.old_value, entry.new_value, entry.note) == ("done_on_time", "overdue",
                                                              "Chưa tổ chức rút kinh nghiệm")


def test_set_due_is_audited_and_refuses_before_issue(plans: dict[str, Any], cast: dict[str, Any]) -> None:
    rec = plans["rec_a"]
    with pytest.raises(ValidationError):
        services.recommendation_set_due(actor=cast["hdnd"], recommendation=rec, due=D(2026, 5, 30),
                                        note="nhầm")
    services.recommendation_set_due(actor=cast["hdnd"], recommendation=rec, due=D(2026, 7, 15),
                                    note="Cơ quan đề nghị gia hạn")
    entry = AuditEntry.objects.get(action="set_due", object_id=str(rec.pk))
    assert (entry.old_value, entry.new_value) == ("2026-07-01", "2026-07-15")


def test_plan_creation_and_visit_are_audited(plans: dict[str, Any], sup_orgs: dict[str, Any],
                                             cast: dict[str, Any]) -> None:
    plan = plans["hd"]
    services.visit_add(actor=cast["hdnd"], plan=plan, date=D(2026, 5, 20), body=sup_orgs["court_a"],
                       findings="Hai bản án bị hủy do lỗi chủ quan")
    actions = set(AuditEntry.objects.filter(object_type="supervision.supervisionplan",
                                            object_id=str(plan.pk)).values_list("action", "field"))
    assert {("create", "topic"), ("create", "bodies"), ("visit", "visit")} <= actions


def test_write_permissions(plans: dict[str, Any], sup_orgs: dict[str, Any], cast: dict[str, Any]) -> None:
    hd, rec_a = plans["hd"], plans["rec_a"]
    for who in ("mttq", "addressee", "noichinh", "hdnd_viewer", "other"):
        with pytest.raises(PermissionDenied):
            services.recommendation_issue(actor=cast[who], plan=hd, addressee=sup_orgs["court_b"],
                                          content="x", issued_on=D(2026, 6, 1))
    for who in ("hdnd", "mttq", "other", "addressee_viewer", "noichinh"):
        with pytest.raises(PermissionDenied):
            services.recommendation_respond(actor=cast[who], recommendation=rec_a, date=D(2026, 6, 2),
                                            text="x", today=D(2026, 6, 2))
    with pytest.raises(PermissionDenied):  # MTTQ opens plans only for itself
        services.plan_create(actor=cast["mttq"], supervisor=sup_orgs["council"], topic="x",
                             period_start=D(2026, 1, 1), period_end=D(2026, 2, 1), bodies=[sup_orgs["court_a"]])
    with pytest.raises(PermissionDenied):  # a court is not a supervising body
        services.plan_create(actor=cast["addressee"], supervisor=sup_orgs["court_a"], topic="x",
                             period_start=D(2026, 1, 1), period_end=D(2026, 2, 1), bodies=[sup_orgs["court_b"]])


def test_validation(plans: dict[str, Any], sup_orgs: dict[str, Any], cast: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        services.recommendation_issue(actor=cast["hdnd"], plan=plans["hd"], addressee=sup_orgs["court_a"],
                                      content="x", issued_on=D(2026, 6, 1), due=D(2026, 5, 1))
    with pytest.raises(ValidationError):
        services.plan_create(actor=cast["hdnd"], supervisor=sup_orgs["council"], topic="x",
                             period_start=D(2026, 3, 1), period_end=D(2026, 2, 1), bodies=[sup_orgs["court_a"]])
    with pytest.raises(ValidationError):  # a response in the future
        services.recommendation_respond(actor=cast["addressee"], recommendation=plans["rec_a"],
                                        date=D(2026, 6, 30), text="x", today=D(2026, 6, 15))
