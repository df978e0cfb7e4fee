"""API tokens are read from the Authorization header only: never from the address (where
proxies, browsers and access logs keep them), and never written to a log."""

from __future__ import annotations

import logging
from typing import Any

import pytest
from rest_framework.authtoken.models import Token

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("param", ["token", "auth_token", "access_token", "key"])
def test_a_token_in_the_url_is_refused(client: Any, users: dict[str, Any], param: str) -> None:
    token = Token.objects.create(user=users["officer_a"])
    assert client.get("/api/cases/", HTTP_AUTHORIZATION=f"Token {token.key}").status_code == 200
    response = client.get(f"/api/cases/?{param}={token.key}")
    assert response.status_code in (401, 403)
    assert client.get(f"/api/cases/?{param}=Token%20{token.key}").status_code in (401, 403)


def test_tokens_are_not_logged(client: Any, users: dict[str, Any], caplog: pytest.LogCaptureFixture) -> None:
    token = Token.objects.create(user=users["officer_a"])
    with caplog.at_level(logging.DEBUG):
        client.get("/api/cases/", HTTP_AUTHORIZATION=f"Token {token.key}")
        client.get("/api/cases/", HTTP_AUTHORIZATION=f"Token {token.key[:-1]}x")
        client.post("/api/cases/", {}, HTTP_AUTHORIZATION=f"Token {token.key}")
    assert caplog.records  # the refused token and the bad request were logged ...
    assert token.key[:-1] not in caplog.text  # ... without the token
