"""The admin lists cases and the audit trail but cannot change them (services only)."""

from __future__ import annotations

from typing import Any

from django.test import Client
from django.urls import reverse


def test_admin_pages_render_read_only(client: Client, make_case: Any) -> None:
    from congminh.apps.accounts.models import User

    case = make_case()
    User.objects.create_superuser("root", password="matkhau-an-toan-1")
    admin_client = client
    assert admin_client.login(username="root", password="matkhau-an-toan-1")
    for name in ("cases_case", "cases_caseevent", "audit_auditentry",
                 "organisations_organisation", "accounts_user"):
        response = admin_client.get(reverse(f"admin:{name}_changelist"))
        assert response.status_code == 200, name
    page = admin_client.get(reverse("admin:cases_case_change", args=[case.pk]))
    assert page.status_code == 200
    assert admin_client.get(reverse("admin:cases_case_add")).status_code == 403
    assert admin_client.post(reverse("admin:cases_case_delete", args=[case.pk])).status_code == 403
