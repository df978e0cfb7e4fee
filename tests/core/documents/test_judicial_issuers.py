"""Documents of the issuers this system's users are (issue #13): Party committees, the
Procuracy, the courts, the civil judgment enforcement offices, each failure class on a
short document written for the test in the layout these bodies use."""

from __future__ import annotations

from typing import Any

import pytest

from congminh.core.documents import parse_text

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
ENDING = "\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nVIỆN TRƯỞNG\nTrần Văn Bình\n"


def _due(out: dict[str, Any]) -> list[tuple[list[str], str | None, str | None]]:
    return [(t["assignees"], t["due"], t.get("recurrence")) for t in out["tasks"]]


PARTY_DIRECTIVE = (
    "TỈNH ỦY GIA LAI\n*\nSố 15-CT/TU\nĐẢNG CỘNG SẢN VIỆT NAM\nGia Lai, ngày 12 tháng 3 năm 2026\n\n"
    "CHỈ THỊ\ncủa Ban Thường vụ Tỉnh ủy\nvề tăng cường sự lãnh đạo của Đảng đối với công tác thi hành án dân sự\n\n"
    "Ban Thường vụ Tỉnh ủy yêu cầu các cấp ủy, tổ chức đảng thực hiện tốt các nội dung sau:\n"
    "1. Các cấp ủy, tổ chức đảng tăng cường lãnh đạo công tác thi hành án dân sự.\n"
    "2. Ban cán sự đảng Ủy ban nhân dân tỉnh lãnh đạo kiện toàn Ban Chỉ đạo thi hành án dân sự tỉnh, "
    "hoàn thành trước ngày 30/6/2026.\n"
    "3. Giao Đảng đoàn Hội đồng nhân dân tỉnh chỉ đạo tăng cường giám sát công tác thi hành án dân sự.\n"
    "4. Đảng ủy Thi hành án dân sự tỉnh chỉ đạo rà soát các việc có điều kiện thi hành, báo cáo kết quả "
    "chậm nhất ngày 15/12/2026.\n"
    "5. Ban Nội chính Tỉnh ủy theo dõi, đôn đốc việc thực hiện Chỉ thị này; định kỳ 6 tháng báo cáo "
    "Ban Thường vụ Tỉnh ủy.\n\n"
    "Nơi nhận:\n- Các đảng bộ trực thuộc Tỉnh ủy,\n- Lưu Văn phòng Tỉnh ủy.\nT/M BAN THƯỜNG VỤ\n"
    "PHÓ BÍ THƯ THƯỜNG TRỰC\nNguyễn Văn An\n"
)


def test_party_directive_header_and_its_assignment_sentences() -> None:
    out = parse_text(PARTY_DIRECTIVE)
    assert (out["family"], out["type_code"], out["number_symbol"]) == ("party", "CT", "15-CT/TU")
    assert (out["issuer"], out["issuer_parent"]) == ("Ban Thường vụ Tỉnh ủy", "TỈNH ỦY GIA LAI")
    assert (out["place"], out["date"]) == ("Gia Lai", "2026-03-12")
    assert _due(out) == [
        (["Các cấp ủy, tổ chức đảng"], None, None),
        (["Ban cán sự đảng Ủy ban nhân dân tỉnh"], "2026-06-30", None),  # «trước ngày 30/6/2026»
        (["Đảng đoàn Hội đồng nhân dân tỉnh"], None, None),  # «Giao Đảng đoàn …»
        (["Đảng ủy Thi hành án dân sự tỉnh"], "2026-12-15", None),  # «chậm nhất ngày 15/12/2026»
        (["Ban Nội chính Tỉnh ủy"], None, "half_yearly"),  # «định kỳ 6 tháng»
    ]


def test_party_conclusion_with_the_slogan_first() -> None:
    text = (
        "ĐẢNG CỘNG SẢN VIỆT NAM\nTỈNH ỦY GIA LAI\n*\nSố 42-KL/TU\nGia Lai, ngày 20 tháng 11 năm 2025\n\n"
        "KẾT LUẬN\ncủa Ban Thường vụ Tỉnh ủy về công tác nội chính và cải cách tư pháp năm 2025\n\n"
        "Ban Thường vụ Tỉnh ủy kết luận như sau:\n"
        "1. Giao Đảng ủy Công an tỉnh lãnh đạo đấu tranh phòng, chống tội phạm.\n"
        "2. Ban cán sự đảng Viện kiểm sát nhân dân tỉnh lãnh đạo nâng cao chất lượng công tố; "
        "báo cáo trước ngày 15/12/2025.\n"
    )
    out = parse_text(text)
    assert (out["type_code"], out["number_symbol"], out["date"]) == ("KL", "42-KL/TU", "2025-11-20")
    assert out["subject"] == "về công tác nội chính và cải cách tư pháp năm 2025"
    assert _due(out) == [(["Đảng ủy Công an tỉnh"], None, None),
                         (["Ban cán sự đảng Viện kiểm sát nhân dân tỉnh"], "2025-12-15", None)]


def test_enforcement_office_under_its_ministry_over_three_lines() -> None:
    # The left column read first: issuer over three lines, number, "V/v"; then the right
    # column: the national heading, the place and date. The office speaks in its own voice.
    text = (
        "BỘ TƯ PHÁP\nCỤC THI HÀNH ÁN DÂN SỰ\nTỈNH GIA LAI\nSố: 215/CTHADS-NV\nV/v rà soát án tồn đọng\n"
        + MOTTO + "Gia Lai, ngày 05 tháng 4 năm 2024\n\n"
        "Kính gửi: Chi cục Thi hành án dân sự các huyện, thị xã, thành phố.\n\n"
        "Để bảo đảm hoàn thành chỉ tiêu năm 2024, Cục Thi hành án dân sự tỉnh đề nghị Chi cục trưởng "
        "Chi cục Thi hành án dân sự các huyện, thị xã, thành phố rà soát các việc tồn đọng, gửi báo cáo "
        "về Cục trước ngày 25/4/2024.\n" + ENDING
    )
    out = parse_text(text)
    assert (out["issuer"], out["issuer_parent"]) == ("CỤC THI HÀNH ÁN DÂN SỰ TỈNH GIA LAI", "BỘ TƯ PHÁP")
    assert out["subject"] == "V/v rà soát án tồn đọng"  # not the national heading read after it
    assert (out["number_symbol"], out["date"]) == ("215/CTHADS-NV", "2024-04-05")
    assert _due(out) == [(["Chi cục trưởng Chi cục Thi hành án dân sự các huyện, thị xã, thành phố"],
                          "2024-04-25", None)]


def test_procuracy_letter_in_its_own_voice() -> None:
    text = (
        "VIỆN KIỂM SÁT NHÂN DÂN\nTỈNH GIA LAI\nSố: 320/VKS-P7\nV/v báo cáo kết quả kiểm sát xét xử\n"
        + MOTTO + "Gia Lai, ngày 02 tháng 6 năm 2025\n\nKính gửi: Viện kiểm sát nhân dân khu vực 1, 2, 3.\n\n"
        "Viện kiểm sát nhân dân tỉnh yêu cầu Viện kiểm sát nhân dân khu vực 1, 2, 3 báo cáo kết quả "
        "kiểm sát xét xử 6 tháng đầu năm, gửi về Phòng 7 chậm nhất ngày 20/6/2025.\n" + ENDING
    )
    out = parse_text(text)
    assert (out["issuer"], out["number_symbol"]) == ("VIỆN KIỂM SÁT NHÂN DÂN TỈNH GIA LAI", "320/VKS-P7")
    assert out["subject"] == "V/v báo cáo kết quả kiểm sát xét xử"
    assert _due(out) == [(["Viện kiểm sát nhân dân khu vực 1, 2, 3"], "2025-06-20", None)]


def test_procuracy_plan_charges_its_departments_and_area_procuracies() -> None:
    text = (
        "VIỆN KIỂM SÁT NHÂN DÂN\nTỈNH GIA LAI\nSố: 05/KH-VKS-VP\n" + MOTTO
        + "Gia Lai, ngày 10 tháng 01 năm 2026\n\nKẾ HOẠCH\nCông tác kiểm sát năm 2026\n\n"
        "I. MỤC ĐÍCH, YÊU CẦU\nNâng cao chất lượng thực hành quyền công tố.\nII. NHIỆM VỤ\n"
        "1. Phòng 1 chủ trì kiểm sát việc giải quyết nguồn tin về tội phạm; báo cáo trước ngày 20/6/2026.\n"
        "2. Viện kiểm sát nhân dân khu vực 1 kiểm sát việc tạm giữ, tạm giam; định kỳ hằng quý báo cáo "
        "Viện trưởng.\n" + ENDING
    )
    out = parse_text(text)
    assert (out["number_symbol"], out["type_code"]) == ("05/KH-VKS-VP", "KH")
    assert _due(out) == [
        (["Phòng 1"], "2026-06-20", None),  # a department of the procuracy, named by its number
        (["Viện kiểm sát nhân dân khu vực 1"], None, "quarterly"),  # «kiểm sát» the verb ends the name
    ]


@pytest.mark.parametrize(("lines", "issuer"), [
    ("TÒA ÁN NHÂN DÂN\nTỐI CAO\n", "TÒA ÁN NHÂN DÂN TỐI CAO"),
    ("VIỆN KIỂM SÁT NHÂN DÂN TỈNH GIA LAI\nVIỆN KIỂM SÁT NHÂN DÂN\nKHU VỰC 1\n", "VIỆN KIỂM SÁT NHÂN DÂN KHU VỰC 1"),
    ("ĐẢNG BỘ TỈNH GIA LAI\nTỈNH ỦY\n", "TỈNH ỦY"),  # a Party committee is no level line
])
def test_level_lines_continue_the_name_above(lines: str, issuer: str) -> None:
    out = parse_text(lines + "Số: 01/KH-X\n" + MOTTO + "Gia Lai, ngày 02 tháng 01 năm 2026\n\nKẾ HOẠCH\nCông tác năm 2026\n")
    assert out["issuer"] == issuer


def test_web_copy_with_the_heading_and_the_issuer_wrapped_in_narrow_cells() -> None:
    # A page's table cells flattened one phrase a line: the issuer over three lines, the
    # State heading over two ("CỘNG HÒA XÃ HỘI" / "CHỦ NGHĨA VIỆT NAM"), neither of them a body.
    text = (
        "VIỆN KIỂM SÁT\nNHÂN DÂN\nTỐI CAO\n-------\n|\nCỘNG HÒA XÃ HỘI\nCHỦ NGHĨA VIỆT NAM\n"
        "Độc lập - Tự do - Hạnh phúc\n---------------\n|\nSố: 12/HD-VKSTC\n|\nHà Nội, ngày 15\n"
        "tháng 12 năm 2022\n|\nHƯỚNG DẪN\nCÔNG TÁC KIỂM SÁT NĂM 2023\nCăn cứ Chỉ thị công tác năm 2023.\n"
    )
    out = parse_text(text)
    assert (out["issuer"], out["issuer_parent"]) == ("VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO", None)
    assert (out["number_symbol"], out["date"], out["type_code"]) == ("12/HD-VKSTC", "2022-12-15", "HD")


@pytest.mark.parametrize(("line", "symbol"), [
    ("Số: 01 /CT - VKSTC", "01/CT-VKSTC"),  # spaces typed round the dash
    ("Số: 04/HD-VKSTC- V4", "04/HD-VKSTC-V4"),  # the department after a spaced dash
    ("Số: 215/CTHADS-NV", "215/CTHADS-NV"),
])
def test_procuracy_symbols_typed_with_spaces(line: str, symbol: str) -> None:
    out = parse_text(f"VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO\n{line}\nHà Nội, ngày 20 tháng 01 năm 2011\n\nHƯỚNG DẪN\nCông tác năm 2011\n")
    assert out["number_symbol"] == symbol


def test_party_plan_titled_in_capitals_from_thuc_hien() -> None:
    # Party plans are titled "THỰC HIỆN CHỈ THỊ …": in capitals under the type, the summary,
    # although "Thực hiện …" in running text opens the body.
    text = (
        "BAN CHẤP HÀNH TRUNG ƯƠNG\nỦY BAN KIỂM TRA\n-------\n\nĐẢNG CỘNG SẢN VIỆT NAM\n\nSố: 09-KH/UBKTTW\n\n"
        "Hà Nội, ngày 18 tháng 12 năm 2025\n\nKẾ HOẠCH\n\nTHỰC HIỆN CHỈ THỊ SỐ 15-CT/TU VỀ CÔNG TÁC THI HÀNH ÁN DÂN SỰ\n\n"
        "Thực hiện Chỉ thị số 15-CT/TU, Ủy ban Kiểm tra xây dựng kế hoạch như sau:\n"
    )
    out = parse_text(text)
    assert (out["family"], out["issuer"], out["issuer_parent"]) == ("party", "ỦY BAN KIỂM TRA", "BAN CHẤP HÀNH TRUNG ƯƠNG")
    assert out["number_symbol"] == "09-KH/UBKTTW"
    assert out["subject"] == "THỰC HIỆN CHỈ THỊ SỐ 15-CT/TU VỀ CÔNG TÁC THI HÀNH ÁN DÂN SỰ"


def test_double_spaced_title_in_capitals_runs_over_blank_lines() -> None:
    text = (
        "VIỆN KIỂM SÁT NHÂN DÂN\nTỐI CAO\n\n----------\n\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\n"
        "Độc lập – Tự do – Hạnh phúc\n\nSố: 04/HD-VKSTC- V4\n\nHà Nội, ngày 20 tháng 01 năm 2011\n\n \n\n"
        "HƯỚNG DẪN\n\nCÔNG TÁC KIỂM SÁT VIỆC TẠM GIỮ\n\nTẠM GIAM VÀ THI HÀNH ÁN HÌNH SỰ NĂM 2011\n\n \n\n"
        "Thực hiện Chỉ thị số 01/2011/CT-VKSTC, Viện kiểm sát nhân dân tối cao hướng dẫn như sau:\n"
    )
    out = parse_text(text)
    assert out["subject"] == "CÔNG TÁC KIỂM SÁT VIỆC TẠM GIỮ TẠM GIAM VÀ THI HÀNH ÁN HÌNH SỰ NĂM 2011"
    assert (out["issuer"], out["number_symbol"]) == ("VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO", "04/HD-VKSTC-V4")


def test_a_double_spaced_title_stops_at_the_issuer_restated() -> None:
    text = ("QUỐC HỘI\n\nSố: 05/2026/QH15\n\nHà Nội, ngày 02 tháng 01 năm 2026\n\nNGHỊ QUYẾT\n\n"
            "VỀ CÔNG TÁC TƯ PHÁP\n\nQUỐC HỘI\n\nCăn cứ Hiến pháp;\n")
    assert parse_text(text)["subject"] == "VỀ CÔNG TÁC TƯ PHÁP"


def test_heading_wrapped_after_its_first_word_is_no_issuer() -> None:
    text = ("ỦY BAN NHÂN DÂN\nTỈNH GIA LAI\n-------\n|\nCỘNG\nHÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
            "Độc lập - Tự do - Hạnh phúc\n|\nSố: 2054/QĐ-UBND\n|\nGia Lai, ngày 18 tháng 10 năm 2018\n|\n"
            "QUYẾT ĐỊNH\nBAN HÀNH QUY CHẾ PHỐI HỢP VỀ GIÁM ĐỊNH TƯ PHÁP\nỦY BAN NHÂN DÂN TỈNH GIA LAI\n")
    out = parse_text(text)
    assert (out["issuer"], out["issuer_parent"]) == ("ỦY BAN NHÂN DÂN TỈNH GIA LAI", None)


def test_issuer_in_a_table_row_beside_the_heading() -> None:
    text = ("VIỆN KIỂM SÁT NHÂN DÂN | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n"
            "Số: 01/2009/CT-VKSTC | Hà Nội, ngày 05 tháng 01 năm 2009 |\nCHỈ THỊ\nVỀ CÔNG TÁC CỦA NGÀNH KIỂM SÁT\n")
    out = parse_text(text)
    assert (out["issuer"], out["number_symbol"], out["type_code"]) == ("VIỆN KIỂM SÁT NHÂN DÂN", "01/2009/CT-VKSTC", "CT")


def test_joint_circular_of_the_court_and_the_procuracy() -> None:
    text = ("TÒA ÁN NHÂN DÂN TỐI CAO CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\n\n"
            "VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO Độc lập - Tự do - Hạnh phúc\n"
            "Số: 01/2026/TTLT-TANDTC-VKSNDTC Hà Nội, ngày 08 tháng 12 năm 2026\n\nTHÔNG TƯ LIÊN TỊCH\n\n\n"
            "HƯỚNG DẪN THI HÀNH MỘT SỐ QUY ĐỊNH VỀ TẠM GIAM\nĐể thi hành Bộ luật, hai ngành hướng dẫn như sau:\n")
    out = parse_text(text)
    assert (out["type"], out["type_code"]) == ("THÔNG TƯ LIÊN TỊCH", "TTLT")
    assert out["subject"] == "HƯỚNG DẪN THI HÀNH MỘT SỐ QUY ĐỊNH VỀ TẠM GIAM"


@pytest.mark.parametrize(("sentence", "assignees"), [
    ("Để nâng cao hiệu quả, Chánh án Tòa án nhân dân tối cao yêu cầu Chánh án Tòa án nhân dân tỉnh "
     "thực hiện nghiêm túc các chỉ tiêu.", ["Chánh án Tòa án nhân dân tỉnh"]),
    ("Viện trưởng Viện kiểm sát nhân dân tối cao yêu cầu Viện trưởng Viện kiểm sát nhân dân cấp tỉnh "
     "tập trung thực hiện tốt các chỉ tiêu.", ["Viện trưởng Viện kiểm sát nhân dân cấp tỉnh"]),
    ("Giám đốc Sở Tư pháp đề nghị các tổ chức giám định tư pháp công lập rà soát danh sách giám định viên.",
     ["các tổ chức giám định tư pháp công lập"]),
])
def test_a_head_of_a_judicial_body_charging_in_the_first_person(sentence: str, assignees: list[str]) -> None:
    text = "SỞ TƯ PHÁP\nSố: 12/STP-BTTP\nV/v thực hiện chỉ tiêu\nGia Lai, ngày 02 tháng 01 năm 2026\n\n" + sentence + "\n"
    assert [t["assignees"] for t in parse_text(text)["tasks"]] == [assignees]
