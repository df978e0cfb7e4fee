"""The navigation shows each role only what it may use (`scope.menu` decides)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest

from congminh.apps.accounts import scope


def menu(request: HttpRequest) -> dict[str, Any]:
    return {"menu": scope.menu(getattr(request, "user", None))}
