"""What the national screens (`apps/national`) cost over a results directory of
`congminh national evaluate` (issue #14), with the index written beside the results
(`congminh.core.exchange.index`) against a scan of the results per request (how the
screens read them before the index), in the same run.

    .venv/bin/congminh demo generate-nation --provinces 34 --cases 6000 -o /tmp/nation
    .venv/bin/congminh national evaluate --as-of 2026-11-30 /tmp/nation -o /tmp/results
    .venv/bin/python bench/national_screens.py /tmp/results [--data /tmp/nation] [--repeat 5]

Prints, in milliseconds (median of `--repeat`), for each screen read: the scan (every
`cases` file of the provinces read, joined with their clocks, filtered and sorted: what a
request paid before), the index (the counts written beside each partition; a page read
from the list files of its provinces and statuses only), and their ratio (scan / index:
higher is better); each page is checked to be the scan's. Times are printed, never
asserted.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

PAGE = 25


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
    import pyarrow as pa
    import pyarrow.dataset as ds

    from congminh.apps.national import exports, results
    from congminh.core.exchange import index
    from congminh.core.exchange.national import open_results
    from congminh.core.exchange.totals import case_groups, read_groups

    root, repeat = args.results, args.repeat
    index.refresh_index(root)  # results of an older version: indexed once, before the clock

    def cold() -> None:
        results._summary.cache_clear()
        results._listed.clear()

    def scan_counts() -> Any:
        return case_groups(open_results(root, "cases").to_table())

    def scan_page(chosen: results.CaseFilter, order: list[tuple[str, str]], offset: int) -> Any:
        """The list read as before the index: the provinces' cases (the measure's statuses)
        and all their clocks, joined, filtered, sorted, then the page sliced."""
        where: Any = ds.field("province").isin(list(chosen.provinces))
        counted = chosen.measure.statuses
        statuses: Any = ds.field("status").isin(sorted(counted)) if counted else ds.scalar(True)
        tables = []
        for province in chosen.provinces:
            mine = ds.field("province") == province
            cases = open_results(root, "cases").to_table(filter=mine & statuses)
            clocks = open_results(root, "obligations").to_table(filter=mine)
            rows = index.list_rows(cases, clocks)
            tables.append(rows.append_column("province", pa.repeat(province, rows.num_rows).cast(pa.string())))
        table: Any = pa.concat_tables(tables).filter(chosen.where() & where)
        keys = [(f, d, "at_end") for f, d in order] + [("province", "ascending", "at_end")]
        return table.sort_by(keys).slice(offset, PAGE)

    def index_page(chosen: results.CaseFilter, order: list[tuple[str, str]], offset: int) -> Any:
        return results.Rows(root, chosen, order).page(offset, PAGE)

    summary = results.summary(root)
    cases = sum(g.cases for g in summary.groups)
    provinces = tuple(sorted({g.province for g in summary.groups}))
    first = provinces[0]
    holder = next(g.holder for g in summary.groups if g.province == first)
    print(f"{root}: {cases:,} cases, {len(provinces)} provinces, {len(summary.groups):,} count groups")
    by_days = [("days_over", "descending"), ("case_id", "descending")]
    overdue = results.MEASURES["overdue"]
    nation_overdue = results.CaseFilter(provinces, measure=overdue)
    overdue_cases = sum(g.cases for g in summary.groups if nation_overdue.keeps(g))
    deep = (overdue_cases // PAGE // 2) * PAGE
    last = (overdue_cases - 1) // PAGE * PAGE
    lists = [
        (f"province {first} list, page 1", results.CaseFilter((first,)), 0),
        (f"body {holder} overdue list, page 1", results.CaseFilter((first,), holder=holder, measure=overdue), 0),
        ("nation's overdue list, page 1", nation_overdue, 0),
        (f"nation's overdue list, middle page (row {deep:,})", nation_overdue, deep),
        (f"nation's overdue list, last page (row {last:,})", nation_overdue, last),
        ("nation's list of all cases, page 1", results.CaseFilter(provinces), 0),
    ]
    rows: list[tuple[str, float, float, float | None]] = [("counts per province, cold",
             _ms(scan_counts, repeat), _ms(lambda: read_groups(root), repeat),
             _ms(lambda: results.summary(root), repeat, cold))]
    for label, chosen, offset in lists:
        got = index_page(chosen, by_days, offset)
        want = scan_page(chosen, by_days, offset)
        same = [(r["province"], r["case_id"]) for r in got] == list(zip(
            want["province"].to_pylist(), want["case_id"].to_pylist(), strict=True))
        rows.append((label + ("" if same else " (PAGES DIFFER)"),
                     _ms(lambda c=chosen, o=offset: scan_page(c, by_days, o), repeat),  # type: ignore[misc]
                     _ms(lambda c=chosen, o=offset: index_page(c, by_days, o), repeat), None))  # type: ignore[misc]
    print(f"  {'':<52} {'scan ms':>9} {'index ms':>9} {'ratio':>7}")
    for label, scan, indexed, summary_ms in rows:
        print(f"  {label:<52} {scan:9.1f} {indexed:9.1f} {scan / indexed:7.1f}x")
        if summary_ms is not None:
            print(f"  {'  the screens summary from the counts, cold':<52} {'':>9} {summary_ms:9.1f}")
    if args.data:
        page = [r["case_id"] for r in index_page(results.CaseFilter((first,)), by_days, 0)]
        print(f"  {'a page exchanged records (25 cases)':<52} {'':>9} "
              f"{_ms(lambda: exports.records([args.data], first, page), repeat):9.1f}")


if __name__ == "__main__":
    main()
