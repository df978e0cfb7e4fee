"""When a first-instance judgment takes effect: a fact derived from its windows.

`judgment_pronounced` (outside an appeal) opens the appeal window and the two protest
windows (BLTTHS Đ.333, Đ.337; BLTTDS Đ.273, Đ.280; Luật TTHC Đ.206, Đ.213); each person
absent at the pronouncement gets an appeal window from `judgment_delivered`. The judgment
takes effect when every window has closed and nobody appealed or protested in time ("bản
án sơ thẩm không bị kháng cáo, kháng nghị thì có hiệu lực pháp luật"; legal-facts §10
item 10; the articles saying so are not cited here). Rules applied [M]:

- effect from the day after the last window's due date (a window ends at 24:00 of its
  last day, Đ.134);
- an appeal or protest counts if it is dated on or before the due date of its window
  (the person's window for an appeal naming `person`, the case window otherwise; the
  window of its `level` for a protest, the latest protest window otherwise). A later one
  is late (BLTTHS Đ.335: accepted only for good reason): shown, but it does not stop the
  effect;
- persons listed in `absent` on `judgment_pronounced` who have no `judgment_delivered`
  yet keep the judgment pending: their window has not started.

This is the fact the enforcement clocks start from; the enforcement case itself is a
separate case with its own events.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .dates import vi
from .events import EVENT_TYPES
from .reduce import Event, Reduction

WINDOW_KINDS = ("appeal_window", "protest_window")
# Whose protest window a protest's `level` names (none named: the latest protest window).
PROTEST_HOLDER = {"same": "procuracy", "higher": "higher_procuracy"}
STATE_VI = {
    "pending": "chưa hết thời hạn kháng cáo, kháng nghị",
    "appealed": "bị kháng cáo, kháng nghị trong hạn: chưa có hiệu lực, chờ xét xử phúc thẩm",
    "effective": "có hiệu lực pháp luật",
}


@dataclass(frozen=True)
class WindowDue:
    """One window's clock, as `evaluate` computed it."""

    kind: str  # appeal_window | protest_window
    holder: str  # parties | procuracy | higher_procuracy
    subject: str | None
    start: date
    due: date


@dataclass(frozen=True)
class Appeal:
    event: Event
    timely: bool
    window_due: date | None


@dataclass(frozen=True)
class JudgmentFacts:
    pronounced: date
    state: str  # pending | appealed | effective
    windows_close: date | None  # the last window's due date (None: a window not started)
    effective_from: date | None
    appeals: tuple[Appeal, ...]
    awaiting_delivery: tuple[str, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "pronounced": self.pronounced.isoformat(),
            "state": self.state,
            "windows_close": self.windows_close.isoformat() if self.windows_close else None,
            "effective_from": self.effective_from.isoformat() if self.effective_from else None,
            "appeals": [{"type": a.event.type, "date": a.event.date.isoformat(), "timely": a.timely}
                        for a in self.appeals],
        }

    def text_vi(self) -> str:
        out = f"Bản án sơ thẩm tuyên ngày {vi(self.pronounced)}: {STATE_VI[self.state]}"
        if self.state == "effective" and self.effective_from:
            out += f" từ ngày {vi(self.effective_from)} (hết thời hạn kháng cáo, kháng nghị ngày " \
                   f"{vi(self.effective_from - timedelta(days=1))}, không có kháng cáo, kháng nghị)"
        elif self.state == "pending":
            if self.awaiting_delivery:
                out += f"; chưa giao hoặc niêm yết bản án cho {', '.join(self.awaiting_delivery)}"
            elif self.windows_close:
                out += f"; nếu không bị kháng cáo, kháng nghị thì có hiệu lực từ ngày " \
                       f"{vi(self.windows_close + timedelta(days=1))}"
        for appeal in self.appeals:
            what = "Kháng cáo" if _after(appeal.event) == "appeal" else "Kháng nghị"
            who = appeal.event.fields.get("person")
            who_text = f" của {who}" if who else ""
            late = "trong hạn" if appeal.timely else "quá hạn (chỉ được chấp nhận nếu có lý do chính đáng)"
            out += f". {what}{who_text} ngày {vi(appeal.event.date)}: {late}"
        return out


def _after(event: Event) -> str | None:
    """`delivery`, `appeal`, `protest` (the catalogue's `after_judgment`), or None."""
    return EVENT_TYPES[event.type].effects.after_judgment


def _window_for(event: Event, windows: Sequence[WindowDue]) -> WindowDue | None:
    if _after(event) == "appeal":
        person = event.fields.get("person")
        mine = [w for w in windows if w.kind == "appeal_window" and w.subject == str(person)]
        if person is not None and mine:
            return max(mine, key=lambda w: w.start)
        case_level = [w for w in windows if w.kind == "appeal_window" and w.subject is None]
        return case_level[-1] if case_level else None
    level = event.fields.get("level")
    holder = PROTEST_HOLDER.get(str(level))
    protests = [w for w in windows if w.kind == "protest_window" and (holder is None or w.holder == holder)]
    return max(protests, key=lambda w: w.due) if protests else None


def judgment_facts(red: Reduction, windows: Sequence[WindowDue], as_of: date) -> JudgmentFacts | None:
    """The latest first-instance judgment's state on `as_of` (None if there is none)."""
    if not red.judgments:
        return None
    judgment = red.judgments[-1]
    mine = [w for w in windows if w.start >= judgment.date]
    raw_absent = judgment.fields.get("absent") or []
    absent = [str(p) for p in (raw_absent if isinstance(raw_absent, list) else [raw_absent])]
    later = [e for e in red.after_judgment if e.date >= judgment.date]
    delivered = {str(e.fields.get("person")) for e in later if _after(e) == "delivery"}
    awaiting = tuple(p for p in absent if p not in delivered)
    appeals = []
    for event in later:
        if _after(event) not in ("appeal", "protest"):
            continue
        window = _window_for(event, mine)
        timely = window is not None and event.date <= window.due
        appeals.append(Appeal(event, timely, window.due if window else None))
    close = max((w.due for w in mine), default=None)
    if any(a.timely for a in appeals):
        state = "appealed"
    elif awaiting or close is None or close >= as_of:
        state = "pending"
    else:
        state = "effective"
    effective = close + timedelta(days=1) if state == "effective" and close else None
    return JudgmentFacts(judgment.date, state, None if awaiting else close, effective,
                         tuple(appeals), awaiting)
