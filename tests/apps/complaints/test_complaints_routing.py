"""The body that must resolve a complaint or denunciation, row by row against the articles
(`routing.resolving_body`)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from congminh.apps.complaints import routing

pytestmark = pytest.mark.django_db

# The national bodies above the province, outside its registry (named, not None).
VKSTC = "Viện kiểm sát nhân dân tối cao"
TANDTC = "Tòa án nhân dân tối cao"
CUC_THADS = "Cục Quản lý thi hành án dân sự, Bộ Tư pháp"
LAST_2008, FIRST_2025 = dt.date(2026, 6, 30), dt.date(2026, 7, 1)  # Luật THADS 106/2025 Đ.115 k1

# (kind, against, level, complained of, procedure) -> (resolving body: a key of the
# registry bodies, or the name of the national body outside it; basis)
ROWS = [
    # BLTTHS Đ.475 k1: investigators -> the head of the investigation body; second level:
    # the same-level Procuracy.
    ("complaint", "investigation", "first", "police", "criminal", "police", "BLTTHS 2015 Điều 475 khoản 1"),
    ("complaint", "investigation", "second", "police", "criminal", "procuracy", "BLTTHS 2015 Điều 475 khoản 1"),
    # Đ.475 k1 đoạn 2: the head of the investigation body -> the same-level Procuracy;
    # second level one level up: above the provincial Procuracy the Supreme People's
    # Procuracy (no High Procuracy since Luật 82/2025), outside the province's registry.
    ("complaint", "investigation_head", "first", "police", "criminal", "procuracy", "BLTTHS 2015 Điều 475 khoản 1"),
    ("complaint", "investigation_head", "second", "police", "criminal", VKSTC, "BLTTHS 2015 Điều 475 khoản 1"),
    # Đ.474 k2, k3: custody -> the same-level Procuracy (investigation, prosecution), the
    # court itself (trial); second level one level up.
    ("complaint", "custody", "first", "police", "criminal", "procuracy", "BLTTHS 2015 Điều 474 khoản 2"),
    ("complaint", "custody", "first", "court_a", "criminal", "court_a", "BLTTHS 2015 Điều 474 khoản 3"),
    ("complaint", "custody", "second", "court_a", "criminal", "court_prov", "BLTTHS 2015 Điều 474 khoản 3"),
    ("complaint", "custody", "first", "vks_kv1", "criminal", "vks_kv1", "BLTTHS 2015 Điều 474 khoản 2"),
    ("complaint", "custody", "second", "vks_kv1", "criminal", "procuracy", "BLTTHS 2015 Điều 474 khoản 2"),
    # Đ.476: a prosecutor -> the chief prosecutor (same body); second level one level up.
    ("complaint", "procuracy", "first", "vks_kv1", "criminal", "vks_kv1", "BLTTHS 2015 Điều 476 khoản 1"),
    ("complaint", "procuracy", "second", "vks_kv1", "criminal", "procuracy", "BLTTHS 2015 Điều 476 khoản 1"),
    ("complaint", "procuracy_head", "first", "vks_kv1", "criminal", "procuracy", "BLTTHS 2015 Điều 476 khoản 2"),
    # Đ.477 / BLTTDS Đ.504, Đ.507 / Luật TTHC Đ.332, Đ.335: a judge -> the chief judge;
    # second level: the court one level up; the chief judge -> the court one level up.
    ("complaint", "court", "first", "court_a", "civil", "court_a", "BLTTDS 2015 Điều 504"),
    ("complaint", "court", "second", "court_a", "civil", "court_prov", "BLTTDS 2015 Điều 507"),
    ("complaint", "court", "second", "court_a", "administrative", "court_prov", "Luật TTHC 2015 Điều 335"),
    ("complaint", "court_head", "first", "court_a", "criminal", "court_prov", "BLTTHS 2015 Điều 477 khoản 1"),
    # above the provincial court: the Supreme People's Court (no High Court since Luật 81/2025)
    ("complaint", "court", "second", "court_prov", "criminal", TANDTC, "BLTTHS 2015 Điều 477 khoản 1"),
    ("complaint", "court", "second", "court_prov", "civil", TANDTC, "BLTTDS 2015 Điều 507"),
    ("complaint", "court", "second", "court_prov", "administrative", TANDTC, "Luật TTHC 2015 Điều 335"),
    ("complaint", "procuracy", "second", "procuracy", "criminal", VKSTC, "BLTTHS 2015 Điều 476 khoản 1"),
    ("complaint", "procuracy_head", "first", "procuracy", "criminal", VKSTC, "BLTTHS 2015 Điều 476 khoản 2"),
    ("complaint", "custody", "second", "police", "criminal", VKSTC, "BLTTHS 2015 Điều 474 khoản 2"),
    ("complaint", "custody", "second", "court_prov", "criminal", TANDTC, "BLTTHS 2015 Điều 474 khoản 3"),
    # Luật THADS Đ.142: the enforcement office's head; second level the provincial office.
    ("complaint", "enforcement_coercion", "first", "thads_kv1", "enforcement", "thads_kv1", "Luật THADS 2008 Điều 142"),
    ("complaint", "enforcement_coercion", "second", "thads_kv1", "enforcement", "thads", "Luật THADS 2008 Điều 142"),
    # Denunciations: BLTTHS Đ.481 k1, k4; BLTTDS Đ.512 k1; Luật TTHC Đ.340 k1: the head of
    # the body; a head by the body one level up.
    ("denunciation", "court", "first", "court_a", "criminal", "court_a", "BLTTHS 2015 Điều 481 khoản 1"),
    ("denunciation", "procuracy_head", "first", "vks_kv1", "criminal", "procuracy", "BLTTHS 2015 Điều 481 khoản 1"),
    ("denunciation", "court_head", "first", "court_a", "civil", "court_prov", "BLTTDS 2015 Điều 512 khoản 1"),
    ("denunciation", "court", "first", "court_a", "administrative", "court_a", "Luật TTHC 2015 Điều 340 khoản 1"),
    ("denunciation", "custody", "first", "police", "criminal", "procuracy", "BLTTHS 2015 Điều 481 khoản 4"),
    ("denunciation", "court_head", "first", "court_prov", "criminal", TANDTC, "BLTTHS 2015 Điều 481 khoản 1"),
    # Luật THADS 2008 Đ.157 k1: an enforcement officer -> the head of the enforcement office.
    ("denunciation", "enforcement", "first", "thads_kv1", "enforcement", "thads_kv1",
     "Luật THADS 2008 Điều 157 khoản 1"),
    # Đ.157 k2: the head of an enforcement office -> the head one level up.
    ("denunciation", "enforcement_head", "first", "thads_kv1", "enforcement", "thads",
     "Luật THADS 2008 Điều 157 khoản 2"),
    # Đ.142 k2 b: the head of an area office -> the province's head; k3 a: the province's head
    # -> the Ministry's department (outside the registry); k3 b: the second level, likewise.
    ("complaint", "enforcement_head", "first", "thads_kv1", "enforcement", "thads",
     "Luật THADS 2008 Điều 142 khoản 2 điểm b"),
    ("complaint", "enforcement_head", "first", "thads", "enforcement", CUC_THADS, "Luật THADS 2008 Điều 142 khoản 3 điểm a"),
    ("complaint", "enforcement_head", "second", "thads_kv1", "enforcement", CUC_THADS,
     "Luật THADS 2008 Điều 142 khoản 3 điểm b"),
    # k4 a: the Ministry's department resolved it first -> the Minister of Justice.
    ("complaint", "enforcement_head", "second", "thads", "enforcement", "Bộ trưởng Bộ Tư pháp",
     "Luật THADS 2008 Điều 142 khoản 4 điểm a"),
    ("complaint", "enforcement_coercion", "second", "thads", "enforcement", CUC_THADS, "Luật THADS 2008 Điều 142"),
    ("denunciation", "enforcement_head", "first", "thads", "enforcement", CUC_THADS,
     "Luật THADS 2008 Điều 157 khoản 2"),
]


@pytest.mark.parametrize(("kind", "against", "level", "body", "procedure", "expected", "basis"), ROWS)
def test_resolving_body(kind: str, against: str, level: str, body: str, procedure: str,
                        expected: str, basis: str, orgs: dict[str, Any],
                        corgs: dict[str, Any]) -> None:
    everyone = {**orgs, **corgs}
    # the last day of Luật THADS 2008 (the day decides only for enforcement)
    route = routing.resolving_body(kind=kind, against=against, level=level,
                                   complained_of=everyone[body], procedure=procedure, on=LAST_2008)
    if expected in everyone:
        assert (route.body, route.outside, route.name) == (everyone[expected], "", everyone[expected].name)
    else:  # a national body: no registry body, its name instead
        assert (route.body, route.outside, route.name) == (None, expected, expected)
    assert route.basis == basis


def test_heads_and_denunciations_have_no_second_level() -> None:
    assert routing.may_escalate("complaint", "court")
    assert not routing.may_escalate("complaint", "court_head")
    assert not routing.may_escalate("complaint", "procuracy_head")
    assert not routing.may_escalate("denunciation", "court")


# Received from 01/7/2026: Luật THADS 106/2025/QH15. Đ.98 k1: the provincial office's head
# resolves the first complaint about his own, his deputies' and his executors' acts (area
# offices included); k2: the Ministry's department the second (the Minister only reviews, k3).
# Đ.110 k1: a denounced officer -> the head of the body managing him; k2: a denounced provincial
# head -> the Ministry's department.
ROWS_2025 = [
    ("complaint", "enforcement_coercion", "first", "thads_kv1", "thads", "Luật THADS 2025 Điều 98 khoản 1"),
    ("complaint", "enforcement", "first", "thads", "thads", "Luật THADS 2025 Điều 98 khoản 1"),
    ("complaint", "enforcement_head", "first", "thads_kv1", "thads", "Luật THADS 2025 Điều 98 khoản 1"),
    ("complaint", "enforcement_head", "first", "thads", "thads", "Luật THADS 2025 Điều 98 khoản 1"),
    ("complaint", "enforcement_coercion", "second", "thads_kv1", CUC_THADS, "Luật THADS 2025 Điều 98 khoản 2"),
    ("complaint", "enforcement_head", "second", "thads", CUC_THADS, "Luật THADS 2025 Điều 98 khoản 2"),
    ("denunciation", "enforcement", "first", "thads_kv1", "thads_kv1", "Luật THADS 2025 Điều 110 khoản 1"),
    ("denunciation", "enforcement_head", "first", "thads", CUC_THADS, "Luật THADS 2025 Điều 110 khoản 2"),
    ("denunciation", "enforcement_head", "first", "thads_kv1", "thads", "Luật THADS 2025 Điều 110 khoản 1"),
]


@pytest.mark.parametrize(("kind", "against", "level", "body", "expected", "basis"), ROWS_2025)
def test_resolving_body_under_the_2025_enforcement_law(kind: str, against: str, level: str, body: str,
                                                      expected: str, basis: str, orgs: dict[str, Any],
                                                      corgs: dict[str, Any]) -> None:
    everyone = {**orgs, **corgs}
    route = routing.resolving_body(kind=kind, against=against, level=level, complained_of=everyone[body],
                                   procedure="enforcement", on=FIRST_2025)
    assert route.name == (everyone[expected].name if expected in everyone else expected)
    assert route.basis == basis
