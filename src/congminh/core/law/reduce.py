"""Step 1 of evaluation: reduce a case's event history to its clocks.

`reduce_case(case, rules, calendar)` validates the input, sorts the events by date (file
order breaks ties), and walks them once. For each event, every running clock whose rule
names the event as an end, extension, suspension, resumption or reclassification is
updated; then every rule in force that starts on the event opens a clock. The result is a
list of `Clock` values plus counters (extensions, returns, suspensions) and the case-level
facts the flags need. No due date is computed here except for `from_due_of` starts.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from .clocks import (
    Clock,
    Extension,
    LawError,
    Pause,
    Requalification,
    compute_due,
    refit_extensions,
)
from .dates import parse_iso, vi
from .events import (
    APPELLATE_JUDGMENT,
    CASE_KINDS,
    CATEGORIES,
    DERIVED,
    EVENT_TYPES,
    NO_EFFECTS,
    PASSIVE,
    PROCEDURES,
    custody_stage_after,
    same_value,
)
from .labels import PROCEDURE_VI, category_vi, event_vi
from .rules import Duration, Rule, RuleSet, matches
from .working_calendar import CalendarRangeError, WorkingCalendar

SUBJECT_FIELD = {"person": "person", "ref": "ref"}
_RESERVED = {"type", "date"}
# Limits keyed by these context fields follow a requalification (`charges_requalified`).
_CATEGORY_KEYS = ("category", "national_security")


@dataclass(frozen=True)
class Event:
    type: str
    date: date
    fields: Mapping[str, Any]
    position: int

    def label(self) -> str:
        # Vietnamese for the reader, the code for whoever fixes the input.
        return f"sự kiện «{event_vi(self.type)}» ('{self.type}') ngày {vi(self.date)}"


@dataclass
class _Running:
    rule: Rule
    limit_index: int
    start: date
    start_event: str
    subject: str | None
    context: dict[str, Any]
    extensions: list[Extension] = field(default_factory=list)
    pauses: list[Pause] = field(default_factory=list)
    ended: date | None = None
    end_event: str | None = None
    requalifications: list[Requalification] = field(default_factory=list)
    until: date | None = None  # the custody order's own end date (`order_until`)
    credit_days: int = 0  # holding deducted from detention (`holding_credit`)

    @property
    def paused(self) -> bool:
        return any(p.end is None for p in self.pauses)

    def freeze(self) -> Clock:
        return Clock(self.rule.id, self.limit_index, self.start, self.start_event, self.subject,
                     tuple(self.extensions), tuple(self.pauses), self.ended, self.end_event,
                     dict(self.context), tuple(self.requalifications), self.until,
                     self.credit_days)


@dataclass
class Reduction:
    case_id: Any
    procedure: str | None
    context: dict[str, Any]
    events: list[Event] = field(default_factory=list)
    clocks: list[Clock] = field(default_factory=list)
    rule_versions: dict[int, Rule] = field(default_factory=dict)  # index in clocks -> rule
    errors: list[str] = field(default_factory=list)
    extensions: int = 0
    returns: int = 0
    suspensions: list[Pause] = field(default_factory=list)
    answers: list[Event] = field(default_factory=list)
    closed: date | None = None
    # First-instance judgments (`judgment_pronounced` outside an appeal) and what followed
    # them: deliveries to absent persons, appeals and protests (see `judgment.py`).
    judgments: list[Event] = field(default_factory=list)
    after_judgment: list[Event] = field(default_factory=list)
    requalifications: list[Event] = field(default_factory=list)
    # The `LawError`s behind `errors` (same order, without the case-level errors, which
    # are plain text): their `code`, `rule` and `citation` for `lawful.py`.
    law_errors: list[LawError] = field(default_factory=list)


def _case_errors(case: Mapping[str, Any]) -> list[str]:
    errors = []
    procedure = case.get("procedure")
    if procedure not in PROCEDURES:
        errors.append(f"trường 'procedure' phải là một trong {sorted(PROCEDURES)}, nhận được {procedure!r}")
    category = case.get("category")
    if procedure == "criminal" and category not in CATEGORIES:
        errors.append(f"vụ án hình sự cần trường 'category' thuộc {list(CATEGORIES)}, nhận được {category!r}")
    kinds = CASE_KINDS.get(str(procedure))
    if kinds and case.get("case_kind") is not None and case.get("case_kind") not in kinds:
        errors.append(f"trường 'case_kind' phải là một trong {list(kinds)}, nhận được {case.get('case_kind')!r}")
    if not isinstance(case.get("events"), list):
        errors.append("trường 'events' phải là một danh sách sự kiện")
    return errors


def _parse_event(raw: Any, position: int, procedure: str) -> Event:
    where = f"sự kiện thứ {position + 1}"
    if not isinstance(raw, Mapping):
        raise LawError(f"{where}: phải là một đối tượng JSON", code="bad_details")
    kind = raw.get("type")
    spec = EVENT_TYPES.get(kind) if isinstance(kind, str) else None
    if spec is None:
        raise LawError(f"{where}: loại sự kiện không xác định {kind!r}", code="unknown_event")
    if "date" not in raw:
        raise LawError(f"{where} ('{kind}'): thiếu trường 'date'", code="bad_details")
    try:
        day = parse_iso(raw["date"])
    except ValueError as exc:
        raise LawError(f"{where} ('{kind}'): {exc}", code="bad_details") from None
    if procedure not in spec.procedures:
        raise LawError(f"{where}: sự kiện «{event_vi(str(kind))}» ('{kind}') không thuộc thủ tục "
                       f"{PROCEDURE_VI.get(procedure, procedure)} ('{procedure}')", code="wrong_procedure")
    for name, allowed in spec.required.items():
        value = raw.get(name)
        if value is None or value == "" or (allowed is not None and value not in allowed):
            need = f"một trong {list(allowed)}" if allowed else "bắt buộc"
            raise LawError(f"{where} ('{kind}'): trường '{name}' {need}, nhận được {value!r}",
                           code="bad_details")
    for name, allowed in spec.optional.items():
        if name in raw and raw[name] not in allowed:
            raise LawError(f"{where} ('{kind}'): trường '{name}' phải là một trong {list(allowed)}, "
                           f"nhận được {raw[name]!r}", code="bad_details")
    if spec.needs_length:
        given = [k for k in ("months", "days") if k in raw]
        if len(given) != 1 or not isinstance(raw[given[0]], int) or raw[given[0]] <= 0:
            raise LawError(f"{where} ('{kind}'): cần đúng một trường 'months' hoặc 'days' là số nguyên dương",
                           code="bad_details")
    fields = {k: v for k, v in raw.items() if k not in _RESERVED}
    return Event(str(kind), day, fields, position)


CUSTODY_KINDS = frozenset({"holding", "detention"})


def order_until(event: Event) -> date | None:
    """The end date written in a custody order (`until`, ISO date, optional): it ends the
    custody then when earlier than the maximum (BLTTHS Đ.134 k1: "thời hạn hết vào ngày
    kết thúc thời hạn được ghi trong lệnh, quyết định")."""
    raw = event.fields.get("until")
    if raw is None or raw == "":
        return None
    try:
        day = parse_iso(raw)
    except (ValueError, TypeError):
        raise LawError(f"{event.label()}: trường 'until' phải là ngày dạng YYYY-MM-DD, nhận được "
                       f"{raw!r}", code="bad_details") from None
    if day < event.date:
        raise LawError(f"{event.label()}: ngày kết thúc ghi trong lệnh ({vi(day)}) trước ngày ra "
                       f"lệnh", code="bad_details")
    return day


def _length(event: Event) -> Duration:
    if "months" in event.fields:
        return Duration(int(event.fields["months"]), "months")
    return Duration(int(event.fields["days"]), "days")


class _Reducer:
    def __init__(self, red: Reduction, rules: RuleSet, calendar: WorkingCalendar) -> None:
        self.red = red
        self.rules = rules
        self.calendar = calendar
        self.running: list[_Running] = []
        self.done: list[_Running] = []
        self.derived: dict[str, Any] = {}

    # -- helpers --
    def _affects(self, run: _Running, event: Event) -> bool:
        """Events naming a person/ref only touch that person's/ref's clocks."""
        for key in ("person", "ref"):
            if key in event.fields and run.rule.per != key:
                return False
        subject_key = SUBJECT_FIELD.get(run.rule.per)
        return not (subject_key and subject_key in event.fields
                    and str(event.fields[subject_key]) != run.subject)

    def _start(self, rule: Rule, event: Event, start: date, context: dict[str, Any]) -> None:
        index = rule.select(context)
        if index is None:
            keys = sorted({k for lim in rule.limits for k in lim.when})
            have = {k: context.get(k) for k in keys}
            raise LawError(f"{event.label()}: không xác định được thời hạn theo "
                           f"{rule.citation.text()} ({rule.title}); cần {keys}, hiện có {have}",
                           code="bad_details", rule=rule.id, citation=rule.citation.text())
        limit = rule.limits[index]
        if limit.max_occurrences is not None:
            earlier = [r for r in self.done + self.running
                       if r.rule.id == rule.id and r.start_event == event.type
                       and matches(limit.when, r.context)]
            if len(earlier) + 1 > limit.max_occurrences:
                raise LawError(f"{event.label()}: lần thứ {len(earlier) + 1} vượt quá số lần cho "
                               f"phép ({limit.max_occurrences}) theo {limit.citation.text()}",
                               code="over_cap", rule=rule.id, citation=limit.citation.text())
        key = SUBJECT_FIELD.get(rule.per)
        subject = str(event.fields[key]) if key and key in event.fields else None
        run = _Running(rule, index, start, event.type, subject, context)
        if rule.kind in CUSTODY_KINDS:
            run.until = order_until(event)
        if rule.kind == "detention" and subject is not None:
            run.credit_days = self._holding_credit(subject, start)
        self.running.append(run)

    def _holding_credit(self, person: str, detained: date) -> int:
        """Days `person` spent in temporary holding, deducted from their first detention
        (BLTTHS Đ.118 k4: "Một ngày tạm giữ được tính bằng một ngày tạm giam"). A holding
        that turned into detention counts its days up to the day before the order (that
        day is detention's day 1); one ended earlier counts its last day too [M]."""
        runs = self.done + self.running
        if any(r.rule.kind == "detention" and r.subject == person for r in runs):
            return 0
        days = 0
        for run in runs:
            if run.rule.kind != "holding" or run.subject != person or run.start > detained:
                continue
            end = run.ended or detained
            held = (end - run.start).days + (0 if end >= detained or run.end_event == "detention_ordered" else 1)
            days += max(0, min(held, (detained - run.start).days))
        return days

    def _close(self, run: _Running, day: date, why: str) -> None:
        run.ended, run.end_event = day, why
        self.running.remove(run)
        self.done.append(run)

    # -- per event --
    def apply(self, event: Event) -> None:
        req = EVENT_TYPES[event.type].requires
        if req is not None and req.facts and not matches(req.facts, {**self.red.context, **self.derived}):
            raise LawError(f"{event.label()} không phù hợp: {req.facts_why} ({req.citation})",
                           code="wrong_stage", citation=req.citation)
        handled = self._update_running(event)
        self._update_derived(event)
        handled = self._open_clocks(event) or handled
        if not handled and event.type not in PASSIVE:
            # Rules that would start on this event but have no version in force that day
            # (a version in force that did not start is a stage mismatch, not a gap).
            starting = [r for r in self.rules.all() if (self.red.procedure or "") in r.procedures
                        and any(st.event == event.type for st in r.starts)]
            in_force = {r.id for r in starting if r.in_force(event.date)}
            lapsed = [r.id for r in starting if r.id not in in_force]
            if lapsed:
                raise LawError(f"{event.label()}: quy tắc {', '.join(sorted(set(lapsed)))} không còn "
                               "(hoặc chưa) có hiệu lực vào ngày này; cần bổ sung phiên bản quy tắc mới",
                               code="no_rule_in_force")
            raise LawError(f"{event.label()} không phù hợp với giai đoạn hiện tại của vụ việc "
                           "(không có thời hạn nào đang chạy để áp dụng)", code="wrong_stage")

    def _update_running(self, event: Event) -> bool:
        t, day = event.type, event.date
        handled = False
        extend_targets = []
        for run in list(self.running):
            rule = run.rule
            if not self._affects(run, event):
                continue
            if rule.ends_on(t, event.fields):
                self._close(run, day, t)
                handled = True
            elif t == rule.extend_event:
                extend_targets.append(run)
            elif t in rule.suspend_events and rule.suspension_effect != "none":
                if run.paused:
                    raise LawError(f"{event.label()}: {rule.title} đang tạm đình chỉ rồi",
                                   code="wrong_stage", rule=rule.id)
                run.pauses.append(Pause(day, None, event.fields.get("ground"),
                                        event.fields.get("ground_ref"), t))
                handled = True
            elif t in rule.resume_events and run.paused:
                self._resume(run, event)
                handled = True
            elif t in rule.reclassify:
                run.context.update(rule.reclassify[t])
                new_index = rule.select(run.context)
                if new_index is not None:
                    run.limit_index = new_index
                handled = True
        if extend_targets:
            self._extend(extend_targets, event)
            handled = True
        return handled

    def _extend(self, targets: list[_Running], event: Event) -> None:
        if len(targets) > 1 and targets[0].rule.per != "case":
            raise LawError(f"{event.label()}: có nhiều thời hạn đang chạy, cần trường "
                           f"'{SUBJECT_FIELD[targets[0].rule.per]}'", code="bad_details")
        for run in targets:
            if run.paused:
                raise LawError(f"{event.label()}: không thể gia hạn khi {run.rule.title} đang tạm đình chỉ",
                               code="wrong_stage", rule=run.rule.id)
            run.extensions.append(Extension(event.date, _length(event)))
            if run.rule.kind in CUSTODY_KINDS:  # the latest order's own end date, if any
                run.until = order_until(event)
            self.red.extensions += 1

    def _resume(self, run: _Running, event: Event) -> None:
        open_pause = run.pauses[-1]
        run.pauses[-1] = Pause(open_pause.start, event.date, open_pause.ground, open_pause.ref,
                               open_pause.event)
        effect = run.rule.suspension_effect
        if effect == "pause":
            return
        rule = run.rule
        if effect == "restart_rule" and rule.restart_rule:
            rule = self.rules.get(rule.restart_rule, event.date)
        self._close(run, event.date, "restarted")
        self._start(rule, event, event.date, dict(run.context))
        self.running[-1].subject = run.subject

    def _update_derived(self, event: Event) -> None:
        """The event's case-level effects, as the catalogue states them (`events.Effects`;
        the bulk path applies the same ones on arrays, `bulk/derive.py`)."""
        f = event.fields
        fx = EVENT_TYPES[event.type].effects
        if fx is NO_EFFECTS:
            return
        for key, name in fx.copies.items():
            self.derived[key] = f[name]
        for key, value in fx.sets.items():
            self.derived[key] = value
        for key in fx.keeps:  # read by later starts; absent here, absent after
            if key in f:
                self.derived[key] = f[key]
            else:
                self.derived.pop(key, None)
        for key, when in fx.advances.items():
            if all(same_value(f.get(k), v) for k, v in when.items()):
                values = DERIVED[key]
                at = values.index(self.derived.get(key))
                self.derived[key] = values[min(at + 1, len(values) - 1)]
        if fx.returns:
            self.red.returns += 1
        if fx.suspends and "person" not in f:
            self.red.suspensions.append(
                Pause(event.date, None, f.get("ground"), f.get("ground_ref"), event.type))
        if fx.resumes and self.red.suspensions and self.red.suspensions[-1].end is None:
            last = self.red.suspensions[-1]
            self.red.suspensions[-1] = Pause(last.start, event.date, last.ground, last.ref, last.event)
        if fx.answers is not None:
            self.red.answers.append(event)
        if fx.closes and "person" not in f and "ref" not in f:
            self.red.closed = event.date
        stage = custody_stage_after(fx, self.derived)
        if stage is not None and "person" not in f:
            self.derived["custody_stage"] = stage
        if fx.judgment and not matches(APPELLATE_JUDGMENT, self.derived):
            self.red.judgments.append(event)
        elif fx.after_judgment is not None and self.red.judgments:
            self.red.after_judgment.append(event)
        if fx.requalifies:
            self._requalify(event)

    def _requalify(self, event: Event) -> None:
        """Switch the category from `event.date` on: later clocks start under it, running
        clocks move to its limit row (same start, extensions re-checked; `Requalification`)."""
        new: dict[str, Any] = {"category": event.fields["category"]}
        if "national_security" in event.fields:
            new["national_security"] = bool(event.fields["national_security"])
        self.red.context.update(new)
        self.red.requalifications.append(event)
        for run in self.running:
            rule = run.rule
            if not any(key in lim.when for lim in rule.limits for key in _CATEGORY_KEYS):
                continue
            changes = tuple((k, run.context.get(k), v) for k, v in new.items() if run.context.get(k) != v)
            if not changes:
                continue
            index = rule.select({**run.context, **new})
            if index is None:
                raise LawError(f"{event.label()}: {rule.title} không có thời hạn cho loại tội mới "
                               f"({category_vi(new['category'])}) theo {rule.citation.text()}",
                               code="bad_details", rule=rule.id, citation=rule.citation.text())
            before = tuple(run.extensions)
            kept, capped, dropped = refit_extensions(rule, rule.limits[index], run.start, before,
                                                     self.calendar)
            run.requalifications.append(Requalification(event.date, run.limit_index, index, changes,
                                                        before, capped, dropped))
            run.context.update(new)
            run.limit_index = index
            run.extensions = list(kept)

    def _open_clocks(self, event: Event) -> bool:
        handled = False
        # Clocks that start from another clock's due date come last (`starts_for`).
        ordered = self.rules.starts_for(self.red.procedure or "", event.type, event.date)
        if not ordered:
            return False
        base = {**self.red.context, **self.derived, **event.fields}
        for rule, spec in ordered:
            if not spec.applies(base):
                # The law excepts this case from a limit of the event's stage (`unless`):
                # no clock, and the event is not out of place.
                handled = handled or spec.excludes(base)
                continue
            start = event.date
            if spec.from_date_of:
                earlier = [e.date for e in self.red.events if e.type == spec.from_date_of
                           and (e.date, e.position) < (event.date, event.position)]
                if not earlier:
                    continue
                start = earlier[-1]
            if spec.from_due_of:
                source = next((r for r in reversed(self.running)
                               if r.rule.id == spec.from_due_of and r.start_event == event.type), None)
                if source is None:
                    continue
                start = compute_due(source.freeze(), source.rule, self.calendar).due
            self._start(rule, event, start, dict(base))
            handled = True
        return handled

    def finish(self) -> None:
        runs = sorted(self.done + self.running, key=lambda r: (r.start, r.rule.id))
        for run in runs:
            self.red.rule_versions[len(self.red.clocks)] = run.rule
            self.red.clocks.append(run.freeze())


def reduce_case(case: Mapping[str, Any], rules: RuleSet, calendar: WorkingCalendar,
                as_of: date | None = None) -> Reduction:
    """Events (up to `as_of`, inclusive) -> clocks. Errors are collected, never raised."""
    if not isinstance(case, Mapping):
        red = Reduction(None, None, {})
        red.errors.append("mỗi vụ việc phải là một đối tượng JSON")
        return red
    procedure = case.get("procedure")
    context = {
        "procedure": procedure,
        "category": case.get("category"),
        "national_security": bool(case.get("national_security", False)),
        "case_kind": case.get("case_kind"),
    }
    red = Reduction(case.get("id"), procedure if isinstance(procedure, str) else None, context)
    red.errors.extend(_case_errors(case))
    if red.errors:
        return red
    events: Sequence[Any] = case["events"]
    parsed: list[Event] = []
    for position, raw in enumerate(events):
        try:
            parsed.append(_parse_event(raw, position, str(procedure)))
        except LawError as exc:
            red.errors.append(str(exc))
            red.law_errors.append(exc)
    if red.errors:
        return red
    parsed.sort(key=lambda e: (e.date, e.position))
    red.events = [e for e in parsed if as_of is None or e.date <= as_of]
    reducer = _Reducer(red, rules, calendar)
    try:
        for event in red.events:
            reducer.apply(event)
    except (LawError, CalendarRangeError) as exc:
        red.errors.append(str(exc))
        if isinstance(exc, LawError):
            red.law_errors.append(exc)
    reducer.finish()
    return red
