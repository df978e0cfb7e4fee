"""What the national screens (`apps/national`) cost over a results directory of
`congminh national evaluate` (issue #14, item 4).

    .venv/bin/congminh demo generate-nation --provinces 34 --cases 1500 -o /tmp/nation
    .venv/bin/congminh national evaluate --as-of 2026-11-30 /tmp/nation -o /tmp/results
    .venv/bin/python bench/national_screens.py /tmp/results [--data /tmp/nation] [--repeat 5]

Prints, in milliseconds (median of `--repeat`): the counts read cold (the whole `cases`
table scanned and grouped, once per version of the directory) and warm (what a dashboard
request pays: the cached counts summed per province), a province's case list cold (its
partitions read and joined with its clocks) and warm (filtered and sorted from the cached
table), the nation's overdue list (every province), and with `--data` the exchanged records
of one page. Times are printed, never asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def _ms(fn: Callable[[], Any], repeat: int, before: Callable[[], None] = lambda: None) -> float:
    times = []
    for _ in range(repeat):
        before()
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("results", type=Path)
    parser.add_argument("--data", type=Path, default=None)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congminh.settings")
    import django

    django.setup()
    from congminh.apps.national import exports, results

    root, repeat = args.results, args.repeat

    def cold() -> None:
        results._summary.cache_clear()
        results._province_cases.cache_clear()
        results._listed.clear()

    summary = results.summary(root)
    cases = sum(g.cases for g in summary.groups)
    provinces = sorted({g.province for g in summary.groups})
    first = provinces[0]
    measures = [results.ALL, results.OPEN, *results.STATUS_MEASURES, results.PROLONGED]
    print(f"{root}: {cases:,} cases, {len(provinces)} provinces, {len(summary.groups):,} count groups")
    rows = [
        ("counts, cold", _ms(lambda: results.summary(root), repeat, cold)),
        ("counts, warm + tally per province",
         _ms(lambda: results.tally(results.summary(root).groups, lambda g: g.province, measures), repeat)),
        (f"province {first} list, cold",
         _ms(lambda: results.case_list(root, provinces=[first]), repeat,
             results._province_cases.cache_clear)),
        (f"province {first} list, warm",
         _ms(lambda: results.case_list(root, provinces=[first]), repeat)),
        ("nation's overdue list",
         _ms(lambda: results.case_list(root, provinces=provinces, measure=results.MEASURES["overdue"]),
             repeat)),
    ]
    if args.data:
        page = results.case_list(root, provinces=[first]).slice(0, 25)["case_id"].to_pylist()
        rows.append(("a page's exchanged records (25 cases)",
                     _ms(lambda: exports.records([args.data], first, page), repeat)))
    for label, ms in rows:
        print(f"  {label:<45} {ms:9.1f} ms")


if __name__ == "__main__":
    main()
