"""The data-version query of a province-wide scope: its ~400 bodies named one by one (as
before migration cases 0010) against its province named once (`cases.counts.read_set`).

    PYTHONPATH=src CONGMINH_DATA_DIR=/tmp/congminh-pages-S .venv/bin/python bench/versions.py
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/congminh_bench ... bench/versions.py

Runs on the database of the environment (a demo province, `bench/pages.py` builds one),
for the user `--user` (default `noichinh`, who reads the whole province): the median and
best wall time of one version query over `--rounds` rounds of `--calls` calls each, the
two forms alternated, and their ratio. Both forms give a version that moves with any
write to a body in the scope; times are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congminh.settings")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--user", default="noichinh")
    parser.add_argument("--calls", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=7)
    args = parser.parse_args()

    import django

    django.setup()
    from django.db import connection

    from congminh.apps.accounts import scope
    from congminh.apps.accounts.models import User
    from congminh.apps.cases import counts, dbobjects

    user = User.objects.select_related("organisation").get(username=args.user)
    bodies = scope.case_read_bodies(user) or []
    chosen = counts.read_set(bodies)
    assert chosen is not None
    forms = {"bodies": lambda: dbobjects.versions(connection, bodies),
             "province": lambda: dbobjects.versions(connection, chosen.bodies, chosen.provinces)}
    times: dict[str, list[float]] = {name: [] for name in forms}
    for _ in range(args.rounds):
        for name, call in forms.items():
            started = time.perf_counter()
            for _ in range(args.calls):
                call()
            times[name].append((time.perf_counter() - started) * 1e6 / args.calls)
    print(f"{connection.vendor}: {args.user} reads {len(bodies)} bodies; read set: {len(chosen.bodies)} bodies "
          f"+ provinces {list(chosen.provinces)}")
    for name, found in times.items():
        print(f"  {name:9} median {statistics.median(found):8.1f} µs  best {min(found):8.1f} µs per query")
    ratio = statistics.median(times["bodies"]) / statistics.median(times["province"])
    print(f"  ratio bodies / province (medians): {ratio:.1f}×")


if __name__ == "__main__":
    main()
