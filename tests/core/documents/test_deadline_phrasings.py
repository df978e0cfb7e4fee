"""Issue #13: the ways Vietnamese administrative documents state a deadline, one class each,
on sentences written for the test (none is copied from a corpus document).

A date or period written with no year is of the document's year (of the next one when it
would fall more than a month before the document); recurring dates stay recurrences.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest

from congminh.core.documents import parse_text
from congminh.core.documents.dates import (
    effective_date,
    find_deadlines,
    find_recurrence,
    find_relative_deadlines,
    lunar_new_year_eve,
    period_deadline,
)

# A letter of 20/11/2026: "trước ngày 10/01" is then January 2027.
LETTER_DATE = dt.date(2026, 11, 20)
HEAD = ("ỦY BAN NHÂN DÂN TỈNH LÀO CAI\nSố: 45/KH-UBND\nLào Cai, ngày 20 tháng 11 năm 2026\n"
        "KẾ HOẠCH\nTriển khai công tác tư pháp\n")


def _due(text: str, reference: dt.date | int | None = LETTER_DATE) -> tuple[str, str] | None:
    found = find_deadlines(text, reference)
    return (found[0].due.isoformat(), found[0].precision) if found else None


def _tasks(body: str) -> list[tuple[Any, ...]]:
    return [(t["ref"], t["assignees"], t["due"], t.get("due_precision"), t["recurrence"])
            for t in parse_text(HEAD + body)["tasks"]]


@pytest.mark.parametrize(
    ("text", "due", "precision"),
    [
        # a day and month with no year
        ("Sở Tư pháp tổng hợp kết quả trước ngày 15/12.", "2026-12-15", "day"),
        ("gửi Sở Nội vụ trước ngày 15 tháng 12.", "2026-12-15", "day"),
        ("gửi Sở Nội vụ chậm nhất vào ngày 10/01.", "2027-01-10", "day"),  # a month before the letter: next year
        ("báo cáo kết quả trước ngày 05/11.", "2026-11-05", "day"),  # just before the letter: still its year
        ("hoàn thành trước 30/6 năm 2027.", "2027-06-30", "day"),
        # an hour and a weekday before the day
        ("gửi báo cáo trước 16 giờ ngày 10/12/2026.", "2026-12-10", "day"),
        ("gửi báo cáo trước 16h00 ngày 10/12/2026.", "2026-12-10", "day"),
        ("gửi báo cáo trước 9 giờ 30 phút, thứ Năm, ngày 10/12/2026.", "2026-12-10", "day"),
        ("gửi báo cáo trước 16 giờ ngày 05/12.", "2026-12-05", "day"),
        # other latest-date words
        ("gửi báo cáo không muộn hơn ngày 10/12/2026.", "2026-12-10", "day"),
        ("báo cáo kết quả trong ngày 15/12/2026.", "2026-12-15", "day"),
        ("thời hạn hoàn thành là ngày 15/12/2026.", "2026-12-15", "day"),
        ("hạn cuối ngày 15/12/2026.", "2026-12-15", "day"),
        ("hạn nộp báo cáo là ngày 20/12.", "2026-12-20", "day"),
        ("hoàn thành vào ngày 15/12.", "2026-12-15", "day"),
        # periods with no year
        ("hoàn thành trong tháng 12.", "2026-12-31", "month"),
        ("triển khai trong quý IV.", "2026-12-31", "quarter"),
        ("triển khai chậm nhất trong quý I.", "2027-03-31", "quarter"),
        ("thực hiện trong 6 tháng cuối năm.", "2026-12-31", "month"),
        ("thực hiện trong 6 tháng đầu năm.", "2027-06-30", "month"),
        # the document's own period, or the next year
        ("hoàn thành trong năm nay.", "2026-12-31", "year"),
        ("hoàn thành trong tháng này.", "2026-11-30", "month"),
        ("xong trong quý này.", "2026-12-31", "quarter"),
        ("hoàn thành trong năm tới.", "2027-12-31", "year"),
        # a period before another
        ("hoàn thành trước Quý II/2027.", "2027-03-31", "quarter"),
        ("hoàn thành trước Quý I/2027.", "2026-12-31", "quarter"),
        ("hoàn thành xong trước năm 2028.", "2027-12-31", "year"),
        # years and quarters in more wordings
        ("xong trong năm 2027.", "2027-12-31", "year"),
        ("hoàn thành vào cuối năm 2027.", "2027-12-31", "year"),
        ("triển khai trong Quý IV.2026", "2026-12-31", "quarter"),
        # a month alone in brackets after the work
        ("Tổ chức hội nghị sơ kết (tháng 3/2027).", "2027-03-31", "month"),
        ("Tập huấn cho cán bộ (Tháng 4 - 5/2027).", "2027-05-31", "month"),
        ("Tổng kết (6 tháng đầu năm 2027).", "2027-06-30", "month"),
        # Tết Nguyên đán: the eve of the lunar new year (6/2/2027)
        ("hoàn thành việc thăm hỏi trước Tết Nguyên đán Đinh Mùi năm 2027.", "2027-02-05", "day"),
        ("hoàn thành việc thăm hỏi trước Tết Nguyên đán.", "2027-02-05", "day"),
        # time fields: no punctuation before, "Hạn …", in brackets, no year
        ("rà soát văn bản của tỉnh Thời hạn: 15/12/2026", "2026-12-15", "day"),
        ("- Hạn hoàn thành: 20/12/2026.", "2026-12-20", "day"),
        ("rà soát văn bản (Thời gian: Quý II/2027).", "2027-06-30", "quarter"),
        ("- Thời hạn: 15/12.", "2026-12-15", "day"),
        ("- Thời gian thực hiện: Quý IV.", "2026-12-31", "quarter"),
        ("- Thời gian thực hiện: tháng 12.", "2026-12-31", "month"),
        ("- Thời gian thực hiện: 01/12/2026 - 18/12/2026.", "2026-12-18", "day"),
        ("- Thời gian dự kiến hoàn thành: 6/2027", "2027-06-30", "month"),
        ("- Thời gian tổ chức: tháng 9/2027.", "2027-09-30", "month"),
        ("- Hoàn thành: tháng 6/2027", "2027-06-30", "month"),
        ("- Mốc thời gian: 2027", "2027-12-31", "year"),
        # older texts write a month "tháng 7-2027"; a range of months ends with its last
        ("hoàn thành trong tháng 6-2027.", "2027-06-30", "month"),
        ("phải xong trước tháng 7-2027.", "2027-06-30", "month"),
        ("tổ chức hội nghị trong tháng 11 - 12/2027.", "2027-12-31", "month"),
        ("tập huấn trong tháng 10 đến tháng 11 năm 2027.", "2027-11-30", "month"),
        # "trước năm" after an ending verb: the year before's last day
        ("việc cấp giấy chứng nhận phải kết thúc trước năm 2028.", "2027-12-31", "year"),
        ("hoàn tất trước năm 2028.", "2027-12-31", "year"),
    ],
)
def test_deadline_phrasings(text: str, due: str, precision: str) -> None:
    assert _due(text) == (due, precision)


@pytest.mark.parametrize(
    "text",
    [
        "báo cáo trước ngày 20 hằng tháng.",
        "định kỳ hằng quý, trước ngày 15 của tháng cuối quý gửi báo cáo.",
        "báo cáo trước ngày 15/12 hằng năm.",
        "báo cáo trước ngày 25 tháng 12 hàng năm.",
        "định kỳ 6 tháng, báo cáo trước ngày 15/6 và 15/12.",
        "trong tháng 12 hằng năm tổ chức kiểm tra.",
    ],
)
def test_recurring_dates_with_no_year_stay_recurrences(text: str) -> None:
    assert find_recurrence(text) is not None
    assert find_deadlines(text, LETTER_DATE) == []


@pytest.mark.parametrize(
    "text",
    [
        "phấn đấu đến 2/3 số xã đạt chuẩn tiếp cận pháp luật.",  # a fraction, not a day
        "tỷ lệ không quá 1/3 tổng số thành viên.",
        "bảo đảm an ninh trật tự trước, trong và sau Tết Nguyên đán.",  # a period of work
        "trước Tết Dương lịch",  # not the lunar new year (and not dated here)
        "Bộ luật Hình sự (năm 2015) quy định.",  # a law's year in brackets
        "hoàn thành đến năm 2030",  # a target
        "- Thời gian thực hiện: Thường xuyên.",
        "triển khai trong tháng tới.",  # which month is meant varies
        "định kỳ hằng tháng, báo cáo trong tháng này.",  # recurring
        "Thời gian qua, tỉnh đã hoàn thành 2027 hồ sơ.",  # no field: no colon
        "trong thời hạn 10 ngày làm việc kể từ ngày nhận được văn bản",  # counted from an event: see due_relative
    ],
)
def test_not_deadlines(text: str) -> None:
    assert find_deadlines(text, LETTER_DATE) == []


def test_dates_with_no_year_need_the_documents_date() -> None:
    assert find_deadlines("báo cáo trước ngày 15/12.") == []
    assert _due("báo cáo trước ngày 15/12.", 2027) == ("2027-12-15", "day")  # a plan's year, as it is
    assert _due("báo cáo trước ngày 15/12/2026.", None) == ("2026-12-15", "day")


def test_time_cells_with_no_year_and_ranges() -> None:
    assert (found := period_deadline("Trước 15/12", 2027)) is not None and found.due == dt.date(2027, 12, 15)
    assert (found := period_deadline("Quý IV", 2027)) is not None and found.due == dt.date(2027, 12, 31)
    assert (found := period_deadline("Tháng 10/2027 - Tháng 12/2027")) is not None and found.due == dt.date(2027, 12, 31)
    assert (found := period_deadline("29/6/2027 - 09/7/2027")) is not None and found.due == dt.date(2027, 7, 9)
    assert period_deadline("Quý IV") is None


def test_lunar_new_year_eve() -> None:
    assert [lunar_new_year_eve(y) for y in (2026, 2027)] == [dt.date(2026, 2, 16), dt.date(2027, 2, 5)]


def test_effective_date_in_older_wordings() -> None:
    signed = dt.date(1994, 7, 5)
    assert effective_date("Nghị định này có hiệu lực kể từ ngày ban hành.", signed) == signed
    assert effective_date("Quyết định này có hiệu lực sau 15 ngày, kể từ ngày ký.", signed) == dt.date(1994, 7, 20)
    assert effective_date("Nghị định này có hiệu lực sau 15 ngày, kể từ ngày đăng Công báo.", signed) is None


# --- in documents --------------------------------------------------------------------


def test_deadline_on_the_line_after_the_task() -> None:
    body = ("II. NHIỆM VỤ\n1. Sở Tư pháp chủ trì rà soát các văn bản quy phạm pháp luật của tỉnh\n"
            "Thời hạn hoàn thành: 15/12/2026\n2. Sở Nội vụ kiện toàn tổ chức pháp chế.\nThời gian hoàn thành: Quý I/2027.\n")
    assert [(ref, due) for ref, _, due, _, _ in _tasks(body)] == [("II.1", "2026-12-15"), ("II.2", "2027-03-31")]


def test_dates_with_no_year_in_a_letter_of_november() -> None:
    body = ("III. TỔ CHỨC THỰC HIỆN\n1. Sở Tư pháp tổng hợp, báo cáo Ủy ban nhân dân tỉnh trước ngày 10/01.\n"
            "2. Công an tỉnh báo cáo trước 16 giờ ngày 05/12.\n3. Sở Tài chính hoàn thành trong quý IV.\n"
            "4. Sở Nội vụ báo cáo định kỳ hằng quý, trước ngày 15 của tháng cuối quý.\n5. Sở Y tế thực hiện thường xuyên.\n")
    assert _tasks(body) == [
        ("III.1", ["Sở Tư pháp"], "2027-01-10", "day", None),
        ("III.2", ["Công an tỉnh"], "2026-12-05", "day", None),
        ("III.3", ["Sở Tài chính"], "2026-12-31", "quarter", None),
        ("III.4", ["Sở Nội vụ"], None, None, "quarterly"),
        ("III.5", ["Sở Y tế"], None, None, None),
    ]


def test_a_points_deadline_and_body_before_its_sub_points() -> None:
    body = "II. NHIỆM VỤ\n1. Trong quý I/2027, Sở Tư pháp thực hiện:\na) Rà soát văn bản;\nb) Tổ chức tập huấn.\n"
    assert _tasks(body) == [
        ("II.1.a", ["Sở Tư pháp"], "2027-03-31", "quarter", None),
        ("II.1.b", ["Sở Tư pháp"], "2027-03-31", "quarter", None),
    ]


def test_a_sub_point_keeps_its_own_deadline_over_its_points() -> None:
    body = ("II. NHIỆM VỤ\n1. Sở Tư pháp hoàn thành trong năm 2027 các việc sau:\n"
            "a) Rà soát văn bản trước ngày 30/6/2027;\nb) Tổ chức tập huấn hằng quý.\n")
    assert [(ref, due, rec) for ref, _, due, _, rec in _tasks(body)] == [
        ("II.1.a", "2027-06-30", None), ("II.1.b", None, "quarterly"),
    ]


def test_plan_table_time_cells_with_no_year_and_ranges() -> None:
    body = ("II. NHIỆM VỤ\n| TT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |\n"
            "| --- | --- | --- | --- | --- |\n| 1 | Rà soát văn bản | Sở Tư pháp | Các sở | Trước 15/12 |\n"
            "| 2 | Tập huấn | Sở Nội vụ | | 29/6/2027 - 09/7/2027 |\n| 3 | Kiểm tra | Thanh tra tỉnh | | Quý IV |\n")
    assert [(ref, due) for ref, _, due, _, _ in _tasks(body)] == [
        ("1", "2026-12-15"), ("2", "2027-07-09"), ("3", "2026-12-31"),
    ]


def test_one_cell_per_line_table_with_a_day_and_no_year() -> None:
    body = ("II. NHIỆM VỤ\n| TT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |\n"
            "1\nRà soát văn bản\nSở Tư pháp\nCác sở\nTrước 15/12\n2\nTập huấn\nSở Nội vụ\n30/6/2027\n")
    assert [(ref, due) for ref, _, due, _, _ in _tasks(body)] == [("1", "2026-12-15"), ("2", "2027-06-30")]


def test_gap_separated_table_row_without_a_co_operating_body() -> None:
    body = ("II. NHIỆM VỤ\nTT      Nội dung       Cơ quan chủ trì      Cơ quan phối hợp      Thời gian thực hiện\n"
            "1       Rà soát văn bản       Sở Tư pháp       Các sở, ngành       Quý II/2027\n"
            "2       Tập huấn nghiệp vụ       Sở Nội vụ       Quý III/2027\n"
            "3       Kiểm tra       Thanh tra tỉnh       Thường xuyên\n")
    tasks = parse_text(HEAD + body)["tasks"]
    assert [(t["ref"], t["co_assignees"], t["due"]) for t in tasks] == [
        ("1", ["Các sở, ngành"], "2027-06-30"), ("2", [], "2027-09-30"), ("3", [], None),
    ]


def test_by_the_day_the_document_takes_effect() -> None:
    text = ("QUỐC HỘI\nSố: 12/2026/QH15\nHà Nội, ngày 20 tháng 11 năm 2026\nNGHỊ QUYẾT\nVề thí điểm\n"
            "Điều 1. Trách nhiệm thi hành\n1. Chính phủ ban hành văn bản hướng dẫn trước ngày Nghị quyết này có hiệu lực thi hành.\n"
            "Điều 2. Hiệu lực thi hành\nNghị quyết này có hiệu lực thi hành từ ngày 01 tháng 3 năm 2027.\n")
    (task,) = parse_text(text)["tasks"]
    assert (task["assignees"], task["due"], task["due_text"]) == (
        ["Chính phủ"], "2027-03-01", "trước ngày Nghị quyết này có hiệu lực")


@pytest.mark.parametrize(
    ("text", "own"),
    [
        ("trong thời hạn 30 ngày kể từ ngày ban hành Kế hoạch, các sở báo cáo", True),
        ("trong thời hạn 30 ngày kể từ ngày ký Quyết định thu hồi đất", False),  # another act
    ],
)
def test_counted_from_the_issue_of_the_document_named_alone(text: str, own: bool) -> None:
    (rel,) = find_relative_deadlines(text)
    assert (rel.length, rel.from_document) == (30, own)


@pytest.mark.parametrize(
    ("text", "length", "unit", "anchor"),
    [
        # the clause runs on past the event with no comma
        ("chậm nhất sáu tháng kể từ ngày Nghị quyết có hiệu lực phải ban hành văn bản hướng dẫn", 6, "months", "effective"),
        ("trong thời hạn 15 ngày kể từ ngày ký phải báo cáo Bộ Tư pháp", 15, "days", "document"),
        ("trong thời hạn 15 ngày kể từ ngày ký hợp đồng phải báo cáo", 15, "days", "event"),  # another act
        # the document's own taking effect named after the words
        ("trong thời hạn 6 tháng kể từ ngày có hiệu lực của Nghị định này", 6, "months", "effective"),
        ("trong 30 ngày kể từ ngày hiệu lực của hợp đồng", 30, "days", "event"),
        ("trong 3 tháng kể từ ngày có hiệu lực của Nghị quyết", 3, "months", "effective"),
        ("trong 3 tháng kể từ ngày có hiệu lực của Luật Đất đai", 3, "months", "event"),  # another law
        # a resolution's adoption is its date; not another text's
        ("trong thời hạn 6 tháng kể từ ngày thông qua, Chính phủ trình", 6, "months", "document"),
        ("trong thời hạn 6 tháng kể từ ngày Nghị quyết này được thông qua", 6, "months", "document"),
        ("trong 30 ngày kể từ ngày Đề án được thông qua", 30, "days", "event"),
        # weeks, counted in days
        ("trong thời hạn 02 tuần kể từ ngày ký", 14, "days", "document"),
    ],
)
def test_relative_deadline_events(text: str, length: int, unit: str, anchor: str) -> None:
    (rel,) = find_relative_deadlines(text)
    got = "document" if rel.from_document else "effective" if rel.from_effective else "event"
    assert (rel.length, rel.unit, got) == (length, unit, anchor)


@pytest.mark.parametrize(
    ("text", "effective"),
    [
        ("Nghị quyết này có hiệu lực kể từ ngày thông qua.", dt.date(2003, 11, 26)),
        ("Nghị định này có hiệu lực thi hành sau mười lăm ngày, kể từ ngày ký.", dt.date(2003, 12, 11)),
        ("Nghị định này có hiệu lực sau 15 (mười lăm) ngày kể từ ngày ký.", dt.date(2003, 12, 11)),
        # adopted by a named body: the resolution's own date
        ("Nghị quyết này có hiệu lực thi hành kể từ ngày được Quốc hội thông qua.", dt.date(2003, 11, 26)),
        ("Nghị quyết này có hiệu lực kể từ ngày Ủy ban Thường vụ Quốc hội thông qua.", dt.date(2003, 11, 26)),
        # an older resolution names itself with no "này", alone at the start of its line
        ("Điều 5.\nNghị quyết có hiệu lực kể từ ngày 01/7/2004.", dt.date(2004, 7, 1)),
        ("Điều 5. Nghị quyết có hiệu lực kể từ ngày 01/7/2004.", dt.date(2004, 7, 1)),
    ],
)
def test_effective_date_counted_from_the_documents_own(text: str, effective: dt.date) -> None:
    assert effective_date(text, dt.date(2003, 11, 26)) == effective


def test_another_acts_entry_into_force_is_not_the_documents() -> None:
    assert effective_date("Căn cứ Luật Đất đai;\nLuật Đất đai có hiệu lực từ ngày 01/8/2024.", dt.date(2024, 1, 1)) is None


def test_latest_month_and_year() -> None:
    assert _due("Bộ Tài chính ban hành hướng dẫn chậm nhất là tháng 6/2027.") == ("2027-06-30", "month")
    assert _due("hoàn thiện hồ sơ muộn nhất vào năm 2028.") == ("2028-12-31", "year")


def test_the_day_the_resolution_takes_effect_counts_a_duty_that_runs_on() -> None:
    text = ("QUỐC HỘI\nSố: 12/2003/QH11\nHà Nội, ngày 26 tháng 11 năm 2003\nNGHỊ QUYẾT\nVề việc xử lý tài sản\n"
            "Căn cứ Hiến pháp;\nĐiều 3. Tổ chức thực hiện\nChính phủ có trách nhiệm hướng dẫn thi hành Nghị quyết này; "
            "chậm nhất là sáu tháng kể từ ngày Nghị quyết có hiệu lực phải ban hành văn bản hướng dẫn.\n"
            "Điều 4.\nNghị quyết này có hiệu lực kể từ ngày 01/7/2004.\n")
    (task,) = parse_text(text)["tasks"]
    assert (task["ref"], task["due"], task["due_relative"]["from"]) == ("Điều 3", "2005-01-01", "effective")


def test_a_time_limit_before_the_body_it_charges() -> None:
    text = ("QUỐC HỘI\nSố: 12/2003/QH11\nHà Nội, ngày 26 tháng 11 năm 2003\nNGHỊ QUYẾT\nVề việc xử lý tài sản\n"
            "Căn cứ Hiến pháp;\nĐiều 5. Tổ chức thực hiện\n"
            "1. Trong thời hạn 06 tháng kể từ ngày Nghị quyết này có hiệu lực, Chính phủ ban hành văn bản hướng dẫn.\n"
            "2. Kể từ ngày Nghị quyết này có hiệu lực, trong thời hạn 3 tháng, Bộ Tài chính hướng dẫn việc thu.\n"
            "3. Chậm nhất đến ngày 31/12/2004, Ủy ban nhân dân các tỉnh hoàn thành việc rà soát.\n"
            "Điều 6.\nNghị quyết này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2004.\n")
    assert [(t["ref"], t["assignees"], t["due"]) for t in parse_text(text)["tasks"]] == [
        ("Điều 5.1", ["Chính phủ"], "2005-01-01"),
        ("Điều 5.2", ["Bộ Tài chính"], "2004-10-01"),
        ("Điều 5.3", ["Ủy ban nhân dân các tỉnh"], "2004-12-31"),
    ]


def test_event_first_is_read_once() -> None:
    (rel,) = find_relative_deadlines("trong thời hạn 30 ngày kể từ ngày ký, sau 10 ngày thì tổng hợp")
    assert (rel.length, rel.text) == (30, "trong thời hạn 30 ngày kể từ ngày ký")
    (rel,) = find_relative_deadlines("Kể từ ngày ký, trong thời hạn 30 ngày các sở phải báo cáo")
    assert (rel.length, rel.from_document, rel.text) == (30, True, "Kể từ ngày ký, trong thời hạn 30 ngày")


@pytest.mark.parametrize(
    ("cell", "due", "precision"),
    [
        ("Quý III - IV/2027", "2027-12-31", "quarter"),
        ("Quý III-IV/2027", "2027-12-31", "quarter"),
        ("Quý III đến quý IV/2027", "2027-12-31", "quarter"),
        ("Quý I - 2027", "2027-03-31", "quarter"),
        ("Tháng 9, 10/2027", "2027-10-31", "month"),
        ("6/2027", "2027-06-30", "month"),
        ("06/2027 - 12/2027", "2027-12-31", "month"),
        ("Giai đoạn 2026 - 2030", "2030-12-31", "year"),
        ("Đến năm 2030", "2030-12-31", "year"),  # in a time cell or field: its time, not a target
    ],
)
def test_more_time_cell_forms(cell: str, due: str, precision: str) -> None:
    found = period_deadline(cell)
    assert found is not None and (found.due.isoformat(), found.precision) == (due, precision)


@pytest.mark.parametrize("cell", ["15/2027", "Theo kế hoạch", "Khi có yêu cầu"])
def test_time_cells_that_name_no_period(cell: str) -> None:
    assert period_deadline(cell, 2027) is None
