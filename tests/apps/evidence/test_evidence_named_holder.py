"""On the case page, a workflow's clock names the body that must act (the commune asked for
evidence), linked to the request, not only the role the rule names."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from congminh.apps.evidence import services
from congminh.apps.obligations.models import CaseObligation

pytestmark = pytest.mark.django_db


def test_the_case_page_names_the_body_asked(civil_case: Any, eorgs: dict[str, Any], cast: dict[str, Any],
                                            django_capture_on_commit_callbacks: Any) -> None:
    with time_machine.travel(dt.datetime(2026, 4, 20, 9, tzinfo=dt.UTC), tick=False):
        with django_capture_on_commit_callbacks(execute=True):
            req = services.evidence_request_send(
                actor=cast["officer_a"], case=civil_case, ref="45/CV-TA", documents="Hồ sơ địa chính.",
                sent_on=dt.date(2026, 4, 10), organisation=eorgs["committee_a"])
        assert CaseObligation.objects.filter(case=civil_case, subject="45/CV-TA").exists()
        client = Client()
        client.force_login(cast["officer_a"])
        page = client.get(f"/cases/{civil_case.pk}/").content.decode()
    [clocks] = [part for part in page.split('id="clocks"')[1:2]]
    table = clocks.split("</table>")[0]
    link = f'<a href="{reverse("evidence:detail", args=[req.pk])}">Ủy ban nhân dân xã Ia Grai</a>'
    assert link in table
    # the court's own clock keeps the role's name
    assert "Tòa án" in table
