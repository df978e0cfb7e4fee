"""REST API of the attendance workflow: the same scope as the screens (reads through
`attendance.selectors`, writes through `attendance.services`): a summons outside the
caller's scope is a 404, a role that may not change the case gets 403."""

from __future__ import annotations

from typing import Any

from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from congminh.apps.attendance import selectors, services
from congminh.apps.attendance.serializers import (
    AttendanceInput,
    RatesOutput,
    SummonsCreateInput,
    SummonsFilterInput,
    SummonsListPage,
    SummonsOutput,
)
from congminh.apps.cases.selectors import case_get
from congminh.apps.organisations.models import Organisation
from congminh.apps.web.api_lists import body_id, call_service, page_response

NOT_FOUND = OpenApiResponse(description="No such summons in your scope.")
FORBIDDEN = OpenApiResponse(description="Only the court holding the case records this.")


def _one(user: Any, pk: int) -> dict[str, Any]:
    qs = selectors.with_opinion_status(selectors.summons_scope(user).filter(pk=pk),
                                       timezone.localdate())
    return dict(SummonsOutput(qs.select_related("case__holder", "committee", "attendance").get()).data)


class SummonsListCreateApi(APIView):
    @extend_schema(operation_id="attendance_summonses_list", parameters=[SummonsFilterInput],
                   responses={200: SummonsListPage},
                   description="Summonses of People's Committees in the caller's scope.")
    def get(self, request: Request) -> Response:
        params = SummonsFilterInput(data=request.query_params)
        params.is_valid(raise_exception=True)
        p = dict(params.validated_data)
        filters = selectors.SummonsFilters(
            committee_id=body_id(p.get("committee"), "committee"), court_id=body_id(p.get("court"), "court"),
            case_id=p.get("case"), kind=p.get("kind", ""), presence=p.get("presence", ""),
            opinion=p.get("opinion", ""), date_from=p.get("date_from"), date_to=p.get("date_to"),
            sort=p.get("sort", selectors.DEFAULT_SORT))
        rows = selectors.summons_list(user=request.user, filters=filters, today=timezone.localdate())
        return page_response(self, request, rows, lambda page: SummonsOutput(page, many=True).data)

    @extend_schema(operation_id="attendance_summonses_create", request=SummonsCreateInput,
                   responses={201: SummonsOutput, 400: OpenApiResponse(description="Invalid input."),
                              403: FORBIDDEN},
                   description="Record a summons of the sued People's Committee (the holding court).")
    def post(self, request: Request) -> Response:
        data = SummonsCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        case = case_get(user=request.user, pk=fields.pop("case"))
        committee = Organisation.objects.filter(code=fields.pop("committee")).first()
        if committee is None:
            raise serializers.ValidationError({"committee": [_("No body has this code.")]})
        summons = call_service(services.summons_create, actor=request.user, case=case,
                               committee=committee, **fields)
        return Response(_one(request.user, summons.pk), status=status.HTTP_201_CREATED)


class SummonsDetailApi(APIView):
    @extend_schema(operation_id="attendance_summonses_retrieve",
                   responses={200: SummonsOutput, 404: NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        selectors.summons_get(user=request.user, pk=pk)
        return Response(_one(request.user, pk))


class AttendanceApi(APIView):
    @extend_schema(operation_id="attendance_record", request=AttendanceInput,
                   responses={200: SummonsOutput, 400: OpenApiResponse(description="Invalid record."),
                              403: FORBIDDEN, 404: NOT_FOUND},
                   description="Record or correct who attended for the sued committee (audited).")
    def put(self, request: Request, pk: int) -> Response:
        summons = selectors.summons_get(user=request.user, pk=pk)
        data = AttendanceInput(data=request.data)
        data.is_valid(raise_exception=True)
        call_service(services.attendance_record, actor=request.user, summons=summons,
                     today=timezone.localdate(), **data.validated_data)
        return Response(_one(request.user, pk))


class RatesApi(APIView):
    @extend_schema(operation_id="attendance_rates", parameters=[SummonsFilterInput],
                   responses={200: RatesOutput},
                   description="Absence rates per People's Committee and per calendar quarter "
                   "over the sessions held by today (filters: committee, court, kind, dates).")
    def get(self, request: Request) -> Response:
        params = SummonsFilterInput(data=request.query_params)
        params.is_valid(raise_exception=True)
        p = dict(params.validated_data)
        filters = selectors.RateFilters(
            committee_id=body_id(p.get("committee"), "committee"), court_id=body_id(p.get("court"), "court"),
            kind=p.get("kind", ""), date_from=p.get("date_from"), date_to=p.get("date_to"))
        today = timezone.localdate()
        body = {
            "by_committee": selectors.absence_by_committee(user=request.user, filters=filters, today=today),
            "by_quarter": selectors.absence_by_period(user=request.user, filters=filters, today=today),
        }
        return Response(RatesOutput(body).data)
