"""Every event type of the catalogue can be recorded through the API (issue 12, item 6):
the fields a type requires (`person`, `ref`, a choice…) travel as named fields or in
`details`, and the catalogue, not the serializer, decides what is allowed."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from rest_framework.test import APIClient

from congminh.core.law.events import EVENT_TYPES, PROCEDURE_ORDER

DAY = dt.date(2026, 3, 2)
# Events that pause a running clock without naming the event before them: what starts it.
STARTS_A_CLOCK = {"postponed": "enforcement_decision_received"}
# Details the event before must carry: a case moves to the ordinary procedure only from
# the simplified one (BLTTDS Đ.317 k3).
FIRST_DETAILS = {"converted_to_ordinary": {"simplified_procedure": True}}


@pytest.fixture
def new_case(users: dict[str, Any], orgs: dict[str, Any]) -> Callable[[str], Any]:
    """A case with an empty log (the shared `make_case` records an acceptance)."""
    from congminh.apps.cases import services

    def make(procedure: str) -> Any:
        kind = {"civil": "civil_family", "administrative": "ordinary"}.get(procedure, "")
        return services.case_create(actor=users["admin"], procedure=procedure, title="Vụ thử",
                                    holder=orgs["court_a"], agency_number="1/2026", case_kind=kind)

    return make


@pytest.fixture
def client(users: dict[str, Any]) -> APIClient:
    out = StringIO()
    call_command("token", "create", users["admin"].username, stdout=out)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {out.getvalue().strip()}")
    return api


def _payload(code: str, day: dt.date, extra: dict[str, Any] | None = None) -> dict[str, Any]:
    """The event with every required field given a value the catalogue allows."""
    et = EVENT_TYPES[code]
    choices = dict(et.choices)
    details: dict[str, Any] = dict(extra or {})
    for name in et.required_fields:
        details[name] = choices[name][0] if name in choices else "Nguyễn Văn A"
    if et.length:
        details[et.length] = 1
    flat = {k: details.pop(k) for k in ("person", "ref") if k in details}
    return {"type": code, "date": day.isoformat(), **flat, "details": details}


def _record(client: APIClient, case_id: int, code: str, day: dt.date,
            extra: dict[str, Any] | None = None) -> Any:
    """Record `code`, first recording what the law says must come before it."""
    requires = EVENT_TYPES[code].requires
    first = requires.any_of[0] if requires is not None and requires.any_of else STARTS_A_CLOCK.get(code)
    if first:
        before = _record(client, case_id, first, day, FIRST_DETAILS.get(code))
        assert before.status_code == 201, (first, before.content.decode())
    url = reverse("cases-api:events", args=[case_id])
    return client.post(url, _payload(code, day, extra), format="json")


@pytest.mark.parametrize("code", sorted(EVENT_TYPES))
def test_every_event_type_is_recordable(code: str, client: APIClient,
                                        new_case: Callable[[str], Any]) -> None:
    procedure = next(p for p in PROCEDURE_ORDER if p in EVENT_TYPES[code].procedures)
    case = new_case(procedure)
    response = _record(client, case.pk, code, DAY)
    assert response.status_code == 201, response.content.decode()
    recorded = response.json()
    assert recorded["type"] == code
    for name in EVENT_TYPES[code].required_fields:
        assert name in recorded["details"], name


def test_a_field_the_type_does_not_take_is_refused_by_name(client: APIClient,
                                                          new_case: Callable[[str], Any]) -> None:
    case = new_case("criminal")
    url = reverse("cases-api:events", args=[case.pk])
    response = client.post(url, {"type": "holding_ordered", "date": "2026-03-02",
                                 "person": "Lê Văn B", "details": {"colour": "blue"}}, format="json")
    assert response.status_code == 400
    assert "colour" in response.content.decode()


def test_a_field_given_twice_is_refused(client: APIClient, new_case: Callable[[str], Any]) -> None:
    case = new_case("criminal")
    url = reverse("cases-api:events", args=[case.pk])
    response = client.post(url, {"type": "holding_ordered", "date": "2026-03-02", "person": "Lê Văn B",
                                 "details": {"person": "Lê Văn C"}}, format="json")
    assert response.status_code == 400
    assert "person" in response.json()["details"][0]
