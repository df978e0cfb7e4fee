"""Forms of the expertise screens: they parse and validate; writes are in `services`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from congminh.apps.expertise import matters
from congminh.apps.expertise.models import (
    Expert,
    ExpertiseField,
    ExpertiseKind,
    ExpertKind,
    RefusalReason,
    RequestState,
    RosterKind,
)
from congminh.apps.expertise.selectors import RequestFilters
from congminh.apps.imports.uploads import LimitedFileField
from congminh.apps.organisations.models import Organisation
from congminh.apps.web.listing import ListFilterForm
from congminh.core.files import SPREADSHEET_SUFFIXES

DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"]


def _date_field(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, input_formats=DATE_INPUTS,
                           widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"},
                                                  format="%d/%m/%Y"))


SIDE_CHOICES = [("", _("All requests I may see")), ("asking", _("Sent by my body")),
                ("asked", _("Addressed to my body"))]
STATE_CHOICES = [("", _("Any state")), ("open", _("Open")), *RequestState.choices]


class RequestFilterForm(ListFilterForm):
    side = forms.ChoiceField(label=_("Requests"), choices=SIDE_CHOICES, required=False)
    state = forms.ChoiceField(label=_("State"), choices=STATE_CHOICES, required=False)
    field = forms.ModelChoiceField(label=_("Field of expertise"), queryset=ExpertiseField.objects.all(),
                                   required=False, empty_label=_("All fields"))
    asked = forms.ModelChoiceField(label=_("Asked body"), queryset=Organisation.objects.none(),
                                   required=False, empty_label=_("All bodies"))
    asking = forms.ModelChoiceField(label=_("Asking body"), queryset=Organisation.objects.none(),
                                    required=False, empty_label=_("All bodies"))
    overdue = forms.BooleanField(label=_("Overdue"), required=False)
    refused = forms.BooleanField(label=_("Refused"), required=False)
    pushed_back = forms.BooleanField(label=_("Pushed back"), required=False)

    def __init__(self, *args: Any, bodies: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        asked: Any = self.fields["asked"]
        asked.queryset = bodies.filter(kind__in=("department", "expertise_body"))
        asking: Any = self.fields["asking"]
        asking.queryset = bodies.filter(
            kind__in=("police", "investigation_agency", "procuracy", "court", "enforcement_office"))

    def to_filters(self) -> RequestFilters:
        d = self.filter_data()
        return RequestFilters(
            side=d.get("side") or "", state=d.get("state") or "",
            overdue=bool(d.get("overdue")), refused=bool(d.get("refused")),
            pushed_back=bool(d.get("pushed_back")),
            field_id=d["field"].pk if d.get("field") else None,
            asked_id=d["asked"].pk if d.get("asked") else None,
            asking_id=d["asking"].pk if d.get("asking") else None,
            query=d.get("q") or "", sort=d.get("sort") or "state",
        )


class MatterSelect(forms.Select):
    """The kinds of matter grouped under their field's name; each option carries its
    field's id (`data-field`) so `request_form.js` offers only the chosen field's kinds."""

    def __init__(self, *args: Any, field_ids: dict[str, int] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.field_ids = field_ids or {}

    def create_option(self, name: str, value: Any, label: Any, selected: Any, index: int,
                      subindex: int | None = None, attrs: dict[str, Any] | None = None
                      ) -> dict[str, Any]:
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value in self.field_ids:
            option["attrs"]["data-field"] = str(self.field_ids[value])
        return option


def matter_field_choices() -> tuple[list[Any], dict[str, int]]:
    """The kinds of matter grouped under the name of the field each belongs to (fields in
    their order), and matter -> the field's id."""
    belongs = matters.matter_fields()
    fields = {f.code: f for f in ExpertiseField.objects.filter(code__in=set(belongs.values()))}
    groups: list[Any] = [("", _("None: the law's 3 or 4 months"))]
    for f in sorted(fields.values(), key=lambda f: (f.order, f.name)):
        groups.append((f.name, [(m, label) for m, label in matters.matter_choices()
                                if belongs.get(m) == f.code]))
    return groups, {m: fields[code].pk for m, code in belongs.items() if code in fields}


class RequestAskForm(forms.Form):
    """What is asked and of whom: the fields the asking body sets when it drafts a request
    and may correct until the conclusion is delivered."""

    field = forms.ModelChoiceField(label=_("Field of expertise"), queryset=ExpertiseField.objects.filter(active=True))
    expertise_matter = forms.ChoiceField(
        label=_("Kind of matter with its own time limit"), required=False,
        help_text=_("Only the kinds of matter a ministry gave their own limit (Luật GĐTP Đ.26a "
                    "k3), listed under the field they belong to."))
    organisation = forms.ModelChoiceField(label=_("Asked body"), required=False,
                                          queryset=Organisation.objects.none())
    expert = forms.ModelChoiceField(label=_("Expert"), required=False, queryset=Expert.objects.none())
    questions = forms.CharField(label=_("Questions"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, bodies: QuerySet[Organisation], experts: QuerySet[Expert],
                 **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org: Any = self.fields["organisation"]
        org.queryset = bodies
        exp: Any = self.fields["expert"]
        exp.queryset = experts
        groups, field_ids = matter_field_choices()
        matter: Any = self.fields["expertise_matter"]
        matter.choices = groups
        matter.widget = MatterSelect(choices=groups, field_ids=field_ids)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("organisation") and not data.get("expert"):
            raise forms.ValidationError(_("Name the organisation or the expert asked."))
        return data


class RequestCreateForm(RequestAskForm):
    field_order = ["ref", "decided_on", "field", "expertise_matter", "organisation", "expert",
                   "expertise_kind", "complex", "questions"]
    ref = forms.CharField(label=_("Decision number"), max_length=80)
    decided_on = _date_field(_("Decision date"))
    expertise_kind = forms.ChoiceField(label=_("Kind of expertise"), choices=ExpertiseKind.choices,
                                       initial=ExpertiseKind.OTHER)
    complex = forms.BooleanField(label=_("Complex or large (4 months)"), required=False)


class RequestEditForm(RequestAskForm):
    """The asking body's corrections (`services.expertise_request_update`)."""


class DateForm(forms.Form):
    date = _date_field(_("Date"))


class ExtendForm(DateForm):
    months = forms.IntegerField(label=_("Months"), min_value=1, max_value=12, initial=1)


class RefuseForm(DateForm):
    reason = forms.ChoiceField(label=_("Reason"), choices=RefusalReason.choices)
    note = forms.CharField(label=_("Explanation"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class DocumentsRequestForm(DateForm):
    note = forms.CharField(label=_("Documents asked for"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class ConcludeForm(DateForm):
    conclusion_number = forms.CharField(label=_("Conclusion number"), required=False, max_length=80)


class ExpertForm(forms.Form):
    name = forms.CharField(label=_("Full name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind of expert"), choices=ExpertKind.choices)
    fields_ = forms.ModelMultipleChoiceField(label=_("Fields of expertise"), queryset=ExpertiseField.objects.all())
    organisation = forms.ModelChoiceField(label=_("Body or organisation"), required=False,
                                          queryset=Organisation.objects.none())
    decision_number = forms.CharField(label=_("Decision number"), required=False, max_length=80)
    appointed_on = _date_field(_("Appointed on"), required=False)
    dismissed_on = _date_field(_("Dismissed on"), required=False)

    def __init__(self, *args: Any, bodies: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org: Any = self.fields["organisation"]
        org.queryset = bodies


class RosterEntryForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Body or organisation"), queryset=Organisation.objects.none())
    field = forms.ModelChoiceField(label=_("Field of expertise"), queryset=ExpertiseField.objects.all())
    kind = forms.ChoiceField(label=_("Kind of listing"), choices=RosterKind.choices)
    decision_number = forms.CharField(label=_("Decision number"), required=False, max_length=80)
    listed_on = _date_field(_("Listed on"), required=False)
    delisted_on = _date_field(_("Delisted on"), required=False)

    def __init__(self, *args: Any, bodies: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org: Any = self.fields["organisation"]
        org.queryset = bodies


class RosterImportForm(forms.Form):
    file = LimitedFileField(label=_("Roster file (XLSX or CSV)"), accept=SPREADSHEET_SUFFIXES)


class RequestImportForm(forms.Form):
    file = LimitedFileField(label=_("Spreadsheet of requests (XLSX or CSV)"), accept=SPREADSHEET_SUFFIXES)
