"""The review's cast: civil cases at two area courts with hand-computed clocks, reviewed
for the Procuracy's Quý IV/2026 (01/9/2026-30/11/2026)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

import pytest

D = dt.date


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def period() -> Any:
    from congminh.core.periods import parse_period

    return parse_period("2026-Q4", year_start_month=12)


@pytest.fixture
def cast(make_case: Callable[..., Any]) -> dict[str, Any]:
    """Five civil cases (BLTTDS Đ.203: 4 months to prepare a civil_family case):

    - old_overdue: accepted 02/3/2026, due 02/7/2026 (a Thursday): open before and after
      the period, 151 days over on 30/11/2026 -> d1, d3, d5, d8;
    - new_open: accepted 05/10/2026 at court B, due 05/02/2027 -> d2, d3, d5;
    - old_closed: accepted 05/1/2026, closed 10/10/2026 -> d1, d3, d4;
    - long_closed: accepted and closed in 2025 -> counted nowhere;
    - new_suspended: accepted 10/9/2026, suspended 01/10/2026 -> d2, d3, d5, d6.
    """
    return {
        "old_overdue": make_case(number="01/2026/TLST-DS", events=[("accepted", D(2026, 3, 2), {})]),
        "new_open": make_case(holder="court_b", number="02/2026/TLST-DS",
                              events=[("accepted", D(2026, 10, 5), {})]),
        "old_closed": make_case(number="03/2026/TLST-DS", events=[
            ("accepted", D(2026, 1, 5), {}), ("closed", D(2026, 10, 10), {})]),
        "long_closed": make_case(number="04/2025/TLST-DS", events=[
            ("accepted", D(2025, 1, 5), {}), ("closed", D(2025, 6, 1), {})]),
        "new_suspended": make_case(number="05/2026/TLST-DS", events=[
            ("accepted", D(2026, 9, 10), {}), ("suspended", D(2026, 10, 1), {"ground": "other"})]),
    }


# --- the annual report's province: a small, deterministic one -----------------------------

HCM = dt.timezone(dt.timedelta(hours=7))


def _at(year: int, month: int, day: int) -> Any:
    import time_machine

    return time_machine.travel(dt.datetime(year, month, day, 9, 0, tzinfo=HCM), tick=False)


@pytest.fixture
def province(orgs: dict[str, Any], users: dict[str, Any],
             make_case: Callable[..., Any]) -> dict[str, Any]:
    """One year of a small province, each fact recorded on the day it happened:

    - directive 14-CT/TU (confirmed 05/01/2026), task 1 due 30/6/2026 for the Procuracy
      (done 20/6: on time), court A (done 15/7: 15 days late) and the police (not done:
      184 days overdue on 31/12/2026); task 2 due 31/12/2026 for court B (in progress);
    - civil cases (BLTTDS Đ.203, 4 months): «01/2025» accepted 02/6/2025 at court A, never
      decided (overdue at the end of 2025 and of 2026); «02/2026» accepted 05/10/2026 at
      court B (on time); «03/2026» accepted 10/3/2026, suspended 01/5/2026; «04/2026»
      judged 10/3/2026 by court A, annulled on appeal 01/6/2026 for subjective fault;
    - a criminal case instituted 05/1/2026, returned by the Procuracy for supplementary
      investigation 20/3/2026, flagged with signs of wrongful conviction;
    - an administrative case against the People's Committee of Bình An: absent without a
      reason from the dialogue of 15/4/2026, its chair at the hearing of 10/8/2026.
    """
    from congminh.apps.attendance import services as attendance
    from congminh.apps.cases import services as cases
    from congminh.apps.directives import services as directives
    from congminh.apps.directives.models import Obligation
    from congminh.apps.directives.parsing import normalise
    from congminh.apps.organisations.models import Organisation

    admin = users["admin"]
    D = dt.date
    with _at(2025, 6, 2):
        old = make_case(number="01/2025/TLST-DS", title="Tranh chấp hợp đồng vay tài sản",
                        events=[("accepted", D(2025, 6, 2), {})])
    with _at(2026, 1, 5):
        doc = directives.incoming_register(actor=admin, received_on=D(2026, 1, 5), parsed=normalise({
            "family": "party", "issuer": "BAN THƯỜNG VỤ TỈNH ỦY", "type": "CHỈ THỊ",
            "type_code": "CT", "number": "14", "number_symbol": "14-CT/TU", "date": "2026-01-02",
            "subject": "về tăng cường lãnh đạo, chỉ đạo đối với các hoạt động tư pháp"}))
        directives.directive_confirm(actor=admin, document=doc, fields=doc.draft, today=D(2026, 1, 5), tasks=[
            directives.TaskInput(ref="1", text="Rà soát, giải quyết dứt điểm các vụ, việc quá hạn",
                                 organisation_ids=[orgs["procuracy"].pk, orgs["court_a"].pk,
                                                   orgs["police"].pk], due=D(2026, 6, 30)),
            directives.TaskInput(ref="2", text="Báo cáo kết quả công tác xét xử năm 2026",
                                 organisation_ids=[orgs["court_b"].pk], due=D(2026, 12, 31))])
        criminal = make_case(holder="procuracy", procedure="criminal", category="serious",
                             number="01/2026/HS", title="Vụ án trộm cắp tài sản tại xã Bình An",
                             events=[("case_instituted", D(2026, 1, 5), {})])
        judged = make_case(number="04/2026/TLST-DS", title="Tranh chấp quyền sử dụng đất", events=[
            ("accepted", D(2026, 1, 5), {})])
    with _at(2026, 3, 10):
        for type_ in ("brought_to_trial", "hearing_opened"):
            cases.case_event_append(actor=admin, case=judged, type=type_,
                                    date=D(2026, 3, 2) if type_ == "brought_to_trial" else D(2026, 3, 10))
        cases.case_event_append(actor=admin, case=judged, type="judgment_pronounced",
                                date=D(2026, 3, 10), data={"presiding_judge": "Lê Văn Cường"})
        suspended = make_case(number="03/2026/TLST-DS", title="Tranh chấp thừa kế",
                              events=[("accepted", D(2026, 3, 10), {})])
        committee = Organisation.objects.create(
            code="UBND-X1", name="Ủy ban nhân dân xã Bình An", kind="peoples_committee",
            level="commune", province_code="52", valid_from=D(2025, 7, 1))
        suit = make_case(procedure="administrative", case_kind="ordinary", number="01/2026/TLST-HC",
                         title="Khiếu kiện quyết định thu hồi đất",
                         events=[("accepted", D(2026, 3, 10), {})])
    with _at(2026, 3, 20):
        cases.case_event_append(actor=admin, case=judged, type="appeal_lodged", date=D(2026, 3, 20))
        cases.case_event_append(actor=admin, case=criminal, type="investigation_concluded",
                                date=D(2026, 3, 2))
        cases.case_event_append(actor=admin, case=criminal, type="returned_for_investigation",
                                date=D(2026, 3, 20), data={"by": "procuracy", "reason": "missing_evidence"})
        dialogue = attendance.summons_create(actor=admin, case=suit, kind="dialogue",
                                             date=D(2026, 4, 15), committee=committee)
    with _at(2026, 4, 16):
        attendance.attendance_record(actor=admin, summons=dialogue, presence="absent_without_reason",
                                     today=D(2026, 4, 16))
        hearing = attendance.summons_create(actor=admin, case=suit, kind="hearing",
                                            date=D(2026, 8, 10), committee=committee)
    with _at(2026, 5, 1):
        cases.case_event_append(actor=admin, case=suspended, type="suspended", date=D(2026, 5, 1),
                                data={"ground": "other"})
    with _at(2026, 6, 1):
        cases.case_event_append(actor=admin, case=judged, type="appellate_outcome", date=D(2026, 6, 1),
                                data={"outcome": "annulled", "fault": "subjective"})
        cases.case_flags_set(actor=users["supervisor"], case=criminal, reason="Đơn kêu oan của bị can",
                             wrongful_conviction_signs=True)

    def done(org: str) -> None:
        obligation = Obligation.objects.get(task__ref="1", organisation=orgs[org])
        directives.obligation_report_progress(actor=admin, obligation=obligation,
                                              text="Đã hoàn thành", percent=100, done=True)

    with _at(2026, 6, 20):
        done("procuracy")
    with _at(2026, 7, 15):
        done("court_a")
    with _at(2026, 8, 10):
        attendance.attendance_record(actor=admin, summons=hearing, presence="chair",
                                     attendee_name="Nguyễn Văn Bình, Chủ tịch", today=D(2026, 8, 10))
    with _at(2026, 10, 5):
        new = make_case(holder="court_b", number="02/2026/TLST-DS", title="Tranh chấp hợp đồng mua bán",
                        events=[("accepted", D(2026, 10, 5), {})])
    return {"old": old, "new": new, "suspended": suspended, "judged": judged,
            "criminal": criminal, "suit": suit, "committee": committee}


@pytest.fixture
def oversight(province: dict[str, Any], orgs: dict[str, Any]) -> dict[str, Any]:
    """The oversight workflows of `province`'s year, each recorded on the day it happened,
    none finished by 31/12/2026:

    - expertise: the Procuracy orders a forensic expertise of the criminal case, received
      with its file on 01/4/2026, no conclusion (overdue on 31/12 under any limit of Luật
      GĐTP Đ.26a: at most 4 months, extended by at most half);
    - evidence: court A asks the People's Committee of Bình An for the land records of
      «01/2025», received 04/5/2026 (Mon): BLTTDS Đ.106 k3 «trong thời hạn 15 ngày, kể từ
      ngày nhận được yêu cầu» -> due 19/5/2026 (Tue), not answered (overdue);
    - complaint: a party complains about court A's judge in «01/2025», received 01/7/2026
      (Wed): BLTTDS Đ.505 «Thời hạn giải quyết khiếu nại lần đầu là 15 ngày, kể từ ngày Tòa
      án, Viện kiểm sát nhận được khiếu nại» -> due 16/7/2026 (Thu), not resolved (overdue);
    - supervision: the People's Council recommends to court A on 01/9/2026, response due
      01/10/2026, not carried out (overdue).
    """
    from congminh.apps.complaints import services as complaints
    from congminh.apps.evidence import services as evidence
    from congminh.apps.expertise import services as expertise
    from congminh.apps.expertise.models import ExpertiseField
    from congminh.apps.organisations.models import Organisation
    from congminh.apps.supervision import services as supervision

    D = dt.date
    province_code = orgs["court_a"].province_code
    with _at(2026, 4, 1):
        # The vocabulary comes from a data migration (gone after a test that flushes the tables).
        field, _new = ExpertiseField.objects.get_or_create(code="phap-y", defaults={"name": "Pháp y"})
        centre = Organisation.objects.create(
            code="TTPY", name="Trung tâm Pháp y tỉnh Gia Lai", kind="expertise_body",
            level="province", province_code=province_code, valid_from=D(2025, 7, 1))
        request = expertise.expertise_request_create(
            actor=None, case=province["criminal"], ref="01/QĐ-TCGĐ", field=field,
            questions="Xác định tỷ lệ tổn thương cơ thể", decided_on=D(2026, 4, 1),
            organisation=centre)
        request = expertise.expertise_request_send(actor=None, request=request, received_on=D(2026, 4, 1))
    with _at(2026, 5, 4):
        asked = evidence.evidence_request_send(
            actor=None, case=province["old"], ref="12/CV-TA", documents="Hồ sơ địa chính thửa đất số 45",
            sent_on=D(2026, 5, 4), organisation=province["committee"])
    with _at(2026, 7, 1):
        complaint = complaints.complaint_receive(
            actor=None, case=province["old"], kind="complaint", number="KN-01/2026",
            complainant_name="Trần Thị Đào", complainant_role="party", against="court",
            complained_of=orgs["court_a"], received_on=D(2026, 7, 1))
    with _at(2026, 9, 1):
        council = Organisation.objects.create(
            code="HDND-T", name="Hội đồng nhân dân tỉnh Gia Lai", kind="peoples_council",
            level="province", province_code=province_code, valid_from=D(2025, 7, 1))
        plan = supervision.plan_create(actor=None, supervisor=council, topic="Giám sát công tác xét xử",
                                       period_start=D(2026, 8, 1), period_end=D(2026, 9, 30),
                                       bodies=[orgs["court_a"]])
        recommendation = supervision.recommendation_issue(
            actor=None, plan=plan, addressee=orgs["court_a"], content="Khắc phục án quá hạn",
            issued_on=D(2026, 9, 1), due=D(2026, 10, 1))
    return {"field": field, "centre": centre, "expertise": request, "evidence": asked,
            "complaint": complaint, "plan": plan, "recommendation": recommendation}


# --- headless Chromium (Debian's), nothing requested outside the test server --------------

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@pytest.fixture
def page(live_server: Any) -> Iterator[Any]:
    import os
    from urllib.parse import urlsplit

    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    import playwright.sync_api as playwright_api

    host = urlsplit(live_server.url).netloc
    outside: list[str] = []

    def guard(route: Any) -> None:
        if urlsplit(route.request.url).netloc == host:
            route.continue_()
        else:
            outside.append(route.request.url)
            route.abort()

    with playwright_api.sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        context = browser.new_context(locale="vi-VN", accept_downloads=True)
        context.route("**/*", guard)
        tab = context.new_page()
        tab.set_default_timeout(30_000)
        try:
            yield tab
        finally:
            context.close()
            browser.close()
    assert outside == [], f"requests left the machine: {outside}"


@pytest.fixture
def sign_in(page: Any, live_server: Any) -> Callable[[str], str]:
    """Sign `page` in as one of the cast (their shared test password); the server's URL."""
    from django.urls import reverse

    def sign(username: str) -> str:
        base = str(live_server.url)
        page.goto(base + reverse("web:login"))
        page.fill("#id_username", username)
        page.fill("#id_password", "matkhau-an-toan-1")
        page.click("button[type=submit]")
        page.wait_for_url(base + reverse("web:dashboard"))
        return base

    return sign
