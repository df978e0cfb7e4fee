"""Vietnamese-looking synthetic people, offences and disputes for the demo province.

Names are drawn from common family, middle and given names; none is a real person's
record. Offences carry the BLHS article and the category their usual penalty frame gives.
"""

from __future__ import annotations

import random

FAMILY = (
    ("Nguyễn", 38), ("Trần", 11), ("Lê", 9), ("Phạm", 7), ("Huỳnh", 4), ("Hoàng", 3),
    ("Phan", 4), ("Võ", 4), ("Vũ", 2), ("Đặng", 2), ("Bùi", 2), ("Đỗ", 2), ("Hồ", 2),
    ("Ngô", 2), ("Dương", 1), ("Lý", 1), ("Đinh", 1), ("Trương", 1), ("Đoàn", 1), ("Mai", 1),
)
MIDDLE_MALE = ("Văn", "Hữu", "Đức", "Minh", "Quốc", "Thanh", "Công", "Xuân", "Ngọc", "Trọng")
MIDDLE_FEMALE = ("Thị", "Thị", "Thị", "Ngọc", "Thu", "Thanh", "Minh", "Kim", "Mỹ", "Hồng")
GIVEN_MALE = (
    "An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Huy", "Khánh", "Long", "Nam", "Phong",
    "Phúc", "Quang", "Sơn", "Tài", "Thắng", "Thành", "Toàn", "Trung", "Tuấn", "Việt", "Vinh",
)
GIVEN_FEMALE = (
    "Anh", "Chi", "Dung", "Giang", "Hà", "Hạnh", "Hằng", "Hoa", "Hương", "Lan", "Linh",
    "Mai", "Nga", "Ngân", "Nhung", "Oanh", "Phương", "Quyên", "Thảo", "Trang", "Vân", "Yến",
)
# (offence, BLHS article, category)
OFFENCES = (
    ("Trộm cắp tài sản", 173, "less_serious", 14),
    ("Đánh bạc", 321, "less_serious", 8),
    ("Cố ý gây thương tích", 134, "less_serious", 7),
    ("Tổ chức sử dụng trái phép chất ma túy", 255, "serious", 3),
    ("Lừa đảo chiếm đoạt tài sản", 174, "serious", 9),
    ("Tàng trữ trái phép chất ma túy", 249, "serious", 9),
    ("Vi phạm quy định về tham gia giao thông đường bộ", 260, "serious", 8),
    ("Cố ý gây thương tích (khoản 3)", 134, "serious", 4),
    ("Cướp giật tài sản", 171, "serious", 3),
    ("Cướp tài sản", 168, "very_serious", 4),
    ("Mua bán trái phép chất ma túy", 251, "very_serious", 6),
    ("Hiếp dâm người dưới 16 tuổi", 142, "very_serious", 2),
    ("Lạm dụng tín nhiệm chiếm đoạt tài sản (khoản 3)", 175, "very_serious", 3),
    ("Giết người", 123, "especially_serious", 3),
    ("Tham ô tài sản", 353, "especially_serious", 2),
    ("Lừa đảo chiếm đoạt tài sản (khoản 4)", 174, "especially_serious", 2),
    ("Mua bán trái phép chất ma túy (khoản 4)", 251, "especially_serious", 2),
)
CIVIL_FAMILY = (
    "Ly hôn", "Tranh chấp hợp đồng vay tài sản", "Tranh chấp quyền sử dụng đất",
    "Tranh chấp thừa kế tài sản", "Tranh chấp hợp đồng chuyển nhượng quyền sử dụng đất",
    "Yêu cầu bồi thường thiệt hại ngoài hợp đồng", "Tranh chấp nuôi con sau ly hôn",
)
BUSINESS_LABOUR = (
    "Tranh chấp hợp đồng mua bán hàng hóa", "Tranh chấp hợp đồng tín dụng",
    "Tranh chấp hợp đồng xây dựng", "Tranh chấp về đơn phương chấm dứt hợp đồng lao động",
    "Tranh chấp về tiền lương, bảo hiểm xã hội",
)
ADMINISTRATIVE = (
    "Khiếu kiện quyết định thu hồi đất", "Khiếu kiện quyết định bồi thường, hỗ trợ, tái định cư",
    "Khiếu kiện quyết định cấp giấy chứng nhận quyền sử dụng đất",
    "Khiếu kiện quyết định xử phạt vi phạm hành chính", "Khiếu kiện hành vi hành chính",
)
COMPANIES = ("Công ty TNHH", "Công ty cổ phần", "Ngân hàng TMCP", "Hợp tác xã")
COMPANY_WORDS = ("Hoàng Long", "Phú Tài", "Quy Nhơn Xanh", "Tây Nguyên", "Đại Phát", "Minh Khang",
                 "An Phú", "Sông Côn", "Pleiku Việt", "Nam Trung Bộ")


def person(rng: random.Random) -> str:
    family = rng.choices([f for f, _ in FAMILY], weights=[w for _, w in FAMILY])[0]
    if rng.random() < 0.5:
        return f"{family} {rng.choice(MIDDLE_MALE)} {rng.choice(GIVEN_MALE)}"
    return f"{family} {rng.choice(MIDDLE_FEMALE)} {rng.choice(GIVEN_FEMALE)}"


def company(rng: random.Random) -> str:
    return f"{rng.choice(COMPANIES)} {rng.choice(COMPANY_WORDS)}"


def offence(rng: random.Random, category: str) -> tuple[str, int]:
    rows = [o for o in OFFENCES if o[2] == category]
    name, article, _cat, _w = rng.choices(rows, weights=[o[3] for o in rows])[0]
    return name, article
