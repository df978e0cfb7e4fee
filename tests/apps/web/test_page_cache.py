"""The dashboard's and the case list's bodies come from the cache (`web.pagecache`, issue
#12.3): never a page of another scope, shared by the users of one scope, and drawn
again after any write to what they show. Outside a transaction (`transaction=True`),
where the cache is used."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congminh.apps.accounts import scope
from congminh.apps.accounts.models import User
from congminh.apps.cases import services
from congminh.apps.cases.models import AgencyNumber, Case
from congminh.apps.web import pagecache

pytestmark = pytest.mark.django_db(transaction=True)

TITLE_A = "Tranh chấp hợp đồng vay tài sản giữa Phạm Văn Ánh và Đỗ Thị Bảy"
TITLE_B = "Tranh chấp thừa kế giữa Hoàng Văn Cường và Vũ Thị Dung"
PAGES = ["web:dashboard", "web:case_list"]


@pytest.fixture
def two_courts(make_case: Any) -> tuple[Any, Any]:
    """A case at each area court: officer_a reads the first only, officer_b the second."""
    return (make_case(holder="court_a", title=TITLE_A, number="11/2026/TLST-DS"),
            make_case(holder="court_b", title=TITLE_B, number="22/2026/TLST-DS"))


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _case_queries(client: Client, url: str) -> tuple[str, int]:
    """The page's HTML and how many of its queries read cases (0: its body was cached)."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), sum('"cases_case"' in q["sql"] for q in ctx.captured_queries)


def _main(html: str) -> str:
    """The page's body (without the frame, which names the user and the user's body)."""
    return html.split('<main class="content">', 1)[1].split("</main>", 1)[0]


def _cards(html: str) -> list[int]:
    """The dashboard's numbers in the order of its cards: in scope, overdue, due soon,
    suspended (then the oversight cards)."""
    return [int(n.replace(".", "")) for n in re.findall(r'<span class="num">([\d.]+)</span>', html)]


@pytest.mark.parametrize("name", PAGES)
def test_two_scopes_same_url_different_pages(name: str, users: dict[str, Any],
                                             two_courts: tuple[Any, Any]) -> None:
    url = reverse(name)
    a, b = _client(users["officer_a"]), _client(users["officer_b"])
    first_a, _n = _case_queries(a, url)
    cached_a, from_db = _case_queries(a, url)
    assert from_db == 0 and _main(cached_a) == _main(first_a)  # officer_a's body is cached now
    page_b, from_db = _case_queries(b, url)
    assert from_db > 0  # not officer_a's cached body
    assert _main(page_b) != _main(cached_a)
    if name == "web:case_list":
        assert TITLE_A in cached_a and TITLE_B not in cached_a
        assert TITLE_B in page_b and TITLE_A not in page_b
    else:
        assert _cards(cached_a)[0] == _cards(page_b)[0] == 1
        # Each body's table names its own court only.
        assert "khu vực 1" in _main(cached_a) and "khu vực 2" not in _main(cached_a)
        assert "khu vực 2" in _main(page_b) and "khu vực 1" not in _main(page_b)
    again_b, from_db = _case_queries(b, url)
    assert from_db == 0 and _main(again_b) == _main(page_b)


def test_a_role_is_a_scope(users: dict[str, Any], two_courts: tuple[Any, Any]) -> None:
    """The viewer and the officer of one court are two scopes (the key has the role)."""
    url = reverse("web:case_list")
    _case_queries(_client(users["officer_a"]), url)
    _html, from_db = _case_queries(_client(users["viewer_a"]), url)
    assert from_db > 0


def test_users_of_one_scope_share_the_body(users: dict[str, Any], orgs: dict[str, Any],
                                           two_courts: tuple[Any, Any]) -> None:
    colleague = User.objects.create_user(username="officer_a2", password="matkhau-an-toan-1",
                                         organisation=orgs["court_a"], role="officer",
                                         first_name="Lan", last_name="Trần")
    url = reverse("web:case_list")
    first, _n = _case_queries(_client(users["officer_a"]), url)
    shared, from_db = _case_queries(_client(colleague), url)
    assert from_db == 0 and TITLE_A in shared
    assert _main(shared) == _main(first)
    assert "csrfmiddlewaretoken" not in _main(shared)  # rendered without any request's token
    # The frame is still the user's own: the name shown is the colleague's.
    assert re.search(r'who-name">[^<]*Lan', shared) and not re.search(r'who-name">[^<]*Lan', first)


@pytest.mark.parametrize("name", PAGES)
def test_a_write_in_the_scope_draws_the_body_again(name: str, users: dict[str, Any],
                                                   make_case: Any, two_courts: tuple[Any, Any]) -> None:
    url = reverse(name)
    a = _client(users["officer_a"])
    _case_queries(a, url)
    _html, from_db = _case_queries(a, url)
    assert from_db == 0
    make_case(holder="court_a", title="Tranh chấp ranh giới đất giữa Lý Văn Em và Mai Thị Gấm",
              number="33/2026/TLST-DS")
    html, from_db = _case_queries(a, url)
    assert from_db > 0
    if name == "web:case_list":
        assert "Lý Văn Em" in html
    else:
        assert _cards(html)[0] == 2
    # A write no signal sees (a raw UPDATE of the stored status) is seen too.
    Case.objects.filter(holder=two_courts[0].holder).update(status="suspended")
    html, from_db = _case_queries(a, url)
    assert from_db > 0
    if name == "web:dashboard":
        assert _cards(html)[3] == 2  # both court_a cases suspended


def test_a_number_given_by_another_body_widens_the_cached_list(users: dict[str, Any],
                                                               orgs: dict[str, Any],
                                                               two_courts: tuple[Any, Any]) -> None:
    """officer_a reads a court_b case once court_a numbers it: the cached list follows."""
    url = reverse("web:case_list")
    a = _client(users["officer_a"])
    html, _n = _case_queries(a, url)
    assert TITLE_B not in html
    services.agency_number_add(actor=None, case=two_courts[1], organisation=orgs["court_a"],
                               number="77/2026/DS")
    html, _n = _case_queries(a, url)
    assert TITLE_B in html


def test_query_string_is_part_of_the_key(users: dict[str, Any], two_courts: tuple[Any, Any]) -> None:
    url = reverse("web:case_list")
    a = _client(users["officer_a"])
    assert TITLE_A in _case_queries(a, url)[0]
    html, from_db = _case_queries(a, url + "?procedure=criminal")
    assert from_db > 0 and TITLE_A not in html


# --- per-scope versions (issue #12, remainder 2): a write in one body's case keeps the
# pages of scopes that cannot read it, and drops those of scopes that can.


def _other_write(case: Any) -> None:
    """A raw UPDATE of the case (no signal), as a clock refresh or an import writes."""
    Case.objects.filter(pk=case.pk).update(status="suspended")


@pytest.mark.parametrize("name", PAGES)
def test_a_write_in_another_bodys_case_keeps_the_cached_body(name: str, users: dict[str, Any],
                                                             two_courts: tuple[Any, Any]) -> None:
    url = reverse(name)
    a, prosecutor = _client(users["officer_a"]), _client(users["prosecutor"])
    for client in (a, prosecutor):
        _case_queries(client, url)
    _other_write(two_courts[1])  # court_b's case: not officer_a's, in the provincial procuracy's
    kept, from_db = _case_queries(a, url)
    assert from_db == 0 and (TITLE_A in kept) == (name == "web:case_list")
    html, from_db = _case_queries(prosecutor, url)
    assert from_db > 0  # the province's Procuracy reads court_b's cases
    if name == "web:dashboard":
        assert _cards(html)[3] == 1  # court_b's case now suspended


def test_a_case_leaving_the_body_draws_its_body_again(users: dict[str, Any], orgs: dict[str, Any],
                                                      two_courts: tuple[Any, Any]) -> None:
    """The old holder's scope moves too: court_a's list no longer shows the case."""
    url = reverse("web:case_list")
    a = _client(users["officer_a"])
    assert TITLE_A in _case_queries(a, url)[0]
    Case.objects.filter(pk=two_courts[0].pk).update(holder=orgs["court_b"])
    AgencyNumber.objects.filter(case=two_courts[0]).update(organisation=orgs["court_b"])
    html, from_db = _case_queries(a, url)
    assert from_db > 0 and TITLE_A not in html


def test_a_succession_draws_the_successors_body_again(users: dict[str, Any], orgs: dict[str, Any],
                                                      two_courts: tuple[Any, Any]) -> None:
    """court_a succeeding court_b reads its cases: a change of bodies moves every scope."""
    url = reverse("web:case_list")
    a = _client(users["officer_a"])
    assert TITLE_B not in _case_queries(a, url)[0]
    orgs["court_a"].predecessors.add(orgs["court_b"])
    html, from_db = _case_queries(a, url)
    assert from_db > 0 and TITLE_B in html


def test_read_bodies_cover_every_readable_case(users: dict[str, Any], orgs: dict[str, Any],
                                               make_case: Any, two_courts: tuple[Any, Any]) -> None:
    """`scope.case_read_bodies` names a body of every case each user reads (else a write to
    that case would not move the user's version): the holder or a numbering body."""
    make_case(holder="police", procedure="criminal", title="Vụ trộm cắp tài sản tại chợ Pleiku",
              number="5/2026/HS", events=[("case_instituted", dt.date(2026, 2, 1), {})],
              category="less_serious")
    services.agency_number_add(actor=None, case=two_courts[1], organisation=orgs["court_a"],
                               number="77/2026/DS")
    for name, user in users.items():
        bodies = scope.case_read_bodies(user)
        readable = scope.readable_cases(user)
        if bodies is None:
            assert scope.is_admin(user)
            continue
        for case in readable.prefetch_related("agency_numbers"):
            touched = {case.holder_id, *(n.organisation_id for n in case.agency_numbers.all())}
            assert touched & set(bodies), (name, case.title)
    assert Case.objects.count() == 3 and scope.readable_cases(users["prosecutor"]).count() == 3


# --- the case page (issue #12.3): its body cached per case, scope and data version.


def _case_page(client: Client, case: Any) -> tuple[str, int]:
    """The case page's HTML and how many queries read the case's events (0: cached)."""
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("web:case_detail", args=[case.pk]))
    assert response.status_code == 200
    return response.content.decode(), sum('"cases_caseevent"' in q["sql"] for q in ctx.captured_queries)


def _token(html: str) -> str:
    """The token of the body's forms (one for all; the frame's logout form has its own)."""
    found = set(re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', _main(html)))
    assert len(found) == 1, found
    return found.pop()


def test_the_case_page_is_cached_and_shows_a_recorded_event_at_once(
        users: dict[str, Any], two_courts: tuple[Any, Any]) -> None:
    """Recorded through the page's own form, with the token the cached body carried
    (CSRF checked as in production)."""
    case = two_courts[0]
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["officer_a"])
    _case_page(client, case)
    html, from_db = _case_page(client, case)
    assert from_db == 0 and "Chờ kết quả giám định" not in html
    response = client.post(reverse("web:case_event_add", args=[case.pk]), {
        "type": "suspended", "date": "10/04/2026", "ground": "Chờ kết quả giám định",
        "csrfmiddlewaretoken": _token(html)})
    assert response.status_code == 302
    html, from_db = _case_page(client, case)
    assert from_db > 0 and "Chờ kết quả giám định" in html and "10/04/2026" in _main(html)


def test_a_cached_case_page_carries_each_requests_token(users: dict[str, Any], orgs: dict[str, Any],
                                                        two_courts: tuple[Any, Any]) -> None:
    colleague = User.objects.create_user(username="officer_a2", password="matkhau-an-toan-1",
                                         organisation=orgs["court_a"], role="officer")
    first, _n = _case_page(_client(users["officer_a"]), two_courts[0])
    shared, from_db = _case_page(_client(colleague), two_courts[0])
    assert from_db == 0  # one scope: the colleague is served officer_a's body
    assert _token(first) != _token(shared)
    assert pagecache.CSRF_MARK not in shared


def test_the_case_page_of_another_scope_is_its_own(users: dict[str, Any], two_courts: tuple[Any, Any]) -> None:
    """The holder's officer may record events; the Internal Affairs supervisor reading the
    same case may set the flags only, and does not see the party's identity number."""
    case = two_courts[0]
    services.party_add(actor=users["admin"], case=case, name="Phạm Văn Ánh", role="plaintiff",
                       id_number="052090001234")
    officer, _n = _case_page(_client(users["officer_a"]), case)
    supervised, from_db = _case_page(_client(users["supervisor"]), case)
    assert from_db > 0
    assert 'id="add-event"' in officer and 'id="add-event"' not in supervised
    assert 'id="flags"' in supervised
    assert "052090001234" in officer and "052090001234" not in supervised


def test_personal_data_is_part_of_the_case_pages_key(users: dict[str, Any], orgs: dict[str, Any],
                                                     two_courts: tuple[Any, Any]) -> None:
    """Two supervisors of one body, one granted `accounts.view_personal_data`: one scope,
    two bodies."""
    from django.contrib.auth.models import Permission

    case = two_courts[0]
    services.party_add(actor=users["admin"], case=case, name="Phạm Văn Ánh", role="plaintiff",
                       id_number="052090001234")
    granted = User.objects.create_user(username="supervisor2", password="matkhau-an-toan-1",
                                       organisation=orgs["internal_affairs"], role="supervisor")
    granted.user_permissions.add(Permission.objects.get(codename="view_personal_data"))
    masked, _n = _case_page(_client(users["supervisor"]), case)
    shown, from_db = _case_page(_client(granted), case)
    assert pagecache.scope_key(granted) == pagecache.scope_key(users["supervisor"])
    assert from_db > 0 and "052090001234" in shown and "052090001234" not in masked


def test_a_rejected_number_claim_leaves_the_cached_case_page(users: dict[str, Any], orgs: dict[str, Any],
                                                             two_courts: tuple[Any, Any]) -> None:
    """Deciding a claim writes no case table (no data version moves): the case page
    follows its audit trail."""
    from congminh.apps.cases import claims
    from congminh.apps.cases.models import NumberClaim

    case = two_courts[0]
    claim = NumberClaim.objects.create(case=case, organisation=orgs["procuracy"], number="VKS 5/2026",
                                       number_key="vks 5/2026", claimed_by=orgs["court_a"])
    client = _client(users["officer_a"])
    assert "VKS 5/2026" in _case_page(client, case)[0]
    prosecutor = User.objects.get(username="prosecutor")
    claims.claim_reject(actor=prosecutor, claim=claim)
    html, _n = _case_page(client, case)
    assert 'id="claims"' not in html


def test_a_write_to_another_bodys_case_keeps_the_case_page(users: dict[str, Any],
                                                           two_courts: tuple[Any, Any]) -> None:
    client = _client(users["prosecutor"])
    _case_page(client, two_courts[0])
    _other_write(two_courts[1])
    _html, from_db = _case_page(client, two_courts[0])
    assert from_db == 0
    _other_write(two_courts[0])  # a raw UPDATE of this case: no signal, no audit entry
    html, from_db = _case_page(client, two_courts[0])
    assert from_db > 0 and 'class="badge suspended"' in html
