"""The quarterly review and the dashboard on a demo province (issue #11.6), against the
straightforward way of computing the same totals.

    .venv/bin/python bench/reports.py                          # S province in a temp dir
    .venv/bin/python bench/reports.py --size P --reuse /tmp/rp  # the issue's measurement

The province is built as `bench/oversight_lists.py` builds it (`--reuse DIR` builds once).
Measured in one process, as the Procuracy's provincial user `vks` (the review's owner),
for the last quarter that ended (the Procuracy's year starts on 1 December):

- review, first computation: `selectors.quarterly_review` with an empty cache and no saved
  snapshot (reads every log as of now, evaluates every case twice on the bulk path, keeps
  the per-case snapshot, `reports.snapshot`, and writes it to the data directory);
- review, another process: the same with nothing in memory, the snapshot file loaded (what
  a restarted server or a second gunicorn worker does; the worker's daily job writes it);
- review page, XLSX export, dashboard: the pages through Django's test client, the first
  request, then the median of the next ones (the review as of now is then kept until
  something is recorded, each list row of the workbook until its case is written about);
- review page and XLSX after a write: an event withdrawn (in a transaction rolled back at
  the end), then the page (only the cases written about are evaluated and counted again),
  then the XLSX (only the rows of the cases written about made again; inside the bench's
  transaction the review is not kept, so the XLSX counts the scope's totals again too);
- after the daily job (`snapshot.warm`, timed): the first XLSX and the first page of
  another process (the review's memory dropped, `snapshot.forget`: the snapshot file
  loaded, with the lists' rows the job kept in it), and that XLSX once the review is
  loaded;
- a new server worker after its warm-up (`serve.warm_worker`, gunicorn's
  `post_worker_init` hook: both quarters' snapshot files loaded in a thread while the
  worker accepts requests; timed, printed): its first page and first XLSX; and the last
  quarter's snapshot file loaded alone;
- with `--serve SECONDS`: a real `congminh serve` (one worker) started for each of the
  page and the XLSX, `vks` logged in, the request SECONDS later (0: while the worker is
  still loading the snapshots);
- the workbook's writer: the four lists' rows of the review (the same values) written by
  the app's streaming writer (`reports.xlsx_writer`) and by openpyxl's write-only mode
  with the same styles (wrapped cells, dd/mm/yyyy dates), in the same run (ratio printed);
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


def kept_blocks_ms(result: Any, repeat: int) -> tuple[float, float, int]:
    """(the lists' rows compressed now, the blocks kept with the snapshot zipped) in ms:
    each a whole XLSX file of the review's four list sheets, the same rows' XML (taken from
    the kept blocks), and the bytes of that XML."""
    import zlib

    from congminh.apps.reports import export, presenters
    from congminh.apps.reports.xlsx_writer import Sheet, workbook

    blocks = {key: export._list_blocks(result, key) for key in presenters.LISTS}
    texts = {key: "".join(zlib.decompressobj(-15).decompress(p.data).decode("utf-8") for p in packed)
             for key, packed in blocks.items()}
    rows = {key: [line + "</row>" for line in text.split("</row>")[:-1]] for key, text in texts.items()}
    assert all("".join(rows[key]) == texts[key] for key in rows)

    def compressed_now() -> bytes:
        sheets = []
        for key, lines in rows.items():
            sheet = Sheet(key)
            sheet.rows += lines
            sheets.append(sheet)
        return workbook(sheets)

    def kept() -> bytes:
        sheets = []
        for key in presenters.LISTS:
            sheet = Sheet(key)
            sheet.packed += export._list_blocks(result, key)
            sheets.append(sheet)
        return workbook(sheets)

    assert zlib.crc32(compressed_now()) != 0 and len(kept()) > 0
    size = sum(len(t.encode("utf-8")) for t in texts.values())
    return median_ms(compressed_now, repeat), median_ms(kept, repeat), size


def writers_ms(result: Any, repeat: int) -> tuple[float, float, int]:
    """(the app's writer, openpyxl write-only) in ms for the review's four lists, and the
    rows written: the same values, the same styles, each a whole XLSX file."""
    import datetime as dt
    import io

    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Alignment

    from congminh.apps.reports import export, presenters
    from congminh.apps.reports.xlsx_writer import Sheet, Style, workbook

    lists = {}
    for key, (row_key, _label) in presenters.LISTS.items():
        rows = presenters.rows(result, presenters.selected(result, row_key))
        lists[key] = [[n, *export._cells(row, key, result.review.day), ""] for n, row in enumerate(rows, 1)]
    count = sum(len(v) for v in lists.values())

    def ours() -> bytes:
        sheets = []
        for key, values in lists.items():
            sheet = Sheet(key)
            for line in values:
                sheet.append(line, Style.WRAP)
            sheets.append(sheet)
        return workbook(sheets)

    wrap = Alignment(wrap_text=True, vertical="top")

    def theirs() -> bytes:
        book = Workbook(write_only=True)
        for key, values in lists.items():
            sheet = book.create_sheet(key)
            for line in values:
                cells = []
                for value in line:
                    c = WriteOnlyCell(sheet, value=value)
                    c.alignment = wrap
                    if isinstance(value, dt.date):
                        c.number_format = "DD/MM/YYYY"
                    cells.append(c)
                sheet.append(cells)
        out = io.BytesIO()
        book.save(out)
        return out.getvalue()

    return median_ms(ours, repeat), median_ms(theirs, repeat), count


def served_first_ms(data_dir: Path, path: str, delay: float) -> tuple[float, float, float]:
    """A real `congminh serve` (one worker, no job worker) on the province: (ms until it
    answers, its first request of `path` as `vks` `delay` seconds after logging in, the
    second one)."""
    import http.cookiejar
    import os
    import re
    import socket
    import subprocess
    import urllib.parse
    import urllib.request

    from congminh.apps.demo.services import DEMO_PASSWORD

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("CONGMINH", "DJANGO"))}
    env.update(CONGMINH_DATA_DIR=str(data_dir), PYTHONPATH=str(Path(__file__).resolve().parents[1] / "src"))
    started = time.perf_counter()
    server = subprocess.Popen([sys.executable, "-m", "congminh", "serve", "--bind", f"127.0.0.1:{port}",
                               "--workers", "1", "--no-worker"], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    try:
        while True:
            try:
                login = opener.open(base + "/login/", timeout=60).read().decode()
                break
            except OSError:
                assert server.poll() is None, "the server stopped"
                time.sleep(0.05)
        up = (time.perf_counter() - started) * 1000
        found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', login)
        assert found is not None
        opener.addheaders = [("Referer", base + "/login/")]
        form = {"csrfmiddlewaretoken": found.group(1), "username": USER, "password": DEMO_PASSWORD}
        opener.open(base + "/login/", urllib.parse.urlencode(form).encode(), timeout=60).read()
        time.sleep(delay)
        times = []
        for _ in range(2):
            started = time.perf_counter()
            with opener.open(base + path, timeout=600) as answer:
                assert answer.status == 200 and answer.read()
            times.append((time.perf_counter() - started) * 1000)
        return up, times[0], times[1]
    finally:
        server.terminate()
        server.wait(timeout=60)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="S", choices=("XS", "S", "P"))
    parser.add_argument("--reuse", help="build the province here once, reuse it after")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sample", type=int, default=300)
    parser.add_argument("--serve", type=float, metavar="SECONDS",
                        help="also a real `congminh serve` per request: the first review page and "
                             "XLSX this many seconds after logging in")
    args = parser.parse_args()
    base = Path(args.reuse) if args.reuse else Path(tempfile.mkdtemp(prefix="reports-bench-"))
    build(base, args.size)
    django_setup(base)

    from django.conf import settings
    from django.core.cache import cache
    from django.db import transaction
    from django.test import Client
    from django.utils import timezone

    from congminh.apps.accounts.models import User
    from congminh.apps.cases import services as case_services
    from congminh.apps.cases.models import CaseEvent
    from congminh.apps.reports import selectors, snapshot
    from congminh.core.periods import last_ended

    user = User.objects.get(username=USER)
    period = last_ended("quarterly", timezone.localdate(), year_start_month=12)
    client = Client()
    client.force_login(user)
    query = f"?period={period.code}&calendar=procuracy"

    cache.clear()
    snapshot.forget()
    for saved in (Path(settings.DATA_DIR) / "snapshots").glob("review-*"):
        saved.unlink()
    started = time.perf_counter()
    result = selectors.quarterly_review(user=user, period=period)
    cold = (time.perf_counter() - started) * 1000
    cases = len(result.review.facts)
    cache.clear()  # another process: nothing in memory, the file on disk
    started = time.perf_counter()
    loaded_result = selectors.quarterly_review(user=user, period=period)
    loaded = (time.perf_counter() - started) * 1000
    assert loaded_result.digest == result.digest

    pages = {
        "review page": "/reports/quarterly/" + query,
        "review XLSX": "/reports/quarterly/export.xlsx" + query,
        "dashboard": "/",
    }
    client.get("/login/")  # the process's first request imports every view: not the pages' cost
    warm: dict[str, float] = {}
    first: dict[str, float] = {}
    for name, url in pages.items():
        started = time.perf_counter()
        assert client.get(url).status_code == 200, url
        first[name] = (time.perf_counter() - started) * 1000
        warm[name] = median_ms(lambda url=url: client.get(url), args.repeat)
    # After a write: each time one more event withdrawn, then the page (rolled back after).
    admin = User.objects.get(username="admin")
    victims = list(CaseEvent.objects.filter(withdrawn_at__isnull=True, case_id__in=[
        f.id for f in result.review.facts[:: max(1, len(result.review.facts) // 50)]])
        .order_by("case_id", "-date").distinct()[: args.repeat * 5])
    written: list[float] = []
    written_xlsx: list[float] = []
    with transaction.atomic():
        for event in victims[: args.repeat]:
            case_services.case_event_withdraw(actor=admin, event=event, reason="bench")
            started = time.perf_counter()
            assert client.get(pages["review page"]).status_code == 200
            written.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()  # the rows of the case written about made again
            assert client.get(pages["review XLSX"]).status_code == 200
            written_xlsx.append((time.perf_counter() - started) * 1000)
        transaction.set_rollback(True)
    cache.clear()
    warm["review page after a write"] = statistics.median(written)
    warm["review XLSX after a write"] = statistics.median(written_xlsx)
    # The daily job, then another process (nothing of the review's in memory): its first
    # XLSX loads the snapshot file the job wrote (with the lists' rows, where kept).
    started = time.perf_counter()
    snapshot.warm()
    job = (time.perf_counter() - started) * 1000
    fresh: dict[str, float] = {}
    for name, url in (("XLSX", pages["review XLSX"]), ("page", pages["review page"])):
        times = []
        for _ in range(args.repeat):
            snapshot.forget()
            started = time.perf_counter()
            assert client.get(url).status_code == 200, url
            times.append((time.perf_counter() - started) * 1000)
        fresh[f"review {name}, new process"] = statistics.median(times)
    times = []
    for _ in range(args.repeat):
        snapshot.forget()
        selectors.quarterly_review(user=user, period=period)  # the snapshot loaded first
        started = time.perf_counter()
        assert client.get(pages["review XLSX"]).status_code == 200
        times.append((time.perf_counter() - started) * 1000)
    fresh["review XLSX, new process, review loaded"] = statistics.median(times)
    # A server worker that has started (`congminh serve`'s hook, `serve.warm_worker`: the
    # views imported, both quarters' snapshot files loaded, in a thread while it accepts
    # requests): its first page and XLSX.
    from congminh.apps.web.management.commands.serve import warm_worker

    warmed: list[float] = []
    for name, url in (("page", pages["review page"]), ("XLSX", pages["review XLSX"])):
        times = []
        for _ in range(args.repeat):
            snapshot.forget()
            started = time.perf_counter()
            warm_worker()
            warmed.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            assert client.get(url).status_code == 200, url
            times.append((time.perf_counter() - started) * 1000)
        fresh[f"review {name}, new worker after its warm-up"] = statistics.median(times)
    key = (period.code, period.year_start_month, result.review.day)

    def load() -> None:
        with snapshot.no_gc():
            assert snapshot._load(key) is not None

    file_ms = median_ms(load, args.repeat)
    naive, scope_size, timed = baseline_ms(user, period, args.sample)
    loaded_review = selectors.quarterly_review(user=user, period=period)
    now_ms, kept_ms, xml_bytes = kept_blocks_ms(loaded_review, args.repeat)
    ours, theirs, written_rows = writers_ms(loaded_review, args.repeat)

    print(f"\n{args.size} province, user {USER}, {period.label_vi} ({period.code}): "
          f"{scope_size:,} cases in scope, {cases:,} counted by the review")
    print(f"{'way':34} {'ms':>10} {'baseline ÷ way':>15}")
    print(f"{'baseline (per case, ORM + engine)':34} {naive:10.0f} {'1.0':>15}   "
          f"(timed on {timed} cases, scaled to {scope_size:,})")
    print(f"{'review, first computation':34} {cold:10.0f} {naive / cold:15.1f}")
    print(f"{'review, another process':34} {loaded:10.0f} {naive / loaded:15.1f}")
    for name, ms in first.items():
        print(f"{name + ', first request':34} {ms:10.0f} {naive / ms:15.1f}")
    for name, ms in warm.items():
        print(f"{name + ', median':34} {ms:10.0f} {naive / ms:15.1f}")
    print(f"\nafter the daily job `review_snapshot` ({job:,.0f} ms, both quarters), in another process "
          f"(median of {args.repeat}):")
    for name, ms in fresh.items():
        print(f"{name + ', first request':42} {ms:10.0f} {naive / ms:15.1f}")
    print(f"the last quarter's snapshot file loaded alone: {file_ms:,.0f} ms; a worker's warm-up "
          f"(both quarters, in the background): {statistics.median(warmed):,.0f} ms")
    if args.serve is not None:
        print(f"\na real server (`congminh serve`, 1 worker), {args.serve:g} s after logging in:")
        for name in ("review page", "review XLSX"):
            up, first_ms, second_ms = served_first_ms(base, pages[name], args.serve)
            print(f"  {name}: answering {up:,.0f} ms after its start; first request {first_ms:,.0f} ms, "
                  f"second {second_ms:,.0f} ms")
    print(f"\nthe four lists' rows ({xml_bytes / 1e6:,.1f} MB of XML) as an XLSX file (median of {args.repeat}):")
    print(f"  compressed now {now_ms:8.0f} ms;  the blocks kept with the snapshot {kept_ms:8.0f} ms;  "
          f"now ÷ kept {now_ms / kept_ms:.1f}")
    print(f"\nthe four lists' {written_rows:,} rows as an XLSX file (median of {args.repeat}):")
    print(f"  reports.xlsx_writer {ours:8.0f} ms;  openpyxl write-only {theirs:8.0f} ms;  "
          f"openpyxl ÷ xlsx_writer {theirs / ours:.1f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
