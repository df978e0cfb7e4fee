"""The case list a provincial supervisor works from: sortable columns, days over the limit,
the «kéo dài» filter, the age filter counting open cases only, the body filter grouped by
kind and level with dissolved bodies under their successor (issue #11, part 5)."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from congminh.apps.obligations.services import case_clocks_refresh

PASSWORD = "matkhau-an-toan-1"
TODAY = dt.date(2026, 12, 2)
NOW = dt.datetime(2026, 12, 2, 9, tzinfo=dt.UTC)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel(NOW, tick=False):
        yield


def login(client: Client, user: Any) -> Client:
    assert client.login(username=user.username, password=PASSWORD)
    return client


def criminal(make_case: Any, title: str, number: str, instituted: dt.date, holder: str = "police",
             more: list[tuple[str, dt.date, dict[str, Any]]] | None = None) -> Any:
    case = make_case(holder=holder, procedure="criminal", category="serious", title=title,
                     number=number, events=[("case_instituted", instituted, {}), *(more or [])])
    case_clocks_refresh(case_ids=[case.pk], as_of=TODAY)
    case.refresh_from_db()
    return case


def shown(client: Client, **params: str) -> list[int]:
    response = client.get(reverse("web:case_list"), params)
    assert response.status_code == 200
    return [c.pk for c in response.context["page"].object_list]


def test_age_filter_counts_open_cases_only(client: Client, users: dict[str, Any], make_case: Any) -> None:
    """«Mở trên 12 tháng» is about cases still open: a case closed long ago is not one."""
    still_open = criminal(make_case, "Cố ý gây thương tích tại xã Tây Sơn", "3/QĐ-CSĐT",
                          dt.date(2025, 6, 2))
    closed = criminal(make_case, "Trộm cắp tài sản tại phường Quy Nhơn", "4/QĐ-CSĐT",
                      dt.date(2025, 1, 6),
                      more=[("closed", dt.date(2025, 3, 3), {"reason": "not_prosecuted"})])
    assert closed.status == "closed" and still_open.status != "closed"
    login(client, users["supervisor"])
    assert shown(client, age="12") == [still_open.pk]
    assert set(shown(client)) == {still_open.pk, closed.pk}


def test_days_over_the_limit_and_sorting_by_it(client: Client, users: dict[str, Any], make_case: Any) -> None:
    # BLTTHS Đ.172 k1: a serious crime is investigated within 3 months of institution.
    a = criminal(make_case, "Vụ A", "10/QĐ-CSĐT", dt.date(2026, 3, 10))  # due 10/06/2026
    b = criminal(make_case, "Vụ B", "11/QĐ-CSĐT", dt.date(2026, 1, 13))  # due 13/04/2026
    c = criminal(make_case, "Vụ C", "12/QĐ-CSĐT", dt.date(2026, 11, 20))  # due 20/02/2027
    assert (a.status, b.status, c.status) == ("overdue", "overdue", "on_time")
    login(client, users["supervisor"])
    response = client.get(reverse("web:case_list"), {"sort": "-days_over"})
    rows = response.context["rows"]
    # 10/06 -> 02/12/2026 is 175 days; 13/04 -> 02/12/2026 is 233 days.
    assert [(r.case.pk, r.days_over) for r in rows] == [(b.pk, 233), (a.pk, 175), (c.pk, None)]
    html = response.content.decode()
    assert "Quá hạn (ngày)" in html
    assert '<span class="overdue-days">233</span>' in html
    # Ascending: the fewest days first, a case not overdue still last.
    assert shown(client, sort="days_over") == [a.pk, b.pk, c.pk]


def test_sort_columns_both_ways(client: Client, users: dict[str, Any], make_case: Any, orgs: dict[str, Any]) -> None:
    x = make_case(holder="court_b", title="Vụ X", number="07/2026/TLST-DS",
                  events=[("accepted", dt.date(2026, 11, 2), {})])
    y = make_case(holder="court_a", title="Vụ Y", number="02/2026/TLST-DS",
                  events=[("accepted", dt.date(2026, 10, 1), {})])
    z = criminal(make_case, "Vụ Z", "05/QĐ-CSĐT", dt.date(2026, 11, 20))
    case_clocks_refresh(case_ids=[x.pk, y.pk], as_of=TODAY)
    login(client, users["supervisor"])
    assert shown(client, sort="number") == [y.pk, z.pk, x.pk]  # 02/…, 05/…, 07/…
    assert shown(client, sort="-number") == [x.pk, z.pk, y.pk]
    # Holder names: «Cơ quan Cảnh sát điều tra…» < «Tòa án … khu vực 1» < «… khu vực 2».
    assert shown(client, sort="holder") == [z.pk, y.pk, x.pk]
    assert shown(client, sort="-holder") == [x.pk, y.pk, z.pk]
    # Stages in procedural order: investigation before trial preparation.
    assert shown(client, sort="stage")[0] == z.pk
    assert shown(client, sort="-stage")[-1] == z.pk
    dues = {pk: due for pk, due in _next_dues([x.pk, y.pk, z.pk]).items()}
    by_due = sorted(dues, key=lambda pk: dues[pk])
    assert shown(client, sort="next_due") == by_due
    assert shown(client, sort="-next_due") == by_due[::-1]


def _next_dues(ids: list[int]) -> dict[int, dt.date]:
    from congminh.apps.cases.models import Case

    dues = dict(Case.objects.filter(pk__in=ids).values_list("pk", "next_due"))
    assert len(set(dues.values())) == len(ids), dues  # distinct, so the order is defined
    return dues


def test_unknown_sort_is_ignored(client: Client, users: dict[str, Any], make_case: Any) -> None:
    first = make_case(number="1/2026/DS")
    second = make_case(number="2/2026/DS")
    login(client, users["officer_a"])
    default = shown(client)
    assert set(default) == {first.pk, second.pk}
    for bad in ("title", "-search_text", "holder__password", "number;drop", "--number"):
        assert shown(client, sort=bad) == default, bad


def test_sort_is_kept_in_pagination_and_in_the_filter_form(
    client: Client, users: dict[str, Any], make_case: Any, monkeypatch: pytest.MonkeyPatch,
) -> None:
    from congminh.apps.web import views

    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    for i in (1, 2, 3, 4, 17):
        make_case(title=f"Vụ số {i}", number=f"{i}/2026/DS")
    login(client, users["officer_a"])
    response = client.get(reverse("web:case_list"), {"sort": "-number", "procedure": "civil"})
    html = response.content.decode()
    # Numbers compare as people read them: 17/2026 after 4/2026.
    assert [c.title for c in response.context["page"].object_list] == ["Vụ số 17", "Vụ số 4"]
    nav = html[html.index('class="pagination"'):]
    assert "sort=-number" in nav and "procedure=civil" in nav and "page=2" in nav
    assert re.search(r'<input type="hidden" name="sort" value="-number"', html)
    # The header of the sorted column flips the direction and keeps the filters.
    header = response.context["headers"]["number"]
    assert header["direction"] == "desc"
    assert "sort=number" in header["query"] and "procedure=civil" in header["query"]
    page2 = client.get(reverse("web:case_list"), {"sort": "-number", "procedure": "civil", "page": "2"})
    assert [c.title for c in page2.context["page"].object_list] == ["Vụ số 3", "Vụ số 2"]


def test_prolonged_filter_uses_the_law_engines_flag(client: Client, users: dict[str, Any], make_case: Any) -> None:
    # Open 365 days or more (core/law/config.yaml, prolonged.age_days.criminal): «kéo dài».
    old = criminal(make_case, "Vụ mở từ 2025", "20/QĐ-CSĐT", dt.date(2025, 6, 2))
    recent = criminal(make_case, "Vụ mở năm 2026", "21/QĐ-CSĐT", dt.date(2026, 3, 10))
    assert "prolonged" in old.flags and "prolonged" not in recent.flags
    login(client, users["supervisor"])
    ended = criminal(make_case, "Vụ mở từ 2024, đã kết thúc", "22/QĐ-CSĐT", dt.date(2024, 3, 4),
                     more=[("closed", dt.date(2025, 6, 2), {"reason": "not_prosecuted"})])
    assert "prolonged" in ended.flags and ended.status == "closed"  # the engine keeps the flag
    assert shown(client, prolonged="on") == [old.pk]  # open cases only
    html = client.get(reverse("web:case_list")).content.decode()
    assert "Kéo dài" in html


def test_holder_and_open_filters(client: Client, users: dict[str, Any], make_case: Any, orgs: dict[str, Any]) -> None:
    a = make_case(holder="court_a", number="1/2026/DS")
    b = make_case(holder="court_b", number="2/2026/DS")
    from congminh.apps.cases import services

    # A number at court_a on court_b's case: «Cơ quan» finds it, «Cơ quan đang thụ lý» does not.
    services.agency_number_add(actor=users["admin"], case=b, organisation=orgs["court_a"], number="9/2026/DS")
    login(client, users["supervisor"])
    assert set(shown(client, organisation=str(orgs["court_a"].pk))) == {a.pk, b.pk}
    assert shown(client, holder=str(orgs["court_a"].pk)) == [a.pk]


def _select(html: str, name: str) -> str:
    start = html.index(f'name="{name}"')
    return html[start:html.index("</select>", start)]


def test_body_filter_grouped_sorted_folded_and_disambiguated(
    client: Client, users: dict[str, Any], make_case: Any, orgs: dict[str, Any],
) -> None:
    from congminh.apps.organisations.models import Organisation

    old_court = Organisation.objects.create(
        code="TAND-HUYEN-AN", name="Tòa án nhân dân huyện An Lão", kind="court", level="district",
        province_code="52", valid_to=dt.date(2025, 6, 30))
    orgs["court_a"].predecessors.add(old_court)
    twin_old = Organisation.objects.create(
        code="GLC-VKS", name=orgs["procuracy"].name, kind="procuracy", level="province",
        province_code="52", valid_to=dt.date(2025, 6, 30))
    orgs["procuracy"].predecessors.add(twin_old)
    twin_live = Organisation.objects.create(
        code="VKS-TINH-2", name="Viện kiểm sát nhân dân tỉnh Gia Lai", kind="procuracy", level="region",
        province_code="52")
    make_case(holder="court_a", number="1/2026/DS")
    make_case(holder="court_b", number="2/2026/DS")
    criminal(make_case, "Vụ Q", "30/QĐ-CSĐT", dt.date(2026, 11, 2))
    make_case(holder="court_a", number="3/2026/DS")
    from congminh.apps.cases.models import Case

    held_by_old = make_case(holder="court_a", number="4/2025/DS")
    Case.objects.filter(pk=held_by_old.pk).update(holder=old_court)
    on_twins = make_case(holder="court_b", number="5/2026/DS")
    from congminh.apps.cases import services

    services.agency_number_add(actor=users["admin"], case=on_twins, organisation=twin_old, number="VKS-1")
    services.agency_number_add(actor=users["admin"], case=on_twins, organisation=twin_live, number="VKS-2")
    login(client, users["supervisor"])
    html = client.get(reverse("web:case_list")).content.decode()
    select = _select(html, "organisation")
    groups = re.findall(r'<optgroup label="([^"]+)">', select)
    assert groups == ["Cơ quan điều tra cấp tỉnh", "Viện kiểm sát cấp tỉnh", "Viện kiểm sát cấp khu vực",
                      "Tòa án cấp khu vực"]
    options = re.findall(r'<option value="(\d+)"[^>]*>([^<]*)</option>', select)
    labels = [label.replace("\xa0", " ") for _pk, label in options]
    assert labels == [
        "Cơ quan Cảnh sát điều tra Công an tỉnh Gia Lai",
        "Viện kiểm sát nhân dân tỉnh Gia Lai (VKS-TINH)",
        "   ↳ Viện kiểm sát nhân dân tỉnh Gia Lai (GLC-VKS) — hoạt động đến 30/06/2025",
        "Viện kiểm sát nhân dân tỉnh Gia Lai (VKS-TINH-2)",
        "Tòa án nhân dân khu vực 1 - Gia Lai",
        "   ↳ Tòa án nhân dân huyện An Lão — hoạt động đến 30/06/2025",
        "Tòa án nhân dân khu vực 2 - Gia Lai",
    ]
    # Bodies of another province, and bodies with no case the user reads, are not offered.
    assert orgs["other_province"].name not in select and orgs["internal_affairs"].name not in select
    # The holding-body filter lists the same bodies; choosing the dissolved one works.
    assert _select(html, "holder").count("<option") == len(options) + 1
    assert shown(client, holder=str(old_court.pk)) == [held_by_old.pk]


def test_body_filter_follows_the_users_reach(client: Client, users: dict[str, Any], make_case: Any, orgs: dict[str, Any]) -> None:
    make_case(holder="court_a", number="1/2026/DS")
    make_case(holder="court_b", number="2/2026/DS")
    login(client, users["officer_b"])  # an area court reads its own cases
    select = _select(client.get(reverse("web:case_list")).content.decode(), "organisation")
    assert orgs["court_b"].name in select
    assert orgs["court_a"].name not in select
    # A body the user may not read cannot be forced through the URL either.
    response = client.get(reverse("web:case_list"), {"holder": str(orgs["court_a"].pk)})
    assert response.context["page"].paginator.count == 1  # the filter is refused, scope kept
    assert "holder" in response.context["form"].errors


def test_body_entries_fold_a_chain_and_sort_numbers_as_numbers() -> None:
    from congminh.apps.organisations.models import Organisation
    from congminh.apps.web.bodies import body_entries, grouped_choices

    def make(code: str, name: str, level: str, valid_to: dt.date | None = None) -> Any:
        return Organisation.objects.create(code=code, name=name, kind="police", level=level,
                                           province_code="52", valid_to=valid_to)

    today_body = make("GL-CA", "Công an tỉnh Gia Lai", "province")
    old_province = make("BD-CA", "Công an tỉnh Bình Định", "province", dt.date(2025, 6, 30))
    district = make("BD-CA-AL", "Công an huyện An Lão", "district", dt.date(2025, 2, 28))
    area10 = make("CA-KV10", "Công an khu vực 10", "region")
    area2 = make("CA-KV2", "Công an khu vực 2", "region")
    today_body.predecessors.add(old_province)
    old_province.predecessors.add(district)
    bodies = Organisation.objects.filter(pk__in=[b.pk for b in (today_body, old_province, district,
                                                                 area10, area2)])
    entries = body_entries(bodies.prefetch_related("successors"), today=TODAY)
    assert [(e.body.code, e.depth) for e in entries] == [
        ("GL-CA", 0), ("BD-CA", 1), ("BD-CA-AL", 2), ("CA-KV2", 0), ("CA-KV10", 0)]
    choices = grouped_choices(entries, "Tất cả cơ quan")
    assert [group for group, _options in choices[1:]] == ["Công an cấp tỉnh", "Công an cấp khu vực"]
    labels = [label.replace("\xa0", " ") for _pk, label in choices[1][1]]
    assert labels == ["Công an tỉnh Gia Lai", "   ↳ Công an tỉnh Bình Định — hoạt động đến 30/06/2025",
                      "      ↳ Công an huyện An Lão — hoạt động đến 28/02/2025"]


def test_csv_export_has_days_over_and_keeps_the_sort(client: Client, users: dict[str, Any], make_case: Any) -> None:
    import csv
    import io

    a = criminal(make_case, "Vụ A", "10/QĐ-CSĐT", dt.date(2026, 3, 10))  # 175 days over
    b = criminal(make_case, "Vụ B", "11/QĐ-CSĐT", dt.date(2026, 1, 13))  # 233 days over
    login(client, users["supervisor"])
    for sort in ("-days_over", ""):
        text = client.get(reverse("web:case_export"), {"sort": sort}).content.decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(text)))
        assert rows[0][-1] == "Quá hạn (ngày)"
        days = {int(r[0]): r[-1] for r in rows[1:]}
        assert days == {a.pk: "175", b.pk: "233"}
        if sort:
            assert [int(r[0]) for r in rows[1:]] == [b.pk, a.pk]
