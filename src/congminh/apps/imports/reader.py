"""Rows out of an uploaded file: XLSX (openpyxl read-only) or CSV in UTF-8 (with or
without BOM) or Windows-1258, the code page of older Vietnamese Windows exports."""

from __future__ import annotations

import codecs
import csv
import io
import unicodedata
from collections.abc import Iterator
from typing import Any

from openpyxl import load_workbook

Row = tuple[Any, ...]


def read_rows(data: bytes, file_name: str) -> Iterator[Row]:
    """Every row, heading row first, cells as read (str, number, date or None)."""
    if data[:2] == b"PK":  # a ZIP container: XLSX whatever the file is called
        yield from _xlsx_rows(data)
    else:
        yield from _csv_rows(data)


def _xlsx_rows(data: bytes) -> Iterator[Row]:
    book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        for row in sheet.iter_rows(values_only=True):
            yield tuple(row)
    finally:
        book.close()


def decode_csv(data: bytes) -> str:
    """UTF-8 (BOM or not), else Windows-1258; text comes back in NFC because
    Windows-1258 writes tone marks as separate combining characters."""
    encoding = csv_encoding(data)
    if encoding == "cp1258":
        return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))
    return data.decode(encoding)


def csv_encoding(data: bytes) -> str:
    """"utf-8-sig" (BOM), "utf-8" when the whole file is valid UTF-8, else "cp1258".
    Checked in slices, so a big file is not decoded into one string just to see."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.isascii():
        return "utf-8"
    check = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), _SLICE):
            check.decode(view[start:start + _SLICE], final=start + _SLICE >= len(data))
    except UnicodeDecodeError:
        return "cp1258"
    return "utf-8"


_SLICE = 1 << 20


def _csv_rows(data: bytes) -> Iterator[Row]:
    """Rows streamed from the bytes (no whole-file string: a P-size file is 300 MB)."""
    encoding = csv_encoding(data)
    legacy = encoding == "cp1258"
    sample = data[:4096].decode(encoding, errors="ignore")
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=encoding,
                              errors="replace" if legacy else "strict", newline="")
    # NFC per cell is NFC of the whole text: delimiters, quotes and line ends compose
    # with no mark, so no composition crosses a cell boundary.
    for row in csv.reader(stream, dialect):
        yield tuple(unicodedata.normalize("NFC", cell) for cell in row) if legacy else tuple(row)
