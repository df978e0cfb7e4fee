"""Who a sentence gives a duty to: the body named at its start, as the text names it."""

from __future__ import annotations

import re
from dataclasses import dataclass

from rapidfuzz import fuzz

from .textutil import fold, squash

# Words that open the name of a body or office (on diacritic-folded, case-kept text).
# Look-aheads keep verbs that fold to the same letters out: "Ban hành", "Bố trí", "Sơ kết".
_HEADS = (
    r"Ban(?! hanh)|Bo(?! tri| sung)|So(?! ket)|Cuc|Vu(?! viec)|Vien|Toa an|Cong an|Van phong|Uy ban|UBND|HDND|UBMTTQ|"
    r"Hoi dong|Dang uy|Dang doan|Thu truong|Chu tich|Giam doc|Chanh|Cuc truong|Vu truong|"
    r"Nguoi dung dau|Trung tam|Kho bac|Chi cuc|Huyen uy|Tinh uy|Thanh uy|Quan uy|Thi uy|Dang bo|"
    r"Chi bo|Bo truong|Vien truong|Truong ban|Thuong truc|Cap uy|Mat tran|Tong [Cc]uc|Lien doan|Ngan hang|"
    r"Nganh(?= [A-Z])|Truong(?= cac| [A-Z])|Kiem toan|Bao hiem xa hoi|Cong chuc|Thanh tra|"
    # The central bodies a law or a resolution charges, and the people's organisations, named
    # ("Cơ quan Cảnh sát điều tra", "Hội Luật gia"); "cơ quan hải quan" is a kind of body, a rule's subject.
    r"Chinh phu|Quoc hoi|Thu tuong|Co quan(?= [A-Z])|Doan(?= [A-Z]| dai bieu)|Hoi(?= [A-Z])|"
    # Service providers a rule charges: "Cơ sở khám bệnh, chữa bệnh" (not "Cơ sở dữ liệu").
    r"Co so(?= kham benh| giao duc| y te| tro giup| cai nghien)|"
    # A procuracy's or court's own departments: "Phòng 1", "Phòng Tổ chức cán bộ" (not "Phòng, chống").
    r"Phong(?= \d| [A-Z])"
)
_LOWER_HEADS = (
    r"cap uy|huyen uy|thi uy|thanh uy|dang doan|dang uy|ban can su|co quan|so|ban|don vi|dia phuong|to chuc|"
    r"chi bo|dang bo|thu truong|nguoi dung dau|Bo|So|Ban|Dang uy|Uy ban|UBND|Cuc|Vu|"
    # "các bộ, cơ quan ngang bộ", "các bộ, ngành" (not "các bộ phận", "các bộ hồ sơ")
    r"bo(?=,| nganh| co lien quan| lien quan| va co quan)|"
    # A court's or a police's own divisions: "Các Tòa chuyên trách", "các Phòng nghiệp vụ" (not "các phòng, chống")
    r"[Tt]oa(?= chuyen trach| phuc tham| chuyen)|[Pp]hong(?= [A-Za-z])"
)
# An assignee phrase starts with a head word, or "Các"/"các" and a plural body noun.
BODY_START_RE = re.compile(rf"^(?:(?:{_HEADS})\b|[Cc]ac\s+(?:{_LOWER_HEADS})\b)")
# Where the name stops: the first verb of the duty (lower case; names are capitalised).
VERB_RE = re.compile(
    r"\b(?:tang cuong|chi dao|chu tri|phoi hop|(?<!cac )to chuc(?! (?:dang|Dang|chinh tri|va|xa hoi|doan|co lien quan|thanh vien|giam dinh|hanh nghe)\b|,)|trien khai|"
    r"thuc hien|lanh dao|bo tri|xay dung(?! dang)|tham muu(?!, giup viec)|theo doi|ra soat|"
    r"hoan thien|hoan thanh|nghien cuu|khan truong|chu dong|thong nhat|lam viec|ban hanh|kiem tra|"
    r"can cu|tiep tuc|day manh|quan triet|huong dan|giam sat|don doc|xem xet|bao cao|quan tam|"
    r"nang cao|cung cap|tap trung|thuong xuyen|dinh ky|nghiem tuc|co van ban|tiep nhan|de xuat|"
    r"(?<!co quan )tuyen truyen|ap dung|trinh|xin|giai quyet|huy dong|can (?!bo\b|su\b)(?=[a-z])|cu (?:mot|can bo|dai dien|lanh dao)|"
    r"co ke hoach|(?<!o quan )quan ly(?= [a-z])|tu (?:Trung uong|tinh|huyen)\b|theo chuc nang|"
    r"quyet dinh(?! so)|tong hop|tong ket|so ket|bao dam|dam bao|xu ly|xet xu|cap nhat|tham dinh|khac phuc|thong bao|ra (?:quyet dinh|van ban)|"
    r"lap(?= (?i:danh sach|bao cao|ke hoach|ho so|du toan|phuong an|de an|bien ban|quy hoach))|"
    r"trong pham vi|theo tham quyen|tham gia|xac minh|phai|quy dinh|(?<![Tt]ro )giup(?! viec)|la(?= co quan| don vi| dau moi)|duoc giao|"
    # "Viện kiểm sát nhân dân khu vực 1 kiểm sát việc tạm giữ": the verb, not the procuracy's name.
    r"(?<![Vv]ien )kiem sat(?! nhan dan| vien| quan su))\b"
)
RESPONSIBLE_RE = re.compile(r"\b(?:(?:co|chiu) trach nhiem|co nhiem vu)\b")
# A duty opening with a capital after the whole name: a heading line joined to its content
# ("3. Bộ Nội vụ Thẩm định việc …", "4. Ủy ban nhân dân tỉnh nơi có kho Bảo đảm các điều kiện …"),
# as text copied from a website often is. Only a verb followed by a lower-case word, and only
# once a name is complete: "Ủy ban Kiểm tra Tỉnh ủy", "Tổng cục Quản lý đất đai" keep theirs.
CAP_VERB_RE = re.compile(
    r"(?<= )(?:Tham dinh|Bao dam|Dam bao|Chu tri|Phoi hop|Huong dan|Trien khai|Thuc hien|To chuc|Xay dung|"
    r"Ban hanh|Bo tri|Kiem tra|Chi dao|Theo doi|Trinh|Bao cao|Tong hop|Ra soat|Nghien cuu|Tiep nhan|Quan ly|"
    r"Cung cap|Giai quyet|Phe duyet|De xuat|Tham muu|Hoan thien|Giam sat|Xu ly|Cong bo|Tuyen truyen|Can cu|"
    r"Co trach nhiem|Chiu trach nhiem|Thong nhat|Lap|Cap)(?= [a-z])"
)
# A name that ends in a head word is not complete: what follows is still the name ("Ủy ban" /
# "Kiểm tra Tỉnh ủy", "(Tổng cục" / "Quản lý đất đai)", "Văn phòng Ban" / "Tổ chức …").
HEAD_END_RE = re.compile(
    r"(?:^|[\s(])(?:Ban|Bo|So|Cuc|Vu|Vien|Phong|Uy ban|Tong [Cc]uc|Chi [Cc]uc|Van phong|Trung tam|Kho bac|"
    r"Ngan hang|Hoi dong|Co quan|Dang uy|Hoi|Doan|Doi|Cong ty|Quy|Nganh|Truong|Thanh tra)$"
)
# "Giao", "Đề nghị", "Hằng năm," before the name.
LEAD_WORDS_RE = re.compile(
    r"^(?:(?:[^.;:]{0,200},\s+)?" + r"(?:Thu tuong Chinh phu|Pho Thu tuong[^,.;:]{0,30}?|Chu tich [^,.;:]{0,40}?|"
    r"Bo (?:truong )?[A-Z][^,.;:]{0,40}?|Ban Thuong vu[^,.;:]{0,30}?|Thuong truc [^,.;:]{0,30}?|"
    r"(?:UBND|Uy ban nhan dan) [^,.;:]{0,30}?|Van phong [^,.;:]{0,30}?|"
    # The judicial bodies and Party committees in their own voice: "Viện kiểm sát nhân dân tỉnh
    # yêu cầu …", "Cục Thi hành án dân sự tỉnh đề nghị …", "Tỉnh ủy giao …".
    r"(?:Vien kiem sat|Toa an|Cuc|Chi cuc|So|Tinh uy|Thanh uy|Huyen uy|Dang uy|Ban Noi chinh|Ban Chi dao|Cong an|Quoc hoi|Chinh phu|"
    # … or their heads: "Chánh án Tòa án nhân dân tối cao yêu cầu …", "Giám đốc Sở Tư pháp đề nghị …".
    r"Chanh an|Vien truong|Giam doc|Cuc truong|Tong cuc truong|Truong ban|Bi thu)"
    r"\b[^,.;:]{0,60}?)\s+(?:giao cho|giao|yeu cau|de nghi)\s+"
    r"|Giao cho|Giao|De nghi|Yeu cau|(?:(?i:dinh ky|hang (?:nam|quy|thang)|truoc (?:ngay|thang|quy|nam|tet)|cham nhat"
    # A time before the body: "Trong quý I/2027, Sở Tư pháp …", "Đến hết năm 2026, …", "Trong thời hạn
    # 06 tháng kể từ ngày …, Chính phủ …", "Kể từ ngày …, trong thời hạn 30 ngày, Bộ …".
    r"|trong (?:thang|quy|nam|(?:0?6|sau) thang|thoi han|vong)|den het|(?:ke|tinh) tu|sau khi)[^,.;:]{0,80},\s*){1,2})\s*"
)
# A clause that opens on its case and names the body after it: "Đối với các chi phí …, giao Bảo
# hiểm xã hội Việt Nam tổ chức …", "Đối với dự án …, thì Bộ Quốc phòng thực hiện …" (folded).
CONDITION_LEAD_RE = re.compile(
    rf"^Doi voi [^.;:]{{0,240}}?(?:,\s+(?:thi\s+)?|\s+thi\s+)(?:(?:giao|yeu cau|de nghi)\s+(?:cho\s+)?)?"
    rf"(?=(?:{_HEADS})\b|[Cc]ac\s+(?:{_LOWER_HEADS})\b)"
)
# "Thủ tướng Chính phủ giao …", "Bộ Tài chính yêu cầu …": the issuer's own voice, naming
# the body it charges; such a sentence outside the numbered points is a task of its own.
# Not "Công chức được giao thụ lý hồ sơ …": the subject of a rule.
ISSUER_VOICE_RE = re.compile(r"^(?:[^.;:]{0,200},\s+)?[A-Z][^,.;:]{0,60}?(?<!duoc)\s(?:giao cho|giao|yeu cau|de nghi)\s+")
# Splits inside a phrase: "; ", ", Cục trưởng ...", " và Thủ trưởng ..."
_CAP_HEADS = (
    r"Ban|Bo|So|Cuc|Vu|Vien|Toa an|Cong an|Van phong|Uy ban|UBND|HDND|Hoi dong|Dang uy|Dang doan|"
    r"Thu truong|Chu tich|Giam doc|Chanh|Cuc truong|Vu truong|Trung tam|Chi cuc|Huyen uy|Tinh uy|"
    r"Thanh uy|Bo truong|Vien truong|Truong ban|Ngan hang|Tong [Cc]uc|Lien doan|Thanh tra|"
    r"Chinh phu|Quoc hoi|Thu tuong|Co quan|Doan|Hoi|Mat tran|Kiem toan|Kho bac|Bao hiem xa hoi|Nguoi dung dau|Thuong truc|"
    r"Tong Giam doc"
)
SPLIT_RE = re.compile(rf"\s*;\s*|,\s+(?=(?:{_CAP_HEADS})\b)|\s+va\s+(?=(?:{_CAP_HEADS})\b)")
# "(Giao Công an tỉnh chủ trì, ...)" inside a point; "Về …: Giao Sở Tư pháp chủ trì …".
GIAO_RE = re.compile(
    r"(?:\(\s*|:\s*|(?<=[.;])\s+)Giao\s+(?P<body>[^()]+?)\s+(?:chu tri|tham muu|thuc hien|theo doi|phoi hop)\b"
)
MAX_PHRASE = 260
# The bodies an execution clause lists before "chịu trách nhiệm thi hành …" may run longer.
MAX_LIST_PHRASE = 420
# "Các Bộ, cơ quan ngang Bộ, trong phạm vi nhiệm vụ, quyền hạn của mình, có trách nhiệm": the scope is not the name.
SCOPE_RE = re.compile(r",?\s+(?:trong phạm vi|theo thẩm quyền|theo chức năng)\b")
# Heads that are verbs when they stand alone.
VERB_LIKE_HEADS = {"Thanh tra", "Kiem toan", "Co quan"}


# One office serving several bodies is one name: "Văn phòng HĐND và UBND xã", "Văn phòng Đoàn
# ĐBQH, HĐND và UBND tỉnh" (folded).
# Since 2025 also "Văn phòng Đoàn ĐBQH và HĐND tỉnh".
JOINT_OFFICE_RE = re.compile(
    r"\bVan phong (?:Doan (?:DBQH|dai bieu Quoc hoi),?\s+)?(?:HDND|Hoi dong nhan dan)\s*(?:,|va)\s+(?:UBND|Uy ban nhan dan)"
    r"|\bVan phong Doan (?:DBQH|dai bieu Quoc hoi)\s*(?:,|va)\s+(?:HDND|Hoi dong nhan dan)"
)


def split_assignees(phrase: str) -> list[str]:
    """Split "A; B, Cục trưởng C và Thủ trưởng D" at body boundaries (folded positions)."""
    # Never split inside brackets: "Các Bộ khác (Bộ Xây dựng, Bộ Thủy lợi ...)".
    folded = re.sub(r"\([^()]*\)", lambda m: "_" * len(m.group(0)), fold(phrase, lower=False))
    folded = JOINT_OFFICE_RE.sub(lambda m: "_" * len(m.group(0)), folded)
    parts: list[str] = []
    last = 0
    for m in SPLIT_RE.finditer(folded):
        parts.append(phrase[last : m.start()])
        last = m.end()
    parts.append(phrase[last:])
    return [p for p in (squash(x).strip(" ,;:.") for x in parts) if p]


# Heads that fold to the spelling of other words: "Số lượng", "Bản mô tả", "Bổ sung", "Vũ".
_SPELLED_HEADS = {"so": "sở", "bo": "bộ", "ban": "ban", "vu": "vụ", "cuc": "cục", "hoi": "hội", "doan": "đoàn"}


def _head_spelled_as_body(text: str) -> bool:
    first = text.split(" ", 1)[0].lower()
    want = _SPELLED_HEADS.get(fold(first))
    return want is None or first == want or first == want.replace("ộ", "ô")  # "Bô" in some OCR


def subject_phrase(sentence: str) -> tuple[str, str] | None:
    """The body named at the start of `sentence` and what follows the name.

    >>> subject_phrase("Viện Kiểm sát nhân dân tỉnh tăng cường hơn nữa công tác")[0]
    'Viện Kiểm sát nhân dân tỉnh'
    >>> subject_phrase("Tổ chức rà soát toàn bộ các dự án") is None
    True
    """
    sentence = squash(sentence)
    folded = fold(sentence[: MAX_LIST_PHRASE + 40], lower=False)  # only the opening words matter
    lead = LEAD_WORDS_RE.match(folded) or CONDITION_LEAD_RE.match(folded)
    offset = lead.end() if lead else 0
    rest = folded[offset:]
    if not BODY_START_RE.match(rest) or not _head_spelled_as_body(sentence[offset:]):
        return None
    window = rest[:MAX_PHRASE]
    # "… có trách nhiệm" ends the name even past verbs inside it ("Cục Bản đồ Tổng tham mưu").
    stop_m = (RESPONSIBLE_RE.search(window) or VERB_RE.search(window)
              or RESPONSIBLE_RE.search(rest[:MAX_LIST_PHRASE], MAX_PHRASE - 20))
    colon = window.find(":")
    capital = next((m.start() - 1 for m in CAP_VERB_RE.finditer(window)
                    if not HEAD_END_RE.search(before := window[: m.start() - 1])
                    and before.count("(") <= before.count(")")), None)
    stops = [x for x in (stop_m.start() if stop_m else None, colon if colon >= 0 else None, capital) if x]
    if stops:
        end = min(stops)
    elif len(rest) <= 160 and "." not in rest:
        end = len(rest)  # a heading that only names the bodies: "1. Công an tỉnh"
    else:
        return None
    phrase = SCOPE_RE.split(sentence[offset : offset + end], maxsplit=1)[0].strip(" ,;:")
    if fold(phrase, lower=False) in VERB_LIKE_HEADS:
        return None  # "Thanh tra, kiểm tra, xử lý vi phạm …": the verb, not the inspectorate
    if re.search(r"\s(?:đã|đang)(?:\s|$)", f" {phrase} ") or re.search(r",\s*không$", phrase):
        # "Bộ Tài chính đã ...": a report of what was done, not a duty; "… của Chính phủ, Thủ tướng
        # Chính phủ, không cần phải …": the bodies of a condition, not charged
        return None
    return phrase, sentence[offset + end :]


# "Về …: Giao X chỉ đạo …": the charge after a topic's colon, its body ended by any duty verb;
# "Về …: Đề nghị X tập trung …", "Về …: Yêu cầu X …" at a point's start too.
# "Về kinh phí: Sở Tài chính tham mưu …": the body named right after the topic's colon.
GIAO_AFTER_RE = re.compile(
    r"(?:\(\s*|:\s*|(?<=[.;])\s+)Giao\s+(?=[A-Z])|^\s*Ve [^:]{1,200}:\s*(?:(?:De nghi|Yeu cau)\s+)?(?=[A-Z])"
)
# What a body has done or is, not what it must do: "Về kết quả: Sở Tư pháp đã hoàn thành …" (folded).
DONE_RE = re.compile(r"^\s*,?\s*(?:da|dang|chua|van|con|la|duoc)\b")


def giao_phrase(text: str) -> str | None:
    if "Giao" not in text and not text.lstrip().startswith("Về"):
        return None
    text = squash(text)
    folded = fold(text, lower=False)
    if m := GIAO_RE.search(folded):
        return text[m.start("body") : m.end("body")]
    for m in GIAO_AFTER_RE.finditer(folded):
        if (subject := subject_phrase(text[m.end() :])) and subject[1].strip() and not DONE_RE.match(fold(subject[1])):
            return subject[0]
    return None


# ---------------------------------------------------------------------------
# Resolving a name as the text writes it to a body of the registry (issue #13, item 2)


@dataclass(frozen=True)
class Body:
    """A registry entry as the resolver sees it (the app maps its organisations to these)."""

    key: str
    name: str
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Suggestion:
    key: str
    name: str
    score: int  # 100 only for an exact name or alias


# A title names its body: "Chánh Văn phòng UBND tỉnh" -> "Văn phòng UBND tỉnh",
# "Giám đốc Sở Tư pháp" -> "Sở Tư pháp", "Cục trưởng Cục X" -> "Cục X" (folded text).
TITLE_PREFIX_RE = re.compile(
    r"^(?:ong \(ba\)\s*:?\s*|cac ong \(ba\)\s*:?\s*)?(?:pho\s+)?(?:giam doc|chu tich|thu truong|chanh an|vien truong|"
    r"tong cuc truong|cuc truong|vu truong|bo truong|chu nhiem|nguoi dung dau|bi thu|truong|chanh)\s+"
)
_ABBREVIATIONS = {
    "ubnd": "uy ban nhan dan", "hdnd": "hoi dong nhan dan", "tand": "toa an nhan dan",
    "vksnd": "vien kiem sat nhan dan", "thads": "thi hanh an dan su", "ubmttq": "uy ban mat tran to quoc",
    "mttq": "mat tran to quoc", "mttqvn": "mat tran to quoc viet nam", "btv": "ban thuong vu",
    "csdt": "canh sat dieu tra", "cqcsdt": "co quan canh sat dieu tra", "bnc": "ban noi chinh",
}
# Words that never carry a match alone: levels, places, "Đảng", "nhân dân", connectives.
_GENERIC = {
    "tinh", "thanh", "pho", "huyen", "quan", "xa", "phuong", "cac", "va", "cua", "thuoc", "truc", "nhan", "dan",
    "viet", "nam", "dang", "uy", "co", "don", "vi", "lien", "tw", "trung", "uong", "cap", "khu", "vuc",
}
MIN_SUGGESTION = 50
PROVINCE_WIDE = 0.25  # a word in a quarter of the registry's names is a place or a level


def body_named_by(name: str) -> str:
    """The body a title names: "Chánh Văn phòng UBND tỉnh" -> "Văn phòng UBND tỉnh".

    >>> body_named_by("Giám đốc Sở Tư pháp")
    'Sở Tư pháp'
    >>> body_named_by("Chánh án Tòa án nhân dân tỉnh")
    'Tòa án nhân dân tỉnh'
    """
    name = squash(name)
    m = TITLE_PREFIX_RE.match(fold(name))
    if m and BODY_START_RE.match(fold(name[m.end() :], lower=False)):
        return name[m.end() :]
    return name


def _normalise(text: str) -> str:
    words = re.sub(r"[^\w\s]", " ", fold(text)).split()
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


class BodyIndex:
    """The registry's bodies, normalised once, with the words common to many names
    (the province's name, "tỉnh") found from the registry itself."""

    def __init__(self, bodies: list[Body]) -> None:
        self.bodies = bodies
        self.texts = [[_normalise(t) for t in (b.name, *b.aliases)] for b in bodies]
        counts: dict[str, int] = {}
        for texts in self.texts:
            for word in set(" ".join(texts).split()):
                counts[word] = counts.get(word, 0) + 1
        limit = max(2, PROVINCE_WIDE * len(bodies))
        self.generic = _GENERIC | {w for w, n in counts.items() if n >= limit}

    def _distinct(self, text: str) -> set[str]:
        return {w for w in text.split() if w not in self.generic}

    def _score(self, query: str, texts: list[str]) -> int:
        if query in texts:
            return 100
        best = 0
        for text in texts:
            q, t = self._distinct(query), self._distinct(text)
            if not q & t:
                continue  # only generic words in common: no match at all
            if q == t:
                best = max(best, 95)  # the same body but for the place ("Sở Tư pháp tỉnh")
                continue
            dice = 2 * len(q & t) / (len(q) + len(t))
            best = max(best, min(94, round(100 * (0.7 * dice + 0.3 * fuzz.token_sort_ratio(query, text) / 100))))
        return best

    def suggest(self, name: str, limit: int = 5) -> list[Suggestion]:
        """Bodies that `name` may mean, best first; a title is read as the body it names."""
        query = _normalise(body_named_by(name))
        scored = [(self._score(query, texts), body) for body, texts in zip(self.bodies, self.texts, strict=True)]
        ranked = sorted((s for s in scored if s[0] >= MIN_SUGGESTION), key=lambda s: (-s[0], s[1].name))
        return [Suggestion(b.key, b.name, score) for score, b in ranked[:limit]]


# ---------------------------------------------------------------------------
# "Giao Văn phòng chủ trì …": the bare office is the issuer's own office, as a clerk reads it.

_LEVELS = {
    "tinh": "tỉnh", "thanh pho": "thành phố", "huyen": "huyện", "quan": "quận", "thi xa": "thị xã", "xa": "xã",
    "phuong": "phường", "thi tran": "thị trấn", "toi cao": "tối cao", "dac khu": "đặc khu",
}
_PARTY_COMMITTEES = {"tinh": "Tỉnh ủy", "thanh": "Thành ủy", "huyen": "Huyện ủy", "quan": "Quận ủy", "thi": "Thị ủy"}
_LEVEL = r"(?P<level>thanh pho|thi xa|thi tran|toi cao|dac khu|tinh|huyen|quan|xa|phuong)\b"
# (pattern on the folded, lower-case issuer, the office's name or a function of the match)
_OFFICE_RULES: list[tuple[re.Pattern[str], str | None]] = [
    (re.compile(r"^dang uy\b"), "Văn phòng Đảng ủy"),
    (re.compile(r"^(?P<party>tinh|thanh|huyen|quan|thi) uy\b"), None),
    (re.compile(rf"^(?:uy ban nhan dan|ubnd) {_LEVEL}"), None),
    (re.compile(r"^(?:thu tuong|pho thu tuong|chinh phu)\b"), "Văn phòng Chính phủ"),
    (re.compile(r"^(?:quoc hoi|uy ban thuong vu quoc hoi)\b"), "Văn phòng Quốc hội"),
    (re.compile(rf"^(?P<court>toa an nhan dan|vien kiem sat nhan dan) {_LEVEL}"), None),
    (re.compile(r"^bo\b"), "Văn phòng Bộ"),
    (re.compile(r"^so\b"), "Văn phòng Sở"),
    (re.compile(r"^tong cuc\b"), "Văn phòng Tổng cục"),
    (re.compile(r"^cuc\b"), "Văn phòng Cục"),
]
# What stands before the body in a Party issuer: "BAN THƯỜNG VỤ TỈNH ỦY", "THƯỜNG TRỰC HUYỆN ỦY".
_PARTY_ORGAN_RE = re.compile(r"^(?:ban thuong vu|thuong truc|ban chap hanh(?: dang bo)?|dang bo)\s+")


def issuer_office(issuer: str | None, parent: str | None = None) -> str | None:
    """The office of the body that issues a document: the body a bare "Văn phòng" means in it.

    >>> issuer_office("ỦY BAN NHÂN DÂN TỈNH GIA LAI")
    'Văn phòng UBND tỉnh'
    >>> issuer_office("BAN THƯỜNG VỤ TỈNH ỦY", "TỈNH ỦY LÀO CAI")
    'Văn phòng Tỉnh ủy'
    >>> issuer_office("ỦY BAN NHÂN DÂN XÃ TÂN HIỆP")
    'Văn phòng HĐND và UBND xã'
    """
    for name in (issuer, parent):
        if not name:
            continue
        folded = _PARTY_ORGAN_RE.sub("", fold(squash(name)))
        for pattern, office in _OFFICE_RULES:
            if not (m := pattern.match(folded)):
                continue
            if office:
                return office
            groups = m.groupdict()
            if groups.get("party"):
                return f"Văn phòng {_PARTY_COMMITTEES[groups['party']]}"
            level = _LEVELS[groups["level"]]
            if groups.get("court"):
                court = "Tòa án nhân dân" if groups["court"].startswith("toa") else "Viện kiểm sát nhân dân"
                return f"Văn phòng {court} {level}"
            if level in ("tỉnh", "thành phố"):
                return f"Văn phòng UBND {level}"
            return f"Văn phòng HĐND và UBND {level}"
    return None


def with_issuer_office(names: list[str], office: str | None) -> list[str]:
    """`names` with a bare "Văn phòng" read as `office` (left as written when the issuer has none)."""
    if not office:
        return names
    return [office if fold(squash(n)) == "van phong" else n for n in names]
