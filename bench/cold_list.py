"""The case list of each scope the first time after a write, this tree against a baseline
tree in the same run (issue #12: the provincial court's list, a scope of 41 courts).

    PYTHONPATH=src .venv/bin/python bench/cold_list.py --data-dir /tmp/courtlist-p \\
        --baseline-src /work/main/src --rounds 3
    # the dashboard and the list right after a write to one case of the scope:
    ... bench/cold_list.py --states write --pages dashboard,list --users noichinh,toaan,vks,congan
    # the same on a PostgreSQL province (`--data-dir`: the data directory it was loaded with):
    ... bench/cold_list.py --pg congminh_p --data-dir /tmp/p-pg --states write,warm --pages dashboard,list

On a copy of a demo province, each tree runs in its own process (`PYTHONPATH=<tree>/src`),
the two alternated `--rounds` times, with Django's test client signed in as each user.
Per user and list (`/cases/`, sorted by next due date, page 50; `--pages` also the dashboard,
page 2,000, the summons list and the absence rates) it times the request, wall
and CPU (`time.process_time`: SQLite runs in the process, so its work counts, not the
waits for a loaded machine's cores), with the cache emptied before it (`--repeat` times:
counts, filters and body computed afresh), right after a write to one case the user reads
(`write`: its status flipped by an UPDATE committed from this process, which the
database's triggers count as any writer's; the page was served warm before it) and warm,
as `--states` asks. It prints the medians per tree and the ratio this tree / baseline.
Times are printed, never asserted.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from case_page import timed  # noqa: E402  (a sibling bench script)

USERS = "toaan,toaankv1,noichinh,vks,congan,thads"
LISTS = {"list": "/cases/", "by next due": "/cases/?sort=-next_due", "page 50": "/cases/?page=50",
         "page 2000": "/cases/?page=2000",
         "dashboard": "/", "summonses": "/attendance/", "absence rates": "/attendance/rates/"}
STATES = ("cold", "write", "warm")


def child(users: list[str], repeat: int, pages: list[str], states: list[str]) -> None:
    """Measure in this process (the tree on PYTHONPATH) and print one JSON object."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congminh.settings")
    import django

    django.setup()
    from django.core.cache import cache
    from django.test import Client

    from congminh.apps.accounts.models import User
    from congminh.apps.cases.models import Case
    from congminh.apps.cases.selectors import case_scope

    flip = iter(["suspended", "on_time"] * 1000)
    out: dict[str, dict[str, list[float]]] = {}
    for username in users:
        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user)
        client.get("/")  # the session and the process's first-request costs
        # A case the user reads, held by a body other than its own when there is one.
        mine = case_scope(user).exclude(holder_id=user.organisation_id).order_by("-id").first() \
            or case_scope(user).order_by("-id").first()
        found: dict[str, list[float]] = {}
        for label in pages:
            path = LISTS[label]
            for state in states:
                for _ in range(repeat):
                    if state == "cold":
                        cache.clear()
                    elif state == "write" and mine is not None:
                        client.get(path)  # warm, then one write (autocommit) to a case it shows
                        Case.objects.filter(pk=mine.pk).update(status=next(flip))
                    wall, cpu = timed(client, path)
                    found.setdefault(f"{label}, {state}", []).append(wall)
                    found.setdefault(f"{label}, {state} CPU", []).append(cpu)
        out[username] = found
    print(json.dumps(out))


def run_tree(src: str, args: argparse.Namespace) -> dict[str, Any]:
    env = dict(os.environ, PYTHONPATH=src, CONGMINH_DATA_DIR=str(args.data_dir), CONGMINH_DEBUG="0",
               CONGMINH_ALLOWED_HOSTS="testserver", CONGMINH_LOG_LEVEL="ERROR")
    for name in ("DATABASE_URL", "CONGMINH_CACHE_URL", "CONGMINH_SQLITE_PATH"):
        env.pop(name, None)
    if args.pg:  # the province in this PostgreSQL database (its secret key, media: --data-dir)
        env["DATABASE_URL"] = f"postgres://postgres@127.0.0.1:5432/{args.pg}"
    cmd = [sys.executable, str(Path(__file__).resolve()), "--child", "--users", ",".join(args.users),
           "--repeat", str(args.repeat), "--pages", ",".join(args.pages), "--states", ",".join(args.states)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{src}: {done.stderr[-3000:]}")
    return dict(json.loads(done.stdout.strip().splitlines()[-1]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data-dir", type=Path, default=Path("/tmp/congminh-pages-P"))
    parser.add_argument("--pg", default="", help="a PostgreSQL database holding the province (not copied: "
                        "the writes are status flips of a few cases); empty: the SQLite one in --data-dir")
    parser.add_argument("--baseline-src", default="", help="the baseline tree's src (e.g. main's)")
    parser.add_argument("--users", default=USERS)
    parser.add_argument("--repeat", type=int, default=3, help="requests of each list, cold and warm")
    parser.add_argument("--rounds", type=int, default=2, help="alternations of the trees")
    parser.add_argument("--pages", default="list,by next due,page 50", help=f"among {', '.join(LISTS)}")
    parser.add_argument("--states", default="cold,warm", help=f"among {', '.join(STATES)}")
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    args.users = [u.strip() for u in args.users.split(",") if u.strip()]
    args.pages = [p.strip() for p in args.pages.split(",") if p.strip() in LISTS]
    args.states = [s.strip() for s in args.states.split(",") if s.strip() in STATES]
    if args.child:
        child(args.users, args.repeat, args.pages, args.states)
        return
    trees = {"baseline": args.baseline_src} if args.baseline_src else {}
    trees["this tree"] = str(ROOT / "src")
    results: dict[str, list[dict[str, Any]]] = {name: [] for name in trees}
    for round_ in range(args.rounds):
        for name, src in trees.items():
            print(f"round {round_ + 1}: {name} ({src})", file=sys.stderr, flush=True)
            results[name].append(run_tree(src, args))
    print(f"\n{'user':9} {'list (ms)':20} " + " ".join(f"{t:>10}" for t in trees)
          + ("   ratio" if len(trees) == 2 else ""))
    for user in args.users:
        for measure in results["this tree"][0][user]:
            values = [statistics.median([v for run in results[t] for v in run[user][measure]]) for t in trees]
            ratio = f"   {values[1] / values[0]:.2f}" if len(values) == 2 and values[0] else ""
            print(f"{user:9} {measure:20} " + " ".join(f"{v:>10.0f}" for v in values) + ratio)


if __name__ == "__main__":
    main()
