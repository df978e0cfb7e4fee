"""Optional second factor (TOTP, django-otp) for administrators and supervisors, on when
`CONGMINH_2FA=1`: after the password, such a user enrols an authenticator app once (the
secret shown once) and then gives its six-digit code at every login. API tokens are not
affected. An administrator resets a lost device by deleting it in the admin."""

from __future__ import annotations

from base64 import b32encode
from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext_lazy as _
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from congminh.apps.accounts.models import Role
from congminh.apps.audit.services import audit_record


def second_factor_required(user: Any) -> bool:
    if not settings.TWO_FACTOR_REQUIRED or not getattr(user, "is_authenticated", False):
        return False
    return bool(user.is_superuser or user.role in (Role.ADMIN, Role.SUPERVISOR))


class TwoFactorMiddleware:
    """Sends a signed-in administrator or supervisor without a verified second factor to
    the code page (after django-otp's middleware, which tells whether it is verified)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if second_factor_required(user) and not user.is_verified() and not self._exempt(request.path):  # type: ignore[union-attr]
            query = urlencode({"next": request.get_full_path()})
            return redirect(f"{reverse('accounts:two_factor')}?{query}")
        return self.get_response(request)

    @staticmethod
    def _exempt(path: str) -> bool:
        free = (reverse("accounts:two_factor"), reverse("web:logout"), reverse("web:login"),
                settings.STATIC_URL)
        return path.startswith(free)


class CodeForm(forms.Form):
    code = forms.CharField(label=_("Six-digit code"), max_length=8, strip=True,
                           widget=forms.TextInput(attrs={"autocomplete": "one-time-code",
                                                         "inputmode": "numeric", "autofocus": True}))


def _device(user: Any) -> tuple[TOTPDevice, bool]:
    """The user's confirmed device, else the one being enrolled (created once)."""
    confirmed = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if confirmed is not None:
        return confirmed, False
    pending = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return pending or TOTPDevice.objects.create(user=user, name="TOTP", confirmed=False), True


@login_required
def two_factor_view(request: HttpRequest) -> HttpResponse:
    device, enrolling = _device(request.user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if device.verify_token(form.cleaned_data["code"]):
            if enrolling:
                device.confirmed = True
                device.save(update_fields=["confirmed"])
                audit_record(actor=request.user, action="account:2fa_enrol", obj=device.user)
            otp_login(request, device)
            target = request.GET.get("next", "")
            if not url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
                target = reverse("web:dashboard")
            return redirect(target)
        form.add_error("code", _("The code is wrong or has expired."))
    return render(request, "accounts/two_factor.html", {
        "form": form, "enrolling": enrolling,
        "secret": b32encode(device.bin_key).decode() if enrolling else "",
        "uri": device.config_url if enrolling else "",
    })
