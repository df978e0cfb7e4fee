"""Optional second factor (CONGMINH_2FA=1): administrators and supervisors enrol a TOTP
app once, then give its code after their password; officers, API tokens and the default
configuration are not affected."""

from __future__ import annotations

from typing import Any

import pytest
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from rest_framework.authtoken.models import Token

from congminh.apps.audit.models import AuditEntry

pytestmark = pytest.mark.django_db
RIGHT = "matkhau-an-toan-1"


def _login(client: Any, username: str) -> Any:
    return client.post(reverse("web:login"), {"username": username, "password": RIGHT})


def _code(device: TOTPDevice) -> str:
    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def test_off_by_default(client: Any, users: dict[str, Any]) -> None:
    _login(client, "supervisor")
    assert client.get(reverse("web:dashboard")).status_code == 200


def test_supervisor_enrols_then_gives_a_code_at_each_login(
    client: Any, users: dict[str, Any], settings: Any
) -> None:
    settings.TWO_FACTOR_REQUIRED = True
    _login(client, "supervisor")
    page = client.get(reverse("web:case_list"))
    assert page.status_code == 302 and page.url.startswith(reverse("accounts:two_factor"))
    enrol = client.get(page.url)
    device = TOTPDevice.objects.get(user=users["supervisor"])
    assert enrol.status_code == 200 and enrol.context["secret"] and 'id="otp-secret"' in enrol.content.decode()
    wrong = client.post(page.url, {"code": "000000" if _code(device) != "000000" else "111111"})
    assert wrong.status_code == 200 and "Mã không đúng" in wrong.content.decode()
    device.refresh_from_db()
    device.throttling_failure_count = 0  # the wrong code above throttles the next try
    device.throttling_failure_timestamp = None
    device.save()
    done = client.post(page.url, {"code": _code(device)})
    assert done.status_code == 302 and done.url == reverse("web:case_list")
    assert client.get(reverse("web:case_list")).status_code == 200
    assert AuditEntry.objects.filter(action="account:2fa_enrol", actor=users["supervisor"]).exists()

    client.post(reverse("web:logout"))
    _login(client, "supervisor")
    again = client.get(reverse("web:dashboard"))
    assert again.status_code == 302
    verify = client.get(again.url)
    assert verify.context["enrolling"] is False and verify.context["secret"] == ""


def test_officers_and_api_tokens_are_not_asked(client: Any, users: dict[str, Any], settings: Any) -> None:
    settings.TWO_FACTOR_REQUIRED = True
    _login(client, "officer_a")
    assert client.get(reverse("web:dashboard")).status_code == 200
    token = Token.objects.create(user=users["admin"])
    api = client.get("/api/cases/", HTTP_AUTHORIZATION=f"Token {token.key}")
    assert api.status_code == 200
