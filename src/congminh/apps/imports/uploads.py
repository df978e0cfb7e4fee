"""Uploaded files on the way in: the limits from the settings (`UPLOAD_LIMITS`), an
upload handler that does not keep a file over the size limit, and the check every upload
page and API makes before reading a file (`upload_check`, `LimitedFileField`).

The checks themselves are `congminh.core.files` (pure Python); this module only feeds
them the settings and turns their `FileRejected` into a form error."""

from __future__ import annotations

import io
from typing import Any

from django import forms
from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.core.files.uploadhandler import FileUploadHandler

from congminh.core.files import HEAD, FileLimits, FileRejected, check_size, check_zip, kind_of


def upload_limits() -> FileLimits:
    return FileLimits(**getattr(settings, "UPLOAD_LIMITS", {}))


class _Oversized(UploadedFile):
    """Stands for a file over the limit: its size is the real one, its content is empty."""

    def __init__(self, name: str, size: int, content_type: str | None) -> None:
        super().__init__(io.BytesIO(), name=name, content_type=content_type, size=size)


class UploadLimitHandler(FileUploadHandler):
    """First of FILE_UPLOAD_HANDLERS: passes chunks on to the memory and temporary-file
    handlers until the file goes over the limit, then drops the rest (the body is still
    read to its end, so the client gets the form's message, not a reset connection)."""

    def new_file(self, *args: Any, **kwargs: Any) -> None:
        super().new_file(*args, **kwargs)
        self.received = 0
        self.over = False

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes | None:
        self.received += len(raw_data)
        if self.received > upload_limits().max_bytes:
            self.over = True
        return None if self.over else raw_data

    def file_complete(self, file_size: int) -> UploadedFile | None:
        if self.over:
            return _Oversized(self.file_name or "", file_size, self.content_type)
        return None


def upload_check(upload: UploadedFile, *, accept: tuple[str, ...],
                 limits: FileLimits | None = None) -> str:
    """The upload's kind ("xlsx", "text", "docx", "pdf", "png", …) once its size, its
    extension against `accept`, its first bytes and (for a ZIP container) its directory
    are acceptable; else FileRejected. The file is left at its start."""
    limits = limits or upload_limits()
    name = upload.name or ""
    check_size(name, upload.size or 0, limits)
    upload.seek(0)
    head = upload.read(HEAD)
    upload.seek(0)
    kind = kind_of(name, head, accept=accept, size=upload.size)
    if kind in ("xlsx", "docx"):
        try:
            check_zip(name, upload.file or io.BytesIO(), limits, document=kind == "docx")
        finally:
            upload.seek(0)
    return kind


class LimitedFileField(forms.FileField):
    """A file field that runs `upload_check`; the message names the file and the problem."""

    def __init__(self, *args: Any, accept: tuple[str, ...], **kwargs: Any) -> None:
        self.accept = accept
        kwargs.setdefault("allow_empty_file", True)  # upload_check names the empty file
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> Any:
        upload = super().clean(data, initial)
        if isinstance(upload, UploadedFile):
            try:
                upload_check(upload, accept=self.accept)
            except FileRejected as exc:
                raise forms.ValidationError(str(exc), code=exc.code) from exc
        return upload


def upload_bytes(upload: UploadedFile, *, accept: tuple[str, ...]) -> bytes:
    """The upload's content once `upload_check` accepts it (else FileRejected)."""
    upload_check(upload, accept=accept)
    return bytes(upload.read())
