"""Rows out of an uploaded file: XLSX (openpyxl read-only) or CSV in UTF-8 (with or
without BOM) or Windows-1258, the code page of older Vietnamese Windows exports."""

from __future__ import annotations

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
        yield from _csv_rows(decode_csv(data))


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
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return unicodedata.normalize("NFC", data.decode("cp1258", errors="replace"))


def _csv_rows(text: str) -> Iterator[Row]:
    sample = text[:4096]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    for row in csv.reader(io.StringIO(text), dialect):
        yield tuple(row)
