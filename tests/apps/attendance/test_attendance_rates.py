"""Absence rates per People's Committee and per quarter, hand-counted, and the links from
each number to the summonses behind it."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from congminh.apps.attendance import services
from congminh.apps.attendance.selectors import absence_by_committee, absence_by_period

TODAY = dt.date(2026, 6, 1)
D = dt.date


@pytest.fixture
def sessions(make_case: Any, committees: dict[str, Any]) -> dict[str, Any]:
    """Bình An (sued): S1 chair (opinion late), S2 absent without reason (opinion never
    filed), S3 authorised vice-chair, S4 absent with reason, S5 held but not recorded
    (opinion never filed), S6 not yet held. Tây Sơn (other): T1 someone else, T2 chair."""
    case = make_case(procedure="administrative", case_kind="ordinary", number="05/2025/TLST-HC",
                     title="Khiếu kiện quyết định cưỡng chế", events=[("accepted", D(2025, 12, 1), {})])
    sued, other = committees["sued"], committees["other"]
    plan = {
        "S1": (sued, D(2026, 1, 10), D(2026, 1, 5), dict(presence="chair", opinion_filed_on=D(2026, 1, 8))),
        "S2": (sued, D(2026, 2, 10), D(2026, 2, 1), dict(presence="absent_without_reason")),
        "S3": (sued, D(2026, 4, 15), None, dict(presence="vice_chair", authorisation_number="7/GUQ",
                                                authorisation_date=D(2026, 4, 1))),
        "S4": (sued, D(2026, 5, 1), None, dict(presence="absent_with_reason", absence_reason="Ốm")),
        "S5": (sued, D(2026, 5, 20), D(2026, 5, 10), None),
        "S6": (sued, D(2026, 7, 1), None, None),
        "T1": (other, D(2026, 2, 1), None, dict(presence="other", attendee_name="Công chức địa chính")),
        "T2": (other, D(2026, 4, 20), None, dict(presence="chair")),
    }
    out = {}
    for key, (committee, day, due, record) in plan.items():
        s = services.summons_create(actor=None, case=case, kind="dialogue", date=day,
                                    committee=committee, opinion_due=due)
        if record:
            services.attendance_record(actor=None, summons=s, today=TODAY, **record)
        out[key] = s
    return out


def test_rates_per_committee(cast: dict[str, Any], sessions: dict[str, Any],
                             committees: dict[str, Any]) -> None:
    rows = {t.label: t for t in absence_by_committee(user=cast["supervisor"], today=TODAY)}
    sued, other = rows["Ủy ban nhân dân xã Bình An"], rows["Ủy ban nhân dân xã Tây Sơn"]
    # Bình An: 5 held (S6 is after today), 4 recorded, 2 absent -> 50 %; nobody unlawful.
    assert (sued.held, sued.recorded, sued.absent, sued.not_recorded) == (5, 4, 2, 1)
    assert (sued.absence_rate, sued.unlawful_rate) == (50.0, 50.0)
    assert (sued.opinion_late, sued.opinion_missing) == (1, 2)
    # Tây Sơn: 2 held, both recorded, no absence, 1 of 2 not a lawful representative.
    assert (other.held, other.absent, other.absence_rate, other.unlawful_rate) == (2, 0, 0.0, 50.0)
    # Sorted by absence rate, highest first.
    assert [t.label for t in absence_by_committee(user=cast["supervisor"], today=TODAY)] == [
        "Ủy ban nhân dân xã Bình An", "Ủy ban nhân dân xã Tây Sơn"]


def test_rates_per_quarter(cast: dict[str, Any], sessions: dict[str, Any]) -> None:
    rows = absence_by_period(user=cast["supervisor"], today=TODAY)
    assert [t.label for t in rows] == ["Q2/2026", "Q1/2026"]
    q2, q1 = rows
    # Q2: S3, S4, S5, T2 held; S5 unrecorded; S4 absent -> 1/3.
    assert (q2.held, q2.recorded, q2.absent, q2.absence_rate) == (4, 3, 1, 33.3)
    assert (q2.date_from, q2.date_to) == (D(2026, 4, 1), D(2026, 6, 30))
    # Q1: S1, S2, T1 all recorded; S2 absent -> 1/3.
    assert (q1.held, q1.recorded, q1.absent, q1.absence_rate) == (3, 3, 1, 33.3)


def test_a_committee_counts_only_its_own_sessions(cast: dict[str, Any], sessions: dict[str, Any]) -> None:
    rows = absence_by_committee(user=cast["other_committee"], today=TODAY)
    assert [(t.label, t.held) for t in rows] == [("Ủy ban nhân dân xã Tây Sơn", 2)]


def _ids_listed(client: Client, href: str) -> set[str]:
    page = client.get(href.replace("&amp;", "&"))
    assert page.status_code == 200
    return set(re.findall(r'href="/attendance/(\d+)/"', page.text))


def test_each_number_links_to_the_summonses_behind_it(cast: dict[str, Any],
                                                      sessions: dict[str, Any]) -> None:
    client = Client()
    client.force_login(cast["supervisor"])
    with time_machine.travel(dt.datetime(2026, 6, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        page = client.get(reverse("attendance:rates"))
        assert page.status_code == 200
        links = re.findall(r'<a href="(/attendance/\?[^"]+)">([^<]+)</a>', page.text)
        committee_id = sessions["S1"].committee_id
        absent = [h for h, text in links if f"committee={committee_id}" in h and "presence=absent&" in h + "&"]
        assert absent and _ids_listed(client, absent[0]) == {str(sessions["S2"].pk), str(sessions["S4"].pk)}
        held = [h for h, text in links if f"committee={committee_id}" in h and "presence" not in h
                and "opinion" not in h]
        assert _ids_listed(client, held[0]) == {str(sessions[k].pk) for k in ("S1", "S2", "S3", "S4", "S5")}
        late = [h for h, text in links if f"committee={committee_id}" in h and "opinion=late" in h]
        assert _ids_listed(client, late[0]) == {str(sessions["S1"].pk)}
