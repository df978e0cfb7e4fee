"""The seam to the document parser (`congminh.core.documents`, CONTRACTS.md §2).

The upload calls `document_parse(path)`; whatever the parser returns is normalised to
the contract's shape, so the review screen can rely on every key being present. When the
parser cannot read a file (or is not installed), the clerk gets an empty draft with a
warning and types the fields in: registration never depends on parsing succeeding.
"""

from __future__ import annotations

import importlib
import logging
from pathlib import Path
from typing import Any

from congminh.apps.directives.models import DuePrecision
from congminh.core.documents.dates import relative_from_schema
from congminh.core.files import DEFAULT_LIMITS, FileLimits, FileRejected

logger = logging.getLogger(__name__)

EMPTY: dict[str, Any] = {
    "family": None, "issuer": None, "issuer_parent": None, "type": None, "type_code": None,
    "number": None, "number_symbol": None, "place": None, "date": None, "subject": None,
    "citations": [], "tasks": [], "recipients": [], "signer": None, "received": None,
    "warnings": [],
}
TASK_KEYS = ("ref", "text", "assignees", "due", "recurrence", "report_to")


def normalise(parsed: dict[str, Any]) -> dict[str, Any]:
    """A copy of `parsed` with every contract key present and tasks well-formed."""
    result = {**EMPTY, **parsed}
    tasks = []
    for task in result.get("tasks") or []:
        item = {key: task.get(key) for key in TASK_KEYS}
        item["assignees"] = [a for a in item["assignees"] or [] if a]
        # What the due date stands for (absent: a day): «trong tháng 11/2025» is due on
        # 30/11/2025 but is a month target, not that day.
        precision = task.get("due_precision")
        item["due_precision"] = (precision if item["due"] and precision in DuePrecision.values
                                 else DuePrecision.DAY)
        # A limit counted from an event («trong 30 ngày kể từ ngày ký»): shown to the clerk,
        # who may count the due date from the document's date (forms.TaskForm).
        relative = task.get("due_relative")
        item["due_relative"] = relative if relative_from_schema(relative) else None
        tasks.append(item)
    result["tasks"] = tasks
    result["warnings"] = list(result.get("warnings") or [])
    return result


def document_parse(path: Path, *, limits: FileLimits = DEFAULT_LIMITS, name: str = "") -> dict[str, Any]:
    """A file that is damaged, hostile or over `limits` raises FileRejected (the upload
    is refused with the reason, naming the file `name`)."""
    try:
        parser = importlib.import_module("congminh.core.documents")
        extract_text, parse_text = parser.extract_text, parser.parse_text
    except (ImportError, AttributeError):
        return normalise({"warnings": ["parser not available"]})
    try:
        return normalise(parse_text(extract_text(path, limits=limits, name=name)))
    except FileRejected:
        raise
    except Exception:  # no OCR engine, a parser bug: the clerk types the fields in
        logger.exception("parsing %s failed", path)
        return normalise({"warnings": ["the file could not be read"]})
