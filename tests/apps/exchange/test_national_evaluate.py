"""`congminh national evaluate` (issue 14, item 2): the demo province's export evaluated on
a Dask LocalCluster, partition by partition, equals the single-process bulk path over the
database, case by case."""

from __future__ import annotations

import datetime as dt
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from congminh.apps.cases import services as case_services
from congminh.apps.cases.models import Case, CaseEvent
from congminh.apps.exchange.services import national_export
from congminh.apps.obligations.services import case_payloads
from congminh.core.exchange.national import open_results
from congminh.core.law.bulk import evaluate_bulk

AS_OF = dt.date(2026, 11, 26)


def _clocks(result: dict[str, Any]) -> tuple[Any, ...]:
    return (result["status"], sorted(result["flags"]), sorted(
        (o["rule"], o["due"], o.get("max_due"), o["status"]) for o in result["open_obligations"]))


@pytest.mark.django_db
def test_dask_equals_the_single_process_path_case_by_case(tmp_path: Path) -> None:
    from congminh.apps.demo.services import demo_cases_load
    from congminh.apps.organisations.services import organisations_load

    organisations_load()
    demo_cases_load(size="XS", seed=7, as_of=AS_OF, count=60)
    # a withdrawal and a correction, which the national side must apply as the province does
    first, second = CaseEvent.objects.filter(type="accepted").order_by("id")[:2]
    case_services.case_event_withdraw(actor=None, event=first, reason="nhầm")
    case_services.case_event_append(actor=None, case=second.case, type="accepted",
                                    date=second.date + dt.timedelta(days=3), supersedes=second)
    # a case flagged for signs of a crime let slip is evaluated like any other
    case_services.case_flags_set(actor=None, case=second.case, reason="Bỏ lọt tội phạm",
                                 missed_crime_signs=True)
    national_export(out_dir=tmp_path / "export", since=None)

    out = StringIO()
    call_command("national", "evaluate", str(tmp_path / "export"), "-o", str(tmp_path / "results"),
                 "--as-of", AS_OF.isoformat(), "--scheduler", "local", "--workers", "2", stdout=out)
    ids = list(Case.objects.order_by("id").values_list("id", flat=True))
    assert f"{len(ids)} cases" in out.getvalue() or f"{len(ids)} vụ việc" in out.getvalue()

    single = {r["id"]: r for r in evaluate_bulk(case_payloads(ids), AS_OF)}
    cases = open_results(tmp_path / "results", "cases").to_table().to_pylist()
    obligations = open_results(tmp_path / "results", "obligations").to_table().to_pylist()
    assert sorted(c["case_id"] for c in cases) == ids
    distributed = {c["case_id"]: {
        "status": c["status"], "flags": c["flags"],
        "open_obligations": [{"rule": o["rule"], "due": o["due"] and o["due"].isoformat(),
                              "max_due": o["max_due"] and o["max_due"].isoformat(),
                              "status": o["status"]}
                             for o in obligations if o["case_id"] == c["case_id"]]} for c in cases}
    assert {i: _clocks(distributed[i]) for i in ids} == {i: _clocks(single[i]) for i in ids}
    assert {c["province"] for c in cases} == {"52"}
    assert len({(c["province"], c["year"]) for c in cases}) > 1  # several partitions, several tasks
    assert len(obligations) > 0
