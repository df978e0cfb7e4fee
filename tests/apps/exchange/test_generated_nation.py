"""The national demo (issue 14, item 3) and the national computation's equality test (item 2):
a small generated nation passes the receiver's verification, is the same byte for byte for
a seed, and `national evaluate` on a Dask LocalCluster equals the single-process bulk path
over the generator's own columns, case by case and obligation by obligation."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from io import StringIO
from pathlib import Path
from typing import Any

import pyarrow.dataset as ds
import pyarrow.parquet as pq
import pytest

from congminh.apps.exchange.national import NationalRun, national_evaluate
from congminh.core.exchange.index import open_lists, refresh_index
from congminh.core.exchange.manifest import verify_export
from congminh.core.exchange.nation import generate_nation, province_columns, provinces
from congminh.core.exchange.national import open_results
from congminh.core.exchange.read import export_dirs, open_table
from congminh.core.law.bulk import evaluate_columns
from congminh.core.law.events import stage_after

AS_OF = dt.date(2026, 11, 26)
SEED, CASES, PROVINCES = 11, 200, 3


@pytest.fixture(scope="module")
def nation(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("nation")
    generate_nation(out, provinces_count=PROVINCES, cases=CASES, seed=SEED)
    return out


def test_every_province_is_a_verified_export(nation: Path) -> None:
    dirs = export_dirs([nation])
    assert [d.name for d in dirs] == ["01", "04", "08"]  # Hà Nội, Cao Bằng, Tuyên Quang
    for directory in dirs:
        result = verify_export(directory)
        assert result.ok, result.problems
        assert result.manifest["tables"]["cases"]["rows"] == CASES
        assert result.manifest["generator"] == "congminh demo generate-nation"
    bodies = open_table(dirs[0], "organisations").to_table().to_pylist()
    assert {b["kind"] for b in bodies} == {"investigation_agency", "procuracy", "court",
                                           "enforcement_office"}
    assert {b["name"] for b in bodies} >= {"Viện kiểm sát nhân dân Thành phố Hà Nội"}


def test_the_same_seed_writes_the_same_files(nation: Path, tmp_path: Path) -> None:
    generate_nation(tmp_path, provinces_count=PROVINCES, cases=CASES, seed=SEED)
    for directory in export_dirs([nation]):
        again = json.loads((tmp_path / directory.name / "manifest.json").read_text())
        assert again == json.loads((directory / "manifest.json").read_text())


def test_the_rows_are_the_generated_histories(nation: Path) -> None:
    """Each case's exchanged record and events read back are the generator's case."""
    (first, cols), = list(province_columns(cases=CASES, seed=SEED, index=1))
    cases = {c["case_id"]: c for c in open_table(nation / "04", "cases").to_table().to_pylist()}
    events = open_table(nation / "04", "events").to_table().to_pylist()
    for index in (0, 17, CASES - 1):
        expected = cols.to_case(index)
        case_id = first + index
        mine = sorted((e for e in events if e["case_id"] == case_id), key=lambda e: e["event_id"])
        assert [{**json.loads(e["details"]), "type": e["type"], "date": e["date"].isoformat()}
                for e in mine] == expected["events"]
        assert cases[case_id]["procedure"] == expected["procedure"]
        assert cases[case_id]["category"] == expected.get("category")
        assert cases[case_id]["opened_on"].isoformat() == expected["events"][0]["date"]
        assert all(e["province"] == "04" for e in mine)


def test_each_case_is_at_the_stage_its_history_leads_to(nation: Path) -> None:
    """As the province computes it (`stage_after`): a resumed case back at its stage, a
    trial after the appeal court received the file at the appellate trial."""
    (first, cols), = list(province_columns(cases=CASES, seed=SEED, index=1))
    cases = {c["case_id"]: c for c in open_table(nation / "04", "cases").to_table().to_pylist()}
    resumed = 0
    for index in range(CASES):
        types = [e["type"] for e in cols.to_case(index)["events"]]
        assert cases[first + index]["stage"] == (stage_after(types) or None), types
        resumed += "resumed" in types
    # (the generator's histories stop at the first instance: no appellate trial to see here)
    assert resumed


def _day(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _obligation(o: dict[str, Any]) -> tuple[Any, ...]:
    day = _day
    return (o["rule"], o["kind"], o["holder"], o.get("subject"), day(o["start"]), day(o.get("due")),
            day(o.get("max_due")), o["status"], bool(o.get("window")),
            o.get("extensions_used", 0), o.get("extensions_left", 0))


@pytest.fixture(scope="module")
def results(nation: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, NationalRun]:
    out = tmp_path_factory.mktemp("results")
    run = national_evaluate(data_dirs=export_dirs([nation]), as_of=AS_OF, out_dir=out,
                            scheduler="local", workers=2, memory_limit="1GiB")
    return out, run


def test_dask_equals_the_single_process_bulk_path_case_by_case(
        results: tuple[Path, NationalRun]) -> None:
    tmp_path, run = results
    assert run.cases == PROVINCES * CASES
    got_cases = open_results(tmp_path, "cases").to_table().to_pylist()
    got_obligations = open_results(tmp_path, "obligations").to_table().to_pylist()
    distributed: dict[tuple[str, int], tuple[Any, ...]] = {}
    for c in got_cases:
        obligations = sorted(_obligation(o) for o in got_obligations
                             if (o["province"], o["case_id"]) == (c["province"], c["case_id"]))
        distributed[c["province"], c["case_id"]] = (
            c["status"], c["awaiting_reason"], sorted(c["flags"]), c["open_obligations"],
            c["errors"], obligations)

    single: dict[tuple[str, int], tuple[Any, ...]] = {}
    for index, province in enumerate(provinces(PROVINCES)):
        for first, cols in province_columns(cases=CASES, seed=SEED, index=index):
            ids = list(range(first, first + cols.n_cases))
            for r in evaluate_columns(cols, AS_OF).to_dicts(ids):
                single[province.code, r["id"]] = (
                    r["status"], r.get("awaiting_reason"), sorted(r["flags"]),
                    len(r["open_obligations"]), [str(e) for e in r.get("errors", [])],
                    sorted(_obligation(o) for o in r["open_obligations"]))

    assert len(distributed) == len(single) == PROVINCES * CASES
    assert distributed == single
    statuses = {v[0] for v in single.values()}
    assert {"on_time", "overdue", "closed"} <= statuses  # the nation is not all one status
    assert sum(v[3] for v in single.values()) > CASES  # and has open clocks to compare
    assert len({(c["province"], c["year"]) for c in got_cases}) == run.partitions > PROVINCES
    # the Dask tasks wrote the screens' lists and counts with the results: none to redo
    assert refresh_index(tmp_path) == 0
    assert open_lists(tmp_path).count_rows() == PROVINCES * CASES


def test_the_parquet_is_compressed_and_partitioned_by_year(nation: Path) -> None:
    files = sorted((nation / "08" / "events").rglob("*.parquet"))
    assert [f.parent.name for f in files] == ["year=2024", "year=2025", "year=2026"]
    assert pq.ParquetFile(files[0]).metadata.row_group(0).column(0).compression == "ZSTD"


def _sheet_rows(sheet: Any) -> tuple[list[str], list[tuple[Any, ...]]]:
    """A report sheet's column names and rows (the total row last)."""
    rows = list(sheet.iter_rows(values_only=True))
    header = next(i for i, r in enumerate(rows) if r[0] == "Mã tỉnh")
    return list(rows[header]), [r for r in rows[header + 1:] if r[0] is not None]


def test_the_national_report_adds_up(results: tuple[Path, NationalRun], tmp_path: Path) -> None:
    """`national report` on Dask (its tasks in this process: the cluster path is the one
    tested above), read back with openpyxl, against counts made here from the
    results Parquet with pyarrow and Counters."""
    from django.core.management import call_command
    from openpyxl import load_workbook

    results_dir, _ = results
    out = StringIO()
    call_command("national", "report", str(results_dir), "-o", str(tmp_path / "nation.xlsx"),
                 "--scheduler", "synchronous", stdout=out)  # the cluster: see above
    assert f"{PROVINCES * CASES}" in out.getvalue()
    cases = ds.dataset(results_dir / "cases", format="parquet").to_table().to_pylist()
    obligations = ds.dataset(results_dir / "obligations", format="parquet").to_table().to_pylist()
    book = load_workbook(tmp_path / "nation.xlsx")
    assert book.sheetnames == ["Theo tỉnh", "Theo loại cơ quan", "Theo loại án", "Thời hạn đang mở"]

    header, rows = _sheet_rows(book["Theo tỉnh"])
    assert header[:4] == ["Mã tỉnh", "Tỉnh, thành phố", "Tổng số vụ việc", "Quá hạn"]
    *provinces_rows, nation_row = rows
    assert [r[:2] for r in provinces_rows] == [("01", "Thành phố Hà Nội"), ("04", "Cao Bằng"),
                                                 ("08", "Tuyên Quang")]
    by_status = Counter(c["status"] for c in cases)
    column = {name: i for i, name in enumerate(header)}
    assert nation_row[0] == "Toàn quốc"
    assert nation_row[column["Tổng số vụ việc"]] == len(cases) == PROVINCES * CASES
    for status, label in (("overdue", "Quá hạn"), ("on_time", "Trong hạn"), ("closed", "Kết thúc"),
                          ("awaiting", "Chờ bước tiếp theo"), ("suspended", "Tạm đình chỉ")):
        assert nation_row[column[label]] == by_status[status]
    assert nation_row[column["Kéo dài"]] == sum("prolonged" in c["flags"] for c in cases)
    assert nation_row[column["Thời hạn đang mở"]] == len(obligations)
    assert all(isinstance(v, int) for r in rows for v in r[2:])
    assert sum(r[column["Tổng số vụ việc"]] for r in provinces_rows) == len(cases)

    header, rows = _sheet_rows(book["Theo loại cơ quan"])
    counted: Counter[str] = Counter()
    for r in rows[:-1]:
        counted[r[2]] += r[header.index("Quá hạn")]
    expected = Counter(c["holder_kind"] for c in cases if c["status"] == "overdue")
    assert counted == {{"court": "Tòa án", "procuracy": "Viện kiểm sát",
                        "investigation_agency": "Cơ quan điều tra",
                        "enforcement_office": "Cơ quan thi hành án dân sự"}[k]: n
                       for k, n in expected.items()}

    header, rows = _sheet_rows(book["Theo loại án"])
    criminal = [r for r in rows if r[2] == "Hình sự"]
    assert sum(r[header.index("Tổng số vụ việc")] for r in criminal) == sum(
        c["procedure"] == "criminal" for c in cases)

    header, rows = _sheet_rows(book["Thời hạn đang mở"])
    assert rows[-1][header.index("Tổng số")] == len(obligations)
    assert rows[-1][header.index("Quá hạn")] == sum(o["status"] == "overdue" for o in obligations)
