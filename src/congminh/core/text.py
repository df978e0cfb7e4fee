"""Vietnamese text utilities shared by search, import and name matching.

Search in Công Minh is diacritic-insensitive: "vien kiem sat" finds "Viện Kiểm sát",
and "đ" folds to "d" (Unicode decomposition leaves "đ" alone, so it is mapped by hand).
"""

from __future__ import annotations

import re
import unicodedata

_D_MAP = str.maketrans({"đ": "d", "Đ": "D"})
_SPACES = re.compile(r"\s+")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def nfc(text: str) -> str:
    """Return `text` in NFC, the form every Vietnamese string is stored in."""
    return unicodedata.normalize("NFC", text)


def fold(text: str) -> str:
    """Lower-case `text` and strip every diacritic, keeping spaces single.

    >>> fold("Viện Kiểm sát nhân dân tỉnh Đắk Lắk")
    'vien kiem sat nhan dan tinh dak lak'
    """
    decomposed = unicodedata.normalize("NFD", text.translate(_D_MAP))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.lower()).strip()


def fold_key(text: str) -> str:
    """Fold `text` and drop everything but letters and digits: a key for case numbers.

    "01/2026/HSST" and "01-2026-hsst" give the same key, so a clerk finds a case by
    any spelling of its number.

    >>> fold_key("Số 01/2026/HS-ST")
    'so012026hsst'
    """
    return _NON_ALNUM.sub("", fold(text))
