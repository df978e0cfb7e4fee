"""REST API for complaints and denunciations: list across cases, read, receive and record
steps (extend, resolve, escalate).

Scoped as the screens (`selectors.complaint_scope`, `accounts.scope`): a complaint outside
the caller's scope is a 404; a step the caller's body may not take is a 403; a step the
law refuses (an extension the rule does not allow) is a 400 naming the rule. The
complainant's address and identity number (and a denouncer's name) are empty for callers
who may not see personal data (`scope.sees_personal_data`).
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
from congminh.apps.complaints import register_import, selectors, services
from congminh.apps.complaints.forms import RegisterImportForm
from congminh.apps.complaints.models import (
    Against,
    ComplainantRole,
    Complaint,
    ComplaintKind,
    ComplaintStatus,
    Level,
    Outcome,
)
from congminh.apps.complaints.register_import import IMPORT_ERRORS
from congminh.apps.complaints.routing import NATIONAL_RESOLVERS
from congminh.apps.complaints.selectors import ComplaintFilters
from congminh.apps.web import sheet_import
from congminh.apps.web.api_lists import (
    body,
    body_id,
    page_of,
    page_response,
    run_step,
    service_errors,
)

NOT_FOUND = OpenApiResponse(description="No such complaint in your scope.")
FORBIDDEN = OpenApiResponse(description="Your body may not take this step.")


class ComplaintOutput(serializers.ModelSerializer[Complaint]):
    case = serializers.IntegerField(source="case_id")
    complained_of = serializers.CharField(source="complained_of.code")
    received_by = serializers.CharField(source="received_by.code")
    resolver = serializers.CharField(source="resolver.code", allow_null=True, default=None)
    resolver_name = serializers.CharField(
        source="resolver_label", read_only=True,
        help_text="Who must resolve it: the resolving body's name, or the national body's when "
                  "it is outside the province's registry (`resolver` is then null).")
    escalated_from = serializers.IntegerField(source="escalated_from_id", allow_null=True)
    days_taken = serializers.SerializerMethodField()
    late = serializers.SerializerMethodField()

    class Meta:
        model = Complaint
        fields = ["id", "case", "kind", "number", "level", "escalated_from", "complainant_name",
                  "complainant_role", "complainant_address", "complainant_id_number", "against",
                  "complained_of", "official", "content", "received_by", "received_on",
                  "resolver", "resolver_name", "resolver_basis", "status", "due", "rule", "basis", "limit_days",
                  "extended_days", "days_taken", "late", "outcome", "resolved_on",
                  "decision_number"]

    def get_days_taken(self, obj: Complaint) -> int:
        return selectors.days_taken(obj)

    def get_late(self, obj: Complaint) -> bool:
        return selectors.is_late(obj)

    def to_representation(self, instance: Complaint) -> dict[str, Any]:
        data = dict(super().to_representation(instance))
        if not self.context.get("personal_data", False):
            shown = selectors.complainant_view(instance, personal_data=False)
            data.update(complainant_name=shown["name"], complainant_address="",
                        complainant_id_number="")
        return data


class ComplaintFilterInput(serializers.Serializer[Any]):
    side = serializers.ChoiceField(choices=["", *selectors.SIDES], required=False)
    kind = serializers.ChoiceField(choices=ComplaintKind.values, required=False)
    status = serializers.ChoiceField(choices=ComplaintStatus.values, required=False)
    outcome = serializers.ChoiceField(choices=Outcome.values, required=False)
    against = serializers.ChoiceField(choices=Against.values, required=False)
    level = serializers.ChoiceField(choices=Level.values, required=False)
    overdue = serializers.BooleanField(required=False)
    resolved_late = serializers.BooleanField(required=False)
    resolver = serializers.CharField(required=False, help_text="Code of the resolving body.")
    resolver_name = serializers.ChoiceField(
        choices=NATIONAL_RESOLVERS, required=False,
        help_text="A resolving body outside the province's registry, by its name.")
    complained_of = serializers.CharField(required=False, help_text="Code of the body complained of.")
    case = serializers.IntegerField(required=False)
    q = serializers.CharField(required=False)
    sort = serializers.CharField(required=False)


class ComplaintCreateInput(serializers.Serializer[Any]):
    case = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=ComplaintKind.values)
    number = serializers.CharField(max_length=80)
    complainant_name = serializers.CharField(max_length=200)
    complainant_role = serializers.ChoiceField(choices=ComplainantRole.values, default="party")
    complainant_address = serializers.CharField(required=False, default="")
    complainant_id_number = serializers.CharField(required=False, default="")
    against = serializers.ChoiceField(choices=Against.values)
    complained_of = serializers.CharField(required=False, help_text="Code; default: the case's holder.")
    official = serializers.CharField(required=False, default="")
    content = serializers.CharField(required=False, default="")
    received_on = serializers.DateField()


class ComplaintStepInput(serializers.Serializer[Any]):
    date = serializers.DateField(help_text="extend, resolve: the step's date; escalate: received on.")
    days = serializers.IntegerField(required=False, min_value=1, max_value=60,
                                    help_text="extend: days of extension.")
    outcome = serializers.ChoiceField(choices=Outcome.values, required=False,
                                      help_text="resolve: right, partly_right, wrong.")
    decision_number = serializers.CharField(required=False, default="")
    number = serializers.CharField(required=False, default="",
                                   help_text="escalate: the second-level complaint's number.")
    content = serializers.CharField(required=False, default="")


def _out(request: Request, obj: Any, many: bool = False) -> Any:
    return ComplaintOutput(obj, many=many,
                           context={"personal_data": scope.sees_personal_data(request.user)}).data


class ComplaintListCreateApi(APIView):
    @extend_schema(operation_id="complaints_list", parameters=[ComplaintFilterInput],
                   responses={200: page_of(ComplaintOutput)},
                   description="Complaints and denunciations across cases in the caller's scope.")
    def get(self, request: Request) -> Response:
        p = ComplaintFilterInput(data=request.query_params)
        p.is_valid(raise_exception=True)
        d = p.validated_data
        filters = ComplaintFilters(
            side=d.get("side", ""), kind=d.get("kind", ""), status=d.get("status", ""),
            outcome=d.get("outcome", ""), against=d.get("against", ""), level=d.get("level", ""),
            overdue=d.get("overdue", False), resolved_late=d.get("resolved_late", False),
            resolver_id=body_id(d.get("resolver"), "resolver"), resolver_name=d.get("resolver_name", ""),
            complained_of_id=body_id(d.get("complained_of"), "complained_of"),
            case_id=d.get("case"), query=d.get("q", ""), sort=d.get("sort", "-received"))
        qs = selectors.complaint_list(user=request.user, filters=filters)
        return page_response(self, request, qs, lambda page: _out(request, page, many=True))

    @extend_schema(operation_id="complaints_create", request=ComplaintCreateInput,
                   responses={201: ComplaintOutput, 400: OpenApiResponse(description="Invalid."),
                              403: FORBIDDEN},
                   description="Record a complaint or denunciation received by the caller's body.")
    def post(self, request: Request) -> Response:
        data = ComplaintCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        case = case_get(user=request.user, pk=d["case"])
        complained_of = body(d.get("complained_of"), "complained_of") or case.holder
        try:
            complaint = services.complaint_receive(
                actor=request.user, case=case, kind=d["kind"], number=d["number"],
                complainant_name=d["complainant_name"], complainant_role=d["complainant_role"],
                complainant_address=d["complainant_address"],
                complainant_id_number=d["complainant_id_number"], against=d["against"],
                complained_of=complained_of, official=d["official"], content=d["content"],
                received_on=d["received_on"], source="api")
        except DjangoValidationError as exc:
            raise service_errors(exc) from exc
        return Response(_out(request, complaint), status=status.HTTP_201_CREATED)


class ComplaintDetailApi(APIView):
    @extend_schema(operation_id="complaints_retrieve", responses={200: ComplaintOutput, 404: NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        return Response(_out(request, selectors.complaint_get(user=request.user, pk=pk)))


STEPS = {
    "extend": lambda u, c, d: services.complaint_extend(
        actor=u, complaint=c, date=d["date"], days=d.get("days") or 0, source="api"),
    "resolve": lambda u, c, d: services.complaint_resolve(
        actor=u, complaint=c, date=d["date"], outcome=d.get("outcome") or "",
        decision_number=d["decision_number"], source="api"),
    "escalate": lambda u, c, d: services.complaint_escalate(
        actor=u, complaint=c, number=d["number"], received_on=d["date"], content=d["content"],
        source="api"),
}


class ComplaintStepApi(APIView):
    @extend_schema(
        operation_id="complaints_step", request=ComplaintStepInput,
        responses={200: ComplaintOutput, 400: OpenApiResponse(description="Refused by the law or invalid."),
                   403: FORBIDDEN, 404: NOT_FOUND},
        description="Record a step: extend, resolve (with the outcome), escalate (a "
        "second-level complaint; the answer is the new complaint). Each is also an event of the case.")
    def post(self, request: Request, pk: int, step: str) -> Response:
        complaint = selectors.complaint_get(user=request.user, pk=pk)
        result = run_step(request, complaint, step, STEPS, ComplaintStepInput)
        result.refresh_from_db()
        return Response(_out(request, result))


class RegisterImportApi(APIView):
    """`POST /api/complaints/import/`: the complaint register import of the web page
    (`register_import`), for the receiving bodies' software."""

    parser_classes = [MultiPartParser]

    @extend_schema(operation_id="complaints_import", tags=["complaints"],
                   description="Import a complaint register (the template of /complaints/import/).",
                   **sheet_import.IMPORT_SCHEMA)
    def post(self, request: Request) -> Response:
        if not scope.can_import(request.user):
            raise PermissionDenied(_("Your role may not import."))
        return sheet_import.api_import(
            request, RegisterImportForm(request.data, request.FILES), register_import.import_register,
            folder="complaints", errors_prefix=IMPORT_ERRORS,
            errors_url=lambda name: reverse("complaints-api:import_errors", args=[name]))


class RegisterImportErrorsApi(APIView):
    @extend_schema(operation_id="complaints_import_errors", tags=["complaints"],
                   **sheet_import.ERRORS_SCHEMA)
    def get(self, request: Request, name: str) -> FileResponse:
        if not (name.startswith(IMPORT_ERRORS) and scope.can_import(request.user)):
            raise Http404("No such file")
        return sheet_import.errors_response("complaints", name)
