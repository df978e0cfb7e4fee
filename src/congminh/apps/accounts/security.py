"""Login lockout (django-axes): the page a locked-out login gets, and the client address
the lockout counts by; the backend that checks passwords and reads the signed-in user."""

from __future__ import annotations

from typing import Any

from axes.backends import AxesStandaloneBackend
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.contrib.auth.forms import AuthenticationForm
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _


class LockoutBackend(AxesStandaloneBackend):  # type: ignore[misc]  # axes ships no types
    """django-axes' check for the logins that come with a request (the login page, the
    admin's). Without a request (the test client's `login`, a shell) there is no address
    to count by, so nothing to check: the next backend decides, as without axes."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None,
        password: str | None = None, **kwargs: Any,
    ) -> Any:
        if request is None:
            return None
        return super().authenticate(request, username, password, **kwargs)


class UserBackend(ModelBackend):
    """Django's password backend, reading the signed-in user with the user's body in one
    query: every page shows the body and decides its menu by it (issue #12.3: the body's
    own query was one of the five of a warm dashboard). Sessions opened before it name
    Django's `ModelBackend`, still listed after this one for them; a wrong password stops
    here (`PermissionDenied`: refused, as Django does) rather than being checked again
    by it."""

    def authenticate(
        self, request: HttpRequest | None, username: str | None = None,
        password: str | None = None, **kwargs: Any,
    ) -> Any:
        user = super().authenticate(request, username, password, **kwargs)
        if user is None and password is not None:
            raise PermissionDenied
        return user

    def get_user(self, user_id: Any) -> Any:
        model = get_user_model()
        try:
            user = model._default_manager.select_related("organisation").get(pk=user_id)
        except model.DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None


def lockout_message() -> str:
    minutes = round(float(settings.AXES_COOLOFF_TIME) * 60)
    return _(
        "Too many wrong passwords: this login is locked for %(minutes)s minutes. "
        "Try again later or ask an administrator to unlock it."
    ) % {"minutes": minutes}


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None,
    credentials: dict[str, Any] | None = None,
) -> HttpResponse:
    """The login page again, saying in Vietnamese why the login is refused (429)."""
    username = (credentials or {}).get("username") or request.POST.get("username", "")
    form = AuthenticationForm(request, initial={"username": username})
    return render(request, "web/login.html", {
        "form": form, "locked_message": lockout_message(), "next": request.POST.get("next", ""),
    }, status=429)


def client_ip(request: HttpRequest) -> str:
    """The client's address: behind the TLS proxy (`CONGMINH_SECURE=1`) the last address
    of X-Forwarded-For, the one the proxy itself appended; otherwise the peer address."""
    if settings.SECURE_PROXY_SSL_HEADER:
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return str(forwarded).split(",")[-1].strip()
    return str(request.META.get("REMOTE_ADDR", ""))
