"""Text helpers: NFC normalisation and diacritic folding for matching noisy (OCR) text.

Folding keeps string length and character positions, so a match found in the folded
text can be cut out of the original text with the same indices.
"""

from __future__ import annotations

import re

from congminh.core.text import FOLD_TABLE, fold_chars
from congminh.core.text import nfc as nfc

# Folding that keeps every character's position: `fold(text, lower=True)`.
fold = fold_chars


def squash(text: str) -> str:
    """Collapse runs of whitespace to one space and strip the ends."""
    return " ".join(text.split())


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
def _variants() -> dict[str, str]:
    variants: dict[str, set[str]] = {}
    for code, base in FOLD_TABLE.items():
        variants.setdefault(base.lower(), {base.lower(), base.upper()}).add(chr(code))
    return {base: "".join(sorted(chars)) for base, chars in variants.items()}


_VARIANTS = _variants()


def diacritic_insensitive(words: str) -> str:
    """A regex source matching `words` (plain ASCII) with any diacritics and case.

    Searching the original text with it is much faster than folding the whole text.

    >>> bool(re.search(diacritic_insensitive("tinh uy"), "Lưu Văn phòng Tình ủy"))
    True
    """
    return "".join(f"[{_VARIANTS[c]}]" if c in _VARIANTS else re.escape(c) for c in words)


_OCR_PAIR_RE = re.compile(
    r"\b(?:" + "|".join(diacritic_insensitive(w) for w in _OCR_WORD_PAIRS) + r")\b"
)


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
    pieces: list[str] = []
    last = 0
    for m in _OCR_PAIR_RE.finditer(text):
        found = m.group(0)
        canonical, valid = _OCR_WORD_PAIRS[fold(found)]
        if found.lower() in valid:
            continue
        words = zip(found.split(" "), canonical.split(" "), strict=True)
        pieces += [text[last : m.start()], " ".join(_match_case(t, w) for t, w in words)]
        last = m.end()
    pieces.append(text[last:])
    return "".join(pieces)
