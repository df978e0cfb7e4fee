"""Small cases for the pieces: dates, deadlines, recurrences, bodies, noise."""

from __future__ import annotations

import ast
import datetime as dt
import doctest
import importlib
from pathlib import Path

import pytest

import congminh.core.documents as documents
from congminh.core.documents import fold, parse_text
from congminh.core.documents.assignees import split_assignees, subject_phrase
from congminh.core.documents.dates import find_deadlines, find_recurrence, parse_date
from congminh.core.documents.layout import split_lines


@pytest.mark.parametrize(
    ("text", "due"),
    [
        ("hoàn thành trước ngày 15/12/2026.", "2026-12-15"),
        ("chậm nhất đến ngày 01 tháng 7 năm 2028", "2028-07-01"),
        ("trong quý III năm 2026", "2026-09-30"),
        ("trong tháng 01/2026", "2026-01-31"),
        ("trong tháng 02/2028", "2028-02-29"),
        ("frong Quý 1/2026", "2026-03-31"),
        ("Quý III, IV/2026, 2027", "2027-12-31"),
        ("Quý II, III/2026", "2026-09-30"),
        ("trước ngày 20 tháng 10 năm 2024", "2024-10-20"),
    ],
)
def test_deadlines(text: str, due: str) -> None:
    assert find_deadlines(text)[0].due.isoformat() == due


@pytest.mark.parametrize(
    "text", ["trước ngày 30 tháng 6 hằng năm", "ngày 02/6/2005 của Bộ Chính trị", "từ 01/01/2026 theo kế hoạch", "trước ngày 31/02/2026"]
)
def test_not_deadlines(text: str) -> None:
    assert find_deadlines(text) == []


@pytest.mark.parametrize(
    ("text", "value", "extra"),
    [
        ("định kỳ hằng quý, rà soát", "quarterly", None),
        ("định kỳ hàng quý", "quarterly", None),
        ("trước ngày 20 hằng tháng báo cáo", "monthly", None),
        ("định kỳ trước 25 hằng tháng", "monthly", None),
        ("báo cáo 6 tháng, hằng năm", "half_yearly", None),
        ("trước ngày 30 tháng 6 hằng năm", "yearly", None),
        ("Hằng năm, các cơ quan đề xuất", "yearly", None),
        ("định kỳ hai năm một lần rà soát", None, "biennial"),
    ],
)
def test_recurrences(text: str, value: str | None, extra: str | None) -> None:
    found = find_recurrence(text)
    assert found is not None and (found.value, found.extra) == (value, extra)


@pytest.mark.parametrize("text", ["kế hoạch 5 năm và hằng năm để triển khai", "nhiệm vụ hằng năm của các cấp ủy"])
def test_yearly_words_that_are_not_recurrences(text: str) -> None:
    assert find_recurrence(text) is None


def test_short_years_and_dates() -> None:
    assert parse_date("Ngày: 03/6/22") == dt.date(2022, 6, 3)
    assert parse_date("ngày 29 tháng 11 năm 2021") == dt.date(2021, 11, 29)


def test_fold_keeps_positions() -> None:
    text = "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"
    assert fold(text) == "uy ban mat tran to quoc viet nam tinh" and len(fold(text)) == len(text)


@pytest.mark.parametrize(
    ("sentence", "bodies"),
    [
        ("Viện Kiểm sát nhân dân tỉnh tăng cường hơn nữa", ["Viện Kiểm sát nhân dân tỉnh"]),
        ("Giao Ban xây dựng đảng Đảng ủy chủ trì, hướng dẫn", ["Ban xây dựng đảng Đảng ủy"]),
        ("Ủy ban Kiểm tra Tỉnh ủy phối hợp với các cơ quan", ["Ủy ban Kiểm tra Tỉnh ủy"]),
        ("Cục Lâm nghiệp và Cục Kiểm lâm; Sở Nông nghiệp và Môi trường các tỉnh", ["Cục Lâm nghiệp", "Cục Kiểm lâm", "Sở Nông nghiệp và Môi trường các tỉnh"]),
        ("Bộ Tài chính, Bộ Nông nghiệp và Phát triển nông thôn thống nhất", ["Bộ Tài chính", "Bộ Nông nghiệp và Phát triển nông thôn"]),
    ],
)
def test_bodies_named_at_sentence_start(sentence: str, bodies: list[str]) -> None:
    subject = subject_phrase(sentence)
    assert subject is not None and split_assignees(subject[0]) == bodies


@pytest.mark.parametrize("sentence", ["Bộ Tài chính đã nghiêm túc thực hiện ý kiến", "Tổ chức rà soát toàn bộ", "Bố trí kinh phí"])
def test_no_duty_named(sentence: str) -> None:
    assert subject_phrase(sentence) is None


def test_page_markers_and_page_numbers_are_dropped_but_table_numbers_stay() -> None:
    lines = split_lines("a\n===== Trang 2 =====\n2\nb\n                                        3\n1\nTổ chức")
    assert [ln.text for ln in lines if not ln.blank] == ["a", "b", "1", "Tổ chức"]


def test_two_column_line_is_split() -> None:
    (line,) = split_lines("Nơi nhận:                                    T/M BAN THƯỜNG VỤ")
    assert line.cells == ["Nơi nhận:", "T/M BAN THƯỜNG VỤ"]


def test_missing_fields_are_null_with_warnings() -> None:
    result = parse_text("Ủy ban nhân dân tỉnh tăng cường công tác.")
    assert result["number_symbol"] is None and result["date"] is None and result["signer"] is None
    assert {"number and symbol not found", "place and date not found", "signer not found"} <= set(result["warnings"])


def test_core_does_not_import_django() -> None:
    package = Path(documents.__file__).parent
    for source in package.rglob("*.py"):
        tree = ast.parse(source.read_text("utf-8"))
        for node in ast.walk(tree):
            names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
            if isinstance(node, ast.ImportFrom) and node.module:
                names.append(node.module)
            assert not any(n.split(".")[0] == "django" for n in names), source


@pytest.mark.parametrize("module", ["assignees", "citations", "dates", "textutil"])
def test_docstring_examples(module: str) -> None:
    result = doctest.testmod(importlib.import_module(f"congminh.core.documents.{module}"))
    assert result.failed == 0 and result.attempted > 0
