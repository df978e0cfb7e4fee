"""A supervision flag set through the API, at creation or by an edit, carries its reason
into the audit trail where «Vụ việc tôi theo dõi» reads it (`flag_reasons`)."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from rest_framework.test import APIClient

from congminh.apps.audit.models import AuditEntry
from congminh.apps.cases.models import Case
from congminh.apps.supervision.selectors import flag_reasons

pytestmark = pytest.mark.django_db
REASON = "Đơn kêu oan của gia đình bị can"


def _api(user: Any) -> APIClient:
    client = APIClient()
    client.force_authenticate(user)
    return client


def test_a_case_created_flagged_needs_and_keeps_its_reason(users: dict[str, Any]) -> None:
    url = reverse("cases-api:list")
    body = {"procedure": "criminal", "title": "Vụ trộm cắp tài sản", "category": "serious",
            "wrongful_conviction_signs": True, "agency_number": "7/HS"}
    refused = _api(users["investigator"]).post(url, body, format="json")
    assert refused.status_code == 400 and "reason" in refused.json()
    assert not Case.objects.exists()
    created = _api(users["investigator"]).post(url, {**body, "reason": REASON}, format="json")
    assert created.status_code == 201, created.content
    case = Case.objects.get()
    entry = flag_reasons([case.pk])[(case.pk, "wrongful_conviction_signs")]
    assert (entry.action, entry.note, entry.actor) == ("flag", REASON, users["investigator"])
    assert (case.pk, "public_concern") not in flag_reasons([case.pk])


def test_a_flag_set_by_an_api_edit_shows_its_reason(users: dict[str, Any], make_case: Any) -> None:
    case = make_case()
    response = _api(users["officer_a"]).patch(reverse("cases-api:detail", args=[case.pk]),
                                              {"public_concern": True, "reason": REASON}, format="json")
    assert response.status_code == 200, response.content
    assert AuditEntry.objects.filter(case_id=case.pk, action="update", field="public_concern").exists()
    assert flag_reasons([case.pk])[(case.pk, "public_concern")].note == REASON
