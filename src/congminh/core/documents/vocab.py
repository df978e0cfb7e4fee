"""Vocabulary of Vietnamese Party and State documents (legal-facts.md section 8)."""

from __future__ import annotations

# Type abbreviation -> canonical type name. Party and State share most codes; "TT" is
# Thông tri for the Party and Thông tư for the State, resolved by the caller.
TYPE_CODES: dict[str, str] = {
    "NQ": "Nghị quyết",
    "NĐ": "Nghị định",
    "QĐ": "Quyết định",
    "QĐi": "Quy định",
    "QyĐ": "Quy định",
    "CT": "Chỉ thị",
    "KL": "Kết luận",
    "QC": "Quy chế",
    "TT": "Thông tư",
    "TTLT": "Thông tư liên tịch",
    "HD": "Hướng dẫn",
    "TB": "Thông báo",
    "TC": "Thông cáo",
    "BC": "Báo cáo",
    "KH": "Kế hoạch",
    "QH": "Quy hoạch",
    "CTr": "Chương trình",
    "ĐA": "Đề án",
    "DA": "Dự án",
    "PA": "Phương án",
    "TTr": "Tờ trình",
    "CV": "Công văn",
    "BB": "Biên bản",
    "CĐ": "Công điện",
    "HĐ": "Hợp đồng",
    "GM": "Giấy mời",
}
PARTY_TYPE_OVERRIDES = {"TT": "Thông tri"}

# Type names as they appear in text, longest first so "Thông báo kết luận" wins over
# "Thông báo". Values are the canonical spelling used in output.
TYPE_WORDS: list[str] = sorted(
    [
        "Nghị quyết", "Nghị định", "Quyết định", "Quy định", "Chỉ thị", "Kết luận", "Quy chế",
        "Thông tư liên tịch", "Thông tư", "Thông tri", "Hướng dẫn", "Thông báo kết luận",
        "Thông báo", "Thông cáo", "Báo cáo", "Kế hoạch", "Quy hoạch", "Chương trình hành động",
        "Chương trình", "Đề án", "Dự án", "Phương án", "Tờ trình", "Công văn", "Văn bản",
        "Biên bản", "Công điện", "Luật", "Pháp lệnh",
    ],
    key=len,
    reverse=True,
)

# Document type headings (upper case) -> code, used for the document's own type line.
TYPE_HEADINGS: dict[str, str] = {
    "NGHỊ QUYẾT": "NQ", "QUYẾT ĐỊNH": "QĐ", "CHỈ THỊ": "CT", "KẾT LUẬN": "KL",
    "QUY CHẾ": "QC", "QUY ĐỊNH": "QĐi", "THÔNG TRI": "TT", "THÔNG TƯ": "TT", "THÔNG TƯ LIÊN TỊCH": "TTLT",
    "HƯỚNG DẪN": "HD", "THÔNG BÁO": "TB", "THÔNG CÁO": "TC", "BÁO CÁO": "BC",
    "KẾ HOẠCH": "KH", "QUY HOẠCH": "QH", "CHƯƠNG TRÌNH": "CTr", "ĐỀ ÁN": "ĐA",
    "TỜ TRÌNH": "TTr", "CÔNG VĂN": "CV", "BIÊN BẢN": "BB", "CÔNG ĐIỆN": "CĐ",
    "NGHỊ ĐỊNH": "NĐ", "PHƯƠNG ÁN": "PA", "GIẤY MỜI": "GM",
}

# Known signer titles; OCR-damaged titles are snapped to the nearest of these.
SIGNER_TITLES: list[str] = [
    "BÍ THƯ", "PHÓ BÍ THƯ", "PHÓ BÍ THƯ THƯỜNG TRỰC", "CHỦ TỊCH", "PHÓ CHỦ TỊCH",
    "PHÓ CHỦ TỊCH THƯỜNG TRỰC", "GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "BỘ TRƯỞNG", "THỨ TRƯỞNG",
    "CHỦ NHIỆM", "PHÓ CHỦ NHIỆM", "TRƯỞNG BAN", "PHÓ TRƯỞNG BAN", "CHÁNH VĂN PHÒNG",
    "PHÓ CHÁNH VĂN PHÒNG", "THỦ TƯỚNG", "PHÓ THỦ TƯỚNG", "VIỆN TRƯỞNG", "PHÓ VIỆN TRƯỞNG",
    "CHÁNH ÁN", "PHÓ CHÁNH ÁN", "CỤC TRƯỞNG", "PHÓ CỤC TRƯỞNG", "VỤ TRƯỞNG", "PHÓ VỤ TRƯỞNG",
    "CHÁNH THANH TRA", "PHÓ CHÁNH THANH TRA", "TỔNG CỤC TRƯỞNG", "PHÓ TỔNG CỤC TRƯỞNG", "TRƯỞNG PHÒNG",
    "PHÓ TRƯỞNG PHÒNG", "TỔNG GIÁM ĐỐC", "PHÓ TỔNG GIÁM ĐỐC",
]
