"""Text helpers: NFC normalisation and diacritic folding for matching noisy (OCR) text.

Folding keeps string length and character positions, so a match found in the folded
text can be cut out of the original text with the same indices.
"""

from __future__ import annotations

import re
import unicodedata

_SPECIAL_FOLD = str.maketrans({"đ": "d", "Đ": "D"})


def nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _fold_char(ch: str) -> str:
    base = unicodedata.normalize("NFD", ch.translate(_SPECIAL_FOLD))[0]
    return base if len(base) == 1 else ch


def fold(text: str, *, lower: bool = True) -> str:
    """Remove Vietnamese diacritics, one output character per input character.

    >>> fold("Ủy ban nhân dân tỉnh Lào Cai")
    'uy ban nhan dan tinh lao cai'
    >>> fold("ĐẢNG ỦY", lower=False)
    'DANG UY'
    """
    out = "".join(_fold_char(ch) for ch in nfc(text))
    return out.lower() if lower else out


_SPACES = re.compile(r"\s+")


def squash(text: str) -> str:
    """Collapse runs of whitespace to one space and strip the ends."""
    return _SPACES.sub(" ", text).strip()


def is_upper_text(text: str, *, threshold: float = 0.85) -> bool:
    """True when most letters are capitals (headings, titles), tolerating OCR slips."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    return sum(c.isupper() for c in letters) / len(letters) >= threshold


# OCR slips in the few words every Party header and recipient list uses. Only spellings
# that are not valid Vietnamese are replaced ("Tỉnh uỷ" and "Tỉnh ủy" are both valid).
_OCR_WORD_PAIRS: dict[str, tuple[str, set[str]]] = {
    "tinh uy": ("tỉnh ủy", {"tỉnh ủy", "tỉnh uỷ"}),
    "dang uy": ("đảng ủy", {"đảng ủy", "đảng uỷ"}),
    "dang bo": ("đảng bộ", {"đảng bộ"}),
    "dang cong san": ("đảng cộng sản", {"đảng cộng sản"}),
    # Tesseract reads "BAN" as "BẠN" in upper-case headings.
    "uy ban nhan dan": ("ủy ban nhân dân", {"ủy ban nhân dân", "uỷ ban nhân dân"}),
    "ban thuong vu": ("ban thường vụ", {"ban thường vụ"}),
}
_OCR_PAIR_RE = re.compile(r"\b(?:tinh uy|dang uy|dang bo|dang cong san|uy ban nhan dan|ban thuong vu)\b")


def _match_case(template: str, word: str) -> str:
    if template.isupper():
        return word.upper()
    if template[:1].isupper():
        return word[:1].upper() + word[1:]
    return word


def fix_ocr_words(text: str) -> str:
    """Repair OCR-damaged "Tỉnh ủy", "Đảng ủy", "Đảng bộ" (case kept).

    >>> fix_ocr_words("TÍNH ỦY LÀO CAI ĐÁNG CỘNG SẢN; Lưu Văn phòng Tình ủy; Đảng úy")
    'TỈNH ỦY LÀO CAI ĐẢNG CỘNG SẢN; Lưu Văn phòng Tỉnh ủy; Đảng ủy'
    """

    text = nfc(text)
    folded = fold(text)
    pieces: list[str] = []
    last = 0
    for m in _OCR_PAIR_RE.finditer(folded):
        found = text[m.start() : m.end()]
        canonical, valid = _OCR_WORD_PAIRS[m.group(0)]
        if found.lower() in valid:
            continue
        words = zip(found.split(" "), canonical.split(" "), strict=True)
        pieces += [text[last : m.start()], " ".join(_match_case(t, w) for t, w in words)]
        last = m.end()
    pieces.append(text[last:])
    return "".join(pieces)
