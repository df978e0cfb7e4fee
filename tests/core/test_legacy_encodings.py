"""TCVN3 (ABC) and VNI-Windows: known words, round trips, and no misfires on Unicode."""

from __future__ import annotations

import doctest

import pytest

from congminh.core import legacy_encodings as le

WORDS = [
    "Nguyễn Văn A", "Trần Thị Đào", "Tòa án nhân dân tỉnh Gia Lai", "Viện kiểm sát",
    "Điều tra bổ sung", "Trộm cắp tài sản", "Cố ý gây thương tích", "Khởi tố vụ án",
    "Quyết định truy tố", "Tranh chấp quyền sử dụng đất", "Đắk Lắk", "Bùi Thị Xuân",
    "người bị hại", "Phường Tân Phú", "ông Lê Hữu Nghĩa", "ủy ban nhân dân",
]


def test_doctests() -> None:
    assert doctest.testmod(le).failed == 0


@pytest.mark.parametrize(("legacy", "unicode"), [
    ("NguyÔn V¨n A", "Nguyễn Văn A"),
    ("TrÇn ThÞ §µo", "Trần Thị Đào"),
    ("Tßa ¸n nh©n d©n", "Tòa án nhân dân"),
    ("ViÖn kiÓm s¸t", "Viện kiểm sát"),
    ("Tr­êng", "Trường"),
    ("c¬ quan ®iÒu tra", "cơ quan điều tra"),
])
def test_tcvn3_known_words(legacy: str, unicode: str) -> None:
    assert le.tcvn3_decode(legacy) == unicode
    assert le.to_unicode(legacy) == (unicode, "tcvn3")


@pytest.mark.parametrize(("legacy", "unicode"), [
    ("Nguyeãn Vaên A", "Nguyễn Văn A"),
    ("Traàn Thò Ñaøo", "Trần Thị Đào"),
    ("Toøa aùn nhaân daân", "Tòa án nhân dân"),
    ("Vieän kieåm saùt", "Viện kiểm sát"),
    ("Tröôøng", "Trường"),
    ("cô quan ñieàu tra", "cơ quan điều tra"),
    ("Ñaék Laék", "Đắk Lắk"),
])
def test_vni_known_words(legacy: str, unicode: str) -> None:
    assert le.vni_decode(legacy) == unicode
    assert le.to_unicode(legacy) == (unicode, "vni")


def test_table_sizes() -> None:
    # 134 precomposed Vietnamese letters (67 lower, 67 upper) in VNI.
    assert len(le.UNICODE_TO_VNI) == 134 and len(le.VNI_TO_UNICODE) == 134
    # TCVN3: 7 bare capitals + 7 bare lower-case marked letters + 60 lower-case toned
    # vowels, and the toned capitals TCVN 5712 places in the same range.
    assert len(le.TCVN3_TO_UNICODE) == len(set(le.TCVN3_TO_UNICODE.values())) == 90


@pytest.mark.parametrize("word", WORDS)
def test_round_trips(word: str) -> None:
    assert le.vni_decode(le.vni_encode(word)) == word
    assert le.to_unicode(le.vni_encode(word)) == (word, "vni")
    assert le.tcvn3_decode(le.tcvn3_encode(word)) == word
    assert le.to_unicode(le.tcvn3_encode(word)) == (word, "tcvn3")


@pytest.mark.parametrize("text", [
    *WORDS, "Tòa án", "Hà Nội", "Café", "José", "Müller", "«Ngày»", "§ 2", "25°C",
    "iPhone", "Nguyễn Văn A (bị can); Trần Thị B (bị hại)", "01/2026/HS-ST", "",
])
def test_unicode_is_left_alone(text: str) -> None:
    assert le.detect(text) is None
    assert le.to_unicode(text) == (text, None)


def test_capital_with_tone_has_no_tcvn3_code() -> None:
    with pytest.raises(ValueError):
        le.tcvn3_encode("Ý kiến")


def test_a_lone_ambiguous_word_is_read_as_vni() -> None:
    # TCVN3 "ñy" (ủy) and VNI "ñy" (đy) both look like syllables; with no TCVN3 symbol
    # in the cell the tie goes to VNI. Longer cells carry enough evidence.
    assert le.detect(le.tcvn3_encode("ủy")) == "vni"
    assert le.to_unicode(le.tcvn3_encode("ủy ban nhân dân"))[0] == "ủy ban nhân dân"
