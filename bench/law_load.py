"""A fresh process's first load of the law engine: rules and working calendar.

    python bench/law_load.py                    # main's tree (/work/main/src) vs this one
    python bench/law_load.py --before SRC --repeat 15

Each measure is a new Python process that imports the engine's rules and calendar modules
and calls `default_rules()` and `default_calendar()`, timing the imports and the loads in
the process (what a server worker or a command pays before its first clock), and the
process's whole wall time. Four ways, alternated in one run:

- `before`: the tree given by --before (main's: every file parsed and validated);
- `off`: this tree with the disk cache turned off (`CONGMINH_LAW_CACHE_DIR=off`);
- `cold`: this tree with an empty cache directory (parses, validates and writes the files);
- `warm`: this tree with the files `cold` wrote (reads them back).

Prints each way's median and best (ms) and the ratios to `before`. Nothing here asserts a time.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent.parent / "src"

SCRIPT = """
import time
t0 = time.perf_counter()
from congminh.core.law.rules import default_rules
from congminh.core.law.working_calendar import default_calendar
t1 = time.perf_counter()
default_rules()
t2 = time.perf_counter()
default_calendar()
t3 = time.perf_counter()
print(t1 - t0, t2 - t1, t3 - t2)
"""


def run(src: Path, cache: str) -> tuple[float, float, float, float]:
    env = {**os.environ, "PYTHONPATH": str(src), "CONGMINH_LAW_CACHE_DIR": cache}
    start = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", SCRIPT], env=env, check=True,
                         capture_output=True, text=True).stdout
    wall = time.perf_counter() - start
    imports, rules, calendar = (float(x) for x in out.split())
    return imports, rules, calendar, wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--before", default="/work/main/src", help="the baseline tree's src")
    parser.add_argument("--repeat", type=int, default=9)
    args = parser.parse_args()
    before = Path(args.before)
    tmp = Path(tempfile.mkdtemp(prefix="law-load-"))
    warm_dir = tmp / "warm"
    run(HERE, str(warm_dir))  # writes the files the warm runs read
    ways = ["before", "off", "cold", "warm"]
    results: dict[str, list[tuple[float, float, float, float]]] = {w: [] for w in ways}
    try:
        for i in range(args.repeat):
            for way in ways if i % 2 == 0 else reversed(ways):
                if way == "before":
                    results[way].append(run(before, "off"))
                elif way == "off":
                    results[way].append(run(HERE, "off"))
                elif way == "cold":
                    cold = tmp / f"cold-{i}"
                    results[way].append(run(HERE, str(cold)))
                    shutil.rmtree(cold, ignore_errors=True)
                else:
                    results[way].append(run(HERE, str(warm_dir)))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)

    def ms(values: list[float]) -> str:
        return f"{statistics.median(values) * 1000:7.1f} (best {min(values) * 1000:6.1f})"

    print(f"fresh processes, {args.repeat} each, alternated; before = {before}")
    print(f"{'way':8} {'imports':>22} {'rules':>22} {'calendar':>22} {'imports+loads':>22} "
          f"{'process':>22}")
    load = {w: [r[0] + r[1] + r[2] for r in results[w]] for w in ways}
    for way in ways:
        rows = results[way]
        print(f"{way:8} {ms([r[0] for r in rows]):>22} {ms([r[1] for r in rows]):>22} "
              f"{ms([r[2] for r in rows]):>22} {ms(load[way]):>22} "
              f"{ms([r[3] for r in rows]):>22}")
    base = statistics.median(load["before"])
    loads_only = {w: statistics.median([r[1] + r[2] for r in results[w]]) for w in ways}
    for way in ways[1:]:
        print(f"{way}: imports+loads ×{base / statistics.median(load[way]):.2f} vs before; "
              f"rules+calendar loads alone ×{loads_only['before'] / loads_only[way]:.2f}")


if __name__ == "__main__":
    main()
