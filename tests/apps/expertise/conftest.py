"""The expertise cast on top of the shared one: a forensic centre and a finance
department that can be asked, a department that is not asked, the Department of Justice
that keeps the roster, and one request on a criminal case held by the police."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def xorgs(orgs: dict[str, Any]) -> dict[str, Any]:
    from congminh.apps.organisations.models import Organisation

    def make(code: str, name: str, kind: str) -> Any:
        return Organisation.objects.create(code=code, name=name, kind=kind, level="province",
                                           province_code="52", valid_from=dt.date(2025, 7, 1))

    return {
        "forensic": make("PY", "Trung tâm Pháp y tỉnh Gia Lai", "expertise_body"),
        "finance": make("SO-TC", "Sở Tài chính tỉnh Gia Lai", "department"),
        "building": make("SO-XD", "Sở Xây dựng tỉnh Gia Lai", "department"),
        "justice": make("SO-TP", "Sở Tư pháp tỉnh Gia Lai", "department"),
    }


@pytest.fixture
def xusers(users: dict[str, Any], xorgs: dict[str, Any]) -> dict[str, Any]:
    from congminh.apps.accounts.models import User

    def make(username: str, org: Any, role: str = "officer") -> Any:
        return User.objects.create_user(username=username, password="matkhau-an-toan-1",
                                        organisation=org, role=role)

    return {
        "forensic": make("phapy", xorgs["forensic"]),
        "finance": make("taichinh", xorgs["finance"]),
        "building": make("xaydung", xorgs["building"]),
        "justice": make("tuphap", xorgs["justice"]),
        "justice_viewer": make("tuphap_xem", xorgs["justice"], "viewer"),
        "police_viewer": make("canbo_xem", users["investigator"].organisation, "viewer"),
    }


@pytest.fixture
def cast(users: dict[str, Any], xusers: dict[str, Any]) -> dict[str, Any]:
    """The shared cast and the expertise cast in one."""
    return {**users, **xusers}


@pytest.fixture
def web(db: Any) -> Any:
    """Sign a user of the cast in (with the password, as on the log-in page): a client."""
    from django.test import Client

    def sign_in(user: Any) -> Client:
        client = Client()
        assert client.login(username=user.username, password="matkhau-an-toan-1")
        return client

    return sign_in


@pytest.fixture
def april_first() -> Any:
    """Today is 01/04/2026 (the requests below are decided in March)."""
    import time_machine

    with time_machine.travel(dt.datetime(2026, 4, 1, 9, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def field(db: Any) -> Any:
    from congminh.apps.expertise.models import ExpertiseField

    return ExpertiseField.objects.get(code="tai-chinh")


@pytest.fixture
def criminal_case(make_case: Any) -> Any:
    """A fraud case the provincial police investigate, instituted on 02/03/2026."""
    return make_case(holder="police", procedure="criminal", category="serious",
                     title="Lừa đảo chiếm đoạt tài sản tại Công ty X", number="15/2026/CSĐT",
                     events=[("case_instituted", dt.date(2026, 3, 2), {})])


@pytest.fixture
def finance_request(criminal_case: Any, users: dict[str, Any], xorgs: dict[str, Any],
                    field: Any) -> Any:
    from congminh.apps.expertise import services

    return services.expertise_request_create(
        actor=users["investigator"], case=criminal_case, ref="21/QĐ-TCGĐ", field=field,
        questions="Xác định số tiền thiệt hại.", decided_on=dt.date(2026, 3, 5),
        organisation=xorgs["finance"])


@pytest.fixture
def forensic_request(criminal_case: Any, users: dict[str, Any], xorgs: dict[str, Any]) -> Any:
    from congminh.apps.expertise import services
    from congminh.apps.expertise.models import ExpertiseField

    return services.expertise_request_create(
        actor=users["investigator"], case=criminal_case, ref="22/QĐ-TCGĐ",
        field=ExpertiseField.objects.get(code="phap-y"), questions="Tỷ lệ thương tích.",
        decided_on=dt.date(2026, 3, 5), organisation=xorgs["forensic"], expertise_kind="injury")
