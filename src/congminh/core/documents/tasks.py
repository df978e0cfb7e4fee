"""Tasks (placeholder, filled in next)."""

from __future__ import annotations

from typing import Any

from .header import Header
from .layout import Line


def find_tasks(lines: list[Line], skip: set[int], header: Header) -> list[dict[str, Any]]:
    return []
