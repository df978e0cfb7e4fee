"""Documents copied from legal websites with their layout flattened.

Saved pages of thuvienphapluat.vn, vbpl.vn and the like run the header cells together
("PHỦ THỦ TƯỚNG ----- CỘNG HOÀ … Số: 299/TTg Hà Nội, ngày 10 tháng 11 năm 1980 CHỈ THỊ
VỀ … Ngày 24 tháng 6 …") and the signature block too ("- Lưu: VT. KT. BỘ TRƯỞNG THỨ
TRƯỞNG Đỗ Hoàng Anh Tuấn KẾ HOẠCH …"). `unflatten` puts each part back on its own line
so that the header and closing readers see the layout they expect; lines that already
have a layout (table cells, pdftotext columns) are left alone.

The page around the document may also carry the site's metadata ("Số hiệu:",
"Loại văn bản:", "Nơi ban hành:", "Người ký:", "Ngày ban hành:") and a title line
("Quyết định 435/QĐ-UBND năm 2020"); `page_metadata` reads them so that the parser can
fall back on them when the document's own header is missing.
"""

from __future__ import annotations

import re

from .dates import parse_date
from .textutil import fold, squash
from .vocab import TYPE_HEADINGS, TYPE_WORDS

HEADER_LINES = 8  # flattened headers take the first few lines of the page
CLOSING_LINES = 40

_UPPER = "A-ZĐÀ-Ỹ"
RULE_RE = re.compile(r"\s*[-–—_]{3,}\s*")
NATIONAL_RE = re.compile(r"\s+(?=(?:CỘNG HÒA|CỘNG HOÀ|ĐẢNG CỘNG SẢN VIỆT NAM)\b)")
MOTTO_END_RE = re.compile(r"(Hạnh phúc)\s+(?=\S)")
MOTTO_START_RE = re.compile(r"(?<=\S)\s+(?=Độc lập\s*[-–])")
# "Số:", and on laws and resolutions "Luật số:", "Nghị quyết số:".
NUMBER_LABEL = r"(?:Số|(?:Luật|Nghị quyết|Pháp lệnh|Lệnh) số)\s*:"
NUMBER_RE = re.compile(rf"(?<=\S)\s+(?={NUMBER_LABEL})")
SUBJECT_RE = re.compile(r"(?<=\S)\s+(?=V/[vV]\s)")
ADDRESSEE_RE = re.compile(r"(?<=\S)\s+(?=Kính gửi\s*:)")
# Words that open the body of a letter, after its addressees on the same line.
BODY_OPENER_RE = re.compile(
    r"(?<=\S)\s+(?=(?:Phúc đáp|Thực hiện|Căn cứ|Theo đề nghị|Tiếp theo|Trong thời gian|Thời gian qua|Hiện nay|"
    r"Sau khi|Triển khai|Nhằm|Vừa qua|Trên cơ sở|Ngày \d)\b)"
)
PLACE_DATE_RE = re.compile(
    rf"(?<![\w/-])[{_UPPER}]\w*(?:\s+[{_UPPER}]\w*){{0,3}}\s*,\s*ngày\s*\d{{0,2}}\s*tháng\s*\d{{0,2}}\s*năm\s*\d{{4}}"
)
# Who issues a decision, printed after its title: "… HUYỆN CHÂU THÀNH ỦY BAN NHÂN DÂN TỈNH TÂY NINH".
AUTHORITY_RE = re.compile(
    r"\b(?:HOI DONG BO TRUONG|HOI DONG CHINH PHU|CHU TICH|BO TRUONG|THU TUONG|UY BAN NHAN DAN|BAN THUONG VU|BAN CHAP HANH|HOI DONG NHAN DAN|"
    r"GIAM DOC|TONG CUC TRUONG|CUC TRUONG|CHANH AN|VIEN TRUONG|BAN CHI DAO|HOI DONG THAM PHAN)\b"
)
AUTHORITY_MAX_WORDS = 10
NOT_BEFORE_AUTHORITY = {"CUA", "VA", "GIUA", "VOI", "CHO", "TAI"}
TYPE_HEADING_RE = re.compile(
    r"^(?:" + "|".join(sorted(map(re.escape, TYPE_HEADINGS), key=len, reverse=True)) + r")(?=\s|$)"
)
RECIPIENTS_RE = re.compile(r"^\s*N[ơo]i nh[ậa]n\s*:", re.IGNORECASE)
SIGN_AUTHORITY_RE = re.compile(r"^(?:T/M|TM\.|KT\.|K/T|TL\.|T/L|TUQ\.|T/U|Q\.|T\.M\.|K\.T\.|T\.L\.)")


def _laid_out(line: str) -> bool:
    return "|" in line or "\t" in line or "   " in line.strip()


def _is_upper_word(word: str) -> bool:
    letters = [c for c in word if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _is_name_word(word: str) -> bool:
    return len(word) > 1 and word[0].isupper() and word[1:].isalpha() and word[1:].islower()


def _split_upper_run(line: str) -> list[str]:
    """"QUYẾT ĐỊNH VỀ … THU HỒI Căn cứ Luật …": the upper-case title, then the rest."""
    words = line.split(" ")
    k = 0
    while k < len(words) and (_is_upper_word(words[k]) or not any(c.isalpha() for c in words[k])):
        k += 1
    if k < 3 or k == len(words):
        return [line]
    return [" ".join(words[:k]), " ".join(words[k:])]


def _split_authority(title: str) -> list[str]:
    """Cut the issuing authority off the end of an upper-case title run."""
    folded = fold(title, lower=False)
    for m in AUTHORITY_RE.finditer(folded):
        before = folded[: m.start()].split()
        after = folded[m.start() :].split()
        # Not the signer's office after its mark: "KT. TỔNG CỤC TRƯỞNG PHÓ TỔNG CỤC TRƯỞNG …".
        if (before and len(after) <= AUTHORITY_MAX_WORDS and before[-1] not in NOT_BEFORE_AUTHORITY
                and not SIGN_AUTHORITY_RE.match(before[-1])):
            return [title[: m.start()].rstrip(), title[m.start() :]]
    return [title]


def _split_title(line: str) -> list[str]:
    m = TYPE_HEADING_RE.match(line)
    # ("THÔNG TƯ LIÊN TỊCH" alone on its line is one heading, not "THÔNG TƯ" and a title.)
    parts = [line[: m.end()], line[m.end() :].strip()] if m and line[m.end() :].strip() else [line]
    out: list[str] = parts[:-1]
    title, *rest = _split_upper_run(parts[-1])
    if len(title) > 30 and _is_upper_word(title.split(" ")[0]):
        out += _split_authority(title)
    else:
        out.append(title)
    return out + rest


# A parent body and its subordinate on one line: "BỘ TÀI CHÍNH TỔNG CỤC HẢI QUAN".
PARENT_CHILD_RE = re.compile(
    r"^(?P<parent>BỘ [^\n]+?|(?:ỦY|UỶ) BAN NHÂN DÂN (?:TỈNH|THÀNH PHỐ|HUYỆN|QUẬN|THỊ XÃ) [^\n]+?)\s+"
    r"(?=(?:TỔNG CỤC|CỤC|SỞ|VỤ|VĂN PHÒNG|CHI CỤC|TRUNG TÂM|THANH TRA|PHÒNG)\s)"
)


def _unflatten_header_line(line: str) -> list[str]:
    if m := PARENT_CHILD_RE.match(line):
        line = f"{m.group('parent')}\n{line[m.end():]}"
    text = RULE_RE.sub("\n", line)
    for pattern in (NATIONAL_RE, MOTTO_START_RE, NUMBER_RE, SUBJECT_RE, ADDRESSEE_RE):
        text = pattern.sub("\n", text)
    text = MOTTO_END_RE.sub("\\1\n", text)
    if m := PLACE_DATE_RE.search(text):
        text = f"{text[: m.start()].rstrip()}\n{m.group(0)}\n{text[m.end():].lstrip()}"
    out: list[str] = []
    for part in (p.strip() for p in text.split("\n")):
        if not part:
            continue
        if part.startswith("Kính gửi"):
            out += [p.strip() for p in BODY_OPENER_RE.sub("\n", part).split("\n")]
        else:
            out += _split_title(part)
    return out


def _unflatten_header(lines: list[str]) -> list[str]:
    out: list[str] = []
    seen = 0
    for i, line in enumerate(lines):
        if seen >= HEADER_LINES or line.lstrip().startswith("Căn cứ"):
            return out + lines[i:]
        if line.strip():
            seen += 1
        if _laid_out(line) or len(line) < 12:
            out.append(line)
            continue
        out += _unflatten_header_line(line)
    return out


LABEL_AT_END_RE = re.compile(rf"(?:^\s*Số\s*:?|{NUMBER_LABEL})\s*$")


def _join_number(lines: list[str]) -> list[str]:
    """"Số:" (or "… Luật số:") ending a line, the number on the next line: one line."""
    out: list[str] = []
    for line in lines:
        if out and LABEL_AT_END_RE.search(out[-1]) and re.match(r"\s*\d", line):
            out[-1] = f"{out[-1].rstrip()} {line.strip()}"
        else:
            out.append(line)
    return out


def _split_signature(line: str) -> list[str]:
    """"- Lưu: VT, ĐMDN (2b). Trung Anh BỘ TRƯỞNG, CHỦ NHIỆM Mai Tiến Dũng KẾ HOẠCH …"
    -> the recipient item, the signer's titles, the name, and what follows (an annex)."""
    words = line.split(" ")
    for start, word in enumerate(words):
        # The signature starts with upper-case words (or an authority mark) right after
        # the end of an item ("." ";" ")") or after the drafter's initials.
        if not (_is_upper_word(word) or SIGN_AUTHORITY_RE.match(word)):
            continue
        end = start
        while end < len(words) and (_is_upper_word(words[end]) or SIGN_AUTHORITY_RE.match(words[end])):
            end += 1
        name_end = end
        while name_end < len(words) and _is_name_word(words[name_end]):
            name_end += 1
        # "… Trần Hồng Hà Phụ lục (Kèm theo …)": a capitalised word followed by a lower-case
        # one opens a caption, not a name.
        while name_end > end and name_end < len(words) and words[name_end][:1].islower():
            name_end -= 1
        if not 2 <= name_end - end <= 5 or end - start < 1:
            continue
        head = words[:start]
        if line.lstrip()[:1] in {"-", "–", "+"}:
            # Drop the drafter's name or initials written after the last item ("(2b). Trung Anh").
            j = len(head)
            while j > 0 and _is_name_word(head[j - 1]) and len(head) - j < 3:
                j -= 1
            if 0 < j < len(head) and head[j - 1][-1:] in ".;)":
                head = head[:j]
            if head and (head[-1][-1:] not in ".;):" or fold(head[-1]) == "luu:"):
                continue  # "- Lưu: VT, NN. CHỦ TỊCH …": the filing codes after "Lưu:" are no title
            if head and head[-1][-1:] not in ".;":
                head = [*head[:-1], head[-1] + "."]  # the list ends here
        elif head:
            continue
        pieces = [" ".join(head), " ".join(words[start:end]), " ".join(words[end:name_end]), " ".join(words[name_end:])]
        return [p for p in pieces if p.strip()]
    return [line]


def _unflatten_closing(lines: list[str]) -> list[str]:
    start = next((i for i, line in enumerate(lines) if RECIPIENTS_RE.match(line)), None)
    if start is None:
        # No recipient list: the signature is the last line that opens with an authority mark.
        last = next((i for i in range(len(lines) - 1, max(len(lines) - 8, -1), -1)
                     if SIGN_AUTHORITY_RE.match(lines[i].strip()) and not _laid_out(lines[i])), None)
        if last is None:
            return lines
        return lines[:last] + _split_signature(lines[last].strip()) + lines[last + 1 :]
    out = lines[: start + 1]
    for i, line in enumerate(lines[start + 1 :], start + 1):
        if i - start > CLOSING_LINES:
            return out + lines[i:]
        out += [line] if _laid_out(line) else _split_signature(line)
    return out


# A point's number left at the end of the previous line ("… tiến bộ 1.1." / "Tổ chức …",
# "III. TỔ CHỨC THỰC HIỆN 1." / "Các sở …") or in the middle of one ("… đình công 3.1. Rà soát …").
TRAILING_NUMBER_RE = re.compile(r"^(?P<head>.*\S)\s+(?P<num>\d{1,2}\.(?:\d{1,2}\.)?)$")
LONE_POINT_RE = re.compile(r"^\s*\d{1,2}\.(?:\d{1,2}\.)?\s*$")
INNER_NUMBER_RE = re.compile(rf"(?<=[a-zà-ỹđ”\"])\s+(?=\d{{1,2}}\.\d{{1,2}}\.\s+[{_UPPER}])")


# Words after which a number is a reference ("Điều 5.", "khoản 2."), not a point.
REFERENCE_WORDS = {"dieu", "khoan", "diem", "so", "chuong", "muc", "phan", "nam", "thang", "ngay", "quy", "lan", "phu luc"}


def _trailing_number(line: str, following: str) -> re.Match[str] | None:
    m = TRAILING_NUMBER_RE.match(line)
    if not m or len(m.group("head")) <= 3 or not following.lstrip()[:1].isupper():
        return None
    last_word = fold(m.group("head").split()[-1]).strip(".,;:")
    return None if last_word in REFERENCE_WORDS else m


def _unglue_numbers(lines: list[str]) -> list[str]:
    out: list[str] = []
    carry = ""
    for i, line in enumerate(lines):
        if carry:
            line, carry = f"{carry} {line.lstrip()}", ""
        if _laid_out(line):
            out.append(line)
            continue
        following = lines[i + 1] if i + 1 < len(lines) else ""
        if LONE_POINT_RE.match(line) and following.lstrip()[:1].isupper():
            carry = line.strip()  # "1.4." alone, its text on the next line
            continue
        parts = INNER_NUMBER_RE.split(line)
        if m := _trailing_number(parts[-1], following):
            parts[-1], carry = m.group("head"), m.group("num")
        out += parts
    return out


# The site's own notes inside the text: "[Cụm từ này bị thay thế bởi Điểm a Khoản 3 …]",
# "[Về cho vay … được hướng dẫn bởi Công văn 4530/NHCS-TDNN …]", "[Link: …]", "[ID: …]".
SITE_NOTE_RE = re.compile(
    r"\s*\[[^\[\]\n]{0,600}?(?:được hướng dẫn bởi|bị thay thế bởi|bị bãi bỏ bởi|được sửa đổi(?:, bổ sung)? bởi|"
    r"được bổ sung bởi|bị hủy bỏ bởi|được thực hiện theo|hết hiệu lực|Link:|JavaScript:|ID:)[^\[\]\n]*\]"
)


def unflatten(text: str) -> str:
    """Drop the site's notes and put a flattened web copy's header, point numbers and
    signature parts back on their own lines."""
    text = SITE_NOTE_RE.sub("", text)
    lines = _join_number(text.split("\n"))
    lines = _unflatten_closing(_unglue_numbers(_unflatten_header(lines)))
    return "\n".join(lines)


# ---------------------------------------------------------------------------
# The page's own metadata

META_FIELDS = {
    "so hieu": "number_symbol",
    "loai van ban": "type",
    "noi ban hanh": "issuer",
    "co quan ban hanh": "issuer",
    "nguoi ky": "signer",
    "ngay ban hanh": "date",
}
META_RE = re.compile(r"^\s*(?P<label>[^:|]{4,20}?)\s*:\s*(?P<value>.+?)\s*$")
TITLE_LINE_RE = re.compile(
    r"^(?P<type>" + "|".join(map(re.escape, TYPE_WORDS)) + r")\s+(?:số\s+)?(?P<sym>\d+(?:/\d{4})?[/-][\wĐđ./-]+)"
)
PAGE_LINES = 80


def page_metadata(text: str) -> dict[str, str]:
    """Fields the website prints around the document: {"number_symbol", "type", "issuer",
    "signer", "date"} as found (date as ISO)."""
    found: dict[str, str] = {}
    lines = [ln for ln in text.split("\n") if ln.strip()]
    for line in lines[:PAGE_LINES] + lines[-PAGE_LINES:]:
        cells = [c for c in line.strip().strip("|").split("|")] if "|" in line else [line]
        for cell in cells:
            m = META_RE.match(cell)
            if not m or (key := META_FIELDS.get(fold(m.group("label")))) is None or key in found:
                continue
            value = squash(m.group("value")).strip(" .;")
            if key == "date":
                day = parse_date(value)
                if day is None:
                    continue
                value = day.isoformat()
            if value:
                found[key] = value
    if lines and "number_symbol" not in found and (m := TITLE_LINE_RE.match(lines[0].strip())):
        found["number_symbol"] = m.group("sym").rstrip(".")
        found.setdefault("type", m.group("type"))
    return found
