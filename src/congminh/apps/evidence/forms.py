"""Forms of the evidence screens: they parse and validate; writes are in `services`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from congminh.apps.cases.forms import DATE_INPUTS, state_on_day_field
from congminh.apps.evidence.models import ReplyKind, RequestState
from congminh.apps.evidence.selectors import RequestFilters
from congminh.apps.imports.uploads import LimitedFileField
from congminh.apps.organisations.models import Organisation
from congminh.apps.web.listing import ListFilterForm
from congminh.core.files import SPREADSHEET_SUFFIXES

PROCEDURES = [("", _("All procedures")), ("civil", _("Civil")), ("administrative", _("Administrative")),
              ("criminal", _("Criminal")), ("enforcement", _("Enforcement"))]


def _date_field(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, input_formats=DATE_INPUTS,
                           widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}, format="%d/%m/%Y"))


SIDE_CHOICES = [("", _("All requests I may see")), ("asking", _("Requests my body sent")),
                ("asked", _("Addressed to my body"))]
STATE_CHOICES = [("", _("Any state")), ("open", _("Not fully answered")), *RequestState.choices]
ANSWER_CHOICES = [("", _("Any")), ("on_time", _("Answered on time")), ("late", _("Answered late"))]


class RequestFilterForm(ListFilterForm):
    side = forms.ChoiceField(label=_("Requests"), choices=SIDE_CHOICES, required=False)
    state = forms.ChoiceField(label=_("State"), choices=STATE_CHOICES, required=False)
    answer = forms.ChoiceField(label=_("Reply"), choices=ANSWER_CHOICES, required=False)
    procedure = forms.ChoiceField(label=_("Procedure"), choices=PROCEDURES, required=False)
    asked = forms.ModelChoiceField(label=_("Requested body"), queryset=Organisation.objects.none(),
                                   required=False, empty_label=_("All bodies"))
    asking = forms.ModelChoiceField(label=_("Body that asks"), queryset=Organisation.objects.none(),
                                    required=False, empty_label=_("All bodies"))
    overdue = forms.BooleanField(label=_("Overdue"), required=False)
    as_of = state_on_day_field(_("Each request as it stood that day, from its own dates."))

    def __init__(self, *args: Any, bodies: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        asked: Any = self.fields["asked"]
        asked.queryset = bodies.filter(evidence_received__isnull=False).distinct().order_by("name")
        asking: Any = self.fields["asking"]
        asking.queryset = bodies.filter(evidence_asked__isnull=False).distinct().order_by("name")

    def to_filters(self) -> RequestFilters:
        d = self.filter_data()
        return RequestFilters(
            side=d.get("side") or "", state=d.get("state") or "", overdue=bool(d.get("overdue")),
            answer=d.get("answer") or "", procedure=d.get("procedure") or "",
            asked_id=d["asked"].pk if d.get("asked") else None,
            asking_id=d["asking"].pk if d.get("asking") else None,
            query=d.get("q") or "", sort=d.get("sort") or "state", as_of=d.get("as_of"))


class RequestCreateForm(forms.Form):
    ref = forms.CharField(label=_("Request number"), max_length=80)
    sent_on = _date_field(_("Received by the body on"))
    organisation = forms.ModelChoiceField(label=_("Requested body"), required=False,
                                          queryset=Organisation.objects.none())
    holder_name = forms.CharField(label=_("Or another holder (not in the registry)"), required=False,
                                  max_length=255)
    documents = forms.CharField(label=_("Documents and evidence asked for"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, bodies: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org: Any = self.fields["organisation"]
        org.queryset = bodies

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not data.get("organisation") and not (data.get("holder_name") or "").strip():
            raise forms.ValidationError(_("Name the body or holder asked."))
        return data


class ReplyForm(forms.Form):
    date = _date_field(_("Date"))
    kind = forms.ChoiceField(label=_("Reply"), choices=ReplyKind.choices)
    document_number = forms.CharField(label=_("Reply document number"), required=False, max_length=80)
    note = forms.CharField(label=_("What was provided, or the reason for refusing"), required=False,
                           widget=forms.Textarea(attrs={"rows": 2}))


class WithdrawForm(forms.Form):
    date = _date_field(_("Date"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))


class RequestImportForm(forms.Form):
    file = LimitedFileField(label=_("Register of requests (XLSX or CSV)"), accept=SPREADSHEET_SUFFIXES)
