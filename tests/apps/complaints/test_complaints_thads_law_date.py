"""An enforcement complaint follows the Luật THADS in force on the day it is received
(Luật 106/2025/QH15 Đ.115 k1: from 01/7/2026): the resolving body, the article the page
shows for it and the clock's citation all change on that day, read from the rule versions
(THADS-142 `resolvers`), not written twice."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from congminh.apps.complaints import services

pytestmark = pytest.mark.django_db
D = dt.date
CUC_THADS = "Cục Quản lý thi hành án dân sự, Bộ Tư pháp"


@pytest.fixture(autouse=True)
def _today() -> Any:
    with time_machine.travel(dt.datetime(2026, 7, 20, 9, tzinfo=dt.UTC), tick=False):
        yield


@pytest.fixture
def enforcement_case(users: dict[str, Any], corgs: dict[str, Any]) -> Any:
    from congminh.apps.cases import services as cases

    return cases.case_create(actor=users["admin"], procedure="enforcement", holder=corgs["thads_kv1"],
                             title="Thi hành án Nguyễn Văn A trả tiền cho Trần Thị Đào",
                             agency_number="12/QĐ-THADS")


def _receive(case: Any, corgs: dict[str, Any], number: str, day: dt.date) -> Any:
    return services.complaint_receive(
        actor=None, case=case, kind="complaint", number=number, complainant_name="Trần Thị Đào",
        complainant_role="party", against="enforcement_coercion", complained_of=corgs["thads_kv1"],
        received_on=day)


@pytest.mark.parametrize(("day", "resolver", "basis", "clock", "due"), [
    # 2008 law: the area office's head resolves his executor's act (Đ.142), 30 days (Đ.146 k3).
    (D(2026, 6, 30), "thads_kv1", "Luật THADS 2008 Điều 142", "Luật THADS 2008 Điều 146 khoản 3",
     D(2026, 7, 30)),
    # 2025 law: the provincial office's head (Đ.98 k1), 30 days (Đ.102 k3).
    (D(2026, 7, 1), "thads", "Luật THADS 2025 Điều 98 khoản 1", "Luật THADS 2025 Điều 102 khoản 3",
     D(2026, 7, 31)),
])
def test_the_receipt_date_decides_the_law(day: dt.date, resolver: str, basis: str, clock: str,
                                          due: dt.date, enforcement_case: Any, corgs: dict[str, Any],
                                          cast: dict[str, Any]) -> None:
    complaint = _receive(enforcement_case, corgs, "01/KN", day)
    assert (complaint.resolver, complaint.resolver_basis) == (corgs[resolver], basis)
    assert (complaint.basis, complaint.due) == (clock, due)
    client = Client()
    client.force_login(cast["admin"])
    page = client.get(reverse("complaints:detail", args=[complaint.pk])).text
    assert f"({basis})" in page and f"({clock})" in page
    other = "Luật THADS 2025" if "2008" in basis else "Luật THADS 2008"
    assert other not in page


def test_the_second_level_follows_its_own_receipt_date(enforcement_case: Any, corgs: dict[str, Any]) -> None:
    # First received under the 2008 law (resolved by the area office), contested after
    # 01/7/2026: the second level is the 2025 law's, the Ministry's department (Đ.98 k2).
    first = _receive(enforcement_case, corgs, "02/KN", D(2026, 6, 20))
    services.complaint_resolve(actor=None, complaint=first, date=D(2026, 6, 29), outcome="wrong")
    assert services.escalation_route(first, D(2026, 6, 30)).name == corgs["thads"].name
    second = services.complaint_escalate(actor=None, complaint=first, number="02/KN-L2",
                                         received_on=D(2026, 7, 2))
    assert (second.resolver, second.resolver_name) == (None, CUC_THADS)
    assert second.resolver_basis == "Luật THADS 2025 Điều 98 khoản 2"
    assert second.basis == "Luật THADS 2025 Điều 102 khoản 3"
