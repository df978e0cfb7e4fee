"""API shapes: one input serializer per use case, plain outputs. Writes go through
`attendance.services`, never through `serializer.save()`."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from rest_framework import serializers

from congminh.apps.attendance.models import OpinionStatus, Presence, SessionKind
from congminh.apps.attendance.selectors import NOT_LAWFUL, NOT_RECORDED, SORTS
from congminh.apps.web.api_lists import id_filter


class SummonsFilterInput(serializers.Serializer[Any]):
    committee = serializers.CharField(required=False, help_text="Code of the People's Committee.")
    court = serializers.CharField(required=False, help_text="Code of the holding court.")
    case = id_filter("Id of the case.")
    kind = serializers.ChoiceField(choices=SessionKind.choices, required=False)
    presence = serializers.ChoiceField(
        choices=[*Presence.choices, ("absent", "absent"), (NOT_LAWFUL, NOT_LAWFUL),
                 (NOT_RECORDED, NOT_RECORDED)],
        required=False)
    opinion = serializers.ChoiceField(choices=OpinionStatus.choices, required=False)
    date_from = serializers.DateField(required=False)
    date_to = serializers.DateField(required=False)
    sort = serializers.ChoiceField(choices=[(s, s) for s in SORTS], required=False)
    page = serializers.IntegerField(required=False, min_value=1)


class AttendanceOutput(serializers.Serializer[Any]):
    presence = serializers.CharField()
    presence_label = serializers.CharField(source="get_presence_display")
    attendee_name = serializers.CharField()
    authorisation_number = serializers.CharField()
    authorisation_date = serializers.DateField(allow_null=True)
    absence_reason = serializers.CharField()
    opinion_filed_on = serializers.DateField(allow_null=True)


class SummonsOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    case = serializers.IntegerField(source="case_id")
    case_title = serializers.CharField(source="case.title")
    court = serializers.CharField(source="case.holder.code")
    kind = serializers.CharField()
    kind_label = serializers.CharField(source="get_kind_display")
    date = serializers.DateField()
    committee = serializers.CharField(source="committee.code")
    committee_name = serializers.CharField(source="committee.name")
    opinion_due = serializers.DateField(allow_null=True)
    opinion_status = serializers.CharField(source="opinion_state", help_text=(
        "on_time, late, not_filed (past due), pending (not yet due), not_required."))
    note = serializers.CharField()
    attendance = serializers.SerializerMethodField()

    def get_attendance(self, obj: Any) -> dict[str, Any] | None:
        """Who attended; null while the session is not recorded."""
        try:
            record = obj.attendance
        except ObjectDoesNotExist:
            return None
        return dict(AttendanceOutput(record).data)


class SummonsListPage(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = SummonsOutput(many=True)


class SummonsCreateInput(serializers.Serializer[Any]):
    case = serializers.IntegerField(help_text="Id of the administrative case.")
    kind = serializers.ChoiceField(choices=SessionKind.choices)
    date = serializers.DateField()
    committee = serializers.CharField(help_text="Code of the People's Committee summoned.")
    opinion_due = serializers.DateField(required=False, allow_null=True)
    note = serializers.CharField(required=False, allow_blank=True, max_length=255)


class AttendanceInput(serializers.Serializer[Any]):
    presence = serializers.ChoiceField(choices=Presence.choices)
    attendee_name = serializers.CharField(required=False, allow_blank=True, max_length=200)
    authorisation_number = serializers.CharField(required=False, allow_blank=True, max_length=100)
    authorisation_date = serializers.DateField(required=False, allow_null=True)
    absence_reason = serializers.CharField(required=False, allow_blank=True, max_length=255)
    opinion_filed_on = serializers.DateField(required=False, allow_null=True)


class RateOutput(serializers.Serializer[Any]):
    key = serializers.CharField(help_text="Id of the committee, or the quarter's label.")
    name = serializers.CharField(source="label", help_text="The committee's name or the quarter.")
    held = serializers.IntegerField()
    recorded = serializers.IntegerField()
    by_presence = serializers.DictField(child=serializers.IntegerField())
    absent = serializers.IntegerField()
    absence_rate = serializers.FloatField(allow_null=True, help_text="Percent of recorded sessions.")
    unlawful_rate = serializers.FloatField(allow_null=True)
    opinion_late = serializers.IntegerField()
    opinion_missing = serializers.IntegerField()


class RatesOutput(serializers.Serializer[Any]):
    by_committee = RateOutput(many=True)
    by_quarter = RateOutput(many=True)
