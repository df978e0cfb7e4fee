"""Schemathesis over the published OpenAPI schema (issue 12, item 6): for every operation, a
bounded number of generated requests with a valid token; no response is a 5xx and every
response matches what the schema says (status codes, content type, body)."""

from __future__ import annotations

from collections.abc import Iterator
from io import StringIO
from typing import Any

import pytest
import schemathesis
from django.core import signals
from django.core.management import call_command
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from congminh.wsgi import application

# Enough to reach every parameter's edge values, few enough for CI (a couple of minutes).
# Not checked: `positive_data_acceptance`, which expects any request the schema allows to
# succeed; a code naming no body or a case outside the scope is refused with a 400 or 404
# that the schema documents, as it should be.
EXAMPLES = 15


@pytest.fixture
def api_schema(db: Any) -> Iterator[Any]:
    # As Django's test client does: the handler must not close the test's connection
    # (its transaction is the test's database) at the end of each request.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield schemathesis.openapi.from_wsgi("/api/schema/", application)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def token(make_case: Any, users: dict[str, Any]) -> str:
    make_case()  # a case in the officer's scope, so reads and writes find something
    out = StringIO()
    call_command("token", "create", users["officer_a"].username, stdout=out)
    return out.getvalue().strip()


def test_api_conforms_to_its_schema(api_schema: Any, token: str) -> None:
    failures: dict[str, str] = {}
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 5
    for operation in operations:

        @given(operation.as_strategy())
        @settings(max_examples=EXAMPLES, deadline=None, derandomize=True, database=None,
                  suppress_health_check=list(HealthCheck))
        def check(case: Any) -> None:
            case.call_and_validate(headers={"Authorization": f"Token {token}"},
                                   excluded_checks=[positive_data_acceptance])

        try:
            check()
        except BaseException as exc:  # noqa: BLE001 (FailureGroup: an exception group)
            failures[operation.label] = str(exc)[:2000]
    assert not failures, "\n\n".join(f"{label}:\n{text}" for label, text in failures.items())
