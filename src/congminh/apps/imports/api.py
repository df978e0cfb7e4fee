"""`POST /api/imports/`: the same import as the web page, for agency software."""

from __future__ import annotations

from typing import Any

from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from congminh.apps.imports.models import ImportBatch
from congminh.apps.imports.services import can_import, import_file


class ImportUploadSerializer(serializers.Serializer[Any]):
    file = serializers.FileField(help_text="XLSX or CSV in the import template's format")


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
        responses={201: ImportBatchSerializer, 400: ImportBatchSerializer},
        summary="Import cases and events from a spreadsheet",
        tags=["imports"],
    )
    def post(self, request: Request) -> Response:
        if not can_import(request.user):
            return Response({"detail": "Chỉ cán bộ nghiệp vụ và quản trị viên được nhập dữ liệu."},
                            status=status.HTTP_403_FORBIDDEN)
        form = ImportUploadSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        f = form.validated_data["file"]
        batch = import_file(actor=request.user, data=f.read(), file_name=f.name)
        code = status.HTTP_400_BAD_REQUEST if batch.status == "failed" else status.HTTP_201_CREATED
        return Response(ImportBatchSerializer(batch).data, status=code)
