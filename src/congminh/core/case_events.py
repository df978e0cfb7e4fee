"""The event vocabulary of a case's log (CONTRACTS.md section 1), with the Vietnamese
name each event has on screens and in import files, and the stage a case is in after it.

The law engine reads the same event types; this module only names them, so the import,
the API and the screens can validate and display events without loading the rules.
"""

from __future__ import annotations

from dataclasses import dataclass

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


_ALL = PROCEDURES
EVENT_TYPES: dict[str, EventType] = {
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


def event_type(code: str) -> EventType | None:
    return EVENT_TYPES.get(code)


def allowed_for(code: str, procedure: str) -> bool:
    et = EVENT_TYPES.get(code)
    return et is not None and procedure in et.procedures
