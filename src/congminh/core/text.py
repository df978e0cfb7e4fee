"""Vietnamese text utilities shared by search, import, name matching and document parsing.

The one home of diacritic folding: every module that strips marks calls this one.

Search in Công Minh is diacritic-insensitive: "vien kiem sat" finds "Viện Kiểm sát",
and "đ" folds to "d" (Unicode decomposition leaves "đ" alone, so it is mapped by hand).
"""

from __future__ import annotations

import re
import unicodedata

_NON_ALNUM = re.compile(r"[^0-9a-z]+")
# Combining marks of the Combining Diacritical Marks block, which is every mark of
# Vietnamese text once decomposed.
_MARKS = "".join(chr(c) for c in range(0x300, 0x370) if unicodedata.combining(chr(c)))
_NOT_ASCII_OR_MARK = re.compile(f"[^\x00-\x7f{_MARKS}]")
# The five tones (sắc, huyền, hỏi, ngã, nặng); the letter marks of ă â ê ô ơ ư are not.
TONE_MARKS = ("\u0301", "\u0300", "\u0309", "\u0303", "\u0323")


def nfc(text: str) -> str:
    """Return `text` in NFC, the form every Vietnamese string is stored in."""
    return unicodedata.normalize("NFC", text)


def strip_marks(text: str) -> str:
    """`text` without its diacritics, case and spacing kept.

    >>> strip_marks("Đắk Lắk")
    'Dak Lak'
    """
    # Two `replace` calls are several times faster than `translate` with a mapping.
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    if _NOT_ASCII_OR_MARK.search(decomposed):
        # Letters beyond ASCII remain (another script, "ø", "ß"...): walk the characters.
        return "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    # ASCII plus combining marks, i.e. all Vietnamese text: the same result from C-level
    # steps, several times faster (the import folds a few strings per row of a
    # million-row file).
    return decomposed.encode("ascii", "ignore").decode("ascii")


def fold(text: str) -> str:
    """Lower-case `text` and strip every diacritic, keeping spaces single.

    >>> fold("Viện Kiểm sát nhân dân tỉnh Đắk Lắk")
    'vien kiem sat nhan dan tinh dak lak'
    """
    if not text.isascii():
        text = strip_marks(text)
    # `str.split` and the regex `\s` agree on what a space is (tests/core/test_text.py).
    return " ".join(text.lower().split())


def fold_key(text: str) -> str:
    """Fold `text` and drop everything but letters and digits: a key for case numbers.

    "01/2026/HSST" and "01-2026-hsst" give the same key, so a clerk finds a case by
    any spelling of its number.

    >>> fold_key("Số 01/2026/HS-ST")
    'so012026hsst'
    """
    return _NON_ALNUM.sub("", fold(text))


def _build_fold_table() -> dict[int, str]:
    """Every precomposed Latin letter with diacritics (U+00C0-U+024F, U+1E00-U+1EFF)
    whose folding is one ASCII letter, to that letter (đ/Đ included)."""
    table: dict[int, str] = {}
    for code in [*range(0xC0, 0x250), *range(0x1E00, 0x1F00)]:
        base = strip_marks(chr(code))
        if base != chr(code) and len(base) == 1 and base.isascii():
            table[code] = base
    return table


# Letter -> its base letter, case kept: `fold_chars` folds with one `str.translate`.
FOLD_TABLE: dict[int, str] = _build_fold_table()


def fold_chars(text: str, *, lower: bool = True) -> str:
    """Remove Vietnamese diacritics, one output character per input character.

    A match found in the result (noisy OCR text) can be cut out of the NFC text with
    the same indices; spaces are left as they are.

    >>> fold_chars("Ủy ban nhân dân tỉnh Lào Cai")
    'uy ban nhan dan tinh lao cai'
    >>> fold_chars("ĐẢNG ỦY", lower=False)
    'DANG UY'
    """
    out = nfc(text).translate(FOLD_TABLE)
    return out.lower() if lower else out


def untone(text: str) -> tuple[str, int]:
    """`text` lower-cased in NFC without its tone marks, the letter marks kept (ă â ê
    ô ơ ư đ), and how many tone marks it had.

    >>> untone("Trường")
    ('trương', 1)
    """
    decomposed = unicodedata.normalize("NFD", text.lower())
    tones = sum(decomposed.count(t) for t in TONE_MARKS)
    if tones:
        decomposed = "".join(ch for ch in decomposed if ch not in TONE_MARKS)
    return nfc(decomposed), tones
