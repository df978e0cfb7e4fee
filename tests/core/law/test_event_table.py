"""docs/events.md is the catalogue's table (`congminh law events`), never edited by hand."""

from __future__ import annotations

import io
from pathlib import Path

from congminh.core.law.cli import main
from congminh.core.law.event_table import markdown
from congminh.core.law.events import EVENT_TYPES

DOC = Path(__file__).resolve().parents[3] / "docs" / "events.md"


def test_the_committed_table_is_the_catalogues() -> None:
    assert DOC.read_text(encoding="utf-8") == markdown(), (
        "docs/events.md is stale: run `congminh law events > docs/events.md`")


def test_every_event_type_has_one_row() -> None:
    rows = [line for line in markdown().splitlines() if line.startswith("| ") and "`" in line[:60]]
    codes = [row.split(" | ")[1].strip("`") for row in rows[1:]]
    assert codes == list(EVENT_TYPES)


def test_the_command_prints_the_table() -> None:
    out = io.StringIO()
    assert main(["events"], out) == 0
    assert "| civil, administrative | `judgment_received_by_procuracy` |" in out.getvalue()
    assert "BLTTHS-477, LTTHC-333" in out.getvalue()
