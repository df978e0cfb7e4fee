"""A new summons on a case offers the committee its last summons named: the committee
sued is summoned to each session (found walking the workflow in the browser: the clerk had
to find it again in a list of every commune)."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse


def test_the_next_summons_offers_the_committee_sued(summons: Any, admin_case: Any, make_case: Any,
                                                    committees: dict[str, Any], users: dict[str, Any]) -> None:
    client = Client()
    client.force_login(users["officer_a"])
    page = client.get(reverse("attendance:create", args=[admin_case.pk]))
    assert page.context["form"]["committee"].value() == committees["sued"].pk
    other = make_case(procedure="administrative", case_kind="ordinary", number="02/2026/TLST-HC",
                      title="Khiếu kiện quyết định xử phạt")
    first = client.get(reverse("attendance:create", args=[other.pk]))
    assert first.context["form"]["committee"].value() is None  # no summons yet: nothing to guess
