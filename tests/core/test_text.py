"""Diacritic-insensitive search keys (ARCHITECTURE.md, "Conventions")."""

from __future__ import annotations

import unicodedata

import pytest

from congminh.core.text import fold, fold_key, nfc


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
