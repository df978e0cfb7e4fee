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
    case: Case = make_case(
        holder="police", procedure="criminal", category="serious",
        title="Vụ trộm cắp tài sản tại phường Quy Nhơn", number="15/QĐ-CSĐT",
        events=[("case_instituted", instituted, {})],
    )
    return case


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


def test_case_page_badges_name_statuses_as_the_lists_do(make_case: Any, client: Any, users: Any) -> None:
    """The clocks' status badges read «Quá hạn», as on the case list, not the sentence form."""
    import re

    from congminh.core import statuses

    case = _criminal(make_case, dt.date(2026, 3, 10))  # long past its limit by now
    client.force_login(users["admin"])
    body = client.get(f"/cases/{case.pk}/").content.decode()
    badges = re.findall(r'<span class="badge (\w+)">([^<]*)</span>', body)
    assert ("overdue", statuses.label("overdue")) in badges
    assert all(text == statuses.label(code) for code, text in badges if code in statuses.LABELS)


def test_case_page_marks_clocks_whose_basis_is_unconfirmed(make_case: Any, client: Any,
                                                           users: Any) -> None:
    # The expertise of a cultural product (Thông tư 08/2019/TT-BVHTTDL Đ.6a k1, 2 months) is [M]
    # in GDTP-26A (k2, k3 of the article unread); BLTTDS Đ.269 k2 (written judgment) is
    # confirmed against the stored text, as is BLTTHS Đ.147 (crime report, 20 days) [V].
    civil = make_case(events=[("accepted", dt.date(2026, 1, 5), {}),
                              ("expertise_ordered", dt.date(2026, 3, 2),
                               {"ref": "GD-1", "expertise_field": "van-hoa",
                                "expertise_matter": "cultural_product"}),
                              ("brought_to_trial", dt.date(2026, 5, 4), {}),
                              ("judgment_pronounced", dt.date(2026, 6, 1), {})])
    criminal = make_case(holder="police", procedure="criminal", category="serious",
                         title="Tin báo về tội phạm tại phường Quy Nhơn", number="16/TB-CSĐT",
                         events=[("report_received", dt.date(2026, 3, 10), {})])
    client.force_login(users["admin"])
    civil_page = client.get(f"/cases/{civil.pk}/").content.decode()
    assert "BLTTDS 2015 Điều 269 khoản 2" in civil_page
    assert "Thông tư 08/2019/TT-BVHTTDL Điều 6a khoản 1" in civil_page
    assert "căn cứ chưa được xác nhận" in civil_page
    criminal_page = client.get(f"/cases/{criminal.pk}/").content.decode()
    assert "BLTTHS 2015 Điều 147" in criminal_page
    assert "căn cứ chưa được xác nhận" not in criminal_page


def _indicted(make_case: Any) -> Case:
    case: Case = make_case(
        holder="police", procedure="criminal", category="serious",
        title="Vụ cố ý gây thương tích tại xã Tuy Phước", number="21/QĐ-CSĐT",
        events=[("case_instituted", dt.date(2026, 1, 5), {}),
                ("investigation_concluded", dt.date(2026, 3, 2), {}),
                ("indicted", dt.date(2026, 3, 10), {})],
    )
    return case


def test_awaiting_case_stores_its_reason_and_audits_it(make_case: Any) -> None:
    # Indicted 10/3/2026 and nothing after: no clock runs, the case waits for the court.
    case = _indicted(make_case)
    Case.objects.filter(pk=case.pk).update(status="", status_reason="")
    case_clocks_refresh(case_ids=[case.pk], as_of=dt.date(2026, 4, 1))
    case.refresh_from_db()
    assert (case.status, case.status_reason, case.next_due) == ("awaiting", "Chờ Tòa án thụ lý", None)
    entry = AuditEntry.objects.filter(case_id=case.pk, field="status_reason").order_by("id").last()
    assert entry is not None and (entry.old_value, entry.new_value) == (None, "Chờ Tòa án thụ lý")
    # Closed: the reason is cleared (and that change audited too).
    services.case_event_append(actor=None, case=case, type="closed", date=dt.date(2026, 4, 10),
                               data={"reason": "đình chỉ vụ án"})
    case_clocks_refresh(case_ids=[case.pk], as_of=dt.date(2026, 4, 11))
    case.refresh_from_db()
    assert (case.status, case.status_reason) == ("closed", "")
    entry = AuditEntry.objects.filter(case_id=case.pk, field="status_reason").order_by("id").last()
    assert entry is not None and (entry.old_value, entry.new_value) == ("Chờ Tòa án thụ lý", None)


def test_open_appeal_window_is_the_next_due_date(make_case: Any) -> None:
    # BLTTDS Đ.269 k2 written judgment issued; Đ.273 appeal window 15 days from 1/6/2026
    # (16/6), Đ.280 protest windows: the case is not closed, its next due date is a window's.
    case = make_case(events=[("accepted", dt.date(2026, 1, 5), {}),
                             ("brought_to_trial", dt.date(2026, 5, 4), {}),
                             ("judgment_pronounced", dt.date(2026, 6, 1), {}),
                             ("judgment_issued", dt.date(2026, 6, 3), {})])
    case_clocks_refresh(case_ids=[case.pk], as_of=dt.date(2026, 6, 4))
    case.refresh_from_db()
    assert case.status in {"on_time", "due_soon"} and case.status_reason == ""
    windows = CaseObligation.objects.filter(case=case, kind__in=["appeal_window", "protest_window"])
    assert windows.exists()
    assert case.next_due == min(w.due for w in windows if w.due)


def test_status_reason_of_errors_is_the_first_error_truncated() -> None:
    from congminh.apps.obligations.services import _status_reason

    long = "x" * 300
    assert _status_reason({"status": "error", "errors": [long, "second"]}) == "x" * 255
    assert _status_reason({"status": "awaiting", "awaiting_reason": "Chờ Tòa án thụ lý"}) == (
        "Chờ Tòa án thụ lý")
    assert _status_reason({"status": "on_time", "errors": []}) == ""
