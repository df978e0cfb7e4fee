"""Citations of other documents: "Nghị quyết số 49-NQ/TW ngày 02/6/2005 của Bộ Chính trị"."""

from __future__ import annotations

import re
from typing import Any

from .dates import ANY_DATE, BARE_DATE, date_from_match
from .textutil import fold
from .vocab import PARTY_TYPE_OVERRIDES, TYPE_CODES, TYPE_WORDS

_TYPE_ALT = "|".join(re.escape(w) for w in TYPE_WORDS)
# Party symbol "49-NQ/TW"; State "30/2020/NĐ-CP", "45/UBND-NC", "02/TTr-CAT-ANCTNB";
# laws and resolutions of the National Assembly "247/2025/QH15". OCR and line breaks
# leave spaces after hyphens ("NĐ- CP"), removed afterwards.
PARTY_SYMBOL = r"\d+\s?-\s?[A-ZĐ][A-Za-zĐđ]*/[A-ZĐ][A-Za-zĐđ0-9]*(?:-[A-ZĐ][A-Za-zĐđ0-9]*)*"
STATE_SYMBOL = r"\d+(?:/\d{4})?/(?:[A-ZĐ][A-Za-zĐđ]*(?:-\s?[A-ZĐ][A-Za-zĐđ0-9]*(?:\.[A-Z0-9]+)*)+|QH\d+|UBTVQH\d+)"
# Scanning for symbols first and then looking back for "Nghị quyết số" is much faster
# than one pattern that tries every type word at every position.
SYMBOL_RE = re.compile(rf"(?<![\w/])(?P<sym>{PARTY_SYMBOL}|{STATE_SYMBOL})(?![\w/])")
INTRO_RE = re.compile(rf"(?:(?P<type>{_TYPE_ALT})\s+)?(?P<so>số\s*:?\s*)?$", re.IGNORECASE)
DATE_AFTER_RE = re.compile(rf"^\s*,?\s*{ANY_DATE}", re.IGNORECASE)
# The issuer after "của", cut at the first word that starts what the document is about.
ISSUER_RE = re.compile(
    r"^\s*,?\s*của\s+(?P<issuer>.+?)(?=\s+(?:về|quy định|ban hành|phê duyệt|thực hiện|khóa|khoá|chỉ\s+đạo|gửi|để|tại|đã|đến|với|trong|theo|nghị định|triển khai)\b|\s+và\s+(?-i:[a-zà-ỹđ]|(?:" + _TYPE_ALT + r")\b)|\s+và\s*$|\s*[,;.():¶]|\s+Kính gửi|$)",
    re.IGNORECASE,
)
ACRONYM_RE = re.compile(r"^\s*\([A-ZĐ][A-ZĐ0-9 &-]{1,15}\)")
# "Ngày 09 tháng 6 năm 2025, Chính phủ ban hành Nghị định số ..." (date and issuer first)
PRE_ISSUED_RE = re.compile(
    rf"[Nn]gày\s+{BARE_DATE}\s*,?\s+(?P<issuer>[A-ZĐÀ-Ỹ][\wÀ-ỹ]*(?:\s+[\wÀ-ỹ]+){{0,8}}?)\s+(?:đã\s+)?ban hành\s+$"
)


def normalise_symbol(sym: str) -> str:
    return re.sub(r"\s+", "", sym)


def type_from_symbol(sym: str, family: str | None) -> str | None:
    if m := re.match(r"^\d+-([A-Za-zĐđ]+)/", sym):
        code = m.group(1)
        return PARTY_TYPE_OVERRIDES.get(code) or TYPE_CODES.get(code)
    parts = sym.split("/")
    last = parts[-1]
    if re.fullmatch(r"(?:UBTV)?QH\d+", last):
        return "Luật" if not last.startswith("UBTV") else "Nghị quyết"
    code = last.split("-")[0]
    if code in TYPE_CODES and "-" in last:
        return TYPE_CODES[code]
    return "Công văn"


_CANONICAL_TYPES = {fold(w): w for w in TYPE_WORDS}


def _canonical_type(word: str) -> str:
    return _CANONICAL_TYPES.get(fold(word), word)


def _issuer(after: str) -> str | None:
    m = ISSUER_RE.match(after)
    if not m:
        return None
    issuer = m.group("issuer").strip()
    # An acronym in brackets right after the name is part of it: "… Khí Việt Nam- CTCP (PV GAS)".
    if acronym := ACRONYM_RE.match(after[m.end("issuer") :]):
        issuer += acronym.group(0).rstrip()
    return issuer if 2 <= len(issuer) <= 80 else None


def _merge(found: list[dict[str, Any]], item: dict[str, Any]) -> None:
    for old in found:
        if old["number_symbol"] != item["number_symbol"]:
            continue
        if old["date"] and item["date"] and old["date"] != item["date"]:
            continue
        for key in ("type", "date", "issuer"):
            if old[key] is None:
                old[key] = item[key]
        # Prefer a mixed-case issuer over one copied from an upper-case title.
        if old["issuer"] and item["issuer"] and old["issuer"].isupper() and not item["issuer"].isupper():
            old["issuer"] = item["issuer"]
        return
    found.append(item)


def find_citations(text: str, *, own_symbol: str | None, family: str | None) -> list[dict[str, Any]]:
    """Documents cited by number and symbol, in order of first mention, without duplicates.

    >>> find_citations("theo Nghị quyết số 49-NQ/TW ngày 02/6/2005 của Bộ Chính trị và", own_symbol=None, family="party")
    [{'number_symbol': '49-NQ/TW', 'type': 'Nghị quyết', 'date': '2005-06-02', 'issuer': 'Bộ Chính trị'}]
    """
    # Join symbols broken over lines ("31-\\nCTr/TW") and then the lines themselves.
    text = re.sub(r"(\d)-\s*\n\s*", r"\1-", text)
    text = re.sub(r"\n\s*\n\s*", " ¶ ", text)  # a blank line ends any issuer name
    text = re.sub(r"\s*\n\s*", " ", text)
    found: list[dict[str, Any]] = []
    for m in SYMBOL_RE.finditer(text):
        intro = INTRO_RE.search(text[max(0, m.start() - 40) : m.start()])
        if intro is None or not (intro.group("type") or intro.group("so")):
            continue
        start = m.start() - (len(intro.group(0)))
        sym = normalise_symbol(m.group("sym"))
        if sym == own_symbol:
            continue
        after = text[m.end() : m.end() + 200]
        day = None
        if dm := DATE_AFTER_RE.match(after):
            day = date_from_match(dm)
            after = after[dm.end() :]
        issuer = _issuer(after)
        before = text[max(0, start - 160) : start]
        if intro.group("type") and (day is None or issuer is None) and (pm := PRE_ISSUED_RE.search(before)):
            day = day or date_from_match(pm)
            issuer = issuer or pm.group("issuer").strip()
        kind = _canonical_type(intro.group("type")) if intro.group("type") else type_from_symbol(sym, family)
        item = {"number_symbol": sym, "type": kind, "date": day.isoformat() if day else None, "issuer": issuer}
        _merge(found, item)
    return found
