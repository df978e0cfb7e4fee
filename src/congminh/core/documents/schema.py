"""The JSON Schema of `congminh doc parse` output, shipped inside the package."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def output_schema() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("schemas/parsed_document.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def validate(result: dict[str, Any]) -> None:
    """Raise `jsonschema.ValidationError` when `result` breaks the output contract."""
    import jsonschema

    jsonschema.validate(result, output_schema())
