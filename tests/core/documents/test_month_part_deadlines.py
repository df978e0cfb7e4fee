"""Issue #13: deadlines named by a part of a month ("đầu tháng 10/2026", "giữa tháng 6/2026",
"cuối tháng 6/2026") and by a dated occasion ("vào dịp kỷ niệm ngày 9/11/2026"), on sentences
written for the test (none is copied from a corpus document).

As the golden labels read "6 tháng đầu năm 2025" as the half year's last day, a part of a month
is read as its last day: the early part (thượng tuần) ends on the 10th, the middle (trung tuần) on
the 20th, the end on the month's last day (precision "month", as "cuối năm" is "year"). The 10th
and the 20th are no period's end in the contract, so their precision is "day". A dated occasion
is due on its day.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from congminh.core.documents import parse_text
from congminh.core.documents.dates import find_deadlines, period_deadline

LETTER_DATE = dt.date(2026, 5, 20)
HEAD = ("ỦY BAN NHÂN DÂN TỈNH LÀO CAI\nSố: 45/KH-UBND\nLào Cai, ngày 20 tháng 5 năm 2026\n"
        "KẾ HOẠCH\nTriển khai Chỉ thị về công tác tư pháp\n")


def _due(text: str, reference: dt.date | int | None = LETTER_DATE) -> tuple[str, str] | None:
    found = find_deadlines(text, reference)
    return (found[0].due.isoformat(), found[0].precision) if found else None


@pytest.mark.parametrize(
    ("text", "due", "precision"),
    [
        # the early part of a month: its first ten days
        ("Sở Tư pháp tổ chức hội nghị tổng kết vào đầu tháng 10/2026.", "2026-10-10", "day"),
        ("hoàn thành đầu tháng 10 năm 2026.", "2026-10-10", "day"),
        ("Đầu tháng 10/2026, Sở Nội vụ trình Ủy ban nhân dân tỉnh.", "2026-10-10", "day"),
        # before the month begins: the day before it
        ("hoàn thành trước đầu tháng 10/2026.", "2026-09-30", "day"),
        # the middle of a month: to the 20th
        ("Công an tỉnh báo cáo kết quả vào giữa tháng 6/2026.", "2026-06-20", "day"),
        # the end of a month: its last day
        ("Sở Tài chính hoàn thành cuối tháng 6/2026.", "2026-06-30", "month"),
        # with no year, of the document's (or the next, when well before the document)
        ("tổ chức tập huấn vào đầu tháng 10.", "2026-10-10", "day"),
        ("báo cáo kết quả giữa tháng 6.", "2026-06-20", "day"),
        ("tổ chức sơ kết vào đầu tháng 3.", "2027-03-10", "day"),
        # a dated occasion: the day itself
        ("Tổ chức tọa đàm vào dịp kỷ niệm ngày 9/11/2026.", "2026-11-09", "day"),
        ("Tổ chức hoạt động nhân dịp kỷ niệm 81 năm Quốc khánh ngày 02/9/2026.", "2026-09-02", "day"),
        ("Ra mắt mô hình trước dịp kỷ niệm ngày 9 tháng 11 năm 2026.", "2026-11-09", "day"),
    ],
)
def test_month_parts_and_occasions_give_a_due_date(text: str, due: str, precision: str) -> None:
    assert _due(text) == (due, precision)


@pytest.mark.parametrize(
    ("text", "due"),
    [
        # the start of a period is no deadline; its end is
        ("Sở Tư pháp thực hiện từ đầu tháng 10/2026 đến hết tháng 12/2026.", "2026-12-31"),
        ("Từ đầu tháng 10 đến cuối tháng 11, rà soát văn bản.", "2026-11-30"),
    ],
)
def test_the_start_of_a_period_is_not_its_deadline(text: str, due: str) -> None:
    assert [(d.due.isoformat(), d.precision) for d in find_deadlines(text, LETTER_DATE)] == [(due, "month")]


@pytest.mark.parametrize(
    "text",
    [
        "Tổ chức hoạt động nhân dịp kỷ niệm ngày 19/8/1945.",  # the anniversary's origin, long before the plan
        "Tuyên truyền nhân dịp kỷ niệm 80 năm Cách mạng tháng Tám (19/8/1945 - 19/8/2025).",  # dates in brackets
        "Tổ chức gặp mặt vào đầu tháng 10 hằng năm.",  # a recurring month part
    ],
)
def test_no_one_off_deadline(text: str) -> None:
    assert find_deadlines(text, LETTER_DATE) == []


def test_a_time_field_with_a_month_part() -> None:
    assert (d := period_deadline("Đầu tháng 10/2026")) is not None
    assert (d.due, d.precision) == (dt.date(2026, 10, 10), "day")
    assert (d := period_deadline("Giữa tháng 6", 2026)) is not None
    assert d.due == dt.date(2026, 6, 20)


def test_tasks_of_a_plan_get_month_part_and_occasion_deadlines() -> None:
    body = ("II. NHIỆM VỤ\n1. Sở Tư pháp tổ chức tọa đàm vào dịp kỷ niệm ngày 9/11/2026.\n"
            "2. Sở Nội vụ tổng hợp, báo cáo kết quả vào đầu tháng 10/2026.\n"
            "3. Công an tỉnh rà soát, hoàn thành giữa tháng 6/2026.\n")
    tasks: list[tuple[Any, ...]] = [(t["ref"], t["assignees"], t["due"], t.get("due_precision"))
                                    for t in parse_text(HEAD + body)["tasks"]]
    assert tasks == [
        ("II.1", ["Sở Tư pháp"], "2026-11-09", "day"),
        ("II.2", ["Sở Nội vụ"], "2026-10-10", "day"),
        ("II.3", ["Công an tỉnh"], "2026-06-20", "day"),
    ]
