"""The event table of the contract (CONTRACTS.md §1), written from the catalogue.

`docs/events.md` is this module's output (`congminh law events`); a test keeps the two
equal, so the table a data provider reads is the catalogue the engine runs on.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .events import EVENT_TYPES, PROCEDURE_ORDER, EventType
from .rules import RuleSet, default_rules

HEADER = """# Sự kiện của vụ việc (bảng sự kiện của hợp đồng `congminh law evaluate`)

Sinh tự động từ danh mục sự kiện `src/congminh/core/law/events.py` và các tệp quy tắc
`src/congminh/core/law/rules/*.yaml` bằng lệnh `congminh law events > docs/events.md`;
đừng sửa tay. Mỗi sự kiện: thủ tục, mã (`type`), ý nghĩa, các trường bắt buộc và tùy chọn
(giá trị cho phép), sự kiện phải có trước, và các thời hạn (quy tắc) nó mở, kết thúc, gia
hạn, tạm dừng hoặc cho tiếp tục. Trường chung của mọi sự kiện: `type`, `date` (YYYY-MM-DD).

| thủ tục | `type` | ý nghĩa | trường bắt buộc | trường tùy chọn | cần có trước | thời hạn liên quan |
|---|---|---|---|---|---|---|
"""


def _values(values: Iterable[Any] | None) -> str:
    if values is None:
        return ""
    shown = ["true" if v is True else "false" if v is False else str(v) for v in values]
    return ": " + " / ".join(f"`{v}`" for v in shown)


def _only(name: str, spec: EventType) -> str:
    """A field of some of the event's procedures only (`only_for`): which."""
    if name not in spec.only_for:
        return ""
    return " (chỉ " + ", ".join(p for p in PROCEDURE_ORDER if p in spec.only_for[name][0]) + ")"


def _fields(names: Iterable[str], spec: EventType) -> str:
    choices = dict(spec.choices)
    return "; ".join(f"`{name}`{_values(choices.get(name))}{_only(name, spec)}" for name in names)


def _clocks(code: str, rules: RuleSet) -> str:
    parts: dict[str, set[str]] = {}
    for rule in rules.all():
        roles = []
        if any(s.event == code for s in rule.starts):
            roles.append("mở")
        if code in rule.ends or code in rule.end_when:
            roles.append("kết thúc")
        if code == rule.extend_event:
            roles.append("gia hạn")
        if code in rule.suspend_events:
            roles.append("tạm dừng")
        if code in rule.resume_events:
            roles.append("tiếp tục")
        for role in roles:
            parts.setdefault(role, set()).add(rule.id)
    return "; ".join(f"{role}: {', '.join(sorted(ids))}" for role, ids in parts.items())


def _row(code: str, spec: EventType, rules: RuleSet) -> str:
    procedures = ", ".join(p for p in PROCEDURE_ORDER if p in spec.procedures)
    meaning = spec.meaning.removeprefix("(added) ")
    required = _fields(spec.required_fields, spec)
    optional = _fields([f for f in spec.optional_fields if f not in spec.required_fields], spec)
    before = ""
    if spec.requires is not None:
        before = " hoặc ".join(f"`{t}`" for t in spec.requires.any_of)
        if spec.requires.same:
            before += f" (cùng `{spec.requires.same}`)"
    cells = [procedures, f"`{code}`", meaning, required, optional, before, _clocks(code, rules)]
    return "| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |"


def markdown(rules: RuleSet | None = None) -> str:
    """The whole table, one row per event type in the catalogue's order."""
    rules = rules or default_rules()
    return HEADER + "\n".join(_row(code, spec, rules) for code, spec in EVENT_TYPES.items()) + "\n"
