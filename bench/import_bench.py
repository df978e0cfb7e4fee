"""Import benchmark: importing the P-size event file against a naive row-by-row ORM insert.

    python bench/import_bench.py                      # P size on a throwaway SQLite file
    python bench/import_bench.py --with-clocks        # and time the clock refresh after it
    python bench/import_bench.py --database-url postgres://postgres@127.0.0.1:5432/bench
    python bench/import_bench.py --cases 5000         # smaller (that many open cases)
    python bench/import_bench.py --profile out.html   # pyinstrument profile of the import

The file is the demo province (`congminh.apps.demo.generator.generate("P", seed, as_of)`,
about 160,000 cases of which 50,000 open, about 780,000 events) written in the import
template's format as CSV (`congminh.apps.imports.export`), or XLSX with --xlsx. The
organisation registry is loaded first. The import is timed end to end from the file's
bytes (decode, parse, validate, store, error workbook).

The naive insert runs in the same database right after, on the first --naive-rows rows of
the same file: per row, one lookup of the case by number and, for a new case, a Case and
an AgencyNumber `save()`, then the CaseEvent `save()`; autocommit, no audit, no parties.

The clock refresh (the obligations app's receiver of `case_events_changed`) is
disconnected while the import is timed; with --with-clocks it is then run on the cases the
import touched, as the receiver would, and timed separately.

Wall-clock rates are the figures; the CPU time of this process is printed beside them
because a shared machine slows both sides (on PostgreSQL the server's CPU is not in it).
A --database-url database is flushed first. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any


def naive(rows: list[list[Any]]) -> tuple[float, float]:
    """Row-by-row ORM insert of `rows` (template cells): (rows per second, CPU seconds)."""
    from congminh.apps.cases.models import AgencyNumber, Case, CaseEvent
    from congminh.apps.imports import columns as C
    from congminh.apps.imports.parse import EVENT_WORDS
    from congminh.apps.organisations.models import Organisation
    from congminh.core.text import fold, fold_key

    orgs = {o.code: o for o in Organisation.objects.all()}
    col = {h: i for i, h in enumerate(C.HEADINGS)}
    kinds = {"hình sự": "criminal", "dân sự": "civil", "hành chính": "administrative",
             "thi hành án": "enforcement"}
    t, cpu = time.perf_counter(), time.process_time()
    for r in rows:
        org = orgs[r[col[C.HOLDER]]]
        number = "N-" + r[col[C.NUMBER]]  # not to collide with the imported cases
        key = fold_key(number)
        link = AgencyNumber.objects.filter(organisation=org, number_key=key).select_related("case").first()
        if link is None:
            case = Case(procedure=kinds[r[col[C.PROCEDURE]]], title=r[col[C.TITLE]], holder=org)
            case.save()
            link = AgencyNumber(case=case, organisation=org, number=number, number_key=key)
            link.save()
        data = {}
        if r[col[C.MONTHS]]:
            data["months"] = int(r[col[C.MONTHS]])
        if r[col[C.DAYS]]:
            data["days"] = int(r[col[C.DAYS]])
        CaseEvent(case=link.case, type=EVENT_WORDS[fold(r[col[C.EVENT]])], date=r[col[C.DATE]],
                  data=data).save()
    return len(rows) / (time.perf_counter() - t), time.process_time() - cpu


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--cases", type=int, default=None, help="open cases (default: P size, 50,000)")
    ap.add_argument("--seed", type=int, default=2026)
    ap.add_argument("--naive-rows", type=int, default=20_000)
    ap.add_argument("--database-url", default="")
    ap.add_argument("--xlsx", action="store_true", help="write and import XLSX instead of CSV")
    ap.add_argument("--with-clocks", action="store_true", help="time the clock refresh after the import")
    ap.add_argument("--profile", default="", help="write pyinstrument HTML profiles of the import "
                    "here (and of the clock refresh beside it, *.clocks.html)")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="congminh-bench-")
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    else:
        os.environ.pop("DATABASE_URL", None)
        os.environ["CONGMINH_SQLITE_PATH"] = str(Path(tmp) / "bench.sqlite3")
    os.environ["CONGMINH_MEDIA_ROOT"] = str(Path(tmp) / "media")
    os.environ["CONGMINH_DEBUG"] = "0"
    # The whole province in one file: over the uploads' default row limit (500,000).
    os.environ.setdefault("CONGMINH_IMPORT_MAX_ROWS", "5000000")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congminh.settings")
    sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    call_command("migrate", verbosity=0)
    if args.database_url:
        call_command("flush", interactive=False, verbosity=0)
    from congminh.apps.cases.signals import case_events_changed
    from congminh.apps.demo.generator import generate
    from congminh.apps.imports.export import record_rows, write_csv, write_xlsx
    from congminh.apps.imports.services import import_file
    from congminh.apps.organisations.services import organisations_load

    touched: set[int] = set()

    def remember(sender: Any, case_ids: list[int], **kwargs: Any) -> None:
        touched.update(case_ids)

    case_events_changed.receivers.clear()
    case_events_changed.connect(remember, weak=False)
    organisations_load()
    as_of = timezone.localdate() - dt.timedelta(days=1)

    def records() -> Any:
        return generate("P", args.seed, as_of, count=args.cases)

    t = time.perf_counter()
    if args.xlsx:
        out = io.BytesIO()
        n_rows = write_xlsx(records(), out)
        payload, name = out.getvalue(), "p.xlsx"
    else:
        text = io.StringIO()
        n_rows = write_csv(records(), text)
        payload, name = text.getvalue().encode("utf-8"), "p.csv"
    print(f"file: {n_rows:,} rows, {len(payload) / 1e6:.1f} MB {name[-4:]} "
          f"(written in {time.perf_counter() - t:.0f} s); database: {connection.vendor}")

    profiler: Any = None
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.005)
        profiler.start()
    t, cpu = time.perf_counter(), time.process_time()
    batch = import_file(actor=None, data=payload, file_name=name)
    elapsed, cpu = time.perf_counter() - t, time.process_time() - cpu
    if profiler is not None:
        profiler.stop()
        Path(args.profile).write_text(profiler.output_html())
        print(profiler.output_text(unicode=False, color=False, show_all=False)[:6000])
    bulk_rate = batch.rows_total / elapsed
    print(f"import: {batch.rows_total:,} rows, {batch.cases_created:,} cases, {batch.events_added:,} events, "
          f"{batch.rows_rejected} rejected in {elapsed:.1f} s = {bulk_rate:,.0f} rows/s "
          f"(this process's CPU: {cpu:.1f} s; peak memory {_peak_mb():,.0f} MB)")

    sample: list[list[Any]] = []
    for rec in records():
        sample.extend(record_rows(rec))
        if len(sample) >= args.naive_rows:
            break
    sample = sample[: args.naive_rows]
    naive_rate, naive_cpu = naive(sample)
    print(f"naive row-by-row ORM ({len(sample):,} rows): {naive_rate:,.0f} rows/s "
          f"(this process's CPU: {naive_cpu:.1f} s)")
    print(f"ratio: {bulk_rate / naive_rate:.1f}x (rows per CPU second in this process: "
          f"{(batch.rows_total / cpu) / (len(sample) / naive_cpu):.1f}x)")

    if args.with_clocks:
        from congminh.apps.obligations.services import case_clocks_refresh

        ids = sorted(touched)
        if args.profile:
            profiler = Profiler(interval=0.005)
            profiler.start()
        t, cpu = time.perf_counter(), time.process_time()
        case_clocks_refresh(case_ids=ids, as_of=as_of)
        took, cpu = time.perf_counter() - t, time.process_time() - cpu
        if args.profile:
            profiler.stop()
            Path(args.profile).with_suffix(".clocks.html").write_text(profiler.output_html())
            print(profiler.output_text(unicode=False, color=False, show_all=False)[:6000])
        print(f"clock refresh: {len(ids):,} cases in {took:.1f} s (CPU {cpu:.1f} s) = "
              f"{len(ids) / took:,.0f} cases/s "
              f"(import + refresh: {batch.rows_total / (elapsed + took):,.0f} rows/s)")


if __name__ == "__main__":
    main()
