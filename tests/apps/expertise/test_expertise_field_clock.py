"""The ministries' own limits per kind of matter (Luật GĐTP 2012, sửa đổi 2020, Đ.26a k3 đoạn
2): a request records its field of expertise on `expertise_ordered`, and a kind of matter
with a shorter limit gets the shorter due date (`rules/GDTP-26A.yaml`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.core.exceptions import ValidationError

from congminh.apps.expertise import services
from congminh.apps.expertise.models import ExpertiseField

pytestmark = pytest.mark.django_db
D = dt.date


def _sent(case: Any, actor: Any, org: Any, code: str, ref: str, matter: str = "") -> Any:
    """A request of field `code` decided on 01/03/2026, received on Monday 02/03/2026."""
    req = services.expertise_request_create(
        actor=actor, case=case, ref=ref, field=ExpertiseField.objects.get(code=code),
        questions="Nội dung cần giám định.", decided_on=D(2026, 3, 1), organisation=org)
    return services.expertise_request_send(actor=actor, request=req, received_on=D(2026, 3, 2),
                                           expertise_matter=matter)


def test_forensic_laboratory_work_gets_the_ministry_of_health_limit(
        criminal_case: Any, users: dict[str, Any], xorgs: dict[str, Any]) -> None:
    req = _sent(criminal_case, users["investigator"], xorgs["forensic"], "phap-y", "30/QĐ-TCGĐ",
                "forensic_laboratory")
    # Thông tư 13/2022/TT-BYT Đ.2 k2b [M]: toxicology, histopathology, DNA not over 20 days:
    # Monday 02/03 + 20 = Sunday 22/03 -> Monday 23/03/2026 (BLDS 2015 Đ.148 k5).
    assert (req.rule, req.due) == ("GDTP-26A", D(2026, 3, 23))
    assert "Thông tư 13/2022/TT-BYT Điều 2 khoản 2 điểm b" in req.basis
    ordered = req.case.events.get(type="expertise_ordered", data__ref="30/QĐ-TCGĐ")
    assert ordered.data["expertise_field"] == "phap-y"
    assert ordered.data["expertise_matter"] == "forensic_laboratory"


def test_the_extension_is_capped_at_half_the_kinds_limit(
        criminal_case: Any, users: dict[str, Any], xorgs: dict[str, Any]) -> None:
    req = _sent(criminal_case, users["investigator"], xorgs["forensic"], "phap-y", "31/QĐ-TCGĐ",
                "forensic_laboratory")
    # Đ.26a k3: «không quá một phần hai thời hạn giám định tối đa đối với loại việc đó»: half
    # of 20 days is 10 days, so a month is refused (a 3-month request may take one more).
    with pytest.raises(ValidationError, match="10 ngày"):
        services.expertise_request_extend(actor=users["investigator"], request=req,
                                          date=D(2026, 3, 20), months=1)
    req.refresh_from_db()
    assert (req.due, req.extension_months) == (D(2026, 3, 23), 0)


def test_a_field_without_a_shorter_limit_keeps_three_months(
        criminal_case: Any, users: dict[str, Any], xorgs: dict[str, Any]) -> None:
    # Xây dựng: Thông tư 17/2021/TT-BXD Đ.12 refers back to the law: Đ.26a k3, 3 months,
    # 02/03 -> 02/06/2026 (Tuesday). So does pháp y when no kind of matter is given.
    building = _sent(criminal_case, users["investigator"], xorgs["finance"], "xay-dung",
                     "32/QĐ-TCGĐ")
    forensic = _sent(criminal_case, users["investigator"], xorgs["forensic"], "phap-y",
                     "33/QĐ-TCGĐ")
    assert (building.rule, building.due) == ("GDTP-26A", D(2026, 6, 2))
    assert (forensic.rule, forensic.due) == ("GDTP-26A", D(2026, 6, 2))
