"""The quarterly review and the dashboard on a demo province (issue #11.6), against the
straightforward way of computing the same totals.

    .venv/bin/python bench/reports.py                          # S province in a temp dir
    .venv/bin/python bench/reports.py --size P --reuse /tmp/rp  # the issue's measurement

The province is built as `bench/oversight_lists.py` builds it (`--reuse DIR` builds once).
Measured in one process, as the Procuracy's provincial user `vks` (the review's owner),
for the last quarter that ended (the Procuracy's year starts on 1 December):

- review, first computation: `selectors.quarterly_review` with an empty cache (reads the
  logs as of now, evaluates every case twice on the bulk path);
- review page, XLSX export, dashboard: the pages through Django's test client, after one
  warm-up request (the review as of now is then cached until something is recorded);
- baseline: what a straightforward implementation does for the same totals — each case of
  the scope read through the ORM (`cases.services.law_input`) and evaluated by the
  single-case engine at the period's end and the day before its start — timed on a
  random sample of `--sample` cases and scaled to the scope's size (said so in the output).

Printed: medians in milliseconds and the ratio of the baseline to each way. Nothing is
asserted; times depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from oversight_lists import build, django_setup  # noqa: E402  (a sibling bench script)

USER = "vks"


def median_ms(fn: Any, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def baseline_ms(user: Any, period: Any, sample: int) -> tuple[float, int, int]:
    """(estimated ms for the whole scope, cases in the scope, cases timed)."""
    from congminh.apps.accounts import scope
    from congminh.apps.cases.services import law_input
    from congminh.core.law.evaluate import evaluate_case

    ids = list(scope.readable_cases(user).values_list("id", flat=True))
    chosen = random.Random(7).sample(ids, min(sample, len(ids)))
    from congminh.apps.cases.models import Case

    before = period.start - dt.timedelta(days=1)
    started = time.perf_counter()
    for case in Case.objects.filter(pk__in=chosen):
        payload = law_input(case)
        evaluate_case(payload, period.end, period_end=period.end)
        evaluate_case(payload, before, period_end=before)
    spent = (time.perf_counter() - started) * 1000
    return spent / max(len(chosen), 1) * len(ids), len(ids), len(chosen)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="S", choices=("XS", "S", "P"))
    parser.add_argument("--reuse", help="build the province here once, reuse it after")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sample", type=int, default=300)
    args = parser.parse_args()
    base = Path(args.reuse) if args.reuse else Path(tempfile.mkdtemp(prefix="reports-bench-"))
    build(base, args.size)
    django_setup(base)

    from django.core.cache import cache
    from django.test import Client
    from django.utils import timezone

    from congminh.apps.accounts.models import User
    from congminh.apps.reports import selectors
    from congminh.core.periods import last_ended

    user = User.objects.get(username=USER)
    period = last_ended("quarterly", timezone.localdate(), year_start_month=12)
    client = Client()
    client.force_login(user)
    query = f"?period={period.code}&calendar=procuracy"

    cache.clear()
    started = time.perf_counter()
    result = selectors.quarterly_review(user=user, period=period)
    cold = (time.perf_counter() - started) * 1000
    cases = len(result.review.facts)

    pages = {
        "review page": "/reports/quarterly/" + query,
        "review XLSX": "/reports/quarterly/export.xlsx" + query,
        "dashboard": "/",
    }
    warm: dict[str, float] = {}
    for name, url in pages.items():
        assert client.get(url).status_code == 200, url
        warm[name] = median_ms(lambda url=url: client.get(url), args.repeat)
    naive, scope_size, timed = baseline_ms(user, period, args.sample)

    print(f"\n{args.size} province, user {USER}, {period.label_vi} ({period.code}): "
          f"{scope_size:,} cases in scope, {cases:,} counted by the review")
    print(f"{'way':32} {'ms':>10} {'baseline ÷ way':>15}")
    print(f"{'baseline (per case, ORM + engine)':32} {naive:10.0f} {'1.0':>15}   "
          f"(timed on {timed} cases, scaled to {scope_size:,})")
    print(f"{'review, first computation':32} {cold:10.0f} {naive / cold:15.1f}")
    for name, ms in warm.items():
        print(f"{name + ', median':32} {ms:10.0f} {naive / ms:15.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
