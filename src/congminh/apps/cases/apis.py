"""REST API for cases: list, read, create, edit, and append events.

The same scope as the screens, because every read goes through `cases.selectors` and
every write through `cases.services`: a case outside the caller's scope is a 404, a
read-only role gets 403 on writes.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.pagination import PageNumberPagination
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from congminh.apps.accounts import scope
from congminh.apps.cases import services
from congminh.apps.cases.counts import CachedPagePaginator, cached_value, one_version
from congminh.apps.cases.forms import months_ago
from congminh.apps.cases.models import Case, CaseEvent, EventSource
from congminh.apps.cases.selectors import (
    CaseFilters,
    case_events,
    case_get,
    case_list,
)
from congminh.apps.cases.serializers import (
    CaseCreateInput,
    CaseDetailOutput,
    CaseFilterSerializer,
    CaseListOutput,
    CaseListPage,
    CaseUpdateInput,
    EventAppendInput,
    EventOutput,
    EventWithdrawInput,
)
from congminh.apps.organisations.models import Organisation
from congminh.apps.web.pagecache import read_bodies, scope_key

NOT_FOUND = OpenApiResponse(description="No such case in your scope.")
FORBIDDEN = OpenApiResponse(description="Your role may not change this case.")


def _service_errors(exc: DjangoValidationError) -> serializers.ValidationError:
    """A service's Django ValidationError as a DRF 400 keyed by field."""
    if hasattr(exc, "error_dict"):
        return serializers.ValidationError(
            {k: [str(m) for e in v for m in e.messages] for k, v in exc.error_dict.items()}
        )
    return serializers.ValidationError({"non_field_errors": exc.messages})


class CasePagination(PageNumberPagination):
    """The settings' page size; the total counted once per data version (`cases.counts`)."""

    django_paginator_class = CachedPagePaginator


def _filters(params: dict[str, Any]) -> CaseFilters:
    org_id = None
    if params.get("organisation"):
        org = Organisation.objects.filter(code=params["organisation"]).first()
        if org is None:
            raise serializers.ValidationError(
                {"organisation": [_("No body has the code “%s”.") % params["organisation"]]}
            )
        org_id = org.pk
    before = params.get("opened_before")
    if params.get("age_months"):
        age_limit = months_ago(timezone.localdate(), params["age_months"])
        before = min(before, age_limit) if before else age_limit
    return CaseFilters(
        query=params.get("q", ""), organisation_id=org_id, procedure=params.get("procedure", ""),
        stage=params.get("stage", ""), status=params.get("status", ""),
        opened_before=before, opened_after=params.get("opened_after"),
        open_only=bool(params.get("age_months")),  # an age counts open cases only
    )


def _detail(case: Case, user: Any) -> dict[str, Any]:
    events = list(case_events(case=case))
    superseded = {e.supersedes_id for e in events if e.supersedes_id}
    fresh: QuerySet[Case] = Case.objects.filter(pk=case.pk).select_related("holder").prefetch_related(
        "agency_numbers__organisation", "parties"
    )
    return dict(CaseDetailOutput(
        fresh.get(), context={"events": events, "superseded_ids": superseded,
                              "personal_data": scope.sees_personal_data(user)}
    ).data)


class CaseListCreateApi(APIView):
    @extend_schema(
        operation_id="cases_list", parameters=[CaseFilterSerializer],
        responses={200: CaseListPage},
        description="Cases in the caller's scope, filtered and searched as on the case list screen.",
    )
    def get(self, request: Request) -> Response:
        params = CaseFilterSerializer(data=request.query_params)
        params.is_valid(raise_exception=True)
        values = dict(params.validated_data)
        user = request.user
        # The whole page, kept per scope and address (its links name the host and the
        # query) until a write to the cases of the bodies the scope reads: a warm request
        # reads the data versions and nothing else (issue #12.3; an uncached one made
        # some ten round trips). The day is in the key: an age filter counts from today.
        key = "\x00".join(("api-cases", scope_key(user), timezone.localdate().isoformat(),
                           request.build_absolute_uri()))
        return Response(cached_value(key, lambda: self._page(request, values),
                                     bodies=lambda: read_bodies(user)))

    @one_version()
    def _page(self, request: Request, values: dict[str, Any]) -> dict[str, Any]:
        cases = case_list(user=request.user, filters=_filters(values))
        paginator = CasePagination()
        page = paginator.paginate_queryset(cases.prefetch_related("agency_numbers"), request, view=self)
        data = paginator.get_paginated_response(CaseListOutput(page, many=True).data).data
        # Plain dicts and lists: what the cache keeps holds no serializer.
        return {**data, "results": [dict(row) for row in data["results"]]}

    @extend_schema(
        operation_id="cases_create", request=CaseCreateInput,
        responses={201: CaseDetailOutput, 400: OpenApiResponse(description="Invalid input."),
                   403: FORBIDDEN},
        description="Create a case held by the caller's body (admins: any body).",
    )
    def post(self, request: Request) -> Response:
        data = CaseCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        holder = self._holder(request, fields.pop("holder", ""))
        try:
            case = services.case_create(actor=request.user, holder=holder, **fields)
        except DjangoValidationError as exc:
            raise _service_errors(exc) from exc
        return Response(_detail(case, request.user), status=status.HTTP_201_CREATED)

    @staticmethod
    def _holder(request: Request, code: str) -> Organisation:
        if not code:
            own: Organisation | None = getattr(request.user, "organisation", None)
            if own is None:
                raise serializers.ValidationError({"holder": [_("Give the holding body's code.")]})
            return own
        org = Organisation.objects.filter(code=code).first()
        if org is None:
            raise serializers.ValidationError({"holder": [_("No body has the code “%s”.") % code]})
        return org


class CaseDetailApi(APIView):
    @extend_schema(
        operation_id="cases_retrieve", responses={200: CaseDetailOutput, 404: NOT_FOUND},
        description="One case: its numbers, parties, events (superseded ones flagged), status and flags.",
    )
    def get(self, request: Request, pk: int) -> Response:
        return Response(_detail(case_get(user=request.user, pk=pk), request.user))

    @extend_schema(
        operation_id="cases_partial_update", request=CaseUpdateInput,
        responses={200: CaseDetailOutput, 400: OpenApiResponse(description="Invalid input."),
                   403: FORBIDDEN, 404: NOT_FOUND},
        description="Change a case's descriptive fields; every change is audited.",
    )
    def patch(self, request: Request, pk: int) -> Response:
        case = case_get(user=request.user, pk=pk)
        data = CaseUpdateInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        # A supervisor may set only the supervision flags (with a reason).
        flags_only = set(fields) <= {*scope.SUPERVISION_FLAGS, "reason"}
        if not scope.can_change_case(request.user, case) and not (
                flags_only and scope.can_flag(request.user, case)):
            raise PermissionDenied(scope.can_change_case(request.user, case).reason)
        try:
            if scope.can_change_case(request.user, case):
                services.case_update(actor=request.user, case=case, **fields)
            else:
                services.case_flags_set(actor=request.user, case=case,
                                        reason=fields.pop("reason", ""), **fields)
        except DjangoValidationError as exc:
            raise _service_errors(exc) from exc
        return Response(_detail(case, request.user))


class CaseEventsApi(APIView):
    @extend_schema(
        operation_id="cases_events_list", responses={200: EventOutput(many=True), 404: NOT_FOUND},
        description="The case's whole log in date order, superseded events included and flagged.",
    )
    def get(self, request: Request, pk: int) -> Response:
        events = list(case_events(case=case_get(user=request.user, pk=pk)))
        superseded = {e.supersedes_id for e in events if e.supersedes_id}
        return Response(EventOutput(events, many=True, context={"superseded_ids": superseded}).data)

    @extend_schema(
        operation_id="cases_events_create", request=EventAppendInput,
        responses={201: EventOutput, 400: OpenApiResponse(description="Invalid event."),
                   403: FORBIDDEN, 404: NOT_FOUND},
        description="Append an event (CONTRACTS.md section 1). To correct an event, send the "
        "right one with `supersedes` set to the id of the wrong one.",
    )
    def post(self, request: Request, pk: int) -> Response:
        case = case_get(user=request.user, pk=pk)
        data = EventAppendInput(data=request.data)
        data.is_valid(raise_exception=True)
        supersedes = self._supersedes(case, data.validated_data.get("supersedes"))
        try:
            event = services.case_event_append(
                actor=request.user, case=case, type=data.validated_data["type"],
                date=data.validated_data["date"], data=data.event_data(),
                document=data.validated_data["document"], note=data.validated_data["note"],
                supersedes=supersedes, source=EventSource.API,
            )
        except DjangoValidationError as exc:
            raise _service_errors(exc) from exc
        return Response(EventOutput(event).data, status=status.HTTP_201_CREATED)

    @staticmethod
    def _supersedes(case: Case, event_id: int | None) -> CaseEvent | None:
        if event_id is None:
            return None
        event = case.events.filter(pk=event_id).first()
        if event is None:
            raise serializers.ValidationError(
                {"supersedes": [_("Event %s is not an event of this case.") % event_id]}
            )
        return event


class EventWithdrawApi(APIView):
    @extend_schema(
        operation_id="cases_events_withdraw", request=EventWithdrawInput,
        responses={200: EventOutput, 400: OpenApiResponse(description="No reason, or already withdrawn."),
                   403: FORBIDDEN, 404: NOT_FOUND},
        description="Withdraw a mistaken event with a reason: it stays in the log, marked "
        "withdrawn, and the clocks are recomputed without it.",
    )
    def post(self, request: Request, pk: int, event_pk: int) -> Response:
        case = case_get(user=request.user, pk=pk)
        event = case.events.filter(pk=event_pk).first()
        if event is None:
            raise NotFound(_("Event %s is not an event of this case.") % event_pk)
        data = EventWithdrawInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            services.case_event_withdraw(actor=request.user, event=event,
                                         reason=data.validated_data["reason"])
        except DjangoValidationError as exc:
            raise _service_errors(exc) from exc
        return Response(EventOutput(event).data)
