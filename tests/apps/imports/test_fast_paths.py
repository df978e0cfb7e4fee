"""The import's fast paths give what the plain paths give: cached cells, and messages
replayed for every row that repeats a case's cells (folding: tests/core/test_text.py)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from congminh.apps.imports import columns as C
from congminh.apps.imports.export import record_rows
from congminh.apps.imports.parse import parse_rows
from congminh.core.legacy_encodings import tcvn3_encode
from congminh.core.records import CaseRecord, EventRecord, PartyRecord

TODAY = dt.date(2026, 3, 1)


def resolve(value: str) -> str | None:
    return {"tand-kv1": "TAND-KV1", "vks-tinh": "VKS-TINH"}.get(value.lower())


def row(**cells: Any) -> tuple[Any, ...]:
    base = {C.HOLDER: "TAND-KV1", C.NUMBER: "1/2026/HS", C.PROCEDURE: "hình sự",
            C.TITLE: "Vụ trộm", C.EVENT: "Khởi tố vụ án", C.DATE: "05/01/2026"}
    base.update(cells)
    return tuple(base.get(h) for h in C.HEADINGS)


def test_messages_replayed_for_every_row_of_a_case() -> None:
    bad_case = {C.HOLDER: "KHONG-CO", C.OTHER_NUMBERS: "VKS-TINH"}
    legacy = {C.TITLE: tcvn3_encode("Vụ trộm cắp")}
    rows = [C.HEADINGS, row(**bad_case), row(**bad_case, **{C.DATE: "31/02/2026"}),
            row(**legacy), row(**legacy, **{C.EVENT: "Gia hạn điều tra", C.MONTHS: 2})]
    parsed = parse_rows(rows, resolve_body=resolve, today=TODAY)
    assert [(p.row, p.column) for p in parsed.problems] == [
        (2, C.HOLDER), (2, C.OTHER_NUMBERS),
        (3, C.HOLDER), (3, C.DATE), (3, C.OTHER_NUMBERS),
    ]
    assert [(w.row, w.column) for w in parsed.warnings] == [(4, C.TITLE), (5, C.TITLE)]
    assert len(parsed.records) == 1 and parsed.records[0].title == "Vụ trộm cắp"
    assert [(e.type, e.data) for e in parsed.records[0].events] == [
        ("case_instituted", {}), ("investigation_extended", {"months": 2})]
    assert parsed.event_rows == {(0, 0): 4, (0, 1): 5}


def test_export_rows_read_back() -> None:
    rec = CaseRecord(
        procedure="criminal", title="Vụ cố ý gây thương tích", holder_code="TAND-KV1",
        numbers=[("TAND-KV1", "3/2026/HS"), ("VKS-TINH", "12/VKS-P1")], category="serious",
        parties=[PartyRecord("Nguyễn Văn A", "accused"), PartyRecord("Trần Thị B", "victim")],
        events=[EventRecord("case_instituted", dt.date(2026, 1, 5)),
                EventRecord("investigation_extended", dt.date(2026, 2, 5), {"months": 2}),
                EventRecord("returned_for_investigation", dt.date(2026, 2, 20), {"by": "procuracy"})],
    )
    parsed = parse_rows([C.HEADINGS, *map(tuple, record_rows(rec))], resolve_body=resolve, today=TODAY)
    assert parsed.problems == [] and parsed.records == [rec]


def test_queries_per_batch_do_not_grow_with_rows(db: Any, settings: Any, tmp_path: Any) -> None:
    """A file of 2,500 cases (three batches) takes a fixed handful of queries per batch."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from congminh.apps.cases import bulk
    from congminh.apps.imports.export import write_csv
    from congminh.apps.imports.services import import_file
    from congminh.apps.organisations.models import Organisation

    settings.MEDIA_ROOT = tmp_path / "media"
    Organisation.objects.create(code="TAND-KV1", name="Tòa án khu vực 1", kind="court", level="region")
    records = [
        CaseRecord(procedure="criminal", title=f"Vụ {i}", holder_code="TAND-KV1",
                   numbers=[("TAND-KV1", f"{i}/2026/HS")], category="serious",
                   parties=[PartyRecord(f"Người {i}", "accused")],
                   events=[EventRecord("case_instituted", dt.date(2026, 1, 5)),
                           EventRecord("investigation_extended", dt.date(2026, 4, 5), {"months": 2})])
        for i in range(2500)
    ]
    out = io.StringIO()
    write_csv(records, out)
    with CaptureQueriesContext(connection) as queries:
        batch = import_file(actor=None, data=out.getvalue().encode(), file_name="big.csv")
    assert (batch.cases_created, batch.events_added, batch.rows_rejected) == (2500, 5000, 0)
    batches = -(-2500 // bulk.BATCH_CASES)
    # Per batch (11 seen on SQLite, 14 on PostgreSQL): savepoint, number lookups (900 keys a
    # query), inserts (cases, audit, numbers, parties, events, audit), the audit chain's
    # lock and last hash (an advisory lock on PostgreSQL, taken again as the batch begins:
    # concurrent imports one batch after the other), release, progress; plus the
    # bookkeeping. A query per row would be thousands.
    assert len(queries) <= 14 * batches + 12, [q["sql"][:60] for q in queries.captured_queries]
