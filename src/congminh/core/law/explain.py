"""How each due date was reached, as structured steps and as Vietnamese text.

`explain_case(case, as_of)` returns an `Explanation`; the web case page renders its
`clocks[*].steps` (each with `kind`, Vietnamese `text` and raw `data`), the CLI prints
`text_vi()`. Dates are dd/mm/yyyy on screen. Texts name events, holders and categories in
Vietnamese (`labels.py`); the codes stay in `data`. The rule step names the law applied and,
for a rule with several versions (a change of law), which version and why.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .clocks import LawError, add_length, in_limit_units
from .dates import vi
from .evaluate import Engine, Evaluated, evaluate_case, evaluate_clocks, is_open, judgment_of
from .judgment import JudgmentFacts
from .labels import category_vi, event_vi
from .reduce import reduce_case
from .rules import Rule, RuleSet
from .working_calendar import CalendarRangeError, WorkingCalendar

STATUS_VI = {
    "on_time": "trong hạn", "due_soon": "sắp hết hạn", "overdue": "quá hạn",
    "suspended": "tạm đình chỉ", "closed": "đã kết thúc", "error": "lỗi dữ liệu",
}
FLAG_VI = {
    "backlog": "tồn đọng", "prolonged": "kéo dài",
    "suspended_ground_ended": "tạm đình chỉ nhưng đã hết lý do",
    "extension_request_due": "đến hạn đề nghị gia hạn",
    "custody_expiring_before_renewal": "lệnh tạm giữ, tạm giam sắp hết hạn (hoặc đã hết) mà chưa gia hạn, "
                                       "thay lệnh hoặc trả tự do",
}


@dataclass(frozen=True)
class Step:
    kind: str  # rule | start | requalify | base | extension | pause | roll | cap | headroom | end | status
    text: str
    data: Mapping[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class ClockExplanation:
    rule_id: str
    title: str
    basis: str
    subject: str | None
    open: bool
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Explanation:
    case_id: Any
    as_of: date
    status: str
    flags: tuple[str, ...]
    clocks: tuple[ClockExplanation, ...]
    errors: tuple[str, ...]
    judgment: JudgmentFacts | None = None  # the first-instance judgment's derived state

    def text_vi(self) -> str:
        lines = [f"Vụ việc {self.case_id} - tính đến ngày {vi(self.as_of)}: "
                 f"{STATUS_VI.get(self.status, self.status)}"]
        if self.flags:
            lines.append("Cờ: " + ", ".join(FLAG_VI.get(f, f) for f in self.flags))
        lines += [f"Lỗi: {e}" for e in self.errors]
        if self.judgment is not None:
            lines.append(self.judgment.text_vi())
        for clock in self.clocks:
            who = f" - {clock.subject}" if clock.subject else ""
            state = "đang chạy" if clock.open else "đã kết thúc"
            lines.append("")
            lines.append(f"* {clock.title}{who} ({clock.basis}; {state})")
            lines += [f"  - {step.text}" for step in clock.steps]
        return "\n".join(lines)


def _short(day: date) -> str:
    return f"{day.day}/{day.month}"


def _join(days: list[date]) -> str:
    """`30/4 và 1/5`, or `2-3/5` for a run inside one month."""
    if len(days) > 1 and days[0].month == days[-1].month and (days[-1] - days[0]).days == len(days) - 1:
        return f"{days[0].day}-{_short(days[-1])}"
    names = [_short(d) for d in days]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " và " + names[-1]


def roll_reason(skipped: tuple[date, ...], calendar: WorkingCalendar) -> str:
    """E.g. `30/4 và 1/5 là ngày lễ, 2-3/5 là ngày nghỉ cuối tuần`."""
    groups: list[tuple[bool, list[date]]] = []
    for day in skipped:
        holiday = calendar.holiday_name(day) is not None
        if groups and groups[-1][0] == holiday:
            groups[-1][1].append(day)
        else:
            groups.append((holiday, [day]))
    parts = [f"{_join(days)} là {'ngày lễ' if hol else 'ngày nghỉ cuối tuần'}" for hol, days in groups]
    return ", ".join(parts)


def _version_text(rule: Rule, rules: RuleSet) -> str:
    """Which version of a rule that changed with the law applies, and why ('' if one version)."""
    versions = rules.versions_of(rule.id)
    if len(versions) < 2:
        return ""
    period = f"từ ngày {vi(rule.valid_from)}"
    if rule.valid_to is not None:
        period += f" đến ngày {vi(rule.valid_to)}"
    others = "; ".join(f"{v.citation.law} áp dụng " + (f"đến ngày {vi(v.valid_to)}" if v.valid_to
                                                         else f"từ ngày {vi(v.valid_from)}")
                       for v in versions if v is not rule)
    text = (f". Áp dụng {rule.citation.law} (quy định có hiệu lực {period}) vì sự kiện làm phát "
            f"sinh thời hạn xảy ra trong khoảng đó; {others}")
    if rule.note:
        text += f". Lưu ý: {rule.note}"
    return text


def _pending_text(rule: Rule, start: date) -> str:
    """The warning of a rule a new law may already have replaced (unconfirmed) on `start`."""
    if rule.pending_change is None or start < rule.pending_change[0]:
        return ""
    return f". Lưu ý: {rule.pending_change[1]}"


def _steps(item: Evaluated, as_of: date, calendar: WorkingCalendar, rules: RuleSet) -> list[Step]:
    rule, clock = item.rule, item.clock
    limit = rule.limits[clock.limit_index]
    basis = limit.citation.text()
    pending = _pending_text(rule, clock.start)
    steps = [Step("rule", f"Quy tắc {rule.id}: {rule.title}, căn cứ {basis}"
                          f"{_version_text(rule, rules)}{pending}",
                  {"rule": rule.id, "basis": basis, "confidence": "M" if pending else limit.confidence,
                   "law": rule.citation.law, "valid_from": rule.valid_from.isoformat(),
                   "valid_to": rule.valid_to.isoformat() if rule.valid_to else None}),
             Step("start", f"Bắt đầu từ ngày {vi(clock.start)} ({event_vi(clock.start_event)})",
                  {"event": clock.start_event, "date": clock.start.isoformat()})]
    steps += _requalify_steps(item)
    counted = "tính cả ngày đầu" if rule.first_day_counted else "không tính ngày đầu"
    base_end = add_length(clock.start, limit.duration, calendar, rule.first_day_counted)
    steps.append(Step("base", f"Thời hạn {limit.duration.text_vi()} ({counted}) → hết ngày {vi(base_end)}",
                      {"length": limit.duration.length, "unit": limit.duration.unit,
                       "end": base_end.isoformat()}))
    end = base_end
    for index, raw_ext in enumerate(clock.extensions):
        ext = in_limit_units(raw_ext, limit)
        tier = limit.extensions[index] if index < len(limit.extensions) else None
        end = add_length(end, ext.length, calendar)
        left = len(limit.extensions) - index - 1
        who = f" ({tier.approver}, tối đa {tier.max.text_vi()})" if tier else ""
        steps.append(Step("extension",
                          f"Gia hạn lần {index + 1} ngày {vi(ext.granted)}: thêm {ext.length.text_vi()}"
                          f"{who} → hết ngày {vi(end)}; còn {left} lần gia hạn",
                          {"granted": ext.granted.isoformat(), "length": ext.length.length,
                           "unit": ext.length.unit, "end": end.isoformat(), "tiers_left": left}))
    for pause in clock.pauses:
        if pause.end is None:
            why = f" ({event_vi(pause.event)})" if pause.event else ""
            steps.append(Step("pause", f"Tạm dừng từ ngày {vi(pause.start)}{why}, chưa tiếp tục: "
                                       "thời hạn đang dừng",
                              {"from": pause.start.isoformat(), "event": pause.event}))
        else:
            steps.append(Step("pause", f"Tạm dừng từ {vi(pause.start)} đến {vi(pause.end)}: "
                                       f"{pause.days()} ngày không tính vào thời hạn",
                              {"from": pause.start.isoformat(), "to": pause.end.isoformat(),
                               "days": pause.days()}))
    dates = item.dates
    if dates is not None:
        if dates.skipped:
            steps.append(Step("roll", f"Hạn {vi(dates.legal_end)} rơi vào ngày nghỉ: "
                                      f"{roll_reason(dates.skipped, calendar)} → chuyển sang "
                                      f"ngày làm việc tiếp theo {vi(dates.due)}",
                              {"legal_end": dates.legal_end.isoformat(), "due": dates.due.isoformat(),
                               "skipped": [d.isoformat() for d in dates.skipped]}))
        elif not rule.roll:
            steps.append(Step("roll", f"Hạn {vi(dates.due)}: không chuyển sang ngày làm việc "
                                      "(thời hạn tạm giữ, tạm giam kết thúc đúng ngày ghi trong lệnh)",
                              {"due": dates.due.isoformat()}))
        if dates.cap is not None and dates.uncapped_due is not None:
            binds = dates.cap < dates.uncapped_due
            text = (f"Không được quá thời hạn của giai đoạn ({dates.cap_rule}, hết ngày {vi(dates.cap)}, "
                    f"căn cứ {limit.citation.text()}): "
                    + (f"hạn của lệnh {vi(dates.uncapped_due)} được rút về {vi(dates.due)}" if binds
                       else f"hạn của lệnh {vi(dates.due)} nằm trong thời hạn đó"))
            steps.append(Step("cap", text, {"cap": dates.cap.isoformat(), "cap_rule": dates.cap_rule,
                                            "uncapped_due": dates.uncapped_due.isoformat(),
                                            "due": dates.due.isoformat()}))
        steps.append(Step("headroom", f"Hạn hiện tại {vi(dates.due)}; hạn tối đa nếu gia hạn hết mức "
                                      f"{vi(dates.max_due)} (còn {len(dates.headroom)} lần gia hạn)",
                          {"due": dates.due.isoformat(), "max_due": dates.max_due.isoformat(),
                           "tiers_left": len(dates.headroom)}))
        if clock.ended is None:
            left = (dates.due - as_of).days
            text = f"Còn {left} ngày" if left >= 0 else f"Quá hạn {-left} ngày"
            steps.append(Step("status", f"{text} tính đến {vi(as_of)}", {"days_left": left}))
    if clock.ended is not None:
        why = f" ({event_vi(clock.end_event)})" if clock.end_event else ""
        steps.append(Step("end", f"Kết thúc ngày {vi(clock.ended)}{why}",
                          {"date": clock.ended.isoformat(), "event": clock.end_event}))
    return steps


def _category_text(changes: tuple[tuple[str, Any, Any], ...]) -> str:
    parts = []
    for key, old, new in changes:
        if key == "category":
            parts.append(f"loại tội {category_vi(old)} → {category_vi(new)}")
        else:
            yes_no = {True: "có", False: "không"}
            parts.append(f"xâm phạm an ninh quốc gia: {yes_no.get(old, old)} → {yes_no.get(new, new)}")
    return "; ".join(parts)


def _requalify_steps(item: Evaluated) -> list[Step]:
    rule, clock = item.rule, item.clock
    steps = []
    for req in clock.requalifications:
        old, new = rule.limits[req.from_index], rule.limits[req.to_index]
        text = (f"Thay đổi, bổ sung quyết định khởi tố ngày {vi(req.date)}: {_category_text(req.changes)}. "
                f"Áp dụng thời hạn {new.duration.text_vi()} theo {new.citation.text()} (thay cho "
                f"{old.duration.text_vi()} theo {old.citation.text()}), vẫn tính từ ngày "
                f"{vi(clock.start)}; các lần gia hạn đã cấp được kiểm tra lại theo mức của loại tội mới "
                "(quy tắc tạm áp dụng, cần xác nhận)")
        for index in req.capped:
            ext = req.before[index]
            tier = new.extensions[index - sum(1 for d in req.dropped if d < index)]
            text += (f"; gia hạn lần {index + 1} ngày {vi(ext.granted)} ({ext.length.text_vi()}) chỉ còn "
                     f"được tính tối đa {tier.max.text_vi()}")
        for index in req.dropped:
            ext = req.before[index]
            text += (f"; gia hạn lần {index + 1} ngày {vi(ext.granted)} ({ext.length.text_vi()}) không còn "
                     "căn cứ theo loại tội mới, không được tính")
        steps.append(Step("requalify", text, {
            "date": req.date.isoformat(), "from_basis": old.citation.text(),
            "to_basis": new.citation.text(), "changes": [list(c) for c in req.changes],
            "capped": list(req.capped), "dropped": list(req.dropped), "confidence": "M"}))
    return steps


def explain_case(case: Mapping[str, Any], as_of: date, *, period_end: date | None = None,
                 engine: Engine | None = None) -> Explanation:
    engine = engine or Engine.default()
    result = evaluate_case(case, as_of, period_end=period_end, engine=engine)
    red = reduce_case(case, engine.rules, engine.calendar, as_of=as_of)
    clocks: list[ClockExplanation] = []
    judgment = None
    if not red.errors:
        try:
            items = evaluate_clocks(red, engine)
        except (LawError, CalendarRangeError):
            items = []
        judgment = judgment_of(red, items, as_of) if items else None
        for item in items:
            limit = item.rule.limits[item.clock.limit_index]
            clocks.append(ClockExplanation(item.rule.id, item.rule.title, limit.citation.text(),
                                           item.clock.subject, is_open(item, as_of),
                                           tuple(_steps(item, as_of, engine.calendar, engine.rules))))
    return Explanation(result["id"], as_of, result["status"], tuple(result["flags"]),
                       tuple(clocks), tuple(result["errors"]), judgment)
