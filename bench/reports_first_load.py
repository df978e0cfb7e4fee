"""A fresh process's first review page and first XLSX (issue #11.6) as main made them
(before: the review's snapshot file in one piece, format 4 with the lists' XLSX rows
inside; the pickled entries' state set by a loop over their fields; the scope's readable
ids through Django's row iterator) and as now (after: format 5, the rows in a file of their
own read on the first export; a state setter written out per field, `review.quick_pickling`;
the ids read through the cursor, `congminh.sql.ids_of`), alternated in one run on the same
data; medians and bests printed with their ratios.

    .venv/bin/python bench/reports_first_load.py --reuse /tmp/rep-P   # a province bench/reports.py built

The files are written under --work (the province's own snapshot directory is only read):
before, the last ended quarter's file of the province's directory as it is (or, when it is
split, written in one file); after, the same snapshot saved by `snapshot.save`. Each time:
the process's snapshots dropped (`snapshot.forget`, the garbage collector's frozen objects
too), then through Django's test client either the page and then the XLSX, or the XLSX
first."""

from __future__ import annotations

import argparse
import gc
import pickle
import shutil
import statistics
import sys
import time
from dataclasses import fields, replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from oversight_lists import django_setup  # noqa: E402  (a sibling bench script)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--reuse", required=True, help="the data directory of a built province")
    parser.add_argument("--work", default="/tmp/bench-reports-first-load", help="where the files are written")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    django_setup(Path(args.reuse))

    from django.conf import settings
    from django.test import Client
    from django.utils import timezone

    from congminh.apps.accounts.models import User
    from congminh.apps.reports import selectors, snapshot
    from congminh.apps.reports.review import CaseFacts
    from congminh.core.periods import last_ended
    from congminh.sql import ids_of

    def looped(cls: Any) -> Any:
        setters = tuple(getattr(cls, f.name).__set__ for f in fields(cls))

        def setstate(self: Any, state: Any) -> None:
            for setter, value in zip(setters, state, strict=True):
                setter(self, value)

        return setstate

    code = {"now": {cls: cls.__setstate__ for cls in (CaseFacts, snapshot.Entry, snapshot.Block)},
            "main": {cls: looped(cls) for cls in (CaseFacts, snapshot.Entry, snapshot.Block)}}

    def as_in(which: str) -> None:
        for cls, setstate in code[which].items():
            cls.__setstate__ = setstate
        selectors.ids_of = ids_of if which == "now" else (  # type: ignore[assignment]
            lambda qs: list(qs.values_list("pk", flat=True)))

    user = User.objects.get(username="vks")
    period = last_ended("quarterly", timezone.localdate(), year_start_month=12)
    key = (period.code, period.year_start_month, period.end)
    work = Path(args.work)
    dirs = {"one file (before)": work / "before", "rows apart (after)": work / "after"}
    for folder in dirs.values():
        shutil.rmtree(folder, ignore_errors=True)
        folder.mkdir(parents=True)
    settings.REVIEW_SNAPSHOT_DIR = Path(args.reuse) / "snapshots"
    source = snapshot._load(key)
    assert source is not None, "no snapshot file of the last ended quarter: run bench/reports.py first"
    snapshot.rows_loaded(source)
    assert source.presented, "the file keeps no rows: run the daily job (bench/reports.py does)"
    settings.REVIEW_SNAPSHOT_DIR = dirs["rows apart (after)"]
    snapshot.save(source)
    one_file = replace(source, pending=None)
    for name in ("pending", "rows_token"):
        del one_file.__dict__[name]
    before_path = dirs["one file (before)"] / snapshot._file(key).name
    with before_path.open("wb") as out:
        pickle.dump((4, snapshot._fingerprint(source.version), one_file), out, protocol=pickle.HIGHEST_PROTOCOL)
    after_path = dirs["rows apart (after)"] / snapshot._file(key).name
    sizes = {"one file (before)": before_path.stat().st_size / 1e6,
             "rows apart (after)": after_path.stat().st_size / 1e6}
    rows_mb = snapshot._rows_file(after_path).stat().st_size / 1e6
    del source, one_file

    client = Client()
    client.force_login(user)
    client.get("/login/")  # the first request imports every view
    query = f"?period={period.code}&calendar=procuracy"
    page, xlsx = "/reports/quarterly/" + query, "/reports/quarterly/export.xlsx" + query
    measures = ("first page", "then XLSX", "first XLSX", "file loaded alone")
    times: dict[str, dict[str, list[float]]] = {name: {m: [] for m in measures} for name in dirs}

    def fresh() -> None:
        snapshot.forget()
        gc.unfreeze()
        gc.collect()

    def timed(url: str) -> float:
        started = time.perf_counter()
        assert client.get(url).status_code == 200, url
        return (time.perf_counter() - started) * 1000

    for _ in range(args.repeat):
        for name, folder in dirs.items():
            settings.REVIEW_SNAPSHOT_DIR = folder
            as_in("main" if "before" in name else "now")
            fresh()
            times[name]["first page"].append(timed(page))
            times[name]["then XLSX"].append(timed(xlsx))
            fresh()
            times[name]["first XLSX"].append(timed(xlsx))
            fresh()
            started = time.perf_counter()
            with snapshot.no_gc():
                assert snapshot._load(key) is not None
            times[name]["file loaded alone"].append((time.perf_counter() - started) * 1000)
    print(f"{period.label_vi}, user vks; the snapshot file {sizes['one file (before)']:.1f} MB before, "
          f"{sizes['rows apart (after)']:.1f} MB + rows' file {rows_mb:.1f} MB after")
    for label, pick in (("median ms", statistics.median), ("best ms", min)):
        print(f"{label:34}" + "".join(f"{name:>22}" for name in dirs) + f"{'before ÷ after':>16}")
        for m in measures:
            before, after = (pick(times[name][m]) for name in dirs)
            print(f"{m:34}{before:22.0f}{after:22.0f}{before / after:16.2f}")
    for name in dirs:
        print(f"  {name}: " + "; ".join(f"{m} " + ", ".join(f"{t:.0f}" for t in times[name][m])
                                        for m in measures))
    return 0


if __name__ == "__main__":
    sys.exit(main())
