"""The cast of the attendance tests: the shared cast (two area courts, the provincial
Procuracy, the Internal Affairs Committee, ...) plus two commune People's Committees,
one sued in an administrative case held by court A, and an officer of each."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

SESSION = dt.date(2026, 4, 15)
TODAY = dt.date(2026, 6, 1)


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def committees(orgs: dict[str, Any]) -> dict[str, Any]:
    from congminh.apps.organisations.models import Organisation

    def make(code: str, name: str) -> Any:
        return Organisation.objects.create(code=code, name=name, kind="peoples_committee",
                                           level="commune", province_code="52",
                                           valid_from=dt.date(2025, 7, 1))

    return {"sued": make("UBND-X1", "Ủy ban nhân dân xã Bình An"),
            "other": make("UBND-X2", "Ủy ban nhân dân xã Tây Sơn")}


@pytest.fixture
def cast(users: dict[str, Any], committees: dict[str, Any]) -> dict[str, Any]:
    from congminh.apps.accounts.models import User

    def make(username: str, org: Any, role: str = "officer") -> Any:
        return User.objects.create_user(username=username, password="matkhau-an-toan-1",
                                        organisation=org, role=role)

    return {**users, "sued_committee": make("ubnd_binhan", committees["sued"]),
            "other_committee": make("ubnd_tayson", committees["other"])}


@pytest.fixture
def admin_case(make_case: Any) -> Any:
    """An administrative suit against the commune of Bình An, accepted by court A."""
    return make_case(procedure="administrative", case_kind="ordinary",
                     title="Khiếu kiện quyết định thu hồi đất - Lê Văn C kiện Ủy ban nhân dân xã Bình An",
                     number="01/2026/TLST-HC", events=[("accepted", dt.date(2026, 3, 2), {})])


@pytest.fixture
def summons(admin_case: Any, committees: dict[str, Any]) -> Any:
    from congminh.apps.attendance import services

    return services.summons_create(actor=None, case=admin_case, kind="dialogue", date=SESSION,
                                   committee=committees["sued"], opinion_due=dt.date(2026, 3, 20))
