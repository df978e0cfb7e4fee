"""The first XLSX of a process whose review is loaded (issue #11.6), the garbage collector
running during the export (before) and paused (after, `export.review_workbook`), alternated
in one run; medians printed.

    .venv/bin/python bench/reports_first_xlsx.py --reuse /tmp/rep-P   # a province bench/reports.py built

Each time: the process's snapshots dropped (`snapshot.forget`), the review of `vks` for the
last ended quarter loaded (its snapshot file read, its scope counted), then the XLSX
requested through Django's test client. The snapshot file must exist (bench/reports.py
writes it)."""

from __future__ import annotations

import argparse
import contextlib
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from oversight_lists import django_setup  # noqa: E402  (a sibling bench script)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", required=True, help="the data directory of a built province")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    django_setup(Path(args.reuse))

    from django.test import Client
    from django.utils import timezone

    from congminh.apps.accounts.models import User
    from congminh.apps.reports import selectors, snapshot
    from congminh.core.periods import last_ended

    user = User.objects.get(username="vks")
    period = last_ended("quarterly", timezone.localdate(), year_start_month=12)
    client = Client()
    client.force_login(user)
    client.get("/login/")  # the first request imports every view
    url = f"/reports/quarterly/export.xlsx?period={period.code}&calendar=procuracy"
    paused = snapshot.no_gc
    times: dict[str, list[float]] = {"collector running (before)": [], "collector paused (after)": []}
    for _ in range(args.repeat):
        for name in times:
            snapshot.forget()
            selectors.quarterly_review(user=user, period=period)
            snapshot.no_gc = paused if "paused" in name else contextlib.nullcontext  # type: ignore[assignment]
            try:
                started = time.perf_counter()
                assert client.get(url).status_code == 200
                times[name].append((time.perf_counter() - started) * 1000)
            finally:
                snapshot.no_gc = paused
    for name, ms in times.items():
        print(f"{name:28} first XLSX, review loaded: median {statistics.median(ms):6.0f} ms "
              f"(each: {', '.join(f'{m:.0f}' for m in ms)})")
    before, after = (statistics.median(v) for v in times.values())
    print(f"before ÷ after {before / after:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
