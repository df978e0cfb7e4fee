"""`congminh export national` and `congminh national verify` on a database
(docs/exchange.md, contract §3): the demo province round-trips, an incremental export holds
only what changed, pseudonyms are stable and never a name, and no name reaches the files."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from collections.abc import Callable
from io import StringIO
from pathlib import Path
from typing import Any

import pyarrow.parquet as pq
import pytest
from django.core.management import call_command
from django.utils import timezone

from congminh.apps.cases import services as case_services
from congminh.apps.cases.models import Case, CaseEvent, Party
from congminh.apps.exchange import services
from congminh.apps.exchange.services import ExchangeError, national_export
from congminh.apps.obligations.models import CaseObligation
from congminh.core.exchange.manifest import verify_export
from congminh.core.exchange.pseudonyms import Pseudonymiser
from congminh.core.exchange.read import open_table

AS_OF = dt.date(2026, 11, 26)


def _rows(root: Path, table: str) -> list[dict[str, Any]]:
    return open_table(root, table).to_table().to_pylist()


@pytest.mark.django_db
def test_the_demo_province_round_trips(tmp_path: Path) -> None:
    from congminh.apps.demo.services import demo_cases_load
    from congminh.apps.organisations.services import organisations_load

    organisations_load()
    demo_cases_load(size="XS", seed=5, as_of=AS_OF, count=60)
    case = Case.objects.filter(procedure="criminal").order_by("id").first()
    assert case is not None
    Party.objects.create(case=case, name="Hoàng Thị Xuyến", role="victim",
                         id_number="079188004321", address="12 Lê Lợi, phường Pleiku")
    withdrawn = CaseEvent.objects.filter(withdrawn_at__isnull=True).order_by("id").first()
    assert withdrawn is not None
    case_services.case_event_withdraw(actor=None, event=withdrawn, reason="Nhập nhầm")
    # the supervision flags travel: signs of a crime let slip on one case, of wrongful
    # conviction on another
    missed, wrongful = Case.objects.filter(procedure="criminal").order_by("-id")[:2]
    case_services.case_flags_set(actor=None, case=missed, reason="Bỏ lọt đồng phạm",
                                 missed_crime_signs=True)
    case_services.case_flags_set(actor=None, case=wrongful, reason="Đơn kêu oan",
                                 wrongful_conviction_signs=True)

    result = national_export(out_dir=tmp_path / "out", since=None, compression="none")
    root = result.out_dir
    assert verify_export(root).problems == []
    manifest = result.manifest
    assert manifest["province"] == "52" and manifest["since"] is None

    # counts equal the database's
    events_db = CaseEvent.objects.count()
    withdrawn_db = CaseEvent.objects.filter(withdrawn_at__isnull=False).count()
    assert {name: t["rows"] for name, t in manifest["tables"].items() if name != "organisations"} == {
        "cases": Case.objects.count(), "parties": Party.objects.count(),
        "events": events_db + withdrawn_db, "obligations": CaseObligation.objects.count()}
    assert manifest["tables"]["organisations"]["rows"] >= 300

    # a sample of values equals the database's
    cases = {r["case_id"]: r for r in _rows(root, "cases")}
    assert {i: (r["public_concern"], r["wrongful_conviction_signs"], r["missed_crime_signs"])
            for i, r in cases.items()} == {c["id"]: (c["public_concern"], c["wrongful_conviction_signs"],
                                                     c["missed_crime_signs"]) for c in Case.objects.values()}
    assert cases[missed.pk]["missed_crime_signs"] and not cases[missed.pk]["wrongful_conviction_signs"]
    assert cases[wrongful.pk]["wrongful_conviction_signs"] and not cases[wrongful.pk]["missed_crime_signs"]
    assert manifest["schema_version"] == "1.1"
    for db_case in Case.objects.select_related("holder").order_by("id")[:20]:
        row = cases[db_case.pk]
        assert (row["procedure"], row["holder"], row["opened_on"], row["status"], row["next_due"]) == (
            db_case.procedure, db_case.holder.code, db_case.opened_on, db_case.status or None,
            db_case.next_due)
        assert db_case.opened_on is not None
        assert row["year"] == db_case.opened_on.year and row["province"] == "52"
        assert row["numbers"] == [{"organisation": n.organisation.code, "number": n.number}
                                  for n in db_case.agency_numbers.order_by("id")]
    events = _rows(root, "events")
    assert Counter(r["kind"] for r in events) == {"recorded": events_db, "withdrawal": withdrawn_db}
    withdrawal = [r for r in events if r["kind"] == "withdrawal" and r["event_id"] == withdrawn.pk]
    assert len(withdrawal) == 1 and withdrawal[0]["changed_at"] == CaseEvent.objects.get(
        pk=withdrawn.pk).withdrawn_at
    by_id = {r["event_id"]: r for r in events if r["kind"] == "recorded"}
    for db_event in CaseEvent.objects.order_by("id")[:200]:
        row = by_id[db_event.pk]
        details = json.loads(row["details"])
        assert (row["case_id"], row["type"], row["date"], row["recorded_at"]) == (
            db_event.case_id, db_event.type, db_event.date, db_event.recorded_at)
        assert {k: v for k, v in details.items() if k != "presiding_judge"} == {
            k: v for k, v in db_event.data.items() if k != "presiding_judge"}
        if "presiding_judge" in db_event.data:
            assert details["presiding_judge"].startswith("J")
        assert row["year"] == cases[db_event.case_id]["year"]
    obligations = _rows(root, "obligations")
    assert Counter((o["case_id"], o["rule"], o["due"]) for o in obligations) == Counter(
        CaseObligation.objects.values_list("case_id", "rule", "due"))

    # no personal name, number or address anywhere in the files
    from congminh.apps.organisations.models import Organisation

    # parties that are bodies (a People's Committee sued) are in the registry, not people
    bodies = set(Organisation.objects.values_list("name", flat=True))
    secrets = set(Party.objects.values_list("name", flat=True)) - bodies
    secrets |= {"079188004321", "12 Lê Lợi", "Nhập nhầm"}
    secrets |= {d["presiding_judge"] for d in CaseEvent.objects.values_list("data", flat=True)
                if d.get("presiding_judge")}
    secrets |= {title.split(" - ")[0] for title in Case.objects.values_list("title", flat=True)}
    assert len(secrets) > 100
    blobs = [p.read_bytes() for p in root.rglob("*") if p.is_file()]
    assert sum(len(b) for b in blobs) > 10_000
    found = {s for s in secrets for blob in blobs if s.encode("utf-8") in blob}
    assert found == set()
    tokens = {r["person"] for r in _rows(root, "parties")}
    assert not tokens & secrets and all(t.startswith("P") and len(t) == 41 for t in tokens)


@pytest.mark.django_db
def test_an_incremental_export_holds_only_what_changed(
        tmp_path: Path, make_case: Callable[..., Any]) -> None:
    first_case = make_case(number="01/2026/TLST-DS")
    quiet_case = make_case(number="02/2026/TLST-DS")
    criminal = make_case(procedure="criminal", holder="police", category="serious",
                         title="Lê Văn Tám - Trộm cắp tài sản", number="05/2026/HS",
                         events=[("case_instituted", dt.date(2026, 9, 1), {})])
    case_services.party_add(actor=None, case=criminal, name="Lê Văn Tám", role="suspect",
                            id_number="079088001234")
    full = national_export(out_dir=tmp_path / "full", since=None)
    until = dt.datetime.fromisoformat(full.manifest["until"])
    parties_before = _rows(full.out_dir, "parties")

    added = case_services.case_event_append(
        actor=None, case=criminal, type="holding_ordered", date=dt.date(2026, 9, 2),
        data={"person": "Lê Văn Tám"})
    first_event = CaseEvent.objects.get(case=first_case)
    correction = case_services.case_event_append(
        actor=None, case=first_case, type="accepted", date=dt.date(2026, 3, 3), supersedes=first_event)
    withdrawn = case_services.case_event_withdraw(
        actor=None, event=CaseEvent.objects.get(case=criminal, type="case_instituted"), reason="sai")
    later = national_export(out_dir=tmp_path / "later", since=until)

    assert verify_export(later.out_dir).problems == []
    events = sorted((r["event_id"], r["kind"]) for r in _rows(later.out_dir, "events"))
    assert events == sorted([(added.pk, "recorded"), (correction.pk, "correction"),
                             (withdrawn.pk, "withdrawal")])
    assert all(r["changed_at"] > until for r in _rows(later.out_dir, "events"))
    rows = {r["event_id"]: r for r in _rows(later.out_dir, "events")}
    assert rows[correction.pk]["supersedes_id"] == first_event.pk
    assert rows[withdrawn.pk]["withdrawn_at"] == withdrawn.withdrawn_at
    assert {r["case_id"] for r in _rows(later.out_dir, "cases")} == {first_case.pk, criminal.pk}
    assert quiet_case.pk not in {r["case_id"] for r in _rows(later.out_dir, "parties")}
    # the custody event's person is the suspect's pseudonym, the same in both exports
    suspect = [p["person"] for p in parties_before if p["case_id"] == criminal.pk]
    assert json.loads(rows[added.pk]["details"]) == {"person": suspect[0]}
    assert [p["person"] for p in _rows(later.out_dir, "parties") if p["case_id"] == criminal.pk] == suspect
    assert suspect[0] == Pseudonymiser(services.DEVELOPMENT_KEY, "52").party(
        case_id=0, name="", id_number="079088001234")
    # setting a flag is a change: the case goes in the next export, flagged
    case_services.case_flags_set(actor=None, case=quiet_case, reason="Dấu hiệu bỏ lọt tội phạm",
                                 missed_crime_signs=True)
    flagged = national_export(out_dir=tmp_path / "flagged", since=dt.datetime.fromisoformat(
        later.manifest["until"]))
    assert [(r["case_id"], r["missed_crime_signs"]) for r in _rows(flagged.out_dir, "cases")] == [
        (quiet_case.pk, True)]
    assert [r["missed_crime_signs"] for r in _rows(full.out_dir, "cases") if r["case_id"] == quiet_case.pk] == [
        False]
    # nothing changed since: an empty export, still verified
    empty = national_export(out_dir=tmp_path / "empty", since=dt.datetime.fromisoformat(
        flagged.manifest["until"]))
    assert {t["rows"] for name, t in empty.manifest["tables"].items() if name != "organisations"} == {0}
    assert verify_export(empty.out_dir).problems == []


@pytest.mark.django_db
def test_the_commands(tmp_path: Path, make_case: Callable[..., Any], settings: Any,
                      monkeypatch: pytest.MonkeyPatch) -> None:
    make_case()
    settings.EXCHANGE_KEY = "khóa-bí-mật-của-tỉnh"
    out = StringIO()
    call_command("export", "national", str(tmp_path / "out"), "--since", "2020-01-01", stdout=out)
    assert "52" in out.getvalue() and "tmp" in out.getvalue()
    manifest = json.loads((tmp_path / "out" / "manifest.json").read_text())
    assert manifest["since"] == "2019-12-31T17:00:00Z"  # midnight in Asia/Ho_Chi_Minh
    assert manifest["pseudonymisation"]["person_scope"] == "province"
    out = StringIO()
    call_command("national", "verify", str(tmp_path / "out"), stdout=out)
    assert out.getvalue().startswith("OK")

    case_file = next((tmp_path / "out" / "cases").rglob("*.parquet"))
    table = pq.read_table(case_file)
    pq.write_table(table.slice(0, 0), case_file)  # the rows removed
    err = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("national", "verify", str(tmp_path / "out"), stderr=err)
    assert exit_.value.code == 1
    assert "mã SHA-256 không khớp" in err.getvalue() and "có 0 dòng" in err.getvalue()

    # a second export into a non-empty directory, and no key outside DEBUG and the tests
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("export", "national", str(tmp_path / "out"))
    settings.EXCHANGE_KEY = ""
    monkeypatch.setattr(services, "_development_key_allowed", lambda: False)
    with pytest.raises(ExchangeError):
        national_export(out_dir=tmp_path / "nokey", since=timezone.now() - dt.timedelta(days=1))
    assert not (tmp_path / "nokey").exists()
