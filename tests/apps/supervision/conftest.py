"""The supervision cast: the provincial People's Council (HĐND) and Fatherland Front
(MTTQ) with a supervisor each, a body addressed (court A, its officer and viewer), another
body (court B), the Internal Affairs Committee (`noichinh`), and a plan of each supervisor
with recommendations."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

TODAY = dt.date(2026, 6, 15)


@pytest.fixture(autouse=True)
def _fast(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def sup_orgs(orgs: dict[str, Any]) -> dict[str, Any]:
    from congminh.apps.organisations.models import Organisation

    def make(code: str, name: str, kind: str) -> Any:
        return Organisation.objects.create(code=code, name=name, kind=kind, level="province",
                                           province_code="52", valid_from=dt.date(2025, 7, 1))

    return {**orgs,
            "council": make("HDND", "Hội đồng nhân dân tỉnh Gia Lai", "peoples_council"),
            "front": make("MTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh Gia Lai", "fatherland_front")}


@pytest.fixture
def cast(sup_orgs: dict[str, Any], users: dict[str, Any]) -> dict[str, Any]:
    from congminh.apps.accounts.models import User

    def make(username: str, org: Any, role: str) -> Any:
        return User.objects.create_user(username=username, password="matkhau-an-toan-1",
                                        organisation=org, role=role)

    return {
        **users,
        "hdnd": make("hdnd_u", sup_orgs["council"], "supervisor"),
        "hdnd_viewer": make("hdnd_xem", sup_orgs["council"], "viewer"),
        "mttq": make("mttq_u", sup_orgs["front"], "supervisor"),
        "addressee": users["officer_a"],          # court A: the body addressed
        "addressee_viewer": users["viewer_a"],    # court A, read only
        "other": users["officer_b"],              # court B: not addressed
        "noichinh": users["supervisor"],          # Internal Affairs Committee
    }


@pytest.fixture
def plans(sup_orgs: dict[str, Any], cast: dict[str, Any]) -> dict[str, Any]:
    """An HĐND plan with a recommendation to court A (due 30 days after 01/6/2026) and one to
    the Procuracy; an MTTQ plan with a recommendation to court B."""
    from congminh.apps.supervision import services

    hd = services.plan_create(actor=cast["hdnd"], supervisor=sup_orgs["council"],
                              topic="Giám sát án hình sự có dấu hiệu oan, sai",
                              period_start=dt.date(2026, 5, 1), period_end=dt.date(2026, 7, 31),
                              bodies=[sup_orgs["court_a"], sup_orgs["procuracy"]])
    rec_a = services.recommendation_issue(actor=cast["hdnd"], plan=hd, addressee=sup_orgs["court_a"],
                                          content="Rút kinh nghiệm bản án bị hủy",
                                          issued_on=dt.date(2026, 6, 1))
    rec_p = services.recommendation_issue(actor=cast["hdnd"], plan=hd, addressee=sup_orgs["procuracy"],
                                          content="Kiểm sát chặt việc trả hồ sơ",
                                          issued_on=dt.date(2026, 5, 1), due=dt.date(2026, 5, 31))
    mt = services.plan_create(actor=cast["mttq"], supervisor=sup_orgs["front"],
                              topic="Giám sát thi hành án dân sự",
                              period_start=dt.date(2026, 5, 1), period_end=dt.date(2026, 6, 30),
                              bodies=[sup_orgs["court_b"]])
    rec_b = services.recommendation_issue(actor=cast["mttq"], plan=mt, addressee=sup_orgs["court_b"],
                                          content="Tống đạt văn bản đúng hạn",
                                          issued_on=dt.date(2026, 6, 10), due=dt.date(2026, 6, 20))
    return {"hd": hd, "mt": mt, "rec_a": rec_a, "rec_p": rec_p, "rec_b": rec_b}
