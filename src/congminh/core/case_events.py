"""The event vocabulary of a case's log (CONTRACTS.md section 1), with the Vietnamese
name each event has on screens and in import files, and the stage a case is in after it.

The law engine's vocabulary (`congminh.core.law.events`) is the source of truth: every
type it knows is accepted here, with the fields it requires or allows, so a clerk can
record anything the engine computes with. This module adds screen labels and stages.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from congminh.core.law import events as law_events
from congminh.core.text import fold

PROCEDURES = ("criminal", "civil", "administrative", "enforcement")
COURT_PROCEDURES = ("criminal", "civil", "administrative")

STAGES = {
    "crime_report": "Giải quyết nguồn tin",
    "investigation": "Điều tra",
    "supplementary_investigation": "Điều tra bổ sung",
    "prosecution": "Truy tố",
    "trial_preparation": "Chuẩn bị xét xử",
    "trial": "Xét xử sơ thẩm",
    "appeal": "Phúc thẩm",
    "enforcement": "Thi hành án",
    "suspended": "Tạm đình chỉ",
    "closed": "Kết thúc",
}


@dataclass(frozen=True)
class EventType:
    code: str
    procedures: tuple[str, ...]
    label_vi: str
    optional_fields: tuple[str, ...] = ()
    # The stage the case enters; None keeps the stage it was in.
    stage: str | None = None
    # Fields the law engine needs, and the values a field may take when it is limited.
    required_fields: tuple[str, ...] = ()
    choices: tuple[tuple[str, tuple[Any, ...]], ...] = ()


_ALL = PROCEDURES
_SCREEN_TYPES: dict[str, EventType] = {
    e.code: e
    for e in (
        EventType("report_received", ("criminal",), "Tiếp nhận tố giác, tin báo, kiến nghị khởi tố", (), "crime_report"),
        EventType("report_marked_complex", ("criminal",), "Vụ việc phức tạp (thời hạn 2 tháng)"),
        EventType("report_extended", ("criminal",), "Gia hạn giải quyết nguồn tin", ("months",)),
        EventType("report_suspended", ("criminal",), "Tạm đình chỉ giải quyết nguồn tin", ("ground",), "suspended"),
        EventType("report_resumed", ("criminal",), "Phục hồi giải quyết nguồn tin", ("ground",), "crime_report"),
        EventType("case_instituted", ("criminal",), "Khởi tố vụ án", (), "investigation"),
        EventType("investigation_extended", ("criminal",), "Gia hạn điều tra", ("months",)),
        EventType("investigation_suspended", ("criminal",), "Tạm đình chỉ điều tra", ("ground",), "suspended"),
        EventType("investigation_resumed", ("criminal",), "Phục hồi điều tra", ("ground",), "investigation"),
        EventType("investigation_concluded", ("criminal",), "Kết thúc điều tra, chuyển hồ sơ VKS", (), "prosecution"),
        EventType("prosecution_extended", ("criminal",), "Gia hạn quyết định việc truy tố", ("days",)),
        EventType("returned_for_investigation", ("criminal",), "Trả hồ sơ điều tra bổ sung", ("by",), "supplementary_investigation"),
        EventType("supplementary_investigation_concluded", ("criminal",), "Kết thúc điều tra bổ sung", (), "prosecution"),
        EventType("indicted", ("criminal",), "Quyết định truy tố", (), "trial_preparation"),
        EventType("accepted", COURT_PROCEDURES, "Tòa án thụ lý sơ thẩm", (), "trial_preparation"),
        EventType("preparation_extended", COURT_PROCEDURES, "Gia hạn chuẩn bị xét xử", ("days", "months")),
        EventType("suspended", _ALL, "Tạm đình chỉ", ("ground",), "suspended"),
        EventType("resumed", _ALL, "Tiếp tục (phục hồi) giải quyết", ("ground",)),
        EventType("brought_to_trial", COURT_PROCEDURES, "Quyết định đưa vụ án ra xét xử", (), "trial"),
        EventType("judgment_pronounced", COURT_PROCEDURES, "Tuyên án sơ thẩm", (), "trial"),
        EventType("appeal_received", COURT_PROCEDURES, "Tòa phúc thẩm nhận hồ sơ kháng cáo, kháng nghị", ("court",), "appeal"),
        EventType("closed", _ALL, "Đình chỉ, bản án có hiệu lực, kết thúc", ("reason",), "closed"),
        EventType("enforcement_decision_received", ("enforcement",), "Người phải thi hành nhận quyết định thi hành án", (), "enforcement"),
        EventType("conditions_verified", ("enforcement",), "Xác minh điều kiện thi hành án", ("able",)),
        EventType("postponed", ("enforcement",), "Hoãn thi hành án", ("ground",), "suspended"),
    )
}


# Stages entered by event types the contract does not list.
_EXTRA_STAGES = {"report_dismissed": "closed"}

# Details the rules read as conditions although `law.events` does not list them per
# event (they are in the engine's case schema): which event carries which, and the
# values allowed (None: free text or a list).
_SUSPENSIONS = ("report_suspended", "investigation_suspended", "suspended", "postponed")
_RULE_DETAILS: dict[str, dict[str, tuple[Any, ...] | None]] = {
    **{code: {"ground": None, "ground_ref": None} for code in _SUSPENSIONS},
    "expertise_ordered": {
        "expertise_kind": ("mental_state", "cause_of_death", "environmental_pollution", "age",
                           "injury", "controlled_items", "other"),
        "complex": (True, False),
    },
    "complaint_received": {"against": ("custody", "investigation", "procuracy"),
                           "level": ("first", "second")},
    "denunciation_received": {"against": ("custody", "investigation", "procuracy")},
    "returned_for_investigation": {"at": ("preparation", "hearing")},
    "judgment_pronounced": {"absent": None},
}


def _label(meaning: str) -> str:
    text = meaning.removeprefix("(added) ").strip()
    return text[:1].upper() + text[1:]


def _merge(code: str, law: law_events.EventType) -> EventType:
    """The screen entry for `code`, completed with what the law engine requires."""
    details = _RULE_DETAILS.get(code, {})
    choices = {k: v for k, v in law.required.items() if v is not None}
    choices.update(law.optional)
    choices.update({k: v for k, v in details.items() if v is not None})
    law_fields = tuple(law.required) + tuple(law.optional) + tuple(details)
    if law.needs_length:
        law_fields += law_events.LENGTH_ONE_OF
    base = _SCREEN_TYPES.get(code) or EventType(
        code, tuple(p for p in PROCEDURES if p in law.procedures), _label(law.meaning),
        stage=_EXTRA_STAGES.get(code),
    )
    fields = tuple(dict.fromkeys(base.optional_fields + law_fields))
    return replace(
        base, optional_fields=fields, required_fields=tuple(law.required),
        choices=tuple(sorted(choices.items())),
    )


EVENT_TYPES: dict[str, EventType] = {
    code: _merge(code, law) for code, law in law_events.EVENT_TYPES.items()
}


def event_type(code: str) -> EventType | None:
    return EVENT_TYPES.get(code)


def allowed_for(code: str, procedure: str) -> bool:
    et = EVENT_TYPES.get(code)
    return et is not None and procedure in et.procedures


# Fields any event may carry: who it concerns and which request it answers.
COMMON_FIELDS = frozenset({"person", "ref", "linked_request"})


def data_problems(code: str, data: dict[str, Any]) -> list[str]:
    """What is wrong with an event's details, in Vietnamese; empty when nothing is.

    >>> data_problems("returned_for_investigation", {})
    ["thiếu trường 'by'"]
    >>> data_problems("returned_for_investigation", {"by": "police"})
    ["trường 'by' phải là một trong: procuracy, court"]
    """
    et = EVENT_TYPES[code]
    problems = [f"thiếu trường '{f}'" for f in et.required_fields if data.get(f) in (None, "")]
    for name, allowed in et.choices:
        if name in data and data[name] not in allowed:
            values = ", ".join(str(v).lower() if isinstance(v, bool) else str(v) for v in allowed)
            problems.append(f"trường '{name}' phải là một trong: {values}")
    extra = sorted(set(data) - set(et.optional_fields) - COMMON_FIELDS)
    if extra:
        problems.append("trường không dùng cho sự kiện này: " + ", ".join(extra))
    return problems


# Yes / no as people type them, folded: «có», «không», «có điều kiện», true/false, 1/0.
YES_NO = {
    **{fold(w): True for w in ("có", "có điều kiện", "đủ điều kiện", "true", "yes", "đúng", "1", "x")},
    **{fold(w): False for w in ("không", "không có điều kiện", "chưa có điều kiện",
                                "không đủ điều kiện", "false", "no", "sai", "0")},
}
BOOL_FIELDS = frozenset({"able", "complex", "national_security"})
INT_FIELDS = frozenset({"months", "days"})
LIST_FIELDS = frozenset({"absent"})  # comma-separated names


def typed_detail(key: str, raw: str, code: str) -> Any:
    """A detail typed by a person ("complex=có", "months=2", "absent=A, B") as the engine
    stores it; None when it cannot be read. Text outside the event's choices is returned
    as typed, so `data_problems` names the allowed values. The case page's form and the
    import's «Chi tiết khác» column both read details through here.

    >>> typed_detail("complex", "có", "expertise_ordered"), typed_detail("months", "2", "investigation_extended")
    (True, 2)
    >>> typed_detail("level", "Higher", "protest_lodged")
    'higher'
    """
    choices = dict(EVENT_TYPES[code].choices).get(key, ())
    raw = raw.strip()
    if key in BOOL_FIELDS or (choices and all(isinstance(c, bool) for c in choices)):
        return YES_NO.get(fold(raw))
    if key in INT_FIELDS or (choices and all(type(c) is int for c in choices)):
        return int(raw) if raw.isdigit() and 0 < int(raw) < 1000 else None
    if key in LIST_FIELDS:
        return [n.strip() for n in raw.split(",") if n.strip()] or None
    return {fold(str(c)): c for c in choices}.get(fold(raw), raw)


def parse_details(code: str, text: str) -> tuple[dict[str, Any], list[str]]:
    """`key=value; key=value` typed by a person, and what could not be read (Vietnamese).

    >>> parse_details("expertise_ordered", "expertise_kind=injury; complex=không")
    ({'expertise_kind': 'injury', 'complex': False}, [])
    >>> parse_details("expertise_ordered", "complex")
    ({}, ['«complex» phải có dạng «trường=giá trị»'])
    """
    data: dict[str, Any] = {}
    problems: list[str] = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        key, sep, raw = (x.strip() for x in part.partition("="))
        if not sep or not key or not raw:
            problems.append(f"«{part}» phải có dạng «trường=giá trị»")
            continue
        value = typed_detail(key, raw, code)
        if value is None:
            problems.append(f"«{raw}» không phải giá trị hợp lệ của «{key}»")
        else:
            data[key] = value
    return data, problems
