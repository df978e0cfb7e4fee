"""Vietnamese text typed in the pre-Unicode encodings TCVN3 (ABC) and VNI-Windows.

Older provincial spreadsheets were typed with ".VnTime" (TCVN3) or "VNI-Times" fonts:
the file stores the Windows-1252 characters whose byte values the font draws as
Vietnamese letters, so a reader without the font sees "NguyÔn V¨n A" (TCVN3) or
"Nguyeãn Vaên A" (VNI) where the clerk saw "Nguyễn Văn A".

- TCVN3 is the VN3 subset of TCVN 5712:1993: one byte per letter. The table below is
  the 0xA1-0xFF range of the standard's chart as published in the GNU C library charmap
  `TCVN5712-1` (the combining marks 0xB0-0xB4 are left out: VN3 fonts do not use them).
  Capitals with a tone mark are outside VN3: ABC users typed them with the capital font
  ".VnTimeH" over lower-case codes, so they come back lower-case.
- VNI-Windows writes a vowel followed by one character for its marks (a + "ù" = á,
  a + "â" = â, a + "á" = ấ, a + "ê" = ă, a + "é" = ắ), plus single characters for
  ơ "ô", ư "ö", đ "ñ", the i family (ì í æ ó ò) and ỵ "î". The table is built from those
  composition rules (VNI's published keyboard chart), so each entry follows from a rule.

Detection never trusts one character: a cell is converted only when reading it in a
legacy encoding turns invalid Vietnamese words into valid syllables, and never when it
already contains Vietnamese letters beyond Latin-1 (real Unicode).

>>> to_unicode("NguyÔn V¨n A")
('Nguyễn Văn A', 'tcvn3')
>>> to_unicode("Nguyeãn Vaên A")
('Nguyễn Văn A', 'vni')
>>> to_unicode("Tòa án nhân dân")
('Tòa án nhân dân', None)
"""

from __future__ import annotations

import re
import unicodedata
from typing import Literal

from congminh.core.text import untone

Encoding = Literal["tcvn3", "vni"]

# TCVN 5712:1993, bytes 0xA1-0xFF (glibc charmap TCVN5712-1), without combining marks.
_TCVN3_BYTES: dict[int, str] = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ", 0xA8: "ă",
    0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ", 0xAF: "Ằ", 0xB5: "à",
    0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ", 0xBA: "Ẳ", 0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ",
    0xBE: "ắ", 0xBF: "Ẵ", 0xC0: "Ắ", 0xC1: "Ầ", 0xC2: "Ẩ", 0xC3: "Ẫ", 0xC4: "Ấ", 0xC5: "Ề",
    0xC6: "ặ", 0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ", 0xCC: "è", 0xCD: "Ể",
    0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ", 0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế",
    0xD6: "ệ", 0xD7: "ì", 0xD8: "ỉ", 0xD9: "Ễ", 0xDA: "Ế", 0xDB: "Ồ", 0xDC: "ĩ", 0xDD: "í",
    0xDE: "ị", 0xDF: "ò", 0xE0: "Ổ", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ", 0xE5: "ồ",
    0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ", 0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ",
    0xEE: "ợ", 0xEF: "ù", 0xF0: "Ỗ", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ", 0xF5: "ừ",
    0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự", 0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý",
    0xFE: "ỵ", 0xFF: "Ố",
}
# In a cell the byte shows as its Windows-1252 character, the same as Latin-1 here.
TCVN3_TO_UNICODE: dict[str, str] = {chr(b): u for b, u in _TCVN3_BYTES.items()}
UNICODE_TO_TCVN3: dict[str, str] = {u: t for t, u in TCVN3_TO_UNICODE.items()}

_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_CIRCUMFLEX, _BREVE, _HORN = "\u0302", "\u0306", "\u031b"
_TONES = (_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT)
# VNI mark characters (lower-case form; the upper-case form follows a capital).
_VNI_TONE = {_ACUTE: "ù", _GRAVE: "ø", _HOOK: "û", _TILDE: "õ", _DOT: "ï"}
_VNI_CIRCUMFLEX = {"": "â", _ACUTE: "á", _GRAVE: "à", _HOOK: "å", _TILDE: "ã", _DOT: "ä"}
_VNI_BREVE = {"": "ê", _ACUTE: "é", _GRAVE: "è", _HOOK: "ú", _TILDE: "ü", _DOT: "ë"}
# Letters VNI writes as one character: ơ ư đ, the i family, ỵ.
_VNI_SINGLE = {
    "ơ": "ô", "ư": "ö", "đ": "ñ", "ì": "ì", "í": "í", "ỉ": "æ", "ĩ": "ó", "ị": "ò", "ỵ": "î",
}


def _compose(*parts: str) -> str:
    return unicodedata.normalize("NFC", "".join(parts))


def _vni_table() -> dict[str, str]:
    """Unicode letter -> its VNI spelling, lower and upper case."""
    lower: dict[str, str] = dict(_VNI_SINGLE)
    for base in "aeouy":
        for tone, mark in _VNI_TONE.items():
            lower.setdefault(_compose(base, tone), base + mark)
    for base in "aeo":
        for tone, mark in _VNI_CIRCUMFLEX.items():
            lower[_compose(base, _CIRCUMFLEX, tone)] = base + mark
    for tone, mark in _VNI_BREVE.items():
        lower[_compose("a", _BREVE, tone)] = "a" + mark
    for base, vni in (("o", "ô"), ("u", "ö")):
        for tone, mark in _VNI_TONE.items():
            lower[_compose(base, _HORN, tone)] = vni + mark
    table = dict(lower)
    for uni, vni in lower.items():
        table[uni.upper()] = vni.upper()
    return table


UNICODE_TO_VNI: dict[str, str] = _vni_table()
VNI_TO_UNICODE: dict[str, str] = {v: u for u, v in UNICODE_TO_VNI.items()}
_VNI_PAIRS = {k: v for k, v in VNI_TO_UNICODE.items() if len(k) == 2}
_VNI_SINGLES = {k: v for k, v in VNI_TO_UNICODE.items() if len(k) == 1}


def tcvn3_decode(text: str) -> str:
    """Read `text` as TCVN3 (ABC).

    >>> tcvn3_decode("Tßa ¸n nh©n d©n tØnh Gia Lai")
    'Tòa án nhân dân tỉnh Gia Lai'
    """
    return "".join(TCVN3_TO_UNICODE.get(ch, ch) for ch in text)


def tcvn3_encode(text: str) -> str:
    """Write Unicode `text` in TCVN3; a capital with a tone mark has no TCVN3 code.

    >>> tcvn3_encode("Trần Thị Đào")
    'TrÇn ThÞ §µo'
    """
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) < 0x80:
            out.append(ch)
        elif ch in UNICODE_TO_TCVN3:
            out.append(UNICODE_TO_TCVN3[ch])
        else:
            raise ValueError(f"{ch!r} has no TCVN3 (ABC) code")
    return "".join(out)


def vni_decode(text: str) -> str:
    """Read `text` as VNI-Windows: a vowel and its mark character make one letter.

    >>> vni_decode("Vieän kieåm saùt nhaân daân tænh")
    'Viện kiểm sát nhân dân tỉnh'
    """
    out = []
    i = 0
    while i < len(text):
        pair = text[i:i + 2]
        if pair in _VNI_PAIRS:
            out.append(_VNI_PAIRS[pair])
            i += 2
            continue
        out.append(_VNI_SINGLES.get(text[i], text[i]))
        i += 1
    return "".join(out)


def vni_encode(text: str) -> str:
    """Write Unicode `text` in VNI-Windows.

    >>> vni_encode("Đắk Lắk")
    'Ñaék Laék'
    """
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if ord(ch) < 0x80:
            out.append(ch)
        elif ch in UNICODE_TO_VNI:
            out.append(UNICODE_TO_VNI[ch])
        else:
            raise ValueError(f"{ch!r} has no VNI code")
    return "".join(out)


# --- detection ----------------------------------------------------------------------

_VIET_LETTERS = frozenset(
    ch for uni in (*UNICODE_TO_VNI, *UNICODE_TO_TCVN3.keys(), "à", "á", "â", "ã", "è", "é",
                   "ê", "ì", "í", "ò", "ó", "ô", "õ", "ù", "ú", "ý", "ă", "đ", "ơ", "ư")
    for ch in (uni, uni.upper())
)
# Characters Windows-1252 puts at 0x80-0x9F (curly quotes, dashes...): legacy text
# may contain them, so their presence does not prove a cell is Unicode.
_CP1252_EXTRAS = frozenset(bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore"))
_TCVN3_SYMBOLS = frozenset(ch for ch in TCVN3_TO_UNICODE if not ch.isalpha())
_TOKEN = re.compile(r"[^\s0-9!-/:-@\[-`{-~]+")
_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdđghklmnprstvx])?"
# Vowel groups of Vietnamese rhymes, with their letter marks (tones stripped).
_NUCLEI = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iê", "iu", "oa", "oă", "oe", "oi", "ôi", "ơi", "oo", "ua", "uâ", "uê", "ui", "uô", "uơ", "ưa", "ưi", "ươ", "ưu", "uy", "yê", "iêu", "yêu", "oai", "oay", "oao", "oeo", "uây", "uôi", "ươi", "ươu", "uya", "uyê", "uyu"]
_SYLLABLE = re.compile(
    rf"{_ONSET}(?:{'|'.join(sorted(_NUCLEI, key=len, reverse=True))})(?:ch|ng|nh|[cmnptk])?"
)


def _is_syllable(token: str) -> bool:
    """Does `token` look like one Vietnamese syllable (letters, one tone, known shape)?"""
    if any(not ("a" <= ch.lower() <= "z") and ch not in _VIET_LETTERS for ch in token):
        return False
    if not (token.islower() or token.isupper() or (token[0].isupper() and token[1:].islower())):
        return False
    # Strip the tone but keep the letter marks: "oư" is no Vietnamese vowel group.
    plain, tones = untone(token)
    return tones <= 1 and _SYLLABLE.fullmatch(plain) is not None


def _invalid_words(text: str) -> int:
    # Words of plain ASCII read the same in every encoding: they decide nothing.
    return sum(
        1 for tok in _TOKEN.findall(text)
        if not tok.isascii() and not _is_syllable(tok)
    )


# One regex scan instead of a Python loop over the characters (a million cells).
_BEYOND_LEGACY = re.compile("[^\x00-\xff" + re.escape("".join(sorted(_CP1252_EXTRAS))) + "]")


def looks_unicode(text: str) -> bool:
    """True when `text` holds a letter no legacy cell can contain (beyond Latin-1)."""
    return _BEYOND_LEGACY.search(text) is not None


def detect(text: str) -> Encoding | None:
    """The legacy encoding `text` was typed in, or None if it reads fine as Unicode.

    >>> detect("§iÒu tra bæ sung"), detect("Ñieàu tra boå sung"), detect("Điều tra")
    ('tcvn3', 'vni', None)
    """
    if text.isascii() or looks_unicode(text):
        return None
    here = _invalid_words(text)
    if here == 0:
        return None
    tcvn3 = _invalid_words(tcvn3_decode(text))
    vni = _invalid_words(vni_decode(text))
    if min(tcvn3, vni) >= here:
        return None
    if tcvn3 == vni:
        # Both read well: TCVN3's symbol codes (¨ © ª « ¸ ...) never occur in VNI text.
        return "tcvn3" if any(ch in _TCVN3_SYMBOLS for ch in text) else "vni"
    return "tcvn3" if tcvn3 < vni else "vni"


def to_unicode(text: str) -> tuple[str, Encoding | None]:
    """`text` in Unicode NFC, and the legacy encoding it was converted from (or None)."""
    if text.isascii():  # most cells: numbers, codes, dates
        return text, None
    encoding = detect(text)
    if encoding == "tcvn3":
        text = tcvn3_decode(text)
    elif encoding == "vni":
        text = vni_decode(text)
    return unicodedata.normalize("NFC", text), encoding
