"""API shapes: one input serializer per use case, plain outputs. Writes go through
`supervision.services`, never through `serializer.save()`."""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from congminh.apps.directives import status as st
from congminh.apps.directives.labels import STATUS_LABELS
from congminh.apps.supervision.models import PlanStatus
from congminh.apps.supervision.selectors import FILTER_STATUSES, PLAN_SORTS, REC_SORTS
from congminh.apps.web.api_lists import id_filter


def _sorts(keys: Any) -> list[tuple[str, str]]:
    return [(s, s) for k in keys for s in (k, f"-{k}")]


class PlanFilterInput(serializers.Serializer[Any]):
    supervisor = serializers.CharField(required=False, help_text="Code of the supervising body.")
    body = serializers.CharField(required=False, help_text="Code of a body supervised.")
    status = serializers.ChoiceField(choices=PlanStatus.choices, required=False)
    sort = serializers.ChoiceField(choices=_sorts(PLAN_SORTS), required=False)
    page = serializers.IntegerField(required=False, min_value=1)


class PlanCreateInput(serializers.Serializer[Any]):
    supervisor = serializers.CharField(help_text="Code of the supervising body (HĐND, MTTQ).")
    number = serializers.CharField(required=False, allow_blank=True, default="")
    topic = serializers.CharField()
    bodies = serializers.ListField(child=serializers.CharField(), min_length=1,
                                   help_text="Codes of the bodies supervised.")
    period_start = serializers.DateField()
    period_end = serializers.DateField()


class VisitInput(serializers.Serializer[Any]):
    date = serializers.DateField()
    body = serializers.CharField(help_text="Code of the body visited.")
    findings = serializers.CharField()


class VisitOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    date = serializers.DateField()
    body = serializers.CharField(source="body.code")
    body_name = serializers.CharField(source="body.name")
    findings = serializers.CharField()


class PlanOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    supervisor = serializers.CharField(source="supervisor.code")
    supervisor_name = serializers.CharField(source="supervisor.name")
    number = serializers.CharField()
    topic = serializers.CharField()
    bodies = serializers.SerializerMethodField()
    period_start = serializers.DateField()
    period_end = serializers.DateField()
    status = serializers.CharField()
    status_label = serializers.CharField(source="get_status_display")

    def get_bodies(self, obj: Any) -> list[str]:
        return sorted(b.code for b in obj.bodies.all())


class PlanDetailOutput(PlanOutput):
    visits = VisitOutput(many=True)


class PlanListPage(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = PlanOutput(many=True)


class RecommendationFilterInput(serializers.Serializer[Any]):
    plan = id_filter("Id of the supervision plan.")
    supervisor = serializers.CharField(required=False, help_text="Code of the supervising body.")
    addressee = serializers.CharField(required=False, help_text="Code of the body addressed.")
    status = serializers.ChoiceField(choices=[(s, s) for s in FILTER_STATUSES], required=False)
    sort = serializers.ChoiceField(choices=_sorts(REC_SORTS), required=False)
    page = serializers.IntegerField(required=False, min_value=1)


class RecommendationCreateInput(serializers.Serializer[Any]):
    plan = serializers.IntegerField()
    addressee = serializers.CharField(help_text="Code of the body addressed.")
    content = serializers.CharField()
    issued_on = serializers.DateField()
    due = serializers.DateField(required=False, allow_null=True, default=None,
                                help_text="Response deadline; default: issued_on + the configured days.")
    visit = serializers.IntegerField(required=False, allow_null=True, default=None)
    number = serializers.CharField(required=False, allow_blank=True, default="", max_length=64,
                                   help_text="The supervising body's number for it, unique in the plan.")


class ResponseInput(serializers.Serializer[Any]):
    date = serializers.DateField()
    text = serializers.CharField()
    done = serializers.BooleanField(default=False, help_text="Fully carried out: closes it.")


class ResponseOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    date = serializers.DateField()
    text = serializers.CharField()
    done = serializers.BooleanField()


class RecommendationOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    plan = serializers.IntegerField(source="plan_id")
    supervisor = serializers.CharField(source="plan.supervisor.code")
    number = serializers.CharField(help_text="The supervising body's number for it (may be empty).")
    addressee = serializers.CharField(source="addressee.code", help_text="The holder of the obligation.")
    addressee_name = serializers.CharField(source="addressee.name")
    content = serializers.CharField()
    issued_on = serializers.DateField()
    due = serializers.DateField()
    done_on = serializers.DateField(allow_null=True)
    status = serializers.CharField(help_text="on_time, overdue, done_on_time, done_late.")
    status_label = serializers.SerializerMethodField()
    due_soon = serializers.SerializerMethodField()
    days_left = serializers.SerializerMethodField()
    responses = ResponseOutput(many=True)

    def _today(self) -> Any:
        return self.context["today"]

    def get_status_label(self, obj: Any) -> str:
        return str(STATUS_LABELS[obj.status])

    def get_due_soon(self, obj: Any) -> bool:
        return st.is_due_soon(due=obj.due, done_on=obj.done_on, today=self._today())

    def get_days_left(self, obj: Any) -> int | None:
        """Days to the deadline (negative: overdue); null once closed."""
        return None if obj.done_on else (obj.due - self._today()).days


class RecommendationListPage(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = RecommendationOutput(many=True)
