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
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse
from rest_framework.response import Response

from congminh.core.files import FileRejected

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def template_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _run(request: HttpRequest, form: Any, run: Callable[..., Any], *, folder: str,
         errors_prefix: str) -> tuple[Any, str]:
    """`run(actor=, data=, file_name=)` on the valid upload of `form` (a `file` field); its
    rejected rows, if any, saved as `<folder>/<errors_prefix><random>.xlsx`: (the result or
    None, that name or ""). A problem with the file itself goes on the form."""
    result = None
    error_name = ""
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = run(actor=request.user, data=upload.read(), file_name=upload.name)
        except FileRejected as exc:  # found while reading (a damaged part, a row limit)
            form.add_error("file", str(exc))
        if result and result.problems:
            error_name = f"{errors_prefix}{get_random_string(12)}.xlsx"
            default_storage.save(f"{folder}/{error_name}", ContentFile(result.error_workbook()))
    return result, error_name


def upload_page(request: HttpRequest, form: Any, run: Callable[..., Any], *, template: str,
                folder: str, errors_prefix: str) -> HttpResponse:
    """The import page: `run(actor=, data=, file_name=)` on a valid upload; its rejected
    rows, if any, saved as `<folder>/<errors_prefix><random>.xlsx` (`error_name`)."""
    result, error_name = (_run(request, form, run, folder=folder, errors_prefix=errors_prefix)
                          if request.method == "POST" else (None, ""))
    return render(request, template, {"form": form, "result": result, "error_name": error_name})


def api_import(request: Any, form: Any, run: Callable[..., Any], *, folder: str,
               errors_prefix: str, errors_url: Callable[[str], str]) -> Response:
    """The same import through the API: 200 with the rows created, updated, unchanged and
    rejected (each with its problems in Vietnamese) and `errors_url` (the error workbook,
    None when no row was rejected); 400 naming the file when the file itself is refused."""
    result, error_name = _run(request, form, run, folder=folder, errors_prefix=errors_prefix)
    if result is None:
        return Response(form.errors, status=400)
    problems: dict[int, list[str]] = {}
    for p in result.problems:
        problems.setdefault(p.row, []).append(str(p))
    return Response({
        "rows": result.rows, "created": result.created, "updated": result.updated,
        "unchanged": result.unchanged,
        "rejected": [{"row": row, "problems": texts} for row, texts in sorted(problems.items())],
        "errors_url": request.build_absolute_uri(errors_url(error_name)) if error_name else None,
    })


def errors_response(folder: str, name: str) -> FileResponse:
    """The error workbook `name` of `folder` (the caller decides who may read it)."""
    path = f"{folder}/{name}"
    if "/" in name or not default_storage.exists(path):
        raise Http404("No such file")
    return FileResponse(default_storage.open(path, "rb"), as_attachment=True, filename=name,
                        content_type=XLSX)


# The OpenAPI description of an import endpoint (`api_import`) and of its error workbook.
IMPORT_SCHEMA: dict[str, Any] = {
    "request": {"multipart/form-data": {"type": "object", "properties": {
        "file": {"type": "string", "format": "binary"}}, "required": ["file"]}},
    "responses": {
        200: OpenApiResponse(OpenApiTypes.OBJECT, description=(
            "rows, created, updated, unchanged; rejected: [{row, problems}] in Vietnamese; "
            "errors_url: the rejected rows as an XLSX workbook (null if none)")),
        400: OpenApiResponse(OpenApiTypes.OBJECT, description="The file refused, named."),
        403: OpenApiResponse(description="Your body may not import this register.")},
}
ERRORS_SCHEMA: dict[str, Any] = {
    "responses": {(200, XLSX): OpenApiTypes.BINARY,
                  404: OpenApiResponse(description="No such workbook of yours.")}}
