"""`{{ ob.due|due_vi:ob.due_precision }}`: a directive task's due date as the document
gave it («30/11/2025», «tháng 11/2025»); one presenter, `labels.due_label`."""

from __future__ import annotations

import datetime as dt

from django import template

from congminh.apps.directives.labels import due_label

register = template.Library()


@register.filter
def due_vi(due: dt.date | None, precision: str = "day") -> str:
    return due_label(due, precision or "day")
