"""The case page and deep case-list pages in-process, this tree against a baseline tree in
the same run (issue #12.3).

    PYTHONPATH=src .venv/bin/python bench/case_page.py --data-dir /tmp/casepage-p \\
        --baseline-src /work/main/src --users noichinh,toaan --rounds 3

On a copy of a demo province (`bench/pages.py` builds one; `congminh migrate` is run on it
first by this tree), each tree runs in its own process (`PYTHONPATH=<tree>/src`), the two
alternated `--rounds` times, with Django's test client signed in as each user. Per user it
times, wall and CPU (`time.process_time`):

- the case page of `--cases` distinct cases the user reads, each the first time (the cache
  emptied before each: what a user opening a case from a list waits);
- the same case page again (`--repeat` times: a warm request);
- the case list's page `--deep` (default 2,000) with the cache emptied (counts included),
  then the page after it and the page before it (the pages a user reaches by «Next» and
  «Previous»), and the page `--deep` again with its neighbours cached but not its body;
- the SQL queries of a warm and a cold case page.

It prints the medians per tree and the ratio this tree / baseline. Times are printed,
never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def timed(client: Any, path: str) -> tuple[float, float]:
    """A GET of `path` by Django's test client: wall and CPU (`time.process_time`) ms."""
    wall, cpu = time.perf_counter(), time.process_time()
    response = client.get(path)
    assert response.status_code == 200, (path, response.status_code)
    return (time.perf_counter() - wall) * 1000, (time.process_time() - cpu) * 1000


def child(args: argparse.Namespace) -> None:
    """Measure in this process (the tree on PYTHONPATH) and print one JSON object."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congminh.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    from congminh.apps.accounts import scope
    from congminh.apps.accounts.models import User

    def queries(client: Client, path: str) -> int:
        seen: list[str] = []
        with connection.execute_wrapper(lambda execute, sql, *rest: seen.append(sql) or execute(sql, *rest)):
            client.get(path)
        return len(seen)

    out: dict[str, Any] = {}
    for username in args.users:
        user = User.objects.select_related("organisation").get(username=username)
        client = Client()
        client.force_login(user)
        ids = list(scope.readable_cases(user).order_by("id").values_list("id", flat=True))
        step = max(1, len(ids) // args.cases)
        chosen = ids[step // 2::step][:args.cases]
        cold, warm = [], []
        for pk in chosen:
            cache.clear()
            client.get("/cases/")  # the frame's own cached parts (menu, session) warm again
            cold.append(timed(client, f"/cases/{pk}/"))
        for _ in range(args.repeat):
            warm.append(timed(client, f"/cases/{chosen[0]}/"))
        warm_queries = queries(client, f"/cases/{chosen[0]}/")
        cache.clear()
        client.get("/cases/")
        cold_queries = queries(client, f"/cases/{chosen[1]}/")
        deep = args.deep
        cache.clear()
        deep_cold = timed(client, f"/cases/?page={deep}")
        after = timed(client, f"/cases/?page={deep + 1}")
        before = timed(client, f"/cases/?page={deep - 1}")
        client.get("/cases/?page=1")  # warm the frame after the next clear
        out[username] = {
            "cases": len(ids),
            "cold": [w for w, _ in cold], "cold_cpu": [c for _, c in cold],
            "warm": [w for w, _ in warm], "warm_cpu": [c for _, c in warm],
            "queries_warm": warm_queries, "queries_cold": cold_queries,
            "deep_cold": deep_cold[0], "deep_next": after[0], "deep_previous": before[0],
        }
    print(json.dumps(out))


def run_tree(src: str, args: argparse.Namespace) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=src, CONGMINH_DATA_DIR=str(args.data_dir), CONGMINH_DEBUG="0",
               CONGMINH_ALLOWED_HOSTS="testserver,127.0.0.1", CONGMINH_LOG_LEVEL="ERROR")
    env.pop("DATABASE_URL", None)
    env.pop("CONGMINH_CACHE_URL", None)
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", "--users", ",".join(args.users),
           "--cases", str(args.cases), "--repeat", str(args.repeat), "--deep", str(args.deep)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{src}: {done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def report(results: dict[str, list[dict[str, Any]]], users: list[str]) -> None:
    trees = list(results)
    print(f"\n{'user':10} {'measure':32} " + " ".join(f"{t:>14}" for t in trees)
          + ("   ratio" if len(trees) == 2 else ""))
    measures = [("case page, first time (ms)", "cold"), ("  its CPU (ms)", "cold_cpu"),
                ("case page, again (ms)", "warm"), ("  its CPU (ms)", "warm_cpu"),
                ("queries, first time", "queries_cold"), ("queries, again", "queries_warm"),
                (f"list page {ARGS.deep}, cold (ms)", "deep_cold"),
                (f"list page {ARGS.deep + 1}, next (ms)", "deep_next"),
                (f"list page {ARGS.deep - 1}, previous (ms)", "deep_previous")]
    for user in users:
        for label, key in measures:
            values = []
            for tree in trees:
                found: list[float] = []
                for run in results[tree]:
                    value = run[user][key]
                    found.extend(value if isinstance(value, list) else [value])
                values.append(statistics.median(found))
            ratio = f"   {values[1] / values[0]:.2f}" if len(values) == 2 and values[0] else ""
            print(f"{user:10} {label:32} " + " ".join(f"{v:>14.1f}" for v in values) + ratio)


ARGS = argparse.Namespace()


def main() -> None:
    global ARGS
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/congminh-pages-P"))
    parser.add_argument("--baseline-src", default="", help="the baseline tree's src (e.g. main's)")
    parser.add_argument("--users", default="noichinh,toaan")
    parser.add_argument("--cases", type=int, default=15, help="distinct cases opened cold per user")
    parser.add_argument("--repeat", type=int, default=30, help="warm requests of one case page")
    parser.add_argument("--deep", type=int, default=2000, help="the deep list page")
    parser.add_argument("--rounds", type=int, default=2, help="alternations of the trees")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.users = [u.strip() for u in args.users.split(",") if u.strip()]
    ARGS = args
    if args.child:
        child(args)
        return
    here = str(ROOT / "src")
    env = dict(os.environ, PYTHONPATH=here, CONGMINH_DATA_DIR=str(args.data_dir))
    env.pop("DATABASE_URL", None)
    subprocess.run([sys.executable, "-m", "congminh", "migrate", "--noinput", "-v", "0"], env=env, check=True)
    trees = {"baseline": args.baseline_src} if args.baseline_src else {}
    trees["this tree"] = here
    results: dict[str, list[dict[str, Any]]] = {name: [] for name in trees}
    for round_ in range(args.rounds):
        for name, src in trees.items():
            print(f"round {round_ + 1}: {name} ({src})", file=sys.stderr, flush=True)
            results[name].append(run_tree(src, args))
    report(results, args.users)


if __name__ == "__main__":
    main()
