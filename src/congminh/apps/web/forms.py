"""The case list's form: the filters of `cases.forms.CaseFilterForm` and those of this
screen (holding body, «kéo dài», open cases only, the sort column), with the bodies
grouped by kind and level."""

from __future__ import annotations

import dataclasses
import datetime as dt
from typing import Any

from django import forms
from django.db.models import QuerySet
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext_lazy as _

from congminh.apps.cases.forms import CaseFilterForm
from congminh.apps.cases.selectors import PROLONGED, CaseFilters, sort_key
from congminh.apps.organisations.models import Organisation
from congminh.apps.web.bodies import cached_body_entries, grouped_choices
from congminh.core import statuses


class FastSelect(forms.Select):
    """A <select> (with <optgroup>s) rendered in Python: Django renders each option
    through a template, about 0.1 ms each, and the case list offers every body of the
    province twice (hundreds of options per request)."""

    def render(self, name: str, value: Any, attrs: dict[str, Any] | None = None,
               renderer: Any = None) -> SafeString:
        final = self.build_attrs(self.attrs, {**(attrs or {}), "name": name})
        selected = set(self.format_value(value))

        def option(key: Any, label: Any) -> SafeString:
            key = "" if key is None else str(key)
            return format_html('<option value="{}"{}>{}</option>', key,
                               mark_safe(" selected") if key in selected else "", label)

        parts = [format_html("<select{}>", flatatt(final))]
        for key, label in self.choices:
            if isinstance(label, list | tuple):
                parts.append(format_html('<optgroup label="{}">', key))
                parts.extend(option(k, text) for k, text in label)
                parts.append(mark_safe("</optgroup>"))
            else:
                parts.append(option(key, label))
        parts.append(mark_safe("</select>"))
        return mark_safe("".join(parts))  # noqa: S308 - every part escaped above


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
        entries = cached_body_entries(organisations, today=today)
        for name, empty in (("organisation", _("All bodies")), ("holder", _("All holding bodies"))):
            field = self.fields[name]
            assert isinstance(field, forms.ModelChoiceField)
            field.queryset = organisations
            field.widget = FastSelect(attrs=field.widget.attrs)
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
