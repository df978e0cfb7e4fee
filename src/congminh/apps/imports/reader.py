"""Rows out of an uploaded file: XLSX (openpyxl read-only, streaming) or CSV in UTF-8
(with or without BOM), UTF-16 (with its BOM, or without one when the NUL bytes show it)
or Windows-1258, the code page of older Vietnamese Windows exports; cells typed in TCVN3
or VNI fonts (read as Windows-1252) are converted later, per cell, by
`core.legacy_encodings`.

Every problem with the file itself is a `FileRejected` (a ValueError) naming the file,
and the row and column where it applies: the type (extension and content), a ZIP
container that unpacks too big (checked from its directory before openpyxl opens it),
more rows or columns than the limits (reading stops there), a control character in a
cell, a byte sequence the encoding cannot decode, a part that is damaged."""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
from collections.abc import Iterator
from typing import Any

from congminh.core.files import (
    HEAD,
    SPREADSHEET_SUFFIXES,
    FileLimits,
    FileRejected,
    check_zip,
    damaged,
    kind_of,
)
from congminh.core.files import number as count
from congminh.core.legacy_encodings import _invalid_words, to_unicode  # the cells' own judge

Row = tuple[Any, ...]
# C0 control characters other than tab, line feed and carriage return, and DEL: no clerk
# types them, XML cannot hold them (the error workbook), PostgreSQL refuses NUL.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def read_rows(data: bytes, file_name: str, limits: FileLimits | None = None) -> Iterator[Row]:
    """Every row, heading row first, cells as read (str, number, date or None); trailing
    empty cells of an XLSX row are left off. `limits`: those of the settings by default."""
    if limits is None:
        from congminh.apps.imports.uploads import upload_limits

        limits = upload_limits()
    kind = kind_of(file_name, data[:HEAD], accept=SPREADSHEET_SUFFIXES, size=len(data))
    if kind == "xlsx":
        check_zip(file_name, data, limits)
        yield from _bounded(_xlsx_rows(data, file_name), file_name, limits, texts=False)
    else:
        yield from _bounded(_csv_rows(data, file_name), file_name, limits, texts=True)


def _bounded(rows: Iterator[Row], file_name: str, limits: FileLimits, *, texts: bool) -> Iterator[Row]:
    """`rows` up to the limits, each checked for control characters (`texts`: every
    cell is a str, as in a CSV file, so the row is searched in one piece)."""
    max_rows, max_columns, search = limits.max_rows, limits.max_columns, _CONTROL.search
    for number, row in enumerate(rows, start=1):
        if number > max_rows:
            raise FileRejected(file_name, f"tệp có hơn {count(max_rows)} dòng, quá giới hạn; "
                                          "hãy chia thành nhiều tệp nhỏ hơn",
                               code="too_many_rows", row=number)
        if len(row) > max_columns:
            raise FileRejected(file_name, f"dòng có {len(row)} cột, quá giới hạn {max_columns} cột",
                               code="too_many_columns", row=number)
        if search("".join(row) if texts else "".join(v for v in row if type(v) is str)):
            _control_found(row, file_name, number)
        yield row


def _control_found(row: Row, file_name: str, number: int) -> None:
    for column, value in enumerate(row, start=1):
        found = _CONTROL.search(value) if isinstance(value, str) else None
        if found:
            raise FileRejected(
                file_name, f"ô chứa ký tự điều khiển U+{ord(found.group()):04X} (không in "
                           "được); hãy xóa ký tự đó rồi nhập lại", code="control_character",
                row=number, column=column)


def _xlsx_rows(data: bytes, file_name: str) -> Iterator[Row]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # any failure of openpyxl on these bytes is a damaged file
        raise damaged(file_name, exc) from exc
    number = 1
    try:
        if not book.worksheets:
            raise FileRejected(file_name, "tệp không có trang tính nào", code="damaged")
        rows = book.worksheets[0].iter_rows(values_only=True)
        while True:
            try:
                row = next(rows)
            except StopIteration:
                return
            except Exception as exc:
                raise damaged(file_name, exc, row=number) from exc
            # Trailing empty cells: openpyxl pads every row to the declared width.
            end = len(row)
            while end and row[end - 1] is None:
                end -= 1
            yield tuple(row[:end])
            number += 1
    finally:
        book.close()


def decode_csv(data: bytes) -> str:
    """The whole text (for small files): UTF-8 (BOM or not), UTF-16 (BOM), else
    Windows-1258; text comes back in NFC because Windows-1258 writes tone marks as
    separate combining characters."""
    encoding = csv_encoding(data)
    if encoding in _SINGLE_BYTE:
        return unicodedata.normalize("NFC", data.decode(encoding, errors="replace"))
    return data.decode(encoding)


def csv_encoding(data: bytes) -> str:
    """"utf-8-sig" (BOM), "utf-16" (either BOM), "utf-16-le"/"utf-16-be" (no BOM, but
    the NUL bytes of ASCII letters), "utf-8" when the whole file is valid UTF-8, else
    "cp1258" or, for cells typed in a TCVN3 or VNI font, "cp1252" (`_code_page`).
    Checked in slices, so a big file is not decoded into one string just to see."""
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    head = data[:4096]
    if len(head) >= 4 and head.count(b"\x00") * 3 >= len(head):
        return "utf-16-le" if head[1::2].count(b"\x00") > head[::2].count(b"\x00") else "utf-16-be"
    if data.isascii():
        return "utf-8"
    check = codecs.getincrementaldecoder("utf-8")()
    view = memoryview(data)
    try:
        for start in range(0, len(data), _SLICE):
            check.decode(view[start:start + _SLICE], final=start + _SLICE >= len(data))
    except UnicodeDecodeError:
        return _code_page(data[:_SAMPLE])
    return "utf-8"


_SLICE = 1 << 20
_SAMPLE = 1 << 16


def _code_page(sample: bytes) -> str:
    """"cp1258", or "cp1252" when the cells were typed in a TCVN3 or VNI font: such a
    file stores the Windows-1252 characters the font draws as Vietnamese letters, and
    read as cp1258 some of them (0xD2, 0xE3, …) would turn into other letters that
    `to_unicode` could not convert back. The reading with fewer words that are not
    Vietnamese syllables wins."""
    as_1258 = unicodedata.normalize("NFC", sample.decode("cp1258", errors="replace"))
    fonts, legacy = to_unicode(sample.decode("cp1252", errors="replace"))
    return "cp1252" if legacy and _invalid_words(fonts) < _invalid_words(as_1258) else "cp1258"


def _csv_rows(data: bytes, file_name: str) -> Iterator[Row]:
    """Rows streamed from the bytes (no whole-file string: a P-size file is 300 MB)."""
    encoding = csv_encoding(data)
    legacy = encoding in _SINGLE_BYTE
    sample = data[:4096].decode(encoding, errors="ignore")
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    stream = io.TextIOWrapper(io.BytesIO(data), encoding=encoding,
                              errors="replace" if legacy else "strict", newline="")
    number = 1  # the row being read, for the messages
    try:
        for row in csv.reader(stream, dialect):
            # NFC per cell is NFC of the whole text: delimiters, quotes and line ends
            # compose with no mark, so no composition crosses a cell boundary.
            yield tuple(unicodedata.normalize("NFC", cell) for cell in row) if legacy else tuple(row)
            number += 1
    except UnicodeDecodeError as exc:
        raise FileRejected(file_name, f"có byte không đọc được theo bảng mã {_ENCODINGS[encoding]} "
                                      "(tệp bị cắt cụt hoặc lẫn bảng mã); hãy lưu lại tệp dạng "
                                      "CSV UTF-8", code="encoding", row=number) from exc
    except csv.Error as exc:
        raise _csv_problem(file_name, exc, number) from exc


_ENCODINGS = {"utf-8": "UTF-8", "utf-8-sig": "UTF-8", "utf-16": "UTF-16", "utf-16-le": "UTF-16",
              "utf-16-be": "UTF-16", "cp1258": "Windows-1258", "cp1252": "Windows-1252"}
_SINGLE_BYTE = ("cp1258", "cp1252")


def _csv_problem(file_name: str, exc: csv.Error, number: int) -> FileRejected:
    text = str(exc)
    if "NUL" in text:
        return FileRejected(file_name, "dòng chứa ký tự NUL (byte 0): tệp không phải văn bản CSV "
                                       "hoặc bị hỏng", code="control_character", row=number)
    if "field larger" in text:
        return FileRejected(file_name, f"một ô dài hơn {count(csv.field_size_limit())} ký tự "
                                       "(thường do thiếu dấu ngoặc kép đóng)",
                            code="damaged", row=number)
    return damaged(file_name, exc, row=number)
