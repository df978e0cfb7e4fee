"""Screen names of the four task statuses (plus the due-soon hint) and of due dates."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext, pgettext
from django.utils.translation import gettext_lazy as _

from congminh.core import statuses
from congminh.core.periods import label_vi

STATUS_LABELS = statuses.TASK_LABELS
DUE_SOON_LABEL = statuses.label(statuses.DUE_SOON)

# The parser's warnings (CONTRACTS.md §2) are English data; show the known ones in
# Vietnamese and any other as written.
PARSER_WARNINGS = {
    "number and symbol not found": _("number and symbol not found"),
    "number not found": _("number not found"),
    "date not found": _("date not found"),
    "place and date not found": _("place and date not found"),
    "recipients not found": _("recipients not found"),
    "signer not found": _("signer not found"),
    "number and date read from the digital-signature fields":
        _("number and date read from the digital-signature fields"),
    "parser not available": _("the document reader is not available; enter the fields by hand"),
    "the file could not be read": _("the file could not be read; enter the fields by hand"),
    "no file": _("no file was uploaded; enter the fields by hand"),
}


def parser_warning(text: str) -> str:
    return str(PARSER_WARNINGS.get(text, text))


def due_label(due: dt.date | None, precision: str = "day") -> str:
    """A due date as the document gave it: «30/11/2025» for a day, «tháng 11/2025» for a
    month target (due on its last day), «quý IV/2025», «năm 2025»; "" for none. The
    period is named by the one home of period names, `congminh.core.periods.label_vi`.

    >>> due_label(dt.date(2025, 11, 30), "month"), due_label(dt.date(2025, 11, 30))
    ('tháng 11/2025', '30/11/2025')
    >>> due_label(dt.date(2026, 3, 31), "quarter"), due_label(dt.date(2026, 12, 31), "year")
    ('quý I/2026', 'năm 2026')
    """
    if due is None:
        return ""
    period = {
        "month": f"T{due.month}/{due.year}",
        "quarter": f"Q{(due.month - 1) // 3 + 1}/{due.year}",
        "year": str(due.year),
    }.get(precision)
    if period is None:
        return due.strftime("%d/%m/%Y")
    name = label_vi(period)  # «Tháng 11/2025»: lower-cased, it reads inside a sentence
    return name[:1].lower() + name[1:]


def _relative_units() -> dict[str, str]:
    return {
        "days": pgettext("relative deadline", "days"),
        "working_days": pgettext("relative deadline", "working days"),
        "months": pgettext("relative deadline", "months"),
        "years": pgettext("relative deadline", "years"),
    }


def relative_label(rel: dict[str, Any] | None) -> str:
    """A task's `due_relative` (CONTRACTS.md §2) as the document words it: «trong 30 ngày
    kể từ ngày ký», «trong 10 ngày làm việc kể từ ngày nhận được hồ sơ»; "" for none. The
    event is the document's own words, read after "kể từ ngày" / "sau khi"."""
    if not rel:
        return ""
    unit = _relative_units().get(str(rel.get("unit")), "")
    return gettext("within %(length)s %(unit)s from the day of %(event)s") % {
        "length": rel.get("length"), "unit": unit, "event": rel.get("event") or ""}
