"""Forms for the case screens: the list's filters and the "append an event" form.

Forms only parse and validate input; the writes happen in `cases.services`.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congminh.apps.cases.models import (
    Case,
    CaseEvent,
    CaseKind,
    Category,
    PartyRole,
    Procedure,
    Stage,
    Status,
)
from congminh.apps.cases.selectors import CaseFilters
from congminh.apps.organisations.models import Organisation
from congminh.core.case_events import EVENT_TYPES, data_problems, parse_details
from congminh.core.law.events import event_label, fields_for, procedure_problems

# Accept what people type (dd/mm/yyyy) as well as what date pickers send (ISO).
DATE_INPUTS = ["%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"]


def state_on_day_field(help_text: Any) -> forms.DateField:
    """A list's «Tình trạng tại ngày»: the day whose state the list shows (empty: today);
    `help_text` a (lazy) translated sentence saying what the list shows then."""
    return forms.DateField(
        label=_("State on the date"), required=False, input_formats=DATE_INPUTS,
        widget=forms.DateInput(attrs={"placeholder": "dd/mm/yyyy"}, format="%d/%m/%Y"),
        error_messages={"invalid": _("Give the date as dd/mm/yyyy (or yyyy-mm-dd).")},
        help_text=help_text)


AGE_CHOICES = [
    ("", _("Any age")),
    ("6", _("Open over 6 months")),
    ("12", _("Open over 12 months")),
    ("24", _("Open over 24 months")),
    ("36", _("Open over 36 months")),
]


def months_ago(today: dt.date, months: int) -> dt.date:
    """The same day-number `months` earlier (the month's last day when it does not exist)."""
    index = today.year * 12 + today.month - 1 - months
    year, month = divmod(index, 12)
    month += 1
    for day in (today.day, 30, 29, 28):
        try:
            return dt.date(year, month, day)
        except ValueError:
            continue
    raise AssertionError("unreachable")  # pragma: no cover


class CaseFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200)
    organisation = forms.ModelChoiceField(
        label=_("Body"), queryset=Organisation.objects.none(), required=False,
        empty_label=_("All bodies"),
    )
    procedure = forms.ChoiceField(
        label=_("Procedure"), choices=[("", _("All procedures")), *Procedure.choices],
        required=False,
    )
    stage = forms.ChoiceField(
        label=_("Stage"), choices=[("", _("All stages")), *Stage.choices], required=False
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("All statuses")), *Status.choices], required=False
    )
    age = forms.ChoiceField(label=_("Age"), choices=AGE_CHOICES, required=False)

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        org_field = self.fields["organisation"]
        assert isinstance(org_field, forms.ModelChoiceField)
        org_field.queryset = organisations

    def to_filters(self) -> CaseFilters:
        """The valid filters; an invalid one is dropped (and reported by the form)."""
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        org = data.get("organisation")
        age = data.get("age") or ""
        return CaseFilters(
            query=data.get("q", "") or "",
            organisation_id=org.pk if org else None,
            procedure=data.get("procedure", "") or "",
            stage=data.get("stage", "") or "",
            status=data.get("status", "") or "",
            opened_before=months_ago(timezone.localdate(), int(age)) if age else None,
        )


def event_type_choices(procedure: str, appellate: bool = False) -> list[tuple[str, str]]:
    """The events a case of `procedure` may record, with their Vietnamese names; once the
    appeal court has the file (`appellate`), a step named for first instance by its neutral
    name («Tuyên án»), as the case's timeline names it."""
    return [(code, event_label(code, neutral=appellate and code != "appeal_received"))
            for code, et in EVENT_TYPES.items() if procedure in et.procedures]


# Optional details of an event (CONTRACTS.md section 1), as form field names.
DETAIL_FIELDS = ("months", "days", "ground", "by", "court", "able", "simplified_procedure",
                 "foreign_element", "reason", "person", "ref")
# Details every event may name (shown whatever the type); the others show only for the
# types that take them (`fields_by_type`, `toggled_fields`).
ALWAYS_SHOWN = ("person", "ref")
# Yes / no details chosen in a list (— / yes / no); `able` is one.
_YES_NO_FIELDS = ("able", "simplified_procedure", "foreign_element")


class EventChoiceField(forms.ModelChoiceField):  # type: ignore[type-arg]
    """Events shown as people know them: "dd/mm/yyyy · Vietnamese name"."""

    def label_from_instance(self, obj: Any) -> str:
        et = EVENT_TYPES.get(obj.type)
        return f"{obj.date:%d/%m/%Y} · {et.label_vi if et else obj.type}"


class EventAppendForm(forms.Form):
    type = forms.ChoiceField(label=_("Event"))
    date = forms.DateField(
        label=_("Date"), input_formats=DATE_INPUTS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
    )
    months = forms.IntegerField(label=_("Months"), required=False, min_value=1, max_value=120)
    days = forms.IntegerField(label=_("Days"), required=False, min_value=1, max_value=3650)
    ground = forms.CharField(label=_("Ground"), required=False, max_length=255)
    by = forms.ChoiceField(
        label=_("Returned by"), required=False,
        choices=[("", "—"), ("procuracy", _("Procuracy")), ("court", _("Court"))],
    )
    court = forms.ChoiceField(
        label=_("Appellate court"), required=False,
        choices=[
            ("", "—"), ("provincial", _("Provincial court")),
            ("supreme_appellate", _("Appellate Court of the Supreme People's Court")),
        ],
    )
    able = forms.ChoiceField(
        label=_("Able to pay"), required=False,
        choices=[("", "—"), ("yes", _("Able")), ("no", _("Unable"))],
    )
    # The acceptance or the appellate court's receipt of the file: the simplified
    # procedure's own limits (BLTTDS Đ.318, Đ.323-324, Luật TTHC Đ.247, Đ.252-253, BLTTHS
    # Đ.462, Đ.464); a foreign element: no appellate limit (BLTTDS Đ.286 k4, Luật TTHC
    # Đ.221), civil and administrative cases only (`events.fields_for`).
    simplified_procedure = forms.ChoiceField(
        label=_("Case resolved under the simplified procedure"), required=False,
        choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))],
    )
    foreign_element = forms.ChoiceField(
        label=_("Case with a foreign element"), required=False,
        choices=[("", "—"), ("yes", _("Yes")), ("no", _("No"))],
    )
    reason = forms.CharField(label=_("Reason"), required=False, max_length=255)
    person = forms.CharField(label=_("Person concerned"), required=False, max_length=255)
    ref = forms.CharField(label=_("Request or decision number"), required=False, max_length=100)
    other = forms.CharField(
        label=_("Other details"), required=False, max_length=500,
        help_text=_("field=value; field=value, e.g. custody_stage=trial; complex=yes"),
    )
    document = forms.CharField(label=_("Document"), required=False, max_length=255)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    supersedes = EventChoiceField(
        label=_("Corrects event"), queryset=CaseEvent.objects.none(), required=False,
        empty_label=_("— a new event, not a correction —"),
    )

    def __init__(self, *args: Any, case: Case, allowed: frozenset[str] | None = None,
                 **kwargs: Any) -> None:
        """`allowed`: the event types the user may record here (None: any)."""
        super().__init__(*args, **kwargs)
        self.case = case
        appellate = case.pk is not None and case.events.filter(
            type="appeal_received", withdrawn_at__isnull=True).exists()
        self.event_choices = [(c, label) for c, label in event_type_choices(case.procedure, appellate)
                              if allowed is None or c in allowed]
        type_field = self.fields["type"]
        assert isinstance(type_field, forms.ChoiceField)
        type_field.choices = self.event_choices
        sup = self.fields["supersedes"]
        assert isinstance(sup, forms.ModelChoiceField)
        sup.queryset = case.events.filter(withdrawn_at__isnull=True).order_by("date", "id")

    def fields_by_type(self) -> dict[str, list[str]]:
        """Event type -> the detail fields of this form it takes (the page shows only those)."""
        out = {}
        for code, _label in self.event_choices:
            fields = fields_for(code, self.case.procedure)
            takes = [n for n in DETAIL_FIELDS if n in fields]
            extra = set(fields) - set(DETAIL_FIELDS) - set(ALWAYS_SHOWN)
            out[code] = takes + (["other"] if extra else [])
        return out

    @staticmethod
    def toggled_fields() -> list[str]:
        """The fields the page shows only for the types that take them (`fields_by_type`)."""
        return [n for n in DETAIL_FIELDS if n not in ALWAYS_SHOWN] + ["other"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        et = EVENT_TYPES.get(cleaned.get("type") or "")
        if et is None:
            return cleaned
        fields = fields_for(et.code, self.case.procedure)
        details = self._details(cleaned)
        labels = {n: str(self.fields[n].label) for n in (*DETAIL_FIELDS, *ALWAYS_SHOWN)}
        for name in DETAIL_FIELDS:
            value = cleaned.get(name)
            if value in (None, "") or name in fields:
                continue
            if name in et.optional_fields:  # the event's, but not in this procedure: why
                for problem in procedure_problems(et.code, {name: details.pop(name)},
                                                  self.case.procedure, labels):
                    self.add_error(name, problem)
                continue
            self.add_error(
                name,
                _("%(field)s does not apply to the event “%(event)s”.")
                % {"field": self.fields[name].label, "event": et.label_vi},
            )
        other, unreadable = parse_details(et.code, cleaned.get("other") or "")
        problems = unreadable + data_problems(et.code, {**details, **other}, self.case.procedure,
                                              {n: labels[n] for n in labels if n not in other})
        for problem in problems:
            self.add_error("other" if other or unreadable else None, problem)
        return cleaned

    @staticmethod
    def _details(cleaned: dict[str, Any]) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for name in DETAIL_FIELDS:
            value = cleaned.get(name)
            if value in (None, ""):
                continue
            data[name] = (value == "yes") if name in _YES_NO_FIELDS else value
        return data

    def details(self) -> dict[str, Any]:
        """The event's details as the law engine reads them."""
        other, _unreadable = parse_details(self.cleaned_data["type"], self.cleaned_data.get("other") or "")
        return {**self._details(self.cleaned_data), **other}




class CaseEditForm(forms.Form):
    """What an officer may correct about a case itself; events go through their own form."""

    title = forms.CharField(label=_("Title"), max_length=500)
    summary = forms.CharField(label=_("Summary"), required=False,
                              widget=forms.Textarea(attrs={"rows": 3}))
    category = forms.ChoiceField(label=_("Category"), required=False)
    case_kind = forms.ChoiceField(label=_("Case kind"), required=False)
    national_security = forms.BooleanField(label=_("National security"), required=False)
    public_concern = forms.BooleanField(label=_("Strong public concern"), required=False)
    wrongful_conviction_signs = forms.BooleanField(
        label=_("Signs of wrongful conviction"), required=False)
    missed_crime_signs = forms.BooleanField(
        label=_("Signs of a crime let slip"), required=False)
    reason = forms.CharField(
        label=_("Reason"), required=False, max_length=255,
        help_text=_("Required when a supervision flag changes."))

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {name: getattr(case, name) for name in self.base_fields
                                      if name != "reason"})
        super().__init__(*args, **kwargs)
        category = self.fields["category"]
        kind = self.fields["case_kind"]
        assert isinstance(category, forms.ChoiceField) and isinstance(kind, forms.ChoiceField)
        category.choices = [("", "—"), *Category.choices]
        kind.choices = [("", "—"), *CaseKind.choices]
        # Only the fields that mean something for this procedure are offered.
        if case.procedure != "criminal":
            for name in ("category", "national_security"):
                del self.fields[name]
        if case.procedure not in ("civil", "administrative"):
            del self.fields["case_kind"]


class CaseFlagsForm(forms.Form):
    """The supervision flags, always with the reason for the change."""

    public_concern = forms.BooleanField(label=_("Strong public concern"), required=False)
    wrongful_conviction_signs = forms.BooleanField(
        label=_("Signs of wrongful conviction"), required=False)
    missed_crime_signs = forms.BooleanField(
        label=_("Signs of a crime let slip"), required=False)
    reason = forms.CharField(label=_("Reason"), max_length=255)


class CaseMergeForm(forms.Form):
    """Merge another record of the same case into this one (explicit and audited)."""

    other = forms.IntegerField(label=_("Number (ID) of the other record"), min_value=1)
    reason = forms.CharField(label=_("Reason for merging"), max_length=255)


class EventWithdrawForm(forms.Form):
    reason = forms.CharField(label=_("Reason for withdrawing"), max_length=500)


class CaseCreateForm(forms.Form):
    """A new case opened from the screen: its number at the holding body, what it is,
    a party and the first event."""

    holder = forms.ModelChoiceField(label=_("Holding body"), queryset=Organisation.objects.none())
    procedure = forms.ChoiceField(label=_("Procedure"), choices=Procedure.choices)
    number = forms.CharField(label=_("Case number at the holding body"), max_length=100)
    title = forms.CharField(label=_("Title"), max_length=500)
    category = forms.ChoiceField(label=_("Category"), required=False,
                                 choices=[("", "—"), *Category.choices])
    case_kind = forms.ChoiceField(label=_("Case kind"), required=False,
                                  choices=[("", "—"), *CaseKind.choices])
    national_security = forms.BooleanField(label=_("National security"), required=False)
    summary = forms.CharField(label=_("Summary"), required=False,
                              widget=forms.Textarea(attrs={"rows": 2}))
    party_name = forms.CharField(label=_("Party"), required=False, max_length=255)
    party_role = forms.ChoiceField(label=_("Party role"), required=False,
                                   choices=[("", "—"), *PartyRole.choices])
    event_type = forms.ChoiceField(label=_("First event"))
    event_date = forms.DateField(
        label=_("Date of the first event"), input_formats=DATE_INPUTS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
    )

    def __init__(self, *args: Any, holders: QuerySet[Organisation],
                 events: frozenset[str] | None = None, **kwargs: Any) -> None:
        """`events`: the event types the user may record (None: any)."""
        super().__init__(*args, **kwargs)
        holder = self.fields["holder"]
        assert isinstance(holder, forms.ModelChoiceField)
        holder.queryset = holders
        if holders.count() == 1:
            holder.initial = holders.first()
        event_type = self.fields["event_type"]
        assert isinstance(event_type, forms.ChoiceField)
        event_type.choices = [(code, et.label_vi) for code, et in EVENT_TYPES.items()
                              if events is None or code in events]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        procedure = cleaned.get("procedure") or ""
        code = cleaned.get("event_type") or ""
        if code and procedure and code in EVENT_TYPES and procedure not in EVENT_TYPES[code].procedures:
            self.add_error("event_type", _("This event does not belong to this kind of case."))
        if bool(cleaned.get("party_name")) != bool(cleaned.get("party_role")):
            self.add_error("party_role", _("Give both the party's name and role."))
        if procedure in ("civil", "administrative") and not cleaned.get("case_kind"):
            self.add_error("case_kind", _("Choose the case kind."))
        return cleaned
