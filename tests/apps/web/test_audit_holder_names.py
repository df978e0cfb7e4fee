"""The audit trail on the case page names bodies, not their database ids."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse

from congminh.apps.cases import services

pytestmark = pytest.mark.django_db


def test_a_moved_case_shows_both_bodies_by_name(
    client: Any, users: dict[str, Any], orgs: dict[str, Any], make_case: Any
) -> None:
    case = make_case()
    services.case_update(actor=users["admin"], case=case, holder=orgs["court_b"])
    client.force_login(users["admin"])
    html = client.get(reverse("web:case_detail", args=[case.pk])).content.decode()
    audit = html[html.index('id="audit"'):]
    assert "Tòa án nhân dân khu vực 1 - Gia Lai" in audit
    assert "Tòa án nhân dân khu vực 2 - Gia Lai" in audit
