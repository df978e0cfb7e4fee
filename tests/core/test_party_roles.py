"""A party's role is named as the law names it at the stage the case is at."""

from __future__ import annotations

import pytest

from congminh.core.case_events import STAGES
from congminh.core.party_roles import party_role_label

CHARGED = "Bị can"
TRIED = "Bị cáo"


@pytest.mark.parametrize("role", ["suspect", "accused", "defendant"])
@pytest.mark.parametrize(
    ("stage", "label"),
    [
        ("crime_report", "Người bị tố giác / người bị kiến nghị khởi tố"),
        ("investigation", CHARGED),
        ("supplementary_investigation", CHARGED),
        ("prosecution", CHARGED),
        ("trial_preparation", TRIED),
        ("trial", TRIED),
        ("appeal", TRIED),
        ("enforcement", "Người phải thi hành án"),
    ],
)
def test_the_accused_is_named_by_the_stage(role: str, stage: str, label: str) -> None:
    assert party_role_label(role, "criminal", stage) == label


@pytest.mark.parametrize(
    ("role", "stage", "label"),
    [("suspect", "", CHARGED), ("accused", "suspended", TRIED), ("accused", "closed", TRIED)],
)
def test_without_a_stage_the_role_keeps_its_own_name(role: str, stage: str, label: str) -> None:
    assert party_role_label(role, "criminal", stage) == label


@pytest.mark.parametrize(
    ("role", "procedure", "label"),
    [
        ("victim", "criminal", "Bị hại"),
        ("plaintiff", "civil", "Nguyên đơn"),
        ("respondent", "civil", "Bị đơn"),
        ("related", "civil", "Người có quyền lợi, nghĩa vụ liên quan"),
        ("plaintiff", "administrative", "Người khởi kiện"),
        ("respondent", "administrative", "Người bị kiện"),
        ("related", "administrative", "Người có quyền lợi, nghĩa vụ liên quan"),
        ("creditor", "enforcement", "Người được thi hành án"),
        ("debtor", "enforcement", "Người phải thi hành án"),
    ],
)
def test_other_roles_do_not_depend_on_the_stage(role: str, procedure: str, label: str) -> None:
    assert {party_role_label(role, procedure, stage) for stage in [*STAGES, ""]} == {label}


def test_every_stored_role_has_a_vietnamese_name() -> None:
    roles = ["suspect", "accused", "defendant", "victim", "plaintiff", "respondent", "related",
             "creditor", "debtor"]
    for role in roles:
        for procedure in ("criminal", "civil", "administrative", "enforcement"):
            for stage in [*STAGES, ""]:
                label = party_role_label(role, procedure, stage)
                assert label and label != role and not label.isascii(), (role, procedure, stage)
    assert party_role_label("unknown", "civil", "") == "unknown"
