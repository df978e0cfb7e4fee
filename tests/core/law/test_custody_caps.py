"""Custody tied to stage limits (legal-facts §1.4, §10 item 9) and the renewal alert.

A detention order made during prosecution (Đ.241), supplementary investigation (Đ.174 k4)
or trial preparation (Đ.278 k2) never runs past that stage's due date [M: the order is
taken to run for the stage's base limit; see the rule files]. Custody never rolls.
"""

from datetime import date
from typing import Any

import pytest

from congminh.core.law import evaluate_case
from congminh.core.law.explain import explain_case

D = date


def crim(*events: tuple[str, str, dict[str, Any]], category: str = "serious") -> dict[str, Any]:
    return {"id": "HS-5", "procedure": "criminal", "category": category,
            "events": [{"type": t, "date": d, **f} for t, d, f in events]}


def custody(result: dict[str, Any]) -> dict[str, tuple[str, str]]:
    return {o["subject"]: (o["rule"], o["due"]) for o in result["open_obligations"]
            if o["kind"] == "detention"}


PROSECUTION = [("case_instituted", "2026-01-05", {}),
               ("detention_ordered", "2026-01-05", {"person": "A"}),  # Đ.173 NT: 3 x 30 days -> 4/4
               ("investigation_concluded", "2026-03-20", {}),  # Đ.240 NT 20 days -> Thu 9/4
               ("detention_ordered", "2026-03-25", {"person": "A"})]  # Đ.241: 20 days, 25/3 is day 1 -> 13/4

ROWS = [
    # (article, events, as_of, {person: (rule, due)})
    ("BLTTHS Đ.241: detention to prosecute 25/3 (day 1) + 20 days = 13/4, capped at the Đ.240 due 9/4",
     PROSECUTION, D(2026, 3, 26), {"A": ("BLTTHS-241", "2026-04-09")}),
    ("BLTTHS Đ.240 + Đ.241: prosecution extended by 10 days -> 19/4 (Sun, kept: Đ.134 k1); the order "
     "still ends on 13/4 until it is renewed",
     [*PROSECUTION, ("prosecution_extended", "2026-04-01", {"days": 10})], D(2026, 4, 2),
     {"A": ("BLTTHS-241", "2026-04-13")}),
    ("BLTTHS Đ.241: renewed by 10 days -> 23/4, capped at the extended Đ.240 due 19/4",
     [*PROSECUTION, ("prosecution_extended", "2026-04-01", {"days": 10}),
      ("detention_extended", "2026-04-10", {"person": "A", "days": 10})], D(2026, 4, 11),
     {"A": ("BLTTHS-241", "2026-04-19")}),
    ("BLTTHS Đ.174 k4: VKS return received 1/6 -> 2 months -> 1/8 (Sat) -> 3/8; detention 15/6 "
     "+ 60 days = 14/8, capped at 3/8",
     [("case_instituted", "2026-01-05", {}), ("investigation_concluded", "2026-04-01", {}),
      ("returned_for_investigation", "2026-06-01", {"by": "procuracy"}),
      ("detention_ordered", "2026-06-15", {"person": "B"})], D(2026, 6, 16),
     {"B": ("BLTTHS-174-4", "2026-08-03")}),
    ("BLTTHS Đ.278 k2: NT preparation 45 days from 2/3 -> Thu 16/4; detention 10/3 + 45 days = "
     "24/4, capped at 16/4",
     [("accepted", "2026-03-02", {}), ("detention_ordered", "2026-03-10", {"person": "C"})],
     D(2026, 3, 11), {"C": ("BLTTHS-278", "2026-04-16")}),
    ("BLTTHS Đ.173: an order marked custody_stage=investigation keeps the Đ.173 limit: "
     "25/3 + 90 days - 1 = 22/6",
     [*PROSECUTION[:3], ("detention_ordered", "2026-03-25", {"person": "A",
                                                               "custody_stage": "investigation"})],
     D(2026, 3, 26), {"A": ("BLTTHS-173", "2026-06-22")}),
]


@pytest.mark.parametrize(("article", "events", "as_of", "expected"), ROWS,
                         ids=[r[0][:60] for r in ROWS])
def test_custody_capped_by_stage(article: str, events: list[tuple[str, str, dict[str, Any]]],
                                 as_of: date, expected: dict[str, tuple[str, str]]) -> None:
    assert custody(evaluate_case(crim(*events), as_of)) == expected


def test_new_order_replaces_the_running_one() -> None:
    # The Đ.173 order of 5/1 ends when the Đ.241 order of 25/3 is made: it was met on time.
    result = evaluate_case(crim(*PROSECUTION), D(2026, 3, 26))
    closed = [o for o in result["closed_obligations"] if o["rule"] == "BLTTHS-173"]
    assert [(o["subject"], o["done"], o["done_status"], o["done_event"]) for o in closed] == [
        ("A", "2026-03-25", "done_on_time", "detention_ordered")]


@pytest.mark.parametrize(
    ("as_of", "extra", "flagged"),
    [
        (D(2026, 4, 3), [], False),  # 6 days left on the order ending 9/4
        (D(2026, 4, 4), [], True),  # 5 days left (config custody_renewal_notice_days: 5)
        (D(2026, 4, 12), [], True),  # the order ran out on 9/4 and nothing was recorded
        (D(2026, 4, 4), [("detention_ended", "2026-04-04", {"person": "A"})], False),  # released
    ],
)
def test_flag_custody_expiring_before_renewal(as_of: date, extra: list[tuple[str, str, dict[str, Any]]],
                                              flagged: bool) -> None:
    flags = evaluate_case(crim(*PROSECUTION, *extra), as_of)["flags"]
    assert ("custody_expiring_before_renewal" in flags) is flagged


def test_explanation_shows_the_cap() -> None:
    explanation = explain_case(crim(*PROSECUTION), D(2026, 3, 26))
    clock = next(c for c in explanation.clocks if c.rule_id == "BLTTHS-241")
    cap = [s for s in clock.steps if s.kind == "cap"]
    assert cap and cap[0].text == (
        "Không được quá thời hạn của giai đoạn (BLTTHS-240, hết ngày 09/04/2026, căn cứ BLTTHS 2015 "
        "Điều 241): hạn của lệnh 13/04/2026 được rút về 09/04/2026")
    assert "lệnh tạm giữ, tạm giam sắp hết hạn" not in explanation.text_vi()  # 14 days left
