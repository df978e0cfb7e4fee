"""The spreadsheet imports of the oversight apps (expertise roster and requests, evidence
requests): the blank template to download, the upload page whose rows each go through
the app's services, and the error workbook of the rejected rows (kept under a random
name in the app's folder of the default storage)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.crypto import get_random_string

from congminh.core.files import FileRejected

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def template_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def upload_page(request: HttpRequest, form: Any, run: Callable[..., Any], *, template: str,
                folder: str, errors_prefix: str) -> HttpResponse:
    """The import page: `run(actor=, data=, file_name=)` on a valid upload; its rejected
    rows, if any, saved as `<folder>/<errors_prefix><random>.xlsx` (`error_name`)."""
    result = None
    error_name = ""
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = run(actor=request.user, data=upload.read(), file_name=upload.name)
        except FileRejected as exc:  # found while reading (a damaged part, a row limit)
            form.add_error("file", str(exc))
        if result and result.problems:
            error_name = f"{errors_prefix}{get_random_string(12)}.xlsx"
            default_storage.save(f"{folder}/{error_name}", ContentFile(result.error_workbook()))
    return render(request, template, {"form": form, "result": result, "error_name": error_name})


def errors_response(folder: str, name: str) -> FileResponse:
    """The error workbook `name` of `folder` (the caller decides who may read it)."""
    path = f"{folder}/{name}"
    if "/" in name or not default_storage.exists(path):
        raise Http404("No such file")
    return FileResponse(default_storage.open(path, "rb"), as_attachment=True, filename=name,
                        content_type=XLSX)
