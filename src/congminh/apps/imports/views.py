"""The import page: upload, template and sample downloads, progress, result."""

from __future__ import annotations

import io

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from congminh.apps.accounts import scope
from congminh.apps.imports.models import ImportBatch
from congminh.apps.imports.samples import GIA_LAI_SAMPLE
from congminh.apps.imports.services import (
    batch_mark_stale,
    batch_status,
    can_import,
    import_start,
    not_an_importer,
)
from congminh.apps.imports.template import write_template
from congminh.apps.imports.uploads import LimitedFileField
from congminh.apps.jobs.selectors import SESSION_FLAG as JOBS_MENU
from congminh.core.files import SPREADSHEET_SUFFIXES


class UploadForm(forms.Form):
    file = LimitedFileField(label=_("Spreadsheet (XLSX or CSV)"), accept=SPREADSHEET_SUFFIXES)


def _require_importer(request: HttpRequest) -> None:
    if not can_import(request.user):
        raise PermissionDenied(not_an_importer())


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    _require_importer(request)
    form = UploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        f = form.cleaned_data["file"]
        batch, _job = import_start(actor=request.user, data=f.read(), file_name=f.name)
        request.session[JOBS_MENU] = True  # the menu shows the jobs page from now on
        return redirect("imports:batch", pk=batch.pk)
    recent = ImportBatch.objects.filter(created_by_id=request.user.pk)[:10]
    return render(request, "imports/upload.html", {"form": form, "recent": recent})


@login_required
def template(request: HttpRequest) -> FileResponse:
    out = io.BytesIO()
    holder = getattr(getattr(request.user, "organisation", None), "code", "") or "TAND-KV1"
    write_template(out, holder=holder, events=scope.decided_events(request.user))
    out.seek(0)
    return FileResponse(out, as_attachment=True, filename="mau-nhap-vu-an.xlsx")


def _batch_for(request: HttpRequest, pk: int) -> ImportBatch:
    _require_importer(request)
    qs = ImportBatch.objects.all()
    if not (request.user.is_superuser or getattr(request.user, "role", "") == "admin"):
        qs = qs.filter(created_by_id=request.user.pk)
    return batch_mark_stale(get_object_or_404(qs, pk=pk))


@login_required
def batch(request: HttpRequest, pk: int) -> HttpResponse:
    return render(request, "imports/batch.html", {"batch": _batch_for(request, pk)})


@login_required
def batch_status_json(request: HttpRequest, pk: int) -> JsonResponse:
    """Polled by the batch page (imports/progress.js) while the import runs."""
    response = JsonResponse(batch_status(_batch_for(request, pk)))
    response["Cache-Control"] = "no-store"
    return response


@login_required
def sample(request: HttpRequest) -> FileResponse:
    """A filled-in example for the demo province (real body codes), ready to import."""
    _require_importer(request)
    return FileResponse(GIA_LAI_SAMPLE.open("rb"), as_attachment=True, filename=GIA_LAI_SAMPLE.name)


@login_required
def batch_errors(request: HttpRequest, pk: int) -> FileResponse:
    b = _batch_for(request, pk)
    if not b.error_file:
        raise PermissionDenied
    return FileResponse(b.error_file.open("rb"), as_attachment=True, filename=f"loi-nhap-{b.pk}.xlsx")
