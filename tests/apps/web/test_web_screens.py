"""The screens render for a user in scope, in Vietnamese, with dd/mm/yyyy dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

PASSWORD = "matkhau-an-toan-1"


def login(client: Client, user: Any) -> Client:
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.mark.django_db
def test_login_page_is_vietnamese(client: Client) -> None:
    response = client.get(reverse("web:login"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Đăng nhập" in html
    assert "Tên đăng nhập" in html


@pytest.mark.django_db
def test_dashboard_requires_login(client: Client) -> None:
    response = client.get(reverse("web:dashboard"))
    assert response.status_code == 302
    assert reverse("web:login") in response["Location"]


def test_login_then_dashboard(client: Client, users: dict[str, Any], make_case: Any) -> None:
    make_case()
    response = client.post(
        reverse("web:login"), {"username": "officer_a", "password": PASSWORD}, follow=True
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Tổng quan" in html
    assert "Chuẩn bị xét xử" in html  # stage of the case after "accepted"
    assert "Dân sự" in html



def test_case_list_filters_search_and_dates(client: Client, users: dict[str, Any], make_case: Any) -> None:
    dao = make_case()
    old = make_case(
        title="Trộm cắp tài sản của Lê Văn Bình", procedure="criminal", number="12/2024/HSST",
        category="serious", events=[("case_instituted", dt.date(2024, 1, 5), {})],
    )
    login(client, users["officer_a"])
    url = reverse("web:case_list")

    def shown(**params: str) -> set[int]:
        response = client.get(url, params)
        assert response.status_code == 200
        return {c.pk for c in response.context["page"].object_list}

    assert shown() == {dao.pk, old.pk}
    assert shown(q="tran thi dao") == {dao.pk}
    assert shown(q="nguyen van a") == {dao.pk}
    assert shown(q="12-2024-hsst") == {old.pk}
    assert shown(procedure="criminal") == {old.pk}
    assert shown(stage="investigation") == {old.pk}
    assert shown(age="12") == {old.pk}  # "mở trên 12 tháng"
    assert shown(organisation=str(users["officer_a"].organisation_id), q="binh") == {old.pk}
    html = client.get(url).content.decode()
    assert "05/01/2024" in html and "02/03/2026" in html  # dd/mm/yyyy
    assert "Mở trên 12 tháng" in html


def test_bad_filter_is_named_and_the_rest_kept(client: Client, users: dict[str, Any], make_case: Any) -> None:
    dao = make_case()
    login(client, users["officer_a"])
    response = client.get(reverse("web:case_list"), {"procedure": "magic", "q": "tran thi dao"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Loại án:" in html  # the field is named in the message
    assert {c.pk for c in response.context["page"].object_list} == {dao.pk}


def test_case_list_paginates(client: Client, users: dict[str, Any], make_case: Any) -> None:
    for i in range(27):
        make_case(title=f"Vụ số {i}", number=f"{i}/2026/DS")
    login(client, users["officer_a"])
    first = client.get(reverse("web:case_list"))
    assert len(first.context["page"].object_list) == 25
    assert "Trang 1 / 2" in first.content.decode()
    second = client.get(reverse("web:case_list"), {"page": "2"})
    assert len(second.context["page"].object_list) == 2


def test_dashboard_counts_by_stage_and_status(client: Client, users: dict[str, Any], make_case: Any) -> None:
    from congminh.apps.cases.models import Case

    late = make_case()
    make_case(number="2/2026/DS")
    login(client, users["officer_a"])
    html = client.get(reverse("web:dashboard")).content.decode()
    assert "Vụ án theo trạng thái thời hạn" not in html  # nothing evaluated yet
    Case.objects.filter(pk=late.pk).update(status="overdue", next_due=dt.date(2026, 4, 1))
    response = client.get(reverse("web:dashboard"))
    assert response.context["overdue"] == 1
    assert response.context["total"] == 2
    assert "Vụ án theo trạng thái thời hạn" in response.content.decode()
    assert [r["total"] for r in response.context["stage_table"].rows] == [2]


def test_case_page_shows_everything(client: Client, users: dict[str, Any], make_case: Any, orgs: dict[str, Any]) -> None:
    from congminh.apps.cases import services
    from congminh.apps.obligations.services import case_clocks_refresh

    case = make_case()
    case_clocks_refresh(case_ids=[case.pk])
    services.party_add(actor=users["admin"], case=case, name="Trần Thị Đào", role="plaintiff",
                       birth_year=1980, address="Quy Nhơn")
    services.agency_number_add(actor=users["admin"], case=case, organisation=orgs["procuracy"],
                               number="VKS-9/2026")
    login(client, users["officer_a"])
    html = client.get(reverse("web:case_detail", args=[case.pk])).content.decode()
    for text in ("01/2026/TLST-DS", "VKS-9/2026", "Trần Thị Đào", "Nguyên đơn", "Quy Nhơn",
                 "Tòa án thụ lý sơ thẩm", "02/03/2026", "Nhật ký thay đổi", "Ghi sự kiện",
                 'id="clocks"', 'id="add-event"'):
        assert text in html, text
    # Each obligation's legal basis opens the rule on the law page.
    assert case.obligations.filter(rule="BLTTDS-203").exists()
    assert f'href="{reverse("law:detail", args=["BLTTDS-203"])}"' in html


def test_clocks_placeholder_when_obligations_template_is_missing(
    users: dict[str, Any], make_case: Any, rf: Any
) -> None:
    from django.template.loader import render_to_string

    html = render_to_string("web/_case_clocks_pending.html", {"case": make_case()})
    assert "chưa được tính" in html


def test_event_form_appends_and_corrects(client: Client, users: dict[str, Any], make_case: Any) -> None:
    case = make_case()
    login(client, users["officer_a"])
    url = reverse("web:case_event_add", args=[case.pk])
    response = client.post(url, {"type": "suspended", "date": "10/04/2026", "ground": "Chờ kết quả giám định"})
    assert response.status_code == 302
    wrong = case.events.latest("id")
    assert (wrong.type, wrong.date, wrong.data) == ("suspended", dt.date(2026, 4, 10), {"ground": "Chờ kết quả giám định"})
    response = client.post(url, {"type": "suspended", "date": "2026-04-12", "ground": "Chờ kết quả giám định",
                                 "supersedes": str(wrong.pk), "note": "Sai ngày"})
    assert response.status_code == 302
    page = client.get(reverse("web:case_detail", args=[case.pk]))
    html = page.content.decode()
    assert "<s>Tạm đình chỉ</s>" in html
    assert "Đã được đính chính" in html and "12/04/2026" in html
    assert "Đã ghi nhận sự kiện." in html


def test_event_form_errors_name_the_field_in_vietnamese(
    client: Client, users: dict[str, Any], make_case: Any
) -> None:
    case = make_case()
    login(client, users["officer_a"])
    url = reverse("web:case_event_add", args=[case.pk])
    response = client.post(url, {"type": "accepted", "date": "31/02/2026", "months": "2", "note": "giữ lại"})
    html = response.content.decode()
    assert response.status_code == 400
    assert "Ngày:" in html  # an invalid date, naming the field
    assert "Số tháng" in html and "không áp dụng" in html
    assert "giữ lại" in html  # what was typed is kept
    future = client.post(url, {"type": "suspended", "date": "01/01/2099"})
    assert future.status_code == 400
    assert "tương lai" in future.content.decode()
    assert case.events.count() == 1
    # A criminal-only event is not even offered for a civil case.
    assert 'value="case_instituted"' not in html
