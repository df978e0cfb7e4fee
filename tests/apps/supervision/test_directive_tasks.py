"""Item 4: the People's Council, the Fatherland Front and a district Party committee act
through supervisor accounts; they report progress on the directive tasks assigned to their
own body (before, only officers could, so these tasks stayed overdue). Their viewers still
only read, and a supervisor cannot report for another body's task."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from congminh.apps.audit.models import AuditEntry
from congminh.apps.directives import selectors, services
from congminh.apps.directives.models import Directive, IncomingDocument, Obligation, Task


@pytest.fixture
def tasks(sup_orgs: dict[str, Any], cast: dict[str, Any]) -> dict[str, Obligation]:
    from congminh.apps.organisations.models import Organisation

    district = Organisation.objects.create(code="HU-ANNHON", name="Thị ủy An Nhơn", kind="party_committee",
                                           level="district", province_code="52")
    document = IncomingDocument.objects.create(
        receiving_body=sup_orgs["internal_affairs"], year=2026, incoming_number=1,
        received_on=dt.date(2026, 1, 5), state="confirmed")
    directive = Directive.objects.create(
        document=document, receiving_body=sup_orgs["internal_affairs"], issuer="Tỉnh ủy Gia Lai", number_symbol="05-CT/TU",
        subject="Về tăng cường lãnh đạo hoạt động tư pháp", confirmed_on=dt.date(2026, 1, 5),
        horizon=dt.date(2026, 12, 31))
    task = Task.objects.create(directive=directive, text="Giám sát hoạt động tư pháp", ref="5")
    out = {name: Obligation.objects.create(task=task, organisation=org, due=dt.date(2026, 6, 30))
           for name, org in (("council", sup_orgs["council"]), ("front", sup_orgs["front"]),
                             ("district", district), ("court", sup_orgs["court_a"]))}
    out["district_user"] = cast["admin"].__class__.objects.create_user(  # type: ignore[assignment]
        username="thiuy", organisation=district, role="supervisor")
    return out


@pytest.mark.parametrize(("who", "task"), [("hdnd", "council"), ("mttq", "front"),
                                           ("district_user", "district")])
def test_supervisor_reports_own_body_task(client: Any, cast: dict[str, Any], tasks: dict[str, Any],
                                          who: str, task: str) -> None:
    user = tasks[who] if who == "district_user" else cast[who]
    ob = tasks[task]
    url = reverse("directives:obligation", args=[ob.pk])
    client.force_login(user)
    with time_machine.travel(dt.datetime(2026, 7, 3, 9, tzinfo=dt.UTC), tick=False):
        page = client.get(url).content.decode()
        assert 'name="percent"' in page  # the progress form is offered
        response = client.post(url, {"text": "Đã tổ chức giám sát, có báo cáo kết quả",
                                     "percent": "100", "done": "on"})
    assert response.status_code == 302
    ob.refresh_from_db()
    assert (ob.percent, ob.done_on) == (100, dt.date(2026, 7, 3))
    status = AuditEntry.objects.get(action="progress", object_id=str(ob.pk), field="status")
    assert (status.old_value, status.new_value, status.actor) == ("overdue", "done_late", user)


def test_others_still_cannot_report(cast: dict[str, Any], tasks: dict[str, Any]) -> None:
    for who, task in (("hdnd_viewer", "council"), ("mttq", "council"), ("hdnd", "front"),
                      ("noichinh", "council"), ("hdnd", "court")):
        with pytest.raises(PermissionDenied):
            services.obligation_report_progress(actor=cast[who], obligation=tasks[task], text="x", percent=5)
    assert selectors.obligation_can_report(cast["officer_a"], tasks["court"])  # officers as before
    assert not selectors.obligation_can_report(cast["viewer_a"], tasks["court"])
