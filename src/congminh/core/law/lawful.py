"""Only lawful events are recorded: may this event be added to this case's history?

    refusals(case, event, engine=None) -> list[Refusal]          # [] = lawful
    history_problems(case, engine=None) -> list[(index, Refusal)]  # for data cleaning

`case` is the engine's input (CONTRACTS.md §1: procedure, category, case_kind,
national_security, and `events` = the effective history); `event` the new event,
`{"type", "date", "details": {...}}` (the details may also be given flat, as in the
contract). The web form, the API and the spreadsheet import ask before saving, and show
the refusal's `message` (Vietnamese, naming the rule and the limit).

Three checks, in order; the first that finds something answers:

1. the event itself: a known type, of the case's procedure, a date, valid details, as
   the event catalogue knows them (`events.allowed_for`, `events.data_problems`);
2. what must come before it: the event catalogue's `requires`
   (`congminh.core.law.events.Requirement`), against the history up to its date;
3. the engine: the history plus the event is evaluated with `evaluate_case`; if that is
   an error while the history alone was not, the engine's errors are the refusals (an
   extension over the cap, an event no running clock accepts, ...). Each error's kind,
   rule and legal basis come from the `LawError` behind it (`clocks.LawError`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from .clocks import LawError
from .dates import vi
from .evaluate import Engine, evaluate_case, evaluate_clocks
from .events import EVENT_TYPES, Requirement, allowed_for, data_problems, procedures_of
from .labels import PROCEDURE_VI, event_vi
from .reduce import reduce_case
from .working_calendar import CalendarRangeError

# Keys of an event that are not details.
_RESERVED = ("type", "date", "details")
# Events whose history can be accepted by the engine as a whole yet not step by step
# (a requalification re-fits earlier extensions): `history_problems` replays those.
_REFITTING = frozenset({"charges_requalified"})


@dataclass(frozen=True)
class Refusal:
    """Why the law does not allow an event.

    `code`: `unknown_event`, `wrong_procedure`, `bad_details`, `missing_prerequisite`,
    or the engine's (`over_cap`, `wrong_stage`, `no_rule_in_force`, `unlawful`, see
    `clocks.LawError`; `out_of_calendar` for a date beyond the working calendar). `message`: Vietnamese, ready to show. `rule`: the rule id
    (`rules/*.yaml`) or None. `citation`: e.g. "BLTTHS 2015 Điều 172 khoản 2 điểm b", or None.
    """

    code: str
    message: str
    rule: str | None = None
    citation: str | None = None

    def as_dict(self) -> dict[str, str | None]:
        return {"code": self.code, "message": self.message, "rule": self.rule,
                "citation": self.citation}


def refusals(case: Mapping[str, Any], event: Mapping[str, Any], *,
             engine: Engine | None = None) -> list[Refusal]:
    """Why `event` may not be added to `case`'s history; empty when the law allows it."""
    engine = engine or Engine.default()
    history = [_flat(e) for e in _events(case)]
    return _check(case, history, _flat(event), engine, use_engine=True, history_ok=None)


def history_problems(case: Mapping[str, Any], *,
                     engine: Engine | None = None) -> list[tuple[int, Refusal]]:
    """The events of `case`'s history that `refusals` would refuse today, as (index in
    `case["events"]`, refusal), in the engine's order (by date, then as listed).

    The history is replayed event by event; a refused event is left out of the history
    the later ones are checked against, as if it were withdrawn, so one bad extension
    does not hide the next problem. When the engine accepts the whole history (and it has
    no requalification), the engine is not asked again for each step.
    """
    engine = engine or Engine.default()
    events = [_flat(e) for e in _events(case)]
    order = sorted(range(len(events)), key=lambda i: (_day(events[i].get("date")) or date.min, i))
    whole_ok = not _is_error(case, events, engine) and not (
        _REFITTING & {str(e.get("type")) for e in events})
    # The history so far is not an error for the engine (else it is not asked at all:
    # an error of the case itself, such as a criminal case without a category).
    prefix_ok = _case_fields_ok(case, engine)
    accepted: list[dict[str, Any]] = []
    problems: list[tuple[int, Refusal]] = []
    left_out = False
    for index in order:
        found = _check(case, accepted, events[index], engine,
                       use_engine=prefix_ok and (left_out or not whole_ok), history_ok=prefix_ok)
        if found:
            problems.extend((index, refusal) for refusal in found)
            left_out = True
        else:
            accepted.append(events[index])
    return problems


# -- the three checks ------------------------------------------------------------------

def _check(case: Mapping[str, Any], history: Sequence[Mapping[str, Any]], event: dict[str, Any],
           engine: Engine, *, use_engine: bool, history_ok: bool | None) -> list[Refusal]:
    found = _own_problems(case, event)
    if found:
        return found
    day = _day(event["date"])
    assert day is not None  # checked by `_own_problems`
    found = _prerequisite(case, history, event, day, engine)
    if found or not use_engine:
        return found
    return _engine_refusals(case, history, event, engine, history_ok)


def _own_problems(case: Mapping[str, Any], event: Mapping[str, Any]) -> list[Refusal]:
    """Check 1: type, procedure, date and details of the event alone."""
    code = event.get("type")
    if not isinstance(code, str) or code not in EVENT_TYPES:
        return [Refusal("unknown_event", f"Loại sự kiện không xác định: {code!r}.")]
    label = _label(code)
    procedure = case.get("procedure")
    if not allowed_for(code, str(procedure)):
        names = ", ".join(PROCEDURE_VI.get(p, p) for p in procedures_of(code))
        return [Refusal("wrong_procedure",
                        f"Sự kiện «{label}» không dùng cho vụ việc "
                        f"{PROCEDURE_VI.get(str(procedure), str(procedure))}; sự kiện này chỉ "
                        f"thuộc thủ tục {names}.")]
    if _day(event.get("date")) is None:
        return [Refusal("bad_details", f"Sự kiện «{label}»: ngày không hợp lệ hoặc bị thiếu "
                                       f"({event.get('date')!r}).")]
    details = {k: v for k, v in event.items() if k not in _RESERVED}
    return [Refusal("bad_details", f"Sự kiện «{label}»: {problem}.")
            for problem in data_problems(code, details, str(procedure))]


def _prerequisite(case: Mapping[str, Any], history: Sequence[Mapping[str, Any]],
                  event: Mapping[str, Any], day: date, engine: Engine) -> list[Refusal]:
    """Check 2: the event catalogue's `requires`, against the history up to `day`."""
    code = str(event["type"])
    req = EVENT_TYPES[code].requires
    if req is None:
        return []
    subject = event.get(req.same) if req.same else None

    def counts(e: Mapping[str, Any]) -> bool:
        day_e = _day(e.get("date"))
        return (day_e is not None and day_e <= day
                and (req.same is None or str(e.get(req.same)) == str(subject)))

    earlier = [e for e in history if counts(e)]
    if req.opens_record and not earlier:
        return []
    found = sum(1 for e in earlier if e.get("type") in req.any_of)
    if req.open:
        found -= sum(1 for e in earlier if e.get("type") == code)
    if found > 0:
        return _not_after(case, earlier, req, code, day, engine)
    rule, citation = _requirement_basis(req, code, str(case.get("procedure")), day, engine)
    needed = " hoặc ".join(f"«{_label(t)}»" for t in req.any_of)
    same = f" cùng '{req.same}' = {subject}" if req.same else ""
    if req.open:
        missing = f"trước đó không có {needed}{same} nào đang chờ «{_label(code)}»"
    else:
        missing = f"trước đó hồ sơ chưa có {needed}{same}"
    message = f"Không thể ghi «{_label(code)}» ngày {vi(day)}: {missing}."
    if req.why:
        basis = f" ({citation})" if citation else ""
        message += f" {req.why[:1].upper()}{req.why[1:]}{basis}."
    elif citation:
        message += f" Căn cứ: {citation}."
    return [Refusal("missing_prerequisite", message, rule, citation)]


def _not_after(case: Mapping[str, Any], earlier: Sequence[Mapping[str, Any]], req: Requirement,
               code: str, day: date, engine: Engine) -> list[Refusal]:
    """`Requirement.not_after`: refused when the latest earlier event of `any_of` and
    `not_after` (by date, then as recorded) is one of `not_after`."""
    steps = [(_day(e.get("date")), i, e) for i, e in enumerate(earlier)
             if e.get("type") in req.any_of or e.get("type") in req.not_after]
    if not req.not_after or not steps:
        return []
    last_day, _i, last = max(steps, key=lambda s: (s[0], s[1]))
    if last.get("type") not in req.not_after:
        return []
    rule, citation = _requirement_basis(req, code, str(case.get("procedure")), day, engine)
    needed = " hoặc ".join(f"«{_label(t)}»" for t in req.any_of)
    message = (f"Không thể ghi «{_label(code)}» ngày {vi(day)}: sau «{_label(str(last.get('type')))}» "
               f"ngày {vi(last_day) if last_day else '?'} hồ sơ chưa có {needed} mới.")
    if req.why:
        basis = f" ({citation})" if citation else ""
        message += f" {req.why[:1].upper()}{req.why[1:]}{basis}."
    return [Refusal("missing_prerequisite", message, rule, citation)]


def _requirement_basis(req: Requirement, code: str, procedure: str, day: date,
                       engine: Engine) -> tuple[str | None, str | None]:
    """The requirement's citation, or the rule clock that starts on one of `any_of` and
    reacts to `code` (ends, extends, suspends or resumes on it), e.g. BLTTHS-240 for
    `indicted` after `investigation_concluded`."""
    if req.citation is not None:
        return None, req.citation
    for rule in sorted(engine.rules.all(), key=lambda r: (r.id, r.valid_from)):
        if procedure not in rule.procedures or not rule.in_force(day):
            continue
        if not any(spec.event in req.any_of for spec in rule.starts):
            continue
        reacts = (rule.ends_on(code, {}) or code in rule.end_when or code == rule.extend_event
                  or code in rule.suspend_events or code in rule.resume_events)
        if reacts:
            return rule.id, rule.citation.text()
    return None, None


def _engine_refusals(case: Mapping[str, Any], history: Sequence[Mapping[str, Any]],
                     event: dict[str, Any], engine: Engine,
                     history_ok: bool | None) -> list[Refusal]:
    """Check 3: the engine's errors that the event brings to the history."""
    events = [*history, event]
    if history_ok is None:
        history_ok = not _is_error(case, history, engine)
    if not history_ok:
        return []
    as_of = _as_of(events)
    after = evaluate_case(_with(case, events), as_of, engine=engine)
    if after["status"] != "error":
        return []
    behind = _law_errors(_with(case, events), as_of, engine)
    out = []
    for text in after["errors"]:
        code, rule, citation = behind.get(text, ("unlawful", None, None))
        out.append(Refusal(code, text[:1].upper() + text[1:], rule, citation))
    return out


def _law_errors(case: Mapping[str, Any], as_of: date,
                engine: Engine) -> dict[str, tuple[str, str | None, str | None]]:
    """(code, rule, citation) of the `LawError`s behind `evaluate_case`'s error texts, by
    text; a date beyond the working calendar's tables is `out_of_calendar`."""
    red = reduce_case(case, engine.rules, engine.calendar, as_of=as_of)
    found = {str(exc): (exc.code, exc.rule, exc.citation) for exc in red.law_errors}
    if not red.errors:
        try:
            evaluate_clocks(red, engine)
        except LawError as exc:
            found[str(exc)] = (exc.code, exc.rule, exc.citation)
        except CalendarRangeError as exc:
            found[str(exc)] = ("out_of_calendar", None, None)
    return found


# (procedure, category, case kind, national security, engine) -> can such a case be
# evaluated at all: an import asks it for every case, and the answer depends on these alone.
_FIELDS_OK: dict[tuple[Any, ...], bool] = {}


def _case_fields_ok(case: Mapping[str, Any], engine: Engine) -> bool:
    key = (case.get("procedure"), case.get("category"), case.get("case_kind"),
           case.get("national_security"), id(engine))
    if key not in _FIELDS_OK:
        if len(_FIELDS_OK) > 1000:  # bounded: a few dozen combinations occur in practice
            _FIELDS_OK.clear()
        _FIELDS_OK[key] = not _is_error(case, [], engine)
    return _FIELDS_OK[key]


def _is_error(case: Mapping[str, Any], events: Sequence[Mapping[str, Any]], engine: Engine) -> bool:
    result = evaluate_case(_with(case, events), _as_of(events), engine=engine)
    return bool(result["status"] == "error")


# -- helpers ----------------------------------------------------------------------------

def _events(case: Mapping[str, Any]) -> list[Any]:
    events = case.get("events")
    return list(events) if isinstance(events, list) else []


def _with(case: Mapping[str, Any], events: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    return {**case, "events": list(events)}


def _flat(event: Any) -> dict[str, Any]:
    """The event as the engine reads it: details flat, the date as an ISO string (an
    entry that is not an object becomes an event of no type, refused as unknown)."""
    if not isinstance(event, Mapping):
        return {"type": None, "date": None}
    out = {k: v for k, v in event.items() if k not in _RESERVED}
    details = event.get("details")
    if isinstance(details, Mapping):
        out.update(details)
    raw = event.get("date")
    if isinstance(raw, datetime):
        raw = raw.date()
    out["type"] = event.get("type")
    out["date"] = raw.isoformat() if isinstance(raw, date) else raw
    return out


def _day(value: Any) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def _as_of(events: Sequence[Mapping[str, Any]]) -> date:
    """The last event's date, so that every event counts (errors do not depend on it)."""
    days = [d for d in (_day(e.get("date")) for e in events) if d is not None]
    return max(days) if days else date.today()


def _label(code: str) -> str:
    """The event's name inside a sentence, capitalised: «Lệnh tạm giam»."""
    name = event_vi(code)
    return name[:1].upper() + name[1:]


def event_problems(case: Mapping[str, Any], event: Mapping[str, Any]) -> list[Refusal]:
    """Check 1 alone (no history, no engine): what the vocabulary says of the event —
    its type, procedure, date and details. The case page, the API and the import ask
    this first (a bad form is a 400 before any question of who may record it)."""
    return _own_problems(case, _flat(event))
