"""Table-driven due dates per rule, computed by hand from the article each row cites; the rows
live in `src/congminh/core/law/examples.yaml` (the law page shows them too).

Counting (CONTRACTS.md §1): the start day is not counted; months end on the same
day-number (last day of a short month). Criminal (BLTTHS Đ.134 k1): "Khi tính thời hạn theo
ngày thì thời hạn sẽ hết vào lúc 24 giờ ngày cuối cùng của thời hạn" - a limit in days ends
on its last day even if off [M, `criminal_day_limits_roll: false`]; "Khi tính thời hạn theo
tháng ... nếu thời hạn hết vào ngày nghỉ thì ngày làm việc đầu tiên tiếp theo được tính là
ngày cuối cùng" - months move. Custody: months of 30 days, never moved, the first day counts
[M]. Civil, administrative, enforcement (BLDS 2015 Đ.147-148): a day off moves the end to the
next working day. BLTTHS-346, -346-DECISION and -277-HEARING still say `next_working_day`
(being changed elsewhere), so their rows still roll.
"""

from datetime import date

import pytest

from congminh.core.law.clocks import LawError
from congminh.core.law.evaluate import Engine, evaluate_traced
from congminh.core.law.examples import Example, check, examples
from congminh.core.law.obligations import compute_obligation

D = date
EXAMPLES = examples()
DUES = [e for e in EXAMPLES if e.rejected is None]
REFUSALS = [e for e in EXAMPLES if e.rejected is not None]


def test_every_rule_has_a_table_row() -> None:
    """Item 8 of the law-engine issue: each statutory clock has hand-computed rows
    (`core/law/examples.yaml`)."""
    assert {rule.id for rule in Engine.default().rules.all()} <= {e.rule for e in DUES}


@pytest.mark.parametrize("example", DUES, ids=[e.title for e in DUES])
def test_due_date(example: Example) -> None:
    outcome = check(example)
    assert outcome.error is None
    assert outcome.due == example.due


@pytest.mark.parametrize("example", REFUSALS, ids=[e.title for e in REFUSALS])
def test_extension_beyond_cap_is_rejected(example: Example) -> None:
    with pytest.raises(LawError, match=example.rejected):
        compute_obligation(example.rule, start=example.start, as_of=example.start,
                           extensions=[(g, n.length, n.unit) for g, n in example.extensions],
                           **example.when)


def test_max_due_is_the_full_extension_headroom() -> None:
    # BLTTHS Đ.172: NT 3 + 3 + 2 = 8 months from 10/3/2026 -> 10/11/2026 (Tue).
    result = compute_obligation("BLTTHS-172", start=D(2026, 3, 10), as_of=D(2026, 3, 10),
                                category="serious")
    assert result.dates is not None and result.dates.max_due == D(2026, 11, 10)


def test_done_obligation_status() -> None:
    # BLTTDS Đ.106: 15 days from 2/3/2026 -> 17/3; answered on 18/3 is late.
    late = compute_obligation("BLTTDS-106", start=D(2026, 3, 2), as_of=D(2026, 4, 1),
                              done=D(2026, 3, 18))
    assert late.status == "done_late"


def _hearing_items(events: list[tuple[str, str]]) -> dict[str, tuple[object, object, object]]:
    """A serious-crime case brought to trial on Wed 1/7/2026, then `events`: each hearing
    clock as (due, end date, end event)."""
    history = [("case_instituted", "2026-01-05"), ("investigation_concluded", "2026-03-02"),
               ("indicted", "2026-03-12"), ("accepted", "2026-03-16"),
               ("brought_to_trial", "2026-07-01"), *events]
    case = {"id": "H-1", "procedure": "criminal", "category": "serious",
            "events": [{"type": t, "date": d} for t, d in history]}
    ev = evaluate_traced(case, D(2026, 9, 1), trace=False)
    assert not ev.reduction.errors
    return {i.rule.id: (i.dates.due if i.dates else None, i.clock.ended, i.clock.end_event)
            for i in ev.items if i.rule.id in ("BLTTHS-277-HEARING", "BLTTHS-297")}


def test_hearing_clock_ends_when_the_hearing_opens() -> None:
    # BLTTHS Đ.277 k3: "Trong thời hạn 15 ngày kể từ ngày có quyết định đưa vụ án ra xét xử,
    # Tòa án phải mở phiên tòa": 1/7/2026 + 15 = Thu 16/7. Opened Tue 14/7: the clock ends
    # on 14/7 by the opening (not at the judgment of 20/8).
    items = _hearing_items([("hearing_opened", "2026-07-14"), ("judgment_pronounced", "2026-08-20")])
    assert items["BLTTHS-277-HEARING"] == (D(2026, 7, 16), D(2026, 7, 14), "hearing_opened")
    assert "BLTTHS-297" not in items


def test_postponement_opens_its_own_clock_until_the_hearing_reopens() -> None:
    # Postponed Tue 14/7/2026: the 15-day clock ends there; Đ.297 k2: 14/7 + 30 days = Thu 13/8
    # (1/8 is a Saturday, so 13/8 a Thursday). Reopened Mon 10/8: the postponement clock ends.
    items = _hearing_items([("hearing_postponed", "2026-07-14"), ("hearing_opened", "2026-08-10")])
    assert items["BLTTHS-277-HEARING"] == (D(2026, 7, 16), D(2026, 7, 14), "hearing_postponed")
    assert items["BLTTHS-297"] == (D(2026, 8, 13), D(2026, 8, 10), "hearing_opened")
