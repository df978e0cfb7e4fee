"""Parse the text of one document into the contract dict (CONTRACTS.md section 2)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from .citations import find_citations
from .closing import Closing, parse_closing
from .extract import extract_text
from .header import Header, parse_header
from .layout import split_lines
from .tasks import find_tasks
from .textutil import fix_ocr_words, nfc
from .vocab import TYPE_CODES, TYPE_HEADINGS
from .webcopy import page_metadata, unflatten

# State công văn symbols carry no type code: "9389/BNNMT-BĐKH", "45/UBND-NC".
STATE_CODE_RE = re.compile(r"^/(?:\d{4}/)?(?P<code>[A-Za-zĐđ]+)-")
PARTY_CODE_RE = re.compile(r"^-(?P<code>[A-Za-zĐđ]+)/")


def _type_from_symbol(header: Header) -> None:
    """Fill the type code (and, for a công văn, the type) from the symbol."""
    tail = header.symbol_tail or ""
    m = PARTY_CODE_RE.match(tail) or STATE_CODE_RE.match(tail)
    code = m.group("code") if m else None
    if code and code in TYPE_CODES:
        header.type_code = header.type_code or code
        if header.type is None:
            names = {v: k for k, v in TYPE_HEADINGS.items()}
            header.type = names.get(code)
    elif m and header.type is None and (m.re is STATE_CODE_RE or header.family == "party"):
        # "9389/BNNMT-BĐKH" (state) or a Party symbol: a letter. Not an old state symbol
        # with a dash ("24-L/CTN"), whose code names no letter.
        header.type, header.type_code = "CÔNG VĂN", "CV"


def _warnings(header: Header) -> list[str]:
    warnings: list[str] = []
    if header.number_symbol is None:
        warnings.append("number and symbol not found" if not header.symbol_tail else "number not found")
    if header.place is None and header.date is None:
        warnings.append("place and date not found")
    elif header.date is None:
        warnings.append("date not found")
    for name in ("family", "issuer", "type", "subject"):
        if getattr(header, name) is None:
            warnings.append(f"{name} not found")
    return warnings + header.warnings


def _apply_metadata(header: Header, meta: dict[str, str]) -> None:
    """Fields the document's own header lacks, from the website's metadata around it."""
    symbol = meta.get("number_symbol")
    if header.number_symbol is None and symbol and (m := re.match(r"^(\d+)(.+)$", symbol)):
        header.number, header.symbol_tail, header.number_symbol = m.group(1), m.group(2), symbol
        header.warnings.append("number and symbol read from the page's metadata")
    if header.type is None and (kind := meta.get("type")):
        heading = kind.upper()
        if heading in TYPE_HEADINGS:
            header.type, header.type_code = heading, TYPE_HEADINGS[heading]
    if header.issuer is None and meta.get("issuer"):
        header.issuer = meta["issuer"]
        header.warnings.append("issuer read from the page's metadata")
    if header.date is None and meta.get("date"):
        header.date = dt.date.fromisoformat(meta["date"])
        header.warnings.append("date read from the page's metadata")


def _signer_from_metadata(closing: Closing, meta: dict[str, str]) -> None:
    """A web copy that lost its signature block still names the signer in its metadata."""
    if (closing.signer and closing.signer.get("name")) or not meta.get("signer"):
        return
    closing.signer = {"authority": None, "title": None, "name": meta["signer"]}
    closing.warnings = [w for w in closing.warnings if w != "signer not found"]
    closing.warnings.append("signer read from the page's metadata")


def parse_text(text: str) -> dict[str, Any]:
    """Parse a document's text into the `congminh doc parse` output."""
    text = unflatten(fix_ocr_words(nfc(text)))
    lines = split_lines(text)
    header, received = parse_header(lines)
    meta = page_metadata(text)
    _apply_metadata(header, meta)
    _type_from_symbol(header)
    closing = parse_closing(lines, header.skip)
    _signer_from_metadata(closing, meta)
    body_skip = header.skip | closing.lines
    # The stamp's file-code box often holds spilled header text; keep it out of citations.
    cited_text = "\n".join(line.text for line in lines if line.index not in header.stamp_lines)
    citations = find_citations(cited_text, own_symbol=header.number_symbol, family=header.family)
    tasks = find_tasks(lines, body_skip, header)
    return {
        "family": header.family,
        "issuer": header.issuer,
        "issuer_parent": header.issuer_parent,
        "type": header.type,
        "type_code": header.type_code,
        "number": header.number,
        "number_symbol": header.number_symbol,
        "place": header.place,
        "date": header.date.isoformat() if header.date else None,
        "subject": header.subject,
        "addressees": header.addressees,
        "citations": citations,
        "tasks": tasks,
        "recipients": closing.recipients,
        "signer": closing.signer,
        "received": received,
        "warnings": _warnings(header) + closing.warnings,
    }


def parse_file(path: str | Path) -> dict[str, Any]:
    """Extract the text of `path` (txt, docx, pdf, scan) and parse it."""
    return parse_text(extract_text(path))
