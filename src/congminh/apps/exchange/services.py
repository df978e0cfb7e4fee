"""`national_export`: a province's cases, parties, events, obligations and bodies as the
national exchange's Parquet files and manifest (docs/exchange.md, contract §3).

The database is read in chunks of cases; each chunk's rows are pseudonymised
(`congminh.core.exchange.pseudonyms`) and appended to the partition files of their case's
year (`congminh.core.exchange.writer`). Only what changed in (since, until] is written:
events recorded or withdrawn in the window, and the current record of every case that was
created, updated or given such an event in it (with its parties and obligations).
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from congminh.apps.cases.models import AgencyNumber, Case, CaseEvent, Party
from congminh.apps.obligations.models import CaseObligation
from congminh.apps.organisations.models import Organisation
from congminh.core.exchange.manifest import build_manifest, write_manifest
from congminh.core.exchange.pseudonyms import CasePersons, Pseudonymiser
from congminh.core.exchange.writer import Compression, ExportWriter

CHUNK = 2000
# Used only under DEBUG or the tests, when CONGMINH_EXCHANGE_KEY is unset.
DEVELOPMENT_KEY = b"congminh-development-exchange-key"


class ExchangeError(Exception):
    """An export that cannot be made (message in Vietnamese, for the command line)."""


def _development_key_allowed() -> bool:
    return bool(settings.DEBUG) or "pytest" in sys.modules


def exchange_keys() -> tuple[bytes, bytes | None]:
    """The province's key and the shared national key (None unless configured)."""
    key = settings.EXCHANGE_KEY.encode("utf-8")
    if not key:
        if not _development_key_allowed():
            raise ExchangeError(_(
                "CONGMINH_EXCHANGE_KEY is not set: the pseudonyms of an export need the "
                "province's secret key (see docs/exchange.md)."))
        key = DEVELOPMENT_KEY
    national = settings.EXCHANGE_NATIONAL_KEY.encode("utf-8") or None
    return key, national


def exporting_province() -> str:
    """The one province whose bodies hold cases here."""
    codes = sorted(set(Case.objects.exclude(holder__province_code="")
                       .values_list("holder__province_code", flat=True).distinct()))
    if len(codes) != 1:
        raise ExchangeError(_(
            "Cases here are held by bodies of %(count)d provinces (%(codes)s): choose one "
            "with --province.") % {"count": len(codes), "codes": ", ".join(codes) or "-"})
    return codes[0]


@lru_cache(maxsize=1)
def _per_person_rules() -> frozenset[str]:
    """Rules whose obligation `subject` is a person (`per: person` in the rule files)."""
    from congminh.core.law.rules import default_rules

    return frozenset(r.id for r in default_rules().all() if r.per == "person")


@dataclass(frozen=True)
class ExportResult:
    out_dir: Path
    manifest: dict[str, Any]


def _window(field: str, since: dt.datetime | None, until: dt.datetime) -> Q:
    q = Q(**{f"{field}__isnull": False, f"{field}__lte": until})
    return q & Q(**{f"{field}__gt": since}) if since else q


def _year(opened_on: dt.date | None, created_at: dt.datetime) -> int:
    return opened_on.year if opened_on else timezone.localtime(created_at).year


def _changed_case_ids(province: str, since: dt.datetime | None, until: dt.datetime,
                      events: Q) -> list[int]:
    cases = Case.objects.filter(holder__province_code=province, created_at__lte=until)
    if since is None:
        return list(cases.order_by("id").values_list("id", flat=True))
    ids = set(cases.filter(Q(created_at__gt=since) | Q(updated_at__gt=since))
              .values_list("id", flat=True))
    ids |= set(CaseEvent.objects.filter(events, case__holder__province_code=province)
               .values_list("case_id", flat=True).distinct())
    return sorted(ids)


class _Exporter:
    def __init__(self, writer: ExportWriter, pseudonymiser: Pseudonymiser,
                 since: dt.datetime | None, until: dt.datetime) -> None:
        self.writer = writer
        self.pseudonymiser = pseudonymiser
        self.since, self.until = since, until
        self.events = _window("recorded_at", since, until) | _window("withdrawn_at", since, until)
        self.organisations: set[str] = set()

    def _in_window(self, at: dt.datetime | None) -> bool:
        return at is not None and at <= self.until and (self.since is None or at > self.since)

    def chunk(self, ids: Sequence[int]) -> None:
        cases = list(Case.objects.filter(id__in=ids).order_by("id").values(
            "id", "procedure", "category", "case_kind", "national_security", "holder__code",
            "stage", "opened_on", "last_event_on", "closed_on", "public_concern",
            "wrongful_conviction_signs", "status", "status_reason", "next_due", "status_as_of",
            "flags", "created_at", "updated_at", "missed_crime_signs"))
        year = {c["id"]: _year(c["opened_on"], c["created_at"]) for c in cases}
        numbers: dict[int, list[dict[str, str]]] = defaultdict(list)
        for case_id, code, number in (AgencyNumber.objects.filter(case_id__in=ids).order_by("id")
                                      .values_list("case_id", "organisation__code", "number")):
            numbers[case_id].append({"organisation": code, "number": number})
            self.organisations.add(code)
        persons = {c["id"]: CasePersons(self.pseudonymiser, c["id"]) for c in cases}
        rows: dict[str, dict[int, list[dict[str, Any]]]] = defaultdict(lambda: defaultdict(list))
        party_count: dict[int, int] = defaultdict(int)
        for p in Party.objects.filter(case_id__in=ids).order_by("case_id", "id").values(
                "id", "case_id", "name", "id_number", "role", "in_custody"):
            token = persons[p["case_id"]].add_party(p["name"], p["id_number"])
            party_count[p["case_id"]] += 1
            rows["parties"][year[p["case_id"]]].append({
                "case_id": p["case_id"], "party_id": p["id"], "role": p["role"],
                "person": token, "in_custody": p["in_custody"]})
        for c in cases:
            self.organisations.add(c["holder__code"])
            rows["cases"][year[c["id"]]].append({
                "case_id": c["id"], "procedure": c["procedure"],
                "category": c["category"] or None, "case_kind": c["case_kind"] or None,
                "national_security": c["national_security"], "holder": c["holder__code"],
                "stage": c["stage"] or None, "opened_on": c["opened_on"],
                "last_event_on": c["last_event_on"], "closed_on": c["closed_on"],
                "public_concern": c["public_concern"],
                "wrongful_conviction_signs": c["wrongful_conviction_signs"],
                "status": c["status"] or None,
                "status_reason": (c["status_reason"] or None) if c["status"] == "awaiting" else None,
                "next_due": c["next_due"], "status_as_of": c["status_as_of"],
                "flags": list(c["flags"] or []), "numbers": numbers[c["id"]],
                "parties": party_count[c["id"]],
                "created_at": c["created_at"], "updated_at": c["updated_at"],
                "missed_crime_signs": c["missed_crime_signs"]})
        self._events(ids, year, persons, rows)
        per_person = _per_person_rules()
        for o in CaseObligation.objects.filter(case_id__in=ids).order_by("case_id", "due", "id").values(
                "case_id", "kind", "holder", "rule", "basis", "title", "subject", "start", "due",
                "max_due", "status", "extensions_used", "extensions_left", "as_of"):
            subject = o["subject"] or None
            if subject and o["rule"] in per_person:
                subject = persons[o["case_id"]].person(subject)
            rows["obligations"][year[o["case_id"]]].append(
                {**o, "title": o["title"] or None, "subject": subject})
        for table in ("cases", "parties", "events", "obligations"):
            for y, table_rows in sorted(rows[table].items()):
                self.writer.add(table, y, table_rows)

    def _events(self, ids: Sequence[int], year: dict[int, int], persons: dict[int, CasePersons],
                rows: dict[str, dict[int, list[dict[str, Any]]]]) -> None:
        events = (CaseEvent.objects.filter(self.events, case_id__in=ids)
                  .order_by("case_id", "date", "id")
                  .values("id", "case_id", "type", "date", "data", "organisation__code",
                          "supersedes_id", "source", "document", "recorded_at", "withdrawn_at"))
        for e in events:
            details = json.dumps(persons[e["case_id"]].details(e["data"] or {}), ensure_ascii=False,
                                 sort_keys=True, separators=(",", ":"), default=str)
            if e["organisation__code"]:
                self.organisations.add(e["organisation__code"])
            base = {"event_id": e["id"], "case_id": e["case_id"], "type": e["type"],
                    "date": e["date"], "details": details, "organisation": e["organisation__code"],
                    "supersedes_id": e["supersedes_id"], "source": e["source"],
                    "document": e["document"] or None, "recorded_at": e["recorded_at"]}
            changes: list[tuple[str, dt.datetime, dt.datetime | None]] = []
            if self._in_window(e["recorded_at"]):
                kind = "correction" if e["supersedes_id"] else "recorded"
                # withdrawn later than `until`: not yet withdrawn as far as this export knows
                withdrawn = e["withdrawn_at"] if self._in_window(e["withdrawn_at"]) else None
                changes.append((kind, e["recorded_at"], withdrawn))
            withdrawal: dt.datetime | None = e["withdrawn_at"]
            if withdrawal is not None and self._in_window(withdrawal):
                changes.append(("withdrawal", withdrawal, withdrawal))
            for kind, changed_at, withdrawn_at in changes:
                rows["events"][year[e["case_id"]]].append(
                    {**base, "kind": kind, "withdrawn_at": withdrawn_at, "changed_at": changed_at})

    def organisation_rows(self, province: str) -> list[dict[str, Any]]:
        wanted = Q(province_code=province) | Q(code__in=self.organisations)
        orgs = list(Organisation.objects.filter(wanted).order_by("code").values(
            "id", "code", "name", "short_name", "kind", "level", "parent__code", "province_code",
            "admin_unit_code", "valid_from", "valid_to"))
        predecessors: dict[int, list[str]] = defaultdict(list)
        through = Organisation.predecessors.through.objects.filter(
            from_organisation_id__in=[o["id"] for o in orgs])
        for org_id, code in through.values_list("from_organisation_id", "to_organisation__code"):
            predecessors[org_id].append(code)
        return [{
            "code": o["code"], "name": o["name"], "short_name": o["short_name"] or None,
            "kind": o["kind"], "level": o["level"], "parent": o["parent__code"],
            "province_code": o["province_code"] or None,
            "admin_unit_code": o["admin_unit_code"] or None,
            "valid_from": o["valid_from"], "valid_to": o["valid_to"],
            "predecessors": sorted(predecessors[o["id"]]),
        } for o in orgs]


@contextmanager
def _snapshot() -> Iterator[None]:
    """On PostgreSQL, one snapshot for every query of the export. Not on SQLite, where a
    transaction (IMMEDIATE) would hold the write lock for the whole export: there the
    window's `until` bounds the events, and a case's record may be newer (harmless:
    receivers upsert by key). Nor inside a caller's transaction, which is its snapshot."""
    if connection.vendor != "postgresql" or connection.in_atomic_block:
        yield
        return
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def _chunks(ids: Sequence[int], size: int) -> Iterable[Sequence[int]]:
    for start in range(0, len(ids), size):
        yield ids[start:start + size]


def national_export(
    *, out_dir: Path, since: dt.datetime | None, until: dt.datetime | None = None,
    province: str | None = None, compression: Compression = "zstd", chunk: int = CHUNK,
) -> ExportResult:
    """Write the export of what changed in (since, until] into `out_dir` (empty or new)."""
    from congminh import __version__

    until = until or timezone.now()
    if since is not None and since >= until:
        raise ExchangeError(_("--since must be earlier than --until."))
    if out_dir.exists() and any(out_dir.iterdir()):
        raise ExchangeError(_("The export directory %(dir)s is not empty.") % {"dir": out_dir})
    key, national_key = exchange_keys()
    province = province or exporting_province()
    pseudonymiser = Pseudonymiser(key, province, national_key)
    out_dir.mkdir(parents=True, exist_ok=True)
    writer = ExportWriter(out_dir, province, compression)
    exporter = _Exporter(writer, pseudonymiser, since, until)
    with _snapshot():
        ids = _changed_case_ids(province, since, until, exporter.events)
        for part in _chunks(ids, chunk):
            exporter.chunk(part)
        writer.add("organisations", None, exporter.organisation_rows(province))
    files = writer.close()
    manifest = build_manifest(
        province=province, since=since, until=until, created_at=timezone.now(),
        pseudonymiser=pseudonymiser, files=files, generator=f"congminh {__version__}")
    write_manifest(out_dir, manifest)
    return ExportResult(out_dir, manifest)
