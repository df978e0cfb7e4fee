"""Cross-case oversight lists against the case list, per user (issue #10 done-criterion, #11.6).

    .venv/bin/python bench/oversight_lists.py                    # S province in a temp dir
    .venv/bin/python bench/oversight_lists.py --reuse /tmp/ol    # build there once, reuse after
    .venv/bin/python bench/oversight_lists.py --size P --reuse /tmp/ol-p   # the issue's measurement
    .venv/bin/python bench/oversight_lists.py --users vks,toaan --pages expertise,quality

The demo province is built in its own data directory (`CONGMINH_DATA_DIR`) with the
commands of the README: S is `congminh migrate` + `congminh demo setup`; P is `congminh
migrate` + `congminh demo setup --size P` (P loads
about a million events: expect tens of minutes on the 2-core machine). `--reuse DIR` builds
into DIR the first time (a marker file records the size) and only measures after that.

Each page (the dashboard `/`, the case list `/cases/`, the judicial expertise requests
`/expertise/`, the summonses and absence rates `/attendance/`, `/attendance/rates/`, the
judgment quality report and its lists `/quality/...`, the supervision recommendations
`/supervision/recommendations/`, the quarterly review `/reports/quarterly/`), unfiltered
and with one filter (its first filtered page), is requested with Django's test `Client`
(`force_login`) for each demo user: once to warm up, once under `CaptureQueriesContext`
(the number of SQL queries, and how often the most repeated query shape, numbers and
strings blanked, ran: a shape repeated once per row is an N+1), then `--repeat` times
timed (wall clock, median), each time followed by the same user's unfiltered case list
`/cases/`. The ratio is the page's median to the case list's median over those alternating
requests (a load coming and going on the shared machine weighs on both sides alike): the
issue asks the cross-case lists to stay within a small multiple of the case list. The
case list's own rows (ratio about 1) show the noise.

Query growth: with `--growth XS` (the default) the same pages are counted, in a child
process, on an XS province (200 cases, built beside the measured one in `DIR/xs`); a page
whose query count is higher on the larger province runs queries per row or per body
(a page holds at most one page of rows, so a bounded page keeps a fixed count). `--growth ""`
skips it.

First request after a write: with `--after-write` every timed request (the page's and the
case list's) follows a write to one case through the services (its public-concern flag
set or cleared, with a reason, as a supervisor would: audited, the data version moves),
so the caches keyed on the data version are missed and the page shows what it recomputes;
the written case goes round 500 cases of the province taken at random.

Times are printed, never asserted; settings are production-like (`CONGMINH_DEBUG=0`).
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
MARKER = ".oversight-bench"
USERS = ("noichinh", "vks", "toaan", "congan", "phapy", "ubndxa", "hdnd")
BASELINE = "/cases/"


def pages(year: int) -> list[tuple[str, str]]:
    """(path, filter query) pairs; the empty query is the unfiltered first page."""
    last = year - 1
    listed = [
        (BASELINE, "status=overdue"),
        ("/", ""),
        ("/expertise/", "overdue=on"),
        ("/attendance/", "presence=absent"),
        ("/attendance/rates/", "kind=hearing"),
        ("/quality/", f"start=01/01/{last}&end=31/12/{last}"),
        ("/quality/outcomes/", "outcome=annulled"),
        ("/quality/judgments/", f"start=01/01/{last}&end=31/12/{last}"),
        ("/supervision/recommendations/", "status=overdue"),
        ("/reports/quarterly/", "procedure=criminal"),
    ]
    out = []
    for path, query in listed:
        out.append((path, ""))
        if query:
            out.append((path, query))
    return out


def congminh(data_dir: Path, *args: str) -> None:
    env = {**os.environ, "CONGMINH_DATA_DIR": str(data_dir)}
    for name in ("DATABASE_URL", "CONGMINH_SQLITE_PATH", "CONGMINH_MEDIA_ROOT"):
        env.pop(name, None)
    started = time.perf_counter()
    subprocess.run([str(Path(sys.executable).with_name("congminh")), *args], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    print(f"  congminh {' '.join(args)}: {time.perf_counter() - started:.0f} s", flush=True)


def build(data_dir: Path, size: str) -> None:
    """The demo province of `size` in `data_dir`, unless a previous run left it there."""
    marker = data_dir / MARKER
    if marker.exists():
        built = marker.read_text().strip()
        if built != size:
            sys.exit(f"{data_dir} holds a {built} province, not {size}")
        print(f"reusing the {size} province in {data_dir}", flush=True)
        return
    if (data_dir / "congminh.sqlite3").exists():
        sys.exit(f"{data_dir} has a database this script did not build; give an empty directory")
    data_dir.mkdir(parents=True, exist_ok=True)
    print(f"building the {size} province in {data_dir}", flush=True)
    congminh(data_dir, "migrate", "--noinput")
    # `demo setup` loads the organisations before the province (a bare `demo generate` on
    # an empty database finds no holding body and loads nothing).
    if size == "S":
        congminh(data_dir, "demo", "setup")
    else:
        congminh(data_dir, "demo", "setup", "--size", size)
    marker.write_text(size + "\n")


def django_setup(data_dir: Path, src: Path = ROOT / "src") -> None:
    """Django on the province of `data_dir`, the code of `src` (default: this checkout's)."""
    os.environ["CONGMINH_DATA_DIR"] = str(data_dir)
    for name in ("DATABASE_URL", "CONGMINH_SQLITE_PATH", "CONGMINH_MEDIA_ROOT"):
        os.environ.pop(name, None)
    os.environ["CONGMINH_DEBUG"] = "0"
    os.environ["CONGMINH_ALLOWED_HOSTS"] = "testserver"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congminh.settings")
    (data_dir / "staticfiles").mkdir(exist_ok=True)  # whitenoise warns when STATIC_ROOT is absent
    sys.path.insert(0, str(src))
    import django

    django.setup()


_NUMBER = re.compile(r"\b\d+(\.\d+)?\b")
_STRING = re.compile(r"'(?:[^']|'')*'")
_LIST = re.compile(r"\((?:\s*\?\s*,)+\s*\?\s*\)")


def shape(sql: str) -> str:
    """The query with its literals blanked: the same shape run per row is an N+1."""
    return _LIST.sub("(?)", _NUMBER.sub("?", _STRING.sub("?", sql)))


def count_queries(client: Any, url: str) -> tuple[int, int, int, Counter[str]]:
    """(status, queries, runs of the most repeated shape, every shape with its runs)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        status = client.get(url).status_code
    shapes = Counter(shape(q["sql"]) for q in ctx.captured_queries)
    runs = shapes.most_common(1)[0][1] if shapes else 0
    return status, len(ctx.captured_queries), runs, shapes


def clients(users: list[str]) -> dict[str, Any]:
    from django.test import Client

    from congminh.apps.accounts.models import User

    found = {u.username: u for u in User.objects.filter(username__in=users)}
    missing = [u for u in users if u not in found]
    if missing:
        print(f"not demo users here (skipped): {', '.join(missing)}")
    out = {}
    for name in users:
        if name in found:
            c = Client()
            c.force_login(found[name])
            out[name] = c
    return out


def url_of(path: str, query: str) -> str:
    return f"{path}?{query}" if query else path


def chosen_pages(year: int, only: str) -> list[tuple[str, str]]:
    wanted = [w for w in only.split(",") if w]
    return [(p, q) for p, q in pages(year)
            if p == BASELINE or not wanted or any(w in p for w in wanted)]


def counts_only(args: argparse.Namespace) -> None:
    """Child process of --growth: query counts of every page and user, as JSON on stdout."""
    django_setup(Path(args.reuse))
    from django.utils import timezone

    out: dict[str, Any] = {}
    for user, client in clients(args.users.split(",")).items():
        for path, query in chosen_pages(timezone.localdate().year, args.pages):
            url = url_of(path, query)
            client.get(url)
            status, n, runs, shapes = count_queries(client, url)
            out[f"{user} {url}"] = [status, n, runs, dict(shapes)]
    json.dump(out, sys.stdout)


def growth_counts(args: argparse.Namespace, base: Path) -> dict[str, list[Any]]:
    small = base / args.growth.lower()
    build(small, args.growth)
    started = time.perf_counter()
    child = subprocess.run(
        [sys.executable, __file__, "--counts-only", "--reuse", str(small), "--users", args.users,
         "--pages", args.pages], check=True, capture_output=True, text=True)
    print(f"  query counts on {args.growth}: {time.perf_counter() - started:.0f} s", flush=True)
    result: dict[str, list[Any]] = json.loads(child.stdout)
    return result


_WRITTEN: list[int] = []


def write_one_case() -> None:
    """Write one case (the next of the chosen cases) through the services."""
    from congminh.apps.cases.models import Case
    from congminh.apps.cases.services import case_flags_set

    if not _WRITTEN:
        _WRITTEN.extend(Case.objects.order_by("?").values_list("pk", flat=True)[:500])
    case = Case.objects.get(pk=_WRITTEN.pop(0))
    _WRITTEN.append(case.pk)
    case_flags_set(actor=None, case=case, reason="đo thời gian (bench)",
                   public_concern=not case.public_concern)


def province_size() -> str:
    from congminh.apps.cases.models import Case, CaseEvent

    return f"{Case.objects.count():,} cases, {CaseEvent.objects.count():,} events"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--size", choices=("XS", "S", "P"), default="S")
    ap.add_argument("--reuse", default="", help="data directory: built the first time, reused after")
    ap.add_argument("--users", default=",".join(USERS))
    ap.add_argument("--pages", default="", help="comma-separated parts of the paths to keep "
                    "(the case list is always measured)")
    ap.add_argument("--repeat", type=int, default=5, help="timed requests per page and user")
    ap.add_argument("--growth", default="XS", help="smaller size to compare query counts with ('' skips)")
    ap.add_argument("--slow", type=float, default=3.0, help="ratio to /cases/ reported as slow")
    ap.add_argument("--after-write", action="store_true",
                    help="time the first request after a write to one case (caches missed)")
    ap.add_argument("--counts-only", action="store_true", help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.counts_only:
        counts_only(args)
        return

    base = Path(args.reuse) if args.reuse else Path(tempfile.mkdtemp(prefix="congminh-oversight-"))
    build(base, args.size)
    small: dict[str, list[Any]] = {}
    if args.growth:
        small = growth_counts(args, base)
    django_setup(base)
    from django.utils import timezone

    print(f"province: {args.size}, {province_size()}; data directory {base}")
    year = timezone.localdate().year
    users = clients(args.users.split(","))
    rows: list[dict[str, Any]] = []
    for user, client in users.items():
        for path, query in chosen_pages(year, args.pages):
            url = url_of(path, query)
            client.get(url)  # warm: templates, caches, the connection
            status, n, runs, shapes = count_queries(client, url)
            # The page and the same user's case list alternate, so that a load coming and
            # going on the shared machine weighs on both sides of the ratio alike.
            times: list[float] = []
            base_times: list[float] = []
            for _ in range(args.repeat):
                for target, into in ((url, times), (BASELINE, base_times)):
                    if args.after_write:
                        write_one_case()
                    t = time.perf_counter()
                    client.get(target)
                    into.append((time.perf_counter() - t) * 1000)
            ms, base_ms = statistics.median(times), statistics.median(base_times)
            rows.append({"user": user, "path": path, "query": query, "url": url, "status": status,
                         "ms": ms, "base": base_ms, "ratio": ms / base_ms, "queries": n,
                         "runs": runs, "shapes": shapes, "small": small.get(f"{user} {url}")})
        print(f"  {user}: done", flush=True)

    small_label = f"q {args.growth}" if args.growth else ""
    print()
    print(f"{'page':<44} {'user':<9} {'HTTP':>4} {'median ms':>9} {'/cases/ ms':>10} {'ratio':>6} "
          f"{'queries':>7} {'max same':>8} {small_label:>6}")
    print("-" * 111)
    for r in sorted(rows, key=lambda r: (r["path"] != BASELINE, r["path"], r["query"], r["user"])):
        s = r["small"]
        print(f"{r['url'][:44]:<44} {r['user']:<9} {r['status']:>4} {r['ms']:>9.0f} {r['base']:>10.0f} {r['ratio']:>6.2f} "
              f"{r['queries']:>7} {r['runs']:>8} {s[1] if s else '':>6}")

    print()
    ok = [r for r in rows if r["status"] == 200 and r["path"] != BASELINE]
    worst = max(ok, key=lambda r: r["ratio"], default=None)
    if worst:
        print(f"largest ratio to /cases/: {worst['ratio']:.2f}x, {worst['url']} as {worst['user']}")
    slow = [r for r in ok if r["ratio"] > args.slow]
    print(f"slower than {args.slow:g}x the same user's /cases/: "
          + ("none" if not slow else ""))
    for r in sorted(slow, key=lambda r: -r["ratio"]):
        print(f"  {r['ratio']:6.2f}x {r['ms']:7.0f} ms  {r['url']}  ({r['user']})")
    grown = [r for r in rows if r["small"] and r["small"][0] == r["status"] == 200
             and r["queries"] > r["small"][1]]
    if args.growth:
        print(f"query count higher than on {args.growth}: " + ("none" if not grown else ""))
        for r in sorted(grown, key=lambda r: r["small"][1] - r["queries"]):
            print(f"  {r['small'][1]:4} -> {r['queries']:4}  {r['url']}  ({r['user']})")
            before = r["small"][3]
            for sql, k in r["shapes"].items():
                if k > before.get(sql, 0):
                    print(f"         {before.get(sql, 0)} -> {k}x {sql[:150]}")
    repeated = [r for r in rows if r["status"] == 200 and r["runs"] >= 10]
    print("one query shape run 10 times or more in a request: " + ("none" if not repeated else ""))
    for r in sorted(repeated, key=lambda r: -r["runs"]):
        top = r["shapes"].most_common(1)[0][0]
        print(f"  {r['runs']:4}x  {r['url']}  ({r['user']}): {top[:150]}")
    refused = sorted({(r["url"], r["user"], r["status"]) for r in rows if r["status"] != 200})
    if refused:
        print("not 200 (not timed against the list): "
              + "; ".join(f"{u} {s} for {n}" for u, n, s in refused))


if __name__ == "__main__":
    main()
