"""Forms of the complaint screens: they parse and validate; writes are in `services`."""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from congminh.apps.cases.forms import DATE_INPUTS, state_on_day_field
from congminh.apps.cases.models import Procedure
from congminh.apps.complaints.models import (
    AGAINST_BY_PROCEDURE,
    Against,
    ComplainantRole,
    ComplaintKind,
    ComplaintStatus,
    Level,
    Outcome,
)
from congminh.apps.complaints.routing import NATIONAL_RESOLVERS
from congminh.apps.complaints.selectors import ComplaintFilters
from congminh.apps.imports.uploads import LimitedFileField
from congminh.apps.organisations.models import Organisation
from congminh.apps.web.listing import ListFilterForm
from congminh.core.files import SPREADSHEET_SUFFIXES

JUDICIAL_KINDS = ("police", "investigation_agency", "procuracy", "court", "enforcement_office")


def _date_field(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, required=required, input_formats=DATE_INPUTS,
                           widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"},
                                                  format="%d/%m/%Y"))


SIDE_CHOICES = [("", _("All complaints I may see")), ("resolving", _("To be resolved by my body")),
                ("received", _("Received by my body")),
                ("complained_of", _("Against my body"))]


def _any(label: Any, choices: Any) -> list[tuple[str, Any]]:
    return [("", label), *choices]


class ComplaintFilterForm(ListFilterForm):
    side = forms.ChoiceField(label=_("Complaints"), choices=SIDE_CHOICES, required=False)
    kind = forms.ChoiceField(label=pgettext_lazy("complaint", "Kind"), choices=_any(_("Both kinds"),
                                                           ComplaintKind.choices), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=_any(_("Any status"), ComplaintStatus.choices),
                               required=False)
    outcome = forms.ChoiceField(label=_("Outcome"), choices=_any(_("Any outcome"), Outcome.choices),
                                required=False)
    against = forms.ChoiceField(label=_("Against"), choices=_any(_("Anything"), Against.choices),
                                required=False)
    level = forms.ChoiceField(label=pgettext_lazy("complaint", "Level"), choices=_any(_("Both levels"), Level.choices),
                              required=False)
    procedure = forms.ChoiceField(label=_("Procedure"), choices=_any(_("All procedures"), Procedure.choices),
                                  required=False)
    resolver = forms.ModelChoiceField(label=_("Resolving body"), queryset=Organisation.objects.none(),
                                      required=False, empty_label=_("All bodies"))
    resolver_name = forms.ChoiceField(
        label=_("Resolving body outside the province"), required=False,
        choices=_any(_("All bodies"), [(name, name) for name in NATIONAL_RESOLVERS]))
    complained_of = forms.ModelChoiceField(label=_("Body complained of"),
                                           queryset=Organisation.objects.none(),
                                           required=False, empty_label=_("All bodies"))
    overdue = forms.BooleanField(label=_("Overdue"), required=False)
    resolved_late = forms.BooleanField(label=_("Resolved late"), required=False)
    as_of = state_on_day_field(_("Each complaint as it stood that day, from its own dates."))

    def __init__(self, *args: Any, bodies: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        judicial = bodies.filter(kind__in=JUDICIAL_KINDS)
        for name in ("resolver", "complained_of"):
            field: Any = self.fields[name]
            field.queryset = judicial

    def to_filters(self) -> ComplaintFilters:
        d = self.filter_data()
        return ComplaintFilters(
            side=d.get("side") or "", kind=d.get("kind") or "", status=d.get("status") or "",
            overdue=bool(d.get("overdue")), resolved_late=bool(d.get("resolved_late")), outcome=d.get("outcome") or "",
            against=d.get("against") or "", level=d.get("level") or "",
            procedure=d.get("procedure") or "",
            resolver_id=d["resolver"].pk if d.get("resolver") else None,
            resolver_name=d.get("resolver_name") or "",
            complained_of_id=d["complained_of"].pk if d.get("complained_of") else None,
            query=d.get("q") or "", sort=d.get("sort") or "status", as_of=d.get("as_of"))


class ComplaintCreateForm(forms.Form):
    kind = forms.ChoiceField(label=pgettext_lazy("complaint", "Kind"), choices=ComplaintKind.choices)
    number = forms.CharField(label=_("Number"), max_length=80)
    received_on = _date_field(_("Received on"))
    complainant_name = forms.CharField(label=_("Complainant"), max_length=200)
    complainant_role = forms.ChoiceField(label=_("Complainant's role"), choices=ComplainantRole.choices)
    complainant_address = forms.CharField(label=_("Complainant's address"), max_length=255,
                                          required=False)
    complainant_id_number = forms.CharField(label=_("Complainant's identity number"), max_length=32,
                                            required=False)
    against = forms.ChoiceField(label=_("Against"), choices=Against.choices)
    complained_of = forms.ModelChoiceField(label=_("Body complained of"),
                                           queryset=Organisation.objects.none())
    official = forms.CharField(label=_("Official or decision"), max_length=255, required=False)
    content = forms.CharField(label=_("Content"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args: Any, procedure: str, bodies: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        allowed = AGAINST_BY_PROCEDURE.get(procedure, ())
        against: Any = self.fields["against"]
        against.choices = [(v, label) for v, label in Against.choices if v in allowed]
        body: Any = self.fields["complained_of"]
        body.queryset = bodies.filter(kind__in=JUDICIAL_KINDS, valid_to__isnull=True).order_by("name")


class ExtendForm(forms.Form):
    date = _date_field(_("Date"))
    days = forms.IntegerField(label=_("Days of extension"), min_value=1, max_value=60)


class ResolveForm(forms.Form):
    date = _date_field(_("Date"))
    outcome = forms.ChoiceField(label=_("Outcome"), choices=Outcome.choices)
    decision_number = forms.CharField(label=_("Decision number"), max_length=80, required=False)


class EscalateForm(forms.Form):
    number = forms.CharField(label=_("Number of the second-level complaint"), max_length=80)
    received_on = _date_field(_("Received on"))
    content = forms.CharField(label=_("Content"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class RegisterImportForm(forms.Form):
    file = LimitedFileField(label=_("Complaint register (XLSX or CSV)"), accept=SPREADSHEET_SUFFIXES)
