"""The classes of failure issue #13 lists, each on a short document written for the test.

The corpus goldens measure the parser on whole real documents; these pin each class down
so that a change for one class cannot silently undo another.
"""

from __future__ import annotations

from typing import Any

import pytest

from congminh.core.documents import parse_text
from congminh.core.documents.assignees import split_assignees, subject_phrase
from congminh.core.documents.dates import find_deadlines, find_recurrence, period_deadline
from congminh.core.documents.webcopy import page_metadata, unflatten

BODY = "Căn cứ Luật Tổ chức chính quyền địa phương;\n"


def _tasks(text: str) -> list[dict[str, Any]]:
    return parse_text(text)["tasks"]


# --- headers -----------------------------------------------------------------------


def test_table_header_with_motto_beside_the_issuer() -> None:
    text = (
        "| ỦY BAN NHÂN DÂN TỈNH NGHỆ AN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
        "| --- | --- |\n"
        "| Số: 220/CĐ-UBND | Độc lập – Tự do – Hạnh phúc |\n"
        "| | *Nghệ An, ngày 26* |\n"
        "| | *tháng 11 năm 2025* |\n"
        "\nCÔNG ĐIỆN\n\nVề việc tăng cường phòng, chống tội phạm\n\n" + BODY
    )
    out = parse_text(text)
    assert out["issuer"] == "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN"
    assert (out["number_symbol"], out["place"], out["date"]) == ("220/CĐ-UBND", "Nghệ An", "2025-11-26")


def test_party_slogan_is_never_the_issuer() -> None:
    text = (
        "ĐẢNG BỘ TỈNH GIA LAI\tĐẢNG CỘNG SẢN VIỆT NAM\n"
        "BAN NỘI CHÍNH\n*\n"
        "Số 07-KL/BNC\tGia Lai, ngày 05 tháng 3 năm 2026\n\nKẾT LUẬN\ncủa Ban Nội chính\n\n" + BODY
    )
    out = parse_text(text)
    assert out["issuer"] == "BAN NỘI CHÍNH"
    assert out["number_symbol"] == "07-KL/BNC"


@pytest.mark.parametrize(
    ("line", "symbol"),
    [("Số: 11554/VPCP-V.I", "11554/VPCP-V.I"), ("Số: 12/2024/QĐ-TTg", "12/2024/QĐ-TTg"), ("Số 07-KL/VPTW", "07-KL/VPTW")],
)
def test_number_symbols_with_dots_years_and_parts(line: str, symbol: str) -> None:
    out = parse_text(f"VĂN PHÒNG CHÍNH PHỦ\n{line}\nHà Nội, ngày 02 tháng 12 năm 2025\n\n" + BODY)
    assert out["number_symbol"] == symbol


def test_flattened_web_copy_header() -> None:
    text = (
        "Chỉ thị 299/TTg\n"
        "PHỦ THỦ TƯỚNG ----- CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập – Tự do – Hạnh phúc -------\n"
        "Số:\n299/TTg Hà Nội, ngày 10 tháng 11 năm 1980 CHỈ THỊ VỀ CÔNG TÁC ĐO ĐẠC RUỘNG ĐẤT Ngày 24 tháng 6 năm 1977 "
        "Hội đồng Chính phủ đã ra Quyết định.\n"
    )
    out = parse_text(text)
    assert (out["issuer"], out["type"], out["number_symbol"]) == ("PHỦ THỦ TƯỚNG", "CHỈ THỊ", "299/TTg")
    assert (out["date"], out["subject"]) == ("1980-11-10", "VỀ CÔNG TÁC ĐO ĐẠC RUỘNG ĐẤT")


def test_flattened_letter_subject_and_addressees() -> None:
    text = (
        "BỘ KẾ HOẠCH VÀ ĐẦU TƯ ----------- CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc -----\n"
        "Số: 3397/BKHĐT-QLKTTW V/v hướng dẫn áp dụng Điều 162 Luật DN 2014 Hà Nội, ngày 23 tháng 5 năm 2019 "
        "Kính gửi: Tổng công ty Khí Việt Nam Phúc đáp Công văn số 615/KVN-PC, Bộ có ý kiến như sau:\n"
    )
    out = parse_text(text)
    assert out["subject"] == "V/v hướng dẫn áp dụng Điều 162 Luật DN 2014"
    assert out["addressees"] == ["Tổng công ty Khí Việt Nam"]


def test_decision_title_with_the_issuing_authority_after_it() -> None:
    line = ("Số: 3745/QĐ-UBND Tây Ninh, ngày 30 tháng 12 năm 2021 QUYẾT ĐỊNH VỀ VIỆC PHÊ DUYỆT KẾ HOẠCH "
            "SỬ DỤNG ĐẤT CỦA ỦY BAN NHÂN DÂN HUYỆN ỦY BAN NHÂN DÂN TỈNH TÂY NINH")
    assert unflatten(line).split("\n")[-2:] == [
        "VỀ VIỆC PHÊ DUYỆT KẾ HOẠCH SỬ DỤNG ĐẤT CỦA ỦY BAN NHÂN DÂN HUYỆN", "ỦY BAN NHÂN DÂN TỈNH TÂY NINH",
    ]


def test_website_metadata_fills_a_missing_header() -> None:
    text = (
        "Số hiệu: 11554/VPCP-V.I\nLoại văn bản: Công văn\nNơi ban hành: Văn phòng Chính phủ\n"
        "Người ký: Trần Văn Sơn\nNgày ban hành: 02/12/2025\nTình trạng: Đã biết\n\n"
        "Kính gửi: Bộ Tư pháp.\nThủ tướng Chính phủ giao Bộ Tư pháp chủ trì rà soát, báo cáo Thủ tướng Chính phủ.\n"
    )
    meta = page_metadata(text)
    assert meta["signer"] == "Trần Văn Sơn"
    out = parse_text(text)
    assert (out["number_symbol"], out["type"], out["issuer"], out["date"]) == (
        "11554/VPCP-V.I", "CÔNG VĂN", "Văn phòng Chính phủ", "2025-12-02",
    )


# --- signature ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("closing", "signer"),
    [
        ("- Lưu: VT, ĐMDN (2b). Trung Anh BỘ TRƯỞNG, CHỦ NHIỆM Mai Tiến Dũng",
         {"authority": None, "title": "BỘ TRƯỞNG, CHỦ NHIỆM", "name": "Mai Tiến Dũng"}),
        ("- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Nguyễn Hữu Tháp KẾ HOẠCH THỰC HIỆN",
         {"authority": "TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH", "name": "Nguyễn Hữu Tháp"}),
        ("- Lưu: VT.\nKT. THỦ TƯỚNG PHÓ THỦ TƯỚNG Trần Hồng Hà Phụ lục (Kèm theo Nghị định)",
         {"authority": "KT. THỦ TƯỚNG", "title": "PHÓ THỦ TƯỚNG", "name": "Trần Hồng Hà"}),
        ("- Lưu: VT, VP.\nK/T CHÁNH VĂN\nPHÒNG\nPHÓ CHÁNH VĂN PHÒNG\nNgô Hoàng Việt",
         {"authority": "K/T CHÁNH VĂN PHÒNG", "title": "PHÓ CHÁNH VĂN PHÒNG", "name": "Ngô Hoàng Việt"}),
    ],
)
def test_signer_mixed_with_recipients_or_an_annex(closing: str, signer: dict[str, str | None]) -> None:
    text = "VĂN PHÒNG TỈNH ỦY\nSố 12-CV/VPTU\n\n" + BODY + "Nơi nhận:\n- Như trên;\n" + closing + "\n"
    assert parse_text(text)["signer"] == signer


# --- tasks -------------------------------------------------------------------------


def test_plan_items_name_their_lead_body_in_a_field() -> None:
    text = (
        BODY + "II. NỘI DUNG HOẠT ĐỘNG\n1. Tuyên truyền\n1.1. Tổ chức phổ biến Chỉ thị.\n"
        "- Cơ quan thực hiện: Sở Tư pháp chủ trì, phối hợp với Công an tỉnh.\n"
        "- Thời gian thực hiện: trong quý I/2026.\n"
        "1.2. Kiểm tra việc thi hành.\n- Đơn vị chủ trì: Thanh tra tỉnh.\n- Thời gian thực hiện: Thường xuyên.\n"
    )
    tasks = _tasks(text)
    assert [(t["ref"], t["assignees"], t["due"]) for t in tasks] == [
        ("II.1.1", ["Sở Tư pháp"], "2026-03-31"), ("II.1.2", ["Thanh tra tỉnh"], None),
    ]


def test_clauses_of_an_execution_article_and_not_of_a_rule_article() -> None:
    text = (
        BODY + "Điều 8. Hỗ trợ vay vốn\n1. Người có đất thu hồi được vay vốn.\n"
        "2. Ngân hàng Chính sách xã hội hướng dẫn hồ sơ vay vốn.\n"
        "Điều 9. Tổ chức thực hiện\n1. Bộ Tư pháp chủ trì, phối hợp với các bộ tổng hợp kết quả.\n"
        "2. Định kỳ trước ngày 15 tháng 12 hằng năm, Ủy ban nhân dân các tỉnh có trách nhiệm báo cáo gửi Bộ Tư pháp.\n"
    )
    tasks = _tasks(text)
    assert [(t["ref"], t["assignees"], t["recurrence"]) for t in tasks] == [
        ("Điều 9.1", ["Bộ Tư pháp"], None), ("Điều 9.2", ["Ủy ban nhân dân các tỉnh"], "yearly"),
    ]


def test_issuer_voice_sentences_are_tasks_and_guidance_points_are_not() -> None:
    text = (
        "BỘ TÀI CHÍNH\nSố: 19046/BTC-TCHQ\nHà Nội, ngày 29 tháng 12 năm 2014\n"
        "Để thực hiện thống nhất Luật Hải quan, Bộ Tài chính yêu cầu các đơn vị thực hiện Luật từ ngày 01/01/2015.\n"
        "Bộ Tài chính hướng dẫn cụ thể một số nội dung như sau:\n"
        "1. Địa điểm làm thủ tục hải quan thực hiện theo Điều 22 Luật Hải quan.\n"
        "2. Cục trưởng Cục Hải quan ban hành quyết định kiểm tra sau thông quan.\n"
        "Bộ Tài chính yêu cầu các Cục Hải quan tỉnh, thành phố triển khai thực hiện./.\n"
    )
    tasks = _tasks(text)
    assert [(t["ref"], t["assignees"]) for t in tasks] == [
        (None, ["các đơn vị"]), (None, ["các Cục Hải quan tỉnh, thành phố"]),
    ]


def test_leader_giao_sentence_names_the_charged_body() -> None:
    text = ("VĂN PHÒNG CHÍNH PHỦ\nSố: 2739/VPCP-ĐMDN\nHà Nội, ngày 05 tháng 4 năm 2019\n"
            "Về nội dung nêu trên, Thủ tướng Chính phủ giao Bộ Kế hoạch và Đầu tư theo chức năng, nhiệm vụ được giao, "
            "nghiên cứu, có giải pháp phù hợp; trường hợp vượt thẩm quyền, báo cáo Thủ tướng Chính phủ.\n")
    (task,) = _tasks(text)
    assert (task["assignees"], task["report_to"]) == (["Bộ Kế hoạch và Đầu tư"], "Thủ tướng Chính phủ")


def test_numbers_glued_to_the_previous_line_are_points() -> None:
    text = (BODY + "III. TỔ CHỨC THỰC HIỆN 1.\nSở Tư pháp chủ trì tổng hợp.\n2.\n"
            "Đề nghị Liên đoàn Lao động tỉnh: chỉ đạo các cấp công đoàn.\n")
    assert [(t["ref"], t["assignees"]) for t in _tasks(text)] == [
        ("III.1", ["Sở Tư pháp"]), ("III.2", ["Liên đoàn Lao động tỉnh"]),
    ]


def test_reference_numbers_at_a_line_end_stay_put() -> None:
    assert unflatten("theo quy định tại Điều 5.\nSở Tư pháp chủ trì.") == "theo quy định tại Điều 5.\nSở Tư pháp chủ trì."


def test_forms_annexed_after_the_signature_give_no_tasks() -> None:
    text = (BODY + "Điều 3. Bộ trưởng, Thủ trưởng cơ quan ngang bộ chịu trách nhiệm thi hành Nghị định này.\n"
            "Nơi nhận:\n- Lưu: VT.\nTM. CHÍNH PHỦ THỦ TƯỚNG Nguyễn Văn A\n"
            "Mẫu số 02. Quyết định giao đất\nĐiều 3. Chánh Văn phòng Ủy ban nhân dân ……… chịu trách nhiệm thi hành.\n")
    assert [t["ref"] for t in _tasks(text)] == ["Điều 3"]


# --- deadlines ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "due", "precision"),
    [
        ("hoàn thành trước ngày 31 tháng 12 năm\n2025.", "2025-12-31", "day"),
        ("trong quý I/2026", "2026-03-31", "quarter"),
        ("trong tháng 11/2025", "2025-11-30", "month"),
        ("từ tháng 01 năm 1981 đến tháng 12 năm 1982", "1982-12-31", "month"),
        ("Vùng đồng bằng sông Cửu Long: cuối năm 1982", "1982-12-31", "year"),
    ],
)
def test_deadline_forms_and_their_precision(text: str, due: str, precision: str) -> None:
    found = find_deadlines(" ".join(text.split()))
    assert (found[0].due.isoformat(), found[0].precision) == (due, precision)


def test_month_targets_carry_month_precision_in_tasks() -> None:
    (task,) = _tasks(BODY + "1. Sở Tư pháp hoàn thành rà soát trong tháng 11/2025.\n")
    assert (task["due"], task["due_precision"]) == ("2025-11-30", "month")


@pytest.mark.parametrize(
    ("text", "value"),
    [("báo cáo trước ngày 15 hằng tháng", "monthly"), ("định kỳ 6 tháng báo cáo kết quả", "half_yearly")],
)
def test_recurring_dates_are_not_deadlines(text: str, value: str) -> None:
    found = find_recurrence(text)
    assert found is not None and found.value == value
    assert find_deadlines(text) == []


def test_site_notes_are_not_part_of_the_document() -> None:
    text = (BODY + "Điều 19. Trách nhiệm tổ chức thực hiện\n1. Cục Đăng ký và Dữ liệu thông tin đất đai [Cụm từ này bị "
            "thay thế bởi Điểm a Khoản 3 Điều 10 Thông tư 23/2025/TT-BNNMT có hiệu lực từ ngày 01/07/2025] có trách "
            "nhiệm kiểm tra việc thực hiện Thông tư này.\n")
    out = parse_text(text)
    assert [t["assignees"] for t in out["tasks"]] == [["Cục Đăng ký và Dữ liệu thông tin đất đai"]]
    assert all(c["number_symbol"] != "23/2025/TT-BNNMT" for c in out["citations"])


def test_bold_numbers_and_bracketed_numbers_are_points() -> None:
    text = (BODY + "**1.** Sở Tư pháp chủ trì rà soát văn bản.\n**2.** Công an tỉnh tăng cường phòng ngừa.\n")
    assert [(t["ref"], t["assignees"]) for t in _tasks(text)] == [("1", ["Sở Tư pháp"]), ("2", ["Công an tỉnh"])]
    text = (BODY + "(1) Sở Tư pháp chủ trì rà soát văn bản.\n(2) Công an tỉnh tăng cường phòng ngừa.\n")
    assert [(t["ref"], t["assignees"]) for t in _tasks(text)] == [("1", ["Sở Tư pháp"]), ("2", ["Công an tỉnh"])]


def test_ve_items_with_a_giao_sentence() -> None:
    text = BODY + "1. Về công tác giám định tư pháp: Giao Sở Tư pháp chủ trì, phối hợp với Công an tỉnh rà soát.\n"
    assert [(t["ref"], t["assignees"]) for t in _tasks(text)] == [("1", ["Sở Tư pháp"])]


def test_past_results_and_orientations_are_not_tasks() -> None:
    text = (
        "I. KẾT QUẢ ĐẠT ĐƯỢC\n1. Sở Tư pháp đã hoàn thành rà soát 120 văn bản.\n2. Công an tỉnh đã triệt phá 15 ổ nhóm.\n"
        "II. PHƯƠNG HƯỚNG\n1. Tiếp tục nâng cao chất lượng công tác tư pháp.\n2. Đẩy mạnh cải cách hành chính.\n"
        "III. TỔ CHỨC THỰC HIỆN\n1. Giao Sở Tư pháp chủ trì theo dõi, báo cáo Ủy ban nhân dân tỉnh trước ngày 15/12/2026.\n"
    )
    tasks = _tasks(BODY + text)
    assert [(t["ref"], t["assignees"], t["due"]) for t in tasks] == [("III.1", ["Sở Tư pháp"], "2026-12-15")]


def test_points_after_a_page_break_and_a_footnote() -> None:
    text = (BODY + "1. Sở Tư pháp chủ trì rà soát.[1]\n\f\n2\n===== Trang 2 =====\n"
            "2. Công an tỉnh tăng cường phòng ngừa.\n[1] Theo Kế hoạch số 12/KH-UBND.\n")
    assert [t["ref"] for t in _tasks(text)] == ["1", "2"]


def test_plus_bullets_stay_in_their_point() -> None:
    text = (BODY + "1. Sở Tư pháp:\n- Chủ trì rà soát văn bản;\n+ Tổng hợp kết quả, báo cáo Ủy ban nhân dân tỉnh.\n")
    (task,) = _tasks(text)
    assert task["assignees"] == ["Sở Tư pháp"] and "Tổng hợp kết quả" in task["text"]


# --- added with the general parser (issue #13 item 1): each class on its own document ---


def test_header_one_cell_per_line_with_the_motto_first() -> None:
    text = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nỦY BAN NHÂN DÂN\nTỈNH GIA LAI\n"
            "Số: 45/KH-UBND\nGia Lai, ngày 05 tháng 3 năm 2026\nKẾ HOẠCH\nTriển khai công tác tư pháp năm 2026\n" + BODY)
    out = parse_text(text)
    assert (out["issuer"], out["family"], out["type"]) == ("ỦY BAN NHÂN DÂN TỈNH GIA LAI", "state", "KẾ HOẠCH")
    assert (out["number_symbol"], out["date"], out["subject"]) == ("45/KH-UBND", "2026-03-05", "Triển khai công tác tư pháp năm 2026")


def test_header_cells_separated_by_tabs() -> None:
    text = ("ỦY BAN NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nTỈNH GIA LAI\tĐộc lập - Tự do - Hạnh phúc\n"
            "Số: 45/KH-UBND\tGia Lai, ngày 05 tháng 3 năm 2026\n\nKẾ HOẠCH\nTriển khai công tác tư pháp năm 2026\n" + BODY)
    out = parse_text(text)
    assert (out["issuer"], out["number_symbol"], out["place"], out["date"]) == (
        "ỦY BAN NHÂN DÂN TỈNH GIA LAI", "45/KH-UBND", "Gia Lai", "2026-03-05")


@pytest.mark.parametrize(
    "date_lines",
    ["| Số: 220/CĐ-UBND | ***Nghệ An, ngày 26 tháng*** |\n| | ***11 năm 2025*** |",
     "Số: 220/CĐ-UBND\n_Nghệ An, ngày 26_\n_tháng 11 năm 2025_"],
)
def test_place_date_split_inside_the_date_with_markup(date_lines: str) -> None:
    text = "ỦY BAN NHÂN DÂN TỈNH NGHỆ AN\n" + date_lines + "\n\nCÔNG ĐIỆN\nVề việc phòng, chống tội phạm\n" + BODY
    out = parse_text(text)
    assert (out["place"], out["date"]) == ("Nghệ An", "2025-11-26")


def test_lower_case_issuing_body_under_the_type() -> None:
    text = ("TỈNH ỦY GIA LAI\tĐẢNG CỘNG SẢN VIỆT NAM\n*\nSố 12-CT/TU\tGia Lai, ngày 05 tháng 3 năm 2026\n\n"
            "CHỈ THỊ\ncủa Ban Thường vụ Tỉnh ủy\nvề tăng cường công tác tư pháp\n" + BODY)
    out = parse_text(text)
    assert (out["issuer"], out["issuer_parent"], out["family"]) == ("Ban Thường vụ Tỉnh ủy", "TỈNH ỦY GIA LAI", "party")
    assert out["subject"] == "về tăng cường công tác tư pháp"


def test_website_metadata_names_a_signer_the_copy_lost() -> None:
    text = ("Trang chủ > Văn bản pháp luật\nSố hiệu: 11554/VPCP-V.I\nLoại văn bản: Công văn\n"
            "Người ký: Trần Văn Sơn\nNgày ban hành: 02/12/2025\n\nKính gửi: Bộ Tư pháp.\n"
            "Thủ tướng Chính phủ giao Bộ Tư pháp chủ trì rà soát.\n")
    out = parse_text(text)
    assert out["signer"] == {"authority": None, "title": None, "name": "Trần Văn Sơn"}
    assert "signer not found" not in out["warnings"]


def test_dash_bullets_of_a_section_without_numbered_points() -> None:
    text = (BODY + "I. MỤC ĐÍCH, YÊU CẦU\n- Nâng cao chất lượng.\nII. TỔ CHỨC THỰC HIỆN\n"
            "- Sở Tư pháp chủ trì, phối hợp với Công an tỉnh tổ chức tập huấn trong quý II/2026.\n"
            "- Công an tỉnh tăng cường phòng ngừa tội phạm.\n+ Định kỳ 6 tháng báo cáo Ủy ban nhân dân tỉnh.\n")
    assert [(t["ref"], t["assignees"], t["due"], t["recurrence"]) for t in _tasks(text)] == [
        ("II", ["Sở Tư pháp"], "2026-06-30", None), ("II", ["Công an tỉnh"], None, "half_yearly"),
    ]


def test_charging_sentences_outside_points() -> None:
    text = (BODY + "Để triển khai có hiệu quả, Ủy ban nhân dân tỉnh chỉ đạo:\n"
            "Sở Tư pháp chủ trì, phối hợp với Công an tỉnh rà soát các vụ việc, báo cáo trước ngày 30/6/2026.\n"
            "Đề nghị Viện Kiểm sát nhân dân tỉnh tăng cường kiểm sát.\nYêu cầu Công an tỉnh khẩn trương điều tra.\n"
            "Các cơ quan đã tổ chức nhiều hội nghị.\n")
    assert [(t["ref"], t["assignees"], t["due"]) for t in _tasks(text)] == [
        (None, ["Sở Tư pháp"], "2026-06-30"), (None, ["Viện Kiểm sát nhân dân tỉnh"], None), (None, ["Công an tỉnh"], None),
    ]


def test_lettered_points_with_no_number_above() -> None:
    text = (BODY + "Chủ tịch UBND tỉnh yêu cầu:\na) Sở Tư pháp rà soát văn bản, hoàn thành trong tháng 11/2025.\n"
            "b) Công an tỉnh tăng cường phòng ngừa.\n")
    assert [(t["ref"], t["assignees"], t["due"]) for t in _tasks(text)] == [
        ("a", ["Sở Tư pháp"], "2025-11-30"), ("b", ["Công an tỉnh"], None),
    ]


def test_orientation_points_are_tasks_only_when_they_name_a_body() -> None:
    text = (BODY + "II. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2026\n1. Tiếp tục nâng cao chất lượng công tác.\n"
            "2. Công an tỉnh tăng cường điều tra, xử lý tội phạm.\n")
    assert [(t["ref"], t["assignees"]) for t in _tasks(text)] == [("II.2", ["Công an tỉnh"])]


def test_plan_table_as_markdown_grid() -> None:
    text = (BODY + "II. NHIỆM VỤ CỤ THỂ\n"
            "| TT | Nội dung công việc | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |\n"
            "| --- | --- | --- | --- | --- |\n"
            "| I | Công tác tuyên truyền |  |  |  |\n"
            "| 1 | Tổ chức hội nghị phổ biến Luật | Sở Tư pháp | Công an tỉnh | Quý II/2026 |\n"
            "| 2 | Biên soạn tài liệu | Sở Tư pháp | Các sở, ngành | Năm 2026 |\n"
            "| II | Kiểm tra |  |  |  |\n"
            "| 1 | Kiểm tra việc thi hành | Thanh tra tỉnh | Sở Tư pháp | Thường xuyên |\n")
    tasks = _tasks(text)
    assert [(t["ref"], t["assignees"], t["co_assignees"], t["due"], t.get("due_precision")) for t in tasks] == [
        ("I.1", ["Sở Tư pháp"], ["Công an tỉnh"], "2026-06-30", "quarter"),
        ("I.2", ["Sở Tư pháp"], ["Các sở, ngành"], "2026-12-31", "year"),
        ("II.1", ["Thanh tra tỉnh"], ["Sở Tư pháp"], None, None),
    ]


def test_plan_table_with_tab_separated_cells_in_an_appendix() -> None:
    text = (BODY + "PHỤ LỤC\nNHIỆM VỤ\nSTT\tNhiệm vụ\tĐơn vị thực hiện\tThời hạn\n"
            "1\tRà soát văn bản\tSở Tư pháp\tTháng 6/2026\n2\tTập huấn\tCông an tỉnh\t30/9/2026\n")
    assert [(t["ref"], t["assignees"], t["due"]) for t in _tasks(text)] == [
        ("Phụ lục 1", ["Sở Tư pháp"], "2026-06-30"), ("Phụ lục 2", ["Công an tỉnh"], "2026-09-30"),
    ]


@pytest.mark.parametrize(
    ("text", "due", "precision"),
    [
        ("hoàn thành trước tháng 6/2025", "2025-05-31", "month"),
        ("hoàn thành vào tháng 10/2025", "2025-10-31", "month"),
        ("thực hiện từ ngày 01/01/2025 đến ngày 31/12/2025", "2025-12-31", "day"),
        ("báo cáo trước ngày 31.12.2025", "2025-12-31", "day"),
        ("trong Quý I-2026", "2026-03-31", "quarter"),
        ("hoàn thành trong 6 tháng đầu năm 2025", "2025-06-30", "month"),
        ("- Thời gian thực hiện: Năm 2015.", "2015-12-31", "year"),
        ("- Thời gian hoàn thành: tháng 6/2015.", "2015-06-30", "month"),
        ("- Thời hạn: 30/6/2015.", "2015-06-30", "day"),
    ],
)
def test_more_deadline_forms(text: str, due: str, precision: str) -> None:
    found = find_deadlines(text)
    assert [(d.due.isoformat(), d.precision) for d in found] == [(due, precision)]


@pytest.mark.parametrize("text", ["báo cáo kết quả 6 tháng đầu năm 2025", "Kế hoạch năm 2026", "tháng 12/2025 đã tổ chức"])
def test_periods_in_prose_are_not_deadlines(text: str) -> None:
    assert find_deadlines(text) == []


@pytest.mark.parametrize(
    ("cell", "due", "precision"),
    [("Năm 2015", "2015-12-31", "year"), ("2024 - 2025", "2025-12-31", "year"), ("Tháng 6 - 12/2015", "2015-12-31", "month"),
     ("Quý III, IV/2026, 2027", "2027-12-31", "quarter"), ("6 tháng đầu năm 2015", "2015-06-30", "month")],
)
def test_time_cells_name_the_period_alone(cell: str, due: str, precision: str) -> None:
    found = period_deadline(cell)
    assert found is not None and (found.due.isoformat(), found.precision) == (due, precision)
    assert period_deadline("Thường xuyên") is None


def test_yearly_dates_without_a_year_recur() -> None:
    found = find_recurrence("báo cáo trước ngày 15/12 hằng năm")
    assert found is not None and found.value == "yearly"
    assert find_deadlines("báo cáo trước ngày 15/12 hằng năm") == []


def test_web_copy_table_with_one_cell_per_line_in_the_plan_body() -> None:
    text = (BODY + "II. NHIỆM VỤ CỤ THỂ\n| STT | Nội dung | Đơn vị thực hiện | Đơn vị phối hợp | Thời gian |\n"
            "I\nCÔNG TÁC TUYÊN TRUYỀN\n1\nTổ chức hội nghị phổ biến Luật\nSở Tư pháp\nCông an tỉnh\nQuý II/2026\n"
            "2\nBiên soạn tài liệu\n- Sở Tư pháp; - Sở Nội vụ\nTháng 9\n"
            "III. TỔ CHỨC THỰC HIỆN\n1. Sở Tư pháp theo dõi, báo cáo Ủy ban nhân dân tỉnh trước ngày 15/12/2026.\n")
    tasks = parse_text("ỦY BAN NHÂN DÂN TỈNH GIA LAI\nSố: 45/KH-UBND\nGia Lai, ngày 05 tháng 3 năm 2026\n" + text)["tasks"]
    assert [(t["ref"], t["assignees"], t["due"]) for t in tasks] == [
        ("III.1", ["Sở Tư pháp"], "2026-12-15"),
        ("I.1", ["Sở Tư pháp"], "2026-06-30"),
        ("I.2", ["Sở Tư pháp", "Sở Nội vụ"], "2026-09-30"),  # a month alone is of the plan's year
    ]


def test_amending_articles_quote_clauses_that_are_not_tasks() -> None:
    text = (BODY + "Điều 1. Sửa đổi, bổ sung một số điều của Nghị định số 01/2015/NĐ-CP về trách nhiệm phối hợp\n"
            "1. Bổ sung Điều 15a như sau: “Điều 15a. Bộ Công an chủ trì tuyên truyền.”\n"
            "Điều 2. Trách nhiệm thi hành\n1. Bộ trưởng Bộ Tài chính chịu trách nhiệm thi hành Nghị định này.\n")
    assert [(t["ref"], t["assignees"]) for t in _tasks(text)] == [("Điều 2.1", ["Bộ trưởng Bộ Tài chính"])]


def test_inspection_as_a_verb_is_not_the_inspectorate() -> None:
    text = (BODY + "Điều 38. Trách nhiệm của các cơ quan\n1. Bộ Tài nguyên và Môi trường có trách nhiệm:\n"
            "a) Hướng dẫn việc định giá đất;\nb) Thanh tra, kiểm tra, xử lý vi phạm về giá đất.\n")
    assert [(t["ref"], t["assignees"]) for t in _tasks(text)] == [
        ("Điều 38.1.a", ["Bộ Tài nguyên và Môi trường"]), ("Điều 38.1.b", ["Bộ Tài nguyên và Môi trường"]),
    ]


def test_filing_codes_before_the_signature_are_not_the_title() -> None:
    text = ("CHÍNH PHỦ\nSố: 12/2018/NĐ-CP\n\n" + BODY + "Nơi nhận:\n- Ban Bí thư Trung ương Đảng;\n"
            "- Lưu: VT, V.I (2b).KN\nTM. CHÍNH PHỦ THỦ TƯỚNG Nguyễn Xuân Phúc\n")
    assert parse_text(text)["signer"] == {"authority": "TM. CHÍNH PHỦ", "title": "THỦ TƯỚNG", "name": "Nguyễn Xuân Phúc"}
    text = ("BỘ TÀI CHÍNH\nSố: 12/2015/TT-BTC\n\n" + BODY + "Nơi nhận:\n- Website Bộ Tài chính;\n"
            "- Lưu VT; TCHQ KT. BỘ TRƯỞNG THỨ TRƯỞNG Đỗ Hoàng Anh Tuấn\n")
    assert parse_text(text)["signer"] == {"authority": "KT. BỘ TRƯỞNG", "title": "THỨ TRƯỞNG", "name": "Đỗ Hoàng Anh Tuấn"}


def test_annex_title_after_the_signature_is_not_a_recipient() -> None:
    text = ("BỘ TÀI NGUYÊN VÀ MÔI TRƯỜNG\nSố: 59/QĐ-BTNMT\n\n" + BODY + "Nơi nhận:\n- Văn phòng Chính phủ;\n"
            "- Lưu: VT, KHTC.D.\nBỘ TRƯỞNG Đặng Quốc Khánh CHƯƠNG TRÌNH HÀNH ĐỘNG PHÁT TRIỂN KINH TẾ\n- XÃ HỘI NĂM 2024\n")
    out = parse_text(text)
    assert out["recipients"] == ["Văn phòng Chính phủ", "Lưu: VT, KHTC.D"]
    assert out["signer"] == {"authority": None, "title": "BỘ TRƯỞNG", "name": "Đặng Quốc Khánh"}


def test_site_notes_on_validity_are_dropped_from_the_title() -> None:
    text = ("CHÍNH PHỦ\nSố: 71/2024/NĐ-CP\nHà Nội, ngày 27 tháng 6 năm 2024\nNGHỊ ĐỊNH\n[Quy định tại Nghị định này được "
            "thực hiện theo Nghị định 151/2025/NĐ-CP (VB hết hiệu lực: 01/03/2027)] QUY ĐỊNH VỀ GIÁ ĐẤT\n" + BODY)
    assert parse_text(text)["subject"] == "QUY ĐỊNH VỀ GIÁ ĐẤT"


def test_plan_items_with_lead_and_time_fields_in_their_variants() -> None:
    text = (BODY + "II. NỘI DUNG PHỐI HỢP\n"
            "1. Tổ chức hội nghị.\n- Đơn vị chủ trì: Vụ Pháp luật.\n- Đơn vị phối hợp: Ủy ban Dân tộc.\n"
            "- Thời gian thực hiện: Năm 2015.\n"
            "2. Rà soát văn bản.\n- Chủ trì: Vụ Pháp chế.\n- Thời gian: Hằng năm.\n"
            "3. Kiểm tra.\n- Cơ quan, đơn vị chủ trì: Thanh tra Bộ.\n- Thời hạn hoàn thành: tháng 6/2015.\n"
            "4. Tập huấn.\n- Trách nhiệm thực hiện: Cục Trợ giúp pháp lý chủ trì, phối hợp với Vụ Pháp luật.\n"
            "- Thời gian: Quý III/2015.\n")
    assert [(t["ref"], t["assignees"], t["due"], t.get("due_precision"), t["recurrence"]) for t in _tasks(text)] == [
        ("II.1", ["Vụ Pháp luật"], "2015-12-31", "year", None),
        ("II.2", ["Vụ Pháp chế"], None, None, "yearly"),
        ("II.3", ["Thanh tra Bộ"], "2015-06-30", "month", None),
        ("II.4", ["Cục Trợ giúp pháp lý"], "2015-09-30", "quarter", None),
    ]


@pytest.mark.parametrize(
    ("text", "due"),
    [("muộn nhất ngày 15/12/2025", "2025-12-15"), ("hoàn thành đến hết năm 2025", "2025-12-31")],
)
def test_latest_date_wordings(text: str, due: str) -> None:
    assert [d.due.isoformat() for d in find_deadlines(text)] == [due]


def test_a_plans_horizon_is_no_deadline() -> None:
    assert find_deadlines("Xây dựng Quy hoạch tỉnh thời kỳ 2021-2030, tầm nhìn đến năm 2050") == []


def test_laws_and_resolutions_number_label_and_signature() -> None:
    text = ("Luật Căn cước 2023\nQUỐC HỘI -------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc "
            "--------------- Luật số:\n26/2023/QH15\nHà Nội, ngày 27 tháng 11 năm 2023 LUẬT CĂN CƯỚC\n" + BODY +
            "Luật này được Quốc hội thông qua ngày 27 tháng 11 năm 2023.\nEpas: 180408 CHỦ TỊCH QUỐC HỘI Vương Đình Huệ\n")
    out = parse_text(text)
    assert (out["issuer"], out["number_symbol"], out["date"]) == ("QUỐC HỘI", "26/2023/QH15", "2023-11-27")
    assert out["signer"] == {"authority": None, "title": "CHỦ TỊCH QUỐC HỘI", "name": "Vương Đình Huệ"}


def test_older_titles_restate_number_and_date_before_the_summary() -> None:
    text = ("CHÍNH PHỦ\nSố: 61-CP\nHà Nội, ngày 05 tháng 7 năm 1994\nNGHỊ ĐỊNH\n"
            "CỦA CHÍNH PHỦ SỐ 61-CP NGÀY 5-7-1994 VỀ MUA BÁN VÀ KINH DOANH NHÀ Ở\n" + BODY)
    out = parse_text(text)
    assert (out["issuer"], out["subject"], out["type"]) == ("CHÍNH PHỦ", "VỀ MUA BÁN VÀ KINH DOANH NHÀ Ở", "NGHỊ ĐỊNH")


def test_issuing_body_and_summary_on_one_line_under_the_type() -> None:
    text = ("ĐẢNG CỘNG SẢN VIỆT NAM\nBAN CHẤP HÀNH TRUNG ƯƠNG\nSố 27-NQ/TW\nHà Nội, ngày 09 tháng 11 năm 2022\n"
            "NGHỊ QUYẾT\nCỦA BỘ CHÍNH TRỊ VỀ TIẾP TỤC XÂY DỰNG NHÀ NƯỚC PHÁP QUYỀN\nI. TÌNH HÌNH\n")
    out = parse_text(text)
    assert (out["issuer"], out["issuer_parent"]) == ("BỘ CHÍNH TRỊ", "BAN CHẤP HÀNH TRUNG ƯƠNG")
    assert out["subject"] == "VỀ TIẾP TỤC XÂY DỰNG NHÀ NƯỚC PHÁP QUYỀN"


def test_articles_that_name_a_body_in_their_title() -> None:
    text = (BODY + "Điều 10. Trách nhiệm của Sở Tư pháp\nSở Tư pháp có trách nhiệm:\na) Hướng dẫn nghiệp vụ;\n"
            "b) Tổng hợp, báo cáo Ủy ban nhân dân tỉnh trước ngày 15 tháng 12 hằng năm.\n"
            "Điều 11. Trách nhiệm của Công an tỉnh\nCông an tỉnh có trách nhiệm phối hợp kiểm tra, hoàn thành trước ngày 30/6/2026.\n"
            "Điều 12. Hiệu lực thi hành\nQuyết định này có hiệu lực từ ngày ký.\n")
    assert [(t["ref"], t["assignees"], t["due"], t["recurrence"]) for t in _tasks(text)] == [
        ("Điều 10.a", ["Sở Tư pháp"], None, None), ("Điều 10.b", ["Sở Tư pháp"], None, "yearly"),
        ("Điều 11", ["Công an tỉnh"], "2026-06-30", None),
    ]


@pytest.mark.parametrize(
    ("sentence", "bodies"),
    [
        ("Chính phủ có trách nhiệm hướng dẫn thi hành Nghị quyết này.", ["Chính phủ"]),
        ("Ủy ban Thường vụ Quốc hội, Chính phủ trong phạm vi nhiệm vụ của mình tổ chức thực hiện.",
         ["Ủy ban Thường vụ Quốc hội", "Chính phủ"]),
        ("Cơ quan Cảnh sát điều tra Công an tỉnh tăng cường điều tra.", ["Cơ quan Cảnh sát điều tra Công an tỉnh"]),
        ("Đoàn đại biểu Quốc hội tỉnh giám sát việc thực hiện.", ["Đoàn đại biểu Quốc hội tỉnh"]),
        ("Mặt trận Tổ quốc Việt Nam và các tổ chức thành viên giám sát.", ["Mặt trận Tổ quốc Việt Nam và các tổ chức thành viên"]),
    ],
)
def test_central_bodies_and_peoples_organisations_are_assignees(sentence: str, bodies: list[str]) -> None:
    subject = subject_phrase(sentence)
    assert subject is not None and split_assignees(subject[0]) == bodies


@pytest.mark.parametrize("sentence", ["Đoàn kết các lực lượng.", "Hội nghị thống nhất nội dung.", "Bổ sung Điều 15a như sau:"])
def test_verbs_that_look_like_body_names(sentence: str) -> None:
    assert subject_phrase(sentence) is None


def test_outputs_of_the_new_layouts_keep_the_contract() -> None:
    from congminh.core.documents.schema import validate

    for text in (
        BODY + "| TT | Nội dung | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian |\n| --- | --- | --- | --- | --- |\n"
        "| 1 | Rà soát | - Sở Tư pháp; - Sở Nội vụ | | 6 tháng đầu năm 2026 |\n",
        "Số hiệu: 11554/VPCP-V.I\nNgười ký: Trần Văn Sơn\n\nThủ tướng Chính phủ giao Bộ Tư pháp chủ trì rà soát.\n",
    ):
        validate(parse_text(text))


def test_years_wrapped_to_the_next_line_inside_points() -> None:
    text = (BODY + "1. Sở Tư pháp chủ trì rà soát, hoàn thành trước ngày 31 tháng 12 năm\n2025.\n"
            "2. Công an tỉnh báo cáo trước ngày 15 tháng 6 năm\n2026\n3. Thanh tra tỉnh kiểm tra.\n")
    assert [(t["ref"], t["due"]) for t in _tasks(text)] == [("1", "2025-12-31"), ("2", "2026-06-15"), ("3", None)]


def test_older_laws_write_articles_without_a_dot_and_clauses_with_a_dash() -> None:
    text = (BODY + "Điều 88 Quy định về sử dụng đất.\nĐiều 89 Trách nhiệm thi hành\n"
            "1- Chính phủ quy định chi tiết thi hành Luật này.\n2- Bộ trưởng Bộ Tư pháp chịu trách nhiệm thi hành Luật này.\n")
    assert [(t["ref"], t["assignees"]) for t in _tasks(text)] == [
        ("Điều 89.1", ["Chính phủ"]), ("Điều 89.2", ["Bộ trưởng Bộ Tư pháp"]),
    ]
    # Where articles carry the dot, "Điều 5 Nghị định …" opening a line is a reference, not an article.
    text = (BODY + "Điều 4. Trách nhiệm thi hành\n1. Bộ Tài chính hướng dẫn thi hành, theo\n"
            "Điều 5 Nghị định số 12/2024/NĐ-CP.\n")
    assert [t["ref"] for t in _tasks(text)] == ["Điều 4.1"]


# --- deadlines counted from an event and recurring phrasings (issue #13 item 1) -------------

# A provincial letter dated Wednesday 26/11/2025; its points carry the phrasing under test.
DATED_HEADER = (
    "ỦY BAN NHÂN DÂN TỈNH GIA LAI\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
    "Số: 45/UBND-NC\tGia Lai, ngày 26 tháng 11 năm 2025\n\nV/v triển khai công tác tư pháp\n\n" + BODY
)


def _one_task(point: str, header: str = DATED_HEADER) -> dict[str, Any]:
    (task,) = _tasks(header + "1. " + point + "\n")
    return task


@pytest.mark.parametrize(
    ("point", "due", "length", "unit"),
    [
        # 26/11 + 30 days: 4 days to 30/11, then 26 in December.
        ("Sở Tư pháp báo cáo kết quả trong thời hạn 30 ngày kể từ ngày ký.", "2025-12-26", 30, "days"),
        ("Công an tỉnh rà soát trong vòng 15 ngày kể từ ngày ban hành văn bản này.", "2025-12-11", 15, "days"),
        ("Thanh tra tỉnh kiểm tra, trong thời hạn 30 (ba mươi) ngày, kể từ ngày ký ban hành.", "2025-12-26", 30, "days"),
        # Same day-number six months on (BLDS Điều 147).
        ("Sở Nội vụ chủ trì sơ kết sau 06 tháng kể từ ngày Chỉ thị này được ký.", "2026-05-26", 6, "months"),
        # Working days, Thursday 27/11 the first: 27, 28, 1/12, 2, 3, 4, 5, 8, 9, 10.
        ("Sở Tài chính bố trí kinh phí chậm nhất 10 ngày làm việc kể từ ngày ký.", "2025-12-10", 10, "working_days"),
        # A date written in the text is the start.
        ("Sở Tư pháp hoàn thành trong thời hạn 10 ngày kể từ ngày 15/12/2025.", "2025-12-25", 10, "days"),
    ],
)
def test_limits_counted_from_the_documents_date_give_a_date(point: str, due: str, length: int, unit: str) -> None:
    task = _one_task(point)
    assert (task["due"], task["due_precision"]) == (due, "day")
    assert (task["due_relative"]["length"], task["due_relative"]["unit"]) == (length, unit)
    assert task["due_text"] in point


def test_working_days_skip_the_new_years_holiday() -> None:
    # Friday 26/12/2025 + 5 working days: 29, 30, 31/12, (Thursday 01/01/2026 is Tết Dương
    # lịch) 02/01, then Monday 05/01/2026.
    header = DATED_HEADER.replace("ngày 26 tháng 11 năm 2025", "ngày 26 tháng 12 năm 2025")
    task = _one_task("Sở Tư pháp gửi báo cáo chậm nhất 05 ngày làm việc kể từ ngày ký.", header)
    assert task["due"] == "2026-01-05"


@pytest.mark.parametrize(
    ("point", "event"),
    [
        ("Các sở, ngành báo cáo trong thời hạn 15 ngày kể từ ngày nhận được văn bản này.", "nhận được văn bản này"),
        ("Công an tỉnh báo cáo chậm nhất 10 ngày làm việc sau khi kết thúc đợt kiểm tra.", "kết thúc đợt kiểm tra"),
        # "ký hợp đồng" is another act than the document's signing.
        ("Sở Tài chính chủ trì thanh toán trong 30 ngày kể từ ngày ký hợp đồng.", "ký hợp đồng"),
    ],
)
def test_limits_counted_from_an_unknown_event_keep_the_limit_without_a_date(point: str, event: str) -> None:
    task = _one_task(point)
    assert task["due"] is None
    assert task["due_relative"]["from"] == "event" and task["due_relative"]["event"] == event
    assert "due_precision" not in task


def test_limit_from_the_signing_of_an_undated_document_keeps_the_limit() -> None:
    undated = "ỦY BAN NHÂN DÂN TỈNH GIA LAI\nSố: 45/UBND-NC\n\nV/v triển khai\n\n" + BODY
    task = _one_task("Sở Tư pháp báo cáo trong thời hạn 30 ngày kể từ ngày ký.", undated)
    assert task["due"] is None
    assert task["due_relative"] == {"length": 30, "unit": "days", "from": "document", "event": "ký"}


def test_a_written_date_wins_over_a_limit_counted_from_an_event() -> None:
    task = _one_task("Sở Tư pháp tổ chức thực hiện trong 30 ngày kể từ ngày ký, hoàn thành trước ngày 31/01/2026.")
    assert task["due"] == "2026-01-31" and "due_relative" not in task


def test_limits_in_a_rule_text_outside_any_task_give_no_task() -> None:
    text = DATED_HEADER + "Thời hạn lưu giữ hàng hóa không quá 12 tháng kể từ ngày hoàn thành thủ tục hải quan.\n"
    assert _tasks(text) == []


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("Công an tỉnh báo cáo trước ngày 15 hằng tháng.", "monthly"),
        ("Định kỳ 6 tháng, Sở Tư pháp báo cáo kết quả.", "half_yearly"),
        ("Viện kiểm sát nhân dân tỉnh hằng quý rà soát các vụ án.", "quarterly"),
        ("Thanh tra tỉnh báo cáo 03 tháng/lần.", "quarterly"),
        ("Sở Nội vụ định kỳ 03 tháng báo cáo tiến độ.", "quarterly"),
        ("Sở Tư pháp kiểm tra 06 tháng/lần.", "half_yearly"),
        ("Sở Tài chính tổng hợp mỗi 6 tháng.", "half_yearly"),
    ],
)
def test_recurring_phrasings_map_to_the_contract_values(text: str, value: str) -> None:
    task = _one_task(text)
    assert (task["recurrence"], task["due"]) == (value, None)


@pytest.mark.parametrize("text", ["trong 3 tháng kể từ ngày ký", "13 tháng một lần", "sau 06 tháng kể từ ngày ký"])
def test_a_one_off_limit_in_months_is_no_recurrence(text: str) -> None:
    assert find_recurrence(text) is None


def test_relative_deadlines_keep_the_contract() -> None:
    from congminh.core.documents.schema import validate

    validate(parse_text(DATED_HEADER + "1. Sở Tư pháp báo cáo trong thời hạn 15 ngày kể từ ngày nhận được.\n"
                        "2. Công an tỉnh rà soát trong 30 ngày kể từ ngày ký.\n"))


@pytest.mark.parametrize(
    ("effect", "due"),
    [
        # Effective on signing (26/11/2025): + 30 days.
        ("Quyết định này có hiệu lực kể từ ngày ký.", "2025-12-26"),
        # Effective on a written date: 01/01/2026 + 30 days.
        ("Quyết định này có hiệu lực thi hành từ ngày 01 tháng 01 năm 2026.", "2026-01-31"),
        # No statement of when it takes effect: the limit is kept, without a date.
        ("Quyết định này thay thế Quyết định số 12/QĐ-UBND.", None),
    ],
)
def test_limits_counted_from_the_documents_taking_effect(effect: str, due: str | None) -> None:
    text = DATED_HEADER + ("Điều 1. Tổ chức thực hiện\n1. Sở Tư pháp có trách nhiệm rà soát trong thời hạn 30 ngày "
                           "kể từ ngày Quyết định này có hiệu lực.\nĐiều 2. " + effect + "\n")
    (task,) = _tasks(text)
    assert task["due"] == due
    assert task["due_relative"]["from"] == "effective"


def test_a_plan_tables_time_cell_counted_from_signing() -> None:
    text = (DATED_HEADER + "II. NHIỆM VỤ CỤ THỂ\n"
            "| TT | Nội dung công việc | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |\n"
            "| --- | --- | --- | --- | --- |\n"
            "| 1 | Rà soát văn bản | Sở Tư pháp | Công an tỉnh | Trong 15 ngày kể từ ngày ký |\n"
            "| 2 | Báo cáo kết quả | Sở Tư pháp | | Trong 10 ngày làm việc kể từ ngày nhận được hồ sơ |\n")
    # 26/11/2025 + 15 days; the second is counted from an event of unknown date.
    assert [(t["ref"], t["due"], t.get("due_relative", {}).get("from")) for t in _tasks(text)] == [
        ("1", "2025-12-11", "document"), ("2", None, "event"),
    ]


@pytest.mark.parametrize(
    ("point", "due"),
    [
        # Numbers in words: 26/11/2025 + 15 days; + 30 days; + 5 years (same day-number).
        ("Sở Tư pháp báo cáo trong thời hạn mười lăm ngày kể từ ngày ký.", "2025-12-11"),
        ("Công an tỉnh rà soát trong vòng ba mươi (30) ngày kể từ ngày ký.", "2025-12-26"),
        ("Sở Xây dựng chủ trì hoàn thành trong thời hạn năm năm, kể từ ngày ký.", "2030-11-26"),
    ],
)
def test_lengths_written_in_words(point: str, due: str) -> None:
    assert _one_task(point)["due"] == due


def test_another_acts_entry_into_force_is_not_the_documents() -> None:
    text = DATED_HEADER + ("Luật Đất đai có hiệu lực thi hành từ ngày 01/8/2024.\n"
                           "1. Sở Tư pháp rà soát trong thời hạn 30 ngày kể từ ngày Chỉ thị này có hiệu lực.\n")
    (task,) = _tasks(text)
    assert task["due"] is None and task["due_relative"]["from"] == "effective"


@pytest.mark.parametrize("act", ["ký Biên bản nghiệm thu", "ban hành Kế hoạch của huyện"])
def test_signing_another_act_is_an_event_of_unknown_date(act: str) -> None:
    task = _one_task(f"Sở Tài chính chủ trì quyết toán trong 30 ngày kể từ ngày {act}.")
    assert task["due"] is None and task["due_relative"]["event"] == act
