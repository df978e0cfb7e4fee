"""The demo's oversight workflows (summonses, expertise, evidence, complaints, supervision)
store exactly the rows the row-by-row services stored before they were written in bulk:
the same rows, obligations and audit entries, with the same ids, in the same order.

`golden_workflows*.json` were made by this test's fingerprint run on the row-by-row code
(`DEMO_GOLDEN_WRITE=1`): per table, the count by kind or status, every 40th row field
by field, and a digest of every row. Timestamps (`created_at`, the audit's `at`) and the
audit chain's hashes, which depend on the clock, are left out; the clock is frozen so the
clocks' statuses read the same whatever day the test runs.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
from collections import Counter
from importlib import import_module
from pathlib import Path
from typing import Any

import pytest
import time_machine
from django.apps import apps
from django.db import connection, models

from congminh.apps.demo.services import demo_setup

# One per database: the directive's demo orders its obligations by due day, which puts the
# undated ones first on SQLite and last on PostgreSQL (so its progress reports differ).
GOLDEN = {"sqlite": Path(__file__).with_name("golden_workflows.json"),
          "postgresql": Path(__file__).with_name("golden_workflows_postgresql.json")}
AS_OF = dt.date(2026, 11, 26)
NOW = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)
CASES = 700  # enough administrative cases for summonses, and cases for every workflow
APPS = ("attendance", "expertise", "evidence", "complaints", "supervision", "obligations", "audit")
COUNT_BY = ("state", "status", "presence", "kind", "action", "rule", "type")
SAMPLE_EVERY = 40
SKIPPED = {"hash", "prev_hash"}


def _columns(model: type[models.Model]) -> list[str]:
    return [f.attname for f in model._meta.concrete_fields
            if not isinstance(f, models.DateTimeField) and f.attname not in SKIPPED]


def _plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, dt.date) else value


def _table(model: type[models.Model]) -> dict[str, Any]:
    columns = _columns(model)
    rows = [dict(zip(columns, map(_plain, r), strict=True))
            for r in model._default_manager.order_by("pk").values_list(*columns)]
    text = [json.dumps(r, sort_keys=True, ensure_ascii=False) for r in rows]
    by = next((c for c in COUNT_BY if c in columns), None)
    counts = Counter(str(r[by]) for r in rows) if by else Counter({"rows": len(rows)})
    return {"count_by": by, "counts": dict(sorted(counts.items())),
            "digest": hashlib.sha256("\n".join(text).encode()).hexdigest(),
            "sample": [json.loads(t) for t in text[::SAMPLE_EVERY]]}


def fingerprint() -> dict[str, Any]:
    tables = [m for a in APPS for m in apps.get_app_config(a).get_models()]
    tables += [apps.get_model("cases", "Case"), apps.get_model("cases", "CaseEvent")]
    return {m._meta.label_lower: _table(m) for m in sorted(tables, key=lambda m: m._meta.label_lower)}


@pytest.mark.django_db(transaction=True, reset_sequences=True)
def test_the_workflows_store_the_rows_of_the_row_by_row_services() -> None:
    # A transactional test run before this one flushed the expertise fields a migration
    # seeds; put them back as a fresh database has them (same order, so the same ids).
    import_module("congminh.apps.expertise.migrations.0002_fields").add(apps, None)
    with time_machine.travel(NOW, tick=False):
        demo_setup(as_of=AS_OF, size="XS", count=CASES)
        found = fingerprint()
    golden_path = GOLDEN[connection.vendor]
    if os.environ.get("DEMO_GOLDEN_WRITE"):
        golden_path.write_text(json.dumps(found, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                          encoding="utf-8")
    golden = json.loads(golden_path.read_text(encoding="utf-8"))
    assert sorted(found) == sorted(golden)
    for table, want in golden.items():
        got = found[table]
        assert got["counts"] == want["counts"], table
        for a, b in zip(got["sample"], want["sample"], strict=True):
            assert a == b, table
        assert got["digest"] == want["digest"], table
