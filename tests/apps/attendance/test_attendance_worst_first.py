"""The summons list opens worst first, as the other oversight lists do
(`listing.urgency_rank`): the committee's failures (absent, represented by someone who is
not a lawful representative, written opinion past due and not filed), then what is still
awaited by the soonest day, then what is done."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.urls import reverse
from rest_framework.test import APIClient

from congminh.apps.attendance import selectors, services

TODAY = dt.date(2026, 6, 1)
D = dt.date


def _cast(admin_case: Any, committee: Any) -> dict[str, Any]:
    def make(kind: str, date: dt.date, opinion_due: dt.date | None = None) -> Any:
        return services.summons_create(actor=None, case=admin_case, kind=kind, date=date,
                                       committee=committee, opinion_due=opinion_due)

    def record(summons: Any, presence: str, **fields: Any) -> None:
        services.attendance_record(actor=None, summons=summons, presence=presence, today=TODAY, **fields)

    s = {
        # done: the chair came, the opinion was filed on time
        "done": make("evidence_meeting", D(2026, 3, 20), D(2026, 3, 15)),
        # done: the chair came, no opinion asked (the oldest session of all)
        "done_old": make("dialogue", D(2026, 3, 5)),
        # failed: the opinion is past due and not filed, though the chair came
        "opinion_missing": make("dialogue", D(2026, 5, 20), D(2026, 5, 10)),
        # failed: absent without a reason
        "absent": make("hearing", D(2026, 5, 25)),
        # failed: someone else came (not a lawful representative)
        "other": make("dialogue", D(2026, 4, 2)),
        # awaited: a session to come, its opinion due before it
        "coming": make("hearing", D(2026, 6, 20), D(2026, 6, 10)),
        # awaited: a session sooner than that one
        "coming_sooner": make("dialogue", D(2026, 6, 5)),
        # awaited: held, not yet recorded
        "unrecorded": make("hearing", D(2026, 5, 28)),
    }
    record(s["done"], "chair", opinion_filed_on=D(2026, 3, 14))
    record(s["done_old"], "chair")
    record(s["opinion_missing"], "chair")
    record(s["absent"], "absent_without_reason")
    record(s["other"], "other", attendee_name="Chuyên viên phòng Tài nguyên")
    return s


WORST_FIRST = ["other", "opinion_missing", "absent",            # failures, by their day
               "unrecorded", "coming_sooner", "coming",         # awaited, soonest first
               "done_old", "done"]                              # done


def test_the_list_opens_worst_first(cast: dict[str, Any], admin_case: Any,
                                    committees: dict[str, Any]) -> None:
    s = _cast(admin_case, committees["sued"])
    names = {v.pk: k for k, v in s.items()}
    rows = selectors.summons_list(user=cast["officer_a"], today=TODAY)
    assert [names[r.pk] for r in rows] == WORST_FIRST
    # "-state" turns it round, done first
    rows = selectors.summons_list(user=cast["officer_a"], today=TODAY,
                                  filters=selectors.SummonsFilters(sort="-state"))
    assert [names[r.pk] for r in rows] == WORST_FIRST[::-1]
    # a session attended lawfully whose opinion is not yet due waits on the opinion: it
    # sorts by the opinion's due day (25/06), not by the session's (30/05)
    s["waits_opinion"] = services.summons_create(
        actor=None, case=admin_case, kind="hearing", date=D(2026, 5, 30), committee=committees["sued"],
        opinion_due=D(2026, 6, 25))
    services.attendance_record(actor=None, summons=s["waits_opinion"], presence="vice_chair",
                               authorisation_number="12/GUQ", authorisation_date=D(2026, 5, 29),
                               today=TODAY)
    names = {v.pk: k for k, v in s.items()}
    rows = selectors.summons_list(user=cast["officer_a"], today=TODAY)
    assert [names[r.pk] for r in rows] == [
        "other", "opinion_missing", "absent", "unrecorded", "coming_sooner", "coming",
        "waits_opinion", "done_old", "done"]


def test_the_page_and_the_api_open_worst_first(cast: dict[str, Any], admin_case: Any,
                                               committees: dict[str, Any]) -> None:
    """The page and the API sort as the selector does by default (their today is the real
    one, later than every session here: the sessions "to come" are held and unrecorded)."""
    s = _cast(admin_case, committees["sued"])
    client = APIClient()
    client.force_login(cast["officer_a"])
    page = client.get(reverse("attendance:list"))
    order = [int(x) for x in re.findall(r'href="/attendance/(\d+)/"', page.text)]
    api = client.get(reverse("attendance-api:list")).json()
    assert [r["id"] for r in api["results"]] == order
    failed = {s[k].pk for k in ("other", "opinion_missing", "absent")}
    assert set(order[:3]) == failed and order[-2:] == [s["done_old"].pk, s["done"].pk]
    assert 'sort=-state' in page.text  # the Attendance heading sorts by it, the other way round
