"""Storing many `CaseRecord`s at once: the spreadsheet import, the API and the demo
loader all come through here, so every path into the registry deduplicates alike.

A record is matched to a stored case by its holder's number (organisation + folded
number key, the `AgencyNumber` unique key), else by any other number it carries. Missing
numbers, parties and events are added; an event identical to a stored one (same type,
date and details) is skipped, so importing the same file twice changes nothing. The
database holds the same rule (`CaseEvent.import_key`, unique per case), so two imports
of overlapping files at the same moment store each event once too.

The work is done in batches of about a thousand cases, each in one transaction: a
handful of queries per batch (look up numbers, load the matched cases' logs, multi-row
inserts of plain tuples sized to the backend's parameter limit, one bulk update), never a
query per row, because the demo province has 50,000 cases and a million events.
`case_events_changed` is sent once per call, after the commit, with every changed case,
so the clock refresh takes its vectorised path on a big import.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
import hashlib
import json
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any, TypeVar

from django.db import IntegrityError, OperationalError, connection, models, transaction
from django.utils import timezone

from congminh.apps.accounts.scope import HOLDERS, SUPERVISION_FLAGS, decided_events, import_holder
from congminh.apps.audit.models import AuditEntry
from congminh.apps.audit.services import CHAIN_LOCK_KEY, audit_append
from congminh.apps.cases.derived import dates_after, search_text_for, stage_after
from congminh.apps.cases.models import (
    AgencyNumber,
    Case,
    CaseEvent,
    CaseKind,
    Category,
    EventSource,
    NumberClaim,
    Party,
    PartyRole,
)
from congminh.apps.cases.signals import case_events_changed
from congminh.apps.organisations.models import Organisation
from congminh.core.case_events import EVENT_TYPES, PROCEDURES
from congminh.core.law import lawful
from congminh.core.records import CaseRecord, EventRecord
from congminh.core.text import fold, fold_key, nfc
from congminh.sql import analyze_after_load, insert_rows, insert_rows_skipping

# A batch closes at whichever limit comes first; both keep memory flat on 1M events.
BATCH_CASES = 1000
BATCH_EVENTS = 20000
# Under SQLite's historical 999-variable limit, for our own `IN (...)` lookups.
IN_CHUNK = 900
# A batch that lost a race to a concurrent writer (a case another import created a moment
# ago, a deadlock) is rolled back and read again this many times at most.
BATCH_ATTEMPTS = 4
_BOOL_FIELDS = ("national_security", "public_concern", "wrongful_conviction_signs", "missed_crime_signs")
_TEXT_FIELDS = ("title", "category", "case_kind", "summary")
# The choices' values, once (the enums' `.values` builds a new list on every call).
_CATEGORIES = frozenset(Category.values)
_CASE_KINDS = frozenset(CaseKind.values)
_PARTY_ROLES = frozenset(PartyRole.values)
# procedure -> the event types it accepts (the fast path of `_check_event`).
_PLAIN_EVENTS = {
    procedure: frozenset(code for code, et in EVENT_TYPES.items() if procedure in et.procedures)
    for procedure in PROCEDURES
}

T = TypeVar("T")


@dataclass(frozen=True)
class Rejection:
    """Why (part of) a record was not stored. `code` names the reason; `params` fill
    the message each face (import, API, demo log) words in its own language."""

    record: int
    event: int | None
    field: str
    code: str
    params: dict[str, str] = dataclasses.field(default_factory=dict)

    def __str__(self) -> str:
        where = f"record {self.record}" + (f", event {self.event}" if self.event is not None else "")
        return f"{where}, {self.field}: {self.code} {self.params}"


@dataclass
class BulkResult:
    records: int = 0
    cases_created: int = 0
    cases_updated: int = 0
    numbers_added: int = 0
    parties_added: int = 0
    events_added: int = 0
    events_unchanged: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    # Every case a record was stored in (created, changed or found unchanged).
    case_ids: set[int] = field(default_factory=set)
    # Record index -> the case it was stored in.
    record_cases: dict[int, int] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return bool(
            self.cases_created or self.cases_updated or self.numbers_added
            or self.parties_added or self.events_added
        )


@dataclass
class _Target:
    """One case of the batch: a stored one (`case_id` set) or one to create."""

    record: CaseRecord
    holder_id: int
    indices: list[int]
    case_id: int | None = None
    numbers: dict[tuple[int, str], str] = field(default_factory=dict)
    # Numbers at other bodies named by an untrusted importer: claims, not links.
    claims: dict[tuple[int, str], str] = field(default_factory=dict)
    parties: list[tuple[str, str, Any]] = field(default_factory=list)
    events: list[tuple[int, int, EventRecord, int | None]] = field(default_factory=list)
    changes: dict[str, tuple[Any, Any]] = field(default_factory=dict)


@dataclass
class _Context:
    actor: Any
    source: str
    note: str
    orgs: dict[str, int]
    # None: any holder; otherwise the only holder id the actor may import for.
    only_holder: int | None
    result: BulkResult
    # None: any event; otherwise the event types the actor's body decides (scope).
    recordable: frozenset[str] | None = None
    # procedure -> the event types a record may carry without a closer look.
    plain_events: dict[str, frozenset[str]] = field(default_factory=dict)
    # body id -> the user who records that body's steps (`case_records_save`'s `recorders`).
    recorders: Callable[[int], Any] | None = None
    # Ids of the bodies whose kind holds cases (`scope.HOLDERS`): an admin importing for any
    # body still cannot make the Internal Affairs Committee or a commune hold a case.
    holders: frozenset[int] = frozenset()

    def __post_init__(self) -> None:
        self.plain_events = {
            p: events if self.recordable is None else events & self.recordable
            for p, events in _PLAIN_EVENTS.items()
        }
    today: dt.date = field(default_factory=timezone.localdate)
    # Cases this call created: a later batch adding to them does not "update" them.
    created: set[int] = field(default_factory=set)
    # Those the running attempt of a batch created (forgotten if it is rolled back).
    attempt_created: set[int] = field(default_factory=set)

    def recorder_id(self, body_id: int | None) -> int | None:
        """Who recorded a step of `body_id`: its recorder, else the actor (None: the system)."""
        user = self.recorders(body_id) if self.recorders is not None and body_id is not None else None
        user = user if user is not None else self.actor
        return user.pk if getattr(user, "pk", None) else None

    @property
    def latest(self) -> dt.date:
        """The last day an event may carry (tomorrow: clocks of other time zones)."""
        return self.today + dt.timedelta(days=1)


def case_records_save(
    records: Iterable[CaseRecord],
    *,
    actor: Any,
    source: str,
    note: str = "",
    progress: Callable[[int], None] | None = None,
    recorders: Callable[[int], Any] | None = None,
) -> BulkResult:
    """Store `records`; return what was created, added, skipped and rejected.

    `actor` None is the system (demo loader); an officer may store only records held
    by their own organisation; an admin any; other roles none. `source` is an
    `EventSource` value. `progress` is called with the number of records done so far.
    `recorders` (the demo's) names who recorded each step: given the id of the body that
    made it (the event's body, the holder for a new case), a user of that body or None;
    without it, or for None, `actor` recorded everything.
    """
    if source not in EventSource.values:
        raise ValueError(f"unknown source {source!r}")
    ctx = _Context(
        actor=actor, source=source, note=note[:255],
        orgs=dict(Organisation.objects.values_list("code", "id")),
        holders=frozenset(Organisation.objects.filter(kind__in=HOLDERS).values_list("id", flat=True)),
        only_holder=_only_holder(actor), result=BulkResult(), recordable=decided_events(actor),
        recorders=recorders,
    )
    with _import_pragmas(), gc_frozen() as freeze:
        return _save_all(ctx, records, progress, freeze)


_frozen_depth = 0
_frozen_lock = threading.Lock()


@contextmanager
def gc_frozen() -> Iterator[Callable[[], None]]:
    """Keep what a big import holds out of the cyclic garbage collector's scans.

    Parsed rows and records are millions of objects that live until the import ends;
    every full collection walked them all (a third of the parse time on the P-size
    file). The yielded function moves every object alive now to the collector's
    permanent generation (`gc.freeze`, a constant-time splice); leaving the outermost
    block hands them back (`gc.unfreeze`). Reference counting still frees them as
    usual; only the cycle scan skips them. Process-wide, so nested and concurrent
    imports share one count and the last one out unfreezes."""
    global _frozen_depth
    with _frozen_lock:
        _frozen_depth += 1
    try:
        yield gc.freeze
    finally:
        with _frozen_lock:
            _frozen_depth -= 1
            if _frozen_depth == 0:
                gc.unfreeze()


@contextmanager
def _import_pragmas() -> Iterator[None]:
    """On SQLite, a larger page cache while the batches run (the index pages of big
    tables stay in memory), restored afterwards. Durability is untouched: journal mode
    and `synchronous` stay as the settings put them."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        cache_size = int(cursor.fetchone()[0])
        cursor.execute("PRAGMA cache_size = -262144")  # KiB: 256 MiB at most
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {cache_size}")


def _save_all(
    ctx: _Context, records: Iterable[CaseRecord], progress: Callable[[int], None] | None,
    freeze: Callable[[], None],
) -> BulkResult:
    batch: list[tuple[int, CaseRecord]] = []
    events = 0
    touched: set[int] = set()
    try:
        for index, record in enumerate(records):
            ctx.result.records = index + 1
            batch.append((index, record))
            events += len(record.events)
            if len(batch) >= BATCH_CASES or events >= BATCH_EVENTS:
                touched |= _save_batch(ctx, batch)
                batch, events = [], 0
                freeze()
                if progress:
                    progress(index + 1)
        if batch:
            touched |= _save_batch(ctx, batch)
        # Before the clock refresh below and whatever the caller writes next plan on them.
        r = ctx.result
        analyze_after_load([m._meta.db_table for m in (Case, AgencyNumber, Party, CaseEvent, NumberClaim, AuditEntry)],
                           r.cases_created + r.numbers_added + r.parties_added + r.events_added)
    finally:
        # One signal for the whole call (the committed batches), after the commit: the
        # clock refresh then sees every changed case at once and takes its bulk path.
        if touched:
            ids = sorted(touched)
            transaction.on_commit(lambda: case_events_changed.send(sender=Case, case_ids=ids))
    if progress:
        progress(ctx.result.records)
    return ctx.result


def _only_holder(actor: Any) -> int | None:
    """None: the actor may store records of any body and link any numbers (admin, the
    system); otherwise the one holder its records may name (-1: none)."""
    return import_holder(actor)


def _chunks(items: Sequence[T], size: int = IN_CHUNK) -> Iterator[Sequence[T]]:
    for start in range(0, len(items), size):
        yield items[start:start + size]


def _data_key(type_: str, date: dt.date, data: dict[str, Any]) -> tuple[str, str, str]:
    # Most events carry no details; skip the encoder for them (a million calls).
    return type_, date.isoformat(), json.dumps(data, sort_keys=True) if data else ""


def _digest(key: tuple[str, str, str]) -> int:
    raw = "\x1f".join(key).encode()
    return int.from_bytes(hashlib.blake2b(raw, digest_size=8).digest(), "big", signed=True)


def event_import_key(type_: str, date: dt.date, data: dict[str, Any] | None) -> int:
    """`CaseEvent.import_key`: the event's type, date and details (the writer's notion of
    "the same event", `_data_key`) as a signed 64-bit digest, unique per case."""
    return _digest(_data_key(type_, date, data or {}))


# --- validation ---------------------------------------------------------------------


def _check_record(ctx: _Context, index: int, rec: CaseRecord) -> Rejection | None:
    def reject(field_: str, code: str, **params: str) -> Rejection:
        return Rejection(index, None, field_, code, params)

    if rec.procedure not in PROCEDURES:
        return reject("procedure", "unknown_procedure", value=rec.procedure)
    if not rec.title.strip():
        return reject("title", "no_title")
    if len(rec.title) > 500:
        return reject("title", "title_too_long")
    if rec.category and rec.category not in _CATEGORIES:
        return reject("category", "unknown_category", value=rec.category)
    if rec.case_kind and rec.case_kind not in _CASE_KINDS:
        return reject("case_kind", "unknown_case_kind", value=rec.case_kind)
    if any(getattr(rec, name) for name in SUPERVISION_FLAGS) and not rec.flag_reason.strip():
        return reject("flag_reason", "flag_without_reason")
    if len(rec.flag_reason.strip()) > 255:
        return reject("flag_reason", "flag_reason_too_long")
    holder_id = ctx.orgs.get(rec.holder_code)
    if holder_id is None:
        return reject("holder_code", "unknown_body", body=rec.holder_code)
    if holder_id not in ctx.holders:
        return reject("holder_code", "not_a_holder", body=rec.holder_code)
    if ctx.only_holder is not None and holder_id != ctx.only_holder:
        return reject("holder_code", "out_of_scope", body=rec.holder_code)
    if not rec.numbers or rec.numbers[0][0] != rec.holder_code:
        return reject("numbers", "no_holder_number", body=rec.holder_code)
    for code, number in rec.numbers:
        if code not in ctx.orgs:
            return reject("numbers", "unknown_body", body=code)
        if len(number) > 100 or not fold_key(number):
            return reject("numbers", "bad_number", body=code, number=number)
    for party in rec.parties:
        if not party.name.strip() or len(party.name) > 255:
            return reject("parties", "bad_party_name", name=party.name[:60])
        if party.role not in _PARTY_ROLES:
            return reject("parties", "unknown_party_role", role=party.role)
    return None


def _check_event(ctx: _Context, index: int, n: int, rec: CaseRecord, ev: EventRecord) -> Rejection | None:
    def reject(field_: str, code: str, **params: str) -> Rejection:
        return Rejection(index, n, field_, code, params)

    et = EVENT_TYPES.get(ev.type)
    if et is None:
        return reject("type", "unknown_event", value=ev.type)
    if rec.procedure not in et.procedures:
        return reject("type", "event_not_for_procedure", value=ev.type, procedure=rec.procedure)
    if ctx.recordable is not None and ev.type not in ctx.recordable:
        return reject("type", "event_not_for_body", value=et.label_vi)
    if ev.date > ctx.latest:
        return reject("date", "future_date", value=ev.date.isoformat())
    if ev.organisation_code and ev.organisation_code not in ctx.orgs:
        return reject("organisation_code", "unknown_body", body=ev.organisation_code)
    if len(ev.document) > 255:
        return reject("document", "document_too_long")
    if ev.data:  # the same vocabulary check as the case page and the API
        found = lawful.event_problems(
            {"procedure": rec.procedure}, {**ev.data, "type": ev.type, "date": ev.date.isoformat()})
        if found:
            return reject("data", "unlawful", message=found[0].message)
    return None


# --- one batch ----------------------------------------------------------------------


def _save_batch(ctx: _Context, batch: list[tuple[int, CaseRecord]]) -> set[int]:
    """Store one batch in one transaction; return the ids of the cases whose events or
    numbers changed.

    Another import may be storing the same cases at the same moment. On PostgreSQL the
    batch first takes the audit chain's lock, which every writer of audited changes takes
    before it commits: concurrent batches then run one after the other, each reading what
    the previous one committed, and always take their locks in the same order (the lock,
    then rows), so they cannot deadlock each other. SQLite serialises writers itself
    (transactions begin IMMEDIATE). The database still has the last word: an event key
    stored meanwhile is skipped (`uniq_imported_event`), and a case number stored
    meanwhile (`uniq_agency_number`: two imports creating one case) rolls the batch back
    and it is read and stored again, finding that case."""
    total = ctx.result
    for attempt in range(1, BATCH_ATTEMPTS + 1):
        ctx.result = BulkResult(records=total.records)
        ctx.attempt_created = set()
        try:
            touched = _save_batch_once(ctx, batch)
        except (IntegrityError, OperationalError) as exc:
            ctx.created -= ctx.attempt_created
            if attempt == BATCH_ATTEMPTS or not _lost_race(exc):
                raise
            continue
        finally:
            part, ctx.result = ctx.result, total
        _merge_result(total, part)
        return touched
    raise AssertionError("unreachable")


def _lost_race(exc: Exception) -> bool:
    """A unique key taken by a concurrent writer, a deadlock, a serialisation failure or a
    busy SQLite file: worth reading the batch again."""
    if isinstance(exc, IntegrityError):
        return True
    state = getattr(exc.__cause__, "sqlstate", None)
    return state in ("40P01", "40001", "55P03") or "database is locked" in str(exc)


def _merge_result(total: BulkResult, part: BulkResult) -> None:
    for name in ("cases_created", "cases_updated", "numbers_added", "parties_added",
                 "events_added", "events_unchanged"):
        setattr(total, name, getattr(total, name) + getattr(part, name))
    total.rejections += part.rejections
    total.case_ids |= part.case_ids
    total.record_cases.update(part.record_cases)


def _lock_writers() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])


@transaction.atomic
def _save_batch_once(ctx: _Context, batch: list[tuple[int, CaseRecord]]) -> set[int]:
    _lock_writers()
    valid = []
    for index, rec in batch:
        problem = _check_record(ctx, index, rec)
        if problem:
            ctx.result.rejections.append(problem)
        else:
            valid.append((index, rec))
    stored = _stored_numbers(ctx, valid)
    targets = _match(ctx, valid, stored)
    existing = [t for t in targets if t.case_id is not None]
    cases = {
        c["id"]: c for chunk in _chunks([t.case_id for t in existing if t.case_id])
        for c in Case.objects.filter(id__in=chunk).values("id", "procedure", "holder_id", *_TEXT_FIELDS, *_BOOL_FIELDS)
    }
    targets = [t for t in targets if _procedure_agrees(ctx, t, cases) and _held_by_importer(ctx, t, cases)]
    logs = _stored_logs([t.case_id for t in targets if t.case_id is not None])
    for t in targets:
        _collect(ctx, t, logs, cases)
        if ctx.source != EventSource.DEMO:  # generated histories are lawful by construction
            _refuse_unlawful(ctx, t, logs, cases)
    _create_cases(ctx, [t for t in targets if t.case_id is None])
    return _store_children(ctx, targets, logs, cases)


def _stored_numbers(ctx: _Context, valid: list[tuple[int, CaseRecord]]) -> dict[tuple[int, str], int]:
    keys = sorted({fold_key(n) for _, rec in valid for _, n in rec.numbers})
    found: dict[tuple[int, str], int] = {}
    for chunk in _chunks(keys):
        for org_id, key, case_id in AgencyNumber.objects.filter(number_key__in=chunk).values_list(
            "organisation_id", "number_key", "case_id"
        ):
            found[(org_id, key)] = case_id
    return found


def _match(
    ctx: _Context, valid: list[tuple[int, CaseRecord]], stored: dict[tuple[int, str], int]
) -> list[_Target]:
    """Group records into cases: by the holder's number first, else any other number.
    A record whose numbers point at two different cases is rejected, not guessed.

    Linking is not access: for an importer restricted to its own body, only its own
    number finds a stored case; the numbers it gives for other bodies become claims
    those bodies confirm, never a way into their cases."""
    trusted = ctx.only_holder is None
    known: dict[tuple[int, str], _Target] = {}
    by_case: dict[int, _Target] = {}
    targets: list[_Target] = []
    for index, rec in valid:
        keys = [((ctx.orgs[c], fold_key(n)), nfc(n.strip())) for c, n in rec.numbers]
        holder_id = ctx.orgs[rec.holder_code]
        hits: list[_Target | int] = []
        for key, _ in (keys if trusted else [k for k in keys if k[0][0] == holder_id]):
            hit: _Target | int | None = known.get(key) or stored.get(key)
            if hit is not None and hit not in hits:
                hits.append(hit)
        if len(hits) > 1:
            code, number = rec.numbers[0]
            ctx.result.rejections.append(
                Rejection(index, None, "numbers", "number_conflict", {"body": code, "number": number})
            )
            continue
        target: _Target
        if not hits:
            target = _Target(record=rec, holder_id=ctx.orgs[rec.holder_code], indices=[])
            targets.append(target)
        elif isinstance(hits[0], int):
            case_id = hits[0]
            if case_id not in by_case:
                by_case[case_id] = _Target(rec, ctx.orgs[rec.holder_code], [], case_id=case_id)
                targets.append(by_case[case_id])
            target = by_case[case_id]
        else:
            target = hits[0]
        target.indices.append(index)
        for key, number in keys:
            if trusted or key[0] == holder_id:
                known[key] = target
                target.numbers.setdefault(key, number)
            else:
                target.claims.setdefault(key, number)
        _merge_fields(target, rec)
        target.parties.extend(
            (nfc(p.name.strip()), p.role, p) for p in rec.parties
        )
        allowed = ctx.plain_events.get(rec.procedure, frozenset())
        latest = ctx.latest
        for n, ev in enumerate(rec.events):
            # Most events: a known type of this procedure, no details, no acting body.
            if (ev.type in allowed and not ev.data and not ev.organisation_code
                    and ev.date <= latest and len(ev.document) <= 255):
                target.events.append((index, n, ev, None))
                continue
            problem = _check_event(ctx, index, n, rec, ev)
            if problem:
                ctx.result.rejections.append(problem)
            else:
                org = ctx.orgs.get(ev.organisation_code) if ev.organisation_code else None
                target.events.append((index, n, ev, org))
    return targets


def _merge_fields(target: _Target, rec: CaseRecord) -> None:
    """Later records of one case may fill what earlier ones left blank."""
    if target.record is rec:
        return
    for name in (*_TEXT_FIELDS, *_BOOL_FIELDS, "flag_reason"):
        if not getattr(target.record, name) and getattr(rec, name):
            setattr(target.record, name, getattr(rec, name))


def _procedure_agrees(ctx: _Context, t: _Target, cases: dict[int, dict[str, Any]]) -> bool:
    if t.case_id is None or cases[t.case_id]["procedure"] == t.record.procedure:
        return True
    for index in t.indices:
        ctx.result.rejections.append(Rejection(
            index, None, "procedure", "procedure_differs",
            {"value": t.record.procedure, "stored": cases[t.case_id]["procedure"]},
        ))
    return False


def _held_by_importer(ctx: _Context, t: _Target, cases: dict[int, dict[str, Any]]) -> bool:
    """A restricted importer adds only to the stored cases its body holds now."""
    if t.case_id is None or ctx.only_holder is None or cases[t.case_id]["holder_id"] == ctx.only_holder:
        return True
    for index in t.indices:
        ctx.result.rejections.append(Rejection(index, None, "numbers", "held_elsewhere", {}))
    return False


@dataclass
class _Log:
    events: list[tuple[int, str, dt.date, int | None]] = field(default_factory=list)
    keys: set[tuple[str, str, str]] = field(default_factory=set)
    parties: list[str] = field(default_factory=list)
    party_keys: set[tuple[str, str]] = field(default_factory=set)
    numbers: list[str] = field(default_factory=list)
    number_keys: set[tuple[int, str]] = field(default_factory=set)
    # Event id -> the event as the law engine reads it (for the lawful-event check).
    payloads: dict[int, dict[str, Any]] = field(default_factory=dict)

    def law_history(self) -> list[dict[str, Any]]:
        """The effective stored events (withdrawn ones are not in `events`)."""
        superseded = {sup for _, _, _, sup in self.events if sup is not None}
        return [self.payloads[eid] for eid, _, _, _ in self.events if eid not in superseded]


def _stored_logs(case_ids: list[int]) -> dict[int, _Log]:
    logs: dict[int, _Log] = {cid: _Log() for cid in case_ids}
    for chunk in _chunks(case_ids):
        for eid, cid, type_, date, data, sup, withdrawn in CaseEvent.objects.filter(case_id__in=chunk).order_by(
            "date", "id"
        ).values_list("id", "case_id", "type", "date", "data", "supersedes_id", "withdrawn_at"):
            # A withdrawn event keeps its key (importing it again does not bring it back)
            # but is no longer part of the log the derived columns are computed from.
            if withdrawn is None:
                logs[cid].events.append((eid, type_, date, sup))
                logs[cid].payloads[eid] = {**(data or {}), "type": type_, "date": date.isoformat()}
            logs[cid].keys.add(_data_key(type_, date, data))
        for cid, name, role in Party.objects.filter(case_id__in=chunk).order_by("id").values_list(
            "case_id", "name", "role"
        ):
            logs[cid].parties.append(name)
            logs[cid].party_keys.add((fold(name), role))
        for cid, org_id, number, key in AgencyNumber.objects.filter(
            case_id__in=chunk
        ).order_by("id").values_list("case_id", "organisation_id", "number", "number_key"):
            logs[cid].numbers.append(number)
            logs[cid].number_keys.add((org_id, key))
    return logs


def _collect(ctx: _Context, t: _Target, logs: dict[int, _Log], cases: dict[int, dict[str, Any]]) -> None:
    """Drop what the stored case already has; note field changes to a stored case."""
    log = logs.get(t.case_id) if t.case_id is not None else None
    seen_events = set(log.keys) if log else set()
    fresh = []
    for item in t.events:
        key = _data_key(item[2].type, item[2].date, item[2].data)
        if key in seen_events:
            ctx.result.events_unchanged += 1
            continue
        seen_events.add(key)
        fresh.append(item)
    t.events = fresh
    seen_parties = set(log.party_keys) if log else set()
    parties = []
    for name, role, rec in t.parties:
        party_key = (fold(name), role)
        if party_key not in seen_parties:
            seen_parties.add(party_key)
            parties.append((name, role, rec))
    t.parties = parties
    if t.case_id is not None and cases[t.case_id]["holder_id"] == t.holder_id:
        t.changes = _field_changes(cases[t.case_id], t.record)


def _refuse_unlawful(ctx: _Context, t: _Target, logs: dict[int, _Log],
                     cases: dict[int, dict[str, Any]]) -> None:
    """Reject the new events the law does not allow after the case's history (the same
    check as the case page and the API: `core.law.lawful`); the other rows are kept."""
    if not t.events:
        return
    log = logs.get(t.case_id) if t.case_id is not None else None
    stored = log.law_history() if log is not None else []
    fields = cases[t.case_id] if t.case_id is not None else vars(t.record)
    payload: dict[str, Any] = {
        "procedure": t.record.procedure, "category": fields["category"] or None,
        "case_kind": fields["case_kind"] or None,
        "national_security": bool(fields["national_security"]),
        "events": stored + [{**ev.data, "type": ev.type, "date": ev.date.isoformat()}
                            for _, _, ev, _ in t.events],
    }
    payload = {k: v for k, v in payload.items() if v is not None}
    refused = {i - len(stored): r for i, r in lawful.history_problems(payload) if i >= len(stored)}
    for i, refusal in refused.items():
        index, n, _, _ = t.events[i]
        ctx.result.rejections.append(
            Rejection(index, n, "type", "unlawful", {"message": refusal.message}))
    t.events = [item for i, item in enumerate(t.events) if i not in refused]


def _field_changes(stored: dict[str, Any], rec: CaseRecord) -> dict[str, tuple[Any, Any]]:
    """A record may correct text fields and raise flags; it never blanks or clears
    what another file or a clerk entered."""
    changes: dict[str, tuple[Any, Any]] = {}
    for name in _TEXT_FIELDS:
        new = nfc(getattr(rec, name).strip())
        if new and new != stored[name]:
            changes[name] = (stored[name], new)
    for name in _BOOL_FIELDS:
        if getattr(rec, name) and not stored[name]:
            changes[name] = (False, True)
    return changes


# --- writing ------------------------------------------------------------------------


class _Ev:
    """A stand-in with `type` and `date` for the derived-value helpers."""

    __slots__ = ("type", "date")

    def __init__(self, type_: str, date: dt.date) -> None:
        self.type = type_
        self.date = date


_CASE_SET = (
    "procedure", "title", "holder", "category", "case_kind", "national_security", "summary",
    "public_concern", "wrongful_conviction_signs", "missed_crime_signs", "stage", "opened_on", "last_event_on",
    "closed_on", "search_text",
)


def _case_defaults(now: Any) -> tuple[list[str], tuple[Any, ...]]:
    """The Case columns the writer does not set, with their adapted defaults (so a field
    added to Case later gets its default here as in `bulk_create`)."""
    names, values = [], []
    for f in Case._meta.concrete_fields:
        if f.primary_key or f.name in _CASE_SET:
            continue
        names.append(f.attname)
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
            values.append(now)
        else:
            values.append(f.get_db_prep_save(f.get_default(), connection))
    return names, tuple(values)


def _create_cases(ctx: _Context, new: list[_Target]) -> None:
    if not new:
        return
    ops = connection.ops
    date = ops.adapt_datefield_value
    moment = timezone.now()
    now = ops.adapt_datetimefield_value(moment)
    default_names, defaults = _case_defaults(now)
    rows = []
    for t in new:
        rec = t.record
        events = [_Ev(ev.type, ev.date) for _, _, ev, _ in sorted(t.events, key=lambda e: e[2].date)]
        opened, last, closed = dates_after(events)
        rows.append((
            rec.procedure, nfc(rec.title.strip()), t.holder_id, rec.category, rec.case_kind,
            rec.national_security, nfc(rec.summary), rec.public_concern,
            rec.wrongful_conviction_signs, rec.missed_crime_signs, stage_after(events), date(opened), date(last), date(closed),
            search_text_for(rec.title, [p[0] for p in t.parties], list(t.numbers.values())),
            *defaults,
        ))
    columns = [f if f != "holder" else "holder_id" for f in _CASE_SET] + default_names
    ids = _insert(Case, columns, rows)
    actor_id = ctx.actor.pk if getattr(ctx.actor, "pk", None) else None
    audits = []
    for t, case_id, row in zip(new, ids, rows, strict=True):
        t.case_id = case_id
        ctx.created.add(case_id)
        ctx.attempt_created.add(case_id)
        audits.append((moment, ctx.recorder_id(t.holder_id), "create", "cases.case", str(case_id), case_id, "case", None,
                       {
                           "procedure": row[0], "title": row[1], "holder": t.holder_id,
                           "numbers": [f"{k[0]}:{v}" for k, v in t.numbers.items()],
                           "source": ctx.source,
                       }, ctx.note))
        audits += _flag_audits(moment, actor_id, case_id, t.record,
                               {name: (False, True) for name in SUPERVISION_FLAGS if getattr(t.record, name)})
    ctx.result.cases_created += len(new)
    audit_append(audits)


def _store_children(
    ctx: _Context, targets: list[_Target], logs: dict[int, _Log], cases: dict[int, dict[str, Any]]
) -> set[int]:
    """Insert numbers, parties, events and their audit; return the cases touched."""
    actor_id = ctx.actor.pk if getattr(ctx.actor, "pk", None) else None
    ops = connection.ops
    moment = timezone.now()
    now = ops.adapt_datetimefield_value(moment)
    to_json, _plain = _json_adapters()
    numbers: list[tuple[int, int, str, str]] = []
    parties: list[tuple[int, str, str, Any]] = []
    events: list[tuple[int, EventRecord, int | None]] = []
    recorded_by: list[int | None] = []  # per event: who recorded it (its body's recorder)
    for t in targets:
        assert t.case_id is not None
        cid = t.case_id
        for index in t.indices:
            ctx.result.record_cases[index] = cid
        ctx.result.case_ids.add(cid)
        log = logs.get(cid)
        numbers += [
            (cid, org_id, number, key) for (org_id, key), number in t.numbers.items()
            if log is None or (org_id, key) not in log.number_keys
        ]
        parties += [(cid, name, role, rec) for name, role, rec in t.parties]
        events += [(cid, ev, org) for _, _, ev, org in t.events]
        recorded_by += [ctx.recorder_id(t.holder_id if org is None else org) for *_, org in t.events]
    number_ids = _insert(AgencyNumber, ["case_id", "organisation_id", "number", "number_key", "created_at"],
                         [(*n, now) for n in numbers])
    party_ids = _insert(Party, ["case_id", "name", "name_folded", "role", "birth_year", "id_number",
                                "address", "in_custody"],
                        [(cid, name, fold(name), role, rec.birth_year, "", "", rec.in_custody)
                         for cid, name, role, rec in parties])
    stored_ids = set(logs)
    rows = [(cid, ev.type, ops.adapt_datefield_value(ev.date), to_json(ev.data), nfc(ev.document), "",
             org, ctx.source, by, now, "", _digest(_data_key(ev.type, ev.date, ev.data)))
            for (cid, ev, org), by in zip(events, recorded_by, strict=True)]
    inserted = _insert_events(rows, events, stored_ids)
    by_event = {id(ev): by for (_cid, ev, _org), by in zip(events, recorded_by, strict=True)}
    ctx.result.events_added += len(inserted)
    ctx.result.events_unchanged += len(events) - len(inserted)
    # The audit rows of the events are the bulk of the audit: plain tuples, chained and
    # inserted by `audit_append` in one batch.
    event_audits = [
        (moment, by_event[id(ev)], "add_event", "cases.caseevent", str(eid), cid, "event", None,
         {"type": ev.type, "date": ev.date.isoformat(), **ev.data}, ctx.note)
        for eid, (cid, ev, _) in inserted
    ]
    audits: list[tuple[Any, ...]] = []
    for nid, (cid, _, number, _) in zip(number_ids, numbers, strict=True):
        if cid in stored_ids:
            ctx.result.numbers_added += 1
            audits.append(("add_number", "cases.agencynumber", nid, cid, "number", number))
    for pid, (cid, name, role, _) in zip(party_ids, parties, strict=True):
        if cid in stored_ids:
            ctx.result.parties_added += 1
            audits.append(("add_party", "cases.party", pid, cid, "party", {"name": name, "role": role}))
    audits += _update_stored(ctx, targets, logs, cases, numbers, parties, inserted)
    event_audits += [
        (moment, actor_id, action, otype, str(oid), cid, fld, old, new, ctx.note)
        for action, otype, oid, cid, fld, *vals in audits
        for old, new in [_old_new(vals)]
    ]
    for t in targets:  # flags raised on stored cases: audited as the case page does
        if t.case_id in logs:
            event_audits += _flag_audits(moment, actor_id, t.case_id, t.record, t.changes)
    audit_append(event_audits)
    _store_claims(ctx, targets, logs)
    return {cid for _, (cid, _, _) in inserted} | {n[0] for n in numbers}


_EVENT_COLUMNS = ["case_id", "type", "date", "data", "document", "note", "organisation_id", "source",
                  "recorded_by_id", "recorded_at", "withdrawal_reason", "import_key"]
_Event = tuple[int, EventRecord, int | None]


def _insert_events(
    rows: list[tuple[Any, ...]], events: list[_Event], stored_ids: set[int]
) -> list[tuple[int, _Event]]:
    """Insert the event rows (`_EVENT_COLUMNS`); return (new id, event) of those stored.

    The events of the cases this batch created cannot be anywhere yet: the fast path
    (COPY on PostgreSQL). Those of stored cases go in with ON CONFLICT DO NOTHING: one
    whose key another writer stored meanwhile (`uniq_imported_event`) is skipped, and
    only the rows the database took are audited, counted and sent to the clock refresh."""
    fresh = [i for i, row in enumerate(rows) if row[0] not in stored_ids]
    if len(fresh) == len(rows):
        return list(zip(_insert(CaseEvent, _EVENT_COLUMNS, rows), events, strict=True))
    inserted = list(zip(_insert(CaseEvent, _EVENT_COLUMNS, [rows[i] for i in fresh]),
                        [events[i] for i in fresh], strict=True))
    fresh_set = set(fresh)
    added = [i for i in range(len(rows)) if i not in fresh_set]
    if not added:
        return inserted
    with connection.cursor() as cursor:
        found = insert_rows_skipping(cursor, CaseEvent._meta.db_table,
                                     [_column(CaseEvent, c) for c in _EVENT_COLUMNS],
                                     [rows[i] for i in added], key=("case_id", "import_key"))
    ids = {(cid, key): eid for eid, cid, key in found}
    for i in added:
        eid = ids.get((rows[i][0], rows[i][-1]))
        if eid is not None:
            inserted.append((eid, events[i]))
    return inserted


def _store_claims(ctx: _Context, targets: list[_Target], logs: dict[int, _Log]) -> None:
    """Numbers at other bodies given by a restricted importer: pending claims (rare)."""
    claims = []
    for t in targets:
        assert t.case_id is not None  # stored or just created
        log = logs.get(t.case_id)
        for (org_id, key), number in t.claims.items():
            if log is None or (org_id, key) not in log.number_keys:
                claims.append(NumberClaim(
                    case_id=t.case_id, organisation_id=org_id, number=number, number_key=key,
                    claimed_by_id=ctx.only_holder, claimed_by_user=ctx.actor,
                ))
    if not claims:
        return
    existing = set(NumberClaim.objects.filter(case_id__in={c.case_id for c in claims}).values_list(
        "case_id", "organisation_id", "number_key"))
    fresh = [c for c in claims if (c.case_id, c.organisation_id, c.number_key) not in existing]
    for claim in NumberClaim.objects.bulk_create(fresh):
        AuditEntry.objects.create(
            actor=ctx.actor, action="claim_number", object_type="cases.numberclaim",
            object_id=str(claim.pk or ""), case_id=claim.case_id, field="number",
            new_value=claim.number, note=ctx.note)


def _flag_audits(moment: Any, actor_id: int | None, case_id: int, rec: CaseRecord,
                 changes: dict[str, tuple[Any, Any]]) -> list[tuple[Any, ...]]:
    """The audit rows of the supervision flags a record raises: the entries
    `cases.services.case_flags_set` writes (action «flag», one per flag, the reason as
    the note), which `supervision.selectors.flag_reasons` reads."""
    reason = nfc(rec.flag_reason.strip())[:255]
    return [(moment, actor_id, "flag", "cases.case", str(case_id), case_id, name, old, new, reason)
            for name, (old, new) in changes.items() if name in SUPERVISION_FLAGS]


def _json_adapters() -> tuple[Callable[[Any], Any], Callable[[str, dt.date], Any]]:
    """JSON parameters as `JSONField` would store them; on SQLite (text) an empty dict
    and the plain event audit `{"type": ..., "date": ...}` skip the encoder, which is
    byte-for-byte what `json.dumps` writes for them (a code and an ISO date need no
    escaping)."""
    ops = connection.ops

    def adapt(value: Any) -> Any:
        return ops.adapt_json_value(value, None)

    if connection.vendor != "sqlite":
        return adapt, lambda type_, date: adapt({"type": type_, "date": date.isoformat()})

    def adapt_sqlite(value: Any) -> Any:
        return "{}" if value == {} else json.dumps(value)

    return adapt_sqlite, lambda type_, date: f'{{"type": "{type_}", "date": "{date.isoformat()}"}}'


def _old_new(vals: list[Any]) -> tuple[Any, Any]:
    # Audit tuples carry (new,) or (new, old) after the common part.
    return (vals[1] if len(vals) > 1 else None), vals[0]


def _column(model: type[models.Model], name: str) -> str:
    found = model._meta.get_field(name)
    assert isinstance(found, models.Field) and found.column
    return str(found.column)


def _insert(
    model: type[models.Model], columns: list[str], rows: list[tuple[Any, ...]], returning: bool = True
) -> list[int]:
    """Multi-row INSERT of plain tuples, bypassing model instances: on a million events
    building and preparing instances costs more than the database does. Values must be
    already adapted (`connection.ops.adapt_*`). Returns the new ids in row order, as
    Django's own bulk_create relies on for both backends."""
    if not rows:
        return []
    if connection.vendor == "postgresql":
        return _copy(model, columns, rows, returning)
    with connection.cursor() as cursor:
        return insert_rows(cursor, model._meta.db_table, [_column(model, c) for c in columns], rows, returning)


def _copy(
    model: type[models.Model], columns: list[str], rows: list[tuple[Any, ...]], returning: bool
) -> list[int]:
    """PostgreSQL: `COPY ... FROM STDIN`, several times faster than a multi-row INSERT
    (whose thirty thousand parameters psycopg binds one by one). The new ids are drawn
    from the table's sequence first (`nextval` for each row) and copied with the rows,
    so the ids of the rows are known as with `RETURNING`. COPY is not in Django's query
    log (`connection.queries`)."""
    quote = connection.ops.quote_name
    table = model._meta.db_table
    cols = [quote(_column(model, c)) for c in columns]
    ids: list[int] = []
    with connection.cursor() as cursor:
        if returning:
            pk = model._meta.pk
            assert pk is not None
            cursor.execute("SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)",
                           [table, pk.column, len(rows)])
            ids = [r[0] for r in cursor.fetchall()]
            cols.insert(0, quote(pk.column))
        # The driver's own cursor: its errors (a unique key taken meanwhile) are wrapped
        # into Django's here, as for any other query.
        with connection.wrap_database_errors, \
                cursor.cursor.copy(f"COPY {quote(table)} ({', '.join(cols)}) FROM STDIN") as copy:
            if returning:
                for new_id, row in zip(ids, rows, strict=True):
                    copy.write_row((new_id, *row))
            else:
                for row in rows:
                    copy.write_row(row)
    return ids


def _update_stored(
    ctx: _Context, targets: list[_Target], logs: dict[int, _Log],
    cases: dict[int, dict[str, Any]], numbers: list[tuple[int, int, str, str]],
    parties: list[tuple[int, str, str, Any]], events: list[tuple[int, tuple[int, EventRecord, Any]]],
) -> list[tuple[Any, ...]]:
    """Recompute the derived columns of the stored cases this batch added to."""
    if not logs:  # a batch of new cases only
        return []
    new_events: dict[int, list[tuple[dt.date, int, str]]] = {}
    for eid, (cid, ev, _) in events:
        new_events.setdefault(cid, []).append((ev.date, eid, ev.type))
    new_names: dict[int, list[str]] = {}
    for cid, name, _, _ in parties:
        new_names.setdefault(cid, []).append(name)
    new_numbers: dict[int, list[str]] = {}
    for cid, _, number, _ in numbers:
        new_numbers.setdefault(cid, []).append(number)
    audits: list[tuple[Any, ...]] = []
    changed: list[Case] = []
    for t in targets:
        if t.case_id is None or t.case_id not in logs:
            continue
        cid = t.case_id
        added = new_events.get(cid, [])
        if not (added or t.changes or cid in new_names or cid in new_numbers):
            continue
        log = logs[cid]
        case = Case(id=cid, **{k: v for k, v in cases[cid].items() if k != "id"})
        for name, (old, new) in t.changes.items():
            setattr(case, name, new)
            if name not in SUPERVISION_FLAGS:  # those: `_flag_audits`
                audits.append(("update", "cases.case", cid, cid, name, new, old))
        superseded = {sup for _, _, _, sup in log.events if sup is not None}
        merged = [(date, eid, type_) for eid, type_, date, _ in log.events if eid not in superseded]
        merged += added
        merged.sort()
        effective = [_Ev(type_, date) for date, _, type_ in merged]
        case.stage = stage_after(effective)
        case.opened_on, case.last_event_on, case.closed_on = dates_after(effective)
        case.search_text = search_text_for(
            case.title, log.parties + new_names.get(cid, []), log.numbers + new_numbers.get(cid, [])
        )
        changed.append(case)
    ctx.result.cases_updated += sum(1 for c in changed if c.pk not in ctx.created)
    Case.objects.bulk_update(changed, [
        "stage", "opened_on", "last_event_on", "closed_on", "search_text",
        *_TEXT_FIELDS, *_BOOL_FIELDS,
    ])
    return audits
