"""The list's filters: words, procedure and how sure the rule is."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from congminh.apps.law.presenters import CONFIDENCE_LABELS, PROCEDURE_LABELS
from congminh.core.law.rules import CONFIDENCE_ORDER


class RuleFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=200,
                        widget=forms.TextInput(attrs={"type": "search", "placeholder": _(
                            "code, name, article, quoted text")}))
    procedure = forms.ChoiceField(
        label=_("Kind of procedure"), required=False,
        choices=[("", _("Every procedure")), *((code, label) for code, label in PROCEDURE_LABELS.items())],
    )
    confidence = forms.ChoiceField(
        label=_("Confirmation"), required=False,
        choices=[("", _("All")), *((code, CONFIDENCE_LABELS[code]) for code in CONFIDENCE_ORDER)],
    )
