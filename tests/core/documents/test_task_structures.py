"""The structures in which Vietnamese administrative documents state tasks (issue #13),
each on a short document written for the test: decisions whose articles charge bodies,
laws that delegate in their clauses, plan tables laid out as text, and Party documents
whose numbered points are section headings."""

from __future__ import annotations

from typing import Any

import pytest

from congminh.core.documents import parse_text
from congminh.core.documents.dates import by_effective_date

PLAN_HEAD = "ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nSố: 12/KH-UBND\nLào Cai, ngày 05 tháng 3 năm 2026\n\nKẾ HOẠCH\nVề việc X\n\n"
DECISION = """ỦY BAN NHÂN DÂN
TỈNH LÀO CAI
Số: 45/QĐ-UBND
Lào Cai, ngày 05 tháng 3 năm 2026

QUYẾT ĐỊNH
Về việc thành lập Tổ công tác

CHỦ TỊCH ỦY BAN NHÂN DÂN TỈNH

Căn cứ Luật Tổ chức chính quyền địa phương;

QUYẾT ĐỊNH:

Điều 1. Thành lập Tổ công tác rà soát án tồn đọng.
{article2}
Điều 3. Chánh Văn phòng Ủy ban nhân dân tỉnh, Giám đốc Sở Tư pháp và Thủ trưởng các cơ quan có liên quan chịu \
trách nhiệm thi hành Quyết định này.

Nơi nhận:
- Như Điều 3;
- Lưu: VT.
CHỦ TỊCH
Nguyễn Văn A
"""
LAW_HEAD = "QUỐC HỘI\nSố: 23/2026/QH15\nHà Nội, ngày 05 tháng 3 năm 2026\n\nNGHỊ QUYẾT\nVề X\n\nCăn cứ Hiến pháp;\n\n"


def _tasks(text: str) -> list[dict[str, Any]]:
    return parse_text(text)["tasks"]


def _summary(text: str) -> list[tuple[str | None, list[str], str | None]]:
    return [(t["ref"], t["assignees"], t["due"]) for t in _tasks(text)]


# --- decisions: the article that charges a body ------------------------------------


def test_decision_article_that_gives_a_body_its_task() -> None:
    text = DECISION.format(article2="Điều 2. Giao Sở Tư pháp chủ trì, phối hợp với các cơ quan liên quan tổ chức "
                           "triển khai, báo cáo kết quả trước ngày 30/6/2026.")
    assert _summary(text)[0] == ("Điều 2", ["Sở Tư pháp"], "2026-06-30")
    assert [t["ref"] for t in _tasks(text)] == ["Điều 2", "Điều 3"]


def test_decision_article_charging_a_body_with_lettered_points() -> None:
    text = DECISION.format(article2="Điều 2. Giao Sở Tư pháp:\na) Chủ trì triển khai, báo cáo kết quả trước ngày "
                           "30/6/2026;\nb) Tổng hợp, báo cáo Ủy ban nhân dân tỉnh trong tháng 12/2026.")
    assert _summary(text)[:2] == [("Điều 2.a", ["Sở Tư pháp"], "2026-06-30"),
                                  ("Điều 2.b", ["Sở Tư pháp"], "2026-12-31")]


def test_article_that_only_states_a_rule_charges_nobody() -> None:
    text = DECISION.format(article2="Điều 2. Tổ công tác làm việc theo chế độ kiêm nhiệm.")
    assert [t["ref"] for t in _tasks(text)] == ["Điều 3"]


# --- laws: clauses that delegate ---------------------------------------------------


def test_rule_article_clause_that_delegates_is_a_task() -> None:
    text = LAW_HEAD + (
        "Điều 4. Chế độ sử dụng đất\n"
        "1. Đơn vị sử dụng đất phải lập phương án sử dụng đất.\n"
        "2. Chính phủ quy định chi tiết Điều này.\n"
        "Điều 5. Điều khoản thi hành\n"
        "1. Nghị quyết này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2026.\n"
    )
    assert _summary(text) == [("Điều 4.2", ["Chính phủ"], None)]


def test_clause_giving_a_list_of_tasks_and_the_legislature_charging_the_government() -> None:
    text = LAW_HEAD + (
        "Điều 2. Nhiệm vụ, giải pháp chủ yếu\n"
        "1. Cho phép các cơ quan được thực hiện ngay các giải pháp sau:\n"
        "a) Lập đồng thời các quy hoạch;\n"
        "2. Giao Chính phủ thực hiện ngay các nhiệm vụ sau đây:\n"
        "a) Chỉ đạo các Bộ, ngành rà soát các quy hoạch;\n"
        "b) Xây dựng kế hoạch lập các quy hoạch, hoàn thành trong năm 2026.\n"
        "3. Quốc hội giao Chính phủ tổng kết việc thực hiện Luật Quy hoạch.\n"
    )
    assert _summary(text) == [
        ("Điều 2.2.a", ["Chính phủ"], None),
        ("Điều 2.2.b", ["Chính phủ"], "2026-12-31"),
        ("Điều 2.3", ["Chính phủ"], None),
    ]


def test_a_body_that_was_given_a_file_is_a_rule_subject_not_a_charge() -> None:
    text = LAW_HEAD + "Điều 7. Cập nhật dữ liệu\nCông chức được giao thụ lý hồ sơ thực hiện cập nhật dữ liệu.\n"
    assert _tasks(text) == []


def test_duty_article_title_names_the_body_of_its_clauses() -> None:
    text = LAW_HEAD + (
        "Điều 5. Trách nhiệm của Bộ trưởng Bộ Quốc phòng, Bộ trưởng Bộ Công an trong quản lý đất quốc phòng\n"
        "1. Trình cơ quan có thẩm quyền ban hành văn bản quy phạm pháp luật.\n"
        "2. Tổ chức việc rà soát quy hoạch và thực hiện theo quy định sau đây:\n"
        "a) Đối với khu đất không còn nhu cầu thì bàn giao cho địa phương;\n"
        "b) Đối với khu đất có giá trị kinh tế lớn thì đấu giá.\n"
    )
    bodies = ["Bộ trưởng Bộ Quốc phòng", "Bộ trưởng Bộ Công an"]
    # The lettered points specify clause 2's one duty: one task, not one per point.
    assert _summary(text) == [("Điều 5.1", bodies, None), ("Điều 5.2", bodies, None)]
    assert "bàn giao cho địa phương" in _tasks(text)[1]["text"]


def test_articles_numbered_alone_on_their_line() -> None:
    text = LAW_HEAD + (
        "Điều 1\nNhà nước không xem xét lại chủ trương X.\n"
        "Điều 2\nChính phủ có trách nhiệm hoàn thành việc giải quyết trong năm 2027.\n"
        "Điều 3\nỦy ban thường vụ Quốc hội, Hội đồng dân tộc, trong phạm vi nhiệm vụ, quyền hạn của mình, "
        "giám sát việc thực hiện Nghị quyết này.\n"
    )
    assert _summary(text) == [
        ("Điều 2", ["Chính phủ"], "2027-12-31"),
        ("Điều 3", ["Ủy ban thường vụ Quốc hội", "Hội đồng dân tộc"], None),
    ]


def test_what_was_done_before_the_document_took_effect_is_no_deadline() -> None:
    assert by_effective_date("hợp đồng đã thực hiện trước ngày Nghị quyết này có hiệu lực thi hành") is None
    assert by_effective_date("hoàn thành trước ngày Nghị quyết này có hiệu lực thi hành")


# --- plan tables laid out as text ---------------------------------------------------


def test_gap_table_with_rows_wrapped_onto_the_next_line() -> None:
    text = PLAN_HEAD + (
        "II. NHIỆM VỤ CỤ THỂ\n"
        "STT     Nội dung                Cơ quan chủ trì     Cơ quan phối hợp     Thời gian hoàn thành\n"
        "1       Rà soát văn bản quy     Sở Tư pháp          Các sở, ngành        Quý II/2026\n"
        "        phạm pháp luật\n"
        "2       Tập huấn nghiệp vụ      Công an tỉnh        Sở Tư pháp           Tháng 9/2026\n"
        "        cho cán bộ\n"
    )
    tasks = _tasks(text)
    assert [(t["ref"], t["text"], t["assignees"], t["due"]) for t in tasks] == [
        ("1", "Rà soát văn bản quy phạm pháp luật", ["Sở Tư pháp"], "2026-06-30"),
        ("2", "Tập huấn nghiệp vụ cho cán bộ", ["Công an tỉnh"], "2026-09-30"),
    ]


def test_gap_table_heading_written_on_two_lines() -> None:
    text = PLAN_HEAD + (
        "II. NHIỆM VỤ CỤ THỂ\n"
        "STT   Nội dung công việc     Cơ quan         Cơ quan          Thời gian\n"
        "                             chủ trì         phối hợp         hoàn thành\n"
        "1     Rà soát văn bản        Sở Tư pháp      Các sở, ngành    Quý II/2026\n"
        "2     Tập huấn nghiệp vụ     Công an tỉnh    Sở Tư pháp       Tháng 9/2026\n"
    )
    tasks = _tasks(text)
    assert [(t["ref"], t["assignees"], t["co_assignees"], t["due"]) for t in tasks] == [
        ("1", ["Sở Tư pháp"], ["Các sở, ngành"], "2026-06-30"),
        ("2", ["Công an tỉnh"], ["Sở Tư pháp"], "2026-09-30"),
    ]


def test_grid_row_continued_in_a_row_with_no_number() -> None:
    text = PLAN_HEAD + (
        "II. NHIỆM VỤ CỤ THỂ\n"
        "| TT | Nhiệm vụ | Thời gian thực hiện | Đơn vị chủ trì | Đơn vị phối hợp |\n"
        "| --- | --- | --- | --- | --- |\n"
        "| 1 | Rà soát văn bản quy | Quý II/2026 | Sở Tư pháp | Các sở, ngành |\n"
        "| | phạm pháp luật | | | |\n"
        "| 2 | Tập huấn nghiệp vụ | Tháng 9/2026 | Công an tỉnh | Sở Tư pháp |\n"
    )
    assert [t["text"] for t in _tasks(text)] == ["Rà soát văn bản quy phạm pháp luật", "Tập huấn nghiệp vụ"]


# --- points that head a section ----------------------------------------------------


def test_numbered_points_that_are_section_headings_give_a_task_per_body() -> None:
    text = """TỈNH ỦY LÀO CAI
*
Số 20-KL/TU
ĐẢNG CỘNG SẢN VIỆT NAM
Lào Cai, ngày 05 tháng 3 năm 2026

KẾT LUẬN
của Ban Thường vụ Tỉnh ủy về công tác tư pháp

Ban Thường vụ Tỉnh ủy kết luận như sau:
1. Đánh giá chung
Công tác tư pháp có chuyển biến.
2. Nhiệm vụ thời gian tới
— Đảng đoàn Hội đồng nhân dân tỉnh lãnh đạo giám sát việc giải quyết án, báo cáo trước ngày 30/9/2026.
— Ban cán sự đảng Ủy ban nhân dân tỉnh chỉ đạo các sở, ngành rà soát trong quý II/2026.
3. Tổ chức thực hiện
Giao Ban Nội chính Tỉnh ủy theo dõi, đôn đốc, kịp thời báo cáo Ban Thường vụ Tỉnh ủy các khó khăn phát sinh.
"""
    tasks = _tasks(text)
    assert [(t["ref"], t["assignees"], t["due"]) for t in tasks] == [
        ("2", ["Đảng đoàn Hội đồng nhân dân tỉnh"], "2026-09-30"),
        ("2", ["Ban cán sự đảng Ủy ban nhân dân tỉnh"], "2026-06-30"),
        ("3", ["Ban Nội chính Tỉnh ủy"], None),
    ]
    assert tasks[2]["report_to"] == "Ban Thường vụ Tỉnh ủy"


def test_point_naming_its_body_keeps_its_bullets_as_one_task() -> None:
    text = PLAN_HEAD + (
        "III. TỔ CHỨC THỰC HIỆN\n"
        "1. Công an tỉnh:\n"
        "- Chủ trì triển khai kế hoạch, hoàn thành trước ngày 30/9/2026.\n"
        "- Phối hợp với Viện kiểm sát nhân dân tỉnh rà soát các vụ án.\n"
        "2. Sở Tư pháp hướng dẫn các huyện thực hiện trước ngày 31/7/2026.\n"
    )
    assert _summary(text) == [("III.1", ["Công an tỉnh"], "2026-09-30"), ("III.2", ["Sở Tư pháp"], "2026-07-31")]


# --- plan items and sections --------------------------------------------------------


def test_plan_item_whose_lettered_points_are_its_fields() -> None:
    text = PLAN_HEAD + (
        "II. NỘI DUNG PHỐI HỢP\n"
        "1. Phổ biến pháp luật theo Quyết định số 10/QĐ-UBND ngày 15/01/2026\n"
        "a) Nội dung: Tổ chức các hội nghị phổ biến pháp luật.\n"
        "b) Đơn vị chủ trì: Sở Tư pháp.\n"
        "c) Đơn vị phối hợp: Công an tỉnh.\n"
        "d) Thời gian thực hiện: Quý III/2026.\n"
        "2. Tập huấn nghiệp vụ\n"
        "Cơ quan chủ trì: Sở Nội vụ.\n"
        "Thời gian hoàn thành: tháng 10/2026.\n"
    )
    # One task per item, its body from the lead field and its due from the time field
    # (not from the date of the decision its title cites).
    assert _summary(text) == [("II.1", ["Sở Tư pháp"], "2026-09-30"), ("II.2", ["Sở Nội vụ"], "2026-10-31")]


def test_section_of_plain_paragraphs_and_the_charge_before_a_sections_points() -> None:
    text = PLAN_HEAD + (
        "II. NHIỆM VỤ\n"
        "Giao Sở Tư pháp chủ trì theo dõi việc thực hiện, báo cáo trước ngày 20/12/2026.\n"
        "1. Sở Tài chính bố trí kinh phí.\n"
        "III. TỔ CHỨC THỰC HIỆN\n"
        "Sở Nội vụ theo dõi, đôn đốc việc thực hiện Kế hoạch này.\n"
        "Các sở, ngành triển khai thực hiện, báo cáo kết quả trước ngày 15/12/2026.\n"
    )
    assert sorted(_summary(text), key=str) == sorted([
        ("II.1", ["Sở Tài chính"], None),
        ("II", ["Sở Tư pháp"], "2026-12-20"),
        ("III", ["Sở Nội vụ"], None),
        ("III", ["Các sở, ngành"], "2026-12-15"),
    ], key=str)


def test_letter_listing_its_charges_as_bullets_after_the_issuer_asks() -> None:
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH LÀO CAI\nSố: 45/UBND-NC\nV/v tăng cường công tác thi hành án\n"
        "Lào Cai, ngày 05 tháng 3 năm 2026\n\nKính gửi:\n- Công an tỉnh;\n- Sở Tư pháp.\n\n"
        "Thực hiện Chỉ thị số 10/CT-TTg, Ủy ban nhân dân tỉnh yêu cầu:\n"
        "- Công an tỉnh tăng cường tuần tra, kiểm soát, báo cáo trước ngày 30/4/2026.\n"
        "- Sở Tư pháp rà soát các văn bản trong quý II/2026.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn A\n"
    )
    assert _summary(text) == [(None, ["Công an tỉnh"], "2026-04-30"), (None, ["Sở Tư pháp"], "2026-06-30")]


def test_grid_table_with_no_number_column_numbers_its_rows() -> None:
    text = PLAN_HEAD + (
        "II. CÁC HOẠT ĐỘNG CHỦ YẾU\n"
        "| Nội dung công việc | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian |\n"
        "| --- | --- | --- | --- |\n"
        "| Rà soát văn bản | Sở Tư pháp | Các sở | Quý II/2026 |\n"
        "| Tập huấn | Công an tỉnh | Sở Tư pháp | Tháng 9/2026 |\n"
    )
    assert _summary(text) == [("1", ["Sở Tư pháp"], "2026-06-30"), ("2", ["Công an tỉnh"], "2026-09-30")]


def test_section_of_activities_holds_work_items() -> None:
    text = PLAN_HEAD + "II. CÁC HOẠT ĐỘNG CHỦ YẾU\n1. Tổ chức hội nghị quán triệt trong tháng 4/2026.\n"
    assert _summary(text) == [("II.1", [], "2026-04-30")]


def test_clauses_take_the_time_limit_their_article_opens_with() -> None:
    text = LAW_HEAD + (
        "Điều 3. Trong thời hạn 06 tháng kể từ ngày Nghị quyết này có hiệu lực thi hành, Chính phủ có trách nhiệm:\n"
        "1. Rà soát các văn bản quy phạm pháp luật.\n"
        "Điều 4. Chậm nhất trước ngày Nghị quyết này có hiệu lực, Bộ Tư pháp có trách nhiệm:\n"
        "a) Tập huấn cho cán bộ;\n"
        "Điều 5. Nghị quyết này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2026.\n"
    )
    tasks = _tasks(text)
    assert [(t["ref"], t["assignees"], t["due"]) for t in tasks] == [
        ("Điều 3.1", ["Chính phủ"], "2027-01-01"),
        ("Điều 4.a", ["Bộ Tư pháp"], "2026-07-01"),
    ]
    assert tasks[0]["due_relative"] == {"length": 6, "unit": "months", "from": "effective",
                                        "event": "Nghị quyết này có hiệu lực thi hành"}


def test_a_body_heading_run_into_its_duty_with_a_capital() -> None:
    # Text copied from a website joins "3. Bộ Nội vụ" and its duty on one line; the duty's verb keeps its capital.
    text = LAW_HEAD + (
        "Điều 5. Trách nhiệm của các bộ, cơ quan và địa phương\n"
        "1. Bộ Nội vụ Thẩm định việc thành lập các trung tâm theo quy định.\n"
        "2. Ủy ban nhân dân tỉnh nơi có trung tâm Bảo đảm các điều kiện cần thiết cho hoạt động.\n"
        "3. Ủy ban Kiểm tra Tỉnh ủy Kiểm tra việc chấp hành của các tổ chức đảng.\n"
        "4. Bộ Tài nguyên và Môi trường (Tổng cục Quản lý đất đai) có trách nhiệm hướng dẫn việc giao đất.\n"
        "5. Văn phòng Ban Tổ chức cán bộ chủ trì tổng hợp danh sách.\n"
    )
    assert [(t["ref"], t["assignees"]) for t in _tasks(text)] == [
        ("Điều 5.1", ["Bộ Nội vụ"]),
        ("Điều 5.2", ["Ủy ban nhân dân tỉnh nơi có trung tâm"]),
        ("Điều 5.3", ["Ủy ban Kiểm tra Tỉnh ủy"]),
        ("Điều 5.4", ["Bộ Tài nguyên và Môi trường (Tổng cục Quản lý đất đai)"]),
        ("Điều 5.5", ["Văn phòng Ban Tổ chức cán bộ"]),
    ]


def test_an_articles_title_names_a_body_whose_name_folds_to_a_preposition() -> None:
    # "Trách nhiệm của Bộ Tài chính": "Tài" folds to "tại", which ends a title ("… tại địa phương").
    text = LAW_HEAD + (
        "Điều 6. Trách nhiệm của Bộ Tài nguyên và Môi trường\n"
        "1. Hướng dẫn việc giao đất.\n"
        "2. Kiểm tra việc sử dụng đất.\n"
        "Điều 7. Trách nhiệm của Sở Tư pháp tại địa phương\n"
        "1. Theo dõi thi hành pháp luật.\n"
    )
    assert [(t["ref"], t["assignees"]) for t in _tasks(text)] == [
        ("Điều 6.1", ["Bộ Tài nguyên và Môi trường"]),
        ("Điều 6.2", ["Bộ Tài nguyên và Môi trường"]),
        ("Điều 7.1", ["Sở Tư pháp"]),
    ]


def test_table_whose_heading_cells_are_one_per_line_too() -> None:
    # A Word or web table copied as text: every cell, the heading's too, on a line of its own.
    text = PLAN_HEAD + (
        "II. NHIỆM VỤ CỤ THỂ\n"
        "TT\nNội dung\nĐơn vị chủ trì\nĐơn vị phối hợp\nThời gian\n"
        "1\nRà soát hiện trạng đất đai\nSở Tài nguyên và Môi trường\nỦy ban nhân dân các huyện\nQuý II/2026\n"
        "2\nLập kế hoạch sử dụng đất\nỦy ban nhân dân các huyện, thành phố\nSở Tài chính\nNăm 2026\n"
        "III. TỔ CHỨC THỰC HIỆN\n"
        "Sở Nội vụ theo dõi, đôn đốc việc thực hiện Kế hoạch này.\n"
    )
    tasks = _tasks(text)
    assert sorted([(t["ref"], t["text"], t["assignees"], t.get("co_assignees"), t["due"]) for t in tasks],
                  key=str) == [
        ("1", "Rà soát hiện trạng đất đai", ["Sở Tài nguyên và Môi trường"], ["Ủy ban nhân dân các huyện"],
         "2026-06-30"),
        ("2", "Lập kế hoạch sử dụng đất", ["Ủy ban nhân dân các huyện, thành phố"], ["Sở Tài chính"], "2026-12-31"),
        ("III", "Sở Nội vụ theo dõi, đôn đốc việc thực hiện Kế hoạch này.", ["Sở Nội vụ"], None, None),
    ]
    # Short lines that name columns with no numbered row after them are no table.
    text = PLAN_HEAD + (
        "II. NHIỆM VỤ CỤ THỂ\n"
        "Nội dung\nĐơn vị chủ trì\nThời gian\n"
        "1. Sở Tư pháp rà soát văn bản trong quý II/2026.\n"
    )
    assert _summary(text) == [("II.1", ["Sở Tư pháp"], "2026-06-30")]


def test_bodies_listed_with_social_insurance_and_the_treasury_are_apart() -> None:
    text = LAW_HEAD + (
        "Điều 4. Tổ chức thực hiện\n"
        "1. Ngân hàng Nhà nước Việt Nam, Bảo hiểm xã hội Việt Nam, Kho bạc Nhà nước có trách nhiệm tổ chức thực hiện "
        "Nghị quyết này.\n"
    )
    assert [t["assignees"] for t in _tasks(text)] == [
        ["Ngân hàng Nhà nước Việt Nam", "Bảo hiểm xã hội Việt Nam", "Kho bạc Nhà nước"]]


def test_a_rule_clause_whose_body_leads_the_guidance_with_another_is_a_delegation() -> None:
    text = LAW_HEAD + (
        "Điều 3. Giá thuê đất\n"
        "1. Giá thuê đất được xác định theo bảng giá đất.\n"
        "2. Bộ Tài chính chủ trì, phối hợp với Bộ Tư pháp hướng dẫn thực hiện khoản này.\n"
        "3. Bộ Tài chính chủ trì, phối hợp với các cơ quan thu tiền thuê đất theo quy định.\n"
    )
    assert _summary(text) == [("Điều 3.2", ["Bộ Tài chính"], None)]


def test_a_title_naming_the_natural_resources_office_in_lower_case_is_not_cut_at_tai() -> None:
    text = LAW_HEAD + (
        "Điều 4. Trách nhiệm của Sở Tư pháp và cơ quan tài nguyên và môi trường\n"
        "1. Kiểm tra việc sử dụng đất.\n"
    )
    assert _summary(text) == [("Điều 4.1", ["Sở Tư pháp và cơ quan tài nguyên và môi trường"], None)]


def test_a_topic_whose_charge_after_the_colon_names_any_duty_verb() -> None:
    text = PLAN_HEAD + (
        "II. NHIỆM VỤ\n"
        "1. Về công tác cải cách tư pháp: Giao Sở Tư pháp chủ trì tham mưu sơ kết trước ngày 30/6/2026.\n"
        "2. Về công tác thi hành án: Giao Ban cán sự đảng Ủy ban nhân dân tỉnh chỉ đạo Cục Thi hành án dân sự tỉnh "
        "rà soát án tồn đọng trong quý III/2026.\n"
        "3. Về công tác xét xử: Đề nghị Tòa án nhân dân tỉnh tập trung giải quyết án tồn đọng trong năm 2026.\n"
        "4. Về công tác kiểm sát: Yêu cầu Viện kiểm sát nhân dân tỉnh tăng cường kiểm sát việc tạm giữ.\n"
    )
    assert _summary(text) == [
        ("II.1", ["Sở Tư pháp"], "2026-06-30"),
        ("II.2", ["Ban cán sự đảng Ủy ban nhân dân tỉnh"], "2026-09-30"),
        ("II.3", ["Tòa án nhân dân tỉnh"], "2026-12-31"),
        ("II.4", ["Viện kiểm sát nhân dân tỉnh"], None),
    ]


def test_the_ministries_named_in_lower_case_open_a_body() -> None:
    text = PLAN_HEAD + (
        "II. NHIỆM VỤ\n"
        "1. Các bộ, cơ quan ngang bộ rà soát, sửa đổi các văn bản trước ngày 01/7/2026.\n"
        "2. Các bộ phận một cửa tiếp nhận hồ sơ trước ngày 01/7/2026.\n"
    )
    assert [assignees for _label, assignees, _due in _summary(text)][0] == ["Các bộ, cơ quan ngang bộ"]
    assert "Các bộ phận một cửa" not in {a for _l, found, _d in _summary(text) for a in found}


# --- «Trách nhiệm của X» titles: the body the title names, written as a web copy writes it --


def test_a_duty_title_wrapped_onto_a_second_line_names_both_bodies() -> None:
    text = LAW_HEAD + (
        "Điều 6. Trách nhiệm của Giám đốc Sở Tư pháp, Giám đốc\n"
        "Sở Nội vụ trong quản lý hồ sơ công chứng\n"
        "1. Rà soát hồ sơ lưu trữ.\n"
        "2. Báo cáo kết quả rà soát.\n"
    )
    bodies = ["Giám đốc Sở Tư pháp", "Giám đốc Sở Nội vụ"]
    assert _summary(text) == [("Điều 6.1", bodies, None), ("Điều 6.2", bodies, None)]


def test_an_article_of_one_paragraph_under_a_duty_title_is_a_task_of_its_body() -> None:
    text = LAW_HEAD + (
        "Điều 6. Trách nhiệm của Ủy ban nhân dân cấp huyện\n"
        "Chỉ đạo Ủy ban nhân dân cấp xã rà soát hồ sơ địa chính tồn đọng.\n"
        "Điều 7. Hiệu lực thi hành\nNghị quyết này có hiệu lực từ ngày 01 tháng 5 năm 2026.\n"
    )
    tasks = _tasks(text)
    assert [(t["ref"], t["assignees"]) for t in tasks] == [("Điều 6", ["Ủy ban nhân dân cấp huyện"])]
    assert tasks[0]["text"].startswith("Chỉ đạo Ủy ban nhân dân cấp xã")  # not the title


def test_a_duty_title_naming_a_body_with_an_unlisted_head_or_a_site_note() -> None:
    text = LAW_HEAD + (
        "Điều 6. Trách nhiệm của Đơn vị quản lý Cổng dịch vụ công\n"
        "1. Vận hành hệ thống.\n"
        "Điều 7. Trách nhiệm của Bộ Tư pháp [3]\n"
        "1. Hướng dẫn nghiệp vụ.\n"
        "Điều 8. Trách nhiệm của Nhà nước đối với người có công\n"
        "1. Bảo đảm chế độ ưu đãi.\n"
    )
    # "Nhà nước" is the State in general: no body to follow up.
    assert _summary(text) == [("Điều 6.1", ["Đơn vị quản lý Cổng dịch vụ công"], None),
                              ("Điều 7.1", ["Bộ Tư pháp"], None)]


def test_a_clause_titled_for_its_body_gives_its_points_that_body() -> None:
    text = LAW_HEAD + (
        "Điều 6. Trách nhiệm của Quỹ bảo lãnh và của Hội đồng thanh lý\n"
        "1. Trách nhiệm của Quỹ bảo lãnh\n"
        "a) Khóa sổ kế toán.\n"
        "b) Bàn giao hồ sơ.\n"
        "2. Trách nhiệm của Hội đồng thanh lý:\n"
        "a) Tiếp nhận hồ sơ.\n"
    )
    assert _summary(text) == [("Điều 6.1.a", ["Quỹ bảo lãnh"], None), ("Điều 6.1.b", ["Quỹ bảo lãnh"], None),
                              ("Điều 6.2.a", ["Hội đồng thanh lý"], None)]


def test_a_chapter_heading_ends_the_article_before_it() -> None:
    text = LAW_HEAD + (
        "Điều 6. Hồ sơ đăng ký\n"
        "1. Hồ sơ gồm đơn và giấy tờ kèm theo.\n"
        "2. Chính phủ quy định chi tiết Điều này.\n"
        "Chương III\nTỔ CHỨC THỰC HIỆN\n"
        "Điều 7. Hiệu lực thi hành\nNghị quyết này có hiệu lực từ ngày 01 tháng 5 năm 2026.\n"
    )
    tasks = _tasks(text)
    assert [(t["ref"], t["assignees"]) for t in tasks] == [("Điều 6.2", ["Chính phủ"])]
    assert tasks[0]["text"] == "Chính phủ quy định chi tiết Điều này."


# A rule article's clauses that date a body's charge (LAW_HEAD is dated 05/3/2026), each with
# the clauses of the same article that are no charge: (clauses, expected).
DATED_CHARGES = [
    (  # 1: no body; 3: done before the document; 4: a right, to the end of a period; 5: a
       # yearly date of a rule of procedure, in a later sentence.
        "1. Hồ sơ đã nộp trước ngày 01 tháng 7 năm 2026 được tiếp tục giải quyết.\n"
        "2. Chính phủ rà soát, ban hành danh mục thủ tục trước ngày 31 tháng 12 năm 2026.\n"
        "3. Bộ Tư pháp đã ban hành mẫu hồ sơ trước ngày 01 tháng 01 năm 2026.\n"
        "4. Bộ Tài chính được áp dụng mức phí cũ đến hết ngày 31 tháng 12 năm 2026.\n"
        "5. Các văn bản đề nghị được gửi theo quy định. Chậm nhất là ngày 01 tháng 3 của năm trước, "
        "Ủy ban nhân dân cấp tỉnh gửi đề nghị về Bộ Nội vụ.\n",
        [("Điều 9.2", ["Chính phủ"], "2026-12-31")],
    ),
    (  # the body after a condition and its dated limit
        "1. Tổ chức hòa giải đã được công nhận trước ngày Nghị quyết này có hiệu lực, trước ngày 30/9/2026, "
        "Sở Tư pháp lập danh sách gửi Bộ Tư pháp công nhận lại.\n"
        "2. Tổ chức hòa giải đã giải thể trước ngày 01/01/2026, Sở Tư pháp được lưu hồ sơ.\n",
        [("Điều 9.1", ["Sở Tư pháp"], "2026-09-30")],
    ),
    (  # counted from the document's taking effect (01/7/2026 + 6 months); 2 counts from an
       # event of each file: a rule of procedure
        "1. Trong thời hạn 06 tháng kể từ ngày Nghị quyết này có hiệu lực thi hành, Ủy ban nhân dân cấp tỉnh "
        "có trách nhiệm rà soát các tổ hòa giải.\n"
        "2. Trong thời hạn 30 ngày kể từ ngày nhận được hồ sơ, Sở Tư pháp xem xét công nhận.\n"
        "Điều 10. Hiệu lực thi hành\nNghị quyết này có hiệu lực thi hành từ ngày 01 tháng 7 năm 2026.\n",
        [("Điều 9.1", ["Ủy ban nhân dân cấp tỉnh"], "2027-01-01")],
    ),
]


@pytest.mark.parametrize(("clauses", "expected"), DATED_CHARGES)
def test_a_rule_clause_dating_the_charge_of_the_body_it_names_is_a_task(
        clauses: str, expected: list[tuple[str, list[str], str]]) -> None:
    assert _summary(LAW_HEAD + "Điều 9. Điều khoản chuyển tiếp\n" + clauses) == expected


def test_articles_written_the_older_way_with_a_dash_or_in_markdown_italics() -> None:
    for form in ("Điều {}.- ", "Điều {}. - ", "Điều {} - ", "*Điều {}.* "):
        text = LAW_HEAD + form.format(1) + "Thành lập Tổ công tác.\n" + form.format(2) + (
            "Bộ Tư pháp chịu trách nhiệm hướng dẫn thi hành Nghị quyết này trước ngày 30/6/2026.\n")
        assert _summary(text) == [("Điều 2", ["Bộ Tư pháp"], "2026-06-30")], form


def test_a_long_list_of_bodies_charged_with_carrying_out_the_document() -> None:
    bodies = ["Cục trưởng Cục Quản lý hộ tịch, quốc tịch, chứng thực thuộc Bộ Tư pháp",
              "Chủ tịch Ủy ban nhân dân các tỉnh, thành phố trực thuộc Trung ương",
              "Giám đốc Sở Tư pháp các tỉnh, thành phố trực thuộc Trung ương",
              "Thủ trưởng các đơn vị thuộc Bộ Tư pháp và các tổ chức, cá nhân có liên quan"]
    text = LAW_HEAD + "Điều 8. Trách nhiệm thi hành\n" + ", ".join(bodies) + (
        " chịu trách nhiệm thi hành Nghị quyết này.\n")
    assert len(", ".join(bodies)) > 260
    assert _summary(text) == [("Điều 8", bodies, None)]


def test_an_articles_opening_sentence_under_its_title_names_the_body_of_its_clauses() -> None:
    text = LAW_HEAD + (
        "Điều 8. Trách nhiệm thi hành\n"
        "Các Bộ Tư pháp, Nội vụ, trong phạm vi nhiệm vụ, quyền hạn của mình, có trách nhiệm:\n"
        "1. Hướng dẫn các địa phương thực hiện.\n"
        "2. Kiểm tra việc thực hiện.\n"
    )
    assert _summary(text) == [("Điều 8.1", ["Các Bộ Tư pháp, Nội vụ"], None), ("Điều 8.2", ["Các Bộ Tư pháp, Nội vụ"], None)]


@pytest.mark.parametrize(("title", "subject"), [
    # the formula run onto the title's line by a web copy
    ("NGHỊ QUYẾT THÍ ĐIỂM CHÍNH SÁCH HÒA GIẢI Ở CƠ SỞ QUỐC HỘI", "THÍ ĐIỂM CHÍNH SÁCH HÒA GIẢI Ở CƠ SỞ"),
    ("THÔNG TƯ HƯỚNG DẪN HÒA GIẢI BỘ TRƯỞNG BỘ TƯ PHÁP", "HƯỚNG DẪN HÒA GIẢI"),
    # a title that ends naming the body
    ("NGHỊ QUYẾT VỀ CHƯƠNG TRÌNH GIÁM SÁT CỦA QUỐC HỘI", "VỀ CHƯƠNG TRÌNH GIÁM SÁT CỦA QUỐC HỘI"),
])
def test_the_enacting_formula_run_onto_the_title_is_no_part_of_the_subject(title: str, subject: str) -> None:
    head = LAW_HEAD.split("NGHỊ QUYẾT\n")[0]
    assert parse_text(head + title + "\nCăn cứ Hiến pháp;\n\nĐiều 1. Phạm vi\nNghị quyết này quy định X.\n")[
        "subject"] == subject


def test_a_law_signed_with_title_and_name_before_its_appendices() -> None:
    text = LAW_HEAD + (
        "Điều 1. Phạm vi\nNghị quyết này quy định X.\n"
        "Nghị quyết này được Quốc hội khóa XV, kỳ họp thứ 9 thông qua ngày 05 tháng 3 năm 2026.\n"
        "CHỦ TỊCH QUỐC HỘI Nguyễn Văn An\n"
        "PHỤ LỤC I DANH MỤC CÁC ĐỀ ÁN\n| TT | TÊN ĐỀ ÁN |\n| --- | --- |\n"
        + "".join(f"| {k} | Đề án số {k} |\n" for k in range(1, 10))
    )
    assert parse_text(text)["signer"] == {"authority": None, "title": "CHỦ TỊCH QUỐC HỘI", "name": "Nguyễn Văn An"}
