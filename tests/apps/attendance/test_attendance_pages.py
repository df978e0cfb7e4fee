"""The screens beyond scope: creating a summons from the case, filtering and sorting the
list, and the rates over the API."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from django.test import Client
from django.urls import reverse
from rest_framework.test import APIClient

from congminh.apps.attendance import services
from congminh.apps.attendance.models import Summons
from congminh.apps.audit.models import AuditEntry

TODAY = dt.date(2026, 6, 1)


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_court_creates_a_summons_from_the_case(cast: dict[str, Any], admin_case: Any,
                                                   committees: dict[str, Any], orgs: dict[str, Any]) -> None:
    client = client_for(cast["officer_a"])
    url = reverse("attendance:create", args=[admin_case.pk])
    form = client.get(url)
    # Only People's Committees are offered; the court and Procuracy are not.
    assert "Ủy ban nhân dân xã Bình An" in form.text and orgs["procuracy"].name not in form.text
    bad = client.post(url, {"kind": "hearing", "date": "20/06/2026", "committee": committees["sued"].pk,
                            "opinion_due": "01/01/2026"})
    assert bad.status_code == 400 and not Summons.objects.exists()
    assert "Hạn gửi văn bản ý kiến không thể trước ngày thụ lý vụ án." in bad.text
    ok = client.post(url, {"kind": "hearing", "date": "20/06/2026", "committee": committees["sued"].pk,
                           "opinion_due": "10/06/2026", "note": "Mở phiên lần thứ nhất"})
    summons = Summons.objects.get()
    assert ok.status_code == 302 and ok["Location"] == reverse("attendance:detail", args=[summons.pk])
    assert (summons.date, summons.opinion_due, summons.created_by) == (
        dt.date(2026, 6, 20), dt.date(2026, 6, 10), cast["officer_a"])
    assert AuditEntry.objects.filter(action="attendance:summons:create", actor=cast["officer_a"],
                                     case_id=admin_case.pk).exists()


def test_summons_pages_carry_the_sub_menu(cast: dict[str, Any], admin_case: Any, summons: Any) -> None:
    """The summons page and the new-summons form have the sub-menu of the other attendance
    pages (the summons list, the absence rates; the import for a body that may import)."""
    nav = '<nav class="subnav"'
    rates = f'href="{reverse("attendance:rates")}"'
    imports = f'href="{reverse("attendance:import")}"'
    court = client_for(cast["officer_a"])
    for url in (reverse("attendance:detail", args=[summons.pk]),
                reverse("attendance:create", args=[admin_case.pk])):
        text = court.get(url).text
        assert nav in text and rates in text and f'href="{reverse("attendance:list")}"' in text, url
        assert imports in text, url
    text = client_for(cast["sued_committee"]).get(reverse("attendance:detail", args=[summons.pk])).text
    assert nav in text and rates in text and imports not in text


def _listed(page: Any) -> list[str]:
    return re.findall(r'href="/attendance/(\d+)/"', page.text)


def test_list_filters_and_sorts(cast: dict[str, Any], admin_case: Any, committees: dict[str, Any]) -> None:
    make = services.summons_create
    a = make(actor=None, case=admin_case, kind="dialogue", date=dt.date(2026, 4, 15),
             committee=committees["sued"])
    b = make(actor=None, case=admin_case, kind="hearing", date=dt.date(2026, 3, 10),
             committee=committees["sued"])
    c = make(actor=None, case=admin_case, kind="hearing", date=dt.date(2026, 5, 5),
             committee=committees["other"])
    services.attendance_record(actor=None, summons=a, presence="absent_with_reason",
                               absence_reason="Ốm", today=TODAY)
    services.attendance_record(actor=None, summons=c, presence="other", today=TODAY)
    client = client_for(cast["officer_a"])
    url = reverse("attendance:list")
    # Worst first, like the other oversight lists (it used to open newest first, which
    # buried an old absence under later sessions): the committee's failures (a absent,
    # c represented by someone not lawful) by their day, then what is still awaited (b:
    # held, attendance not recorded).
    assert _listed(client.get(url)) == [str(a.pk), str(c.pk), str(b.pk)]
    assert _listed(client.get(url, {"sort": "-date"})) == [str(c.pk), str(a.pk), str(b.pk)]
    assert _listed(client.get(url, {"sort": "date"})) == [str(b.pk), str(a.pk), str(c.pk)]
    assert _listed(client.get(url, {"kind": "hearing"})) == [str(c.pk), str(b.pk)]
    assert _listed(client.get(url, {"presence": "absent"})) == [str(a.pk)]
    assert _listed(client.get(url, {"presence": "not_lawful"})) == [str(a.pk), str(c.pk)]
    assert _listed(client.get(url, {"presence": "not_recorded"})) == [str(b.pk)]
    assert _listed(client.get(url, {"committee": committees["other"].pk})) == [str(c.pk)]
    q1 = "2026-01-01:2026-03-31"
    assert _listed(client.get(url, {"quarter": q1})) == [str(b.pk)]
    assert _listed(client.get(url, {"date_from": "01/04/2026", "date_to": "30/04/2026"})) == [str(a.pk)]
    # An invalid filter is reported and ignored, the others still apply.
    page = client.get(url, {"date_from": "31/02/2026", "kind": "dialogue"})
    assert page.status_code == 200 and _listed(page) == [str(a.pk)]


def test_rates_api(cast: dict[str, Any], admin_case: Any, committees: dict[str, Any]) -> None:
    s = services.summons_create(actor=None, case=admin_case, kind="dialogue", date=dt.date(2026, 4, 15),
                                committee=committees["sued"])
    services.attendance_record(actor=None, summons=s, presence="absent_without_reason", today=TODAY)
    api = APIClient()
    api.force_authenticate(cast["supervisor"])
    body = api.get(reverse("attendance-api:rates")).json()
    assert [(r["name"], r["held"], r["absent"], r["absence_rate"]) for r in body["by_committee"]] == [
        ("Ủy ban nhân dân xã Bình An", 1, 1, 100.0)]
    assert [(r["name"], r["held"]) for r in body["by_quarter"]] == [("Q2/2026", 1)]
    api.force_authenticate(cast["other_committee"])
    assert api.get(reverse("attendance-api:rates")).json()["by_committee"] == []
