"""Pages at province scale on the production server (issue #12.3).

    .venv/bin/python bench/pages.py --size S                      # fast: S province, SQLite only
    .venv/bin/python bench/pages.py --data-dir /tmp/perf-p --pg congminh_bench   # P, both databases

For each database the script builds the demo province the first time (SQLite in
`--data-dir`, PostgreSQL in the database `--pg`, created with `createdb`; `congminh
migrate` + `congminh demo setup --size X`, about 15-30 minutes for P on a loaded 2-core
machine) and reuses it after; it always runs `congminh migrate` (new indexes). It then
starts `congminh serve` (gunicorn, `--workers`, production settings), signs in as a
province-wide user (`noichinh`, the Internal Affairs Committee, who reads every case), and
requests each page (dashboard, case list unfiltered / filtered / sorted / searched by name
and by number, a case page, the API list and search) from 1 and then 8 concurrent clients
(threads with keep-alive connections), after a warm-up. It prints, per database, page and
number of clients, the median and p99 in ms, the requests per second and the ratio of the
median to the login page's in the same run (the login page does no query: it is the
floor of the server itself); the first, cold request of each page (counts not cached yet)
is printed too. Times are printed, never asserted.

To compare two trees back to back on one province, run the script once per tree with
`PYTHONPATH=<tree>/src` (the server then runs that tree's code: `python -m congminh`,
unless this checkout has its own `.venv`), e.g. an export of main's `src` and then this
one, and compare the req/s and the ratios to the login page of the two runs.
"""

from __future__ import annotations

import argparse
import http.client
import json
import math
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parents[1]
# The worktree's own venv, else this interpreter on the code it imports (PYTHONPATH=src in
# a worktree sharing another checkout's venv).
CONGMINH = ([str(ROOT / ".venv" / "bin" / "congminh")] if (ROOT / ".venv" / "bin" / "congminh").exists()
            else [sys.executable, "-m", "congminh"])
USER, PASSWORD = "noichinh", "congminh2026"
MARKER = ".pages-bench"
NAME = "Nguyễn Ngọc Nga"  # the example of a name search


def pages(number: str, case_id: int) -> list[tuple[str, str]]:
    return [
        ("login", "/login/"),
        ("dashboard", "/"),
        ("case list", "/cases/"),
        ("list: overdue", "/cases/?status=overdue"),
        ("list: criminal in investigation", "/cases/?procedure=criminal&stage=investigation"),
        ("list: open, sorted by days over", "/cases/?open=on&sort=-days_over"),
        ("list: page 200", "/cases/?page=200"),
        ("list: page 2000", "/cases/?page=2000"),
        ("search: name", "/cases/?" + urlencode({"q": NAME})),
        ("search: case number", "/cases/?" + urlencode({"q": number})),
        ("case page", f"/cases/{case_id}/"),
        ("API list", "/api/cases/"),
        ("API search: name", "/api/cases/?" + urlencode({"q": NAME})),
    ]


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def env_for(data_dir: Path, database_url: str | None) -> dict[str, str]:
    env = dict(os.environ, CONGMINH_DATA_DIR=str(data_dir), CONGMINH_DEBUG="0",
               CONGMINH_ALLOWED_HOSTS="127.0.0.1,localhost", CONGMINH_LOG_LEVEL="ERROR")
    env.pop("DATABASE_URL", None)
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def prepare(size: str, data_dir: Path, database_url: str | None) -> None:
    """Build the province once (marker file), then only migrate."""
    data_dir.mkdir(parents=True, exist_ok=True)
    marker = data_dir / (MARKER + ("-pg" if database_url else ""))
    env = env_for(data_dir, database_url)
    subprocess.run([*CONGMINH, "migrate", "--noinput", "-v", "0"], env=env, check=True)
    if marker.exists() and marker.read_text().strip() == size:
        return
    log(f"building the {size} province in {database_url or data_dir} (once)…")
    started = time.monotonic()
    subprocess.run([*CONGMINH, "demo", "setup", "--size", size], env=env, check=True,
                   stdout=subprocess.DEVNULL)
    if database_url:
        # What autovacuum does on a production server (it may be off on a test server):
        # the visibility map for index-only scans, the statistics of every table.
        subprocess.run(["psql", database_url, "-qc", "VACUUM ANALYZE"], check=True)
    marker.write_text(size)
    log(f"built in {time.monotonic() - started:.0f} s")


def ensure_pg_database(name: str) -> str:
    exists = subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atc",
         f"SELECT 1 FROM pg_database WHERE datname = '{name}'"],
        capture_output=True, text=True, check=True).stdout.strip()
    if not exists:
        subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    return f"postgres://postgres@127.0.0.1:5432/{name}"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


class Server:
    def __init__(self, data_dir: Path, database_url: str | None, workers: int) -> None:
        self.port = free_port()
        cmd = [*CONGMINH, "serve", "--bind", f"127.0.0.1:{self.port}", "--workers", str(workers)]
        help_text = subprocess.run([*CONGMINH, "serve", "--help"], capture_output=True, text=True,
                                   env=env_for(data_dir, database_url)).stdout
        if "--no-worker" in help_text:
            cmd.append("--no-worker")
        self.proc = subprocess.Popen(cmd, env=env_for(data_dir, database_url),
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with socket.create_connection(("127.0.0.1", self.port), timeout=1):
                    return
            except OSError:
                time.sleep(0.3)
        self.stop()
        raise SystemExit("the server did not start")

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class Client:
    """One keep-alive connection with the session cookie."""

    def __init__(self, port: int, cookie: str = "") -> None:
        self.conn = http.client.HTTPConnection("127.0.0.1", port, timeout=120)
        self.cookie = cookie

    def get(self, path: str, cookie: bool = True) -> tuple[int, bytes, float]:
        headers = {"Cookie": self.cookie} if cookie and self.cookie else {}
        started = time.perf_counter()
        self.conn.request("GET", path, headers=headers)
        response = self.conn.getresponse()
        body = response.read()
        return response.status, body, (time.perf_counter() - started) * 1000


def login(port: int, user: str = USER) -> str:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
    conn.request("GET", "/login/")
    response = conn.getresponse()
    html = response.read().decode()
    cookies = {c.split("=", 1)[0]: c.split(";", 1)[0] for c in response.headers.get_all("Set-Cookie") or []}
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert token, "no CSRF token on the login page"
    body = urlencode({"username": user, "password": PASSWORD, "csrfmiddlewaretoken": token.group(1)})
    conn.request("POST", "/login/", body=body, headers={
        "Content-Type": "application/x-www-form-urlencoded", "Cookie": cookies["csrftoken"],
        "Referer": f"http://127.0.0.1:{port}/login/"})
    response = conn.getresponse()
    response.read()
    for c in response.headers.get_all("Set-Cookie") or []:
        cookies[c.split("=", 1)[0]] = c.split(";", 1)[0]
    if response.status != 302 or "sessionid" not in cookies:
        raise SystemExit(f"login failed ({response.status})")
    return "; ".join(cookies.values())


def run(port: int, cookie: str, path: str, clients: int, per_client: int, anonymous: bool) -> dict[str, float]:
    times: list[float] = []
    errors: list[int] = []
    lock = threading.Lock()

    def worker() -> None:
        client = Client(port, cookie)
        client.get(path, cookie=not anonymous)  # open the connection
        mine = []
        for _ in range(per_client):
            status, _body, ms = client.get(path, cookie=not anonymous)
            if status != 200:
                errors.append(status)
            mine.append(ms)
        with lock:
            times.extend(mine)

    threads = [threading.Thread(target=worker) for _ in range(clients)]
    started = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    wall = time.perf_counter() - started
    if errors:
        raise SystemExit(f"{path}: HTTP {sorted(set(errors))}")
    times.sort()
    return {"median": statistics.median(times), "p99": times[min(len(times) - 1, int(len(times) * 0.99))],
            "rps": len(times) / wall}


def measure(label: str, data_dir: Path, database_url: str | None, args: argparse.Namespace) -> list[dict[str, Any]]:
    server = Server(data_dir, database_url, args.workers)
    rows: list[dict[str, Any]] = []
    try:
        cookie = login(server.port)
        api = Client(server.port, cookie)
        listing = json.loads(api.get("/api/cases/?procedure=criminal")[1])["results"][0]
        targets = [(name, path) for name, path in pages(listing["numbers"][0], listing["id"])
                   if not args.pages or name in args.pages or name == "login"]
        for name, path in targets:
            cold = Client(server.port, cookie).get(path, cookie=name != "login")[2]
            for _ in range(args.warmup):  # both workers, their caches and connections
                Client(server.port, cookie).get(path, cookie=name != "login")
            for clients in args.clients:
                r = run(server.port, cookie, path, clients, args.requests, anonymous=name == "login")
                rows.append({"db": label, "page": name, "path": path, "clients": clients, "cold": cold, **r})
                log(f"{label:10} {name:34} {clients} clients: median {r['median']:7.1f} ms  "
                    f"p99 {r['p99']:7.1f} ms  {r['rps']:6.1f} req/s  (cold {cold:.0f} ms)")
    finally:
        server.stop()
    return rows


def report(rows: list[dict[str, Any]]) -> None:
    base = {(r["db"], r["clients"]): r["median"] for r in rows if r["page"] == "login"}
    print(f"\n{'database':10} {'page':34} {'clients':>7} {'median ms':>10} {'p99 ms':>8} "
          f"{'req/s':>7} {'× login':>8} {'cold ms':>8}")
    for r in rows:
        ratio = r["median"] / base[r["db"], r["clients"]]
        print(f"{r['db']:10} {r['page']:34} {r['clients']:>7} {r['median']:>10.1f} {r['p99']:>8.1f} "
              f"{r['rps']:>7.1f} {ratio:>8.1f} {r['cold']:>8.0f}")


def after_writes(data_dir: Path, args: argparse.Namespace, database_url: str | None = None) -> None:
    """The dashboard and the case list of `args.after_write` (a body reading its own
    cases) and of `noichinh` (the province) warm, then right after a write to a case of
    another body and after a write to a case the first user reads (a raw UPDATE of its
    status from this process: the triggers count it as any writer's), 5 of each, on SQLite
    or on the PostgreSQL database `database_url`. The medians and their ratio to the warm
    median: near 1 where the cached body was kept."""
    server = Server(data_dir, database_url, args.workers)
    try:
        user = args.after_write
        clients = {who: Client(server.port, login(server.port, who)) for who in (user, USER)}
        mine = json.loads(clients[user].get("/api/cases/")[1])["results"][0]["id"]
        # None when the user reads every case (the province's bodies): no write "elsewhere".
        foreign = next((c["id"] for c in json.loads(clients[USER].get("/api/cases/?page=3")[1])["results"]
                        if clients[user].get(f"/api/cases/{c['id']}/")[0] == 404), None)
        write = _status_writer(data_dir, database_url)
        label = "PostgreSQL" if database_url else "SQLite"
        print(f"\nafter a write ({label}, {user}: case {mine} read, case {foreign or '—'} of another body)")
        for name, path in (("dashboard", "/"), ("case list", "/cases/")):
            for who, client in clients.items():
                for _ in range(args.warmup):
                    client.get(path)
                warm = statistics.median(client.get(path)[2] for _ in range(15))
                found = {}
                found["elsewhere"] = math.nan
                for label, case_id in (("elsewhere", foreign), ("in scope", mine)):
                    if case_id is None:
                        continue
                    times = []
                    for _ in range(5):
                        write(case_id)
                        times.append(client.get(path)[2])
                        for _ in range(2):
                            client.get(path)
                    found[label] = statistics.median(times)
                elsewhere = ("     — (reads every case)" if math.isnan(found["elsewhere"]) else
                             f"{found['elsewhere']:6.1f} ms ({found['elsewhere'] / warm:4.1f}x)")
                print(f"{name:10} {who:10} warm {warm:6.1f} ms; after a write to another body's case "
                      f"{elsewhere}; after a write to "
                      f"a case {user} reads {found['in scope']:6.1f} ms ({found['in scope'] / warm:4.1f}x)")
    finally:
        server.stop()


def _status_writer(data_dir: Path, database_url: str | None) -> Any:
    """A function flipping a case's status between two values, committed at once."""
    flip = iter(["suspended", "on_time"] * 100)
    if database_url:
        import psycopg

        pg = psycopg.connect(database_url, autocommit=True)
        return lambda case_id: pg.execute("UPDATE cases_case SET status = %s WHERE id = %s",
                                          (next(flip), case_id))
    import sqlite3

    db = sqlite3.connect(data_dir / "congminh.sqlite3", timeout=30)

    def write(case_id: int) -> None:
        with db:
            db.execute("UPDATE cases_case SET status = ? WHERE id = ?", (next(flip), case_id))

    return write


def pg_province(args: argparse.Namespace, data_dir: Path) -> tuple[Path, str]:
    """The PostgreSQL province's data directory and address, built the first time."""
    url = ensure_pg_database(args.pg)
    pg_dir = args.pg_data_dir or data_dir.with_name(data_dir.name + "-pg")
    prepare(args.size, pg_dir, url)
    return pg_dir, url


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--size", choices=["S", "P"], default="P")
    parser.add_argument("--data-dir", type=Path, help="SQLite province (built once, reused); "
                        "default /tmp/congminh-pages-<size>")
    parser.add_argument("--pg", default="", help="PostgreSQL database name for the same province "
                        "(built once, reused); empty: SQLite only (the default for --size S)")
    parser.add_argument("--pg-data-dir", type=Path, help="data directory of the PostgreSQL run "
                        "(its secret key, media); default: --data-dir with -pg appended")
    parser.add_argument("--no-sqlite", action="store_true", help="measure PostgreSQL only")
    parser.add_argument("--clients", default="1,8", help="concurrent clients, comma-separated")
    parser.add_argument("--requests", type=int, default=0,
                        help="requests per client per page (default: 40 for S, 20 for P)")
    parser.add_argument("--warmup", type=int, default=4)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--pages", default="", help="only these pages (their names as printed, "
                        "comma-separated; the login page, the baseline, is always measured)")
    parser.add_argument("--after-write", default="", metavar="USER",
                        help="only: pages of USER and noichinh after writes elsewhere and in USER's "
                        "scope (SQLite; PostgreSQL with --pg), e.g. toaankv1")
    args = parser.parse_args()
    args.clients = [int(c) for c in args.clients.split(",")]
    args.pages = {p.strip() for p in args.pages.split(",") if p.strip()}
    args.requests = args.requests or (40 if args.size == "S" else 20)
    if not shutil.which("psql") and args.pg:
        raise SystemExit("psql is needed for --pg")
    data_dir = args.data_dir or Path(f"/tmp/congminh-pages-{args.size}")
    rows: list[dict[str, Any]] = []
    if args.after_write:
        if not args.no_sqlite:
            prepare(args.size, data_dir, None)
            after_writes(data_dir, args)
        if args.pg:
            pg_dir, url = pg_province(args, data_dir)
            after_writes(pg_dir, args, url)
        return
    if not args.no_sqlite:
        prepare(args.size, data_dir, None)
        rows += measure("SQLite", data_dir, None, args)
    if args.pg:
        pg_dir, url = pg_province(args, data_dir)
        rows += measure("PostgreSQL", pg_dir, url, args)
    report(rows)


if __name__ == "__main__":
    main()
