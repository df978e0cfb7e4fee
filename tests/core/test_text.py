"""Diacritic-insensitive search keys (ARCHITECTURE.md, "Conventions"), and the one
folding every module uses: its fast path gives exactly what the plain definition gives."""

from __future__ import annotations

import random
import re
import sys
import unicodedata

import pytest

from congminh.core.text import FOLD_TABLE, fold, fold_chars, fold_key, nfc, strip_marks, untone


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Viện Kiểm sát nhân dân tỉnh", "vien kiem sat nhan dan tinh"),
        ("Trần Thị Đào", "tran thi dao"),
        ("ĐẮK LẮK", "dak lak"),
        ("  Nguyễn   Văn  A ", "nguyen van a"),
        ("Hòa Bình", "hoa binh"),
        ("Ủy ban nhân dân", "uy ban nhan dan"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


def test_fold_handles_decomposed_input() -> None:
    decomposed = unicodedata.normalize("NFD", "Tòa án nhân dân")
    assert fold(decomposed) == "toa an nhan dan"
    assert nfc(decomposed) == "Tòa án nhân dân"


@pytest.mark.parametrize(
    "spelling", ["01/2026/HS-ST", "01-2026-hsst", "01 / 2026 / HS ST", "０１/2026/HSST"]
)
def test_fold_key_makes_case_number_spellings_equal(spelling: str) -> None:
    # Full-width digits come from some Vietnamese input methods; NFKD maps them too.
    assert fold_key(unicodedata.normalize("NFKC", spelling)) == "012026hsst"


def test_fold_key_keeps_distinct_numbers_distinct() -> None:
    assert fold_key("01/2026/HSST") != fold_key("10/2026/HSST")


# --- the fast path is the definition ------------------------------------------------

def _fold_by_definition(text: str) -> str:
    """Decompose, map đ, drop every combining mark, lower-case, single spaces."""
    decomposed = unicodedata.normalize("NFD", text.replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", stripped.lower()).strip()


# Latin letters with and without marks, bare combining marks, odd spaces, letters whose
# lower case grows (İ) or that have no decomposition (ø, ß, ﬁ), other scripts.
ALPHABET = (
    [chr(c) for c in range(0x00, 0x250)] + [chr(c) for c in range(0x1E00, 0x1F00)]
    + [chr(c) for c in range(0x300, 0x370)] + list("\u00a0\u0085\u2003\u2028\x1cİΣσςﬁ")
    + list("\u034f\u0483\u1ab0\u20d0\ufe20Ωяא中")
)
TRICKY = [
    "Viện Kiểm sát nhân dân tỉnh Đắk Lắk", "  Số 01/2026/HS-ST ", "ĐOÀN  Thị\tÁNH",
    "Tòa án", unicodedata.normalize("NFD", "Tòa án nhân dân"), "İstanbul", "Øresund ß",
    "a\u034fb", "x\u0300\u0301\u0302y", "\u00a0\u2003 \u0085", "Ǆ ǅ ǆ", "ﬁn", "Ωmega",
    "ĐỨC Đức đức", "Nguyễn\u200bVăn", "",
]


def test_fold_is_its_definition_on_tricky_strings() -> None:
    for text in TRICKY:
        assert fold(text) == _fold_by_definition(text), text
        assert fold_key(text) == re.sub(r"[^0-9a-z]+", "", _fold_by_definition(text)), text


def test_fold_is_its_definition_on_random_strings() -> None:
    rng = random.Random(7)
    for _ in range(20000):
        text = "".join(rng.choice(ALPHABET) for _ in range(rng.randint(0, 12)))
        assert fold(text) == _fold_by_definition(text), text
        assert fold_key(text) == re.sub(r"[^0-9a-z]+", "", _fold_by_definition(text)), text


def test_split_and_regex_agree_on_spaces() -> None:
    """`fold` collapses spaces with `str.split`; the definition with the regex `\\s`."""
    spaces = [chr(c) for c in range(sys.maxunicode + 1) if re.fullmatch(r"\s", chr(c))]
    assert spaces == [chr(c) for c in range(sys.maxunicode + 1) if chr(c).isspace()]


def test_strip_marks_keeps_case_and_spaces() -> None:
    assert strip_marks("  Đắk  Lắk ") == "  Dak  Lak "


def test_fold_chars_keeps_positions() -> None:
    text = "Tỉnh ủy  ĐẮK LẮK"
    assert fold_chars(text) == "tinh uy  dak lak"
    assert fold_chars(text, lower=False) == "Tinh uy  DAK LAK"
    assert len(fold_chars(text)) == len(text)
    assert FOLD_TABLE[ord("đ")] == "d" and FOLD_TABLE[ord("Ỹ")] == "Y"


def test_fold_chars_agrees_with_fold_on_vietnamese() -> None:
    for text in TRICKY[:4]:
        assert " ".join(fold_chars(text).split()) == fold(text)


@pytest.mark.parametrize(
    ("word", "plain", "tones"),
    [("Trường", "trương", 1), ("đảng", "đang", 1), ("ƯƠ", "ươ", 0), ("áà", "aa", 2)],
)
def test_untone_keeps_letter_marks(word: str, plain: str, tones: int) -> None:
    assert untone(word) == (plain, tones)
