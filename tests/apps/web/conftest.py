"""Fast password hashing for these tests: the cast logs in often, and PBKDF2's
deliberate slowness would dominate the run time without testing anything here."""

from __future__ import annotations

from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
