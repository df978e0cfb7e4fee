"""The evidence cast on top of the shared one: two communes' People's Committees and a
department of the province that can be asked, their officers, a viewer of the asking
court, and cases of the three procedures."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def eorgs(orgs: dict[str, Any]) -> dict[str, Any]:
    from congminh.apps.organisations.models import Organisation

    def make(code: str, name: str, kind: str, level: str) -> Any:
        return Organisation.objects.create(code=code, name=name, kind=kind, level=level,
                                           province_code="52", valid_from=dt.date(2025, 7, 1))

    return {
        "committee_a": make("UBND-XA-A", "Ủy ban nhân dân xã Ia Grai", "peoples_committee", "commune"),
        "committee_b": make("UBND-XA-B", "Ủy ban nhân dân xã Chư Păh", "peoples_committee", "commune"),
        "department": make("SO-NNMT", "Sở Nông nghiệp và Môi trường tỉnh Gia Lai", "department", "province"),
    }


@pytest.fixture
def cast(users: dict[str, Any], eorgs: dict[str, Any]) -> dict[str, Any]:
    from congminh.apps.accounts.models import User

    def make(username: str, org: Any, role: str = "officer") -> Any:
        return User.objects.create_user(username=username, password="matkhau-an-toan-1",
                                        organisation=org, role=role)

    return {**users,
            "committee_a": make("ubnd_a", eorgs["committee_a"]),
            "committee_a_viewer": make("ubnd_a_xem", eorgs["committee_a"], "viewer"),
            "committee_b": make("ubnd_b", eorgs["committee_b"]),
            "department": make("so_nnmt", eorgs["department"])}


@pytest.fixture
def civil_case(make_case: Any) -> Any:
    """A land dispute the area court 1 accepted on 02/03/2026."""
    return make_case()


@pytest.fixture
def admin_case(make_case: Any) -> Any:
    return make_case(procedure="administrative", case_kind="ordinary", title="Khiếu kiện quyết định thu hồi đất",
                     number="05/2026/TLST-HC")


@pytest.fixture
def criminal_case(make_case: Any) -> Any:
    return make_case(holder="police", procedure="criminal", category="serious",
                     title="Lừa đảo chiếm đoạt tài sản", number="15/2026/CSĐT",
                     events=[("case_instituted", dt.date(2026, 3, 2), {})])
