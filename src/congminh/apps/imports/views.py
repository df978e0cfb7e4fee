"""The import page: upload, template and sample downloads, progress, result."""

from __future__ import annotations

import io
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _

from congminh.apps.accounts import scope
from congminh.apps.directives.resolve import bodies_in_existence
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
from congminh.apps.web.bodies import natural_key
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


# The kinds of body that hold each example case of the template (`template.example_rows`).
_EXAMPLE_HOLDERS = {"investigation": "investigation_agency", "court": "court",
                    "enforcement": "enforcement_office"}


def _template_holders(user: Any) -> tuple[str, dict[str, str]]:
    """The user's body when it holds cases; otherwise (an administrator of the Internal
    Affairs Committee) each example case held by a body of its province that holds such
    cases, so that the examples never make a case of a body that holds none."""
    org = getattr(user, "organisation", None)
    if org is not None and org.kind in scope.HOLDERS:
        return org.code, {}
    bodies = bodies_in_existence(org.province_code if org is not None else "")
    holders = {}
    for example, kind in _EXAMPLE_HOLDERS.items():
        names = sorted(bodies.filter(kind=kind).values_list("name", "code"), key=lambda b: natural_key(b[0]))
        if names:
            holders[example] = names[0][1]
    return "TAND-KV1", holders


@login_required
def template(request: HttpRequest) -> FileResponse:
    out = io.BytesIO()
    holder, holders = _template_holders(request.user)
    write_template(out, holder=holder, events=scope.decided_events(request.user), holders=holders)
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
