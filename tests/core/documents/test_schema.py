"""Every golden and every parser output satisfies the packaged JSON Schema."""

from __future__ import annotations

import jsonschema
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import NAMES, golden, parsed
from congminh.core.documents import parse_text
from congminh.core.documents.schema import output_schema, validate


def test_schema_is_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(output_schema())


@pytest.mark.parametrize("name", NAMES)
def test_golden_matches_schema(name: str) -> None:
    gold = golden(name)
    # null citations: not labelled for this document (golden/README.md)
    validate(gold if gold["citations"] is not None else {**gold, "citations": []})


@pytest.mark.parametrize("name", NAMES)
def test_parser_output_matches_schema(name: str) -> None:
    validate(parsed(name))


def test_schema_rejects_renamed_recurrence() -> None:
    bad = dict(parsed(NAMES[0]))
    bad["tasks"] = [{"ref": "1", "text": "x", "assignees": [], "due": None, "recurrence": "biennial", "report_to": None}]
    with pytest.raises(jsonschema.ValidationError):
        validate(bad)


# Noise the parser must survive: Vietnamese words, markers, numbers, broken columns.
NOISE = st.lists(
    st.sampled_from([
        "Số: 12/QĐ-UBND", "Hà Nội, ngày 05 tháng 3 năm 2026", "CHỈ THỊ", "Nơi nhận:", "- Lưu: VT.",
        "1. Sở Tư pháp chủ trì", "a) Phối hợp", "===== Trang 2 =====", "2", "T/M BAN THƯỜNG VỤ",
        "| a | b |", "|---|---|", "ĐẾN", "Ngày: 31/02/22", "trước ngày 30/2/2026", "Quý V/2026",
        "Điều 3. Giám đốc Sở chịu trách nhiệm thi hành", "PHỤ LỤC", "                    ", "\f",
    ]) | st.text(max_size=40),
    max_size=40,
)


@settings(max_examples=150, deadline=None)
@given(NOISE)
def test_parser_never_breaks_the_contract_on_noise(parts: list[str]) -> None:
    validate(parse_text("\n".join(parts)))
