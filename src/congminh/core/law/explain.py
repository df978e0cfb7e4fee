"""How each due date was reached, as structured steps and as Vietnamese text.

`explain_case(case, as_of)` returns an `Explanation`; the web case page renders its
`clocks[*].steps` (each with `kind`, Vietnamese `text` and raw `data`), the CLI prints
`text_vi()`. Dates are dd/mm/yyyy on screen. Texts name events, holders and categories in
Vietnamese (`labels.py`); the codes stay in `data`. The rule step names the law applied and,
for a rule with several versions (a change of law), which version and why.

Nothing is computed again here: the case is evaluated once with a trace
(`evaluate.evaluate_traced`), and each clock's steps are the evaluation's own record of
the limit row it chose, the start, each extension, pause, roll-forward and cap it applied,
with their legal basis (`clocks.TraceStep`), put into words.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from congminh.core import statuses

from .clocks import TraceStep
from .dates import vi
from .evaluate import Engine, Evaluated, evaluate_traced, is_open
from .judgment import JudgmentFacts
from .labels import category_vi, event_vi
from .rules import HOLDING_DEDUCTED, Duration, Rule, RuleSet
from .working_calendar import WorkingCalendar

STATUS_VI = {code: statuses.in_sentence(code) for code in statuses.LABELS}
FLAG_VI = {code: statuses.in_sentence(code) if code in statuses.LABELS else
           text[:1].lower() + text[1:] for code, text in statuses.FLAG_LABELS.items()}


@dataclass(frozen=True)
class Step:
    kind: str  # rule | start | requalify | base | extension | pause | roll | credit | until | cap | headroom | end | status
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
    awaiting_reason: str | None = None  # what an `awaiting` case waits for (`awaiting.py`)

    def text_vi(self) -> str:
        lines = [f"Vụ việc {self.case_id} - tính đến ngày {vi(self.as_of)}: "
                 f"{STATUS_VI.get(self.status, self.status)}"]
        if self.status == "awaiting" and self.awaiting_reason:
            lines.append(f"Lý do: {self.awaiting_reason}")
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
    return _days_off_text([(day, calendar.holiday_name(day) is not None) for day in skipped])


def _days_off_text(days_off: list[tuple[date, bool]]) -> str:
    """Days off (day, holiday or not) grouped: `30/4 và 1/5 là ngày lễ, 2-3/5 là ...`."""
    groups: list[tuple[bool, list[date]]] = []
    for day, holiday in days_off:
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


def _steps(item: Evaluated, as_of: date, rules: RuleSet) -> list[Step]:
    """The clock's trace (`Evaluated.trace`) in words, with the requalifications the
    reducer recorded on it, its days left and its end."""
    clock = item.clock
    steps: list[Step] = []
    for trace in item.trace:
        render = _RENDER.get(trace.kind)
        step = render(trace, item, rules) if render is not None else None
        if step is not None:
            steps.append(step)
        if trace.kind == "start":
            steps += _requalify_steps(item)
    dates = item.dates
    if dates is not None and clock.ended is None:
        left = (dates.due - as_of).days
        text = f"Còn {left} ngày" if left >= 0 else f"Quá hạn {-left} ngày"
        steps.append(Step("status", f"{text} tính đến {vi(as_of)}", {"days_left": left}))
    if clock.ended is not None:
        why = f" ({event_vi(clock.end_event)})" if clock.end_event else ""
        steps.append(Step("end", f"Kết thúc ngày {vi(clock.ended)}{why}",
                          {"date": clock.ended.isoformat(), "event": clock.end_event}))
    return steps


def _d(iso: str) -> date:
    return date.fromisoformat(iso)


def _rule_step(trace: TraceStep, item: Evaluated, rules: RuleSet) -> Step:
    data, basis, rule = trace.data, trace.citation or "", item.rule
    pending = _pending_text(rule, item.clock.start)
    return Step("rule", f"Quy tắc {rule.id}: {rule.title}, căn cứ {basis}"
                        f"{_version_text(rule, rules)}{pending}",
                {"rule": rule.id, "basis": basis, "confidence": "M" if pending else data["confidence"],
                 "law": data["law"], "valid_from": data["valid_from"], "valid_to": data["valid_to"]})


def _start_step(trace: TraceStep, item: Evaluated, rules: RuleSet) -> Step:
    data = trace.data
    return Step("start", f"Bắt đầu từ ngày {vi(_d(data['date']))} ({event_vi(data['event'])})",
                {"event": data["event"], "date": data["date"]})


def _base_step(trace: TraceStep, item: Evaluated, rules: RuleSet) -> Step:
    data = trace.data
    counted = "tính cả ngày đầu" if data["first_day_counted"] else "không tính ngày đầu"
    length = Duration(data["length"], data["unit"])
    # Every explanation names the counting rule applied (CONTRACTS.md §1).
    how = f"; {data['counting']}" if data.get("counting") else ""
    return Step("base", f"Thời hạn {length.text_vi()} ({counted}{how}) → hết ngày "
                        f"{vi(_d(data['end']))}",
                {"length": data["length"], "unit": data["unit"], "end": data["end"],
                 "counting": data.get("counting", "")})


def _extension_step(trace: TraceStep, item: Evaluated, rules: RuleSet) -> Step:
    data = trace.data
    length = Duration(data["length"], data["unit"])
    who = ""
    if data["approver"] is not None:
        most = Duration(data["max_length"], data["max_unit"])
        who = f" ({data['approver']}, tối đa {most.text_vi()}{_from_start_text(data)})"
    return Step("extension",
                f"Gia hạn lần {data['number']} ngày {vi(_d(data['granted']))}: thêm "
                f"{length.text_vi()}{who} → hết ngày {vi(_d(data['end']))}; còn "
                f"{data['tiers_left']} lần gia hạn",
                {"granted": data["granted"], "length": data["length"], "unit": data["unit"],
                 "end": data["end"], "tiers_left": data["tiers_left"],
                 "total_from_start": _total_data(data)})


def _from_start_text(data: Mapping[str, Any]) -> str:
    """Why the end of a tier restating the whole limit (`total_from_start`) is counted from
    the start; "" for an ordinary tier."""
    if not data.get("total_length"):
        return ""
    total = Duration(data["total_length"], data["total_unit"])
    return (f"; thời hạn kéo dài là {total.text_vi()} tính từ ngày bắt đầu "
            f"{vi(_d(data['start']))}, không cộng nối vào ngày hết hạn trước đó")


def _total_data(data: Mapping[str, Any]) -> dict[str, Any] | None:
    if not data.get("total_length"):
        return None
    return {"length": data["total_length"], "unit": data["total_unit"], "from": data["start"]}


def _pause_step(trace: TraceStep, item: Evaluated, rules: RuleSet) -> Step:
    data = trace.data
    if data["to"] is None:
        why = f" ({event_vi(data['event'])})" if data["event"] else ""
        return Step("pause", f"Tạm dừng từ ngày {vi(_d(data['from']))}{why}, chưa tiếp tục: "
                             "thời hạn đang dừng",
                    {"from": data["from"], "event": data["event"]})
    return Step("pause", f"Tạm dừng từ {vi(_d(data['from']))} đến {vi(_d(data['to']))}: "
                         f"{data['days']} ngày không tính vào thời hạn",
                {"from": data["from"], "to": data["to"], "days": data["days"]})


def _roll_step(trace: TraceStep, item: Evaluated, rules: RuleSet) -> Step | None:
    data = trace.data
    if data["skipped"]:
        days_off = [(_d(day), holiday is not None)
                    for day, holiday in zip(data["skipped"], data["holidays"], strict=True)]
        return Step("roll", f"Hạn {vi(_d(data['legal_end']))} rơi vào ngày nghỉ: "
                            f"{_days_off_text(days_off)} → chuyển sang ngày làm việc tiếp theo "
                            f"{vi(_d(data['due']))}",
                    {"legal_end": data["legal_end"], "due": data["due"],
                     "skipped": list(data["skipped"])})
    if not data["rolls"]:
        why = data.get("counting") or ("thời hạn tạm giữ, tạm giam kết thúc đúng ngày ghi "
                                       "trong lệnh")
        return Step("roll", f"Hạn {vi(_d(data['due']))}: không chuyển sang ngày làm việc "
                            f"({why})",
                    {"due": data["due"]})
    return None


def _until_step(trace: TraceStep, item: Evaluated, rules: RuleSet) -> Step:
    data = trace.data
    return Step("until", f"Lệnh ghi ngày kết thúc {vi(_d(data['until']))}, sớm hơn hạn tối đa "
                         f"{vi(_d(data['computed']))}: hạn là ngày ghi trong lệnh (căn cứ "
                         f"{trace.citation})", {"until": data["until"], "computed": data["computed"]})


def _credit_step(trace: TraceStep, item: Evaluated, rules: RuleSet) -> Step:
    data = trace.data
    return Step("credit", f"Trừ {data['days']} ngày tạm giữ vào thời hạn tạm giam: "
                          f"{vi(_d(data['before']))} → {vi(_d(data['after']))} (căn cứ "
                          f"{trace.citation}: «{HOLDING_DEDUCTED['quote']}»)",
                {"days": data["days"], "before": data["before"], "after": data["after"]})


def _cap_step(trace: TraceStep, item: Evaluated, rules: RuleSet) -> Step:
    data = trace.data
    cap, due, uncapped = _d(data["cap"]), _d(data["due"]), _d(data["uncapped_due"])
    text = (f"Không được quá thời hạn của giai đoạn ({data['cap_rule']}, hết ngày {vi(cap)}, "
            f"căn cứ {trace.citation}): "
            + (f"hạn của lệnh {vi(uncapped)} được rút về {vi(due)}" if cap < uncapped
               else f"hạn của lệnh {vi(due)} nằm trong thời hạn đó"))
    return Step("cap", text, {"cap": data["cap"], "cap_rule": data["cap_rule"],
                              "uncapped_due": data["uncapped_due"], "due": data["due"]})


def _due_step(trace: TraceStep, item: Evaluated, rules: RuleSet) -> Step:
    data = trace.data
    return Step("headroom", f"Hạn hiện tại {vi(_d(data['due']))}; hạn tối đa nếu gia hạn hết mức "
                            f"{vi(_d(data['max_due']))} (còn {data['tiers_left']} lần gia hạn"
                            f"{_from_start_text(data)})",
                {"due": data["due"], "max_due": data["max_due"], "tiers_left": data["tiers_left"],
                 "total_from_start": _total_data(data)})


_RENDER: dict[str, Callable[[TraceStep, Evaluated, RuleSet], Step | None]] = {
    "limit": _rule_step, "start": _start_step, "base": _base_step,
    "extension": _extension_step, "pause": _pause_step, "roll": _roll_step,
    "cap": _cap_step, "due": _due_step, "until": _until_step, "credit": _credit_step,
}


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
    done = evaluate_traced(case, as_of, period_end=period_end, engine=engine)
    result = done.result
    clocks = tuple(
        ClockExplanation(item.rule.id, item.rule.title,
                         item.rule.limits[item.clock.limit_index].citation.text(),
                         item.clock.subject, is_open(item, as_of),
                         tuple(_steps(item, as_of, engine.rules)))
        for item in done.items)
    judgment = done.judgment if done.items else None
    return Explanation(result["id"], as_of, result["status"], tuple(result["flags"]), clocks,
                       tuple(result["errors"]), judgment, result.get("awaiting_reason"))
