"""The national exchange format without a database (docs/exchange.md, contract §3):
pseudonyms, the manifest's JSON Schema, the Arrow schemas as documented, and the
receiver's verification of a tampered export."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import jsonschema
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from congminh.core.exchange.manifest import (
    build_manifest,
    manifest_schema,
    verify_export,
    write_manifest,
)
from congminh.core.exchange.pseudonyms import CasePersons, Pseudonymiser, fingerprint
from congminh.core.exchange.read import open_table
from congminh.core.exchange.tables import SCHEMA_VERSION, SCHEMAS, TABLES, markdown_tables
from congminh.core.exchange.writer import ExportWriter

DOC = Path(__file__).resolve().parents[3] / "docs" / "exchange.md"
UNTIL = dt.datetime(2026, 11, 30, 17, 0, tzinfo=dt.UTC)
TOKEN = re.compile(r"^[PJ][0-9a-f]{40}$")


# --- pseudonyms ----------------------------------------------------------------------------

def test_a_person_keeps_one_pseudonym_within_the_province() -> None:
    first, again = Pseudonymiser(b"key-52", "52"), Pseudonymiser(b"key-52", "52")
    token = first.party(case_id=7, name="Nguyễn Văn An", id_number="079088001234")
    assert TOKEN.match(token) and "Nguyễn" not in token
    # another export, another case, the number typed differently: the same person
    assert again.party(case_id=9, name="NGUYỄN VĂN AN", id_number="0790 8800 1234") == token
    # a name alone links nothing across cases, but is stable within its case
    assert first.party(case_id=7, name="Trần Thị Đào") == again.party(case_id=7, name=" trần  thị đào")
    assert first.party(case_id=7, name="Trần Thị Đào") != first.party(case_id=8, name="Trần Thị Đào")
    # diacritics are kept: «Ân» is not «An»
    assert first.named(case_id=7, name="Lê Văn Ân") != first.named(case_id=7, name="Lê Văn An")
    assert first.judge("Nguyễn Minh Long") == again.judge("nguyễn minh long")
    assert first.judge("Nguyễn Minh Long").startswith("J")


def test_provinces_link_only_through_the_national_key() -> None:
    number = "079088001234"
    # two provinces that happen to share one key still never link (the code is in the message)
    assert (Pseudonymiser(b"same", "52").party(case_id=1, name="A", id_number=number)
            != Pseudonymiser(b"same", "48").party(case_id=1, name="A", id_number=number))
    gia_lai = Pseudonymiser(b"key-52", "52", national_key=b"national")
    da_nang = Pseudonymiser(b"key-48", "48", national_key=b"national")
    assert gia_lai.person_scope == "national"
    assert (gia_lai.party(case_id=1, name="A", id_number=number)
            == da_nang.party(case_id=5, name="B", id_number=number))
    # without a number, the national key links nothing
    assert gia_lai.party(case_id=1, name="A") != da_nang.party(case_id=1, name="A")
    assert Pseudonymiser(b"other-key", "52").party(case_id=1, name="A", id_number=number) != \
        Pseudonymiser(b"key-52", "52").party(case_id=1, name="A", id_number=number)


def test_event_details_name_nobody() -> None:
    persons = CasePersons(Pseudonymiser(b"k", "52"), case_id=3)
    party = persons.add_party("Phạm Hữu Toàn")
    details = persons.details({"person": "phạm hữu toàn", "absent": "Lê Văn Tám, Phạm Hữu Toàn",
                               "presiding_judge": "Nguyễn Thu Giang", "ref": "12/QĐ-TCGĐ-2026",
                               "months": 2})
    assert details["person"] == party
    assert details["absent"] == [persons.pseudonymiser.named(case_id=3, name="Lê Văn Tám"), party]
    assert details["presiding_judge"] == Pseudonymiser(b"k", "52").judge("Nguyễn Thu Giang")
    assert (details["ref"], details["months"]) == ("12/QĐ-TCGĐ-2026", 2)
    assert not any(n in json.dumps(details, ensure_ascii=False)
                   for n in ("Toàn", "Tám", "Giang", "toàn"))


def test_an_empty_key_is_refused() -> None:
    with pytest.raises(ValueError):
        Pseudonymiser(b"", "52")


# --- the contract's documents ---------------------------------------------------------------

def test_the_documented_tables_are_the_code_schemas() -> None:
    text = DOC.read_text(encoding="utf-8")
    assert text.startswith("# 3. National exchange")
    begin = text.index("-->\n", text.index("<!-- tables:")) + len("-->\n")
    end = text.index("<!-- end of tables -->")
    assert text[begin:end].strip() == markdown_tables().strip(), (
        "docs/exchange.md differs from congminh.core.exchange.tables: paste markdown_tables()")
    for table, columns in TABLES.items():
        assert SCHEMAS[table].names == [c.name for c in columns]


def test_the_manifest_schema_is_a_valid_json_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(manifest_schema())


# --- writing and verifying ------------------------------------------------------------------

CASE = {"case_id": 1, "procedure": "civil", "category": None, "case_kind": "civil_family",
        "national_security": False, "holder": "TAND-KV1", "stage": "trial_preparation",
        "opened_on": dt.date(2026, 3, 2), "last_event_on": dt.date(2026, 3, 2), "closed_on": None,
        "public_concern": False, "wrongful_conviction_signs": False, "status": "on_time",
        "status_reason": None, "next_due": dt.date(2026, 7, 2), "status_as_of": dt.date(2026, 11, 30),
        "flags": [], "numbers": [{"organisation": "TAND-KV1", "number": "01/2026/TLST-DS"}],
        "parties": 0, "created_at": UNTIL, "updated_at": UNTIL}
EVENT = {"event_id": 10, "case_id": 1, "kind": "recorded", "type": "accepted",
         "date": dt.date(2026, 3, 2), "details": "{}", "organisation": "TAND-KV1",
         "supersedes_id": None, "source": "manual", "document": None, "recorded_at": UNTIL,
         "withdrawn_at": None, "changed_at": UNTIL}


def _export(root: Path) -> dict[str, Any]:
    pseudonymiser = Pseudonymiser(b"k", "52")
    writer = ExportWriter(root, "52", compression="none")
    writer.add("cases", 2026, [CASE, {**CASE, "case_id": 2}])
    writer.add("cases", 2025, [{**CASE, "case_id": 3, "opened_on": dt.date(2025, 1, 5)}])
    writer.add("events", 2026, [EVENT, {**EVENT, "event_id": 11, "case_id": 2}])
    manifest = build_manifest(province="52", since=UNTIL - dt.timedelta(days=1), until=UNTIL,
                              created_at=UNTIL, pseudonymiser=pseudonymiser, files=writer.close())
    write_manifest(root, manifest)
    return manifest


def test_an_intact_export_verifies_and_reads_back(tmp_path: Path) -> None:
    manifest = _export(tmp_path)
    jsonschema.validate(manifest, manifest_schema())
    assert manifest["tables"]["cases"] == {"rows": 3, "files": 2}
    assert manifest["tables"]["obligations"] == {"rows": 0, "files": 0}
    assert manifest["pseudonymisation"]["key_fingerprint"] == fingerprint(b"k")
    assert manifest["since"] == "2026-11-29T17:00:00Z" and manifest["until"] == "2026-11-30T17:00:00Z"
    result = verify_export(tmp_path)
    assert result.problems == [] and (result.files, result.rows) == (3, 5)
    cases = open_table(tmp_path, "cases").to_table().sort_by("case_id")
    assert cases.column("case_id").to_pylist() == [1, 2, 3]
    assert cases.column("year").to_pylist() == [2026, 2026, 2025]
    assert cases.column("province").to_pylist() == ["52"] * 3
    assert cases.column("numbers")[0].as_py() == CASE["numbers"]
    both = open_table([tmp_path, tmp_path], "events").to_table()
    assert both.num_rows == 4


def test_a_changed_byte_fails_verification(tmp_path: Path) -> None:
    manifest = _export(tmp_path)
    path = tmp_path / manifest["files"][0]["path"]
    data = bytearray(path.read_bytes())
    spot = data.index(b"01/2026/TLST-DS")
    data[spot:spot + 2] = b"99"  # same size, still a readable Parquet file
    path.write_bytes(bytes(data))
    problems = verify_export(tmp_path).problems
    assert len(problems) == 1
    assert problems[0].startswith(f"Tệp {manifest['files'][0]['path']}: mã SHA-256 không khớp manifest")


def test_missing_extra_and_miscounted_files_are_named(tmp_path: Path) -> None:
    manifest = _export(tmp_path)
    listed = [f["path"] for f in manifest["files"]]
    (tmp_path / listed[0]).unlink()
    stray = tmp_path / "events/province=52/year=2024/part-0.parquet"
    stray.parent.mkdir(parents=True)
    stray.write_bytes((tmp_path / listed[2]).read_bytes())
    manifest["files"][1]["rows"] = 5
    manifest["tables"]["cases"]["rows"] = 7
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    problems = verify_export(tmp_path).problems
    assert f"Thiếu tệp {listed[0]} (manifest có ghi)" in problems
    assert f"Tệp {listed[1]}: có 2 dòng, manifest ghi 5 dòng" in problems
    assert "Tệp events/province=52/year=2024/part-0.parquet không có trong manifest" in problems
    assert any(p.startswith("Bảng cases: manifest ghi tổng 7 dòng") for p in problems)


def test_a_file_of_another_schema_is_refused(tmp_path: Path) -> None:
    manifest = _export(tmp_path)
    entry = manifest["files"][0]
    path = tmp_path / entry["path"]
    table = pq.read_table(path).drop_columns(["flags"])
    table = table.append_column("title", pa.array(["x"] * table.num_rows))
    pq.write_table(table, path)
    from congminh.core.exchange.writer import sha256_of

    entry.update(bytes=path.stat().st_size, sha256=sha256_of(path))
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    assert verify_export(tmp_path).problems == [
        f"Tệp {entry['path']}: cột không đúng lược đồ bảng cases (thiếu cột flags; thừa cột title)"]


def test_a_bad_manifest_is_reported_not_raised(tmp_path: Path) -> None:
    assert verify_export(tmp_path).problems == [f"Không có tệp manifest.json trong thư mục {tmp_path}"]
    manifest = _export(tmp_path)
    manifest["files"][0]["path"] = "../../etc/passwd"
    manifest["schema_version"] = "2.0"
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    problems = verify_export(tmp_path).problems
    assert problems and all(p.startswith("manifest.json không đúng lược đồ tại files/0/path") for p in problems)
    manifest["files"][0]["path"] = "cases/province=52/year=2026/part-0.parquet"
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    assert verify_export(tmp_path).problems == [
        "Phiên bản lược đồ 2.0 không được hỗ trợ (chương trình này đọc phiên bản 1.x)"]


# --- versions: a column added in a minor version (docs/exchange.md, Versions) ---------------

def _rewrite(root: Path, manifest: dict[str, Any], table: str, change: Any, version: str) -> None:
    """Rewrite `table`'s files through `change` (an Arrow table to another) and the
    manifest as written by `version`."""
    from congminh.core.exchange.writer import sha256_of

    for entry in manifest["files"]:
        if entry["table"] == table:
            path = root / entry["path"]
            pq.write_table(change(pq.read_table(path)), path)
            entry.update(bytes=path.stat().st_size, sha256=sha256_of(path))
    manifest["schema_version"] = version
    (root / "manifest.json").write_text(json.dumps(manifest))


def test_a_flagged_case_reads_back_flagged(tmp_path: Path) -> None:
    pseudonymiser = Pseudonymiser(b"k", "52")
    writer = ExportWriter(tmp_path, "52", compression="none")
    writer.add("cases", 2026, [{**CASE, "missed_crime_signs": True},
                               {**CASE, "case_id": 2, "wrongful_conviction_signs": True,
                                "missed_crime_signs": False}])
    write_manifest(tmp_path, build_manifest(province="52", since=None, until=UNTIL, created_at=UNTIL,
                                            pseudonymiser=pseudonymiser, files=writer.close()))
    assert verify_export(tmp_path).problems == []
    assert json.loads((tmp_path / "manifest.json").read_text())["schema_version"] == "1.1"
    rows = open_table(tmp_path, "cases").to_table().sort_by("case_id").to_pylist()
    assert [(r["wrongful_conviction_signs"], r["missed_crime_signs"]) for r in rows] == [
        (False, True), (True, False)]


def test_an_export_of_1_0_verifies_and_reads_as_not_flagged(tmp_path: Path) -> None:
    manifest = _export(tmp_path)
    _rewrite(tmp_path, manifest, "cases", lambda t: t.drop_columns(["missed_crime_signs"]), "1.0")
    assert verify_export(tmp_path).problems == []
    cases = open_table(tmp_path, "cases").to_table()
    assert cases.num_rows == 3
    assert cases.column("missed_crime_signs").to_pylist() == [None] * 3
    assert cases.column("wrongful_conviction_signs").to_pylist() == [False] * 3
    # the same files claimed as 1.1 lack a column of 1.1
    manifest["schema_version"] = "1.1"
    (tmp_path / "manifest.json").write_text(json.dumps(manifest))
    problems = verify_export(tmp_path).problems
    assert len(problems) == 2 and all(p.endswith("(thiếu cột missed_crime_signs)") for p in problems)


def test_a_newer_minor_versions_extra_column_is_ignored(tmp_path: Path) -> None:
    manifest = _export(tmp_path)
    _rewrite(tmp_path, manifest, "cases",
             lambda t: t.append_column("later", pa.array(["x"] * t.num_rows)), "1.9")
    assert verify_export(tmp_path).problems == []
    cases = open_table(tmp_path, "cases").to_table()
    assert "later" not in cases.column_names and cases.num_rows == 3
    # a column of a newer version may only follow the known ones
    _rewrite(tmp_path, manifest, "cases", lambda t: t.drop_columns(["missed_crime_signs"]), "1.9")
    assert any("thiếu cột missed_crime_signs" in p for p in verify_export(tmp_path).problems)


def test_a_column_added_after_1_0_is_nullable_and_last() -> None:
    def version(text: str) -> tuple[int, ...]:
        return tuple(int(part) for part in text.split("."))

    for table, columns in TABLES.items():
        added = [version(c.added) for c in columns]
        assert added == sorted(added), table
        assert all(c.nullable for c in columns if c.added != "1.0"), table
    assert max(version(c.added) for columns in TABLES.values() for c in columns) == version(SCHEMA_VERSION)
