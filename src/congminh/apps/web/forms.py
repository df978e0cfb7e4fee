"""The case list's form: the filters of `cases.forms.CaseFilterForm` and those of this
screen (holding body, «kéo dài», open cases only, the sort column), with the bodies
grouped by kind and level."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from congminh.apps.cases.forms import CaseFilterForm
from congminh.apps.cases.selectors import PROLONGED, CaseFilters, sort_key
from congminh.apps.organisations.models import Organisation
from congminh.apps.web.bodies import body_entries, grouped_choices
from congminh.core import statuses


class CaseListForm(CaseFilterForm):
    holder = forms.ModelChoiceField(
        label=_("Holding body"), queryset=Organisation.objects.none(), required=False,
        empty_label=_("All holding bodies"),
    )
    prolonged = forms.BooleanField(label=statuses.flag_label(PROLONGED), required=False)
    open = forms.BooleanField(label=_("Open cases only"), required=False)
    sort = forms.CharField(required=False, max_length=20, widget=forms.HiddenInput)

    field_order = ["q", "organisation", "holder", "procedure", "stage", "status", "age",
                   "prolonged", "open", "sort"]

    def __init__(self, *args: Any, organisations: QuerySet[Organisation], today: dt.date,
                 **kwargs: Any) -> None:
        super().__init__(*args, organisations=organisations, **kwargs)
        entries = body_entries(organisations, today=today)
        for name, empty in (("organisation", _("All bodies")), ("holder", _("All holding bodies"))):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = organisations
            field.choices = grouped_choices(entries, str(empty))

    def to_filters(self) -> CaseFilters:
        base = super().to_filters()
        data = self.cleaned_data if self.is_bound and hasattr(self, "cleaned_data") else {}
        holder = data.get("holder")
        prolonged = bool(data.get("prolonged"))
        return dataclasses.replace(
            base,
            holder_id=holder.pk if holder else None,
            prolonged=prolonged,
            # "Open over N months" and «kéo dài» are about cases still open (the law
            # engine keeps the flag on a case that ended after running long).
            open_only=bool(data.get("open")) or base.opened_before is not None or prolonged,
            sort=sort_key(str(data.get("sort") or "")),
        )
