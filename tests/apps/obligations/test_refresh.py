"""The law engine wired into the registry: statuses stored, recomputed on each event,
every moved due date in the audit trail, and the case page shows the explanation."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command

from congminh.apps.audit.models import AuditEntry
from congminh.apps.cases import services
from congminh.apps.cases.models import Case
from congminh.apps.obligations.models import CaseObligation
from congminh.apps.obligations.services import case_clocks_refresh, cases_refresh_all

pytestmark = pytest.mark.django_db(transaction=True)


def _criminal(make_case: Any, instituted: dt.date) -> Case:
    return make_case(
        holder="police", procedure="criminal", category="serious",
        title="Vụ trộm cắp tài sản tại phường Quy Nhơn", number="15/QĐ-CSĐT",
        events=[("case_instituted", instituted, {})],
    )


def test_event_append_stores_obligation(make_case: Any) -> None:
    # BLTTHS Đ.172 k1 b: a serious crime is investigated within 3 months of institution.
    case = _criminal(make_case, dt.date(2026, 3, 10))
    case_clocks_refresh(case_ids=[case.pk], as_of=dt.date(2026, 5, 1))
    case.refresh_from_db()
    ob = CaseObligation.objects.get(case=case, rule="BLTTHS-172")
    assert ob.due == dt.date(2026, 6, 10)
    assert case.next_due == dt.date(2026, 6, 10)
    assert case.status == "on_time"


def test_overdue_then_extension_moves_due_and_is_audited(make_case: Any, users: Any) -> None:
    case = _criminal(make_case, dt.date(2026, 3, 10))
    case_clocks_refresh(case_ids=[case.pk], as_of=dt.date(2026, 6, 20))
    case.refresh_from_db()
    assert case.status == "overdue"
    # A 3-month extension (Đ.172 k2 b, first tier) moves the due date to 10/9/2026.
    services.case_event_append(
        actor=users["admin"], case=case, type="investigation_extended",
        date=dt.date(2026, 6, 1), data={"months": 3},
    )
    case_clocks_refresh(case_ids=[case.pk], as_of=dt.date(2026, 6, 20))
    case.refresh_from_db()
    assert case.next_due == dt.date(2026, 9, 10)
    assert case.status == "on_time"
    moved = AuditEntry.objects.filter(case_id=case.pk, field="next_due").order_by("id").last()
    assert moved is not None
    assert (moved.old_value, moved.new_value) == ("2026-06-10", "2026-09-10")


def test_signal_recomputes_after_commit(make_case: Any) -> None:
    case = _criminal(make_case, dt.date(2026, 3, 10))
    # make_case appended the event through the service: the receiver already ran.
    assert CaseObligation.objects.filter(case=case, rule="BLTTHS-172").exists()
    case.refresh_from_db()
    assert case.status in {"on_time", "due_soon", "overdue"}


def test_refresh_all_and_command(make_case: Any) -> None:
    a = _criminal(make_case, dt.date(2026, 3, 10))
    b = make_case(number="02/2026/TLST-DS", events=[("accepted", dt.date(2026, 1, 5), {})])
    CaseObligation.objects.all().delete()
    Case.objects.update(status="", next_due=None)
    assert cases_refresh_all(as_of=dt.date(2026, 4, 1)) == 2
    b.refresh_from_db()
    # BLTTDS Đ.203 k1 a: civil/family disputes, 4 months from acceptance: 05/5/2026.
    assert b.next_due == dt.date(2026, 5, 5)
    call_command("law_refresh", "--as-of", "2026-04-01", verbosity=0)
    assert CaseObligation.objects.filter(case=a).count() >= 1


def test_case_page_shows_explanation(make_case: Any, client: Any, users: Any) -> None:
    case = _criminal(make_case, dt.date(2026, 3, 10))
    client.force_login(users["admin"])
    page = client.get(f"/cases/{case.pk}/")
    assert page.status_code == 200
    body = page.content.decode()
    assert "BLTTHS" in body
    assert "10/06/2026" in body or "10/6/2026" in body


def test_case_page_marks_clocks_whose_basis_is_unconfirmed(make_case: Any, client: Any,
                                                           users: Any) -> None:
    # BLTTDS Đ.269 k2 (written judgment) and Đ.273 (appeal) are [M] in their rule files;
    # BLTTHS Đ.172 (investigation) is sourced [V].
    civil = make_case(events=[("accepted", dt.date(2026, 1, 5), {}),
                              ("brought_to_trial", dt.date(2026, 5, 4), {}),
                              ("judgment_pronounced", dt.date(2026, 6, 1), {})])
    criminal = _criminal(make_case, dt.date(2026, 3, 10))
    client.force_login(users["admin"])
    civil_page = client.get(f"/cases/{civil.pk}/").content.decode()
    assert "BLTTDS 2015 Điều 269 khoản 2" in civil_page
    assert "căn cứ chưa được xác nhận" in civil_page
    assert "căn cứ chưa được xác nhận" not in client.get(f"/cases/{criminal.pk}/").content.decode()
