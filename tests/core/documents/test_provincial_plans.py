"""Plans and directives of the provincial, district and commune bodies this system receives
most (issue #13): each class of failure on a short document written for the test in the
layout these bodies use. No whole public text of such a plan could be found for the corpus
(see corpus/SOURCES.md), so these pin the classes down instead."""

from __future__ import annotations

from typing import Any

import pytest

from congminh.core.documents import parse_text
from congminh.core.documents.assignees import split_assignees
from congminh.core.documents.dates import find_recurrence

HEAD = (
    "ỦY BAN NHÂN DÂN\nTỈNH QUẢNG TRỊ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
    "Số: 215/KH-UBND\nQuảng Trị, ngày 18 tháng 10 năm 2025\n\nKẾ HOẠCH\n"
    "Triển khai thực hiện Chỉ thị số 45-CT/TU của Ban Thường vụ Tỉnh ủy\n\nII. NHIỆM VỤ, GIẢI PHÁP\n"
)


def _rows(out: dict[str, Any]) -> list[tuple[str | None, list[str], str | None]]:
    return [(t["ref"], t["assignees"], t["due"]) for t in out["tasks"]]


@pytest.mark.parametrize("charge", [
    "Giao Sở Tư pháp chủ trì, phối hợp với Sở Nội vụ tham mưu kiện toàn Hội đồng, hoàn thành trước ngày 31/12/2025.",
    "Sở Tư pháp chủ trì, phối hợp với Sở Nội vụ tham mưu kiện toàn Hội đồng, hoàn thành trước ngày 31/12/2025.",
])
def test_a_points_bare_title_then_the_sentence_charging_a_body(charge: str) -> None:
    # The title has no full stop; the charge starts on the next line with a capital.
    out = parse_text(HEAD + "1. Rà soát, kiện toàn Hội đồng phối hợp phổ biến, giáo dục pháp luật\n" + charge + "\n"
                     "2. Công an tỉnh tăng cường tuyên truyền pháp luật.\n")
    assert _rows(out) == [("II.1", ["Sở Tư pháp"], "2025-12-31"), ("II.2", ["Công an tỉnh"], None)]
    assert out["tasks"][0]["text"].startswith("Rà soát, kiện toàn Hội đồng")


def test_a_title_wrapped_before_the_body_it_names_stays_one_sentence() -> None:
    # "… phối hợp với" / "Sở Nội vụ chủ trì …" is one sentence wrapped, not a title and a charge.
    out = parse_text(HEAD + "1. Giao Sở Tư pháp phối hợp với\nSở Nội vụ chủ trì kiện toàn Hội đồng.\n")
    assert _rows(out) == [("II.1", ["Sở Tư pháp"], None)]


def test_report_to_the_body_named_first_and_not_the_one_it_reports_on_to() -> None:
    # "Báo cáo kết quả … về Sở Tư pháp … để tổng hợp, báo cáo UBND tỉnh": the task reports to the department.
    out = parse_text(HEAD + "1. Các sở, ban, ngành báo cáo kết quả về Sở Tư pháp.\n"
                     "2. Các sở, ngành: Báo cáo kết quả thực hiện về Sở Tư pháp trước ngày 05/12/2025 để tổng hợp, "
                     "báo cáo UBND tỉnh.\n")
    assert [t["report_to"] for t in out["tasks"]] == ["Sở Tư pháp", "Sở Tư pháp"]


def test_a_recommendation_to_a_ministry_is_no_report() -> None:
    out = parse_text(HEAD + "1. Sở Xây dựng bố trí quỹ đất. Báo cáo, kiến nghị Bộ Xây dựng về việc hoàn thiện chính sách.\n")
    assert out["tasks"][0]["report_to"] is None


@pytest.mark.parametrize(("sentence", "to"), [
    ("Công chức Tư pháp chủ trì triển khai; báo cáo kết quả về Phòng Tư pháp trước ngày 30/11/2026.", "Phòng Tư pháp"),
    ("Giao Phòng Tham mưu theo dõi; định kỳ 6 tháng báo cáo Giám đốc Công an tỉnh.", "Giám đốc Công an tỉnh"),
    ("Văn phòng Huyện ủy theo dõi, báo cáo Huyện ủy trước ngày 15/12/2025.", "Huyện ủy"),
])
def test_reports_to_the_bodies_of_a_district_a_commune_or_the_police(sentence: str, to: str) -> None:
    assert parse_text(HEAD + "1. " + sentence + "\n")["tasks"][0]["report_to"] == to


@pytest.mark.parametrize(("text", "value"), [
    ("Đảng đoàn HĐND tỉnh lãnh đạo giám sát; hằng năm báo cáo Ban Thường vụ Tỉnh ủy.", "yearly"),
    ("Sở Tư pháp theo dõi, hằng năm tổng hợp kết quả thực hiện.", "yearly"),
    ("Kế hoạch phát triển 5 năm và hằng năm của tỉnh.", None),
])
def test_a_yearly_report_scheduled_before_its_verb(text: str, value: str | None) -> None:
    found = find_recurrence(text)
    assert (found.value if found else None) == value


def test_the_closing_request_of_a_department_letter_is_no_task() -> None:
    text = (
        "UBND TỈNH GIA LAI\nSỞ TƯ PHÁP\nSố: 1234/STP-PBGDPL\nV/v triển khai Ngày Pháp luật Việt Nam năm 2025\n"
        "Gia Lai, ngày 15 tháng 10 năm 2025\n\nKính gửi: Các sở, ban, ngành tỉnh.\n\n"
        "Sở Tư pháp đề nghị các cơ quan, đơn vị triển khai một số nội dung sau:\n"
        "1. Tổ chức các hoạt động hưởng ứng Ngày Pháp luật Việt Nam.\n"
        "Sở Tư pháp đề nghị các cơ quan, đơn vị quan tâm triển khai thực hiện./.\n\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nTrần Thị Hoa\n"
    )
    out = parse_text(text)
    assert [t["ref"] for t in out["tasks"]] == ["1"]


@pytest.mark.parametrize(("title", "subject"), [
    ("Thực hiện công tác hòa giải ở cơ sở năm 2026", "Thực hiện công tác hòa giải ở cơ sở năm 2026"),
    ("thực hiện Kết luận số 07-KL/TU ngày 10/4/2025 của Ban Thường vụ Tỉnh ủy",
     "thực hiện Kết luận số 07-KL/TU ngày 10/4/2025 của Ban Thường vụ Tỉnh ủy"),
    # The issuer's opening sentence right under the type: the plan has no summary.
    ("Thực hiện Chỉ thị số 45-CT/TU, Ủy ban nhân dân xã ban hành Kế hoạch như sau:", None),
])
def test_a_title_that_opens_like_the_body(title: str, subject: str | None) -> None:
    text = (
        "ỦY BAN NHÂN DÂN\nXÃ HÒA BÌNH\nSố: 45/KH-UBND\nHòa Bình, ngày 03 tháng 3 năm 2026\nKẾ HOẠCH\n" + title + "\n"
        "Căn cứ Kế hoạch số 30/KH-UBND ngày 20/01/2026 của UBND tỉnh;\n1. Công chức Tư pháp chủ trì thực hiện.\n"
    )
    assert parse_text(text)["subject"] == subject


def test_a_police_signer_prints_the_rank_before_the_name() -> None:
    text = (
        "CÔNG AN TỈNH HÀ TĨNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 789/KH-CAT-PV01\nHà Tĩnh, ngày 10 tháng 01 năm 2026\nKẾ HOẠCH\n"
        "Phòng, chống tội phạm năm 2026\n(1) Phòng Tham mưu chủ trì xây dựng kế hoạch.\n"
        "Nơi nhận:\n- Các đơn vị thuộc CAT;\n- Lưu: VT, PV01.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nĐại tá Nguyễn Hồng Phúc\n"
    )
    signer = parse_text(text)["signer"]
    assert signer == {"authority": "KT. GIÁM ĐỐC", "title": "PHÓ GIÁM ĐỐC", "name": "Đại tá Nguyễn Hồng Phúc"}


@pytest.mark.parametrize(("phrase", "bodies"), [
    ("Văn phòng HĐND và UBND xã", ["Văn phòng HĐND và UBND xã"]),
    ("Văn phòng Đoàn ĐBQH, HĐND và UBND tỉnh; Sở Tư pháp", ["Văn phòng Đoàn ĐBQH, HĐND và UBND tỉnh", "Sở Tư pháp"]),
    ("Văn phòng UBND tỉnh và UBND các huyện", ["Văn phòng UBND tỉnh", "UBND các huyện"]),
])
def test_one_office_serving_the_council_and_the_committee_is_one_body(phrase: str, bodies: list[str]) -> None:
    assert split_assignees(phrase) == bodies


@pytest.mark.parametrize("first", ["(1) ", "a) ", "- ", "+ ", "**1.** "])
def test_the_title_stops_at_the_first_point_in_any_numbering(first: str) -> None:
    # No blank line between the title and the points, as a DOCX copied to text gives.
    text = (
        "CÔNG AN TỈNH HÀ TĨNH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 789/KH-CAT-PV01\n"
        "Hà Tĩnh, ngày 10 tháng 01 năm 2026\nKẾ HOẠCH\nPhòng, chống tội phạm năm 2026\n"
        f"{first}Phòng Tham mưu chủ trì xây dựng kế hoạch cao điểm.\n"
        "Nơi nhận:\n- Các đơn vị thuộc CAT;\n- Lưu: VT, PV01.\nKT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC\nNguyễn Hồng Phúc\n"
    )
    out = parse_text(text)
    assert out["subject"] == "Phòng, chống tội phạm năm 2026"
    assert out["signer"] == {"authority": "KT. GIÁM ĐỐC", "title": "PHÓ GIÁM ĐỐC", "name": "Nguyễn Hồng Phúc"}
    if first[0] not in "-+":  # a bullet outside any section is no point of its own
        assert [t["assignees"] for t in out["tasks"]] == [["Phòng Tham mưu"]]


def test_a_closing_table_of_one_row_per_line() -> None:
    # A DOCX closing table copied as Markdown: label and authority on the first row, the name alone on the last.
    text = (
        "| TÒA ÁN NHÂN DÂN TỈNH ĐẮK LẮK | CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM |\n| Số: 12/KH-TA | Độc lập - Tự do - Hạnh phúc |\n"
        "| | *Đắk Lắk, ngày 15 tháng 01 năm 2026* |\n\n**KẾ HOẠCH**\n**Công tác năm 2026**\n\n"
        "**1.** Văn phòng Tòa án nhân dân tỉnh chủ trì tổ chức tập huấn nghiệp vụ trong quý II/2026.\n\n"
        "| Nơi nhận: | K/T CHÁNH ÁN |\n| - TANDTC (để b/c); | PHÓ CHÁNH ÁN |\n| - Lưu: VT, VP. | |\n| | Nguyễn Thị Lan |\n"
    )
    out = parse_text(text)
    assert out["signer"] == {"authority": "K/T CHÁNH ÁN", "title": "PHÓ CHÁNH ÁN", "name": "Nguyễn Thị Lan"}
    assert out["recipients"] == ["TANDTC (để b/c)", "Lưu: VT, VP"]


@pytest.mark.parametrize(("sentence", "bodies"), [
    ("Các Tòa chuyên trách và Tòa án nhân dân khu vực nâng cao chất lượng xét xử.",
     ["Các Tòa chuyên trách", "Tòa án nhân dân khu vực"]),
    ("Các Phòng nghiệp vụ tăng cường kiểm sát việc tạm giữ.", ["Các Phòng nghiệp vụ"]),
    ("Các phòng chuyên môn thuộc UBND huyện tham mưu triển khai.", ["Các phòng chuyên môn thuộc UBND huyện"]),
])
def test_the_divisions_of_a_court_a_procuracy_or_a_district(sentence: str, bodies: list[str]) -> None:
    assert parse_text(HEAD + "1. " + sentence + "\n")["tasks"][0]["assignees"] == bodies


def test_prevention_is_not_a_division() -> None:
    # "Các phòng, chống …" (prevention) names no body.
    assert [t["assignees"] for t in parse_text(HEAD + "1. Các phòng, chống tội phạm được tăng cường.\n")["tasks"]] == [[]]


DIRECTIVE = (
    "ỦY BAN NHÂN DÂN\nHUYỆN CAM LỘ\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
    "Số: 56/CT-UBND\nCam Lộ, ngày 20 tháng 02 năm 2024\nCHỈ THỊ\n"
    "Về tăng cường công tác quản lý nhà nước về đất đai trên địa bàn huyện\n"
    "Trong thời gian qua, công tác quản lý đất đai đạt nhiều kết quả. Tuy nhiên, tình trạng lấn chiếm đất công vẫn còn.\n"
    "Để khắc phục tình trạng trên, Chủ tịch UBND huyện yêu cầu:\n"
    "1. Phòng Tài nguyên và Môi trường rà soát các trường hợp lấn chiếm; hoàn thành trước ngày 30/4/2024.\n"
    "2. Đề nghị Ủy ban Mặt trận Tổ quốc Việt Nam huyện tăng cường giám sát.\n"
    "Yêu cầu Thủ trưởng các cơ quan, đơn vị nghiêm túc triển khai thực hiện Chỉ thị này./.\n"
    "Nơi nhận:\n- UBND tỉnh (b/c);\n- Lưu: VT.\nCHỦ TỊCH\nNguyễn Văn Bình\n"
)


def test_a_summary_in_sentence_case_stops_at_the_bodys_prose() -> None:
    assert parse_text(DIRECTIVE)["subject"] == "Về tăng cường công tác quản lý nhà nước về đất đai trên địa bàn huyện"


def test_the_closing_call_to_carry_out_the_directive_is_no_task() -> None:
    out = parse_text(DIRECTIVE)
    assert [(t["ref"], t["assignees"]) for t in out["tasks"]] == [
        ("1", ["Phòng Tài nguyên và Môi trường"]), ("2", ["Ủy ban Mặt trận Tổ quốc Việt Nam huyện"])]


def test_an_issuer_and_a_place_wrapped_by_narrow_cells() -> None:
    # A web copy of a DOCX header table whose cells wrapped inside words: "ỦY BAN NHÂN" / "DÂN", "Gia" / "Lai, ngày …".
    text = (
        "ỦY BAN NHÂN\nDÂN\nTỈNH GIA LAI\n-------\n|\nCỘNG HÒA XÃ\nHỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n|\n"
        "Số:\n88/KH-UBND\n|\nGia\nLai, ngày 12 tháng 3\nnăm 2026\n|\nKẾ HOẠCH\nTHỰC HIỆN CÔNG TÁC HÒA GIẢI Ở CƠ SỞ NĂM 2026\n"
        "Căn cứ Luật Hòa giải ở cơ sở;\nI. NHIỆM VỤ\n1. Sở Tư pháp chủ trì hướng dẫn.\n"
    )
    out = parse_text(text)
    assert (out["issuer"], out["issuer_parent"]) == ("ỦY BAN NHÂN DÂN TỈNH GIA LAI", None)
    assert (out["place"], out["date"], out["number_symbol"]) == ("Gia Lai", "2026-03-12", "88/KH-UBND")


def test_a_one_word_place_keeps_the_line_above_out() -> None:
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH GIA LAI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\nSố: 88/KH-UBND\n"
        "Pleiku, ngày 12 tháng 3 năm 2026\nKẾ HOẠCH\nHòa giải ở cơ sở năm 2026\n1. Sở Tư pháp chủ trì hướng dẫn.\n"
    )
    assert parse_text(text)["place"] == "Pleiku"


@pytest.mark.parametrize(("second", "subject"), [
    # The body's first sentence, wrapped, after a summary in lower case that ended its phrase.
    ("Hội nghị lần thứ năm Ban Chấp hành Đảng bộ tỉnh (khóa XVII) họp\nngày 20/4/2026 đã thảo luận và kết luận:\n",
     "về phát triển hạ tầng giao thông đến năm 2030"),
    # A summary line cut after "của" goes on with a capitalised body's name.
    ("Ban Thường vụ Tỉnh ủy về công tác dân vận trong tình hình mới\nHội nghị lần thứ năm Ban Chấp hành Đảng bộ tỉnh đã kết luận:\n",
     "về phát triển hạ tầng giao thông đến năm 2030 của Ban Thường vụ Tỉnh ủy về công tác dân vận trong tình hình mới"),
])
def test_a_lower_case_summary_ends_before_the_bodys_first_sentence(second: str, subject: str) -> None:
    first = "về phát triển hạ tầng giao thông đến năm 2030" + (" của" if second.startswith("Ban") else "")
    text = (
        "TỈNH ỦY GIA LAI\nĐẢNG CỘNG SẢN VIỆT NAM\n*\nSố 45-KL/TU\nGia Lai, ngày 22 tháng 4 năm 2026\nKẾT LUẬN\n"
        f"{first}\n{second}I. ĐÁNH GIÁ TÌNH HÌNH\n1. Kết quả đạt được.\n"
    )
    assert parse_text(text)["subject"] == subject


@pytest.mark.parametrize(("text", "value"), [
    ("báo cáo kết quả trước ngày 15/6 và 15/12 hằng năm", "half_yearly"),
    ("hoàn thành trong tháng 12/2025 và hằng năm", "yearly"),
    ("Năm 2026 và hằng năm", "yearly"),
    # A plan's horizon is no recurrence.
    ("Kế hoạch phát triển 5 năm 2021-2025 và hằng năm", None),
    ("giai đoạn 2021 - 2025 và hằng năm", None),
])
def test_a_first_date_then_every_year_and_two_dates_a_year(text: str, value: str | None) -> None:
    found = find_recurrence(text)
    assert (found.value if found else None) == value


@pytest.mark.parametrize("mark", ["(Đã ký)", "(đã ký)", "[daky]", "(Ký, đóng dấu)"])
@pytest.mark.parametrize("recipients", [True, False])
def test_the_signed_mark_between_the_title_and_the_name(mark: str, recipients: bool) -> None:
    text = (
        "TỈNH ỦY GIA LAI\nĐẢNG CỘNG SẢN VIỆT NAM\n*\nSố 15-CV/TU\nGia Lai, ngày 12 tháng 3 năm 2026\n\nCÔNG VĂN\n"
        "về việc triển khai\n\n1. Ban Nội chính Tỉnh ủy chủ trì theo dõi.\n\n"
        + ("Nơi nhận:\n- Như trên,\n- Lưu Văn phòng Tỉnh ủy.\n" if recipients else "")
        + f"T/M BAN THƯỜNG VỤ\nPHÓ BÍ THƯ THƯỜNG TRỰC\n{mark}\nNguyễn Văn An\n"
    )
    signer = parse_text(text)["signer"]
    assert signer == {"authority": "T/M BAN THƯỜNG VỤ", "title": "PHÓ BÍ THƯ THƯỜNG TRỰC", "name": "Nguyễn Văn An"}


def test_party_sections_and_points_numbered_with_a_dash() -> None:
    text = (
        "TỈNH ỦY GIA LAI\nĐẢNG CỘNG SẢN VIỆT NAM\n*\nSố 15-KH/TU\nGia Lai, ngày 12 tháng 3 năm 2026\n\nKẾ HOẠCH\n"
        "thực hiện Chỉ thị số 10-CT/TW\nI- MỤC ĐÍCH, YÊU CẦU\n1- Quán triệt sâu sắc.\nII- NHIỆM VỤ, GIẢI PHÁP\n"
        "1- Ban Tuyên giáo Tỉnh ủy chủ trì hướng dẫn tuyên truyền; hoàn thành trong quý II/2026.\n"
        "2- Các huyện ủy, thị ủy, thành ủy tổ chức quán triệt.\nIII- TỔ CHỨC THỰC HIỆN\n"
        "1- Văn phòng Tỉnh ủy theo dõi, đôn đốc; báo cáo Ban Thường vụ Tỉnh ủy trước ngày 15/12/2026.\n\n"
        "Nơi nhận:\n- Lưu Văn phòng Tỉnh ủy.\nT/M BAN THƯỜNG VỤ\nBÍ THƯ\nNguyễn Văn An\n"
    )
    out = parse_text(text)
    assert out["subject"] == "thực hiện Chỉ thị số 10-CT/TW"
    assert _rows(out) == [
        ("II.1", ["Ban Tuyên giáo Tỉnh ủy"], "2026-06-30"),
        ("II.2", ["Các huyện ủy, thị ủy, thành ủy"], None),
        ("III.1", ["Văn phòng Tỉnh ủy"], "2026-12-15"),
    ]


WEB_DECREE = (
    "CHÍNH PHỦ -------\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc ---------------\n"
    "Số: 12/2005/NĐ-CP\nHà Nội, ngày 12 tháng 3 năm 2005\nNGHỊ ĐỊNH VỀ VIỆC THỬ NGHIỆM\n"
    "Điều 1. Các Bộ trưởng chịu trách nhiệm thi hành Nghị định này.\n"
)


@pytest.mark.parametrize(("signature", "signer"), [
    # Older documents dot both letters of the mark.
    ("T.M. CHÍNH PHỦ\nTHỦ TƯỚNG\nPhan Văn Khải", ("T.M. CHÍNH PHỦ", "THỦ TƯỚNG", "Phan Văn Khải")),
    ("T.M. CHÍNH PHỦ K.T. THỦ TƯỚNG PHÓ THỦ TƯỚNG Nguyễn Tấn Dũng",
     ("T.M. CHÍNH PHỦ K.T. THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "Nguyễn Tấn Dũng")),
    ("K.T. BỘ TRƯỞNG BỘ TƯ PHÁP THỨ TRƯỞNG Nguyễn Văn An", ("K.T. BỘ TRƯỞNG BỘ TƯ PHÁP", "THỨ TRƯỞNG", "Nguyễn Văn An")),
    # A web copy's mark inside a signature flattened onto one line.
    ("TM. CHÍNH PHỦ THỦ TƯỚNG (Đã ký) Nguyễn Tấn Dũng", ("TM. CHÍNH PHỦ", "THỦ TƯỚNG", "Nguyễn Tấn Dũng")),
    # An office name after the mark is the signer's, not an issuer cut off a title.
    ("KT. TỔNG CỤC TRƯỞNG PHÓ TỔNG CỤC TRƯỞNG Nguyễn Văn An", ("KT. TỔNG CỤC TRƯỞNG", "PHÓ TỔNG CỤC TRƯỞNG", "Nguyễn Văn An")),
])
@pytest.mark.parametrize("recipients", [True, False])
def test_signatures_of_older_documents_and_of_web_copies(signature: str, signer: tuple[str, str, str],
                                                         recipients: bool) -> None:
    closing = "Nơi nhận:\n- Ban Bí thư Trung ương Đảng;\n- Lưu: Văn thư, TCCV (3b).\n" if recipients else ""
    out = parse_text(WEB_DECREE + closing + signature + "\n")
    assert out["signer"] == dict(zip(("authority", "title", "name"), signer, strict=True))


def test_a_council_of_ministers_decree_flattened_by_a_website() -> None:
    text = (
        "Nghị định 64-HĐBT\nHỘI ĐỒNG BỘ TRƯỞNG ******** CỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM Độc lập - Tự do - Hạnh phúc "
        "********\nSố: 64-HĐBT Hà Nội, ngày 10 tháng 6 năm 1991 NGHỊ ĐỊNH CỦA HỘI ĐỒNG BỘ TRƯỞNG SỐ 64-HĐBT NGÀY "
        "10-6-1991 VỀ VIỆC THÍ ĐIỂM QUẢN LÝ ĐẤT HỘI ĐỒNG BỘ TRƯỞNG\nCăn cứ Luật Tổ chức Hội đồng Bộ trưởng;\n"
        "NGHỊ ĐỊNH:\nĐiều 1. Bộ trưởng các Bộ chịu trách nhiệm thi hành Nghị định này.\n"
        "T/M HỘI ĐỒNG BỘ TRƯỞNG K/T CHỦ TỊCH PHÓ CHỦ TỊCH Phan Văn Khải\n"
    )
    out = parse_text(text)
    assert out["subject"] == "VỀ VIỆC THÍ ĐIỂM QUẢN LÝ ĐẤT"  # the enacting body restated after it is cut off whole
    assert out["signer"] == {"authority": "T/M HỘI ĐỒNG BỘ TRƯỞNG K/T CHỦ TỊCH", "title": "PHÓ CHỦ TỊCH",
                             "name": "Phan Văn Khải"}


def test_a_chairmans_signature_glued_to_the_filing_codes() -> None:
    text = (
        "Chỉ thị 05/CT-UBND năm 2024\nỦY BAN NHÂN DÂN TỈNH LÂM ĐỒNG ------- CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM "
        "Độc lập - Tự do - Hạnh phúc ---------------\nSố: 05/CT-UBND Lâm Đồng, ngày 20 tháng 5 năm 2024 CHỈ THỊ VỀ "
        "TĂNG CƯỜNG CÔNG TÁC PHÒNG, CHỐNG THIÊN TAI\nĐể chủ động ứng phó, Chủ tịch UBND tỉnh yêu cầu:\n"
        "1. Giám đốc Sở Nông nghiệp và Môi trường chủ trì rà soát phương án, hoàn thành trước ngày 30/6/2024.\n"
        "Nơi nhận:\n- Như trên;\n- Lưu: VT, NN. CHỦ TỊCH Trần Văn Hiệp\n"
    )
    out = parse_text(text)
    assert out["signer"] == {"authority": None, "title": "CHỦ TỊCH", "name": "Trần Văn Hiệp"}
    assert out["recipients"] == ["Như trên", "Lưu: VT, NN"]


@pytest.mark.parametrize(("point", "bodies"), [
    ("Về kinh phí cưỡng chế: Sở Tài chính tham mưu UBND tỉnh bố trí kinh phí trong tháng 9/2026.", ["Sở Tài chính"]),
    # A topic whose body is reported on, not charged.
    ("Về kết quả: Sở Tư pháp đã hoàn thành các nhiệm vụ được giao.", []),
])
def test_a_topic_then_the_body_it_charges_without_giao(point: str, bodies: list[str]) -> None:
    text = (
        "ỦY BAN NHÂN DÂN\nTỈNH GIA LAI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
        "Số: 210/TB-UBND\nGia Lai, ngày 14 tháng 8 năm 2026\nTHÔNG BÁO\nKết luận của Phó Chủ tịch UBND tỉnh tại cuộc họp\n"
        "Phó Chủ tịch UBND tỉnh kết luận như sau:\n1. " + point + "\n"
        "2. Giao Văn phòng UBND tỉnh theo dõi, đôn đốc.\n"
    )
    assert [t["assignees"] for t in parse_text(text)["tasks"]] == ([bodies] if bodies else []) + [["Văn phòng UBND tỉnh"]]


@pytest.mark.parametrize(("bullet", "to"), [
    ("+ Báo cáo kết quả về Phòng Tham mưu trước ngày 18 hằng tháng.", "Phòng Tham mưu"),
    # Reporting only when something goes wrong is no scheduled report.
    ("+ Báo cáo Phòng Tham mưu nếu có vướng mắc.", None),
])
def test_a_report_bullet_under_a_point_that_names_only_its_body(bullet: str, to: str | None) -> None:
    out = parse_text(HEAD + "1. Công an các xã, phường:\n+ Nắm chắc tình hình địa bàn;\n" + bullet + "\n")
    assert [(t["assignees"], t["report_to"]) for t in out["tasks"]] == [(["Công an các xã, phường"], to)]
