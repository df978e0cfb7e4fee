"""A tiny results directory written by hand in the schema `national evaluate` writes
(`RESULT_SCHEMAS`), every figure of the tests counted from it by hand, and users of two
national bodies."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from congminh.core.exchange.national import RESULT_SCHEMAS

AS_OF = dt.date(2026, 11, 30)  # the last day of the Procuracy's Quý IV/2026 (01/9-30/11)
D = dt.date

# (province, year) -> cases: (id, procedure, holder, kind, status, flags)
CASES = {
    ("01", 2025): [(1, "criminal", "VKS-01", "procuracy", "overdue", ["prolonged"])],
    ("01", 2026): [(2, "civil", "TA-01", "court", "overdue", []),
                   (3, "civil", "TA-01", "court", "suspended", []),
                   (4, "enforcement", "THADS-01", "enforcement_office", "closed", []),
                   (5, "criminal", "CSDT-01", "investigation_agency", "on_time", ["prolonged"])],
    ("04", 2026): [(1, "civil", "TA-04", "court", "due_soon", []),
                   (2, "administrative", "TA-04", "court", "overdue", ["prolonged", "backlog"])],
}
# (province, year) -> open clocks: (case id, holder, due, status)
CLOCKS = {
    ("01", 2025): [(1, "VKS-01", D(2026, 11, 20), "overdue"), (1, "VKS-01", D(2026, 12, 10), "on_time")],
    ("01", 2026): [(2, "TA-01", D(2026, 11, 1), "overdue"), (3, "TA-01", None, "suspended"),
                   (5, "CSDT-01", D(2026, 12, 20), "on_time")],
    ("04", 2026): [(1, "TA-04", D(2026, 12, 5), "due_soon"), (2, "TA-04", D(2026, 10, 31), "overdue")],
}


def _write(root: Path, table: str, province: str, year: int, rows: list[dict[str, Any]]) -> None:
    path = root / table / f"province={province}" / f"year={year}" / "part-0.parquet"
    path.parent.mkdir(parents=True)
    pq.write_table(pa.Table.from_pylist(rows, schema=RESULT_SCHEMAS[table]), path)


@pytest.fixture
def results_dir(tmp_path: Path, settings: Any) -> Path:
    for (province, year), cases in CASES.items():
        _write(tmp_path, "cases", province, year, [
            {"case_id": i, "procedure": p, "holder": h, "holder_kind": k, "status": s,
             "awaiting_reason": None, "flags": f, "open_obligations": 1, "errors": [], "as_of": AS_OF}
            for i, p, h, k, s, f in cases])
        _write(tmp_path, "obligations", province, year, [
            {"case_id": i, "rule": "rule", "kind": "deadline", "holder": h, "subject": None,
             "start": D(2026, 1, 1), "due": due, "max_due": None, "status": s, "window": False,
             "extensions_used": 0, "extensions_left": 0}
            for i, h, due, s in CLOCKS[province, year]])
    settings.NATIONAL_RESULTS = tmp_path
    return tmp_path


@pytest.fixture
def add_overdue_case(results_dir: Path) -> Callable[[], None]:
    """Rewrites Cao Bằng's 2026 cases as a new evaluation would, with a third, overdue one."""

    def add() -> None:
        path = results_dir / "cases" / "province=04" / "year=2026" / "part-0.parquet"
        rows = pq.read_table(path).to_pylist() + [{
            "case_id": 3, "procedure": "civil", "holder": "TA-04", "holder_kind": "court",
            "status": "overdue", "awaiting_reason": None, "flags": [], "open_obligations": 0,
            "errors": [], "as_of": AS_OF}]
        pq.write_table(pa.Table.from_pylist(rows, schema=RESULT_SCHEMAS["cases"]), path)

    return add


@pytest.fixture
def national(db: Any) -> dict[str, Any]:
    from congminh.apps.accounts.models import User
    from congminh.apps.organisations.models import Organisation

    def user(username: str, code: str, name: str, kind: str) -> Any:
        org = Organisation.objects.create(code=code, name=name, kind=kind, level="central")
        return User.objects.create_user(username=username, password="matkhau-an-toan-1",
                                        organisation=org, role="viewer")

    return {"bnctw": user("bnctw", "BNCTW", "Ban Nội chính Trung ương", "internal_affairs"),
            "tandtc": user("tandtc", "TANDTC", "Tòa án nhân dân tối cao", "court")}


