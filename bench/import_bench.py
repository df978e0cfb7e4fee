"""Import benchmark: the bulk import path against a naive row-by-row ORM insert.

    python bench/import_bench.py                 # P size: 50,000 cases, ~1,000,000 rows
    python bench/import_bench.py --rows 100000   # smaller
    python bench/import_bench.py --database-url postgres://postgres@127.0.0.1:5432/bench

Uses a throwaway SQLite file unless --database-url is given (that database is flushed).
The file is CSV in the import template's format; the naive insert runs on the first
--naive-rows rows (Case, AgencyNumber, CaseEvent, one save() each, autocommit).
The obligations app's clock refresh, which listens to the import's on-commit signal, is
disconnected for the import timing and reported separately when --with-clocks is given.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import os
import sys
import tempfile
import time
from pathlib import Path

EVENTS = ["report_received", "case_instituted", "investigation_extended", "investigation_concluded",
          "returned_for_investigation", "supplementary_investigation_concluded", "indicted",
          "accepted", "preparation_extended", "suspended", "resumed", "brought_to_trial",
          "judgment_pronounced", "appeal_received", "closed"]


def rows(n_rows: int, per_case: int = 20) -> list[list[str]]:
    from congminh.apps.imports import columns as C
    from congminh.core.case_events import EVENT_TYPES

    out: list[list[str]] = []
    case = 0
    while len(out) < n_rows:
        start = dt.date(2023, 1, 1) + dt.timedelta(days=case % 700)
        for k in range(per_case):
            if len(out) >= n_rows:
                break
            code = EVENTS[k % len(EVENTS)]
            row = [""] * len(C.HEADINGS)
            row[0], row[1], row[2], row[3] = "TAND-KV1", f"{case}/2024/HS", "hình sự", "nghiêm trọng"
            row[4], row[5] = f"Vụ án số {case}", f"Nguyễn Văn {case} (bị can)"
            row[6], row[7] = EVENT_TYPES[code].label_vi, (start + dt.timedelta(days=7 * k)).strftime("%d/%m/%Y")
            if code in ("investigation_extended",):
                row[8] = "2"
            if code == "preparation_extended":
                row[9] = "15"
            if code == "returned_for_investigation":
                row[11] = "Viện kiểm sát"
            out.append(row)
        case += 1
    return out


def to_csv(data: list[list[str]]) -> bytes:
    from congminh.apps.imports import columns as C

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(C.HEADINGS)
    w.writerows(data)
    return buf.getvalue().encode("utf-8")


def naive(data: list[list[str]]) -> float:
    from congminh.apps.cases.models import AgencyNumber, Case, CaseEvent
    from congminh.apps.imports.parse import EVENT_WORDS
    from congminh.apps.organisations.models import Organisation
    from congminh.core.text import fold, fold_key

    org = Organisation.objects.get(code="TAND-KV2")
    t = time.perf_counter()
    for r in data:
        key = fold_key(r[1])
        link = AgencyNumber.objects.filter(organisation=org, number_key=key).select_related("case").first()
        if link is None:
            case = Case(procedure="criminal", category="serious", title=r[4], holder=org)
            case.save()
            link = AgencyNumber(case=case, organisation=org, number=r[1], number_key=key)
            link.save()
        d, m, y = (int(x) for x in r[7].split("/"))
        CaseEvent(case=link.case, type=EVENT_WORDS[fold(r[6])], date=dt.date(y, m, d)).save()
    return len(data) / (time.perf_counter() - t)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rows", type=int, default=1_000_000)
    ap.add_argument("--naive-rows", type=int, default=20_000)
    ap.add_argument("--database-url", default="")
    ap.add_argument("--with-clocks", action="store_true", help="keep the clock refresh connected")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="congminh-bench-")
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["CONGMINH_SQLITE_PATH"] = str(Path(tmp) / "bench.sqlite3")
    os.environ["CONGMINH_MEDIA_ROOT"] = str(Path(tmp) / "media")
    os.environ["CONGMINH_DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congminh.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    if args.database_url:
        call_command("flush", interactive=False, verbosity=0)
    from congminh.apps.cases.signals import case_events_changed
    from congminh.apps.imports.services import import_file
    from congminh.apps.organisations.models import Organisation

    if not args.with_clocks:
        case_events_changed.receivers.clear()
    for code in ("TAND-KV1", "TAND-KV2"):
        Organisation.objects.create(code=code, name=f"Tòa án {code}", kind="court", level="region")
    data = rows(args.rows)
    payload = to_csv(data)
    print(f"file: {len(data):,} rows, {len(payload) / 1e6:.1f} MB CSV; database: {django.db.connection.vendor}")
    t = time.perf_counter()
    batch = import_file(actor=None, data=payload, file_name="bench.csv")
    elapsed = time.perf_counter() - t
    bulk_rate = batch.rows_total / elapsed
    print(f"import: {batch.rows_total:,} rows, {batch.cases_created:,} cases, {batch.events_added:,} events, "
          f"{batch.rows_rejected} rejected in {elapsed:.1f} s = {bulk_rate:,.0f} rows/s")
    sample = data[: args.naive_rows]
    naive_rate = naive(sample)
    print(f"naive row-by-row ORM ({len(sample):,} rows): {naive_rate:,.0f} rows/s")
    print(f"ratio: {bulk_rate / naive_rate:.1f}x")


if __name__ == "__main__":
    main()
