"""The examples in the docstrings are run: every module of `congminh` that has one
(`>>> `) passes `doctest.testmod`, so an example cannot drift from the code it shows."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

SRC = Path(__file__).resolve().parents[1] / "src"


def _modules_with_examples() -> list[str]:
    return sorted(".".join(path.relative_to(SRC).with_suffix("").parts)
                  for path in (SRC / "congminh").rglob("*.py")
                  if ">>> " in path.read_text(encoding="utf-8"))


def test_the_examples_are_found() -> None:
    found = _modules_with_examples()
    assert "congminh.apps.reports.leadership" in found and "congminh.core.law.dates" in found


@pytest.mark.parametrize("name", _modules_with_examples())
def test_the_examples_pass(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, name
