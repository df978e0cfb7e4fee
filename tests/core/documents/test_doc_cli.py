"""`congminh doc parse` from the command line."""

from __future__ import annotations

import json

import pytest

from conftest import CORPUS, golden
from congminh.cli import main as congminh
from congminh.core.documents.cli import main

SEED = "chi-thi-hoat-dong-tu-phap"


def test_json_output_is_the_contract(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", str(CORPUS / f"{SEED}.txt")]) == 0
    out = json.loads(capsys.readouterr().out)
    want = golden(SEED)
    for field in ("family", "issuer", "type", "type_code", "number", "subject", "signer", "recipients"):
        assert out[field] == want[field]
    assert out["received"]["number"] == "6123"


def test_text_format_for_people(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "--format", "text", str(CORPUS / f"{SEED}.txt")]) == 0
    out = capsys.readouterr().out
    assert "CHỈ THỊ" in out and "Viện Kiểm sát nhân dân tỉnh — quarterly" in out
    assert "Warning: number and symbol not found" in out


def test_top_level_command_dispatches_doc(capsys: pytest.CaptureFixture[str]) -> None:
    assert congminh(["doc", "parse", str(CORPUS / f"{SEED}.txt")]) == 0
    assert json.loads(capsys.readouterr().out)["type"] == "CHỈ THỊ"


def test_missing_file_is_an_error(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["parse", "/nonexistent/chi-thi.txt"]) == 1
    assert "congminh doc parse" in capsys.readouterr().err
