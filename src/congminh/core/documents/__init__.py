"""Document parser core: reads Vietnamese Party and State documents and extracts header
fields and assigned tasks (CONTRACTS.md section 2). Pure Python, no Django.

    >>> from congminh.core.documents import parse_text
    >>> parse_text("CHỈ THỊ\\nvề tăng cường công tác tư pháp\\n")["type_code"]
    'CT'
"""

from __future__ import annotations

from .extract import ExtractionError, extract_text
from .parser import parse_file, parse_text
from .textutil import fold

__all__ = ["ExtractionError", "extract_text", "fold", "parse_file", "parse_text"]
