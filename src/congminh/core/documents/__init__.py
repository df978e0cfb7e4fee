"""Document parser core: reads Vietnamese Party and State documents and extracts header
fields and assigned tasks (CONTRACTS.md section 2). Pure Python, no Django."""

from __future__ import annotations

from .parser import parse_text

__all__ = ["parse_text"]
