"""Limits on uploaded files, and the checks made before a library opens one.

A spreadsheet or a Word file is a ZIP of XML parts: a few megabytes can unpack to
gigabytes (a "zip bomb"), and openpyxl or python-docx would hold them in memory. A scan
can declare a billion pixels in a 100-byte header. So every file is checked here first,
from what it says about itself (the ZIP directory, the image header, the PDF page count),
and refused with a Vietnamese message naming the file and the problem (`FileRejected`).

The type is checked twice: the name's extension must be one the caller accepts, and the
first bytes must be that kind of file (PK for ZIP containers, %PDF, the PNG and JPEG
signatures; a text file must not look binary).

    >>> kind_of("so.xlsx", b"PK\\x03\\x04...")
    'xlsx'
    >>> kind_of("so.xlsx", b"%PDF-1.7")
    Traceback (most recent call last):
    ...
    congminh.core.files.FileRejected: Tệp «so.xlsx»: nội dung là một tệp PDF, không phải một tệp Excel (.xlsx).
"""

from __future__ import annotations

import io
import zipfile
from dataclasses import dataclass
from pathlib import PurePath
from typing import IO

MB = 1024 * 1024


@dataclass(frozen=True)
class FileLimits:
    """What an uploaded file may be. The defaults are those of the settings
    (CONGMINH_UPLOAD_MAX_MB and the others, see the README) but for `ocr_timeout`."""

    max_bytes: int = 50 * MB
    max_rows: int = 500_000  # per sheet (or CSV file), the heading row included
    max_columns: int = 200
    # The parts of a container together, unpacked (a spreadsheet's sheets are read
    # streaming: this bounds time, not memory).
    max_unzipped_bytes: int = 1000 * MB
    # The parts held in memory when unpacked: a Word file's, a spreadsheet's other than
    # its sheets (shared strings, styles).
    max_document_unzipped_bytes: int = 100 * MB
    max_zip_ratio: int = 100  # unpacked / packed, for a part bigger than 1 MB
    max_zip_entries: int = 10_000
    max_pdf_pages: int = 1000
    max_ocr_pages: int = 50
    max_image_pixels: int = 100_000_000  # an A4 page at 600 dpi is 35 million
    # Seconds for the whole document. The settings give 90 (CONGMINH_OCR_TIMEOUT), under
    # the server's 120 s (`congminh serve --timeout`), so the clerk gets the message before
    # the worker is killed; the command line (`congminh doc parse`) has more time.
    ocr_timeout: float = 600.0


DEFAULT_LIMITS = FileLimits()
# Parts smaller than this are not checked for their ratio: small XML compresses well.
_RATIO_FLOOR = MB


class FileRejected(ValueError):
    """The file cannot be accepted; `str()` is the Vietnamese message for the user.

    `code` names the problem for programs (too_big, empty, wrong_type, encrypted,
    zip_bomb, damaged, too_many_rows, too_many_columns, too_many_pages, too_many_pixels,
    control_character, encoding, timeout)."""

    def __init__(self, file_name: str, problem: str, *, code: str, row: int | None = None,
                 column: int | None = None) -> None:
        self.file_name, self.problem, self.code = file_name, problem, code
        self.row, self.column = row, column
        where = f"Tệp «{PurePath(file_name).name or file_name}»"
        if row is not None:
            where += f", dòng {row}"
        if column is not None:
            where += f", cột {column}"
        super().__init__(f"{where}: {problem}.")


# --- types ------------------------------------------------------------------------

LABELS = {
    "xlsx": "một tệp Excel (.xlsx)", "docx": "một tệp Word (.docx)", "pdf": "một tệp PDF",
    "png": "một ảnh PNG", "jpeg": "một ảnh JPEG", "tiff": "một ảnh TIFF", "bmp": "một ảnh BMP",
    "webp": "một ảnh WebP", "text": "một tệp văn bản (CSV hoặc TXT)", "zip": "một tệp nén ZIP",
    "ole": "một tệp Office 97–2003 (.xls, .doc) hoặc một tệp Office có mật khẩu",
    "gzip": "một tệp nén gzip", "exe": "một chương trình", "gif": "một ảnh GIF",
}
SUFFIXES = {
    ".xlsx": "xlsx", ".xlsm": "xlsx", ".docx": "docx", ".pdf": "pdf", ".png": "png",
    ".jpg": "jpeg", ".jpeg": "jpeg", ".tif": "tiff", ".tiff": "tiff", ".bmp": "bmp",
    ".webp": "webp", ".csv": "text", ".tsv": "text", ".txt": "text", ".text": "text",
    ".md": "text",
}
SPREADSHEET_SUFFIXES = (".xlsx", ".xlsm", ".csv", ".tsv", ".txt")
DOCUMENT_SUFFIXES = (".txt", ".docx", ".pdf", ".png", ".jpg", ".jpeg")
_SIGNATURES = (
    (b"PK\x03\x04", "zip"), (b"PK\x05\x06", "zip"), (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"), (b"\xff\xd8\xff", "jpeg"), (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"), (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"), (b"\x1f\x8b", "gzip"),
    (b"MZ", "exe"), (b"\x7fELF", "exe"), (b"GIF8", "gif"),
)
_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
# Signatures a text file could start with too ("MZ…", "BM…"): believed only of binary bytes.
_WEAK = ("exe", "bmp", "gif", "tiff")
# How much of the file `kind_of` wants: enough for an OLE directory to name its streams.
HEAD = 1 << 16


def sniff(head: bytes) -> str | None:
    """The kind the first bytes announce (None: no known signature, maybe text)."""
    for signature, kind in _SIGNATURES:
        if head.startswith(signature):
            return kind
    if head[:2] == b"BM" and len(head) >= 14:
        return "bmp"
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        return "webp"
    if b"%PDF-" in head[:1024]:  # the PDF standard allows bytes before the header
        return "pdf"
    return None


def kind_of(file_name: str, head: bytes, *, accept: tuple[str, ...] = tuple(SUFFIXES),
            size: int | None = None) -> str:
    """The file's kind ("xlsx", "docx", "pdf", "png", "jpeg", "text", …) when its
    extension is in `accept` and its first bytes (`HEAD` of them) agree; else
    FileRejected."""
    suffix = PurePath(file_name).suffix.lower()
    if suffix not in accept or suffix not in SUFFIXES:
        shown = ", ".join(accept)
        raise FileRejected(file_name, f"chỉ nhận các loại tệp {shown}", code="wrong_type")
    if (size if size is not None else len(head)) == 0:
        raise FileRejected(file_name, "tệp rỗng (0 byte)", code="empty")
    expected = SUFFIXES[suffix]
    found = sniff(head)
    if expected in ("xlsx", "docx"):
        found = expected if found == "zip" else found
        if found == "ole" and _ENCRYPTED in head:
            raise FileRejected(file_name, "tệp được bảo vệ bằng mật khẩu (mã hóa): hãy bỏ mật "
                                          "khẩu rồi lưu lại thành tệp .xlsx hoặc .docx", code="encrypted")
    elif expected == "text" and (found is None or found in _WEAK):
        found = "text" if looks_like_text(head) else found or "binary"
    if found != expected:
        what = "dữ liệu nhị phân" if found == "binary" else LABELS.get(found or "")
        said = f"nội dung là {what}, không phải" if what else "nội dung không phải"
        raise FileRejected(file_name, f"{said} {LABELS[expected]}", code="wrong_type")
    return expected


def looks_like_text(head: bytes) -> bool:
    """UTF-16 (its byte-order mark, or the NUL byte beside each ASCII letter), or bytes
    with few control codes: one stray NUL is left for the reader to name by row."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return True
    half = len(head) // 2
    odd, even = head[1::2].count(0), head[::2].count(0)
    if half and max(odd, even) * 10 >= half * 3 and min(odd, even) * 100 <= half:
        return True
    controls = sum(1 for b in head if b < 32 and b not in (9, 10, 12, 13))
    return controls <= max(4, len(head) // 100)


# --- size and containers ----------------------------------------------------------


def check_size(file_name: str, size: int, limits: FileLimits = DEFAULT_LIMITS) -> None:
    if size > limits.max_bytes:
        raise FileRejected(file_name, f"tệp nặng {_mb(size)}, quá giới hạn {_mb(limits.max_bytes)}",
                           code="too_big")
    if size == 0:
        raise FileRejected(file_name, "tệp rỗng (0 byte)", code="empty")


def number(n: int) -> str:
    """A count written the Vietnamese way: 500.000."""
    return f"{n:,}".replace(",", ".")


def _mb(size: int) -> str:
    """10,5 MB; under a megabyte, in kilobytes (4 KB)."""
    if size < MB:
        return f"{-(-size // 1024)} KB"
    return f"{size / MB:.1f} MB".replace(".", ",")


def check_zip(file_name: str, source: bytes | IO[bytes] | str, limits: FileLimits = DEFAULT_LIMITS,
              *, document: bool = False) -> None:
    """Refuse a ZIP container (XLSX, DOCX) that is damaged or unpacks too big, from its
    directory alone: nothing is decompressed here."""
    stream = io.BytesIO(source) if isinstance(source, bytes) else source
    try:
        with zipfile.ZipFile(stream) as archive:
            entries = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        raise FileRejected(file_name, f"tệp bị hỏng hoặc bị cắt cụt, không mở được ({_why(exc)})",
                           code="damaged") from exc
    if len(entries) > limits.max_zip_entries:
        raise FileRejected(file_name, f"tệp chứa {len(entries)} phần, quá giới hạn "
                                      f"{limits.max_zip_entries}", code="zip_bomb")
    total = sum(e.file_size for e in entries)
    # Only a spreadsheet's sheets are read streaming; every other part (shared strings,
    # styles, a Word document) is held in memory, so it gets the lower limit.
    held = total if document else sum(e.file_size for e in entries
                                      if not e.filename.startswith("xl/worksheets/"))
    for size, cap in ((total, limits.max_unzipped_bytes), (held, limits.max_document_unzipped_bytes)):
        if size > cap:
            raise FileRejected(file_name, f"khi giải nén tệp chiếm {_mb(size)}, quá giới hạn "
                                          f"{_mb(cap)} (có thể là tệp «bom nén»)", code="zip_bomb")
    for e in entries:
        if e.file_size > _RATIO_FLOOR and e.file_size > limits.max_zip_ratio * max(e.compress_size, 1):
            raise FileRejected(file_name, f"phần «{e.filename}» nén {e.file_size // max(e.compress_size, 1)}"
                                          " lần, bất thường (có thể là tệp «bom nén»)", code="zip_bomb")


def _why(exc: BaseException) -> str:
    text = str(exc).strip()
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def damaged(file_name: str, exc: BaseException, *, row: int | None = None) -> FileRejected:
    """The message for a file a reading library failed on (`exc` is named, for support)."""
    return FileRejected(file_name, f"tệp bị hỏng, không đọc được ({_why(exc)[:200]})",
                        code="damaged", row=row)


# --- pages and pixels -------------------------------------------------------------


def check_pixels(file_name: str, width: int, height: int, limits: FileLimits = DEFAULT_LIMITS,
                 *, page: int | None = None) -> None:
    if width * height > limits.max_image_pixels:
        where = f"trang {page} " if page is not None else ""
        raise FileRejected(file_name, f"ảnh {where}có {width} × {height} điểm ảnh, quá giới hạn "
                                      f"{number(limits.max_image_pixels)} điểm ảnh",
                           code="too_many_pixels")


def check_pages(file_name: str, pages: int, limits: FileLimits = DEFAULT_LIMITS, *,
                ocr: bool = False) -> None:
    cap = limits.max_ocr_pages if ocr else limits.max_pdf_pages
    if pages > cap:
        why = " để nhận dạng chữ (tệp quét)" if ocr else ""
        raise FileRejected(file_name, f"tệp có {pages} trang, quá giới hạn {cap} trang{why}",
                           code="too_many_pages")
