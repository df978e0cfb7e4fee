"""The manifest of an export (`manifest.json`) and its verification by the receiver.

`build_manifest` writes what was exported (province, the since/until instants, the
pseudonymisation's key fingerprints, rows per table and per file, each file's SHA-256);
`verify_export` checks a received directory against it and returns the problems found, in
Vietnamese (empty: the export is intact). The manifest's JSON Schema is
`schemas/manifest.schema.json`.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema
import pyarrow as pa
import pyarrow.parquet as pq

from .pseudonyms import Pseudonymiser, fingerprint
from .read import MANIFEST
from .tables import FORMAT, SCHEMA_VERSION, SCHEMAS, TABLES, partition_path, schema_of_version
from .writer import FileEntry, sha256_of


def manifest_schema() -> dict[str, Any]:
    text = resources.files(__package__).joinpath("schemas/manifest.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


@lru_cache(maxsize=1)
def _validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator(
        manifest_schema(), format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER)


def _instant(value: dt.datetime) -> str:
    if value.tzinfo is None:
        raise ValueError("the export's instants must be timezone-aware")
    return value.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")


def build_manifest(
    *, province: str, since: dt.datetime | None, until: dt.datetime, created_at: dt.datetime,
    pseudonymiser: Pseudonymiser, files: Iterable[FileEntry], generator: str = "congminh",
) -> dict[str, Any]:
    entries = list(files)
    tables = {name: {"rows": sum(e.rows for e in entries if e.table == name),
                     "files": sum(1 for e in entries if e.table == name)} for name in TABLES}
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "province": province,
        "since": _instant(since) if since else None,
        "until": _instant(until),
        "created_at": _instant(created_at),
        "generator": generator,
        "pseudonymisation": {
            "algorithm": "HMAC-SHA256",
            "person_scope": pseudonymiser.person_scope,
            "key_fingerprint": fingerprint(pseudonymiser.key),
            "national_key_fingerprint": (fingerprint(pseudonymiser.national_key)
                                         if pseudonymiser.national_key else None),
        },
        "tables": tables,
        "files": [e.as_json() for e in entries],
    }


def write_manifest(out_dir: Path, manifest: dict[str, Any]) -> Path:
    problems = [_schema_problem(e) for e in _validator().iter_errors(manifest)]
    if problems:
        raise ValueError("; ".join(problems))
    path = out_dir / MANIFEST
    path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    return path


def _schema_problem(error: jsonschema.ValidationError) -> str:
    where = "/".join(str(p) for p in error.absolute_path) or "(gốc)"
    return f"manifest.json không đúng lược đồ tại {where}: {error.message}"


@dataclass
class Verification:
    problems: list[str] = field(default_factory=list)
    files: int = 0
    rows: int = 0
    manifest: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.problems


def _newer(version: str) -> bool:
    """Whether `version` is a later minor version than this program's (same major)."""
    return int(version.split(".")[1]) > int(SCHEMA_VERSION.split(".")[1])


def _schema_differences(table: str, path: Path, version: str) -> str | None:
    """How the file's columns differ from its table's at the manifest's `version`: an
    older minor version's file lacks the columns added since; a newer one's may hold
    columns this program does not know (after the known ones, ignored when read)."""
    actual = pq.read_schema(path)
    newer = _newer(version)
    expected = SCHEMAS[table] if newer else schema_of_version(table, version)
    if newer and actual.names[:len(expected)] == expected.names:
        actual = pa.schema(list(actual)[:len(expected)])
    if actual.equals(expected, check_metadata=False):
        return None
    have = {f.name: f for f in actual}
    want = {f.name: f for f in expected}
    parts = []
    if missing := [n for n in want if n not in have]:
        parts.append("thiếu cột " + ", ".join(missing))
    if extra := [n for n in have if n not in want]:
        parts.append("thừa cột " + ", ".join(extra))
    if wrong := [n for n in want if n in have and not have[n].equals(want[n])]:
        parts.append("sai kiểu cột " + ", ".join(wrong))
    return "; ".join(parts) or "thứ tự cột khác lược đồ"


def _check_file(root: Path, entry: dict[str, Any], province: str, version: str) -> list[str]:
    relative = entry["path"]
    table = entry["table"]
    expected_path = partition_path(table, entry["province"], entry.get("year"))
    if relative != expected_path or entry["province"] != province:
        return [f"Tệp {relative}: đường dẫn không khớp bảng, tỉnh và năm ghi trong manifest "
                f"(phải là {partition_path(table, province, entry.get('year'))})"]
    path = root / relative
    if not path.is_file():
        return [f"Thiếu tệp {relative} (manifest có ghi)"]
    problems = []
    size = path.stat().st_size
    if size != entry["bytes"]:
        problems.append(f"Tệp {relative}: dung lượng {size} byte, manifest ghi {entry['bytes']} byte")
    digest = sha256_of(path)
    if digest != entry["sha256"]:
        problems.append(f"Tệp {relative}: mã SHA-256 không khớp manifest "
                        f"(tệp {digest}, manifest {entry['sha256']}): tệp đã bị thay đổi hoặc hỏng")
    try:
        rows = pq.ParquetFile(path).metadata.num_rows
        difference = _schema_differences(table, path, version)
    except Exception as exc:  # any unreadable file is reported, not raised
        return [*problems, f"Tệp {relative}: không đọc được dạng Parquet ({exc})"]
    if rows != entry["rows"]:
        problems.append(f"Tệp {relative}: có {rows} dòng, manifest ghi {entry['rows']} dòng")
    if difference:
        problems.append(f"Tệp {relative}: cột không đúng lược đồ bảng {table} ({difference})")
    return problems


def verify_export(root: Path) -> Verification:
    """Check an export directory against its manifest; every problem, in Vietnamese."""
    result = Verification()
    path = root / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        result.problems.append(f"Không có tệp {MANIFEST} trong thư mục {root}")
        return result
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        result.problems.append(f"Không đọc được {MANIFEST}: {exc}")
        return result
    result.problems += [_schema_problem(e) for e in _validator().iter_errors(manifest)]
    if result.problems:
        return result
    result.manifest = manifest
    major = manifest["schema_version"].split(".")[0]
    if major != SCHEMA_VERSION.split(".")[0]:
        result.problems.append(f"Phiên bản lược đồ {manifest['schema_version']} không được hỗ trợ "
                               f"(chương trình này đọc phiên bản {SCHEMA_VERSION.split('.')[0]}.x)")
        return result
    listed = set()
    for entry in manifest["files"]:
        if entry["path"] in listed:
            result.problems.append(f"Tệp {entry['path']} được ghi hai lần trong manifest")
            continue
        listed.add(entry["path"])
        result.problems += _check_file(root, entry, manifest["province"], manifest["schema_version"])
        result.files += 1
        result.rows += entry["rows"]
    for name, totals in manifest["tables"].items():
        entries = [e for e in manifest["files"] if e["table"] == name]
        rows = sum(e["rows"] for e in entries)
        if (totals["rows"], totals["files"]) != (rows, len(entries)):
            result.problems.append(
                f"Bảng {name}: manifest ghi tổng {totals['rows']} dòng trong {totals['files']} tệp, "
                f"các tệp được liệt kê có {rows} dòng trong {len(entries)} tệp")
    for found in sorted(root.rglob("*.parquet")):
        relative = found.relative_to(root).as_posix()
        if relative not in listed:
            result.problems.append(f"Tệp {relative} không có trong manifest")
    return result
