"""Issue #13, the parser's known failures on provincial plans (December 2026): a bare «Văn phòng»
charged by a plan is the issuer's own office, and a list of periods with one year at its end
(«trong quý I và quý II/2026») is read whole. Documents written for the test in the layout of
these bodies (see corpus/SOURCES.md: no whole public text of such a plan was found)."""

from __future__ import annotations

from typing import Any

import pytest

from congminh.core.documents import parse_text
from congminh.core.documents.assignees import issuer_office

UBND_HEAD = (
    "ỦY BAN NHÂN DÂN\nTỈNH GIA LAI\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
    "Số: 12/KH-UBND\nGia Lai, ngày 05 tháng 01 năm 2026\n\nKẾ HOẠCH\nThực hiện Chỉ thị số 45-CT/TU\n\n"
    "II. NHIỆM VỤ, GIẢI PHÁP\n"
)
PARTY_HEAD = (
    "ĐẢNG BỘ TỈNH GIA LAI\nBAN THƯỜNG VỤ TỈNH ỦY\nĐẢNG CỘNG SẢN VIỆT NAM\n*\nSố 15-KH/TU\n"
    "Gia Lai, ngày 12 tháng 01 năm 2026\n\nKẾ HOẠCH\nthực hiện Chỉ thị số 10-CT/TW\nII- NHIỆM VỤ, GIẢI PHÁP\n"
)
CLOSING = "\nNơi nhận:\n- Như trên;\n- Lưu: VT.\nTM. ỦY BAN NHÂN DÂN\nCHỦ TỊCH\nNguyễn Văn An\n"


def _rows(out: dict[str, Any]) -> list[tuple[str | None, list[str], str | None]]:
    return [(t["ref"], t["assignees"], t["due"]) for t in out["tasks"]]


@pytest.mark.parametrize(("head", "point", "office"), [
    (UBND_HEAD, "1. Giao Văn phòng chủ trì, phối hợp với các sở, ngành theo dõi, đôn đốc thực hiện Kế hoạch.",
     "Văn phòng UBND tỉnh"),
    (UBND_HEAD, "1. Văn phòng theo dõi, tổng hợp kết quả thực hiện.", "Văn phòng UBND tỉnh"),
    (PARTY_HEAD, "1- Giao Văn phòng chủ trì theo dõi, đôn đốc việc thực hiện Kế hoạch này.", "Văn phòng Tỉnh ủy"),
])
def test_a_bare_office_is_the_issuers_office(head: str, point: str, office: str) -> None:
    out = parse_text(head + point + "\n2. Sở Tư pháp chủ trì tuyên truyền.\n" + CLOSING)
    assert out["tasks"][0]["assignees"] == [office]


def test_an_office_named_in_full_is_kept_as_written() -> None:
    out = parse_text(UBND_HEAD + "1. Giao Văn phòng Đoàn ĐBQH và HĐND tỉnh theo dõi.\n" + CLOSING)
    assert out["tasks"][0]["assignees"] == ["Văn phòng Đoàn ĐBQH và HĐND tỉnh"]


@pytest.mark.parametrize(("issuer", "parent", "office"), [
    ("ỦY BAN NHÂN DÂN TỈNH GIA LAI", None, "Văn phòng UBND tỉnh"),
    ("UBND THÀNH PHỐ HẢI PHÒNG", None, "Văn phòng UBND thành phố"),
    ("ỦY BAN NHÂN DÂN XÃ IA GRAI", None, "Văn phòng HĐND và UBND xã"),
    ("BAN THƯỜNG VỤ TỈNH ỦY", "TỈNH ỦY GIA LAI", "Văn phòng Tỉnh ủy"),
    ("THÀNH ỦY PLEIKU", None, "Văn phòng Thành ủy"),
    ("ĐẢNG ỦY ỦY BAN NHÂN DÂN TỈNH", None, "Văn phòng Đảng ủy"),
    ("THỦ TƯỚNG CHÍNH PHỦ", None, "Văn phòng Chính phủ"),
    ("BỘ TƯ PHÁP", None, "Văn phòng Bộ"),
    ("SỞ TƯ PHÁP", "ỦY BAN NHÂN DÂN TỈNH GIA LAI", "Văn phòng Sở"),
    ("TÒA ÁN NHÂN DÂN TỈNH GIA LAI", None, "Văn phòng Tòa án nhân dân tỉnh"),
    ("VIỆN KIỂM SÁT NHÂN DÂN TỐI CAO", None, "Văn phòng Viện kiểm sát nhân dân tối cao"),
    ("TRƯỜNG ĐẠI HỌC CÔNG THƯƠNG", None, None),
])
def test_the_office_of_each_kind_of_issuer(issuer: str, parent: str | None, office: str | None) -> None:
    assert issuer_office(issuer, parent) == office


@pytest.mark.parametrize(("phrase", "due", "precision"), [
    ("tổng hợp, báo cáo UBND tỉnh trong quý I và quý II/2026.", "2026-06-30", "quarter"),
    ("hoàn thành trong quý I, quý II năm 2026.", "2026-06-30", "quarter"),
    ("hoàn thành trong tháng 11 và tháng 12/2026.", "2026-12-31", "month"),
    ("hoàn thành trong tháng 5, tháng 6 năm 2026.", "2026-06-30", "month"),
    # A period with no year keeps the document's year; a list of them ends with the last.
    ("hoàn thành trong quý I.", "2026-03-31", "quarter"),
    ("tổ chức trong tháng 3 và tháng 4.", "2026-04-30", "month"),
    ("hoàn thành trong quý III và quý IV.", "2026-12-31", "quarter"),
    ("triển khai trong các tháng 11, 12/2026.", "2026-12-31", "month"),
    # A comma before a count is no list of months.
    ("khen thưởng trong tháng 3, 4 đơn vị tiêu biểu.", "2026-03-31", "month"),
])
def test_a_list_of_periods_is_read_whole(phrase: str, due: str, precision: str) -> None:
    out = parse_text(UBND_HEAD + "1. Sở Tư pháp chủ trì tuyên truyền, " + phrase + "\n" + CLOSING)
    task = out["tasks"][0]
    assert (task["due"], task["due_precision"]) == (due, precision)


# The classes the gazette documents 57-62 showed (corpus/SOURCES.md), each on a short text.
DECISION_HEAD = (
    "BỘ TÀI CHÍNH\nSố: 333/QĐ-BTC\nCỘNG HOÀ XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
    "Hà Nội, ngày 23 tháng 02 năm 2026\nQUYẾT ĐỊNH\nVề việc công bố văn bản tiếp tục có hiệu lực\n"
    "BỘ TRƯỞNG BỘ TÀI CHÍNH\nQUYẾT ĐỊNH:\nĐiều 1. Các thông tư sau đây tiếp tục có hiệu lực thi hành.\n"
)
SIGNED = "KT. BỘ TRƯỞNG\nTHỨ TRƯỞNG\nNguyễn Đức Chi\n"


def test_a_number_in_parts() -> None:
    out = parse_text(DECISION_HEAD.replace("Số: 333/QĐ-BTC", "Số: 66.17/2026/NQ-CP") + SIGNED)
    assert (out["number"], out["number_symbol"]) == ("66.17", "66.17/2026/NQ-CP")


def test_the_execution_sentence_after_the_effect_sentence_cut_at_a_relational_word() -> None:
    out = parse_text(DECISION_HEAD + "Điều 3. Quyết định này có hiệu lực kể từ ngày ký. Thủ trưởng các đơn vị thuộc\n"
                     "Bộ và các cơ quan có liên quan chịu trách nhiệm thi hành Quyết định này./.\n" + SIGNED)
    assert _rows(out) == [("Điều 3", ["Thủ trưởng các đơn vị thuộc Bộ và các cơ quan có liên quan"], None)]


def test_an_authority_whose_body_takes_a_line_of_its_own() -> None:
    out = parse_text(DECISION_HEAD + "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.\n"
                     "TL. BỘ TRƯỞNG\nKT. CHỦ TỊCH\nỦY BAN CHỨNG KHOÁN NHÀ NƯỚC\nPHÓ CHỦ TỊCH\n\nLê Thị Việt Nga\n")
    assert out["signer"] == {"authority": "TL. BỘ TRƯỞNG KT. CHỦ TỊCH ỦY BAN CHỨNG KHOÁN NHÀ NƯỚC",
                             "title": "PHÓ CHỦ TỊCH", "name": "Lê Thị Việt Nga"}


def test_relief_is_no_duty_and_a_ministers_responsibility_in_a_rule_article_is() -> None:
    out = parse_text(DECISION_HEAD + (
        "Điều 3. Danh mục ngành, nghề\n1. Ban hành Danh mục kèm theo Quyết định này.\n"
        "2. Bộ trưởng, Thủ trưởng cơ quan ngang bộ có trách nhiệm nghiên cứu, quy định giải pháp quản lý thay thế.\n"
        "Điều 4. Tổ chức thực hiện\n1. Bộ Tài chính chịu trách nhiệm rà soát Phụ lục IV của Luật Đầu tư.\n"
        "2. Người đứng đầu các cơ quan, đơn vị, người tham gia xây dựng, ban hành Quyết định này được xem xét "
        "loại trừ, miễn hoặc giảm trách nhiệm theo quy định.\n") + SIGNED)
    assert _rows(out) == [("Điều 3.2", ["Bộ trưởng", "Thủ trưởng cơ quan ngang bộ"], None),
                          ("Điều 4.1", ["Bộ Tài chính"], None)]


def test_due_when_the_document_takes_effect() -> None:
    out = parse_text(DECISION_HEAD + (
        "Điều 2. Tổ chức thực hiện\n1. Bộ Khoa học và Công nghệ có trách nhiệm ban hành các quy chuẩn kỹ thuật, "
        "bảo đảm có hiệu lực cùng thời điểm có hiệu lực của Quyết định này.\n"
        "Điều 3. Quyết định này có hiệu lực thi hành kể từ ngày 01 tháng 7 năm 2026.\n") + SIGNED)
    assert _rows(out) == [("Điều 2.1", ["Bộ Khoa học và Công nghệ"], "2026-07-01")]


@pytest.mark.parametrize(("point", "to"), [
    ("1. Bộ Nội vụ theo dõi, tổng hợp tình hình; báo cáo Chính phủ, Thủ tướng Chính phủ xem xét, chỉ đạo đối với "
     "các nội dung vượt thẩm quyền.", "Chính phủ, Thủ tướng Chính phủ"),
    ("1. Bộ Nội vụ định kỳ tổng hợp tình hình, kết quả thực hiện trình Đảng ủy Chính phủ để báo cáo Ban Bí thư "
     "Trung ương Đảng.", "Đảng ủy Chính phủ"),
    ("1. Ủy ban nhân dân các tỉnh xây dựng Phương án tổng thể, báo cáo cấp ủy cùng cấp trước khi ban hành.",
     "cấp ủy cùng cấp"),
])
def test_report_to_the_body_not_what_it_does_with_the_report(point: str, to: str) -> None:
    head = UBND_HEAD.replace("II. NHIỆM VỤ, GIẢI PHÁP\n", "II. TỔ CHỨC THỰC HIỆN\n")
    assert parse_text(head + point + "\n" + CLOSING)["tasks"][0]["report_to"] == to


def test_the_gazettes_section_and_the_issuer_printed_twice_wrapped_anywhere() -> None:
    text = (
        "CÔNG BÁO/Số 761 + 762/Ngày 17-9-2021\n3\n\nVĂN BẢN QUY PHẠM PHÁP LUẬT\n\nBỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI\n\n"
        " BỘ LAO ĐỘNG - THƯƠNG\nBINH VÀ XÃ HỘI\n\n Số: 09/2021/TT-BLĐTBXH\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\n"
        " Độc lập - Tự do - Hạnh phúc\n\nHà Nội, ngày 07 tháng 9 năm 2021\n\nTHÔNG TƯ\nSửa đổi, bổ sung một số điều\n"
        "Điều 1. Thông tư này có hiệu lực thi hành từ ngày 01 tháng 11 năm 2021.\n\nBỘ TRƯỞNG\n\nĐào Ngọc Dung\n"
    )
    out = parse_text(text)
    assert (out["issuer"], out["issuer_parent"]) == ("BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI", None)


def test_a_chief_executives_title_is_a_body_of_its_own_in_a_list() -> None:
    out = parse_text(DECISION_HEAD + (
        "Điều 2. Cục trưởng Cục Viễn thông, Giám đốc Sở Khoa học và Công nghệ các tỉnh, Tổng Giám đốc, Giám đốc các "
        "doanh nghiệp viễn thông chịu trách nhiệm thi hành Quyết định này.\n") + SIGNED)
    assert out["tasks"][0]["assignees"] == ["Cục trưởng Cục Viễn thông", "Giám đốc Sở Khoa học và Công nghệ các tỉnh",
                                            "Tổng Giám đốc", "Giám đốc các doanh nghiệp viễn thông"]


def test_a_report_to_the_bare_office_goes_to_the_issuers_office() -> None:
    out = parse_text(UBND_HEAD + "1. Các sở, ngành tổ chức tuyên truyền; báo cáo kết quả về Văn phòng trước ngày 15/12/2026.\n"
                     + CLOSING)
    assert out["tasks"][0]["report_to"] == "Văn phòng UBND tỉnh"



# The gazette's appendix table of a plan (document 69): rows in Roman groups numbered from 1 in each, cells
# wrapped one line each, a row with no co-operating body, times wrapped after their first word.
GAZETTE_PLAN = (
    "CHÍNH PHỦ\nSố: 116/NQ-CP\nCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nĐộc lập - Tự do - Hạnh phúc\n"
    "Hà Nội, ngày 29 tháng 4 năm 2026\nNGHỊ QUYẾT\nVề Kế hoạch thực hiện Kết luận số 213-KL/TW\nQUYẾT NGHỊ:\n"
    "II. NHIỆM VỤ VÀ GIẢI PHÁP TRỌNG TÂM\n1. Hoàn thiện thể chế\na) Rà soát, thể chế hóa các chủ trương của Đảng.\n"
    "III. TỔ CHỨC THỰC HIỆN\n1. Bộ Nông nghiệp và Môi trường chủ trì theo dõi, định kỳ hằng năm báo cáo Chính phủ, "
    "Thủ tướng Chính phủ và đề xuất các biện pháp cần thiết.\n"
    "2. Đối với những nhiệm vụ đã có văn bản chỉ đạo của Chính phủ, Thủ tướng Chính phủ, không cần phải xây dựng "
    "thêm đề án.\n"
    "TM. CHÍNH PHỦ\nKT. THỦ TƯỚNG\nPHÓ THỦ TƯỚNG\nHồ Quốc Dũng\n"
    "Phụ lục\nNHIỆM VỤ TRỌNG TÂM\nTT\nNội dung, nhiệm vụ\nCơ quan chủ\ntrì thực hiện\nCơ quan\nphối hợp\nThời gian\n"
    "I\nHoàn thiện thể chế, chính sách\n"
    "1\nRà soát, thể chế hóa các chủ trương,\nđịnh hướng của Đảng.\nBộ NN&MT,\nBộ Quốc phòng\nCác bộ,\ncơ quan\nNăm\n2026 - 2027\n"
    "2\nHoàn thiện các quy định về xử lý\ntình huống khẩn cấp.\nBộ NN&MT\nBộ Tư pháp\nNăm 2026\nvà các năm\ntiếp theo\n"
    "II\nPhân công, phân cấp\n"
    "1\nXây dựng và diễn tập các kịch bản\nứng phó thiên tai.\nCác bộ, cơ quan,\nđịa phương\nHằng năm\n"
    "2\nTập huấn, phổ biến pháp luật.\nBộ Văn hóa, Thể thao và Du lịch\nThường\nxuyên, hằng\nnăm\n"
)


def test_a_gazette_plan_table_in_roman_groups() -> None:
    rows = [(t["ref"], t["assignees"], t["due"], t["recurrence"]) for t in parse_text(GAZETTE_PLAN)["tasks"]]
    assert rows == [
        ("III.1", ["Bộ Nông nghiệp và Môi trường"], None, "yearly"),
        ("Phụ lục I.1", ["Bộ NN&MT", "Bộ Quốc phòng"], "2027-12-31", None),
        ("Phụ lục I.2", ["Bộ NN&MT"], "2026-12-31", "yearly"),
        ("Phụ lục II.1", ["Các bộ, cơ quan, địa phương"], None, "yearly"),
        ("Phụ lục II.2", ["Bộ Văn hóa, Thể thao và Du lịch"], None, "yearly"),
    ]
    assert parse_text(GAZETTE_PLAN)["tasks"][0]["report_to"] == "Chính phủ, Thủ tướng Chính phủ"
