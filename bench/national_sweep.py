"""National sweep: `national evaluate` on a Dask LocalCluster vs the single-process bulk path
(issue #14, item 3).

    nice -n 19 .venv/bin/python bench/national_sweep.py --cases 1000000
    .venv/bin/python bench/national_sweep.py --cases 10000000 --memory-limit 3GiB --skip-single

For each N, in the same run:

- generation: a synthetic nation of N cases written as exchange Parquet
  (`congminh.core.exchange.nation`: P-size provinces of 200,000 cases, as many as N needs,
  at most 34, then larger ones), timed;
- Dask: `national_evaluate` with the address of a LocalCluster started here (`--workers`
  single-threaded worker processes, `--memory-limit` each, spilling past it): cases/s, and
  each worker's peak RSS (`ru_maxrss` read in the worker at the end); `--scheduler
  synchronous` runs the tasks one by one in this process instead (the peak is this
  process's);
- single process: the bulk law path (`evaluate_columns`, one process) over the same
  histories held as columns in memory, province by province (the generator's own columns;
  no Parquet read or written): cases/s and this process's peak RSS. `--skip-single` leaves
  it out (the sizes where it does not fit here);
- the same work in one process: `evaluate_partitions` over every task (`tasks`: a
  province's partitions together) one after the other in this process (the Parquet read,
  the results and lists written, as each Dask task does): its CPU seconds, so that the cost of reading and writing and the cost of
  distributing are told apart (`--skip-same` leaves it out).

Both sides start warm and alike: each worker has run the national path once over a small
nation before the clock (the engine's tables, and Arrow's Parquet reader and writer, whose
first partition in a process cost ~250 ms more, once per worker), this process has run the
bulk path (and the national path) the same way, and its allocator is tuned as the workers'
are (`MMAP_THRESHOLD`: without it the single process's large arrays were mapped and
unmapped each time, ~10% of its engine time).

The last lines give the ratio of the two throughputs (higher: Dask closer to the single
process), and the same-work CPU ratio (the national path in one process over the workers':
what distributing it costs, 1.0 when nothing). Times are wall-clock on a shared machine: compare ratios, not seconds. The CPU
ratio (the single process's CPU seconds over the workers', every thread counted) says how
much work the distributed path adds per case, whatever else the machine runs; the wall
ratio also counts its parallelism (at best 2 × the CPU ratio with 2 workers on 2 free cores).
"""

from __future__ import annotations

import argparse
import ctypes
import datetime as dt
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from congminh.apps.exchange.national import MMAP_THRESHOLD, local_cluster, national_evaluate  # noqa: E402
from congminh.core.exchange.nation import (  # noqa: E402
    SCALES,
    generate_nation,
    province_columns,
    provinces,
)
from congminh.core.exchange.national import evaluate_partitions, tasks  # noqa: E402
from congminh.core.exchange.read import export_dirs  # noqa: E402
from congminh.core.exchange.synthetic import generate  # noqa: E402
from congminh.core.law.bulk import evaluate_columns  # noqa: E402
from congminh.core.law.evaluate import Engine  # noqa: E402

AS_OF = dt.date(2026, 11, 26)


def peak_rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def cpu_seconds() -> float:
    """This process's CPU time, every thread's (Arrow's pool too)."""
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def shape(n: int) -> tuple[int, int]:
    """(provinces, cases per province) for N cases: P-size provinces, at most 34."""
    per = SCALES["P"]
    count = max(1, min(34, -(-n // per)))
    return count, -(-n // count)


def run_dask(data: Path, out: Path, workers: int, memory_limit: str, sample: Path,
             scheduler: str = "local") -> tuple[float, int, list[float], float]:
    """Wall seconds, cases, each worker's peak RSS, the workers' CPU seconds."""
    import logging

    if scheduler != "local":  # in this process: no cluster to start
        warm_national(sample)
        started, cpu = time.perf_counter(), cpu_seconds()
        run = national_evaluate(data_dirs=export_dirs([data]), as_of=AS_OF, out_dir=out,
                                scheduler=scheduler, workers=workers)
        return time.perf_counter() - started, run.cases, [peak_rss_mib()], cpu_seconds() - cpu

    from distributed import Client

    logging.getLogger("distributed").setLevel(logging.ERROR)
    with local_cluster(workers, memory_limit) as cluster, Client(cluster) as client:
        client.run(warm_national, sample)  # each worker's engine, tables and Parquet ready
        cpu = client.run(cpu_seconds)
        started = time.perf_counter()
        run = national_evaluate(data_dirs=export_dirs([data]), as_of=AS_OF, out_dir=out,
                                scheduler=cluster.scheduler_address)
        seconds = time.perf_counter() - started
        used = sum(after - cpu[worker] for worker, after in client.run(cpu_seconds).items())
        peaks = client.run(peak_rss_mib)
    return seconds, run.cases, sorted(peaks.values()), used


def warm() -> None:
    """The engine loaded and its bulk tables compiled (once per process)."""
    evaluate_columns(generate(2000, 1), AS_OF, engine=Engine.default())


def warm_national(sample: Path) -> None:
    """`warm`, then the national path run once over the small nation `sample` (its results
    thrown away): what a worker of a running cluster has done before."""
    warm()
    out = Path(tempfile.mkdtemp(prefix="national-warm-"))
    try:
        dirs = export_dirs([sample])
        for group in tasks(dirs):
            evaluate_partitions(dirs, group, AS_OF, out)
    finally:
        shutil.rmtree(out, ignore_errors=True)


def tune_allocator() -> None:
    """This process's glibc tuned as the workers' (`local_cluster`): the same allocator on
    both sides of the comparison (mallopt's M_TRIM_THRESHOLD -1, M_MMAP_THRESHOLD -3)."""
    libc = ctypes.CDLL("libc.so.6")
    libc.mallopt(-1, MMAP_THRESHOLD)
    libc.mallopt(-3, MMAP_THRESHOLD)


def run_same(data: Path, out: Path, sample: Path) -> float:
    """The CPU seconds of every partition's Dask task run in this process, one after the other."""
    warm_national(sample)
    dirs = export_dirs([data])
    shutil.rmtree(out, ignore_errors=True)
    cpu = cpu_seconds()
    for group in tasks(dirs):
        evaluate_partitions(dirs, group, AS_OF, out)
    return cpu_seconds() - cpu


def run_single(count: int, per: int, seed: int) -> tuple[float, int, float]:
    """Wall seconds, cases, CPU seconds."""
    engine = Engine.default()
    warm()
    seconds, cases, cpu = 0.0, 0, 0.0
    for index in range(count):
        for _first, cols in province_columns(cases=per, seed=seed, index=index):
            started, cpu_started = time.perf_counter(), cpu_seconds()
            evaluate_columns(cols, AS_OF, engine=engine)
            seconds += time.perf_counter() - started
            cpu += cpu_seconds() - cpu_started
            cases += cols.n_cases
    return seconds, cases, cpu


def sweep(n: int, args: argparse.Namespace) -> dict[str, Any]:
    count, per = shape(n)
    root = Path(args.data_dir or tempfile.mkdtemp(prefix="national-sweep-"))
    data, out = root / f"nation-{n}", root / f"results-{n}"
    shutil.rmtree(out, ignore_errors=True)
    started = time.perf_counter()
    if not data.exists():
        generate_nation(data, provinces_count=count, cases=per, seed=args.seed)
    generated = time.perf_counter() - started
    sample = root / "warm-nation"
    if not sample.exists():
        generate_nation(sample, provinces_count=1, cases=SCALES["S"], seed=args.seed + 1)
    size = sum(f.stat().st_size for f in data.rglob("*.parquet")) / 2**20
    print(f"{count * per:,} cases: {count} provinces x {per:,}, generated in {generated:.1f} s "
          f"({size:,.0f} MiB of Parquet in {data})", flush=True)
    seconds, cases, peaks, cpu = run_dask(data, out, args.workers, args.memory_limit, sample, args.scheduler)
    print(f"  Dask ({args.scheduler}), {args.workers} workers, {args.memory_limit} each: {cases:,} cases in "
          f"{seconds:.1f} s, {cases / seconds:,.0f} cases/s, {cpu:.2f} CPU s; peak RSS per worker "
          + ", ".join(f"{p:,.0f} MiB" for p in peaks), flush=True)
    row = {"n": cases, "dask_s": seconds, "dask_rate": cases / seconds, "peaks": peaks, "dask_cpu": cpu}
    if not args.skip_single:
        single_s, single_n, single_cpu = run_single(count, per, args.seed)
        row.update(single_s=single_s, single_rate=single_n / single_s, single_peak=peak_rss_mib(),
                   single_cpu=single_cpu)
        print(f"  single process, bulk path over columns in memory: {single_n:,} cases in "
              f"{single_s:.1f} s, {single_n / single_s:,.0f} cases/s, {single_cpu:.2f} CPU s; peak RSS "
              f"{row['single_peak']:,.0f} MiB", flush=True)
    if not args.skip_same:
        row["same_cpu"] = run_same(data, out, sample)
        print(f"  the same work in one process (the {cases:,} cases read, evaluated and written, "
              f"partition after partition): {row['same_cpu']:.2f} CPU s", flush=True)
    if not args.keep:
        shutil.rmtree(out, ignore_errors=True)
        if not args.data_dir:
            shutil.rmtree(root, ignore_errors=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", default="1000000", help="Comma-separated N (default 1000000).")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--memory-limit", dest="memory_limit", default="3GiB")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--data-dir", dest="data_dir", default="",
                        help="Keep the generated nations here and reuse them (default: a temp dir).")
    parser.add_argument("--keep", action="store_true", help="Keep the results too.")
    parser.add_argument("--skip-single", dest="skip_single", action="store_true")
    parser.add_argument("--skip-same", dest="skip_same", action="store_true",
                        help="Leave out the national path run in one process.")
    # No `threads`: the bulk path's start tables are materialised lazily without a lock
    # (core/law/bulk/chunk.py `_start_arrays`), and two threads raced there (KeyError).
    parser.add_argument("--scheduler", default="local", choices=["local", "synchronous"],
                        help="local: a LocalCluster of worker processes (default); "
                             "synchronous: one task at a time in this process.")
    args = parser.parse_args()
    tune_allocator()
    provinces(1)  # the province list loads before any timing
    rows = [sweep(int(n), args) for n in args.cases.split(",")]
    print("\n=== summary (higher ratio: Dask closer to the single process) ===")
    print(f"{'cases':>12} {'Dask cases/s':>13} {'single cases/s':>15} {'ratio':>7} "
          f"{'CPU ratio':>10} {'same work':>10} {'peak/worker MiB':>16}")
    for r in rows:
        single = f"{r['single_rate']:>15,.0f}" if "single_rate" in r else f"{'-':>15}"
        ratio = f"{r['dask_rate'] / r['single_rate']:>7.3f}" if "single_rate" in r else f"{'-':>7}"
        cpu_ratio = f"{r['single_cpu'] / r['dask_cpu']:>10.3f}" if "single_cpu" in r else f"{'-':>10}"
        same = f"{r['same_cpu'] / r['dask_cpu']:>10.3f}" if "same_cpu" in r else f"{'-':>10}"
        print(f"{r['n']:>12,} {r['dask_rate']:>13,.0f} {single} {ratio} {cpu_ratio} {same} "
              f"{max(r['peaks']):>16,.0f}")


if __name__ == "__main__":
    main()
