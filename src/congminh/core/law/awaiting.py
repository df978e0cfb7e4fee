"""Why a case that is not finished has no running clock (status `awaiting`, CONTRACTS.md §1).

A case is `awaiting` when it has not ended (no case-level `closed`, no final event) and no
statutory clock runs: indicted and waiting for the court to accept the file, enforcement
able to proceed after the verification, a judgment whose windows have all lapsed, ...
The reason comes from the case's last stage event (up to `as_of`), as data: `REASON_VI`
below, and a generic sentence naming the event for any other type.

Stage events: events about one subject (custody of a person, an expertise or a request
keyed by `ref`, a complaint) or a requalification do not move the case from one stage to
the next, so they are skipped when looking for the last one (`SIDE_EVENTS`); so is any
event naming a `person` or a `ref`, except an appeal, which a person lodges against the
whole judgment.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Protocol

from .events import EVENT_TYPES
from .labels import event_vi

_SUBJECT_FIELDS = frozenset({"person", "ref"})

# Types that never move the case's stage: every type that requires a person or a ref, plus
# those the catalogue marks `side` (the requalification of the charges).
SIDE_EVENTS = frozenset(name for name, spec in EVENT_TYPES.items()
                        if _SUBJECT_FIELDS & set(spec.required) or spec.effects.side)
# Subject-scoped events that still concern the whole case.
_CASE_WIDE_WITH_SUBJECT = frozenset({"appeal_lodged"})

# The last stage event that ends the case when no clock runs after it (the catalogue's
# `final`; a case-level `closed` ends it whatever follows).
FINAL_EVENTS = frozenset(name for name, spec in EVENT_TYPES.items() if spec.effects.final)

_JUDGMENT_VI = "Chờ bản án có hiệu lực / quyết định tiếp theo"
_APPEAL_VI = "Chờ Tòa án cấp phúc thẩm nhận hồ sơ kháng cáo, kháng nghị"
REASON_VI: dict[str, str] = {
    "case_instituted": "Chờ Cơ quan điều tra tiến hành điều tra",
    "investigation_concluded": "Chờ Viện kiểm sát quyết định việc truy tố",
    "indicted": "Chờ Tòa án thụ lý",
    "judgment_pronounced": _JUDGMENT_VI,
    "judgment_issued": _JUDGMENT_VI,
    "appeal_lodged": _APPEAL_VI,
    "protest_lodged": _APPEAL_VI,
    "enforcement_decision_received": "Chờ xác minh điều kiện thi hành án",
    "conditions_verified": "Chờ tổ chức thi hành án",
}
NO_EVENT_VI = "Chưa ghi nhận bước tố tụng nào của vụ việc"


class _Event(Protocol):
    @property
    def type(self) -> str: ...

    @property
    def fields(self) -> Mapping[str, Any]: ...


def is_stage_event(event_type: str, fields: Mapping[str, Any]) -> bool:
    if event_type in SIDE_EVENTS:
        return False
    return event_type in _CASE_WIDE_WITH_SUBJECT or not _SUBJECT_FIELDS & fields.keys()


def last_stage_event(events: Sequence[_Event]) -> str | None:
    """The type of the last stage event of `events` (in date order), None if there is none."""
    for event in reversed(events):
        if is_stage_event(event.type, event.fields):
            return event.type
    return None


def awaiting_reason(last_stage: str | None) -> str:
    """What an `awaiting` case waits for, after its last stage event (a short Vietnamese text)."""
    if last_stage is None:
        return NO_EVENT_VI
    found = REASON_VI.get(last_stage)
    return found if found is not None else f"Chờ bước tố tụng tiếp theo sau «{event_vi(last_stage)}»"
