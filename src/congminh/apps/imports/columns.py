"""The import template: one row per event, the case's columns repeated on each row.
TEMPLATE.md documents every column; `HEADINGS` is the order the template writes."""

from __future__ import annotations

from congminh.core import case_events
from congminh.core.statuses import FLAG_LABELS
from congminh.core.text import fold

HOLDER = "Cơ quan thụ lý (mã)"
NUMBER = "Số vụ án/vụ việc"
PROCEDURE = "Loại án"
CATEGORY = "Phân loại tội phạm / loại vụ việc"
TITLE = "Tên vụ án / trích yếu"
PARTIES = "Đương sự, bị can"
EVENT = "Sự kiện"
DATE = "Ngày"
MONTHS = "Số tháng"
DAYS = "Số ngày"
GROUND = "Căn cứ / lý do"
RETURNED_BY = "Cơ quan trả hồ sơ"
DOCUMENT = "Văn bản"
OTHER_NUMBERS = "Số vụ án tại cơ quan khác"
# Event details the law engine needs (added after the first template: a file without
# these columns still imports, its cells read as empty).
ABLE = "Có điều kiện thi hành"
COURT = "Cấp xét xử phúc thẩm"
PERSON = "Người liên quan"
REF = "Số yêu cầu / quyết định trưng cầu"
DETAILS = "Chi tiết khác"
# Supervision flags of the case and why they are set (the third template).
FLAGS = "Đánh dấu giám sát"
FLAG_REASON = "Lý do đánh dấu"

HEADINGS = (
    HOLDER, NUMBER, PROCEDURE, CATEGORY, TITLE, PARTIES, EVENT, DATE, MONTHS, DAYS,
    GROUND, RETURNED_BY, DOCUMENT, OTHER_NUMBERS, ABLE, COURT, PERSON, REF, DETAILS,
    FLAGS, FLAG_REASON,
)
REQUIRED = (HOLDER, NUMBER, PROCEDURE, TITLE, EVENT, DATE)
ERROR_HEADING = "Lỗi"

# The event field each detail column holds; other fields go to «Chi tiết khác».
FIELD_COLUMNS = {
    "months": MONTHS, "days": DAYS, "ground": GROUND, "reason": GROUND, "by": RETURNED_BY,
    "able": ABLE, "court": COURT, "person": PERSON, "ref": REF,
}
# How «Chi tiết khác» values are typed (besides the engine's choices of an event).


def _words(mapping: dict[str, tuple[str, ...]]) -> dict[str, str]:
    """Folded word -> code, so "hình sự", "hinh su" and "criminal" all match."""
    return {fold(word): code for code, words in mapping.items() for word in (code, *words)}


PROCEDURES = _words({
    "criminal": ("hình sự", "HS"),
    "civil": ("dân sự", "DS"),
    "administrative": ("hành chính", "HC"),
    "enforcement": ("thi hành án", "thi hành án dân sự", "THA", "THADS"),
})
CATEGORIES = _words({
    "less_serious": ("ít nghiêm trọng",),
    "serious": ("nghiêm trọng",),
    "very_serious": ("rất nghiêm trọng",),
    "especially_serious": ("đặc biệt nghiêm trọng",),
})
CASE_KINDS = _words({
    "civil_family": ("dân sự, hôn nhân gia đình", "dân sự", "hôn nhân gia đình", "hôn nhân và gia đình"),
    "business_labour": ("kinh doanh, thương mại, lao động", "kinh doanh thương mại", "lao động"),
    "ordinary": ("thông thường",),
    "short": ("thời hạn 2 tháng", "rút gọn"),
})
PARTY_ROLES = _words({
    "suspect": ("bị can",),
    "accused": ("bị cáo",),
    "defendant": ("người bị kiện",),
    "victim": ("bị hại", "người bị hại"),
    "plaintiff": ("nguyên đơn", "người khởi kiện"),
    "respondent": ("bị đơn",),
    "related": ("người có quyền lợi, nghĩa vụ liên quan", "người liên quan"),
    "creditor": ("người được thi hành án",),
    "debtor": ("người phải thi hành án",),
})
RETURNED_BY_WORDS = _words({
    "procuracy": ("viện kiểm sát", "VKS", "VKSND"),
    "court": ("tòa án", "TA", "TAND"),
})
COURTS = _words({
    "provincial": ("tỉnh", "cấp tỉnh", "Tòa án tỉnh", "TAND tỉnh", "Tòa án nhân dân tỉnh"),
    "supreme_appellate": ("Tòa Phúc thẩm TANDTC", "Tòa phúc thẩm Tòa án nhân dân tối cao",
                          "Tòa phúc thẩm", "TANDTC", "TPT"),
})
# The supervision flags (`accounts.scope.SUPERVISION_FLAGS`), by their labels
# (`core.statuses.FLAG_LABELS`) and shorter words; several are separated by «;».
SUPERVISION_FLAG_WORDS = _words({
    "public_concern": (FLAG_LABELS["public_concern"], "dư luận xã hội đặc biệt quan tâm",
                       "dư luận quan tâm", "dư luận"),
    "wrongful_conviction_signs": (FLAG_LABELS["wrongful_conviction_signs"], "dấu hiệu oan, sai",
                                  "dấu hiệu oan sai", "oan, sai", "oan sai"),
    "missed_crime_signs": (FLAG_LABELS["missed_crime_signs"], "dấu hiệu bỏ lọt tội phạm",
                           "bỏ lọt tội phạm", "bỏ lọt"),
})
# Yes / no cells: the same words as the case page's details.
YES_NO = case_events.YES_NO
