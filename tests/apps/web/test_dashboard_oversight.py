"""The dashboard's oversight block: for each workflow the open, overdue, refused, pushed
back and unanswered numbers, and the flagged cases the supervisors follow, each the length
of the list it links to (the apps' own conditions and filters)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import time_machine
from django.urls import reverse
from django.utils import timezone

from congminh.apps.accounts.models import User
from congminh.apps.cases.services import case_flags_set
from congminh.apps.organisations.models import Organisation

D = dt.date


def _cards(body: str) -> list[tuple[str, str, int]]:
    found = re.findall(r'<a class="card stat[^"]*" href="(/(?:expertise|evidence|complaints|supervision)'
                       r'/[^"]*)">\s*<span class="label">([^<]+)</span>\s*<span class="num">([\d.,]+)</span>',
                       body)
    return [(url.replace("&amp;", "&"), label, int(n.replace(".", "").replace(",", "")))
            for url, label, n in found]


def test_each_oversight_number_links_to_a_list_of_that_length(client: Any, users: dict[str, Any],
                                                              make_case: Any) -> None:
    from congminh.apps.evidence import services as evidence
    from congminh.apps.expertise import services as expertise
    from congminh.apps.expertise.models import ExpertiseField
    from congminh.apps.supervision import services as supervision

    police = users["investigator"]
    case = make_case(holder="police", procedure="criminal", category="serious", number="15/2026/CSĐT",
                     title="Lừa đảo chiếm đoạt tài sản", events=[("case_instituted", D(2026, 3, 2), {})])
    finance = Organisation.objects.create(code="SO-TC", name="Sở Tài chính tỉnh Gia Lai", kind="department",
                                          level="province", province_code="52", valid_from=D(2025, 7, 1))
    field = ExpertiseField.objects.get(code="tai-chinh")
    with time_machine.travel(dt.datetime(2026, 4, 1, 9, tzinfo=dt.UTC), tick=False):
        # Two requests sent on 10/03/2026: one still examined, one refused by the
        # department on the roster for its field (pushed back).
        expertise.roster_entry_save(actor=None, organisation=finance, field=field, kind="ad_hoc",
                                    listed_on=D(2025, 7, 1))
        for ref in ("21/QĐ", "22/QĐ"):
            req = expertise.expertise_request_create(
                actor=police, case=case, ref=ref, field=field, questions="Thiệt hại?",
                decided_on=D(2026, 3, 5), organisation=finance)
            req = expertise.expertise_request_send(actor=police, request=req, received_on=D(2026, 3, 10))
        expertise.expertise_request_refuse(actor=None, request=req, date=D(2026, 3, 12), reason="no_expert")
        evidence.evidence_request_send(actor=police, case=case, ref="5/YC", documents="Sao kê tài khoản",
                                       sent_on=D(2026, 3, 10), holder_name="Ngân hàng X")
    # The People's Council's recommendations, dated from today: one past its response date,
    # one due in 5 days (due soon), one carried out; the first two are open.
    today = timezone.localdate()
    council = Organisation.objects.create(code="HDND", name="Hội đồng nhân dân tỉnh Gia Lai",
                                          kind="peoples_council", level="province",
                                          province_code="52", valid_from=D(2025, 7, 1))
    hdnd = User.objects.create_user(username="hdnd_dash", password="matkhau-an-toan-1",
                                    organisation=council, role="supervisor")
    plan = supervision.plan_create(actor=hdnd, supervisor=council, topic="Giám sát án hình sự",
                                   period_start=today - dt.timedelta(days=60), period_end=today,
                                   bodies=[police.organisation])
    for days_ago, due_in, content in ((40, -10, "Kiểm sát chặt việc trả hồ sơ"),
                                      (10, 5, "Tống đạt văn bản đúng hạn"),
                                      (30, 20, "Rút kinh nghiệm bản án bị hủy")):
        rec = supervision.recommendation_issue(
            actor=hdnd, plan=plan, addressee=police.organisation, content=content,
            issued_on=today - dt.timedelta(days=days_ago), due=today + dt.timedelta(days=due_in))
    supervision.recommendation_response_received(actor=hdnd, recommendation=rec, date=today,
                                                 text="Đã thực hiện", done=True, today=today)
    # A case the supervisors follow: flagged for public concern, with the reason.
    case_flags_set(actor=users["supervisor"], case=case, reason="Báo chí phản ánh nhiều lần",
                   public_concern=True)
    client.force_login(users["supervisor"])
    cards = _cards(client.get(reverse("web:dashboard")).content.decode())
    assert [(url.split("/")[1], label) for url, label, _n in cards] == [
        ("expertise", "Đang giám định"), ("expertise", "Quá thời hạn giám định"),
        ("expertise", "Bị tổ chức được trưng cầu từ chối"),
        ("expertise", "Đùn đẩy (tổ chức có tên trong danh sách từ chối)"),
        ("evidence", "Chưa trả lời đầy đủ"), ("evidence", "Quá hạn trả lời"),
        ("evidence", "Chưa trả lời lần nào"),
        ("complaints", "Đang giải quyết"), ("complaints", "Quá hạn giải quyết"),
        ("supervision", "Đang thực hiện"), ("supervision", "Sắp đến hạn trả lời"),
        ("supervision", "Quá hạn trả lời kiến nghị"),
        ("supervision", "Dư luận xã hội đặc biệt quan tâm"), ("supervision", "Có dấu hiệu oan, sai"),
        ("supervision", "Có dấu hiệu bỏ lọt tội phạm")]
    # Today (after 01/04/2026) the open expertise request is within its 3 months (from
    # 10/03/2026), the evidence request past its 15 days (BLTTHS Đ.88: 10/03 + 15).
    numbers = {(url.split("/")[1], label): n for url, label, n in cards}
    assert numbers[("expertise", "Đang giám định")] == 1
    assert numbers[("expertise", "Bị tổ chức được trưng cầu từ chối")] == 1
    assert numbers[("expertise", "Đùn đẩy (tổ chức có tên trong danh sách từ chối)")] == 1
    assert numbers[("evidence", "Chưa trả lời lần nào")] == 1
    assert [numbers[("supervision", label)] for label in (
        "Đang thực hiện", "Sắp đến hạn trả lời", "Quá hạn trả lời kiến nghị",
        "Dư luận xã hội đặc biệt quan tâm", "Có dấu hiệu oan, sai", "Có dấu hiệu bỏ lọt tội phạm")] == [
            2, 1, 1, 1, 0, 0]
    for url, label, n in cards:
        listed = client.get(url)
        assert listed.status_code == 200
        assert listed.context["page"].paginator.count == n, (url, label)
