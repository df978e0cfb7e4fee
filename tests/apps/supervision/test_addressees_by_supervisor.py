"""Whom a recommendation may be addressed to depends on who supervises: a People's Council
supervises state bodies only (Luật Hoạt động giám sát của Quốc hội và HĐND 2015), the
Fatherland Front also Party organisations (Quyết định 217-QĐ/TW); neither addresses a
supervising body. One rule (`supervision.models.addressable`) for the model, the plan
page's choices and «Gửi đến cơ quan tôi»."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from congminh.apps.supervision import services
from congminh.apps.supervision.models import may_be_addressed

D = dt.date


def _get(client: Any, url: str) -> str:
    """The page (what these pages offer does not depend on the day)."""
    response = client.get(url)
    assert response.status_code == 200
    return str(response.content.decode())


def _choices(page: str) -> str:
    [select] = re.findall(r'<select name="r-addressee".*?</select>', page, re.S)
    return str(select)


@pytest.mark.parametrize(("supervisor", "kind", "allowed"), [
    ("peoples_council", "court", True),
    ("peoples_council", "peoples_committee", True),
    ("peoples_council", "internal_affairs", False),   # a Party body: not the Council's
    ("peoples_council", "party_committee", False),
    ("peoples_council", "fatherland_front", False),
    ("fatherland_front", "court", True),
    ("fatherland_front", "internal_affairs", True),   # QĐ 217-QĐ/TW: tổ chức đảng
    ("fatherland_front", "party_committee", True),
    ("fatherland_front", "peoples_council", False),
    (None, "internal_affairs", True),                  # some supervisor may address it
    (None, "peoples_council", False),
])
def test_the_rule_row_by_row(supervisor: str | None, kind: str, allowed: bool) -> None:
    class Body:
        pass

    body = Body()
    body.kind = kind  # type: ignore[attr-defined]
    assert may_be_addressed(body, supervisor) is allowed


def test_a_council_may_not_address_a_party_body(cast: dict[str, Any], plans: dict[str, Any],
                                                sup_orgs: dict[str, Any]) -> None:
    with pytest.raises(ValidationError) as refused:
        services.recommendation_issue(actor=cast["hdnd"], plan=plans["hd"],
                                      addressee=sup_orgs["internal_affairs"],
                                      content="Kiến nghị gửi Ban Nội chính", issued_on=D(2026, 6, 1))
    assert refused.value.message_dict["addressee"] == [
        "HĐND giám sát cơ quan nhà nước: không gửi kiến nghị đến tổ chức đảng."]
    front = services.recommendation_issue(actor=cast["mttq"], plan=plans["mt"],
                                          addressee=sup_orgs["internal_affairs"],
                                          content="Kiến nghị gửi Ban Nội chính", issued_on=D(2026, 6, 12))
    assert front.addressee == sup_orgs["internal_affairs"]


def test_the_plan_pages_offer_what_each_supervisor_may_address(
        client: Any, cast: dict[str, Any], plans: dict[str, Any], sup_orgs: dict[str, Any]) -> None:
    party = f'value="{sup_orgs["internal_affairs"].pk}"'
    court = f'value="{sup_orgs["court_a"].pk}"'
    client.force_login(cast["hdnd"])
    council = _choices(_get(client, reverse("supervision:plan", args=[plans["hd"].pk])))
    assert court in council and party not in council
    client.force_login(cast["mttq"])
    front = _choices(_get(client, reverse("supervision:plan", args=[plans["mt"].pk])))
    assert court in front and party in front
    assert f'value="{sup_orgs["council"].pk}"' not in front


def test_a_party_body_sees_what_is_addressed_to_it(
        client: Any, cast: dict[str, Any], plans: dict[str, Any], sup_orgs: dict[str, Any]) -> None:
    rec = services.recommendation_issue(actor=cast["mttq"], plan=plans["mt"],
                                        addressee=sup_orgs["internal_affairs"],
                                        content="Kiến nghị gửi Ban Nội chính", issued_on=D(2026, 6, 12))
    client.force_login(cast["noichinh"])
    page = _get(client, reverse("supervision:recommendations"))
    mine = re.search(r'<a href="\?(addressee=\d+)">Gửi đến cơ quan tôi</a>', page)
    assert mine and mine.group(1) == f"addressee={sup_orgs['internal_affairs'].pk}"
    listed = _get(client, reverse("supervision:recommendations") + "?" + mine.group(1))
    assert reverse("supervision:recommendation", args=[rec.pk]) in listed
