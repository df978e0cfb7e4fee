"""A small valid sample file for demonstrations and the browser test."""

from __future__ import annotations

from pathlib import Path

from congminh.apps.imports.template import write_template

SAMPLE = Path(__file__).with_name("mau-nhap-vu-an.xlsx")


def write_sample(path: str | Path, holder_code: str) -> Path:
    """Write the template's example rows (three events of two cases) held by `holder_code`."""
    write_template(path, holder=holder_code)
    return Path(path)
