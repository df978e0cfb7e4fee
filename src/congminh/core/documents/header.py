"""Header fields: family, issuer, number and symbol, place and date, type, subject,
addressees, and the incoming-document stamp ("ĐẾN")."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from .dates import make_date, parse_date
from .layout import LONE_NUMBER_RE, Line
from .textutil import fold, is_upper_text, squash
from .vocab import TYPE_HEADINGS

HEADER_WINDOW = 30  # the header always sits in the first lines of the first page

# "Số 2449 -CV/ĐU", "Số: 9389 /BNNMT-BĐKH", "Số:         /BC-SNNMT" (number left blank)
# "Số: 12/2024/QĐ-TTg", "Số: 11554/VPCP-V.I", "Số 07-KL/VPTW" (year and dotted parts allowed);
# a number in parts: "Số: 66.17/2026/NQ-CP" (the Government's resolutions under Nghị quyết 66).
NUMBER_RE = re.compile(
    r"(?:\bS[ốố]\s*:?|\b(?:Luật|Nghị quyết|Pháp lệnh|Lệnh) số\s*:)\s*(?P<num>\d+(?:\.\d+)*|)\s*(?P<sym>(?:/\d{4})?[-/]\s*[A-ZĐ][\wĐđ]*(?:[-/.][\wĐđ]+"
    # Typed with spaces round a dash: "01 /CT - VKSTC", "04/HD-VKSTC- V4" (an upper-case part follows).
    r"|\s?-\s?[A-ZĐ0-9][A-ZĐ0-9]*\b(?!/))*)"
)
# "Lào Cai, ngày 07 tháng 9 năm 2026"; day and month may be blank in unsigned drafts.
PLACE_DATE_RE = re.compile(
    r"(?<![\w/-])(?P<place>[A-ZĐ]\w*(?:\s+[A-ZĐ]\w*){0,3})\s*,\s*ngày\s*(?P<d>\d{1,2})?\s*"
    r"tháng\s*(?P<m>\d{1,2})?\s*năm\s*(?P<y>\d{4})"
)
# National headings of Party and State documents (matched on folded text).
PARTY_HEADING = "dang cong san viet nam"
STATE_HEADING = "cong hoa xa hoi chu nghia viet nam"
MOTTO = "doc lap - tu do - hanh phuc"
HEADING_RE = re.compile(rf"{PARTY_HEADING}|{STATE_HEADING}|cong hoa xa hoi chu nghia|{MOTTO}")
# Administrative levels that continue an issuer name wrapped over two lines
# ("ỦY BAN NHÂN DÂN" / "PHƯỜNG CAM ĐƯỜNG").
# ("VIỆN KIỂM SÁT NHÂN DÂN" / "KHU VỰC 1", "TÒA ÁN NHÂN DÂN" / "TỐI CAO"); not a Party
# committee of the level ("TỈNH ỦY GIA LAI" under "ĐẢNG BỘ …" is a body of its own).
LEVEL_START_RE = re.compile(r"^(tinh|thanh pho|huyen|quan|thi xa|xa|phuong|thi tran|khu vuc|toi cao|cap cao|nhan dan)\b(?! uy\b)")
# A name cut inside a word pair by a narrow cell: "UỶ BAN NHÂN" / "DÂN" / "TỈNH BẾN TRE".
NAME_CUT_RE = re.compile(r"\b(?:nhan|ban chap|ban thuong)$")
# The body of an issuing-authority line under a decision's title ("CHỦ TỊCH ỦY BAN ...").
AUTHORITY_LINE_RE = re.compile(
    r"^(chu tich|bo truong|giam doc|thu tuong|ban thuong vu|ban chap hanh|truong ban|chanh an|vien truong|cuc truong|tong cuc truong|uy ban|hoi dong)\b"
)
# Lines that open the body right after the subject.
BODY_OPENERS_RE = re.compile(
    r"^(can cu|kinh gui|thuc hien|ngay \d|theo de nghi|trong nhung|thoi gian qua|phuc dap|tiep theo|hien nay|"
    r"sau khi|vua qua|tren co so)"
)
# Older titles restate the number and date before the summary: "NGHỊ ĐỊNH / CỦA CHÍNH PHỦ SỐ
# 61-CP NGÀY 5-7-1994 VỀ MUA BÁN …": the summary starts at "VỀ".
OLD_TITLE_RE = re.compile(
    r"^(?:CỦA\s+[^\n]+?\s+)?SỐ\s*:?\s*\S+\s+NGÀY\s+(?:\d{1,2}[-/.]\d{1,2}[-/.]\d{4}|\d{1,2}\s+THÁNG\s+\d{1,2}\s+NĂM\s+\d{4})"
    r"(?:\s+CỦA\s+[^\n]+?)?\s+(?=VỀ\s)"
)
# A web copy runs the enacting formula onto the title's line: "NGHỊ QUYẾT THÍ ĐIỂM … XÂY DỰNG
# KINH TẾ QUỐC HỘI" / "Căn cứ …". Not a title that ends naming the body ("… CỦA QUỐC HỘI").
ENACTING_TAIL_RE = re.compile(
    r"(?<!\bCỦA)(?<!\bVỚI)(?<!\bVÀ)(?<!\bVỀ)(?<!\bCHO)(?<!\bTẠI)(?<!\bTRONG)(?<!\bĐỐI)\s+"
    r"(?:QUỐC HỘI|CHÍNH PHỦ|ỦY BAN THƯỜNG VỤ QUỐC HỘI|THỦ TƯỚNG CHÍNH PHỦ|HỘI ĐỒNG THẨM PHÁN TÒA ÁN NHÂN DÂN TỐI CAO|"
    r"(?:BỘ TRƯỞNG|CHỦ TỊCH|TỔNG CỤC TRƯỞNG|CỤC TRƯỞNG|CHÁNH ÁN|VIỆN TRƯỞNG) [^a-zà-ỹđ]+)$"
)
# The body's first point: "I.", "1.", "Điều 1", "(1)", "a)", "**1.**", a bullet; or the closing's "Nơi nhận".
POINT_START_RE = re.compile(
    r"^(?:(?:(?:I{1,3}|IV|V|VI{1,3}|IX|X)\s?[.-]|\d{1,2}\.|Điều\s+\d+|\(\d{1,2}\)|[a-zđ]\)|[-–—+•])\s|\*\*\d|Nơi nhận\b)"
)
SUBJECT_START_RE = re.compile(r"^(v/v|ve viec|ve )")
# "CỦA BAN THƯỜNG VỤ TỈNH ỦY (KHÓA XX)"
# "CỦA BAN THƯỜNG VỤ TỈNH ỦY (KHÓA XX)", "CỦA BỘ CHÍNH TRỊ VỀ …" (not "CỦA CHÍNH PHỦ SỐ 61-CP NGÀY …")
OF_ISSUER_RE = re.compile(
    r"^CỦA\s+(?P<issuer>(?:(?!\s(?:SỐ|VỀ)\s).)+?)\s*(?:\((?:KHÓA|KHOÁ)[^)]*\))?(?:\s+(?=VỀ\s)|\s*$)"
)
# "của Ban Thường vụ Tỉnh ủy" / "về …", or on one line "của Ban Nội chính về …"
LOWER_OF_ISSUER_RE = re.compile(r"^của\s+(?P<issuer>[A-ZĐÀ-Ỹ].*?)(?:\s*\((?:khóa|khoá|KHÓA)[^)]*\))?(?:\s+(?=về\s)|\s*$)")
PARTY_BODY_RE = re.compile(r"\b(tinh uy|dang uy|huyen uy|thanh uy|ban thuong vu|dang bo|quan uy|thi uy)\b")
PARTY_SYMBOL_RE = re.compile(r"^\d+-")


@dataclass
class Header:
    family: str | None = None
    issuer: str | None = None
    issuer_parent: str | None = None
    type: str | None = None
    type_code: str | None = None
    number: str | None = None
    number_symbol: str | None = None
    symbol_tail: str | None = None
    place: str | None = None
    date: dt.date | None = None
    subject: str | None = None
    addressees: list[str] = field(default_factory=list)
    end: int = 0  # index of the first body line
    skip: set[int] = field(default_factory=set)  # header and stamp lines
    stamp_lines: set[int] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)


def _heading_piece(folded: str) -> bool:
    """A national heading wrapped in a narrow cell: "CỘNG HÒA XÃ HỘI" / "CHỦ NGHĨA VIỆT NAM",
    "CỘNG" / "HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM": whole words of the heading, in its order."""
    words = f" {squash(folded)} "
    return words.strip() != "" and any(words in f" {h} " for h in (STATE_HEADING, PARTY_HEADING))


def _is_heading_cell(cell: str) -> bool:
    folded = fold(cell)
    return bool(HEADING_RE.search(folded)) or cell.strip() in {"*", "★"} or _heading_piece(folded)


def _strip_headings(cell: str) -> str:
    """Remove national headings glued to an issuer by OCR ("TỈNH ỦY LÀO CAI ĐẢNG CỘNG SẢN VIỆT NAM")."""
    folded = fold(cell)
    for m in reversed(list(HEADING_RE.finditer(folded))):
        cell = cell[: m.start()] + cell[m.end() :]
    return squash(cell.strip(" *-|"))  # "VIỆN KIỂM SÁT NHÂN DÂN | CỘNG HÒA … |": a table row


def find_number(lines: list[Line], header: Header) -> int | None:
    for line in lines[:HEADER_WINDOW]:
        if line.index in header.skip:
            continue
        m = NUMBER_RE.search(line.text)
        if not m:
            continue
        sym = re.sub(r"\s+", "", m.group("sym"))
        header.symbol_tail = sym
        if m.group("num"):
            header.number = m.group("num")
            header.number_symbol = m.group("num") + sym
        return line.index
    return None


# "Nghệ An, ngày 26" with "tháng 11 năm 2025" on the next line or in the next row's cell
# (or "Nghệ An, ngày 26 tháng" / "11 năm 2025"): the line ends inside the date.
PLACE_DAY_END_RE = re.compile(r",\s*ngày(?:\s*\d{1,2})?(?:\s*tháng(?:\s*\d{1,2})?)?(?:\s*năm)?\s*$")


# A place's first word alone on its line: "Sơn" / "La, ngày 11 tháng 3" / "năm 2020" in a narrow cell.
PLACE_HEAD_RE = re.compile(r"^[A-ZĐÀ-Ỹ][a-zà-ỹđ]+$")


def _wrapped_place(before: list[Line], line: Line, m: re.Match[str], header: Header) -> str | None:
    """The place when its name was wrapped before the comma: the word alone on the line above."""
    if m.start("place") != 0 or " " in m.group("place"):
        return None
    above = next((ln for ln in reversed(before) if not ln.blank and ln.text.strip() != "|"), None)
    if above is None or not PLACE_HEAD_RE.match(above.text.strip()):
        return None
    header.skip.add(above.index)
    return f"{above.text.strip()} {m.group('place')}"


def find_place_date(lines: list[Line], header: Header) -> int | None:
    for k, line in enumerate(lines[:HEADER_WINDOW]):
        if line.index in header.skip:
            continue
        m = PLACE_DATE_RE.search(line.text)
        if not m and PLACE_DAY_END_RE.search(line.text):
            following = next((ln for ln in lines[k + 1 : k + 3] if not ln.blank), None)
            if following is not None and (m := PLACE_DATE_RE.search(f"{line.text} {following.text}")):
                header.skip.add(following.index)
        if not m:
            continue
        header.place = _wrapped_place(lines[:k], line, m, header) or m.group("place")
        if m.group("d") and m.group("m"):
            header.date = make_date(int(m.group("d")), int(m.group("m")), int(m.group("y")))
        return line.index
    return None


def find_family(lines: list[Line], header: Header) -> None:
    folded = fold(" ".join(line.text[:200] for line in lines[:HEADER_WINDOW]))
    if PARTY_HEADING in folded:
        header.family = "party"
    elif STATE_HEADING in folded or "cong hoa xa hoi chu nghia" in folded:
        header.family = "state"
    elif header.symbol_tail and header.symbol_tail.startswith("-") or header.issuer and PARTY_BODY_RE.search(fold(header.issuer)):
        header.family = "party"


def find_issuer_block(lines: list[Line], header: Header, stop: int) -> list[str]:
    """Upper-case left-column cells above the number line, national headings removed."""
    names: list[str] = []
    for line in lines[:stop]:
        if line.index in header.skip or line.blank:
            continue
        cell = _strip_headings(line.cells[0])
        if not cell or PLACE_DATE_RE.search(cell) or NUMBER_RE.search(cell):
            continue
        if is_upper_text(cell) and not _is_heading_cell(cell):
            names.append(cell)
    return names


def assign_issuer(block: list[str], header: Header) -> None:
    # A level line continues the name above it, at any depth: "BỘ TƯ PHÁP" / "CỤC THI HÀNH
    # ÁN DÂN SỰ" / "TỈNH GIA LAI" is the provincial enforcement office under the ministry.
    joined: list[str] = []
    for cell in block:
        if joined and fold(cell) == fold(joined[-1]):
            continue  # the gazette prints the issuer as its section head above the document's own
        if len(joined) >= 2 and fold(f"{joined[-1]} {cell}") in {fold(x) for x in joined[:-1]}:
            # … and the document's own block wraps it anywhere: "BỘ LAO ĐỘNG - THƯƠNG" / "BINH VÀ XÃ HỘI"
            # under the gazette's "BỘ LAO ĐỘNG - THƯƠNG BINH VÀ XÃ HỘI".
            joined.pop()
            continue
        if joined and (LEVEL_START_RE.match(fold(cell)) or NAME_CUT_RE.search(fold(joined[-1]))):
            joined[-1] = f"{joined[-1]} {cell}"
        else:
            joined.append(cell)
    block = joined
    if not block:
        return
    header.issuer = block[-1]
    if len(block) >= 2:
        header.issuer_parent = block[-2]


_FOLDED_HEADINGS = {fold(h, lower=False): h for h in TYPE_HEADINGS}


def _type_heading(cell: str) -> str | None:
    if len(cell) > 20:
        return None
    return _FOLDED_HEADINGS.get(fold(cell.strip(" :#*"), lower=False))


def find_type(lines: list[Line], header: Header, start: int) -> int | None:
    for line in lines[start:HEADER_WINDOW + start]:
        if line.index in header.skip or len(line.cells) != 1:
            continue
        heading = _type_heading(line.cells[0])
        if heading:
            header.type = heading
            header.type_code = TYPE_HEADINGS[heading]
            return line.index
    return None


def _title_goes_on(lines: list[Line], blank: int, parts: list[str], header: Header) -> bool:
    """After a blank line inside a double-spaced title in capitals, the next line in
    capitals carries on the title unless it names the authority or the issuer."""
    following = lines[blank + 1] if blank + 1 < len(lines) else None
    if following is None or following.blank or not is_upper_text(parts[0]):
        return False
    cell = following.cells[0]
    folded = fold(cell)
    return (is_upper_text(cell) and not AUTHORITY_LINE_RE.match(folded) and not POINT_START_RE.match(cell)
            and not _is_heading_cell(cell) and folded != fold(header.issuer or ""))


# The body's opening sentence, where the issuer speaks after the act it carries out: "Thực
# hiện Chỉ thị số …, Ủy ban nhân dân tỉnh ban hành …" (folded).
ISSUER_CLAUSE_RE = re.compile(
    r",\s+(?:uy ban|ubnd|ban thuong vu|ban chap hanh|thuong truc|so |bo |cong an|dang uy|huyen uy|tinh uy|thanh uy|"
    r"chi bo|toa an|vien kiem sat)|nhu sau|[.:;]\s*$"
)


def _titled_opener(lines: list[Line], i: int) -> bool:
    """"KẾ HOẠCH" / "Thực hiện công tác hòa giải ở cơ sở năm 2026", "thực hiện Kết luận số
    07-KL/TU …": right under the type, a line that opens like the body is the title unless it
    is the issuer's opening sentence (the line and its wrapped end read together)."""
    text = lines[i].cells[0]
    if i + 1 < len(lines) and lines[i + 1].cells and lines[i + 1].cells[0][:1].islower():
        text += " " + lines[i + 1].cells[0]
    return fold(text).startswith("thuc hien ") and not ISSUER_CLAUSE_RE.search(fold(text))


# A sentence ended inside the line or at its end: the body's prose, not a summary.
SENTENCE_END_RE = re.compile(r"[.:;]\s*$|\.\s+[A-ZĐÀ-Ỹ]")


# A summary line that stops inside a phrase: the next line carries it on, capitalised or not (folded).
SUMMARY_CUT_RE = re.compile(r"(?:[,(\-–]|\b(?:cua|va|ve|voi|tai|trong|cho|doi voi|theo|tu|den|giai doan|so|ngay))\s*$")


def _body_after_lower_summary(parts: list[str], cell: str) -> bool:
    """"về xây dựng hệ thống … đến năm 2025," / "định hướng đến năm 2030" / "Hội nghị lần thứ bảy
    … họp": under a summary in lower case, a long line opening with a capital after a line that
    ended its phrase is the body's first sentence."""
    return (parts[0][:1].islower() and cell[:1].isupper() and len(cell) >= 40 and not is_upper_text(cell)
            and not SUMMARY_CUT_RE.search(fold(parts[-1])))


def collect_subject(lines: list[Line], header: Header, start: int, under_type: bool = False) -> int:
    """Read the summary (trích yếu) from `start` (`under_type`: the line after the type's);
    return the index after it."""
    parts: list[str] = []
    i = start
    # A web copy that puts a blank line after every line ("HƯỚNG DẪN" / "" / "CÔNG TÁC …" /
    # "" / "TẠM GIAM …"): a title in capitals goes on past one blank line.
    spaced = start > 0 and lines[start - 1].blank
    while i < len(lines):
        line = lines[i]
        if line.index in header.skip:
            i += 1
            continue
        if line.blank:
            if parts and not (spaced and _title_goes_on(lines, i, parts, header)):
                break
            i += 1
            continue
        cell = line.cells[0]
        folded = fold(cell)
        if parts and _is_heading_cell(cell) and not _strip_headings(cell):
            # The right column read after the left one: "V/v …" / "CỘNG HÒA …" / "Độc lập …"
            # / "Gia Lai, ngày …": the national heading is no part of the summary.
            i += 1
            continue
        if PLACE_DATE_RE.search(cell):
            if parts:
                break  # the place-date line under a letter's summary
            i += 1
            continue
        # "KẾ HOẠCH" / "THỰC HIỆN CHỈ THỊ SỐ 15-CT/TU …": a title in capitals that opens like
        # the body ("Thực hiện …") is the summary.
        title = not parts and (is_upper_text(cell) or (under_type and i == start and _titled_opener(lines, i)))
        # A line that starts in lower case carries on a wrapped summary ("… Chương trình hành động
        # của Chính phủ" / "thực hiện Nghị quyết số 66-NQ/TW …"): the body opens with a capital.
        wrapped = bool(parts) and cell[:1].islower()
        if (BODY_OPENERS_RE.match(folded) and not title and not wrapped) or (
            parts and AUTHORITY_LINE_RE.match(folded) and is_upper_text(cell)
        ):
            break
        if parts and POINT_START_RE.match(cell):
            break  # "I. TÌNH HÌNH", "Điều 1.", "1. …": the body has begun
        if parts and not wrapped and len(cell) > 80 and SENTENCE_END_RE.search(cell):
            break  # "Trong thời gian qua, … Tuy nhiên, …": a summary never ends a sentence
        if parts and _body_after_lower_summary(parts, cell):
            break
        if not parts and AUTHORITY_LINE_RE.match(folded) and is_upper_text(cell):
            break
        if parts and is_upper_text(parts[0]) and not is_upper_text(cell):
            break
        parts.append(cell)
        i += 1
    if parts:
        subject = OLD_TITLE_RE.sub("", squash(" ".join(parts)), count=1)
        header.subject = ENACTING_TAIL_RE.sub("", subject) if is_upper_text(subject) else subject
    return i


def _of_issuer(line: Line, m: re.Match[str], header: Header) -> None:
    """The issuing body named under the type ("CỦA …", "của …"): a body other than the
    top-left block issues the document (the block is then its parent); the subject is
    what follows on the line from "về"."""
    of_issuer = m.group("issuer").strip()
    if header.issuer and fold(header.issuer) != fold(of_issuer):
        header.issuer_parent = header.issuer
    if not header.issuer or fold(header.issuer) != fold(of_issuer) or of_issuer.isupper():
        header.issuer = of_issuer
    rest = line.text[m.end() :].strip()
    line.cells = [rest] if rest else []


def find_subject(lines: list[Line], header: Header, type_line: int | None, after: int) -> int:
    if type_line is not None:
        start = type_line + 1
        while start < len(lines) and lines[start].blank:
            start += 1
        if start < len(lines) and (
            (m := OF_ISSUER_RE.match(lines[start].text)) or (m := LOWER_OF_ISSUER_RE.match(lines[start].text))
        ):
            _of_issuer(lines[start], m, header)
            if not lines[start].cells:
                header.skip.add(start)
                start += 1
        return collect_subject(lines, header, start, under_type=True)
    for line in lines[after:HEADER_WINDOW]:
        if line.index in header.skip or line.blank:
            continue
        cell = line.cells[0]
        # "Về nội dung nêu trên, …" opens the body, not a summary: a summary is short and
        # does not end a sentence.
        if SUBJECT_START_RE.match(fold(cell)) and (fold(cell).startswith("v/v") or (len(cell) <= 160 and not cell.endswith("."))):
            return collect_subject(lines, header, line.index)
    return after


ADDRESSEE_RE = re.compile(r"^kinh gui\s*:?\s*")


def find_addressees(lines: list[Line], header: Header) -> int:
    """Read "Kính gửi: - A, - B" right after the subject; return the index after it."""
    i = header.end
    while i < len(lines) and lines[i].blank:
        i += 1
    if i >= len(lines) or not ADDRESSEE_RE.match(fold(lines[i].text)):
        return header.end
    first = lines[i].text
    text = first[ADDRESSEE_RE.match(fold(first)).end() :]  # type: ignore[union-attr]
    items = [text]
    i += 1
    while i < len(lines) and not lines[i].blank:
        cell = lines[i].text
        if BODY_OPENERS_RE.match(fold(cell)):
            break
        if cell.startswith("-"):
            items.append(cell)
        elif items[-1].rstrip()[-1:] not in {",", ".", ";", ":"} and len(cell) <= 60:
            items[-1] += " " + cell
        else:
            break
        i += 1
    header.addressees = [a for a in (squash(x.strip(" -;,.")) for x in items) if a]
    return i


def find_esignature_fields(lines: list[Line], header: Header) -> None:
    """Fill a blank number and day/month from digital-signature fields.

    Documents signed with a digital signature leave "Số: /BC-..." and "ngày ... tháng"
    blank; the signing system stamps the number, day and month, which text extraction
    prints as three lone numbers near the end of the first page.
    """
    if header.number or not header.symbol_tail or not header.place:
        return
    first_page = [ln for ln in lines if not ln.blank][: 60]
    for a, b, c in zip(first_page, first_page[1:], first_page[2:], strict=False):
        if b.page_start or c.page_start:
            continue
        ma, mb, mc = (LONE_NUMBER_RE.match(x.text) for x in (a, b, c))
        if not (ma and mb and mc):
            continue
        year_m = re.search(r"năm\s*(\d{4})", " ".join(ln.text for ln in lines[:HEADER_WINDOW]))
        day = make_date(int(mb.group(1)), int(mc.group(1)), int(year_m.group(1))) if year_m else None
        if day is None:
            continue
        header.number = ma.group(1)
        header.number_symbol = header.number + header.symbol_tail
        header.date = header.date or day
        header.skip.update({a.index, b.index, c.index})
        header.warnings.append("number and date read from the digital-signature fields")
        return


# The incoming stamp: "SỞ NỘI VỤ TỈNH BÌNH ĐỊNH" / "ĐẾN  Số: 6123" / "Ngày: 03/6/22" / "Chuyển: ..."
STAMP_NUMBER_RE = re.compile(r"S[ốô]\s*(?:đến)?\s*:\s*(\d+)")
STAMP_DATE_RE = re.compile(r"Ngày\s*:\s*([\d/.\s-]+\d)")
STAMP_FORWARD_RE = re.compile(r"^Chuy[êểe]n\s*:\s*(.*)$")
STAMP_FILE_RE = re.compile(r"^(?:Số và Ký hiệu HS|Số và ký hiệu HS|Lưu hồ sơ số)\s*:?\s*(.*)$")


def find_stamp(lines: list[Line], header: Header) -> dict[str, object] | None:
    for line in lines[:12]:
        if line.blank or len(line.cells[0]) > 4 or fold(line.cells[0], lower=False) != "DEN":
            continue
        by_line = next((ln for ln in reversed(lines[: line.index]) if not ln.blank), None)
        stamp: dict[str, object] = {"by": by_line.text if by_line else None, "number": None, "date": None}
        used = {line.index} | ({by_line.index} if by_line else set())
        for near in lines[line.index : line.index + 5]:
            text = near.text
            if (m := STAMP_NUMBER_RE.search(text)) and stamp["number"] is None and "HS" not in text:
                stamp["number"] = m.group(1)
                used.add(near.index)
            if (m := STAMP_DATE_RE.search(text)) and stamp["date"] is None:
                day = parse_date(m.group(1))
                stamp["date"] = day.isoformat() if day else None
                used.add(near.index)
            if m := STAMP_FORWARD_RE.match(text):
                value = m.group(1).strip(" .…")
                stamp["forwarded_to"] = value or None
                used.add(near.index)
            if m := STAMP_FILE_RE.match(text):
                value = m.group(1).strip(" .…")
                # A scan often spills the summary into this box; keep only short codes.
                stamp["file_code"] = value if value and len(value) <= 30 else None
                used.add(near.index)
        header.skip.update(used)
        header.stamp_lines = used
        return stamp
    return None


def parse_header(lines: list[Line]) -> tuple[Header, dict[str, object] | None]:
    header = Header()
    received = find_stamp(lines, header)
    number_line = find_number(lines, header)
    date_line = find_place_date(lines, header)
    anchors = [x for x in (number_line, date_line) if x is not None]
    first_anchor = min(anchors) if anchors else None
    type_line = find_type(lines, header, 0)
    stop = min(x for x in (first_anchor, type_line, HEADER_WINDOW) if x is not None)
    assign_issuer(find_issuer_block(lines, header, stop), header)
    # A công văn's "V/v" summary sits under the number, sometimes beside the date.
    after = min(anchors) if anchors else 0
    header.end = max(find_subject(lines, header, type_line, after), max(anchors) + 1 if anchors else 0)
    header.end = find_addressees(lines, header)
    find_family(lines, header)
    find_esignature_fields(lines, header)
    header.skip.update(range(0, header.end))
    return header, received
