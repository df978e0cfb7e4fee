"""A fresh process's first review page and first XLSX (issue #11.6: each in 1 s at P size),
main's code against this checkout's, alternated in one run on the same province; medians
and bests printed with their ratios.

    .venv/bin/python bench/reports_first_load.py --reuse /tmp/rep-P --repeat 5
    .venv/bin/python bench/reports_first_load.py --reuse /tmp/rep-P --before /work/main

Each tree runs in processes of its own (`PYTHONPATH=<tree>/src`), with its snapshot files in
a directory of its own under --work (the formats may differ; the province's own snapshot
directory is only copied from):

1. once per tree, the daily job `review_snapshot` (`snapshot.warm`: both Procuracy quarters
   brought up to date from the copied files, or built, with their lists' rows), timed;
2. then, alternating the trees, a new Python process for each measure, as a restarted
   server worker that has not loaded the snapshot yet: Django set up, `vks` logged in, one
   request to import the views, then the last ended quarter's review page and then its
   XLSX ("first page", "then XLSX"), or in another process the XLSX first ("first XLSX").
   Each request's wall time from the test client;
3. then (unless --no-write) one event recorded on one case of the quarter (`admin`, after
   the daily job's files: a closing dated inside the quarter), and the same measures again
   ("... after a write": the files brought up to date with that case in each process). The
   province of --reuse keeps the event (a later run's daily job takes it in)."""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from oversight_lists import django_setup  # noqa: E402  (a sibling bench script)

ROOT = Path(__file__).resolve().parents[1]
USER = "vks"
MEASURES = ("first page", "then XLSX", "first XLSX")
AFTER_WRITE = " after a write"


def child(args: argparse.Namespace) -> int:
    django_setup(Path(args.reuse), Path(args.src))
    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from congminh.apps.accounts.models import User
    from congminh.apps.reports import snapshot
    from congminh.core.periods import last_ended

    settings.REVIEW_SNAPSHOT_DIR = Path(args.snapshots)
    if args.child == "write":
        print(json.dumps({"case": _write_one()}))
        return 0
    if args.child == "prepare":
        started = time.perf_counter()
        snapshot.warm()
        job = (time.perf_counter() - started) * 1000
        sizes = {p.name: p.stat().st_size for p in Path(args.snapshots).glob("review-*")}
        print(json.dumps({"job": job, "sizes": sizes}))
        return 0
    period = last_ended("quarterly", timezone.localdate(), year_start_month=12)
    query = f"?period={period.code}&calendar=procuracy"
    page, xlsx = "/reports/quarterly/" + query, "/reports/quarterly/export.xlsx" + query
    client = Client()
    client.force_login(User.objects.get(username=USER))
    client.get("/login/")  # the process's first request imports every view

    def timed(url: str) -> float:
        started = time.perf_counter()
        assert client.get(url).status_code == 200, url
        return (time.perf_counter() - started) * 1000

    out = ({"first page": timed(page), "then XLSX": timed(xlsx)} if args.child == "page"
           else {"first XLSX": timed(xlsx)})
    print(json.dumps(out))
    return 0


def _write_one() -> int:
    """Record one event on one case of the last ended quarter: a civil case closed on its
    last event's date (at the earliest the quarter's first day). Returns the case's id."""
    from django.utils import timezone

    from congminh.apps.accounts.models import User
    from congminh.apps.cases import services
    from congminh.apps.cases.models import Case
    from congminh.core.periods import last_ended

    period = last_ended("quarterly", timezone.localdate(), year_start_month=12)
    admin = User.objects.get(username="admin")
    for case in Case.objects.filter(procedure="civil").order_by("-id")[:200]:
        last = case.events.filter(withdrawn_at__isnull=True).order_by("-date", "-id").first()
        if last is None or last.date >= period.end:
            continue
        try:
            services.case_event_append(actor=admin, case=case, type="closed", date=max(last.date, period.start))
        except Exception:  # noqa: S112  (refused by the law: another case)
            continue
        return int(case.pk)
    sys.exit("no case to record an event on")


def run(tree: Path, mode: str, args: argparse.Namespace, snapshots: Path) -> dict[str, Any]:
    env = {**os.environ, "PYTHONPATH": str(tree / "src")}
    done = subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", mode, "--reuse", args.reuse,
         "--snapshots", str(snapshots), "--src", str(tree / "src")],
        env=env, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        sys.exit(f"{tree} {mode} failed:\n{done.stderr[-3000:]}")
    found: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", required=True, help="the data directory of a built province")
    parser.add_argument("--before", default="/work/main", help="the checkout measured as before")
    parser.add_argument("--work", default="/tmp/bench-reports-first-load", help="where the snapshots are written")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--no-write", action="store_true", help="skip the measures after a write")
    parser.add_argument("--child", choices=("prepare", "page", "xlsx", "write"), help=argparse.SUPPRESS)
    parser.add_argument("--snapshots", help=argparse.SUPPRESS)
    parser.add_argument("--src", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args)

    trees = {"before": Path(args.before).resolve(), "after": ROOT}
    work = Path(args.work)
    dirs = {name: work / name for name in trees}
    source = Path(args.reuse) / "snapshots"
    for name, tree in trees.items():
        folder = dirs[name]
        if not any(folder.glob("review-*")):
            folder.mkdir(parents=True, exist_ok=True)
            for saved in source.glob("review-*"):
                shutil.copy2(saved, folder / saved.name)
        prepared = run(tree, "prepare", args, folder)
        size = sum(prepared["sizes"].values()) / 1e6
        print(f"{name} ({tree}): the daily job {prepared['job']:,.0f} ms; its files {size:.1f} MB: "
              + ", ".join(f"{n} {s / 1e6:.1f} MB" for n, s in sorted(prepared["sizes"].items())), flush=True)

    measures = MEASURES if args.no_write else (*MEASURES, *(m + AFTER_WRITE for m in MEASURES))
    times: dict[str, dict[str, list[float]]] = {name: {m: [] for m in measures} for name in trees}
    for suffix in ("",) if args.no_write else ("", AFTER_WRITE):
        if suffix:
            case = run(ROOT, "write", args, dirs["after"])["case"]
            print(f"an event recorded on case {case}", flush=True)
        for _ in range(args.repeat):
            for name, tree in trees.items():
                for mode in ("page", "xlsx"):
                    for measure, ms in run(tree, mode, args, dirs[name]).items():
                        times[name][measure + suffix].append(ms)
    print(f"user {USER}, the last ended Procuracy quarter; {args.repeat} fresh processes per measure and tree")
    width = max(map(len, measures)) + 2
    for label, pick in (("median ms", statistics.median), ("best ms", min)):
        print(f"{label:{width}}" + "".join(f"{name:>12}" for name in trees) + f"{'before ÷ after':>16}")
        for m in measures:
            before, after = (pick(times[name][m]) for name in trees)
            print(f"{m:{width}}{before:12.0f}{after:12.0f}{before / after:16.2f}")
    for name in trees:
        print(f"  {name}: " + "; ".join(f"{m} " + ", ".join(f"{t:.0f}" for t in times[name][m])
                                        for m in measures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
