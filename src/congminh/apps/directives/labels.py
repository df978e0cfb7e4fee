"""Screen names of the four task statuses (plus the due-soon hint)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from congminh.core import statuses

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
