"""Recomputing case clocks with the law engine and storing them for listing.

Incremental (`case_clocks_refresh`, on every event) and whole-province
(`cases_refresh_all`, `congminh law refresh`) share one path: load the effective event
logs in a few queries, evaluate with `congminh.core.law`, store the results, and record
in the audit trail every status or due date that moved.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from congminh.apps.audit.models import AuditEntry
from congminh.apps.cases.models import Case, CaseEvent
from congminh.apps.obligations.models import CaseObligation
from congminh.core.law.payload import case_payload

BATCH = 2000


def case_payloads(case_ids: Sequence[int]) -> list[dict[str, Any]]:
    """The law engine's input (CONTRACTS.md §1) for many cases, in two queries: the
    effective logs (no withdrawn event, no superseded one)."""
    cases = Case.objects.filter(id__in=case_ids).values(
        "id", "procedure", "category", "case_kind", "national_security"
    )
    rows = (
        CaseEvent.objects.filter(case_id__in=case_ids, withdrawn_at__isnull=True)
        .order_by("case_id", "date", "id")
        .values_list("case_id", "id", "type", "date", "data", "supersedes_id")
    )
    events: dict[int, list[tuple[int, str, dt.date, dict[str, Any]]]] = defaultdict(list)
    superseded: set[int] = set()
    for case_id, event_id, type_, date, data, supersedes_id in rows:
        events[case_id].append((event_id, type_, date, data or {}))
        if supersedes_id:
            superseded.add(supersedes_id)
    return [case_payload(c, ({**data, "type": type_, "date": date.isoformat()}
                             for event_id, type_, date, data in events[c["id"]]
                             if event_id not in superseded))
            for c in cases]


def _evaluator(bulk: bool) -> Callable[[list[dict[str, Any]], dt.date], Iterable[dict[str, Any]]]:
    from congminh.core import law

    if bulk:
        try:
            from congminh.core.law.bulk import evaluate_bulk

            return lambda cases, as_of: evaluate_bulk(cases, as_of)
        except ImportError:  # the vectorised path is optional; the per-case path is exact
            pass
    return lambda cases, as_of: law.evaluate_cases(cases, as_of)


def _next_due(result: dict[str, Any]) -> dt.date | None:
    """The earliest due date of the open clocks; a window's (appeal, protest, the debtor's
    voluntary period) only when no other clock has one."""
    dated = [o for o in result["open_obligations"] if o.get("due")]
    dues = [o["due"] for o in dated if not o.get("window")] or [o["due"] for o in dated]
    return dt.date.fromisoformat(min(dues)) if dues else None


REASON_MAX = 255  # Case.status_reason


def _status_reason(result: dict[str, Any]) -> str:
    """What `Case.status_reason` stores: an `awaiting` case's reason, an `error`'s first text."""
    if result["status"] == "awaiting":
        return str(result.get("awaiting_reason") or "")[:REASON_MAX]
    if result["status"] == "error" and result.get("errors"):
        return str(result["errors"][0])[:REASON_MAX]
    return ""


def _obligation_rows(case_id: int, result: dict[str, Any], as_of: dt.date) -> list[CaseObligation]:
    rows = []
    for o in result["open_obligations"]:
        rows.append(CaseObligation(
            case_id=case_id, kind=o["kind"], holder=o["holder"], rule=o["rule"],
            basis=o["basis"][:255], title=o.get("title", "")[:255],
            subject=str(o.get("subject") or "")[:100],
            start=dt.date.fromisoformat(o["start"]),
            due=dt.date.fromisoformat(o["due"]) if o.get("due") else None,
            max_due=dt.date.fromisoformat(o["max_due"]) if o.get("max_due") else None,
            status=o["status"], extensions_used=max(0, o.get("extensions_used", 0)),
            extensions_left=max(0, o.get("extensions_left", 0)), as_of=as_of,
        ))
    return rows


def _audit_changes(
    actor: Any, case: Case, result: dict[str, Any], new_due: dt.date | None,
    old_dues: dict[tuple[str, str], dt.date | None], new_rows: list[CaseObligation],
) -> Iterator[AuditEntry]:
    """Entries for a changed case status or its reason, next due date, or obligation due date."""
    base = {"actor": actor if getattr(actor, "pk", None) else None, "action": "recompute",
            "object_type": "cases.case", "object_id": str(case.pk), "case_id": case.pk,
            "note": "law engine"}
    if case.status != result["status"]:
        yield AuditEntry(field="status", old_value=case.status or None,
                         new_value=result["status"], **base)
    reason = _status_reason(result)
    if case.status_reason != reason:
        yield AuditEntry(field="status_reason", old_value=case.status_reason or None,
                         new_value=reason or None, **base)
    if case.next_due != new_due:
        yield AuditEntry(field="next_due",
                         old_value=case.next_due.isoformat() if case.next_due else None,
                         new_value=new_due.isoformat() if new_due else None, **base)
    for row in new_rows:
        old = old_dues.get(row.key, "absent")
        if old != "absent" and old != row.due:
            yield AuditEntry(
                field=f"due:{row.rule}{':' + row.subject if row.subject else ''}",
                old_value=old.isoformat() if isinstance(old, dt.date) else None,
                new_value=row.due.isoformat() if row.due else None, **base)


def _store(results: list[dict[str, Any]], as_of: dt.date, actor: Any) -> None:
    ids = [int(r["id"]) for r in results]
    # Only what the audit compares; the columns written (_CASE_COLUMNS) are set below.
    cases = Case.objects.only("id", "status", "status_reason", "next_due").in_bulk(ids)
    old: dict[int, dict[tuple[str, str], dt.date | None]] = defaultdict(dict)
    for o in CaseObligation.objects.filter(case_id__in=ids).only("case_id", "rule", "subject", "due"):
        old[o.case_id][o.key] = o.due
    new_rows: list[CaseObligation] = []
    audits: list[AuditEntry] = []
    changed: list[Case] = []
    for result in results:
        case = cases[int(result["id"])]
        rows = _obligation_rows(case.pk, result, as_of)
        due = _next_due(result)
        audits.extend(_audit_changes(actor, case, result, due, old[case.pk], rows))
        case.status, case.next_due, case.flags, case.status_as_of = (
            result["status"], due, result["flags"], as_of)
        case.status_reason = _status_reason(result)
        changed.append(case)
        new_rows.extend(rows)
    CaseObligation.objects.filter(case_id__in=ids).delete()
    CaseObligation.objects.bulk_create(new_rows, batch_size=500)
    _update_cases(changed)
    AuditEntry.objects.bulk_create(audits, batch_size=500)


_CASE_COLUMNS = ("status", "status_reason", "next_due", "flags", "status_as_of")


def _update_cases(changed: list[Case]) -> None:
    """What `bulk_update(changed, _CASE_COLUMNS)` stores, as one prepared UPDATE run for
    every case (`executemany`): bulk_update builds a CASE WHEN expression per case and
    column, which cost most of the refresh's time."""
    if not changed:
        return
    fields = [f for f in Case._meta.concrete_fields if f.name in _CASE_COLUMNS]
    quote = connection.ops.quote_name
    sets = ", ".join(f"{quote(f.column)} = %s" for f in fields)
    sql = f"UPDATE {quote(Case._meta.db_table)} SET {sets} WHERE {quote('id')} = %s"
    params = [
        [*(f.get_db_prep_save(getattr(case, f.attname), connection) for f in fields), case.pk]
        for case in changed
    ]
    with connection.cursor() as cursor:
        cursor.executemany(sql, params)


def case_clocks_refresh(
    *, case_ids: Sequence[int], as_of: dt.date | None = None, actor: Any = None
) -> None:
    """Recompute and store the clocks of a few cases (after an event was appended)."""
    as_of = as_of or timezone.localdate()
    # A big import touches thousands of cases at once: use the vectorised path then.
    evaluate = _evaluator(bulk=len(case_ids) > BATCH)
    for start in range(0, len(case_ids), BATCH):
        chunk = list(case_ids[start:start + BATCH])
        results = list(evaluate(case_payloads(chunk), as_of))
        with transaction.atomic():
            _store(results, as_of, actor)


def cases_refresh_all(
    *, as_of: dt.date | None = None, actor: Any = None,
    progress: Callable[[int], object] | None = None,
) -> int:
    """Recompute every case's clocks (bulk path when available). Returns the count."""
    as_of = as_of or timezone.localdate()
    evaluate = _evaluator(bulk=True)
    ids = list(Case.objects.order_by("id").values_list("id", flat=True))
    for start in range(0, len(ids), BATCH):
        chunk = ids[start:start + BATCH]
        results = list(evaluate(case_payloads(chunk), as_of))
        with transaction.atomic():
            _store(results, as_of, actor)
        if progress:
            progress(len(chunk))
    return len(ids)
