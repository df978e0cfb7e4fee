"""Fast password hashing: the shared cast creates seven users per test. Web imports run
synchronously unless a test starts the background thread itself."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _fast_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _import_sync(settings: Any) -> None:
    settings.CONGMINH_IMPORT_SYNC = True
