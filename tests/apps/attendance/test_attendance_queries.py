"""The summons list and the absence rates run a fixed number of SQL queries however many
committees and summonses they count (issue #12.3): the rates are grouped by the database
(per committee, per month), not tallied from every summons."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congminh.apps.attendance import services
from congminh.apps.attendance.selectors import absence_by_committee, absence_by_period
from congminh.apps.organisations.models import Organisation

PAGES = [("attendance:list", {}), ("attendance:list", {"presence": "absent"}),
         ("attendance:list", {"sort": "-committee", "opinion": "late"}),
         ("attendance:rates", {}), ("attendance:rates", {"kind": "hearing"})]
PRESENCES = ("chair", "absent_without_reason", "other", "")


def _summon(case: Any, committee: Any, day: dt.date, presence: str) -> None:
    summons = services.summons_create(actor=None, case=case, kind="dialogue", date=day,
                                      committee=committee, opinion_due=None)
    if presence:
        extra = {"attendee_name": "Công chức địa chính"} if presence == "other" else {}
        services.attendance_record(actor=None, summons=summons, today=day, presence=presence, **extra)


def _counts(client: Client) -> dict[str, int]:
    out = {}
    for name, params in PAGES:
        client.get(reverse(name), params)  # warm: session, translations
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(reverse(name), params).status_code == 200
        out[f"{name} {params}"] = len(ctx.captured_queries)
    return out


def test_queries_do_not_grow_with_committees_or_summonses(admin_case: Any, committees: dict[str, Any],
                                                          cast: dict[str, Any], client: Client) -> None:
    _summon(admin_case, committees["sued"], dt.date(2026, 1, 10), "chair")
    _summon(admin_case, committees["sued"], dt.date(2026, 2, 10), "absent_without_reason")
    client.force_login(cast["supervisor"])
    few = _counts(client)
    more = [Organisation.objects.create(code=f"UBND-Y{i}", name=f"Ủy ban nhân dân xã Số {i}",
                                        kind="peoples_committee", level="commune",
                                        province_code="52", valid_from=dt.date(2025, 7, 1))
            for i in range(6)]
    for i in range(36):  # six more committees, a summons a week over eight months
        _summon(admin_case, more[i % 6], dt.date(2026, 1, 5) + dt.timedelta(weeks=i), PRESENCES[i % 4])
    assert _counts(client) == few
    # Grouped by the database, counted by hand. Committee 0 has i = 0, 6, 12, 18, 24, 30:
    # i % 4 = 0, 2, 0, 2, 0, 2 -> chair, someone else (x3 each): 6 recorded, none absent,
    # 3 of 6 not lawful. Committee 1 has i = 1, 7, 13, ...: i % 4 = 1, 3, ... -> absent,
    # not recorded (x3 each): 3 recorded, all absent.
    rows = {t.label: t for t in absence_by_committee(user=cast["supervisor"], today=dt.date(2026, 12, 1))}
    zero, one = rows["Ủy ban nhân dân xã Số 0"], rows["Ủy ban nhân dân xã Số 1"]
    assert (zero.held, zero.recorded, zero.absent, zero.absence_rate, zero.unlawful_rate) == (6, 6, 0, 0.0, 50.0)
    assert (one.held, one.recorded, one.absent, one.not_recorded, one.absence_rate) == (6, 3, 3, 3, 100.0)
    quarters = absence_by_period(user=cast["supervisor"], today=dt.date(2026, 12, 1))
    assert sum(t.held for t in quarters) == 38
    # Q1 2026: 10 Jan, 10 Feb, and weeks 0..12 from 5 Jan (5 Jan .. 30 Mar) = 2 + 13.
    assert [(t.label, t.held) for t in quarters][-1][1] == 15


@pytest.mark.django_db(transaction=True)
def test_cached_rates_follow_a_new_summons_and_a_record(admin_case: Any, committees: dict[str, Any],
                                                       cast: dict[str, Any], client: Client) -> None:
    """Outside a transaction the rates come from the cache; a summons or an attendance
    record moves the data version, so the next page counts again."""
    _summon(admin_case, committees["sued"], dt.date(2026, 1, 10), "chair")
    client.force_login(cast["supervisor"])

    def sued() -> tuple[int, int, int]:
        rows = client.get(reverse("attendance:rates")).context["committee_rows"]
        [tally] = [t for t, _query in rows if t.label == "Ủy ban nhân dân xã Bình An"]
        return tally.held, tally.recorded, tally.absent

    assert sued() == (1, 1, 0)
    with CaptureQueriesContext(connection) as cached:
        assert sued() == (1, 1, 0)
    assert not [q for q in cached.captured_queries if "COUNT" in q["sql"] and "attendance_summons" in q["sql"]]
    summons = services.summons_create(actor=None, case=admin_case, kind="hearing", date=dt.date(2026, 2, 3),
                                      committee=committees["sued"], opinion_due=None)
    assert sued() == (2, 1, 0)
    services.attendance_record(actor=None, summons=summons, today=dt.date(2026, 2, 3),
                               presence="absent_without_reason")
    assert sued() == (2, 2, 1)
