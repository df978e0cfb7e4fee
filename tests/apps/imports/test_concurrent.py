"""Imports at the same moment store each event once, by the database (issue 12, item 6).

The bulk writer's Python check ("is this event already in the case's log?") reads before
it writes; two imports reading at the same time both saw the event missing and both stored
it. Now every event the writer stores carries `CaseEvent.import_key` (type, date and
details, its notion of "the same event"), unique per case in the database; events of stored
cases go in with ON CONFLICT DO NOTHING and only the rows the database took are counted,
audited and refreshed; a case another import created a moment ago rolls the batch back
and it is read again. Runs on the suite's database: SQLite here, PostgreSQL in CI."""

from __future__ import annotations

import datetime as dt
import importlib
import io
import os
import subprocess
import sys
import threading
from types import SimpleNamespace
from typing import Any

import pytest
from django.apps import apps as django_apps
from django.db import IntegrityError, connection, transaction

from congminh.apps.audit.models import AuditEntry
from congminh.apps.cases import bulk
from congminh.apps.cases.bulk import case_records_save, event_import_key
from congminh.apps.cases.models import AgencyNumber, Case, CaseEvent
from congminh.apps.cases.signals import case_events_changed
from congminh.core.records import CaseRecord, EventRecord, PartyRecord

MIGRATION = importlib.import_module("congminh.apps.cases.migrations.0006_caseevent_import_key")


def record(i: int, events: list[EventRecord] | None = None) -> CaseRecord:
    return CaseRecord(
        procedure="criminal", title=f"Vụ trộm cắp số {i}", holder_code="CA-TINH",
        numbers=[("CA-TINH", f"{i}/2026/HS")], category="serious",
        parties=[PartyRecord(f"Nguyễn Văn {i}", "accused")],
        events=events if events is not None else [
            EventRecord("case_instituted", dt.date(2026, 1, 5)),
            EventRecord("investigation_extended", dt.date(2026, 4, 20), {"months": 2}),
        ],
    )


def csv_of(records: list[CaseRecord]) -> bytes:
    from congminh.apps.imports.export import write_csv

    out = io.StringIO()
    write_csv(records, out)
    return out.getvalue().encode()


@pytest.mark.django_db(transaction=True)
def test_overlapping_imports_at_once_store_each_event_once(
    users: dict[str, Any], settings: Any, tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    from congminh.apps.imports.services import import_file

    settings.MEDIA_ROOT = tmp_path / "media"
    # Small batches: many transactions per import, so the imports interleave.
    monkeypatch.setattr(bulk, "BATCH_CASES", 6)
    # Ten cases already stored with their first event: the files add to them.
    case_records_save([record(i, [EventRecord("case_instituted", dt.date(2026, 1, 5))]) for i in range(10)],
                      actor=None, source="import")
    files = [csv_of([record(i) for i in range(start, start + 30)]) for start in (0, 10, 0, 10, 5, 0)]
    expected = {  # (number, type, date): every case 0..39 with its two events
        (f"{i}/2026/HS", t, d) for i in range(40)
        for t, d in (("case_instituted", dt.date(2026, 1, 5)), ("investigation_extended", dt.date(2026, 4, 20)))
    }
    barrier = threading.Barrier(len(files))
    failures: list[BaseException] = []
    batches: list[Any] = []

    def run(data: bytes) -> None:
        try:
            barrier.wait(timeout=60)
            batches.append(import_file(actor=users["admin"], data=data, file_name="cases.csv"))
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            failures.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(data,)) for data in files]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not failures, failures
    assert [b.status for b in batches] == ["done"] * len(files)
    assert all(b.rows_rejected == 0 for b in batches)

    number_of = dict(AgencyNumber.objects.values_list("case_id", "number"))
    stored = [(number_of[c], t, d) for c, t, d in CaseEvent.objects.values_list("case_id", "type", "date")]
    assert len(stored) == len(set(stored)) == len(expected) and set(stored) == expected
    assert Case.objects.count() == AgencyNumber.objects.count() == 40
    # What the imports say they added is what is there, and each stored event was audited once.
    assert sum(b.events_added for b in batches) == len(expected) - 10
    assert AuditEntry.objects.filter(action="add_event").count() == len(expected)
    assert AuditEntry.objects.filter(action="create", object_type="cases.case").count() == 40
    # Every case has its clocks (the refresh ran for the cases each import changed).
    assert not Case.objects.filter(status="").exists()
    assert set(Case.objects.values_list("stage", flat=True)) == {"investigation"}


def _cli_env(tmp_path: Any) -> dict[str, str]:
    """The environment of a `congminh` process on the suite's own database (committed:
    `transaction=True`), SQLite file or PostgreSQL test database alike."""
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(CONGMINH_DATA_DIR=str(tmp_path / "data"), PYTHONUNBUFFERED="1")
    env.pop("CONGMINH_MEDIA_ROOT", None)
    name = str(connection.settings_dict["NAME"])
    if connection.vendor == "postgresql":
        env["DATABASE_URL"] = os.environ["DATABASE_URL"].rsplit("/", 1)[0] + "/" + name
    else:
        env.pop("DATABASE_URL", None)
        env["CONGMINH_SQLITE_PATH"] = name
    return env


@pytest.mark.services
@pytest.mark.django_db(transaction=True)
def test_overlapping_cli_imports_in_two_processes_store_each_event_once(
    users: dict[str, Any], tmp_path: Any
) -> None:
    """`congminh import cases` twice at once on the same file, overlapping cases stored
    before, as two processes (each its own connection, no shared Python state, so only the
    database can keep them apart): each exits without an error, and the database holds
    each event once, each case with its clocks."""
    case_records_save([record(i, [EventRecord("case_instituted", dt.date(2026, 1, 5))]) for i in range(10)],
                      actor=None, source="import")
    path = tmp_path / "cases.csv"
    path.write_bytes(csv_of([record(i) for i in range(60)]))
    env = _cli_env(tmp_path)
    runs = [subprocess.Popen([sys.executable, "-m", "congminh", "import", "cases", str(path), "--as", "admin"],
                             env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    outputs = [run.communicate(timeout=600) for run in runs]
    for run, (out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0 and "Traceback" not in err, err[-3000:]
        assert " done: " in out, out
    number_of = dict(AgencyNumber.objects.values_list("case_id", "number"))
    stored = [(number_of[c], t, d) for c, t, d in CaseEvent.objects.values_list("case_id", "type", "date")]
    expected = {(f"{i}/2026/HS", t, d) for i in range(60)
                for t, d in (("case_instituted", dt.date(2026, 1, 5)),
                             ("investigation_extended", dt.date(2026, 4, 20)))}
    assert len(stored) == len(set(stored)) == len(expected) and set(stored) == expected
    assert Case.objects.count() == AgencyNumber.objects.count() == 60
    assert not Case.objects.filter(status="").exists()
    assert set(Case.objects.values_list("stage", flat=True)) == {"investigation"}
    # What the two say they added is what is there.
    added = [int(out.split(" sự kiện mới")[0].rsplit(" ", 1)[1]) for out, _err in outputs]
    assert sum(added) == len(expected) - 10


@pytest.mark.django_db
def test_stored_event_carries_the_key_the_database_holds_unique(users: dict[str, Any]) -> None:
    case_records_save([record(1)], actor=None, source="import")
    extended = CaseEvent.objects.get(type="investigation_extended")
    assert extended.import_key == event_import_key("investigation_extended", dt.date(2026, 4, 20), {"months": 2})
    assert extended.import_key == MIGRATION._key("investigation_extended", dt.date(2026, 4, 20), {"months": 2})
    assert CaseEvent.objects.get(type="case_instituted").import_key == MIGRATION._key(
        "case_instituted", dt.date(2026, 1, 5), {})
    # The same event a second time, past the Python check: the database refuses it.
    with pytest.raises(IntegrityError), transaction.atomic():
        CaseEvent.objects.create(case=extended.case, type=extended.type, date=extended.date,
                                 data=extended.data, import_key=extended.import_key)
    # Events entered one at a time have no key: two alike are the clerk's business.
    for _ in range(2):
        CaseEvent.objects.create(case=extended.case, type="holding_ordered", date=dt.date(2026, 2, 1))
    assert CaseEvent.objects.filter(type="holding_ordered", import_key__isnull=True).count() == 2


@pytest.mark.django_db
def test_event_stored_meanwhile_is_skipped_and_not_counted(
    users: dict[str, Any], monkeypatch: pytest.MonkeyPatch, django_capture_on_commit_callbacks: Any
) -> None:
    """The race, replayed: the batch read the case's log before another import committed
    an event, then stores the same event. The database skips it; the result, the audit
    trail and the clock refresh count only what was really stored."""
    case_records_save([record(1)], actor=None, source="import")
    case = Case.objects.get()
    stale = bulk._stored_logs

    def read_before_the_other_commit(case_ids: list[int]) -> dict[int, Any]:
        logs = stale(case_ids)
        for log in logs.values():
            log.keys = {k for k in log.keys if k[0] != "investigation_extended"}
        return logs

    monkeypatch.setattr(bulk, "_stored_logs", read_before_the_other_commit)
    audits = AuditEntry.objects.count()
    received: list[list[int]] = []

    def save_and_refresh(rec: CaseRecord) -> bulk.BulkResult:
        """Save, run the on-commit callbacks; the clock refresh's case ids go to `received`."""
        def listener(sender: Any, case_ids: list[int], **kw: Any) -> None:
            received.append(list(case_ids))

        case_events_changed.connect(listener)
        with django_capture_on_commit_callbacks(execute=True):
            saved = case_records_save([rec], actor=None, source="import")
        case_events_changed.disconnect(listener)
        return saved

    result = save_and_refresh(record(1))
    assert (result.events_added, result.events_unchanged, result.changed) == (0, 2, False)
    assert CaseEvent.objects.filter(case=case).count() == 2
    assert AuditEntry.objects.count() == audits and received == []

    # A new event beside the skipped one is stored, audited and refreshed alone.
    newer = record(1, [EventRecord("investigation_extended", dt.date(2026, 4, 20), {"months": 2}),
                       EventRecord("investigation_concluded", dt.date(2026, 6, 1))])
    result = save_and_refresh(newer)
    assert (result.events_added, result.events_unchanged) == (1, 1)
    assert AuditEntry.objects.filter(action="add_event").count() == 3
    assert received == [[case.pk]]
    assert Case.objects.get().stage == "prosecution"


@pytest.mark.django_db
def test_case_created_meanwhile_is_found_on_the_retry(
    users: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two imports creating one case: the second one's number lookup ran before the first
    committed. Its insert of the number breaks `uniq_agency_number`; the batch is rolled
    back and read again, and adds to the case the first one created — no error, no
    second case."""
    case_records_save([record(1, [EventRecord("case_instituted", dt.date(2026, 1, 5))])],
                      actor=None, source="import")
    lookups = []
    real = bulk._stored_numbers

    def not_yet_committed(ctx: Any, valid: Any) -> dict[tuple[int, str], int]:
        lookups.append(len(valid))
        return {} if len(lookups) == 1 else real(ctx, valid)

    monkeypatch.setattr(bulk, "_stored_numbers", not_yet_committed)
    result = case_records_save([record(1), record(2)], actor=users["admin"], source="import")
    assert lookups == [2, 2]
    assert (result.cases_created, result.cases_updated, result.events_added, result.events_unchanged) == (1, 1, 3, 1)
    assert not result.rejections and Case.objects.count() == 2
    assert CaseEvent.objects.count() == 4
    assert AuditEntry.objects.filter(action="create", object_type="cases.case").count() == 2


@pytest.mark.django_db
def test_migration_keys_stored_events_and_withdraws_second_copies(users: dict[str, Any]) -> None:
    case_records_save([record(1), record(2)], actor=None, source="import")
    first = CaseEvent.objects.get(case__agency_numbers__number="1/2026/HS", type="investigation_extended")
    withdrawn = CaseEvent.objects.get(case__agency_numbers__number="2/2026/HS", type="case_instituted")
    CaseEvent.objects.update(import_key=None)  # as before the migration
    # Stored twice by two imports at once (case 1), and once withdrawn then stored again (case 2).
    second = CaseEvent.objects.create(case=first.case, type=first.type, date=first.date, data={"months": 2},
                                      source="import")
    CaseEvent.objects.filter(pk=withdrawn.pk).update(withdrawn_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    again = CaseEvent.objects.create(case=withdrawn.case, type=withdrawn.type, date=withdrawn.date,
                                     source="import")
    manual = CaseEvent.objects.create(case=first.case, type="holding_ordered", date=dt.date(2026, 2, 1))

    MIGRATION.fill_keys(django_apps, SimpleNamespace(connection=connection))

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.import_key == event_import_key(first.type, first.date, first.data) and first.withdrawn_at is None
    assert second.import_key is None and second.withdrawn_at is not None
    assert second.withdrawal_reason.startswith(f"Bản ghi trùng của sự kiện #{first.pk}")
    # The copy in force keeps the key; the withdrawn one stays withdrawn, unchanged.
    again.refresh_from_db()
    withdrawn.refresh_from_db()
    assert again.import_key is not None and again.withdrawn_at is None
    assert withdrawn.import_key is None and withdrawn.withdrawal_reason == ""
    assert CaseEvent.objects.get(pk=manual.pk).import_key is None
    assert CaseEvent.objects.filter(import_key__isnull=False).count() == 4
    assert CaseEvent.objects.count() == 7  # nothing deleted
    # Importing the same files again changes nothing.
    again_result = case_records_save([record(1), record(2)], actor=None, source="import")
    assert not again_result.changed


@pytest.mark.django_db
def test_merging_two_records_of_one_imported_event_keeps_both(users: dict[str, Any]) -> None:
    from congminh.apps.cases.claims import case_merge

    procuracy = CaseRecord(**{**vars(record(1)), "holder_code": "VKS-TINH", "numbers": [("VKS-TINH", "7/VKS")]})
    case_records_save([record(1), procuracy], actor=None, source="import")
    keep, other = Case.objects.order_by("id")
    case_merge(actor=users["admin"], keep=keep, other=other, reason="Cùng một vụ án")
    events = CaseEvent.objects.filter(case=keep)
    assert events.count() == 4 and events.filter(import_key__isnull=False).count() == 2
    assert not Case.objects.filter(pk=other.pk).exists()
