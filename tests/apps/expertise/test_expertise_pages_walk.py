"""What the walk through the expertise workflow in the browser found: the trail of a new
request names only who was asked (no «— → —» line for the expert not named), the asking
body's next step after a refusal, and the cards above the list counting the list as
filtered (by field here), each linking to it."""

from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from congminh.apps.audit.models import AuditEntry
from congminh.apps.expertise import services

pytestmark = pytest.mark.django_db
CARD = re.compile(r'href="/expertise/\?([^"]*)"><span class="label">([^<]+)</span><span class="num">(\d+)')


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_trail_of_a_new_request_has_no_empty_line(finance_request: Any) -> None:
    fields = set(AuditEntry.objects.filter(object_type="expertise.expertiserequest",
                                           object_id=str(finance_request.pk)).values_list("field", flat=True))
    assert "organisation" in fields and "expert" not in fields


def test_after_a_refusal_the_asking_body_may_ask_another(cast: dict[str, Any], finance_request: Any) -> None:
    sent = services.expertise_request_send(actor=cast["investigator"], request=finance_request,
                                           received_on=dt.date(2026, 3, 10))
    page = reverse("expertise:detail", args=[sent.pk])
    again = f'href="{reverse("expertise:create", args=[sent.case_id])}"'
    assert again not in _client(cast["investigator"]).get(page).content.decode()  # still open
    services.expertise_request_refuse(actor=cast["finance"], request=sent, date=dt.date(2026, 3, 12),
                                      reason="no_expert")
    asking = _client(cast["investigator"]).get(page).content.decode()
    assert again in asking and "Trưng cầu cơ quan hoặc người giám định khác" in asking
    assert again not in _client(cast["finance"]).get(page).content.decode()  # the refusing body


def test_the_cards_count_the_list_filtered_by_field(cast: dict[str, Any], finance_request: Any,
                                                    forensic_request: Any) -> None:
    client = _client(cast["supervisor"])
    field = finance_request.field_id
    page = client.get(reverse("expertise:list"), {"field": str(field), "sort": "ref"}).content.decode()
    cards = {label: (html.unescape(query), int(n)) for query, label, n in CARD.findall(page)}
    assert cards["Yêu cầu"] == (f"field={field}&sort=ref", 1)  # not 2: the forensic one is filtered out
    for query, n in cards.values():
        listed = client.get(reverse("expertise:list") + "?" + query)
        assert listed.context["page"].paginator.count == n, query
