"""Counting as the law writes it, per procedure (CONTRACTS.md §1, issue 9 item 3).

Hand-computed rows, each citing the sentence it applies:

- BLTTHS 2015 Đ.134 k1: "Khi tính thời hạn theo ngày thì thời hạn sẽ hết vào lúc 24 giờ ngày
  cuối cùng của thời hạn." - a criminal limit in days ends on its last day even if that day
  is off (default, [M]; `config.yaml` `criminal_day_limits_roll: true` gives the other
  reading). "Khi tính thời hạn theo tháng ... nếu thời hạn hết vào ngày nghỉ thì ngày làm
  việc đầu tiên tiếp theo được tính là ngày cuối cùng của thời hạn." - months move.
  "Khi tính thời hạn tạm giữ, tạm giam thì thời hạn hết vào ngày kết thúc thời hạn được ghi
  trong lệnh, quyết định. Nếu thời hạn được tính bằng tháng thì 01 tháng được tính là 30
  ngày." - custody never moves; the order day is day 1 [M].
- BLDS 2015 Đ.148 k5 (applied to civil procedure by BLTTDS Đ.183): "Khi ngày cuối cùng của
  thời hạn là ngày nghỉ cuối tuần hoặc ngày nghỉ lễ thì thời hạn kết thúc tại thời điểm kết
  thúc ngày làm việc tiếp theo ngày nghỉ đó."
"""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from congminh.core.law import evaluate_case, evaluate_cases
from congminh.core.law.bulk import evaluate_columns
from congminh.core.law.bulk.columns import from_cases
from congminh.core.law.config import Thresholds, default_thresholds
from congminh.core.law.evaluate import Engine
from congminh.core.law.explain import explain_case
from congminh.core.law.obligations import compute_obligation
from congminh.core.law.rules import (
    COUNTING_CIVIL_CODE,
    COUNTING_CRIMINAL_DAYS,
    COUNTING_CRIMINAL_DAYS_ROLL,
    COUNTING_CRIMINAL_MONTHS,
    COUNTING_CUSTODY,
    counting_policy,
    load_rules,
)

D = date
DEFAULT = Engine.default()
ROLLING = Engine(load_rules(day_roll=True), DEFAULT.calendar, DEFAULT.thresholds)


def test_the_switch_is_off_by_default_in_config_yaml() -> None:
    assert default_thresholds().criminal_day_limits_roll is False
    assert Thresholds.from_mapping({"criminal_day_limits_roll": True}).criminal_day_limits_roll


def test_the_policy_per_unit() -> None:
    assert counting_policy("bltths_134", "days", False) == (False, COUNTING_CRIMINAL_DAYS)
    assert counting_policy("bltths_134", "days", True) == (True, COUNTING_CRIMINAL_DAYS_ROLL)
    assert counting_policy("bltths_134", "months", False) == (True, COUNTING_CRIMINAL_MONTHS)
    assert counting_policy("none", "custody_months") == (False, COUNTING_CUSTODY)
    assert counting_policy("next_working_day", "days") == (True, COUNTING_CIVIL_CODE)


@pytest.mark.parametrize(("engine", "due"), [
    # BLTTHS Đ.147 k1: 20 days from 20/4/2026 -> Sun 10/5: kept by default (Đ.134 k1, days) ...
    (DEFAULT, D(2026, 5, 10)),
    # ... moved to Mon 11/5 with `criminal_day_limits_roll: true`
    (ROLLING, D(2026, 5, 11)),
])
def test_criminal_20_days_ending_on_a_sunday(engine: Engine, due: date) -> None:
    result = compute_obligation("BLTTHS-147", start=D(2026, 4, 20), as_of=D(2026, 4, 20),
                                engine=engine)
    assert result.dates is not None
    assert (result.dates.legal_end, result.dates.due) == (D(2026, 5, 10), due)


def test_both_paths_read_the_switch() -> None:
    """The vectorised path follows the same switch (its tables are built from the rules)."""
    case = {"id": "HS-1", "procedure": "criminal", "category": "serious",
            "events": [{"type": "report_received", "date": "2026-04-20"}]}
    for engine, due in ((DEFAULT, "2026-05-10"), (ROLLING, "2026-05-11")):
        columns = from_cases([case])
        result = evaluate_columns(columns, D(2026, 4, 21), engine=engine)
        assert result.fallback_count == 0
        got = result.to_dicts(columns.ids)
        assert got == list(evaluate_cases([case], D(2026, 4, 21), engine=engine))
        assert [o["due"] for o in got[0]["open_obligations"]] == [due]


@pytest.mark.parametrize("engine", [DEFAULT, ROLLING])
def test_criminal_2_months_ending_on_a_saturday_moves_to_monday(engine: Engine) -> None:
    # BLTTHS Đ.172 k1: ÍNT 2 months from 1/6/2026 -> Sat 1/8 -> Mon 3/8 (Đ.134 k1, months).
    result = compute_obligation("BLTTHS-172", start=D(2026, 6, 1), as_of=D(2026, 6, 1),
                                category="less_serious", engine=engine)
    assert result.dates is not None
    assert (result.dates.legal_end, result.dates.due) == (D(2026, 8, 1), D(2026, 8, 3))


def crim(*events: tuple[str, str, dict[str, Any]]) -> dict[str, Any]:
    return {"id": "HS-2", "procedure": "criminal", "category": "less_serious",
            "events": [{"type": t, "date": d, **f} for t, d, f in events]}


DETAINED = [("case_instituted", "2026-03-05", {}),
            ("detention_ordered", "2026-03-05", {"person": "A"})]


def detention_due(case: dict[str, Any], as_of: date) -> str:
    result = evaluate_case(case, as_of)
    return next(o["due"] for o in result["open_obligations"] if o["kind"] == "detention")


def test_detention_of_2_months_counts_the_order_day_and_never_moves() -> None:
    # BLTTHS Đ.173 k1 ÍNT 2 months = 60 days (Đ.134 k1), 5/3/2026 is day 1 -> 3/5/2026, a
    # Sunday (2-3/5 weekend after the 30/4, 1/5 holidays): not moved.
    result = compute_obligation("BLTTHS-173", start=D(2026, 3, 5), as_of=D(2026, 3, 5),
                                category="less_serious")
    assert result.dates is not None
    assert (result.dates.legal_end, result.dates.due) == (D(2026, 5, 3), D(2026, 5, 3))
    assert detention_due(crim(*DETAINED), D(2026, 3, 6)) == "2026-05-03"


def test_the_end_date_in_the_order_wins_when_earlier() -> None:
    # Đ.134 k1: "thời hạn hết vào ngày kết thúc thời hạn được ghi trong lệnh, quyết định".
    ordered = [DETAINED[0], ("detention_ordered", "2026-03-05", {"person": "A",
                                                                 "until": "2026-04-04"})]
    assert detention_due(crim(*ordered), D(2026, 3, 6)) == "2026-04-04"
    # A later date than the legal maximum does not extend it.
    late = [DETAINED[0], ("detention_ordered", "2026-03-05", {"person": "A",
                                                              "until": "2026-06-30"})]
    assert detention_due(crim(*late), D(2026, 3, 6)) == "2026-05-03"
    # An extension order replaces the first order's date: 3/5 + 1 custody month = 2/6, its
    # own date 20/5 wins; without a date, the computed end applies again.
    extended = [*ordered, ("detention_extended", "2026-04-01", {"person": "A", "months": 1,
                                                                "until": "2026-05-20"})]
    assert detention_due(crim(*extended), D(2026, 4, 2)) == "2026-05-20"
    plain = [*ordered, ("detention_extended", "2026-04-01", {"person": "A", "months": 1})]
    assert detention_due(crim(*plain), D(2026, 4, 2)) == "2026-06-02"
    text = explain_case(crim(*ordered), D(2026, 3, 6)).text_vi()
    assert "Lệnh ghi ngày kết thúc 04/04/2026, sớm hơn hạn tối đa 03/05/2026" in text
    bad = [DETAINED[0], ("detention_ordered", "2026-03-05", {"person": "A", "until": "5/4"})]
    assert evaluate_case(crim(*bad), D(2026, 3, 6))["status"] == "error"


def test_civil_1_month_ending_on_a_holiday_moves_to_the_next_working_day() -> None:
    # BLTTDS Đ.280 k1 higher-level protest 1 month from 30/3/2026 -> 30/4 (holiday), 1/5
    # holiday, 2-3/5 weekend -> Mon 4/5 (BLDS Đ.148 k5).
    result = compute_obligation("BLTTDS-280-HIGHER", start=D(2026, 3, 30), as_of=D(2026, 3, 30))
    assert result.dates is not None
    assert (result.dates.legal_end, result.dates.due) == (D(2026, 4, 30), D(2026, 5, 4))


@pytest.mark.parametrize(("case", "sentence"), [
    (crim(("report_received", "2026-04-20", {})), COUNTING_CRIMINAL_DAYS),
    (crim(("case_instituted", "2026-06-01", {})), COUNTING_CRIMINAL_MONTHS),
    (crim(*DETAINED), COUNTING_CUSTODY),
    ({"id": "DS-1", "procedure": "civil", "case_kind": "civil_family",
      "events": [{"type": "accepted", "date": "2026-03-02"}]}, COUNTING_CIVIL_CODE),
])
def test_every_explanation_names_the_counting_rule(case: dict[str, Any], sentence: str) -> None:
    assert sentence in explain_case(case, D(2026, 6, 2)).text_vi()
