"""The classes of failure issue #13 lists, each on a short document written for the test.

The corpus goldens measure the parser on whole real documents; these pin each class down
so that a change for one class cannot silently undo another.
"""

from __future__ import annotations

from typing import Any

import pytest

from congminh.core.documents import parse_text
from congminh.core.documents.dates import find_deadlines, find_recurrence
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
