"""REST API for expertise requests: list across cases, read, create and record steps.

Scoped as the screens (`selectors.request_scope`, `accounts.scope`): a request outside the
caller's scope is a 404; a step the caller's body may not take is a 403; a step the law
refuses (an extension over the ceiling) is a 400 naming the rule.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from congminh.apps.accounts import scope
from congminh.apps.cases.selectors import case_get
from congminh.apps.expertise import request_import, roster_import, selectors, services
from congminh.apps.expertise.forms import RequestImportForm, RosterImportForm
from congminh.apps.expertise.models import (
    Expert,
    ExpertiseField,
    ExpertiseKind,
    ExpertiseRequest,
    RefusalReason,
)
from congminh.apps.expertise.selectors import RequestFilters
from congminh.apps.web import sheet_import
from congminh.apps.web.api_lists import (
    body,
    body_id,
    by_code,
    page_of,
    page_response,
    run_step,
    service_errors,
)
from congminh.core.law.events import EXPERTISE_MATTERS

NOT_FOUND = OpenApiResponse(description="No such request in your scope.")
FORBIDDEN = OpenApiResponse(description="Your body may not take this step.")


class RequestOutput(serializers.ModelSerializer[ExpertiseRequest]):
    case = serializers.IntegerField(source="case_id")
    requested_by = serializers.CharField(source="requested_by.code")
    organisation = serializers.CharField(source="organisation.code", allow_null=True, default=None)
    expert = serializers.CharField(source="expert.name", allow_null=True, default=None)
    field = serializers.CharField(source="field.code")
    field_label = serializers.CharField(source="field.name")
    expertise_matter_name = serializers.CharField(source="matter_name")
    expertise_matter_limit = serializers.CharField(source="matter_limit")
    days_taken = serializers.SerializerMethodField()
    late = serializers.SerializerMethodField()

    class Meta:
        model = ExpertiseRequest
        fields = ["id", "case", "ref", "requested_by", "organisation", "expert", "field",
                  "field_label", "expertise_kind", "expertise_matter", "expertise_matter_name",
                  "expertise_matter_limit", "complex", "questions", "decided_on", "received_on", "state",
                  "due", "refusal_due", "rule", "basis", "limit_days", "paused_days",
                  "days_taken", "late", "extension_months", "refused_on", "refusal_reason",
                  "refusal_note", "refused_late", "pushed_back", "concluded_on",
                  "conclusion_number"]

    def get_days_taken(self, obj: ExpertiseRequest) -> int | None:
        return selectors.days_taken(obj)

    def get_late(self, obj: ExpertiseRequest) -> bool:
        return selectors.is_late(obj)


class RequestFilterInput(serializers.Serializer[Any]):
    side = serializers.ChoiceField(choices=["", "asking", "asked"], required=False)
    state = serializers.CharField(required=False)
    overdue = serializers.BooleanField(required=False)
    refused = serializers.BooleanField(required=False)
    pushed_back = serializers.BooleanField(required=False)
    field = serializers.CharField(required=False, help_text="Field code.")
    asked = serializers.CharField(required=False, help_text="Code of the asked body.")
    asking = serializers.CharField(required=False, help_text="Code of the asking body.")
    case = serializers.IntegerField(required=False)
    q = serializers.CharField(required=False)
    sort = serializers.CharField(required=False)


class RequestCreateInput(serializers.Serializer[Any]):
    case = serializers.IntegerField()
    ref = serializers.CharField(max_length=80)
    field = serializers.CharField(help_text="Field code.")
    organisation = serializers.CharField(required=False, help_text="Code of the asked body.")
    expert = serializers.IntegerField(required=False, help_text="Id of the expert asked.")
    expertise_kind = serializers.ChoiceField(choices=ExpertiseKind.values, default="other")
    expertise_matter = serializers.ChoiceField(
        choices=EXPERTISE_MATTERS, required=False, allow_blank=True, default="",
        help_text="Kind of matter with a ministry's own limit (Luật GĐTP Đ.26a k3); it must "
        "belong to the field (forensic_* to phap-y, cultural_product to van-hoa).")
    complex = serializers.BooleanField(default=False)
    questions = serializers.CharField()
    decided_on = serializers.DateField()


class StepInput(serializers.Serializer[Any]):
    date = serializers.DateField()
    months = serializers.IntegerField(required=False, min_value=1, max_value=12,
                                      help_text="extend: months of extension.")
    reason = serializers.ChoiceField(choices=RefusalReason.values, required=False,
                                     help_text="refuse: coded reason.")
    note = serializers.CharField(required=False, default="")
    conclusion_number = serializers.CharField(required=False, default="")


class RequestListCreateApi(APIView):
    @extend_schema(operation_id="expertise_list", parameters=[RequestFilterInput],
                   responses={200: page_of(RequestOutput)},
                   description="Expertise requests across cases in the caller's scope.")
    def get(self, request: Request) -> Response:
        p = RequestFilterInput(data=request.query_params)
        p.is_valid(raise_exception=True)
        d = p.validated_data
        filters = RequestFilters(
            side=d.get("side", ""), state=d.get("state", ""), overdue=d.get("overdue", False),
            refused=d.get("refused", False), pushed_back=d.get("pushed_back", False),
            field_id=by_code(ExpertiseField, d["field"], "field").pk if d.get("field") else None,
            asked_id=body_id(d.get("asked"), "asked"), asking_id=body_id(d.get("asking"), "asking"),
            case_id=d.get("case"), query=d.get("q", ""), sort=d.get("sort", "-decided"))
        qs = selectors.request_list(user=request.user, filters=filters)
        return page_response(self, request, qs, lambda page: RequestOutput(page, many=True).data)

    @extend_schema(operation_id="expertise_create", request=RequestCreateInput,
                   responses={201: RequestOutput, 400: OpenApiResponse(description="Invalid."),
                              403: FORBIDDEN},
                   description="Record an ordering decision on a case the caller's body holds.")
    def post(self, request: Request) -> Response:
        data = RequestCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        case = case_get(user=request.user, pk=d["case"])
        organisation = body(d.get("organisation"), "organisation")
        expert = Expert.objects.filter(pk=d["expert"]).first() if d.get("expert") else None
        try:
            req = services.expertise_request_create(
                actor=request.user, case=case, ref=d["ref"],
                field=by_code(ExpertiseField, d["field"], "field"), questions=d["questions"],
                decided_on=d["decided_on"], organisation=organisation, expert=expert,
                expertise_kind=d["expertise_kind"], complex=d["complex"],
                expertise_matter=d["expertise_matter"])
        except DjangoValidationError as exc:
            raise service_errors(exc) from exc
        return Response(RequestOutput(req).data, status=status.HTTP_201_CREATED)


class RequestDetailApi(APIView):
    @extend_schema(operation_id="expertise_retrieve", responses={200: RequestOutput, 404: NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        return Response(RequestOutput(selectors.request_get(user=request.user, pk=pk)).data)


STEPS = {
    "send": lambda u, r, d: services.expertise_request_send(
        actor=u, request=r, received_on=d["date"], source="api"),
    "documents-requested": lambda u, r, d: services.expertise_documents_request(
        actor=u, request=r, date=d["date"], note=d["note"], source="api"),
    "documents-received": lambda u, r, d: services.expertise_documents_receive(
        actor=u, request=r, date=d["date"], source="api"),
    "extend": lambda u, r, d: services.expertise_request_extend(
        actor=u, request=r, date=d["date"], months=d.get("months") or 0, source="api"),
    "refuse": lambda u, r, d: services.expertise_request_refuse(
        actor=u, request=r, date=d["date"], reason=d.get("reason") or "", note=d["note"],
        source="api"),
    "conclude": lambda u, r, d: services.expertise_request_conclude(
        actor=u, request=r, date=d["date"], conclusion_number=d["conclusion_number"], source="api"),
}


class RequestStepApi(APIView):
    @extend_schema(
        operation_id="expertise_step", request=StepInput,
        responses={200: RequestOutput, 400: OpenApiResponse(description="Refused by the law or invalid."),
                   403: FORBIDDEN, 404: NOT_FOUND},
        description="Record a step: send (received with full file), documents-requested, "
        "documents-received, extend, refuse, conclude. Each is also an event of the case.")
    def post(self, request: Request, pk: int, step: str) -> Response:
        req = selectors.request_get(user=request.user, pk=pk)
        run_step(request, req, step, STEPS, StepInput)
        req.refresh_from_db()
        return Response(RequestOutput(req).data)


def _import_api(request: Request, form: Any, run: Any, prefix: str) -> Response:
    return sheet_import.api_import(
        request, form, run, folder="expertise", errors_prefix=prefix,
        errors_url=lambda name: reverse("expertise-api:import_errors", args=[name]))


class RequestImportApi(APIView):
    """`POST /api/expertise/import/`: the asking body's spreadsheet of requests, as on
    /expertise/import/ (`request_import`)."""

    parser_classes = [MultiPartParser]

    @extend_schema(operation_id="expertise_import", tags=["expertise"],
                   description="Import expertise requests (the template of /expertise/import/).",
                   **sheet_import.IMPORT_SCHEMA)
    def post(self, request: Request) -> Response:
        if not scope.can_import(request.user):
            raise PermissionDenied(_("Only the officers of a body that holds cases import requests."))
        return _import_api(request, RequestImportForm(request.data, request.FILES),
                           request_import.request_import, request_import.IMPORT_ERRORS)


class RosterImportApi(APIView):
    """`POST /api/expertise/roster/import/`: the published roster, as on
    /expertise/roster/import/ (`roster_import`), for the Department of Justice."""

    parser_classes = [MultiPartParser]

    @extend_schema(operation_id="expertise_roster_import", tags=["expertise"],
                   description="Import the roster of experts and organisations (the template of "
                   "/expertise/roster/import/).", **sheet_import.IMPORT_SCHEMA)
    def post(self, request: Request) -> Response:
        decision = scope.can_keep_roster(request.user)
        if not decision:
            raise PermissionDenied(decision.reason)
        return _import_api(request, RosterImportForm(request.data, request.FILES),
                           roster_import.roster_import, roster_import.IMPORT_ERRORS)


class ImportErrorsApi(APIView):
    @extend_schema(operation_id="expertise_import_errors", tags=["expertise"],
                   **sheet_import.ERRORS_SCHEMA)
    def get(self, request: Request, name: str) -> FileResponse:
        if not ((name.startswith(roster_import.IMPORT_ERRORS) and scope.can_keep_roster(request.user))
                or (name.startswith(request_import.IMPORT_ERRORS) and scope.can_import(request.user))):
            raise Http404("No such file")
        return sheet_import.errors_response("expertise", name)
