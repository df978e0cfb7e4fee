"""A small streaming XLSX writer for the review's workbook (issue #11.6: a province's lists,
some 40,000 rows, in well under a second). openpyxl's write-only mode builds an object per
styled cell and serialises it: on the same rows of the S province's lists, with the same
styles, it took about 20 times as long (`bench/reports.py` measures both in one run), and
it cannot reuse a row already written (`export._list_blocks` keeps each case's cells).

Each row is turned into its XML at once and kept as text; the workbook is the few fixed
parts of the Office Open XML package around them. What the review needs and nothing else:
numbers, texts (inline strings: no shared-string table to build), real dates (serial
numbers under a dd/mm/yyyy format), booleans, intended formulas (`Formula`), a handful of
styles, column widths. A text is always a text: one starting with ``=`` stays a string
cell (formula injection, `core.spreadsheets`), only a `Formula` is written as one.

Rows may also come compressed ahead (`Packed`, made by `pack`): raw deflate blocks that end
on a byte boundary (a sync flush), so the package's sheet is their concatenation with the
rest compressed now, and its CRC-32 is combined from theirs. The lists of a province
(some 30 MB of XML) are then written without encoding or compressing their rows again
(`export`: kept with the review's snapshot, per block of rows).

    >>> sheet = Sheet("Tổng hợp", widths={"A": 20})
    >>> sheet.append(["Số cũ", 1, Formula("=C6+C7"), dt.date(2026, 3, 2)])
    >>> sheet.rows[0]
    '<row><c t="inlineStr"><is><t xml:space="preserve">Số cũ</t></is></c><c><v>1</v></c><c><f>C6+C7</f></c><c s="1"><v>46083</v></c></row>'
"""

from __future__ import annotations

import datetime as dt
import re
import struct
import zlib
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from enum import IntEnum
from typing import Any
from xml.sax.saxutils import escape, quoteattr

_EPOCH = dt.date(1899, 12, 30)  # Excel's day 0 (the 1900 date system)
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")  # not allowed in XML 1.0
_MAX_TEXT = 32767  # Excel's limit for a cell
_NOT_IN_NAMES = re.compile(r"[\[\]:*?/\\]")  # Excel refuses them in a sheet's name


class Formula(str):
    """A formula the report means (its totals, the form's checks), ``=`` included."""


class Style(IntEnum):
    """The cell formats of `_STYLES` (cellXfs), by position."""

    PLAIN = 0
    DATE = 1  # dd/mm/yyyy
    WRAP = 2  # wrapped, top-aligned (list rows)
    WRAP_DATE = 3
    BOLD = 4  # wrapped, top-aligned, bold (header rows)
    TITLE = 5  # bold, larger


def _text(value: str) -> str:
    return escape(_ILLEGAL.sub("", value[:_MAX_TEXT]))


def cell(value: Any, style: Style = Style.PLAIN) -> str:
    """One cell's XML (no reference: cells follow each other, as the format allows)."""
    s = f' s="{int(style)}"' if style else ""
    if value is None or value == "":
        return f"<c{s}/>"
    if isinstance(value, Formula):
        return f"<c{s}><f>{_text(value[1:])}</f></c>"
    if isinstance(value, str):
        return f'<c t="inlineStr"{s}><is><t xml:space="preserve">{_text(value)}</t></is></c>'
    if isinstance(value, bool):
        return f'<c t="b"{s}><v>{int(value)}</v></c>'
    if isinstance(value, (int, float, Decimal)):
        return f"<c{s}><v>{value}</v></c>"
    if isinstance(value, dt.date):
        day = value.date() if isinstance(value, dt.datetime) else value
        dated = Style.WRAP_DATE if style in (Style.WRAP, Style.WRAP_DATE) else Style.DATE
        return f'<c s="{int(dated)}"><v>{(day - _EPOCH).days}</v></c>'
    return cell(str(value), style)


# Deflate's level for what is compressed here. Level 1: a province's sheets are tens of MB
# of repetitive XML; higher levels cost several times the time for a file a few percent
# smaller.
_LEVEL = 1


@dataclass(frozen=True, slots=True)
class Packed:
    """Rows' XML compressed ahead: raw deflate blocks ending on a byte boundary, with the
    CRC-32, the length in bytes and the number of rows of what they hold."""

    data: bytes
    crc: int
    size: int
    rows: int


def pack(rows: Sequence[str]) -> Packed:
    """`rows` (each a row's XML, as `Sheet.rows` holds them) compressed ahead.

    >>> packed = pack(["<row/>", "<row/>"])
    >>> packed.size, packed.rows, zlib.decompressobj(-15).decompress(packed.data)
    (12, 2, b'<row/><row/>')
    """
    raw = "".join(rows).encode("utf-8")
    deflate = zlib.compressobj(_LEVEL, zlib.DEFLATED, -15)
    return Packed(deflate.compress(raw) + deflate.flush(zlib.Z_SYNC_FLUSH), zlib.crc32(raw), len(raw), len(rows))


class Sheet:
    """A worksheet written row by row (`rows`), then the rows compressed ahead (`packed`)."""

    def __init__(self, name: str, *, widths: Mapping[str, float] | None = None) -> None:
        self.name = _NOT_IN_NAMES.sub("", name)[:31]
        self.widths = dict(widths or {})
        self.rows: list[str] = []
        self.packed: list[Packed] = []

    def append(self, values: Iterable[Any], style: Style = Style.PLAIN) -> None:
        assert not self.packed, "rows after the packed ones"
        self.rows.append("<row>" + "".join(cell(v, style) for v in values) + "</row>")

    @property
    def max_row(self) -> int:
        return len(self.rows) + sum(p.rows for p in self.packed)

    def _head(self) -> str:
        cols = "".join(f'<col min="{_column(letter)}" max="{_column(letter)}" width="{width}" customWidth="1"/>'
                       for letter, width in sorted(self.widths.items(), key=lambda i: _column(i[0])))
        return (_XML + f'<worksheet xmlns="{_MAIN}"><sheetFormatPr defaultRowHeight="15"/>'
                + (f"<cols>{cols}</cols>" if cols else "") + "<sheetData>")

    def xml(self) -> str:
        packed = "".join(zlib.decompressobj(-15).decompress(p.data).decode("utf-8") for p in self.packed)
        return self._head() + "".join(self.rows) + packed + _TAIL

    def parts(self) -> list[str | Packed]:
        """The sheet's XML: texts to compress, and the packed rows."""
        return [self._head() + "".join(self.rows), *self.packed, _TAIL]


def _column(letters: str) -> int:
    n = 0
    for ch in letters.upper():
        n = n * 26 + ord(ch) - 64
    return n


def workbook(sheets: Sequence[Sheet]) -> bytes:
    """The package: content types, relationships, workbook, styles, the sheets."""
    names = "".join(f'<sheet name={quoteattr(_ILLEGAL.sub("", s.name))} sheetId="{i}" r:id="rId{i}"/>'
                    for i, s in enumerate(sheets, start=1))
    rels = "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                   for i in range(1, len(sheets) + 1))
    rels += f'<Relationship Id="rId{len(sheets) + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_CT}.worksheet+xml"/>'
                        for i in range(1, len(sheets) + 1))
    members: list[tuple[str, Sequence[str | Packed]]] = [
        ("[Content_Types].xml", [_XML + (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>'
            f"{overrides}</Types>")]),
        ("_rels/.rels", [_XML + (
            f'<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>')]),
        ("xl/workbook.xml", [_XML + (
            f'<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>{names}</sheets></workbook>')]),
        ("xl/_rels/workbook.xml.rels", [_XML + f'<Relationships xmlns="{_PKG_REL}">{rels}</Relationships>']),
        ("xl/styles.xml", [_XML + _STYLES]),
    ]
    members += [(f"xl/worksheets/sheet{i}.xml", sheet.parts()) for i, sheet in enumerate(sheets, start=1)]
    return _zip(members)


# A ZIP file's records (APPNOTE.TXT 4.3.7, 4.3.12, 4.3.16): version 2.0, deflated, no flag,
# the DOS date 01/01/1980 00:00 (the same file for the same content).
_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_DOS_DATE = (1 << 5) | 1
_FINAL = b"\x03\x00"  # an empty final block (fixed codes): ends a deflate stream


def _crc_after(crc: int, packed: Packed) -> int:
    """The CRC-32 of what `crc` covers followed by `packed`'s content, from the two CRCs:
    CRC-32 is affine in its input, so crc(A+B) = crc(zeros, crc(A)) ^ crc(zeros) ^ crc(B)
    with as many zeros as B has bytes."""
    zeros = _zeros(packed.size)
    return zlib.crc32(zeros, crc) ^ zlib.crc32(zeros) ^ packed.crc


_ZEROS = [bytes(1 << 20)]


def _zeros(size: int) -> memoryview:
    if len(_ZEROS[0]) < size:
        _ZEROS[0] = bytes(size)
    return memoryview(_ZEROS[0])[:size]


def _zip(members: Sequence[tuple[str, Sequence[str | Packed]]]) -> bytes:
    """The ZIP package of `members` (name, content), each deflated: texts compressed now,
    packed parts as they are."""
    out: list[bytes] = []
    central: list[bytes] = []
    offset = 0
    for name, parts in members:
        crc = size = 0
        chunks: list[bytes] = []
        for part in parts:
            if isinstance(part, str):
                raw = part.encode("utf-8")
                deflate = zlib.compressobj(_LEVEL, zlib.DEFLATED, -15)
                chunks += (deflate.compress(raw), deflate.flush(zlib.Z_SYNC_FLUSH))
                crc, size = zlib.crc32(raw, crc), size + len(raw)
            else:
                chunks.append(part.data)
                crc, size = _crc_after(crc, part), size + part.size
        chunks.append(_FINAL)
        compressed = sum(len(c) for c in chunks)
        encoded = name.encode("ascii")
        header = _LOCAL.pack(0x04034B50, 20, 0, 8, 0, _DOS_DATE, crc, compressed, size, len(encoded), 0)
        central.append(_CENTRAL.pack(0x02014B50, 20, 20, 0, 8, 0, _DOS_DATE, crc, compressed, size,
                                     len(encoded), 0, 0, 0, 0, 0o600 << 16, offset) + encoded)
        out += (header, encoded, *chunks)
        offset += len(header) + len(encoded) + compressed
    directory = b"".join(central)
    out += (directory, _END.pack(0x06054B50, 0, 0, len(members), len(members), len(directory), offset, 0))
    return b"".join(out)


_XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_TAIL = "</sheetData></worksheet>"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_TOP = '<alignment wrapText="1" vertical="top"/>'
# The order of cellXfs is `Style`'s.
_STYLES = (
    f'<styleSheet xmlns="{_MAIN}">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="DD/MM/YYYY"/></numFmts>'
    '<fonts count="3"><font><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="11"/><name val="Calibri"/></font>'
    '<font><b/><sz val="13"/><name val="Calibri"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill>'
    '<fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="6">'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>'
    f'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">{_TOP}</xf>'
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1" '
    f'applyAlignment="1">{_TOP}</xf>'
    f'<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" applyAlignment="1">{_TOP}</xf>'
    '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '</cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>'
    "</styleSheet>"
)
