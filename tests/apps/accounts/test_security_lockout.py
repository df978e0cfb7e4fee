"""Login throttling: after CONGMINH_LOCKOUT_FAILURES wrong passwords the login is locked
(the right password refused too, with a Vietnamese page), `axes_reset` unlocks it, and
API tokens are not affected."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from rest_framework.authtoken.models import Token

from congminh.apps.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
RIGHT = "matkhau-an-toan-1"


def _login(client: Any, password: str, username: str = "officer_a") -> Any:
    return client.post(reverse("web:login"), {"username": username, "password": password})


def _signed_in(client: Any) -> bool:
    return client.get(reverse("web:dashboard")).status_code == 200


def test_wrong_passwords_lock_then_reset_unlocks(client: Any, users: dict[str, Any]) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "sai-mat-khau").status_code == 200  # the form again, not locked yet
    locked = _login(client, "sai-mat-khau")
    assert locked.status_code == 429
    refused = _login(client, RIGHT)
    body = refused.content.decode()
    assert refused.status_code == 429 and not _signed_in(client)
    assert "Đăng nhập sai quá nhiều lần" in body and 'id="id_username"' in body
    assert AuditEntry.objects.filter(action="account:locked_out", object_id=str(users["officer_a"].pk)).exists()

    call_command("axes_reset")
    assert _login(client, RIGHT).status_code == 302 and _signed_in(client)


def test_one_locked_login_leaves_others_alone(client: Any, users: dict[str, Any]) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "sai-mat-khau")
    assert _login(client, RIGHT, username="officer_b").status_code == 302


def test_a_success_clears_earlier_failures(client: Any, users: dict[str, Any]) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "sai-mat-khau")
    assert _login(client, RIGHT).status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "sai-mat-khau")
    assert _login(client, RIGHT).status_code == 302


def test_api_tokens_work_while_the_login_is_locked(client: Any, users: dict[str, Any]) -> None:
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "sai-mat-khau")
    token = Token.objects.create(user=users["officer_a"])
    api = client.get("/api/cases/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.status_code == 200
