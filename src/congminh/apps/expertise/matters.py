"""The kinds of matter (loại việc) for which a ministry set its own expertise limit (Luật
GĐTP Đ.26a k3 đoạn 2; `core.law.events.EXPERTISE_MATTERS`): the field each belongs to and
its limit are read from the rule's limit rows (`rules/GDTP-26A.yaml`, `when:
{expertise_field, expertise_matter}`), so a lawyer changing the rule file changes what the
forms offer; the names are the law pages' (`law.presenters.VALUE_LABELS`).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from congminh.apps.law.presenters import VALUE_LABELS
from congminh.core.law.events import EXPERTISE_MATTERS
from congminh.core.law.rules import Duration, default_rules
from congminh.core.text import fold

RULE = "GDTP-26A"


def _rows(day: dt.date | None = None) -> dict[str, tuple[str, Duration]]:
    """matter -> (its field's code, its limit) in the rule version in force on `day`."""
    rule = default_rules().get(RULE, day or timezone.localdate())
    rows: dict[str, tuple[str, Duration]] = {}
    for limit in rule.limits:
        matter, field = limit.when.get("expertise_matter"), limit.when.get("expertise_field")
        if isinstance(matter, str) and isinstance(field, str):
            rows.setdefault(matter, (field, limit.duration))
    return rows


def matter_label(matter: str) -> str:
    """The kind of matter's Vietnamese name ("" for none)."""
    return str(VALUE_LABELS.get(("expertise_matter", matter), matter)) if matter else ""


def matter_fields(day: dt.date | None = None) -> dict[str, str]:
    """matter -> the code of the field it belongs to."""
    return {matter: field for matter, (field, _limit) in _rows(day).items()}


def matter_limit(matter: str, day: dt.date | None = None) -> str:
    """The matter's own limit in words («20 ngày»), "" for none."""
    row = _rows(day).get(matter) if matter else None
    return row[1].text_vi() if row else ""


def matter_choices() -> list[tuple[str, str]]:
    """(code, name) of every kind of matter, in the law's order."""
    return [(m, matter_label(m)) for m in EXPERTISE_MATTERS]


def matter_from_text(text: str) -> str | None:
    """The kind of matter a person wrote (its code, or its Vietnamese name in any case and
    with or without diacritics, as in a spreadsheet cell): "" for an empty text, None for
    one that names no kind."""
    key = fold(text)
    if not key:
        return ""
    with translation.override("vi"):
        names = {fold(label): code for code, label in matter_choices()}
    return names.get(key) or next((m for m in EXPERTISE_MATTERS if fold(m) == key), None)


def matter_check(*, field_code: str, field_name: str, matter: str,
                 day: dt.date | None = None) -> None:
    """Refuse a kind of matter that does not belong to the request's field."""
    if not matter:
        return
    if matter not in EXPERTISE_MATTERS:
        raise ValidationError({"expertise_matter": _("Unknown kind of matter «%s».") % matter})
    if matter_fields(day).get(matter) != field_code:
        raise ValidationError({"expertise_matter": _(
            "«%(matter)s» is not a kind of matter of the field «%(field)s»: choose the field it "
            "belongs to, or leave the kind of matter empty.") % {
                "matter": matter_label(matter), "field": field_name}})
