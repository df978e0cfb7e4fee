"""Requalification of the crime category (`charges_requalified`, legal-facts §0, §10 item 6).

Rule applied [M]: from the event's date the category is the new one; running clocks keep
their start and switch to the new category's limit row; extensions already granted are
re-checked against the new row (cut to its tier maximum, or no longer counted when the new
row has fewer tiers); clocks started later use the new category.
"""

from datetime import date
from typing import Any

import pytest

from congminh.core.law import evaluate_case
from congminh.core.law.explain import explain_case

D = date


def crim(category: str, *events: tuple[str, str, dict[str, Any]]) -> dict[str, Any]:
    return {"id": "HS-3", "procedure": "criminal", "category": category,
            "events": [{"type": t, "date": d, **f} for t, d, f in events]}


def only(result: dict[str, Any], rule: str) -> dict[str, Any]:
    found = [o for o in result["open_obligations"] if o["rule"] == rule]
    assert len(found) == 1, result
    return found[0]


ROWS = [
    # (article, category, events, as_of, rule, (due, max_due, basis))
    ("BLTTHS Đ.172 k1 (NT -> RNT): NT 3 months becomes RNT 4 months from 10/3 -> Fri 10/7; "
     "max 4+4+4 = 12 months -> Wed 10/3/2027", "serious",
     [("case_instituted", "2026-03-10", {}),
      ("charges_requalified", "2026-04-01", {"category": "very_serious"})],
     D(2026, 4, 2), "BLTTHS-172", ("2026-07-10", "2027-03-10", "BLTTHS 2015 Điều 172 khoản 1")),
    ("BLTTHS Đ.172 k1 (RNT -> ÍNT): RNT with +4 +4 becomes ÍNT 2 months + one extension ≤ 2 months: "
     "5/1 + 2 + 2 months = Tue 5/5; the second extension no longer counts", "very_serious",
     [("case_instituted", "2026-01-05", {}),
      ("investigation_extended", "2026-04-20", {"months": 4}),
      ("investigation_extended", "2026-08-20", {"months": 4}),
      ("charges_requalified", "2026-09-01", {"category": "less_serious"})],
     D(2026, 9, 2), "BLTTHS-172", ("2026-05-05", "2026-05-05", "BLTTHS 2015 Điều 172 khoản 1")),
    ("BLTTHS Đ.240: prosecution starts after requalification to ĐBNT: 30 days from 2/3 -> 1/4 "
     "(NT would give 20 days -> 22/3 Sunday); max +30 days -> 1/5 holiday, kept (Đ.134 k1: "
     "a limit in days ends on its last day)", "serious",
     [("case_instituted", "2026-01-05", {}),
      ("charges_requalified", "2026-02-01", {"category": "especially_serious"}),
      ("investigation_concluded", "2026-03-02", {})],
     D(2026, 3, 3), "BLTTHS-240", ("2026-04-01", "2026-05-01", "BLTTHS 2015 Điều 240")),
    ("BLTTHS Đ.172 k3: requalified as ĐBNT ANQG: 4 months from 2/1 -> 2/5 (Sat) -> Mon 4/5; "
     "max 24 months -> 2/1/2028 (Sun), 3/1 compensating -> Tue 4/1/2028", "serious",
     [("case_instituted", "2026-01-02", {}),
      ("charges_requalified", "2026-02-10", {"category": "especially_serious",
                                             "national_security": True})],
     D(2026, 2, 11), "BLTTHS-172", ("2026-05-04", "2028-01-04", "BLTTHS 2015 Điều 172 khoản 1")),
    ("BLTTHS Đ.173 k1 (ÍNT -> NT): detention ÍNT 2 custody months becomes NT 3 custody months from "
     "1/3, first day counted: 1/3 + 90 - 1 = 29/5", "less_serious",
     [("case_instituted", "2026-03-01", {}),
      ("detention_ordered", "2026-03-01", {"person": "A"}),
      ("charges_requalified", "2026-03-15", {"category": "serious"})],
     D(2026, 3, 16), "BLTTHS-173", ("2026-05-29", "2026-07-28", "BLTTHS 2015 Điều 173 khoản 1")),
]


@pytest.mark.parametrize(("article", "category", "events", "as_of", "rule", "expected"), ROWS,
                         ids=[r[0][:60] for r in ROWS])
def test_requalification(article: str, category: str, events: list[tuple[str, str, dict[str, Any]]],
                         as_of: date, rule: str, expected: tuple[str, str, str]) -> None:
    ob = only(evaluate_case(crim(category, *events), as_of), rule)
    assert (ob["due"], ob["max_due"], ob["basis"]) == expected


def test_dropped_extension_is_not_counted_and_explained() -> None:
    case = crim("very_serious", *ROWS[1][2])
    ob = only(evaluate_case(case, D(2026, 9, 2)), "BLTTHS-172")
    assert (ob["extensions_used"], ob["extensions_left"], ob["status"]) == (1, 0, "overdue")
    steps = explain_case(case, D(2026, 9, 2)).clocks[0].steps
    requalify = [s for s in steps if s.kind == "requalify"]
    assert len(requalify) == 1
    text = requalify[0].text
    assert "loại tội rất nghiêm trọng → ít nghiêm trọng" in text
    assert "Áp dụng thời hạn 2 tháng theo BLTTHS 2015 Điều 172 khoản 1" in text
    assert "vẫn tính từ ngày 05/01/2026" in text
    assert "gia hạn lần 1 ngày 20/04/2026 (4 tháng) chỉ còn được tính tối đa 2 tháng" in text
    assert "gia hạn lần 2 ngày 20/08/2026 (4 tháng) không còn căn cứ theo loại tội mới" in text
    assert requalify[0].data["confidence"] == "M"


def test_extension_after_requalification_is_checked_strictly() -> None:
    # Đ.172 k2a: ÍNT may be extended once by ≤ 2 months; 3 months after requalifying is refused.
    case = crim("serious", ("case_instituted", "2026-01-05", {}),
                ("charges_requalified", "2026-02-01", {"category": "less_serious"}),
                ("investigation_extended", "2026-02-20", {"months": 3}))
    result = evaluate_case(case, D(2026, 2, 21))
    assert result["status"] == "error"
    assert "vượt quá mức tối đa 2 tháng" in result["errors"][0]


def test_requalification_needs_a_category() -> None:
    case = crim("serious", ("case_instituted", "2026-01-05", {}),
                ("charges_requalified", "2026-02-01", {"category": "minor"}))
    result = evaluate_case(case, D(2026, 2, 2))
    assert result["status"] == "error" and "trường 'category'" in result["errors"][0]
