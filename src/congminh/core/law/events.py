"""The event vocabulary of `congminh law evaluate` (CONTRACTS.md §1) plus the additions.

Each entry: procedures it belongs to ("any" for all), required fields with their allowed
values (None = any non-empty value), and the Vietnamese meaning. The added types are marked
"added" in the meaning; they are documented in the rule files that use them and in
`schemas/case.schema.json`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

CRIMINAL = frozenset({"criminal"})
COURT = frozenset({"criminal", "civil", "administrative"})
ENFORCEMENT = frozenset({"enforcement"})
ANY = frozenset({"criminal", "civil", "administrative", "enforcement"})
PROCEDURES = ANY
CATEGORIES = ("less_serious", "serious", "very_serious", "especially_serious")
CASE_KINDS = {"civil": ("civil_family", "business_labour"), "administrative": ("ordinary", "short")}
LENGTH_ONE_OF = ("months", "days")


CUSTODY_STAGES = ("investigation", "prosecution", "supplementary_investigation", "trial", "judgment")
PROTEST_LEVELS = ("same", "higher")


@dataclass(frozen=True)
class Requirement:
    """What must already be in a case's history before an event may be recorded
    (`congminh.core.law.lawful`): at least one event of the types `any_of`, earlier in
    the history (same day counts when recorded before).

    `same`: the earlier event must carry the same value of this field (`ref`: the answer to
    a request names the request; `person`: a custody extension names the person held).
    `open`: the earlier event must still be unanswered by an event of this type (a
    resumption needs a suspension not yet resumed). `why` (Vietnamese) and `citation` say
    why; with no `citation`, the rule clock that starts on `any_of` and reacts to the event
    is cited (found in the rule files).
    """

    any_of: tuple[str, ...]
    why: str = ""
    citation: str | None = None
    same: str | None = None
    open: bool = False


@dataclass(frozen=True)
class EventType:
    procedures: frozenset[str]
    meaning: str
    required: Mapping[str, tuple[Any, ...] | None]
    needs_length: bool = False
    # Fields that may be absent but, when given, must be one of the values.
    optional: Mapping[str, tuple[Any, ...]] = field(default_factory=dict)
    # What must come before it in the history; None: nothing (checked by `lawful.py`).
    requires: Requirement | None = None


def _e(procs: frozenset[str], meaning: str, needs_length: bool = False,
       optional: Mapping[str, tuple[Any, ...]] | None = None, requires: Requirement | None = None,
       **required: tuple[Any, ...] | None) -> EventType:
    return EventType(procs, meaning, required, needs_length, optional or {}, requires)


def _after(*any_of: str, why: str = "", citation: str | None = None, same: str | None = None,
           open: bool = False) -> Requirement:
    return Requirement(tuple(any_of), why, citation, same, open)


# Prerequisites shared by several event types.
_REPORT = _after("report_received", why="thời hạn giải quyết nguồn tin tính từ ngày tiếp nhận tố "
                 "giác, tin báo, kiến nghị khởi tố")
_INVESTIGATION = _after("case_instituted", why="thời hạn điều tra tính từ khi khởi tố vụ án")
# Tạm giam chỉ áp dụng với bị can, bị cáo (Đ.119): a case instituted, or a later step that
# presupposes it (a history recorded by the procuracy or the court starts there).
_ACCUSED = _after("case_instituted", "investigation_concluded", "indicted", "accepted",
                  why="tạm giam chỉ áp dụng đối với bị can, bị cáo, tức là sau khi đã khởi tố vụ án",
                  citation="BLTTHS 2015 Điều 119")
_TRIAL = _after("accepted", why="việc chuẩn bị xét xử bắt đầu từ khi Tòa án thụ lý vụ án")
_JUDGMENT = _after("brought_to_trial", "accepted", "appeal_received",
                   why="bản án chỉ có sau khi Tòa án thụ lý, đưa vụ án ra xét xử")
_EXPERTISE = _after("expertise_ordered", same="ref",
                    why="cần quyết định trưng cầu giám định cùng số ('ref') trước đó")
_COMPLAINT = _after("complaint_received", same="ref",
                    why="cần việc thụ lý khiếu nại cùng số ('ref') trước đó")
_DENUNCIATION = _after("denunciation_received", same="ref",
                       why="cần việc thụ lý tố cáo cùng số ('ref') trước đó")


EVENT_TYPES: dict[str, EventType] = {
    # criminal: crime reports
    "report_received": _e(CRIMINAL, "tiếp nhận tố giác, tin báo, kiến nghị khởi tố"),
    "report_marked_complex": _e(CRIMINAL, "vụ việc phức tạp: thời hạn 2 tháng kể từ ngày tiếp nhận",
                                   requires=_REPORT),
    "report_extended": _e(CRIMINAL, "Viện kiểm sát gia hạn giải quyết nguồn tin", True, requires=_REPORT),
    "report_suspended": _e(CRIMINAL, "tạm đình chỉ giải quyết nguồn tin", requires=_REPORT),
    "report_resumed": _e(CRIMINAL, "phục hồi giải quyết nguồn tin", requires=_after(
        "report_suspended", open=True, why="chỉ phục hồi được việc giải quyết nguồn tin đang tạm đình chỉ")),
    "report_dismissed": _e(CRIMINAL, "(added) quyết định không khởi tố vụ án"),
    # criminal: investigation and prosecution
    "case_instituted": _e(CRIMINAL, "khởi tố vụ án"),
    "investigation_extended": _e(CRIMINAL, "gia hạn điều tra", True, requires=_INVESTIGATION),
    "investigation_suspended": _e(CRIMINAL, "tạm đình chỉ điều tra", requires=_after(
        "case_instituted", "returned_for_investigation",
        why="chỉ tạm đình chỉ được việc điều tra, điều tra bổ sung sau khi khởi tố vụ án")),
    "investigation_resumed": _e(CRIMINAL, "phục hồi điều tra", requires=_after(
        "investigation_suspended", open=True, why="chỉ phục hồi được việc điều tra đang tạm đình chỉ")),
    "investigation_concluded": _e(CRIMINAL, "kết thúc điều tra, hồ sơ chuyển Viện kiểm sát",
                                   requires=_INVESTIGATION),
    "prosecution_extended": _e(CRIMINAL, "gia hạn quyết định việc truy tố", True, requires=_after(
        "investigation_concluded", "supplementary_investigation_concluded",
        why="thời hạn quyết định việc truy tố tính từ khi Viện kiểm sát nhận hồ sơ vụ án và bản "
        "kết luận điều tra")),
    "returned_for_investigation": _e(CRIMINAL, "trả hồ sơ điều tra bổ sung", requires=_after(
        "investigation_concluded", "supplementary_investigation_concluded", "indicted", "accepted",
        why="chỉ trả hồ sơ được khi Viện kiểm sát hoặc Tòa án đã nhận hồ sơ vụ án"),
                                     by=("procuracy", "court")),
    "supplementary_investigation_concluded": _e(CRIMINAL, "kết thúc điều tra bổ sung", requires=_after(
        "returned_for_investigation", why="điều tra bổ sung chỉ có sau khi hồ sơ bị trả để điều tra bổ sung")),
    "indicted": _e(CRIMINAL, "quyết định truy tố", requires=_after(
        "investigation_concluded", "supplementary_investigation_concluded",
        why="Viện kiểm sát quyết định việc truy tố sau khi nhận hồ sơ vụ án và bản kết luận điều tra")),
    # criminal: custody, per accused (`person`)
    "holding_ordered": _e(CRIMINAL, "(added) quyết định tạm giữ", person=None),
    "holding_extended": _e(CRIMINAL, "(added) gia hạn tạm giữ", True, requires=_after(
        "holding_ordered", same="person", why="cần quyết định tạm giữ người này trước đó"), person=None),
    "holding_ended": _e(CRIMINAL, "(added) kết thúc tạm giữ (trả tự do, chuyển biện pháp khác)",
                        requires=_after("holding_ordered", same="person",
                                        why="cần quyết định tạm giữ người này trước đó"),
                        person=None),
    "detention_ordered": _e(CRIMINAL, "(added) lệnh tạm giam (để điều tra, truy tố, xét xử, theo giai "
                            "đoạn đang chạy hoặc trường 'custody_stage')",
                            optional={"custody_stage": CUSTODY_STAGES}, requires=_ACCUSED,
                            person=None),
    "detention_extended": _e(CRIMINAL, "(added) gia hạn tạm giam", True, requires=_after(
        "detention_ordered", same="person", why="cần lệnh tạm giam người này trước đó"), person=None),
    "detention_ended": _e(CRIMINAL, "(added) kết thúc tạm giam (hủy, thay thế, trả tự do)",
                          requires=_after("detention_ordered", same="person",
                                          why="cần lệnh tạm giam người này trước đó"),
                          person=None),
    # courts
    "accepted": _e(COURT, "tòa án thụ lý (sơ thẩm)"),
    "preparation_extended": _e(COURT, "gia hạn chuẩn bị xét xử", True, requires=_TRIAL),
    "suspended": _e(ANY, "tạm đình chỉ giải quyết / thi hành"),
    "resumed": _e(ANY, "tiếp tục (phục hồi) giải quyết / thi hành", requires=_after(
        "suspended", "postponed", open=True,
        why="chỉ tiếp tục (phục hồi) được việc giải quyết, thi hành đang tạm đình chỉ hoặc hoãn")),
    "brought_to_trial": _e(COURT, "quyết định đưa vụ án ra xét xử", requires=_TRIAL),
    "hearing_extended": _e(COURT, "(added) lùi thời hạn mở phiên tòa vì lý do chính đáng / bất khả kháng",
                           True, requires=_after(
                               "brought_to_trial", why="thời hạn mở phiên tòa tính từ ngày có quyết "
                               "định đưa vụ án ra xét xử")),
    "judgment_pronounced": _e(COURT, "tuyên án", requires=_JUDGMENT),
    "appeal_received": _e(COURT, "tòa phúc thẩm nhận hồ sơ kháng cáo, kháng nghị", requires=_after(
        "judgment_pronounced", why="phúc thẩm là xét xử lại bản án, quyết định sơ thẩm bị kháng cáo, "
        "kháng nghị"), court=("provincial", "supreme_appellate")),
    "appeal_extended": _e(COURT, "(added) gia hạn chuẩn bị xét xử phúc thẩm", True, requires=_after(
        "appeal_received", why="thời hạn chuẩn bị xét xử phúc thẩm tính từ ngày Tòa án cấp phúc thẩm "
        "nhận hồ sơ vụ án")),
    "closed": _e(ANY, "đình chỉ, bản án có hiệu lực, kết thúc"),
    # enforcement
    "enforcement_decision_received": _e(ENFORCEMENT, "người phải thi hành nhận quyết định thi hành án"),
    "conditions_verified": _e(ENFORCEMENT, "xác minh điều kiện thi hành án", able=(True, False)),
    "postponed": _e(ENFORCEMENT, "hoãn thi hành án"),
    # requests to outside bodies (any procedure), keyed by `ref`
    "expertise_ordered": _e(ANY, "(added) tổ chức/người giám định nhận quyết định trưng cầu kèm hồ sơ đầy đủ",
                            ref=None),
    "expertise_extended": _e(ANY, "(added) cơ quan trưng cầu gia hạn giám định", True,
                             requires=_EXPERTISE, ref=None),
    "expertise_documents_requested": _e(ANY, "(added) người giám định đề nghị bổ sung tài liệu (thời gian chờ không tính)",
                                        requires=_EXPERTISE, ref=None),
    "expertise_documents_received": _e(ANY, "(added) nhận đủ tài liệu bổ sung cho giám định",
                                       requires=_after(
                                           "expertise_documents_requested", same="ref", open=True,
                                           why="cần đề nghị bổ sung tài liệu giám định cùng số "
                                           "('ref') chưa được đáp ứng"),
                                       ref=None),
    "expertise_result_received": _e(ANY, "(added) nhận kết luận giám định", requires=_EXPERTISE,
                                    ref=None),
    "expertise_refused": _e(ANY, "(added) từ chối giám định", requires=_EXPERTISE, ref=None),
    "evidence_requested": _e(ANY, "(added) cơ quan, tổ chức nhận yêu cầu cung cấp tài liệu, chứng cứ",
                             ref=None),
    "evidence_received": _e(ANY, "(added) nhận tài liệu, chứng cứ đã yêu cầu", requires=_after(
        "evidence_requested", same="ref", why="cần yêu cầu cung cấp tài liệu, chứng cứ cùng số "
        "('ref') trước đó"), ref=None),
    "complaint_received": _e(ANY, "(added) thụ lý khiếu nại trong hoạt động tư pháp", ref=None),
    "complaint_extended": _e(ANY, "(added) gia hạn giải quyết khiếu nại (vụ việc phức tạp)", True,
                             requires=_COMPLAINT, ref=None),
    "complaint_resolved": _e(ANY, "(added) quyết định giải quyết khiếu nại", requires=_COMPLAINT,
                             ref=None),
    "denunciation_received": _e(ANY, "(added) thụ lý tố cáo trong hoạt động tư pháp", ref=None),
    "denunciation_extended": _e(ANY, "(added) gia hạn giải quyết tố cáo (vụ việc phức tạp)", True,
                                requires=_DENUNCIATION, ref=None),
    "denunciation_resolved": _e(ANY, "(added) kết luận nội dung tố cáo", requires=_DENUNCIATION,
                                ref=None),
    # Added after the first pass; kept last so the bulk path's event codes stay stable.
    # after a first-instance judgment (BLTTHS Đ.262, Đ.333, Đ.337; BLTTDS Đ.273, Đ.280;
    # Luật TTHC Đ.206, Đ.213)
    "judgment_issued": _e(COURT, "(added) Tòa án giao, gửi bản án sơ thẩm", requires=_JUDGMENT),
    "judgment_delivered": _e(COURT, "(added) người vắng mặt khi tuyên án nhận được bản án hoặc bản án "
                                    "được niêm yết", requires=_JUDGMENT, person=None),
    "appeal_lodged": _e(COURT, "(added) kháng cáo bản án sơ thẩm (ngày nộp đơn, dấu bưu điện hoặc "
                               "ngày giám thị nhận đơn)"),
    "protest_lodged": _e(COURT, "(added) Viện kiểm sát kháng nghị bản án sơ thẩm",
                         optional={"level": PROTEST_LEVELS}),
    # criminal: requalification (khởi tố thay đổi, bổ sung) into another crime category
    "charges_requalified": _e(CRIMINAL, "(added) thay đổi, bổ sung quyết định khởi tố: loại tội mới",
                              optional={"national_security": (True, False)}, category=CATEGORIES),
}

# Events that may legitimately change no clock (answers, pronouncements, closures).
PASSIVE = frozenset({
    "closed", "judgment_pronounced", "expertise_result_received", "evidence_received",
    "conditions_verified", "indicted", "report_dismissed", "evidence_requested",
    "judgment_issued", "judgment_delivered", "appeal_lodged", "protest_lodged",
    "charges_requalified",
})

CATEGORY_VI = {"less_serious": "ít nghiêm trọng", "serious": "nghiêm trọng",
               "very_serious": "rất nghiêm trọng", "especially_serious": "đặc biệt nghiêm trọng"}

# Answers that end a suspension's ground (flag `suspended_ground_ended`).
GROUND_ANSWERS = {"expertise": "expertise_result_received", "evidence": "evidence_received"}
