"""«Vụ việc tôi theo dõi»: the «still open» filter (`cases.selectors.case_open_q`), its
counts linking to exactly that list, the status sorted worst first (`core.statuses`
order, as the recommendation list ranks its statuses); «Gửi đến cơ quan tôi» and the
addressee choices only for bodies a recommendation may be addressed to."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.urls import reverse

from congminh.apps.cases import services as case_services
from congminh.apps.cases.models import Case
from congminh.apps.supervision import services

NOW = dt.datetime(2026, 6, 15, 9, tzinfo=dt.UTC)
D = dt.date


def _get(client: Any, url: str) -> str:
    with time_machine.travel(NOW, tick=False):
        response = client.get(url)
    assert response.status_code == 200
    return str(response.content.decode())


def _case_ids(page: str) -> list[int]:
    return [int(pk) for pk in re.findall(r'<td><a href="/cases/(\d+)/">', page)]


@pytest.fixture
def followed(make_case: Any, cast: dict[str, Any]) -> dict[str, Any]:
    """Three cases flagged for signs of wrongful conviction: one overdue, one on time, one
    closed; a fourth flagged for public concern only."""
    made = {
        "overdue": make_case(number="21/2026/DS-ST", title="Vụ thứ nhất quá hạn"),
        "on_time": make_case(number="22/2026/DS-ST", title="Vụ thứ hai trong hạn"),
        "closed": make_case(number="23/2026/DS-ST", title="Vụ thứ ba đã kết thúc",
                            events=[("accepted", D(2026, 1, 5), {}),
                                    ("closed", D(2026, 2, 1), {"reason": "withdrawn"})]),
        "concern": make_case(number="24/2026/DS-ST", title="Vụ thứ tư dư luận quan tâm"),
    }
    for key, case in made.items():
        flag = "public_concern" if key == "concern" else "wrongful_conviction_signs"
        case_services.case_flags_set(actor=cast["hdnd"], case=case, reason=f"Lý do {key}", **{flag: True})
    # the law engine's verdict, as stored for listing
    Case.objects.filter(pk=made["overdue"].pk).update(status="overdue")
    Case.objects.filter(pk=made["on_time"].pk).update(status="on_time")
    Case.objects.filter(pk=made["closed"].pk).update(status="closed")
    assert Case.objects.get(pk=made["closed"].pk).closed_on == D(2026, 2, 1)
    return made


def test_open_filter_and_its_counts(client: Any, cast: dict[str, Any], followed: dict[str, Any]) -> None:
    client.force_login(cast["hdnd"])
    url = reverse("supervision:cases")
    flagged = {followed[k].pk for k in ("overdue", "on_time", "closed")}
    assert set(_case_ids(_get(client, url + "?flag=wrongful_conviction_signs"))) == flagged
    still_open = _get(client, url + "?flag=wrongful_conviction_signs&open=1")
    assert set(_case_ids(still_open)) == flagged - {followed["closed"].pk}
    assert set(_case_ids(_get(client, url + "?open=1"))) == {
        followed[k].pk for k in ("overdue", "on_time", "concern")}
    # every number of the summary links to a list of exactly that length
    page = _get(client, url)
    links = re.findall(r'<a href="\?(flag=[a-z_]+(?:&amp;open=1)?)">(\d+)(?: vụ việc còn đang giải quyết)?</a>',
                       page)
    assert len(links) == 6  # three flags, each with its open ones
    for query, n in links:
        assert len(_case_ids(_get(client, url + "?" + query.replace("&amp;", "&")))) == int(n)
    assert ("flag=wrongful_conviction_signs&amp;open=1", "2") in links


def test_status_sorts_worst_first(client: Any, cast: dict[str, Any], followed: dict[str, Any]) -> None:
    client.force_login(cast["hdnd"])
    url = reverse("supervision:cases") + "?flag=wrongful_conviction_signs&sort="
    order = [followed[k].pk for k in ("overdue", "on_time", "closed")]
    assert _case_ids(_get(client, url + "status")) == order
    assert _case_ids(_get(client, url + "-status")) == order[::-1]
    # the list opens so: worst first, the status heading marked as the sort
    opened = _get(client, reverse("supervision:cases") + "?flag=wrongful_conviction_signs")
    assert _case_ids(opened) == order and "Trạng thái ▲" in opened


def test_addressed_to_my_body_only_for_bodies_that_can_be_addressed(
        client: Any, cast: dict[str, Any], plans: dict[str, Any], sup_orgs: dict[str, Any]) -> None:
    url = reverse("supervision:recommendations")
    for who in ("hdnd", "mttq", "hdnd_viewer"):
        client.force_login(cast[who])
        assert "Gửi đến cơ quan tôi" not in _get(client, url)
    client.force_login(cast["addressee"])
    mine = re.search(r'<a href="\?(addressee=\d+)">Gửi đến cơ quan tôi</a>', _get(client, url))
    assert mine and mine.group(1) == f"addressee={sup_orgs['court_a'].pk}"
    # the plan page offers only bodies that may be addressed, and the services refuse the others
    client.force_login(cast["hdnd"])
    plan_page = _get(client, reverse("supervision:plan", args=[plans["hd"].pk]))
    [choices] = re.findall(r'<select name="r-addressee".*?</select>', plan_page, re.S)
    assert f'value="{sup_orgs["court_a"].pk}"' in choices
    assert f'value="{sup_orgs["front"].pk}"' not in choices and f'value="{sup_orgs["council"].pk}"' not in choices
    with pytest.raises(ValidationError):
        services.recommendation_issue(actor=cast["hdnd"], plan=plans["hd"], addressee=sup_orgs["front"],
                                      content="Kiến nghị gửi nhầm", issued_on=D(2026, 6, 1))


def test_a_flag_set_without_a_reason_says_so(client: Any, cast: dict[str, Any], make_case: Any) -> None:
    case = make_case(number="25/2026/DS-ST", title="Vụ được đánh dấu khi nhập dữ liệu")
    Case.objects.filter(pk=case.pk).update(wrongful_conviction_signs=True)  # no audit entry (a bulk load)
    client.force_login(cast["hdnd"])
    page = _get(client, reverse("supervision:cases"))
    assert _case_ids(page) == [case.pk] and "(chưa ghi lý do)" in page


def _filter_links(page: str) -> set[str]:
    """The links of the summary and filter lines above the list."""
    lines = re.findall(r'<p class="(?:summary|filters)">(.*?)</p>', page, re.S)
    return {h.replace("&amp;", "&") for line in lines for h in re.findall(r'href="([^"]*)"', line)}


def test_the_flag_and_open_links_keep_the_sort(client: Any, cast: dict[str, Any],
                                               followed: dict[str, Any]) -> None:
    """Changing the flag or the «still open» filter keeps the list's sort (and the other
    filter): a supervisor sorting by title does not lose it by narrowing the list."""
    client.force_login(cast["hdnd"])
    url = reverse("supervision:cases")
    hrefs = _filter_links(_get(client, url + "?sort=-title&flag=wrongful_conviction_signs&page=1"))
    assert hrefs == {
        "?sort=-title&flag=public_concern", "?sort=-title&flag=public_concern&open=1",
        "?sort=-title&flag=wrongful_conviction_signs", "?sort=-title&flag=wrongful_conviction_signs&open=1",
        "?sort=-title&flag=missed_crime_signs", "?sort=-title&flag=missed_crime_signs&open=1",
        f"{url}?sort=-title"}  # «All»: every flag, still sorted
    narrowed = _get(client, url + "?sort=-title&flag=wrongful_conviction_signs&open=1")
    assert "?sort=-title&flag=wrongful_conviction_signs" in _filter_links(narrowed)  # open and finished
    assert _case_ids(narrowed) == [followed["overdue"].pk, followed["on_time"].pk]  # by title, Z to A


def test_a_flag_set_or_cleared_returns_to_the_list_as_it_was(client: Any, cast: dict[str, Any],
                                                             followed: dict[str, Any]) -> None:
    client.force_login(cast["hdnd"])
    url = reverse("supervision:cases")
    page = _get(client, url + "?sort=-title&flag=wrongful_conviction_signs&open=1")
    assert 'name="back" value="sort=-title&amp;flag=wrongful_conviction_signs&amp;open=1"' in page
    with time_machine.travel(NOW, tick=False):
        response = client.post(reverse("supervision:case_flag"), {
            "case": followed["on_time"].pk, "flag": "wrongful_conviction_signs", "value": "0",
            "reason": "Đã xác minh: không oan", "back": "sort=-title&flag=wrongful_conviction_signs&open=1"})
    assert response.status_code == 302
    assert response["Location"] == url + "?sort=-title&flag=wrongful_conviction_signs&open=1"
    assert not Case.objects.get(pk=followed["on_time"].pk).wrongful_conviction_signs


def test_a_number_several_courts_gave_leads_to_the_choice(client: Any, cast: dict[str, Any],
                                                          make_case: Any) -> None:
    """Each court numbers its own cases: a number two courts gave names no single case, so
    the supervisor is sent to the cases bearing it (not told that none exists)."""
    make_case(number="06/2026/TLST-DS", title="Vụ tại tòa khu vực 1")
    make_case(holder="court_b", number="06/2026/TLST-DS", title="Vụ tại tòa khu vực 2")
    client.force_login(cast["hdnd"])
    with time_machine.travel(NOW, tick=False):
        response = client.post(reverse("supervision:case_flag"), {
            "number": "06/2026/TLST-DS", "flag": "public_concern", "value": "1", "reason": "Cử tri phản ánh"},
            follow=True)
    assert response.redirect_chain[-1][0] == reverse("web:case_list") + "?q=06%2F2026%2FTLST-DS"
    page = response.content.decode()
    assert "Có nhiều vụ việc mang số này" in page
    assert "Vụ tại tòa khu vực 1" in page and "Vụ tại tòa khu vực 2" in page
    assert not Case.objects.filter(public_concern=True).exists()
