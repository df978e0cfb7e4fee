"""The complaints cast on top of the shared one: the provincial court (one level up from
the area courts), the area Procuracy of area 1, their officers, and three cases: a civil
case at area court 1, a criminal case the provincial police investigate, an enforcement
case."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def corgs(orgs: dict[str, Any]) -> dict[str, Any]:
    from congminh.apps.organisations.models import Organisation

    def make(code: str, name: str, kind: str, level: str) -> Any:
        return Organisation.objects.create(code=code, name=name, kind=kind, level=level,
                                           province_code="52", valid_from=dt.date(2025, 7, 1))

    return {
        "court_prov": make("TAND-TINH", "Tòa án nhân dân tỉnh Gia Lai", "court", "province"),
        "vks_kv1": make("VKS-KV1", "Viện kiểm sát nhân dân khu vực 1 - Gia Lai", "procuracy", "region"),
        "thads_kv1": make("THADS-KV1", "Phòng Thi hành án dân sự khu vực 1 - Gia Lai",
                          "enforcement_office", "region"),
        "thads": make("THADS-TINH", "Thi hành án dân sự tỉnh Gia Lai", "enforcement_office", "province"),
    }


@pytest.fixture
def cast(users: dict[str, Any], corgs: dict[str, Any]) -> dict[str, Any]:
    from congminh.apps.accounts.models import User

    def make(username: str, org: Any, role: str = "officer") -> Any:
        return User.objects.create_user(username=username, password="matkhau-an-toan-1",
                                        organisation=org, role=role)

    return {**users,
            "court_prov": make("toaan_tinh", corgs["court_prov"]),
            "vks_kv1": make("vks_kv1", corgs["vks_kv1"]),
            "thads_kv1": make("thads_kv1", corgs["thads_kv1"])}


@pytest.fixture
def civil_case(make_case: Any) -> Any:
    """Accepted by area court 1 on 02/03/2026."""
    return make_case()


@pytest.fixture
def criminal_case(make_case: Any) -> Any:
    """Instituted by the provincial police on 02/03/2026."""
    return make_case(holder="police", procedure="criminal", category="serious",
                     title="Cố ý gây thương tích tại xã Ia Grai", number="15/2026/CSĐT",
                     events=[("case_instituted", dt.date(2026, 3, 2), {})])
