"""The screens: lists with Vietnamese status labels, filters, counts that link to their
list, the per-body table, the plan page's forms, and «Vụ việc tôi theo dõi» with the flag
form calling `cases.services.case_flags_set` (reason required, audited) and personal data
masked for supervisors."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import time_machine
from django.urls import reverse

from congminh.apps.audit.models import AuditEntry
from congminh.apps.cases import services as case_services

NOW = dt.datetime(2026, 6, 15, 9, tzinfo=dt.UTC)


def _get(client: Any, url: str) -> str:
    with time_machine.travel(NOW, tick=False):
        response = client.get(url)
    assert response.status_code == 200
    return str(response.content.decode())


def test_recommendation_list_statuses_and_filters(client: Any, cast: dict[str, Any],
                                                  plans: dict[str, Any]) -> None:
    client.force_login(cast["noichinh"])
    url = reverse("supervision:recommendations")
    page = _get(client, url)
    # 15/6/2026: rec_p due 31/5 is overdue (15 days), rec_a due 1/7 on time (16 days left),
    # rec_b due 20/6 on time and due soon (5 days left, threshold 10).
    assert page.count("Đang thực hiện, quá hạn") == 1 + 1   # the row and the filter option
    assert page.count("Đang thực hiện, trong hạn") == 2 + 1
    assert page.count('<span class="badge due_soon">Sắp hết hạn</span>') == 1
    # days past the due date said in words, not as a negative number of days left
    assert re.search(r'class="n"><span class="overdue-days">quá hạn 15 ngày<', page) and re.search(r'class="n">16<', page)
    assert not re.search(r'class="n">-\d', page)
    soon = _get(client, url + "?status=due_soon")
    assert "Tống đạt văn bản đúng hạn" in soon and "Rút kinh nghiệm" not in soon
    overdue = _get(client, url + "?status=overdue")
    assert "Kiểm sát chặt việc trả hồ sơ" in overdue and "Tống đạt" not in overdue
    sorted_page = _get(client, url + "?sort=-due")
    assert sorted_page.index("Rút kinh nghiệm") < sorted_page.index("Tống đạt") < sorted_page.index("Kiểm sát chặt")


def test_plan_list_numbers_link_to_their_lists(client: Any, cast: dict[str, Any],
                                               plans: dict[str, Any]) -> None:
    client.force_login(cast["hdnd"])
    page = _get(client, reverse("supervision:plans"))
    hd = plans["hd"].pk
    rec_url = reverse("supervision:recommendations")
    assert f'href="{rec_url}?plan={hd}">2</a>' in page            # total
    assert f'href="{rec_url}?plan={hd}&amp;status=overdue">1</a>' in page
    assert f'href="{rec_url}?plan={hd}&amp;status=on_time">1</a>' in page
    listed = _get(client, f"{rec_url}?plan={hd}&status=overdue")
    assert "Kiểm sát chặt việc trả hồ sơ" in listed and "Rút kinh nghiệm" not in listed


def test_by_body_table(client: Any, cast: dict[str, Any], plans: dict[str, Any]) -> None:
    from congminh.apps.supervision import services

    for day in (10, 11):  # two responses must not count the recommendation twice
        services.recommendation_respond(actor=cast["other"], recommendation=plans["rec_b"],
                                        date=dt.date(2026, 6, day), text="Đang làm", today=dt.date(2026, 6, 15))
    client.force_login(cast["noichinh"])
    page = _get(client, reverse("supervision:by_body"))
    court_b = plans["rec_b"].addressee_id
    assert f'?addressee={court_b}&amp;status=due_soon">1</a>' in page
    assert f'?addressee={court_b}">1</a>' in page  # total
    assert '?status=overdue">1</a>' in page and '?status=on_time">2</a>' in page  # the totals row
    assert "Tòa án nhân dân khu vực 2 - Gia Lai" in page


def test_supervisor_opens_plan_visits_and_issues(client: Any, cast: dict[str, Any],
                                                 sup_orgs: dict[str, Any]) -> None:
    client.force_login(cast["mttq"])
    with time_machine.travel(NOW, tick=False):
        response = client.post(reverse("supervision:plan_create"), {
            "supervisor": sup_orgs["front"].pk, "topic": "Giám sát tiếp công dân của Tòa án",
            "number": "09/KH-MTTQ", "bodies": [sup_orgs["court_a"].pk],
            "period_start": "01/06/2026", "period_end": "30/09/2026"})
        assert response.status_code == 302
        url = response["Location"]
        assert client.post(url, {"action": "visit", "v-date": "10/06/2026", "v-body": sup_orgs["court_a"].pk,
                                 "v-findings": "Sổ tiếp công dân ghi chép chưa đầy đủ"}).status_code == 302
        assert client.post(url, {"action": "recommendation", "r-addressee": sup_orgs["court_a"].pk,
                                 "r-content": "Ghi chép đầy đủ sổ tiếp công dân",
                                 "r-issued_on": "12/06/2026", "r-due": ""}).status_code == 302
        page = client.get(url).content.decode()
    assert "Sổ tiếp công dân ghi chép chưa đầy đủ" in page
    assert "12/07/2026" in page  # 12/6 + 30 days
    assert "Đang thực hiện, trong hạn" in page
    client.force_login(cast["hdnd"])  # the People's Council does not read the Front's plan
    with time_machine.travel(NOW, tick=False):
        assert client.get(url).status_code == 404
    client.force_login(cast["addressee"])
    with time_machine.travel(NOW, tick=False):
        assert client.get(reverse("supervision:plan_create")).status_code == 403


def test_watched_cases_flag_set_and_clear(client: Any, cast: dict[str, Any], make_case: Any,
                                          plans: dict[str, Any]) -> None:
    case = make_case(title="Vụ án Trần Văn Bình trộm cắp tài sản", procedure="criminal",
                     number="05/2026/HS", events=[])
    case_services.party_add(actor=cast["admin"], case=case, name="Trần Văn Bình", role="accused",
                            birth_year=1990, id_number="052090001234", address="Thôn 3, xã Ia Grai")
    client.force_login(cast["hdnd"])
    url = reverse("supervision:cases")
    assert "Trần Văn Bình trộm cắp" not in _get(client, url)
    with time_machine.travel(NOW, tick=False):
        refused = client.post(reverse("supervision:case_flag"), {
            "number": "05/2026/HS", "flag": "wrongful_conviction_signs", "value": "1", "reason": ""})
    assert refused.status_code == 302
    case.refresh_from_db()
    assert case.wrongful_conviction_signs is False  # no reason, no flag
    with time_machine.travel(NOW, tick=False):
        client.post(reverse("supervision:case_flag"), {
            "number": "05/2026/hs", "flag": "wrongful_conviction_signs", "value": "1",
            "reason": "Đơn kêu oan của gia đình bị cáo"})
    case.refresh_from_db()
    assert case.wrongful_conviction_signs is True
    entry = AuditEntry.objects.get(case_id=case.pk, action="flag", field="wrongful_conviction_signs")
    assert (entry.actor, entry.note, entry.new_value) == (cast["hdnd"], "Đơn kêu oan của gia đình bị cáo", True)
    page = _get(client, url)
    assert "Trần Văn Bình trộm cắp" in page
    assert "Có dấu hiệu oan, sai" in page and "Đơn kêu oan của gia đình bị cáo" in page
    assert "Trần Văn Bình" in page and "1990" not in page and "052090001234" not in page
    # the holder's officer sees the birth year (personal data not masked for it)
    client.force_login(cast["officer_a"])
    assert "1990" in _get(client, url)
    client.force_login(cast["hdnd"])
    with time_machine.travel(NOW, tick=False):
        client.post(reverse("supervision:case_flag"), {
            "case": case.pk, "flag": "wrongful_conviction_signs", "value": "0",
            "reason": "Tòa án cấp phúc thẩm đã xét xử, không oan"})
    case.refresh_from_db()
    assert case.wrongful_conviction_signs is False
    assert "Trần Văn Bình trộm cắp" not in _get(client, url)
    # a body outside the province cannot flag it (it does not read the case)
    client.force_login(cast["outsider_supervisor"])
    with time_machine.travel(NOW, tick=False):
        client.post(reverse("supervision:case_flag"), {
            "case": case.pk, "flag": "public_concern", "value": "1", "reason": "x"})
    case.refresh_from_db()
    assert case.public_concern is False


def test_recommendation_page_explains_its_deadline(client: Any, cast: dict[str, Any],
                                                   plans: dict[str, Any]) -> None:
    client.force_login(cast["noichinh"])
    page = _get(client, reverse("supervision:recommendation", args=[plans["rec_a"].pk]))
    assert "30 ngày kể từ ngày kiến nghị (mặc định theo Luật Mặt trận Tổ quốc Việt Nam 2015, Điều 27" in page
    assert "chưa được xác nhận" in page
    assert "còn 16 ngày" in page  # due 01/7/2026, today 15/6/2026
    page = _get(client, reverse("supervision:recommendation", args=[plans["rec_p"].pk]))
    assert "quá hạn 15 ngày" in page  # due 31/5/2026
    page = _get(client, reverse("supervision:recommendation", args=[plans["rec_b"].pk]))
    assert "10 ngày kể từ ngày kiến nghị, do cơ quan giám sát ấn định" in page


def test_open_filter_lists_what_is_not_carried_out(client: Any, cast: dict[str, Any],
                                                   plans: dict[str, Any]) -> None:
    """«Đang thực hiện»: on time or overdue, not closed; an option of the status filter,
    a column of the plan list linking to it, and a filter of the API."""
    from congminh.apps.supervision import services

    with time_machine.travel(NOW, tick=False):
        services.recommendation_respond(actor=cast["addressee"], recommendation=plans["rec_a"],
                                        date=dt.date(2026, 6, 12), text="Đã rút kinh nghiệm",
                                        done=True, today=dt.date(2026, 6, 15))
    client.force_login(cast["noichinh"])
    url = reverse("supervision:recommendations")
    page = _get(client, url)
    assert '<option value="open">Đang thực hiện</option>' in page
    listed = _get(client, url + "?status=open&sort=-due")
    assert "Kiểm sát chặt việc trả hồ sơ" in listed and "Tống đạt văn bản đúng hạn" in listed
    assert "Rút kinh nghiệm bản án bị hủy" not in listed
    assert listed.index("Tống đạt") < listed.index("Kiểm sát chặt")  # sorted, latest due first
    # By status, worst first: overdue, on time, then the closed ones (done on time last).
    by_status = _get(client, url + "?sort=status")
    assert (by_status.index("Kiểm sát chặt") < by_status.index("Tống đạt")
            < by_status.index("Rút kinh nghiệm bản án bị hủy"))
    # A body's name is a link to its recommendations, not a dead end.
    procuracy = plans["rec_p"].addressee_id
    assert f'href="{url}?addressee={procuracy}"' in listed
    theirs = _get(client, f"{url}?addressee={procuracy}")
    assert "Kiểm sát chặt" in theirs and "Tống đạt" not in theirs
    # As it stood on 10/06/2026, before the closure: rec_a open again, rec_b issued that day.
    before = _get(client, url + "?status=open&as_of=10/06/2026")
    assert "Rút kinh nghiệm bản án bị hủy" in before and "Kiểm sát chặt" in before
    client.force_login(cast["hdnd"])
    plans_page = _get(client, reverse("supervision:plans"))
    assert f'href="{url}?plan={plans["hd"].pk}&amp;status=open">1</a>' in plans_page
    with time_machine.travel(NOW, tick=False):
        api = client.get("/api/supervision/recommendations/", {"status": "open"})
    assert api.status_code == 200, api.content
    assert sorted(r["content"] for r in api.json()["results"]) == ["Kiểm sát chặt việc trả hồ sơ"]


def test_watched_cases_are_paginated_keeping_the_flag_and_the_sort(
        client: Any, cast: dict[str, Any], make_case: Any, plans: dict[str, Any]) -> None:
    from congminh.apps.cases.models import Case
    from congminh.apps.web.listing import PAGE_SIZE

    flagged = [make_case(title=f"Vụ án số {i:02d}", number=f"{i}/2026/TLST-DS", events=[]).pk
               for i in range(PAGE_SIZE + 2)]
    Case.objects.filter(pk__in=flagged).update(public_concern=True)
    Case.objects.filter(pk=flagged[0]).update(wrongful_conviction_signs=True)
    client.force_login(cast["hdnd"])
    url = reverse("supervision:cases")
    first = _get(client, url + "?flag=public_concern&sort=-title")
    assert first.count("Vụ án số ") == PAGE_SIZE
    assert "Vụ án số 26" in first and "Vụ án số 01" not in first  # the sort holds on the page
    nav = first.split('class="pagination"')[1].split("</nav>")[0]
    following = re.search(r'href="\?([^"]*page=2)"', nav)
    assert following and "flag=public_concern" in following[1] and "sort=-title" in following[1]
    second = _get(client, url + "?" + following[1].replace("&amp;", "&"))
    assert second.count("Vụ án số ") == 2 and "Vụ án số 00" in second and "Vụ án số 01" in second


def test_the_plan_status_form_sits_apart_from_the_facts(client: Any, cast: dict[str, Any],
                                                       plans: dict[str, Any]) -> None:
    from pathlib import Path

    from congminh.apps import web

    client.force_login(cast["hdnd"])
    page = _get(client, reverse("supervision:plan", args=[plans["hd"].pk]))
    facts_end = page.index("</dl>")
    form = page.index('<form method="post" class="card-actions">')
    assert facts_end < form and '<input type="hidden" name="action" value="status">' in page[form:form + 300]
    css = (Path(web.__file__).parent / "static" / "congminh" / "app.css").read_text()
    assert ".card-actions {" in css and "border-top" in css.split(".card-actions {")[1].split("}")[0]
