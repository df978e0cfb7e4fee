"""API shapes for cases: one input serializer per use case, plain output serializers.

Field names follow the glossary and CONTRACTS.md (an event is `{"type", "date", ...details}`);
dates are ISO 8601. Writes go through `cases.services`, never through `serializer.save()`.
"""

from __future__ import annotations

from typing import Any

from rest_framework import serializers

from congminh.apps.cases.models import (
    Case,
    CaseEvent,
    CaseKind,
    Category,
    Procedure,
    Stage,
    Status,
)
from congminh.core.case_events import EVENT_TYPES
from congminh.core.party_roles import party_role_label

# Optional event details of CONTRACTS.md section 1, flat beside "type" and "date".
EVENT_DETAILS = ("months", "days", "ground", "by", "court", "able", "reason")


class CaseFilterSerializer(serializers.Serializer[Any]):
    """Query parameters of the case list (the same filters as the screen)."""

    q = serializers.CharField(
        required=False, allow_blank=True,
        help_text="Diacritic-insensitive search in title, parties and any agency case number.",
    )
    organisation = serializers.CharField(
        required=False, allow_blank=True,
        help_text="Code of a body: cases it holds or has a number for.",
    )
    procedure = serializers.ChoiceField(choices=Procedure.choices, required=False)
    stage = serializers.ChoiceField(choices=Stage.choices, required=False)
    status = serializers.ChoiceField(choices=Status.choices, required=False)
    opened_before = serializers.DateField(required=False, help_text="Opened on or before (ISO).")
    opened_after = serializers.DateField(required=False, help_text="Opened on or after (ISO).")
    age_months = serializers.IntegerField(
        required=False, min_value=1, max_value=600,
        help_text="Open for more than this many months (e.g. 12).",
    )
    page = serializers.IntegerField(required=False, min_value=1)


class AgencyNumberOutput(serializers.Serializer[Any]):
    organisation = serializers.CharField(source="organisation.code")
    organisation_name = serializers.CharField(source="organisation.name")
    number = serializers.CharField()


class PartyOutput(serializers.Serializer[Any]):
    """A party; identity number, address and birth year are empty (masked) for callers
    who may not see personal data (`scope.sees_personal_data`)."""

    name = serializers.CharField()
    role = serializers.CharField()
    role_label = serializers.SerializerMethodField(
        help_text="The role as the law names it at the case's stage (bị can, bị cáo, ...).")
    birth_year = serializers.IntegerField(allow_null=True)
    id_number = serializers.CharField()
    address = serializers.CharField()
    in_custody = serializers.BooleanField()

    def get_role_label(self, obj: Any) -> str:
        return party_role_label(obj.role, obj.case.procedure, obj.case.stage)

    def to_representation(self, instance: Any) -> dict[str, Any]:
        data = dict(super().to_representation(instance))
        if not self.context.get("personal_data", False):
            data.update(birth_year=None, id_number="", address="")
        return data


class EventOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    type = serializers.CharField()
    type_label = serializers.SerializerMethodField(help_text="Vietnamese name of the event type.")
    date = serializers.DateField()
    details = serializers.DictField(
        source="data", help_text="The event's fields beyond type and date (docs/events.md)."
    )
    document = serializers.CharField()
    note = serializers.CharField()
    organisation = serializers.CharField(source="organisation.code", allow_null=True, default=None)
    supersedes = serializers.IntegerField(source="supersedes_id", allow_null=True)
    withdrawn = serializers.SerializerMethodField(help_text="True when the event was withdrawn.")
    withdrawal_reason = serializers.CharField()
    superseded = serializers.SerializerMethodField(
        help_text="True when a later correction replaced this event."
    )
    recorded_via = serializers.CharField(source="source", help_text="manual, import, api or demo.")
    recorded_by = serializers.CharField(source="recorded_by.username", allow_null=True, default=None)
    recorded_at = serializers.DateTimeField()

    def get_type_label(self, obj: CaseEvent) -> str:
        et = EVENT_TYPES.get(obj.type)
        return et.label_vi if et else obj.type

    def get_withdrawn(self, obj: CaseEvent) -> bool:
        return obj.withdrawn_at is not None

    def get_superseded(self, obj: CaseEvent) -> bool:
        return obj.pk in self.context.get("superseded_ids", set())


class CaseListOutput(serializers.Serializer[Any]):
    id = serializers.IntegerField()
    title = serializers.CharField()
    procedure = serializers.CharField()
    category = serializers.CharField()
    case_kind = serializers.CharField()
    holder = serializers.CharField(source="holder.code")
    holder_name = serializers.CharField(source="holder.name")
    stage = serializers.CharField()
    status = serializers.CharField()
    next_due = serializers.DateField(allow_null=True)
    flags = serializers.ListField(child=serializers.CharField())
    opened_on = serializers.DateField(allow_null=True)
    last_event_on = serializers.DateField(allow_null=True)
    closed_on = serializers.DateField(allow_null=True)
    numbers = serializers.SerializerMethodField(help_text="Every agency case number.")

    def get_numbers(self, obj: Case) -> list[str]:
        return [n.number for n in obj.agency_numbers.all()]


class CaseListPage(serializers.Serializer[Any]):
    count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)
    results = CaseListOutput(many=True)


class CaseDetailOutput(CaseListOutput):
    summary = serializers.CharField()
    national_security = serializers.BooleanField()
    public_concern = serializers.BooleanField()
    wrongful_conviction_signs = serializers.BooleanField()
    missed_crime_signs = serializers.BooleanField()
    status_as_of = serializers.DateField(allow_null=True)
    agency_numbers = AgencyNumberOutput(many=True)
    parties = PartyOutput(many=True)
    events = serializers.SerializerMethodField()

    def get_events(self, obj: Case) -> list[dict[str, Any]]:
        rows = EventOutput(self.context["events"], many=True, context=self.context).data
        return [dict(r) for r in rows]


class CaseCreateInput(serializers.Serializer[Any]):
    procedure = serializers.ChoiceField(choices=Procedure.choices)
    title = serializers.CharField(max_length=500)
    holder = serializers.CharField(
        required=False, help_text="Code of the holding body; defaults to the caller's body."
    )
    category = serializers.ChoiceField(choices=Category.choices, required=False, allow_blank=True)
    case_kind = serializers.ChoiceField(choices=CaseKind.choices, required=False, allow_blank=True)
    national_security = serializers.BooleanField(required=False, default=False)
    summary = serializers.CharField(required=False, allow_blank=True, default="")
    public_concern = serializers.BooleanField(required=False, default=False)
    wrongful_conviction_signs = serializers.BooleanField(required=False, default=False)
    missed_crime_signs = serializers.BooleanField(required=False, default=False)
    reason = serializers.CharField(
        required=False, allow_blank=True, default="", max_length=255,
        help_text="Why a supervision flag is set (required then).",
    )
    agency_number = serializers.CharField(
        required=False, allow_blank=True, default="",
        help_text="The holding body's own case number.",
    )


class CaseUpdateInput(serializers.Serializer[Any]):
    title = serializers.CharField(max_length=500, required=False)
    summary = serializers.CharField(required=False, allow_blank=True)
    category = serializers.ChoiceField(choices=Category.choices, required=False, allow_blank=True)
    case_kind = serializers.ChoiceField(choices=CaseKind.choices, required=False, allow_blank=True)
    national_security = serializers.BooleanField(required=False)
    public_concern = serializers.BooleanField(required=False)
    wrongful_conviction_signs = serializers.BooleanField(required=False)
    missed_crime_signs = serializers.BooleanField(required=False)
    reason = serializers.CharField(
        required=False, allow_blank=True, max_length=255,
        help_text="Why a supervision flag changes (required then).",
    )


class EventWithdrawInput(serializers.Serializer[Any]):
    reason = serializers.CharField(max_length=500, help_text="Why the event is withdrawn.")


class EventAppendInput(serializers.Serializer[Any]):
    type = serializers.ChoiceField(choices=sorted(EVENT_TYPES))
    date = serializers.DateField()
    months = serializers.IntegerField(required=False, min_value=1, max_value=120)
    days = serializers.IntegerField(required=False, min_value=1, max_value=3650)
    ground = serializers.CharField(required=False, max_length=255)
    by = serializers.ChoiceField(choices=["procuracy", "court"], required=False)
    court = serializers.ChoiceField(choices=["provincial", "supreme_appellate"], required=False)
    # allow_null: a form-encoded request that omits "able" must not mean "unable".
    able = serializers.BooleanField(required=False, allow_null=True, default=None)
    reason = serializers.CharField(required=False, max_length=255)
    document = serializers.CharField(required=False, allow_blank=True, default="", max_length=255)
    note = serializers.CharField(required=False, allow_blank=True, default="")
    supersedes = serializers.IntegerField(
        required=False, allow_null=True, default=None,
        help_text="Id of the earlier event this one corrects.",
    )
    person = serializers.CharField(required=False, max_length=255,
                                   help_text="The person a custody event concerns (holding, detention).")
    ref = serializers.CharField(required=False, max_length=255,
                                help_text="The request, complaint or decision an event belongs to.")
    details = serializers.DictField(
        required=False, default=dict,
        help_text="Any other field the event type takes, by its name in docs/events.md "
        "(e.g. {\"custody_stage\": \"trial\"}); the catalogue checks names and values.",
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        given = {k for k in (*EVENT_DETAILS, "person", "ref") if attrs.get(k) is not None}
        both = sorted(set(attrs.get("details") or {}) & given)
        if both:
            raise serializers.ValidationError(
                {"details": [f"trường {', '.join(both)} đã có ở ngoài `details`: chỉ gửi một lần"]})
        return attrs

    def event_data(self) -> dict[str, Any]:
        """The event's details as the law engine reads them."""
        data = self.validated_data
        flat = {k: data[k] for k in (*EVENT_DETAILS, "person", "ref") if data.get(k) is not None}
        return {**flat, **(data.get("details") or {})}
