"""`POST /api/imports/`: the same import as the web page, for agency software (queued as a
job); `GET /api/imports/<id>/` follows it."""

from __future__ import annotations

from typing import Any

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.generics import RetrieveAPIView
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from congminh.apps.accounts.scope import is_admin
from congminh.apps.imports.models import ImportBatch
from congminh.apps.imports.services import batch_mark_stale, can_import, import_start
from congminh.apps.imports.uploads import upload_check
from congminh.core.files import SPREADSHEET_SUFFIXES, FileRejected


class ImportUploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(help_text="XLSX or CSV in the import template's format",
                                 allow_empty_file=True)  # upload_check names the empty file


class ImportBatchSerializer(serializers.ModelSerializer[ImportBatch]):
    rows_ok = serializers.IntegerField(read_only=True)

    class Meta:
        model = ImportBatch
        fields = [
            "id", "file_name", "status", "created_at", "finished_at", "rows_total", "rows_ok",
            "rows_rejected", "cases_created", "cases_updated", "events_added",
            "events_unchanged", "warnings", "errors",
        ]


class ImportCreateApi(APIView):
    parser_classes = [MultiPartParser]

    @extend_schema(
        request={"multipart/form-data": ImportUploadSerializer},
        responses={201: ImportBatchSerializer, 202: ImportBatchSerializer,
                   400: OpenApiResponse(OpenApiTypes.OBJECT, description="The batch, when the file "
                                        "was read and refused; or the refused fields, named.")},
        summary="Import cases and events from a spreadsheet",
        description="The import runs as a job on the worker: 202 while it is queued or "
                    "running (poll the batch), 201 or 400 when it ended before the answer.",
        tags=["imports"],
    )
    def post(self, request: Request) -> Response:
        if not can_import(request.user):
            return Response({"detail": "Chỉ cán bộ nghiệp vụ và quản trị viên được nhập dữ liệu."},
                            status=status.HTTP_403_FORBIDDEN)
        form = ImportUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        f = form.validated_data["file"]
        try:
            upload_check(f, accept=SPREADSHEET_SUFFIXES)
        except FileRejected as exc:
            raise serializers.ValidationError({"file": [str(exc)]}, code=exc.code) from exc
        batch, _job = import_start(actor=request.user, data=f.read(), file_name=f.name)
        batch.refresh_from_db()
        code = {"failed": status.HTTP_400_BAD_REQUEST, "done": status.HTTP_201_CREATED}.get(
            batch.status, status.HTTP_202_ACCEPTED)
        return Response(ImportBatchSerializer(batch).data, status=code)


@extend_schema(summary="An import batch: its status while it runs, then its counts and rejected rows",
               tags=["imports"])
class ImportBatchApi(RetrieveAPIView[ImportBatch]):
    """`GET /api/imports/<id>/`: poll a batch the POST answered 202 for (own batches; an
    admin's: any)."""

    serializer_class = ImportBatchSerializer

    def get_queryset(self) -> Any:
        qs = ImportBatch.objects.all()
        return qs if is_admin(self.request.user) else qs.filter(created_by_id=self.request.user.pk)

    def get_object(self) -> ImportBatch:
        return batch_mark_stale(super().get_object())
