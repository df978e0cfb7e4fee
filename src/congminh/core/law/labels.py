"""Vietnamese names for the engine's codes: events, obligation holders, categories.

Codes (`brought_to_trial`, `investigation_agency`, ...) stay in the data (`Step.data`, the
result's `holder`); every text shown to users goes through these names instead.

`with_labels(result)` adds the display fields to an `evaluate_case` result (today
`holder_vi` on each obligation). It is applied where results leave the engine for people
(the `congminh law evaluate` output), not inside `evaluate_case`: the bulk path
(`bulk/`) must return exactly what `evaluate_case` returns, and a field added on one side
only would break that agreement. Screens reading stored obligations call `holder_vi()`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .events import CATEGORY_VI, EVENT_TYPES

# Who must act on the clock (`Rule.holder`); one entry per holder used in `rules/*.yaml`
# (tests/core/law/test_labels.py keeps it complete).
HOLDER_VI = {
    "investigation_agency": "Cơ quan điều tra",
    "procuracy": "Viện kiểm sát",
    "higher_procuracy": "Viện kiểm sát cấp trên",
    "court": "Tòa án",
    "parties": "Người có quyền kháng cáo",
    "enforcement_office": "Cơ quan thi hành án dân sự",
    "debtor": "Người phải thi hành án",
    "expertise_body": "Tổ chức, người giám định tư pháp",
    "requested_body": "Cơ quan, tổ chức, cá nhân được yêu cầu cung cấp tài liệu, chứng cứ",
}

PROCEDURE_VI = {"criminal": "hình sự", "civil": "dân sự", "administrative": "hành chính",
                "enforcement": "thi hành án dân sự"}

# Short labels where `EventType.meaning` is written for the input's authors (it names
# input fields or explains the counting) rather than for a sentence like "Kết thúc ngày …
# (…)". Every other event uses its meaning without the "(added) " marker.
_EVENT_SHORT_VI = {
    "report_marked_complex": "xác định vụ việc phức tạp",
    "detention_ordered": "lệnh tạm giam",
    "holding_ended": "kết thúc tạm giữ",
    "detention_ended": "kết thúc tạm giam",
    "expertise_documents_requested": "người giám định đề nghị bổ sung tài liệu",
    "appeal_lodged": "kháng cáo bản án sơ thẩm",
    "charges_requalified": "thay đổi, bổ sung quyết định khởi tố",
    # Not input events: how the reducer or the single-clock API ends a clock.
    "restarted": "khởi động lại thời hạn",
    "done": "đã thực hiện",
}


def event_vi(code: str) -> str:
    """The Vietnamese name of an event type (the code itself if unknown)."""
    short = _EVENT_SHORT_VI.get(code)
    if short is not None:
        return short
    spec = EVENT_TYPES.get(code)
    return spec.meaning.removeprefix("(added) ") if spec else code


def holder_vi(code: str) -> str:
    """The Vietnamese name of an obligation's holder (the code itself if unknown)."""
    return HOLDER_VI.get(code, code)


def category_vi(code: Any) -> str:
    return CATEGORY_VI.get(str(code), str(code))


def with_labels(result: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of an `evaluate_case` result with `holder_vi` after each obligation's `holder`."""
    out = dict(result)
    for key in ("open_obligations", "closed_obligations"):
        if key in result:
            out[key] = [_labelled(o) for o in result[key]]
    return out


def _labelled(obligation: Mapping[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in obligation.items():
        out[key] = value
        if key == "holder":
            out["holder_vi"] = holder_vi(str(value))
    return out
