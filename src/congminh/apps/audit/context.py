"""Who is acting in the current request, for audit rows written by signal handlers
(changes made in the admin, logins, tokens), where no service passes the actor."""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from django.http import HttpRequest, HttpResponse

_request: ContextVar[HttpRequest | None] = ContextVar("congminh_audit_request", default=None)


def current_request() -> HttpRequest | None:
    return _request.get()


def current_actor() -> Any:
    """The signed-in user of the current request (read late: the REST framework
    authenticates a token inside the view); None outside requests or when anonymous."""
    request = _request.get()
    user = getattr(request, "user", None) if request is not None else None
    return user if getattr(user, "is_authenticated", False) else None


def client_ip(request: HttpRequest | None) -> str:
    if request is None:
        return ""
    from axes.helpers import get_client_ip_address

    return str(get_client_ip_address(request) or "")


class AuditActorMiddleware:
    """Keeps the request at hand for `current_actor` while it is handled."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = _request.set(request)
        try:
            return self.get_response(request)
        finally:
            _request.reset(token)
