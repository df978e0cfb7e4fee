"""Documents as the official gazette (Công báo) prints them, read from the PDF's text layer
(issue #13, documents 52-56): a running head and page number on every page, the gazette's
digital-signature stamp in the middle of an article, the issuer printed twice, titles and
signature marks wrapped over lines, and appendix tables whose cells wrap. Each class on a
short document written for the test."""

from __future__ import annotations

from congminh.core.documents import parse_text
from congminh.core.documents.layout import split_lines

HEAD = "CÔNG BÁO/Số 215 + 216/Ngày 14-03-2026 \n"
MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM \nĐộc lập - Tự do - Hạnh phúc \n"
STAMP = (
    "Ký bởi: CÔNG BÁO NƯỚC CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM\nCơ quan: VĂN PHÒNG CHÍNH PHỦ\n"
    "Ngày ký: 2026-03-14 09:10:11 +07:00\n"
)

DECISION = (
    HEAD + "31 \n \n"
    "BỘ XÂY DỰNG \n \nBỘ XÂY DỰNG \n \n" + MOTTO + " \nSố: 412/QĐ-BXD \nHà Nội, ngày 02 tháng 3 năm 2026 \n \n"
    "QUYẾT ĐỊNH \nVề việc công bố danh mục thủ tục hành chính được sửa đổi  \n"
    "thực hiện Nghị định số 10/2026/NĐ-CP ngày 05 tháng 01 năm 2026  \nngày 05 tháng 01 năm 2026 của Chính phủ \n \n"
    "BỘ TRƯỞNG BỘ XÂY DỰNG \n \nQUYẾT ĐỊNH: \n"
    "Điều 1. Công bố kèm theo Quyết định này danh mục thủ tục hành chính được sửa đổi thuộc \n"
    + STAMP + "\n \n32 \n" + HEAD
    + "phạm vi quản lý của Bộ Xây dựng. \n"
    "Điều 2. Quyết định này có hiệu lực kể từ ngày ký. \n"
    "Điều 3. Chánh Văn phòng Bộ và Thủ trưởng các đơn vị có liên quan chịu trách nhiệm thi hành Quyết định này./. \n \n"
    "TM. BỘ XÂY DỰNG \nKT. BỘ TRƯỞNG \nTHỨ TRƯỞNG \n \nNguyễn Văn Sinh \n"
)


def test_gazette_heads_stamps_and_a_repeated_issuer_leave_the_document_as_issued() -> None:
    out = parse_text(DECISION)
    assert (out["issuer"], out["issuer_parent"]) == ("BỘ XÂY DỰNG", None)
    assert (out["number_symbol"], out["date"]) == ("412/QĐ-BXD", "2026-03-02")
    assert out["subject"] == (
        "Về việc công bố danh mục thủ tục hành chính được sửa đổi thực hiện Nghị định số 10/2026/NĐ-CP "
        "ngày 05 tháng 01 năm 2026 ngày 05 tháng 01 năm 2026 của Chính phủ"
    )
    assert out["signer"] == {"authority": "TM. BỘ XÂY DỰNG KT. BỘ TRƯỞNG", "title": "THỨ TRƯỞNG",
                             "name": "Nguyễn Văn Sinh"}
    assert [(t["ref"], t["assignees"]) for t in out["tasks"]] == [
        ("Điều 3", ["Chánh Văn phòng Bộ", "Thủ trưởng các đơn vị có liên quan"])
    ]


def test_the_stamp_and_the_page_head_are_dropped_and_the_article_reads_on() -> None:
    texts = [ln.text for ln in split_lines(DECISION) if not ln.blank]
    assert not any(t.startswith(("CÔNG BÁO/", "Ký bởi", "Cơ quan:", "Ngày ký", "31", "32")) for t in texts)
    k = texts.index("Điều 1. Công bố kèm theo Quyết định này danh mục thủ tục hành chính được sửa đổi thuộc")
    assert texts[k + 1] == "phạm vi quản lý của Bộ Xây dựng."


def test_a_title_over_the_name_with_a_stray_bracket_is_the_signer() -> None:
    text = (
        "THỦ TƯỚNG CHÍNH PHỦ \n" + MOTTO + "Số: 77/QĐ-TTg \nHà Nội, ngày 09 tháng 01 năm 2026 \n"
        "QUYẾT ĐỊNH \nVề việc thành lập Tổ công tác \n \nTHỦ TƯỚNG CHÍNH PHỦ \n \n"
        "Điều 1. Thành lập Tổ công tác. \n"
        "Điều 2. Các Bộ trưởng chịu trách nhiệm thi hành Quyết định này./. \n  \n \nTHỦ TƯỚNG \n[ \n \nLê Văn Hải \n \n"
    )
    assert parse_text(text)["signer"] == {"authority": None, "title": "THỦ TƯỚNG", "name": "Lê Văn Hải"}


def test_a_powers_article_gives_no_tasks() -> None:
    text = (
        "THỦ TƯỚNG CHÍNH PHỦ \n" + MOTTO + "Số: 78/QĐ-TTg \nHà Nội, ngày 09 tháng 01 năm 2026 \n"
        "QUYẾT ĐỊNH \nThành lập Ban Chỉ đạo \n \nTHỦ TƯỚNG CHÍNH PHỦ \n \n"
        "Điều 1. Thành lập Ban Chỉ đạo gồm các thành viên sau. \n"
        "Điều 2. Quyền hạn của Ban Chỉ đạo \n"
        "1. Yêu cầu các bộ, ngành, địa phương cung cấp thông tin phục vụ nhiệm vụ của Ban Chỉ đạo. \n"
        "2. Mời đại diện các cơ quan tham dự các cuộc họp. \n"
        "Điều 3. Các Bộ trưởng chịu trách nhiệm thi hành Quyết định này./. \n"
        "THỦ TƯỚNG \nLê Văn Hải \n"
    )
    assert [t["ref"] for t in parse_text(text)["tasks"]] == ["Điều 3"]


RESOLUTION = (
    "CHÍNH PHỦ \n" + MOTTO + "Số: 55/NQ-CP \nHà Nội, ngày 10 tháng 3 năm 2026 \n"
    "NGHỊ QUYẾT \nVề thanh toán chi phí hỗ trợ học phí \n \nCHÍNH PHỦ \n \n"
    "QUYẾT NGHỊ: \n"
    "Điều 1. Chi phí hỗ trợ học phí năm học 2025 - 2026 được thanh toán từ ngân sách trung ương, trong đó: \n"
    "1. Đối với học sinh các trường công lập, giao Bộ Giáo dục và Đào tạo tổ chức thực hiện chi trả theo quy định. \n"
    "2. Đối với học sinh các trường tư thục, Bộ Tài chính khẩn trương cấp kinh phí theo quy định. \n"
    "3. Đối với các năm học trước, yêu cầu Bộ Tài chính, Bộ Giáo dục và Đào tạo hoàn thành quyết toán "
    "trước ngày 30 tháng 6 năm 2026. \n"
    "Điều 2. Tổ chức thực hiện \n"
    "1. Cơ sở giáo dục chịu trách nhiệm về tính chính xác của số liệu đề nghị thanh toán. \n"
    "2. Bộ Tài chính tổng hợp kết quả, báo cáo Chính phủ, Thủ tướng Chính phủ trước ngày 31 tháng 7 năm 2026. \n"
    "TM. CHÍNH PHỦ \nTHỦ TƯỚNG \nLê Văn Hải \n"
)


def test_charges_after_the_case_they_cover_and_service_providers() -> None:
    tasks = {t["ref"]: t for t in parse_text(RESOLUTION)["tasks"]}
    assert tasks["Điều 1.1"]["assignees"] == ["Bộ Giáo dục và Đào tạo"]
    assert tasks["Điều 1.2"]["assignees"] == ["Bộ Tài chính"]
    assert (tasks["Điều 1.3"]["assignees"], tasks["Điều 1.3"]["due"]) == (
        ["Bộ Tài chính", "Bộ Giáo dục và Đào tạo"], "2026-06-30")
    assert tasks["Điều 2.1"]["assignees"] == ["Cơ sở giáo dục"]
    assert tasks["Điều 2.2"]["report_to"] == "Chính phủ, Thủ tướng Chính phủ"


TABLE = (
    "CHÍNH PHỦ \n" + MOTTO + "Số: 60/NQ-CP \nHà Nội, ngày 20 tháng 3 năm 2026 \n"
    "NGHỊ QUYẾT \nBổ sung nhiệm vụ của Chương trình hành động \n \nCHÍNH PHỦ \n \n"
    "QUYẾT NGHỊ: \nĐiều 1. Ban hành kèm theo Nghị quyết này Phụ lục các nhiệm vụ bổ sung. \n"
    "Điều 2. Các Bộ trưởng chịu trách nhiệm thi hành Nghị quyết này. \n \n"
    "TM. CHÍNH PHỦ \nTHỦ TƯỚNG \n \nLê Văn Hải \n \n\n" + HEAD + "45\n \n"
    "Phụ lục \nDANH MỤC CÁC NHIỆM VỤ BỔ SUNG \n(Kèm theo Nghị quyết số 60/NQ-CP ngày 20 tháng 3 năm 2026) \n"
    "TT \nTên nhiệm vụ \nCơ quan  \nchủ trì  \nCơ quan  \nphối hợp  \nKết quả \nThời gian \nhoàn thành \n"
    "1  \nXây dựng cơ sở dữ liệu về \nhộ tịch điện tử \nCác bộ,          \ncơ quan ngang bộ  Bộ Tư pháp \n"
    "Báo cáo  \nhằng năm \n2026 và \nhằng năm \n"
    "2  Rà soát văn bản quy phạm pháp luật về \nthi hành án theo Nghị quyết của \nBộ Chính trị \n"
    "Bộ Tư pháp \nBộ Công an, \nBộ Tài chính \nĐề án trình Thủ tướng \nChính phủ \nTháng \n9/2026 \n"
    "\n" + HEAD + "46\n \n"
    "TT \nTên nhiệm vụ \nCơ quan  \nchủ trì  \nCơ quan  \nphối hợp  \nKết quả \nThời gian \nhoàn thành \n"
    "3  \nTổ chức hội nghị toàn quốc về \nthi hành pháp luật \nBộ Tư pháp \nCác bộ, \nngành, \nUBND tỉnh, \n"
    "thành phố \nHội nghị được tổ chức \nQuý III/2026 \n"
)


def test_an_appendix_table_whose_cells_wrap_gives_one_task_per_row() -> None:
    out = parse_text(TABLE)
    rows = [(t["ref"], t["assignees"], t["due"]) for t in out["tasks"] if t["ref"].startswith("Phụ lục")]
    assert rows == [
        ("Phụ lục 1", ["Các bộ, cơ quan ngang bộ"], "2026-12-31"),
        ("Phụ lục 2", ["Bộ Tư pháp"], "2026-09-30"),
        ("Phụ lục 3", ["Bộ Tư pháp"], "2026-09-30"),
    ]
    second = next(t for t in out["tasks"] if t["ref"] == "Phụ lục 2")
    assert second["text"] == "Rà soát văn bản quy phạm pháp luật về thi hành án theo Nghị quyết của Bộ Chính trị"
    assert second["co_assignees"] == ["Bộ Công an", "Bộ Tài chính"]
    assert out["signer"] == {"authority": "TM. CHÍNH PHỦ", "title": "THỦ TƯỚNG", "name": "Lê Văn Hải"}
    assert [t["ref"] for t in out["tasks"] if not t["ref"].startswith("Phụ lục")] == ["Điều 2"]
