"""Judgment quality (directive point 2): outcomes of review by first-instance court and
presiding judge against the year's target, returns for supplementary investigation, and
cases flagged for signs of wrongful conviction; every number is the length of its list."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

import pytest
from django.urls import reverse

from congminh.apps.cases import services
from congminh.apps.quality import selectors
from congminh.apps.quality.targets import target_for

D = dt.date
START, END = D(2026, 1, 1), D(2026, 12, 31)
PERIOD = "start=01/01/2026&end=31/12/2026"


def _judged(make_case: Callable[..., Any], number: str, judge: str, holder: str = "court_a",
            outcome: dict[str, Any] | None = None) -> Any:
    events: list[tuple[str, dt.date, dict[str, Any]]] = [
        ("accepted", D(2026, 1, 5), {}), ("brought_to_trial", D(2026, 3, 2), {}),
        ("hearing_opened", D(2026, 3, 10), {}),
        ("judgment_pronounced", D(2026, 3, 10), {"presiding_judge": judge}),
        ("appeal_lodged", D(2026, 3, 20), {})]
    if outcome is not None:
        events.append(("appellate_outcome", D(2026, 6, 1), outcome))
    return make_case(holder=holder, number=number, events=events)


@pytest.fixture
def judged(make_case: Callable[..., Any]) -> dict[str, Any]:
    # Court A: four judgments by two judges; one annulled (subjective), one amended
    # (subjective), one amended (objective), one not reviewed. Court B: one, upheld.
    return {
        "a1": _judged(make_case, "01/2026/DS-ST", "Lê Văn Cường",
                      outcome={"outcome": "annulled", "fault": "subjective", "reason": "thiếu chứng cứ"}),
        "a2": _judged(make_case, "02/2026/DS-ST", "Lê Văn Cường",
                      outcome={"outcome": "amended", "fault": "subjective"}),
        "a3": _judged(make_case, "03/2026/DS-ST", "Phạm Thị Hoa",
                      outcome={"outcome": "amended", "fault": "objective", "reason": "chứng cứ mới"}),
        "a4": _judged(make_case, "04/2026/DS-ST", "Phạm Thị Hoa"),
        "b1": _judged(make_case, "01/2026/DS-ST-B", "Đỗ Minh", holder="court_b",
                      outcome={"outcome": "upheld"}),
    }


def test_tallies_and_rates_per_court(judged: dict[str, Any], users: dict[str, Any],
                                     orgs: dict[str, Any]) -> None:
    rows = {org.code: t for org, t in selectors.by_court(users["admin"], START, END)}
    a = rows["TAND-KV1"]
    assert (a.judgments, a.reviewed, a.upheld) == (4, 3, 0)
    assert (a.annulled["subjective"], a.amended["subjective"], a.amended["objective"]) == (1, 1, 1)
    # 1 of 4 judgments = 25.00 %; target 2026: 1.5 % annulled, 3 % amended.
    assert a.annulled_rate == Decimal("25.00") and a.amended_rate == Decimal("25.00")
    b = rows["TAND-KV2"]
    assert (b.judgments, b.reviewed, b.upheld, b.annulled_rate) == (1, 1, 1, Decimal("0.00"))


def test_tallies_per_presiding_judge(judged: dict[str, Any], users: dict[str, Any]) -> None:
    rows = {(org.code, judge): t for org, judge, t in selectors.by_judge(users["admin"], START, END)}
    cuong, hoa = rows[("TAND-KV1", "Lê Văn Cường")], rows[("TAND-KV1", "Phạm Thị Hoa")]
    assert (cuong.judgments, cuong.annulled["subjective"], cuong.amended["subjective"]) == (2, 1, 1)
    assert cuong.annulled_rate == Decimal("50.00")
    assert (hoa.judgments, hoa.amended["objective"], hoa.amended_rate) == (2, 1, Decimal("0.00"))


def test_a_withdrawn_outcome_does_not_count(judged: dict[str, Any], users: dict[str, Any]) -> None:
    event = judged["a1"].events.get(type="appellate_outcome")
    services.case_event_withdraw(actor=users["admin"], event=event, reason="ghi nhầm vụ án")
    rows = {org.code: t for org, t in selectors.by_court(users["admin"], START, END)}
    assert rows["TAND-KV1"].annulled["subjective"] == 0


def test_another_court_sees_only_its_own(judged: dict[str, Any], users: dict[str, Any]) -> None:
    codes = {org.code for org, _ in selectors.by_court(users["officer_b"], START, END)}
    assert codes == {"TAND-KV2"}


def test_the_target_has_its_source() -> None:
    target = target_for(2027)  # no row for 2027: the 2026 row applies
    assert target is not None and target.year == 2026 and target.source
    assert target_for(2020) is None


def test_the_page_links_each_number_to_its_list(judged: dict[str, Any], client: Any,
                                                users: dict[str, Any]) -> None:
    client.force_login(users["supervisor"])
    body = client.get(f"{reverse('quality:report')}?{PERIOD}").content.decode()
    assert "Chất lượng xét xử" in body and "25,00%" in body  # Vietnamese decimal comma
    links = re.findall(r'href="(/quality/outcomes/\?[^"]+)">(\d+)</a>', body)
    assert links
    judgments = re.findall(r'href="(/quality/judgments/\?[^"]+)">(\d+)</a>', body)
    assert judgments
    links += judgments
    for url, number in links:
        listed = client.get(url.replace("&amp;", "&")).content.decode()
        assert re.search(rf"<p class=\"muted\">{number} ", listed), (url, number)


def test_returns_by_body_and_ground(make_case: Callable[..., Any], users: dict[str, Any],
                                    client: Any) -> None:
    history: list[tuple[str, dt.date, dict[str, Any]]] = [
        ("case_instituted", D(2026, 1, 5), {}), ("investigation_concluded", D(2026, 3, 2), {}),
        ("returned_for_investigation", D(2026, 3, 20), {"by": "procuracy", "reason": "missing_evidence"})]
    make_case(holder="procuracy", procedure="criminal", category="serious", number="01/2026/HS",
              events=history)
    rows = selectors.returns(users["admin"], START, END)
    assert [(r["organisation"].code, r["by"], r["reason"], r["count"]) for r in rows] == [
        ("VKS-TINH", "procuracy", "missing_evidence", 1)]
    client.force_login(users["supervisor"])
    body = client.get(f"{reverse('quality:report')}?{PERIOD}").content.decode()
    [url] = re.findall(r'href="(/quality/returns/\?[^"]+)">1</a>', body)
    listed = client.get(url.replace("&amp;", "&")).content.decode()
    assert "01/2026/HS" in listed or "<p class=\"muted\">1 " in listed


def test_flagged_cases_are_listed_for_supervisors(make_case: Callable[..., Any],
                                                   users: dict[str, Any], client: Any) -> None:
    case = make_case(number="09/2026/DS-ST")
    services.case_flags_set(actor=users["supervisor"], case=case, wrongful_conviction_signs=True,
                            reason="Đơn kêu oan của bị cáo, báo chí phản ánh")
    client.force_login(users["supervisor"])
    body = client.get(reverse("quality:report")).content.decode()
    assert case.title in body and "Đơn kêu oan của bị cáo, báo chí phản ánh" in body
    assert set(_links(body)) == {"1 vụ việc được đánh dấu", "1 vụ việc còn đang giải quyết"}


def test_figures_as_of_an_instant_ignore_later_entries_and_withdrawals(
        judged: dict[str, Any], users: dict[str, Any], make_case: Callable[..., Any]) -> None:
    from django.utils import timezone

    instant = timezone.now()
    services.case_event_withdraw(actor=users["admin"], reason="ghi nhầm",
                                 event=judged["a1"].events.get(type="appellate_outcome"))
    _judged(make_case, "05/2026/DS-ST", "Lê Văn Cường",
            outcome={"outcome": "annulled", "fault": "subjective"})
    then = {o.code: t for o, t in selectors.by_court(users["admin"], START, END, instant)}["TAND-KV1"]
    now = {o.code: t for o, t in selectors.by_court(users["admin"], START, END)}["TAND-KV1"]
    # As of the instant: a1's annulment still stands, the fifth judgment is not there yet.
    assert (then.judgments, then.annulled["subjective"]) == (4, 1)
    # Now: a1's annulment withdrawn, the fifth judgment annulled.
    assert (now.judgments, now.annulled["subjective"]) == (5, 1)
    assert [o.case_id for o in selectors.outcome_list(users["admin"], START, END, outcome="annulled")] \
        != [judged["a1"].pk]


def _links(body: str, section: str = "flagged") -> dict[str, str]:
    """The report's flagged-cases sentence of `section`: link text -> URL."""
    [sentence] = re.findall(rf'<section class="card" id="{section}">.*?<p>(.*?)</p>', body, re.S)
    return {text: url.replace("&amp;", "&")
            for url, text in re.findall(r'<a href="([^"]+)">([^<]+)</a>', sentence)}


def test_flagged_numbers_link_to_the_followed_list_with_the_reasons(
        make_case: Callable[..., Any], users: dict[str, Any], client: Any) -> None:
    open_case = make_case(number="10/2026/DS-ST", title="Vụ án còn đang giải quyết có dấu hiệu oan")
    closed_case = make_case(number="11/2026/DS-ST", title="Vụ án đã kết thúc có dấu hiệu oan",
                            events=[("accepted", D(2026, 1, 5), {}),
                                    ("closed", D(2026, 2, 1), {"reason": "withdrawn"})])
    make_case(number="12/2026/DS-ST", title="Vụ án không bị đánh dấu")
    for case, reason in ((open_case, "Đơn kêu oan của bị cáo"), (closed_case, "Báo chí phản ánh")):
        services.case_flags_set(actor=users["supervisor"], case=case, wrongful_conviction_signs=True,
                                reason=reason)
    client.force_login(users["supervisor"])
    body = client.get(reverse("quality:report")).content.decode()
    links = _links(body)
    assert set(links) == {"2 vụ việc được đánh dấu", "1 vụ việc còn đang giải quyết"}
    # the list on the report shows why each case was flagged
    assert "Đơn kêu oan của bị cáo" in body and "Báo chí phản ánh" in body
    for text, url in links.items():
        listed = client.get(url).content.decode()
        rows = re.findall(r'<a href="/cases/(\d+)/">', listed)
        assert len(rows) == int(text.split()[0])  # each number is the length of its list
        assert str(open_case.pk) in rows and "Đơn kêu oan của bị cáo" in listed
    assert str(closed_case.pk) not in re.findall(
        r'<a href="/cases/(\d+)/">', client.get(links["1 vụ việc còn đang giải quyết"]).content.decode())


def test_crimes_let_slip_have_their_own_list_whose_numbers_open_it(
        make_case: Callable[..., Any], users: dict[str, Any], client: Any) -> None:
    """Directive point 2 names «oan, sai, bỏ lọt tội phạm»: the cases flagged with signs of
    a crime let slip are listed apart, with the reason, and counted apart from oan, sai."""
    slipped = make_case(number="13/2026/HS-ST", title="Vụ án có dấu hiệu bỏ lọt đồng phạm")
    wrongful = make_case(number="14/2026/HS-ST", title="Vụ án có dấu hiệu oan")
    services.case_flags_set(actor=users["supervisor"], case=slipped, missed_crime_signs=True,
                            reason="Bỏ lọt người đồng phạm")
    services.case_flags_set(actor=users["supervisor"], case=wrongful, wrongful_conviction_signs=True,
                            reason="Đơn kêu oan")
    client.force_login(users["supervisor"])
    body = client.get(reverse("quality:report")).content.decode()
    missed = re.search(r'<section class="card" id="missed">(.*?)</section>', body, re.S)
    assert missed and "Vụ án có dấu hiệu bỏ lọt tội phạm" in missed.group(1)
    assert slipped.title in missed.group(1) and "Bỏ lọt người đồng phạm" in missed.group(1)
    assert wrongful.title not in missed.group(1)
    links = _links(body, "missed")
    assert set(links) == {"1 vụ việc được đánh dấu", "1 vụ việc còn đang giải quyết"}
    for url in links.values():
        assert "flag=missed_crime_signs" in url
        rows = re.findall(r'<a href="/cases/(\d+)/">', client.get(url).content.decode())
        assert rows == [str(slipped.pk)]
