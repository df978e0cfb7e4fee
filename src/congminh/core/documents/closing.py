"""The closing block: recipients ("Nơi nhận") and the signature.

In pdftotext output the recipient list (left) and the signature (right) share lines;
in markdown copies both sit in one table row; in OCR text the title can be glued to
the end of a recipient line. The block is read into two streams, recipients and
signature parts, and each stream is then parsed on its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from .layout import Line
from .textutil import fold, is_upper_text, squash
from .vocab import SIGNER_TITLES

RECIPIENTS_LABEL_RE = re.compile(r"^noi nh[a-z]{1,2}\W*:?\s*")
# Signature authority: T/M, TM., KT., K/T, TL., T/L, TUQ., T/U, Q. (then the body's name)
# Older documents dot both letters: "T.M. CHÍNH PHỦ", "K.T. BỘ TRƯỞNG".
AUTHORITY_RE = re.compile(
    r"(?:^|\s)(?P<auth>(?:T/M|TM\.|KT\.|K/T|TL\.|T/L|TUQ\.|T/U|Q\.|T\.M\.|K\.T\.|T\.L\.|T\.U\.Q\.)\s*[A-ZĐÀ-Ỹ].*)$"
)
# A person's name: 2-5 capitalised words, nothing else.
# A police or army signer prints the rank first ("Đại tá Nguyễn Hồng Phúc"): kept as printed.
NAME_RE = re.compile(r"^(?:(?:Đại|Thượng|Trung|Thiếu)\s+(?:tá|úy|uý|tướng)\s+)?(?:[A-ZĐÀ-Ỹ][a-zà-ỹđ]+\s+){1,4}[A-ZĐÀ-Ỹ][a-zà-ỹđ]+$")
# The mark a copy prints where the signature was: "(Đã ký)", "[daky]", "(Ký, đóng dấu)".
SIGNED_MARK_RE = re.compile(r"^[(\[]\s*(?:đã\s+)?(?:ký|kí|daky)\b[^()\[\]]{0,30}[)\]]$", re.IGNORECASE)
INLINE_SIGNED_MARK_RE = re.compile(r"[(\[]\s*(?:đã\s+)?(?:ký|kí|daky)\b[^()\[\]]{0,30}[)\]]", re.IGNORECASE)
# Items in a one-cell recipient list: "- A; - B. - C"
INLINE_ITEM_SPLIT_RE = re.compile(r"(?:^|[;.,]\s*)-\s+")
FOLDED_TITLES = {fold(t, lower=False): t for t in SIGNER_TITLES}


@dataclass
class Closing:
    recipients: list[str] = field(default_factory=list)
    signer: dict[str, str | None] | None = None
    lines: set[int] = field(default_factory=set)
    warnings: list[str] = field(default_factory=list)


def _clean_item(item: str) -> str:
    return squash(item.strip().lstrip("-–•").strip()).rstrip(" ;,.`").strip()


def _split_glued_title(cell: str) -> tuple[str, str | None]:
    """Split "- Các đ/c Ủy viên BTV Tỉnh ủy, S Í THƯ THƯỜNG TRưÊ" into item and title."""
    tokens = cell.split(" ")
    k = len(tokens)
    while k > 0 and is_upper_text(tokens[k - 1], threshold=0.6) and not tokens[k - 1].endswith(","):
        k -= 1
    tail = " ".join(tokens[k:])
    # Filing codes end a "Lưu" item the same way ("Lưu: VT, V.I (2b).KN"): a title has no digits or brackets.
    if any(c.isdigit() or c in "()" for c in tail):
        return cell, None
    if k < len(tokens) - 1 and k > 0 and tokens[k - 1].endswith(",") and len(tail) >= 6:
        return " ".join(tokens[:k]), tail
    return cell, None


def _is_signature_part(cell: str, line: Line) -> bool:
    if AUTHORITY_RE.match(cell) or (is_upper_text(cell) and not cell.startswith("-")):
        return True
    return bool(NAME_RE.match(cell)) and (line.indent >= 20 or len(line.cells) == 1)


def _left_cell_empty(line: Line) -> bool:
    """A table row whose first cell is empty: what it holds is the right column's."""
    return line.raw.strip().strip("|").split("|")[0].strip() == ""


def _read_streams(lines: list[Line], start: int) -> tuple[list[str], list[str], set[int]]:
    """Split the block from the "Nơi nhận" line into recipient items and signature parts."""
    items: list[str] = []
    signature: list[str] = []
    used: set[int] = set()
    ended = False  # the recipient list ended ("- Lưu ... .")
    for line in lines[start:]:
        if line.blank or (len(line.cells) == 1 and SIGNED_MARK_RE.match(line.cells[0])):
            continue  # "(Đã ký)" between the title and the name
        if ended and any(NAME_RE.match(p) for p in signature):
            break  # the list ended and the signer is named: what follows is an annex
        cells = list(line.cells)
        if line.index == start:
            head = cells[0]
            rest = head[RECIPIENTS_LABEL_RE.match(fold(head)).end() :]  # type: ignore[union-attr]
            if auth := AUTHORITY_RE.search(rest):
                signature.append(auth.group("auth"))
                rest = rest[: auth.start()]
            cells[0] = rest
            if line.table and rest.strip():
                items += [x for x in INLINE_ITEM_SPLIT_RE.split(rest) if x.strip()]
                signature += cells[1:]
                used.add(line.index)
                break
            # "| Nơi nhận: | KT. CHÁNH ÁN |" / "| - TANDTC; | PHÓ CHÁNH ÁN |" / "| | Nguyễn Thị Lan |":
            # a table of one row per line is read like two columns.
        elif line.table and _left_cell_empty(line):
            signature += cells
            used.add(line.index)
            continue
        elif len(cells) == 1 and (ended or line.indent >= 20) and _is_signature_part(cells[0], line):
            signature.append(cells[0])
            used.add(line.index)
            continue
        elif len(cells) == 1 and not cells[0].startswith("-") and items and AUTHORITY_RE.match(cells[0]):
            signature.append(cells[0])
            used.add(line.index)
            ended = True
            continue
        left, *right = cells
        signature += right
        if left.startswith("-"):
            left, title = _split_glued_title(left)
            if title:
                signature.append(title)
            items.append(left)
        elif left and items and (items[-1].rstrip()[-1:] not in {";", ".", ","} or left[:1] in "(" or left[:1].islower()):
            items[-1] += " " + left
        elif left and line.index != start:
            if _is_signature_part(left, line):
                signature.append(left)
            else:
                break
        used.add(line.index)
        ended = bool(items) and items[-1].rstrip().endswith(".")
    return [i for i in (_clean_item(x) for x in items) if i], signature, used


def _snap_title(title: str, warnings: list[str]) -> str:
    key = fold(title, lower=False)
    if key in FOLDED_TITLES:
        return FOLDED_TITLES[key]
    best = process.extractOne(key.upper(), list(FOLDED_TITLES), scorer=fuzz.ratio)
    if best and best[1] >= 75:
        warnings.append(f"signer title read as {FOLDED_TITLES[best[0]]!r} from OCR text {title!r}")
        return FOLDED_TITLES[best[0]]
    return title


def _split_authority(text: str) -> tuple[str, str | None]:
    """"KT. BỘ TRƯỞNG, CHỦ NHIỆM PHÓ CHỦ NHIỆM" -> ("KT. BỘ TRƯỞNG, CHỦ NHIỆM", "PHÓ CHỦ NHIỆM")."""
    words = text.split(" ")
    for k in range(2, len(words)):
        tail = " ".join(words[k:])
        if fold(tail, lower=False) in FOLDED_TITLES:
            return " ".join(words[:k]), tail
    return text, None


def parse_signature(parts: list[str], warnings: list[str]) -> dict[str, str | None] | None:
    # "TM. CHÍNH PHỦ THỦ TƯỚNG (Đã ký) Nguyễn Tấn Dũng": the copy's mark is no part of the signature.
    text_parts = [squash(INLINE_SIGNED_MARK_RE.sub(" ", p)) for p in parts if p.strip()]
    text_parts = [p for p in text_parts if p]
    if not text_parts:
        return None
    # The name ends the signature; an upper-case caption after it opens an annex.
    last_name = next((k for k in range(len(text_parts) - 1, 0, -1) if NAME_RE.match(text_parts[k])), None)
    if last_name is not None:
        text_parts = text_parts[: last_name + 1]
    name = None
    if NAME_RE.match(text_parts[-1]):
        name = text_parts.pop()
    elif (m := re.search(r"((?:[A-ZĐÀ-Ỹ][a-zà-ỹđ]+\s+){1,4}[A-ZĐÀ-Ỹ][a-zà-ỹđ]+)$", text_parts[-1])):
        name = m.group(1)
        text_parts[-1] = text_parts[-1][: m.start()].strip()
    upper = " ".join(p for p in text_parts if p)
    # Filing codes glued before the authority ("- Lưu VT; TCHQ KT. BỘ TRƯỞNG"): the signature starts at the mark.
    if (auth := AUTHORITY_RE.search(upper)) and auth.start("auth") > 0:
        upper = upper[auth.start("auth") :]
    authority = None
    title: str | None = upper or None
    if auth := AUTHORITY_RE.match(upper):
        authority, title = _split_authority(auth.group("auth"))
        if title is None and len(text_parts) >= 2:
            authority, title = text_parts[0], " ".join(text_parts[1:])
    if title:
        title = _snap_title(title, warnings)
    return {"authority": authority, "title": title, "name": name}


SIGNATURE_TAIL_LINES = 8


# "PHỤ LỤC I DANH MỤC …", "PHỤ LỤC (Ban hành kèm theo Luật …)": an appendix after the signature.
# A caption in title case alone on its line ("Phụ lục" / "DANH MỤC …") opens one too.
APPENDIX_CAPTION_RE = re.compile(r"^(?:PHỤ LỤC\b|Phụ lục(?:\s+[IVXLC\d]+)?\s*$)")


def _signature_without_recipients(lines: list[Line], skip: set[int]) -> tuple[list[str], set[int]]:
    """A document with no "Nơi nhận" (a web copy that dropped it): the signature is the
    last authority line near the end and the title and name lines under it, or, when
    appendices follow it ("CHỦ TỊCH QUỐC HỘI Nguyễn Văn A" / "PHỤ LỤC I …"), before the first."""
    body = [ln for ln in lines if not ln.blank and ln.index not in skip]
    found = _signature_in_tail(body[-SIGNATURE_TAIL_LINES:])
    if found[0]:
        return found
    appendix = next((k for k, ln in enumerate(body) if APPENDIX_CAPTION_RE.match(ln.text)), None)
    return _signature_in_tail(body[max(0, appendix - SIGNATURE_TAIL_LINES) : appendix]) if appendix else found


# A name ending the authority's line: the whole signature on one line, as a web copy flattens it.
TRAILING_NAME_RE = re.compile(
    r"[A-ZĐÀ-Ỹ]{2,}\s+(?:[(\[][^()\[\]]{0,30}[)\]]\s+)?(?:[A-ZĐÀ-Ỹ][a-zà-ỹđ]+\s+){1,4}[A-ZĐÀ-Ỹ][a-zà-ỹđ]+\s*$"
)


def _unmarked(text: str) -> str:
    return squash(INLINE_SIGNED_MARK_RE.sub(" ", text))


def _signature_in_tail(tail: list[Line]) -> tuple[list[str], set[int]]:
    for k in range(len(tail) - 1, -1, -1):
        if len(tail[k].cells) == 1 and AUTHORITY_RE.match(tail[k].cells[0]) and len(tail[k].text) <= 80:
            block = [tail[k]]
            # "(Đã ký)" alone or before the name: the copy's mark, read past. The authority's body may
            # take a line of its own ("KT. CHỦ TỊCH" / "ỦY BAN CHỨNG KHOÁN NHÀ NƯỚC" / "PHÓ CHỦ TỊCH" / name).
            below = [ln for ln in tail[k + 1 :] if _unmarked(ln.text)][:3]
            for line in below:
                if len(line.cells) == 1 and (is_upper_text(line.text) or NAME_RE.match(_unmarked(line.text))):
                    block.append(line)
            if len(block) == 1 and TRAILING_NAME_RE.search(tail[k].cells[0]):
                return [tail[k].text], {tail[k].index}  # "KT. TỔNG CỤC TRƯỞNG PHÓ TỔNG CỤC TRƯỞNG Nguyễn Văn An"
            if any(NAME_RE.match(_unmarked(ln.text)) for ln in block[1:]):
                # "TM. CHÍNH PHỦ" / "KT. THỦ TƯỚNG" / "PHÓ THỦ TƯỚNG": the marks stack over lines.
                while k > 0 and len(tail[k - 1].cells) == 1 and AUTHORITY_RE.match(tail[k - 1].cells[0]):
                    k -= 1
                    block.insert(0, tail[k])
                return [_unmarked(ln.text) for ln in block], {ln.index for ln in block}
    return _title_and_name(tail)


# "… thông qua ngày 27 tháng 11 năm 2023. / CHỦ TỊCH QUỐC HỘI Vương Đình Huệ": a law or a
# resolution is signed with a title and a name, no authority mark; "(Đã ký)" may follow.
TITLE_NAME_RE = re.compile(
    r"(?:^|\s)(?P<title>(?:[A-ZĐÀ-Ỹ]{2,}\s+)+?)(?P<name>(?:[A-ZĐÀ-Ỹ][a-zà-ỹđ]+\s+){1,4}[A-ZĐÀ-Ỹ][a-zà-ỹđ]+)"
    r"\s*(?:\((?:Đã ký|đã ký)\))?\s*$"
)
TITLE_HEADS = tuple(sorted({fold(t, lower=False).split()[0] + " " + fold(t, lower=False).split()[1]
                            for t in SIGNER_TITLES if " " in t}))


def _title_and_name(tail: list[Line]) -> tuple[list[str], set[int]]:
    # "THỦ TƯỚNG" / "Lê Minh Hưng": a known title alone on the line above the name.
    if len(tail) >= 2 and NAME_RE.match(tail[-1].text) and fold(tail[-2].text, lower=False) in FOLDED_TITLES:
        return [tail[-2].text, tail[-1].text], {tail[-2].index, tail[-1].index}
    for line in reversed(tail[-3:]):
        m = TITLE_NAME_RE.search(line.text)
        if not m:
            continue
        words = m.group("title").split()
        folded = [fold(w, lower=False) for w in words]
        # The title starts at its first known head ("CHỦ TỊCH", "BỘ TRƯỞNG"); filing codes before it go.
        start = next((k for k in range(len(words) - 1) if f"{folded[k]} {folded[k + 1]}" in TITLE_HEADS), None)
        if start is not None:
            return [" ".join(words[start:]), m.group("name")], {line.index}
    return [], set()


def parse_closing(lines: list[Line], skip: set[int]) -> Closing:
    closing = Closing()
    start = next(
        (
            ln.index
            for ln in lines
            if ln.index not in skip
            and not ln.blank
            and ln.cells[0][:1] in ("N", "n")
            and RECIPIENTS_LABEL_RE.match(fold(ln.cells[0][:16]))
        ),
        None,
    )
    if start is None:
        closing.warnings.append("recipients not found")
        parts, used = _signature_without_recipients(lines, skip)
        closing.signer = parse_signature(parts, closing.warnings)
        closing.lines = used
        if not closing.signer or not closing.signer.get("name"):
            closing.warnings.append("signer not found")
        return closing
    items, signature, used = _read_streams(lines, start)
    closing.recipients = items
    closing.lines = used | {start}
    closing.signer = parse_signature(signature, closing.warnings)
    if not items:
        closing.warnings.append("recipients not found")
    if not closing.signer or not closing.signer.get("name"):
        closing.warnings.append("signer not found")
    return closing
