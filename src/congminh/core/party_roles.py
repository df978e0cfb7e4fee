"""The Vietnamese name of a party's role, as the law names it at the stage the case is at.

A criminal case stores one role for the person it is against, but BLTTHS 2015 names that
person by the stage: "người bị tố giác, người bị kiến nghị khởi tố" while the report is
checked (Điều 57), "bị can" once charged (Điều 60), "bị cáo" once the court has decided
to try them (Điều 61). The other procedures name their parties once for all (BLTTDS 2015
Điều 68, Luật TTHC 2015 Điều 3, Luật THADS). Screens name roles through this function.
"""

from __future__ import annotations

# The roles that stand for the person a criminal case is against.
ACCUSED_ROLES = frozenset({"suspect", "accused", "defendant"})

_ACCUSED_BY_STAGE = {
    "crime_report": "Người bị tố giác / người bị kiến nghị khởi tố",
    "investigation": "Bị can",
    "supplementary_investigation": "Bị can",
    "prosecution": "Bị can",
    "trial_preparation": "Bị cáo",
    "trial": "Bị cáo",
    "appeal": "Bị cáo",
    "enforcement": "Người phải thi hành án",
}

_RELATED = "Người có quyền lợi, nghĩa vụ liên quan"

_BY_PROCEDURE: dict[str, dict[str, str]] = {
    "criminal": {"victim": "Bị hại", "related": _RELATED},
    "civil": {
        "plaintiff": "Nguyên đơn", "respondent": "Bị đơn", "defendant": "Bị đơn",
        "related": _RELATED,
    },
    "administrative": {
        "plaintiff": "Người khởi kiện", "respondent": "Người bị kiện",
        "defendant": "Người bị kiện", "related": _RELATED,
    },
    "enforcement": {
        "creditor": "Người được thi hành án", "debtor": "Người phải thi hành án",
        "related": _RELATED,
    },
}

# A role recorded in a procedure that does not use it, or a suspended or closed
# criminal case (the stage before is not known here): the role's own name.
_DEFAULT = {
    "suspect": "Bị can",
    "accused": "Bị cáo",
    "defendant": "Bị cáo",
    "victim": "Bị hại",
    "plaintiff": "Nguyên đơn",
    "respondent": "Bị đơn",
    "related": _RELATED,
    "creditor": "Người được thi hành án",
    "debtor": "Người phải thi hành án",
}


def party_role_label(role: str, procedure: str, stage: str = "") -> str:
    """The Vietnamese name of `role` in a `procedure` case at `stage` (the role itself
    when unknown).

    >>> party_role_label("accused", "criminal", "prosecution")
    'Bị can'
    >>> party_role_label("suspect", "criminal", "trial")
    'Bị cáo'
    >>> party_role_label("respondent", "administrative", "trial")
    'Người bị kiện'
    """
    if procedure == "criminal" and role in ACCUSED_ROLES:
        by_stage = _ACCUSED_BY_STAGE.get(stage)
        if by_stage:
            return by_stage
    return _BY_PROCEDURE.get(procedure, {}).get(role) or _DEFAULT.get(role, role)
