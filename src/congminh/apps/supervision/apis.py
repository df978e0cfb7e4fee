"""REST API of the supervision workflow: the same scope as the screens (reads through
`supervision.selectors`, writes through `supervision.services`): a plan or recommendation
outside the caller's scope is a 404, a role that may not write it gets 403."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from congminh.apps.organisations.models import Organisation
from congminh.apps.supervision import recommendation_import, selectors, services
from congminh.apps.supervision.forms import RecommendationImportForm
from congminh.apps.supervision.serializers import (
    PlanCreateInput,
    PlanDetailOutput,
    PlanFilterInput,
    PlanListPage,
    PlanOutput,
    RecommendationCreateInput,
    RecommendationFilterInput,
    RecommendationListPage,
    RecommendationOutput,
    ResponseInput,
    VisitInput,
    VisitOutput,
)
from congminh.apps.web import sheet_import
from congminh.apps.web.api_lists import body, body_id, call_service, page_response

NOT_FOUND = OpenApiResponse(description="Not in your scope.")
FORBIDDEN = OpenApiResponse(description="Your body or role may not write this.")
INVALID = OpenApiResponse(description="Invalid input.")


def _rec(user: Any, pk: int) -> dict[str, Any]:
    today = timezone.localdate()
    rec = selectors.recommendation_get(user=user, pk=pk, today=today)
    return dict(RecommendationOutput(rec, context={"today": today}).data)


class PlanListCreateApi(APIView):
    @extend_schema(operation_id="supervision_plans_list", parameters=[PlanFilterInput],
                   responses={200: PlanListPage},
                   description="Supervision plans in the caller's scope: its own body's, or every "
                   "plan of the province for its overseers.")
    def get(self, request: Request) -> Response:
        params = PlanFilterInput(data=request.query_params)
        params.is_valid(raise_exception=True)
        p = dict(params.validated_data)
        plans = selectors.plan_list(user=request.user, filters=selectors.PlanFilters(
            supervisor_id=body_id(p.get("supervisor"), "supervisor"), body_id=body_id(p.get("body"), "body"),
            status=p.get("status", ""), sort=p.get("sort", "-start"))).prefetch_related("bodies")
        return page_response(self, request, plans, lambda page: PlanOutput(page, many=True).data)

    @extend_schema(operation_id="supervision_plans_create", request=PlanCreateInput,
                   responses={201: PlanDetailOutput, 400: INVALID, 403: FORBIDDEN},
                   description="Open a supervision plan (the People's Council or Front committee).")
    def post(self, request: Request) -> Response:
        data = PlanCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        supervisor = body(d.pop("supervisor"), "supervisor")
        codes = d.pop("bodies")
        bodies = list(Organisation.objects.filter(code__in=codes))
        if len(bodies) != len(set(codes)):
            raise serializers.ValidationError({"bodies": [_("A body code is unknown.")]})
        plan = call_service(services.plan_create, actor=request.user, supervisor=supervisor,
                     bodies=bodies, **d)
        return Response(PlanDetailOutput(plan).data, status=status.HTTP_201_CREATED)


class PlanDetailApi(APIView):
    @extend_schema(operation_id="supervision_plans_retrieve",
                   responses={200: PlanDetailOutput, 404: NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        return Response(PlanDetailOutput(selectors.plan_get(user=request.user, pk=pk)).data)


class VisitCreateApi(APIView):
    @extend_schema(operation_id="supervision_visits_create", request=VisitInput,
                   responses={201: VisitOutput, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
                   description="Record a visit and its findings (the supervising body).")
    def post(self, request: Request, pk: int) -> Response:
        plan = selectors.plan_get(user=request.user, pk=pk)
        data = VisitInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        visit = call_service(services.visit_add, actor=request.user, plan=plan,
                      body=body(d.pop("body"), "body"), **d)
        return Response(VisitOutput(visit).data, status=status.HTTP_201_CREATED)


class RecommendationListCreateApi(APIView):
    @extend_schema(operation_id="supervision_recommendations_list",
                   parameters=[RecommendationFilterInput], responses={200: RecommendationListPage},
                   description="Recommendations in the caller's scope, each an obligation of its "
                   "addressee: status, due-soon hint, days left.")
    def get(self, request: Request) -> Response:
        params = RecommendationFilterInput(data=request.query_params)
        params.is_valid(raise_exception=True)
        p = dict(params.validated_data)
        today = timezone.localdate()
        recs = selectors.recommendation_list(user=request.user, today=today,
                                             filters=selectors.RecommendationFilters(
            plan_id=p.get("plan"), supervisor_id=body_id(p.get("supervisor"), "supervisor"),
            addressee_id=body_id(p.get("addressee"), "addressee"), status=p.get("status", ""),
            sort=p.get("sort", "due"))).prefetch_related("responses")
        return page_response(self, request, recs, lambda page: RecommendationOutput(
            page, many=True, context={"today": today}).data)

    @extend_schema(operation_id="supervision_recommendations_create",
                   request=RecommendationCreateInput,
                   responses={201: RecommendationOutput, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
                   description="Address a recommendation to a named body (the supervising body).")
    def post(self, request: Request) -> Response:
        data = RecommendationCreateInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        plan = selectors.plan_get(user=request.user, pk=d.pop("plan"))
        visit_id = d.pop("visit")
        visit = plan.visits.filter(pk=visit_id).first() if visit_id else None
        if visit_id and visit is None:
            raise serializers.ValidationError({"visit": [_("The visit belongs to another plan.")]})
        rec = call_service(services.recommendation_issue, actor=request.user, plan=plan, visit=visit,
                    addressee=body(d.pop("addressee"), "addressee"), **d)
        return Response(_rec(request.user, rec.pk), status=status.HTTP_201_CREATED)


class RecommendationDetailApi(APIView):
    @extend_schema(operation_id="supervision_recommendations_retrieve",
                   responses={200: RecommendationOutput, 404: NOT_FOUND})
    def get(self, request: Request, pk: int) -> Response:
        return Response(_rec(request.user, pk))


class ResponseCreateApi(APIView):
    @extend_schema(operation_id="supervision_responses_create", request=ResponseInput,
                   responses={201: RecommendationOutput, 400: INVALID, 403: FORBIDDEN, 404: NOT_FOUND},
                   description="The addressee's response; done=true closes the recommendation.")
    def post(self, request: Request, pk: int) -> Response:
        today = timezone.localdate()
        rec = selectors.recommendation_get(user=request.user, pk=pk, today=today)
        data = ResponseInput(data=request.data)
        data.is_valid(raise_exception=True)
        call_service(services.recommendation_respond, actor=request.user, recommendation=rec, today=today,
              **data.validated_data)
        return Response(_rec(request.user, pk), status=status.HTTP_201_CREATED)


class RecommendationImportApi(APIView):
    """`POST /api/supervision/recommendations/import/`: the register import of the web page
    (`recommendation_import`), for the supervising bodies' software."""

    parser_classes = [MultiPartParser]

    @extend_schema(operation_id="supervision_recommendations_import", tags=["supervision"],
                   description="Import a register of recommendations (the template of "
                   "/supervision/recommendations/import/).", **sheet_import.IMPORT_SCHEMA)
    def post(self, request: Request) -> Response:
        if not recommendation_import.may_import(request.user):
            raise PermissionDenied(_("Only a People's Council or Fatherland Front committee "
                                     "imports its recommendations."))
        return sheet_import.api_import(
            request, RecommendationImportForm(request.data, request.FILES),
            recommendation_import.recommendation_import, folder="supervision",
            errors_prefix=recommendation_import.IMPORT_ERRORS,
            errors_url=lambda name: reverse("supervision-api:import_errors", args=[name]))


class RecommendationImportErrorsApi(APIView):
    @extend_schema(operation_id="supervision_recommendations_import_errors", tags=["supervision"],
                   **sheet_import.ERRORS_SCHEMA)
    def get(self, request: Request, name: str) -> FileResponse:
        if not (name.startswith(recommendation_import.IMPORT_ERRORS)
                and recommendation_import.may_import(request.user)):
            raise Http404("No such file")
        return sheet_import.errors_response("supervision", name)
