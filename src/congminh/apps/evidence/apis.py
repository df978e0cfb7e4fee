"""REST API for evidence requests: list across cases, read, send and record replies.

Scoped as the screens (`selectors.request_scope`, `accounts.scope`): a request outside the
caller's scope is a 404; a step the caller's body may not take is a 403; a step the law
refuses is a 400 naming the rule.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from congminh.apps.cases.selectors import case_get
from congminh.apps.evidence import selectors, services
from congminh.apps.evidence.models import EvidenceReply, EvidenceRequest, ReplyKind
from congminh.apps.evidence.selectors import RequestFilters
from congminh.apps.web.api_lists import (
    body,
    body_id,
    page_of,
    page_response,
    run_step,
    service_errors,
)

NOT_FOUND = OpenApiResponse(description="No such request in your scope.")
FORBIDDEN = OpenApiResponse(description="Your body may not take this step.")


class EvidenceReplyOutput(serializers.ModelSerializer[EvidenceReply]):
    class Meta:
        model = EvidenceReply
        fields = ["date", "kind", "document_number", "note"]


class EvidenceRequestOutput(serializers.ModelSerializer[EvidenceRequest]):
    case = serializers.IntegerField(source="case_id")
    requested_by = serializers.CharField(source="requested_by.code")
    organisation = serializers.CharField(source="organisation.code", allow_null=True, default=None)
    replies = EvidenceReplyOutput(many=True, read_only=True)
    days = serializers.SerializerMethodField()
    late = serializers.SerializerMethodField()

    class Meta:
        model = EvidenceRequest
        fields = ["id", "case", "ref", "requested_by", "organisation", "holder_name", "documents",
                  "sent_on", "state", "due", "rule", "basis", "answered_on", "refused_on",
                  "refusal_reason", "withdrawn_on", "withdrawal_reason", "days", "late", "replies"]

    def get_days(self, obj: EvidenceRequest) -> int | None:
        return selectors.days_to_answer(obj)

    def get_late(self, obj: EvidenceRequest) -> bool:
        return selectors.is_late(obj)


class EvidenceFilterInput(serializers.Serializer[Any]):
    side = serializers.ChoiceField(choices=["", "asking", "asked"], required=False)
    state = serializers.CharField(required=False)
    overdue = serializers.BooleanField(required=False)
    answer = serializers.ChoiceField(choices=["", *selectors.ANSWERS], required=False)
    procedure = serializers.CharField(required=False)
    asked = serializers.CharField(required=False, help_text="Code of the requested body.")
    asking = serializers.CharField(required=False, help_text="Code of the asking body.")
    case = serializers.IntegerField(required=False)
    q = serializers.CharField(required=False)
    sort = serializers.CharField(required=False)


class EvidenceCreateInput(serializers.Serializer[Any]):
    case = serializers.IntegerField()
    ref = serializers.CharField(max_length=80)
    organisation = serializers.CharField(required=False, help_text="Code of the requested body.")
    holder_name = serializers.CharField(required=False, default="",
                                        help_text="The holder asked, when not in the registry.")
    documents = serializers.CharField()
    sent_on = serializers.DateField(help_text="Date the body asked received the request.")


class EvidenceStepInput(serializers.Serializer[Any]):
    date = serializers.DateField()
    kind = serializers.ChoiceField(choices=ReplyKind.values, required=False, help_text="reply: kind.")
    document_number = serializers.CharField(required=False, default="")
    note = serializers.CharField(required=False, default="", help_text="reply: note or refusal reason.")
    reason = serializers.CharField(required=False, default="", help_text="withdraw: reason.")


class RequestListCreateApi(APIView):
    @extend_schema(operation_id="evidence_list", parameters=[EvidenceFilterInput],
                   responses={200: page_of(EvidenceRequestOutput)},
                   description="Evidence requests across cases in the caller's scope.")
    def get(self, request: Request) -> Response:
        p = EvidenceFilterInput(data=request.query_params)
        p.is_valid(raise_exception=True)
        d = p.validated_data
        filters = RequestFilters(
            side=d.get("side", ""), state=d.get("state", ""), overdue=d.get("overdue", False),
            answer=d.get("answer", ""), procedure=d.get("procedure", ""),
            asked_id=body_id(d.get("asked"), "asked"), asking_id=body_id(d.get("asking"), "asking"),
            case_id=d.get("case"), query=d.get("q", ""), sort=d.get("sort", "-sent"))
        qs = selectors.request_list(user=request.user, filters=filters).prefetch_related("replies")
        return page_response(self, request, qs, lambda page: EvidenceRequestOutput(page, many=True).data)

    @extend_schema(operation_id="evidence_create", request=EvidenceCreateInput,
                   responses={201: EvidenceRequestOutput, 400: OpenApiResponse(description="Invalid."),
                              403: FORBIDDEN},
                   description="Send a request on a case the caller's body holds (event evidence_requested).")
    def post(self, request: Request) -> Response:
        data = EvidenceCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = data.validated_data
        case = case_get(user=request.user, pk=d["case"])
        organisation = body(d.get("organisation"), "organisation")
        try:
            req = services.evidence_request_send(
                actor=request.user, case=case, ref=d["ref"], documents=d["documents"],
                sent_on=d["sent_on"], organisation=organisation, holder_name=d["holder_name"],
                source="api")
        except DjangoValidationError as exc:
            raise service_errors(exc) from exc
        return Response(EvidenceRequestOutput(req).data, status=status.HTTP_201_CREATED)


class RequestDetailApi(APIView):
    @extend_schema(operation_id="evidence_retrieve", responses={200: EvidenceRequestOutput, 404: NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        return Response(EvidenceRequestOutput(selectors.request_get(user=request.user, pk=pk)).data)


STEPS: dict[str, Any] = {
    "reply": lambda u, r, d: services.evidence_reply_record(
        actor=u, request=r, date=d["date"], kind=d.get("kind") or "", note=d["note"],
        document_number=d["document_number"], source="api"),
    "withdraw": lambda u, r, d: services.evidence_request_withdraw(
        actor=u, request=r, date=d["date"], reason=d["reason"]),
}


class RequestStepApi(APIView):
    @extend_schema(
        operation_id="evidence_step", request=EvidenceStepInput,
        responses={200: EvidenceRequestOutput, 400: OpenApiResponse(description="Refused by the law or invalid."),
                   403: FORBIDDEN, 404: NOT_FOUND},
        description="Record a step: reply (kind complete, partial or refusal) or withdraw. "
        "A complete reply is also the case event evidence_received.")
    def post(self, request: Request, pk: int, step: str) -> Response:
        req = selectors.request_get(user=request.user, pk=pk)
        run_step(request, req, step, STEPS, EvidenceStepInput)
        req.refresh_from_db()
        return Response(EvidenceRequestOutput(req).data)
