"""Who a sentence gives a duty to: the body named at its start, as the text names it."""

from __future__ import annotations

import re

from .textutil import fold, squash

# Words that open the name of a body or office (on diacritic-folded, case-kept text).
# Look-aheads keep verbs that fold to the same letters out: "Ban hành", "Bố trí", "Sơ kết".
_HEADS = (
    r"Ban(?! hanh)|Bo(?! tri)|So(?! ket)|Cuc|Vu|Vien|Toa an|Cong an|Van phong|Uy ban|UBND|HDND|UBMTTQ|"
    r"Hoi dong|Dang uy|Dang doan|Thu truong|Chu tich|Giam doc|Chanh|Cuc truong|Vu truong|"
    r"Nguoi dung dau|Trung tam|Kho bac|Chi cuc|Huyen uy|Tinh uy|Thanh uy|Quan uy|Thi uy|Dang bo|"
    r"Chi bo|Bo truong|Vien truong|Truong ban|Thuong truc|Cap uy|Mat tran"
)
_LOWER_HEADS = (
    r"cap uy|huyen uy|thi uy|thanh uy|dang doan|dang uy|ban can su|co quan|so|ban|don vi|dia phuong|"
    r"chi bo|dang bo|thu truong|nguoi dung dau|Bo|So|Ban|Dang uy|Uy ban|UBND|Cuc|Vu"
)
# An assignee phrase starts with a head word, or "Các"/"các" and a plural body noun.
BODY_START_RE = re.compile(rf"^(?:(?:{_HEADS})\b|[Cc]ac\s+(?:{_LOWER_HEADS})\b)")
# Where the name stops: the first verb of the duty (lower case; names are capitalised).
VERB_RE = re.compile(
    r"\b(?:tang cuong|chi dao|chu tri|phoi hop|to chuc(?! (?:dang|Dang|chinh tri))|trien khai|"
    r"thuc hien|lanh dao|bo tri|xay dung(?! dang)|tham muu(?!, giup viec)|theo doi|ra soat|"
    r"hoan thien|hoan thanh|nghien cuu|khan truong|chu dong|thong nhat|lam viec|ban hanh|kiem tra|"
    r"can cu|tiep tuc|day manh|quan triet|huong dan|giam sat|don doc|xem xet|bao cao|quan tam|"
    r"nang cao|cung cap|tap trung|thuong xuyen|dinh ky|nghiem tuc|co van ban|tiep nhan|de xuat|"
    r"tuyen truyen|ap dung|trinh|xin)\b"
)
RESPONSIBLE_RE = re.compile(r"\b(?:co|chiu) trach nhiem\b")
# "Giao", "Đề nghị", "Hằng năm," before the name.
LEAD_WORDS_RE = re.compile(r"^(?:Giao cho|Giao|De nghi|Yeu cau|[Hh]ang nam,|[Hh]ang quy,)\s+")
# Splits inside a phrase: "; ", ", Cục trưởng ...", " và Thủ trưởng ..."
_CAP_HEADS = (
    r"Ban|Bo|So|Cuc|Vu|Vien|Toa an|Cong an|Van phong|Uy ban|UBND|HDND|Hoi dong|Dang uy|Dang doan|"
    r"Thu truong|Chu tich|Giam doc|Chanh|Cuc truong|Vu truong|Trung tam|Chi cuc|Huyen uy|Tinh uy|"
    r"Thanh uy|Bo truong|Vien truong|Truong ban"
)
SPLIT_RE = re.compile(rf"\s*;\s*|,\s+(?=(?:{_CAP_HEADS})\b)|\s+va\s+(?=(?:{_CAP_HEADS})\b)")
# "(Giao Công an tỉnh chủ trì, ...)" inside a point.
GIAO_RE = re.compile(r"\(\s*Giao\s+(?P<body>[^()]+?)\s+(?:chu tri|tham muu|thuc hien|theo doi)\b")
MAX_PHRASE = 260


def split_assignees(phrase: str) -> list[str]:
    """Split "A; B, Cục trưởng C và Thủ trưởng D" at body boundaries (folded positions)."""
    folded = fold(phrase, lower=False)
    parts: list[str] = []
    last = 0
    for m in SPLIT_RE.finditer(folded):
        parts.append(phrase[last : m.start()])
        last = m.end()
    parts.append(phrase[last:])
    return [p for p in (squash(x).strip(" ,;:.") for x in parts) if p]


def subject_phrase(sentence: str) -> tuple[str, str] | None:
    """The body named at the start of `sentence` and what follows the name.

    >>> subject_phrase("Viện Kiểm sát nhân dân tỉnh tăng cường hơn nữa công tác")[0]
    'Viện Kiểm sát nhân dân tỉnh'
    >>> subject_phrase("Tổ chức rà soát toàn bộ các dự án") is None
    True
    """
    sentence = squash(sentence)
    folded = fold(sentence[: MAX_PHRASE + 40], lower=False)  # only the opening words matter
    lead = LEAD_WORDS_RE.match(folded)
    offset = lead.end() if lead else 0
    rest = folded[offset:]
    if not BODY_START_RE.match(rest):
        return None
    window = rest[:MAX_PHRASE]
    stop_m = RESPONSIBLE_RE.search(window) or VERB_RE.search(window)
    colon = window.find(":")
    stops = [x for x in (stop_m.start() if stop_m else None, colon if colon >= 0 else None) if x]
    if stops:
        end = min(stops)
    elif len(rest) <= 160 and "." not in rest:
        end = len(rest)  # a heading that only names the bodies: "1. Công an tỉnh"
    else:
        return None
    phrase = sentence[offset : offset + end].strip(" ,;:")
    if re.search(r"\s(?:đã|đang)(?:\s|$)", f" {phrase} "):
        return None  # "Bộ Tài chính đã ...": a report of what was done, not a duty
    return phrase, sentence[offset + end :]


def giao_phrase(text: str) -> str | None:
    if "Giao" not in text:
        return None
    folded = fold(squash(text), lower=False)
    m = GIAO_RE.search(folded)
    return squash(text)[m.start("body") : m.end("body")] if m else None
