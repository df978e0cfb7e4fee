"""`congminh serve [--bind ADDR] [--workers N] [--timeout S]`: the production server.

Gunicorn runs the WSGI application with N worker processes; WhiteNoise (in the
middleware) serves the static files, so no other server is needed on a small site. Put a
reverse proxy with TLS in front of it and set `CONGMINH_SECURE=1` (README «Deployment»).

The job worker (`congminh worker`: imports, refreshes, reminders and their schedule)
runs as a child process unless `--no-worker` is given (production, where systemd runs
the worker as its own service); the child is stopped with the server, and dies with it
if the server is killed.

Each server worker, as it starts, loads in a thread what its first requests would
otherwise make (`post_worker_init`): every view imported, the quarterly review's snapshots
read from the files the daily job writes (`reports.snapshot.preload`, 2-3 s at province
scale). It accepts requests meanwhile; a review asked for then waits for the same load.
The job worker does not load them.
"""

from __future__ import annotations

import gc
import logging
import signal
import subprocess
import sys
import threading
from typing import Any

from django.core.management.base import BaseCommand

logger = logging.getLogger(__name__)


class Command(BaseCommand):
    help = "Chạy máy chủ web (gunicorn) cho môi trường vận hành"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--bind", default="127.0.0.1:8000", help="địa chỉ:cổng (mặc định 127.0.0.1:8000)")
        parser.add_argument("--workers", type=int, default=2, help="số tiến trình xử lý (mặc định 2)")
        parser.add_argument("--timeout", type=int, default=120, help="giây tối đa cho một yêu cầu")
        parser.add_argument("--no-worker", action="store_true",
                            help="không chạy kèm tiến trình xử lý công việc nền (khi systemd chạy "
                                 "`congminh worker` riêng)")

    def handle(self, *args: Any, **options: Any) -> None:
        from gunicorn.app.base import BaseApplication

        from congminh.wsgi import application

        settings = gunicorn_settings(options)

        class Server(BaseApplication):  # type: ignore[misc]
            def load_config(self) -> None:
                for key, value in settings.items():
                    self.cfg.set(key, value)

            def load(self) -> Any:
                return application

        self.stdout.write(f"Công Minh: http://{options['bind']}/ ({options['workers']} tiến trình)")
        worker = None if options["no_worker"] else _start_worker()
        try:
            Server().run()
        finally:
            if worker is not None:
                _stop(worker)


def gunicorn_settings(options: dict[str, Any]) -> dict[str, Any]:
    return {"bind": options["bind"], "workers": options["workers"], "timeout": options["timeout"],
            "accesslog": "-", "errorlog": "-", "graceful_timeout": 30,
            "post_worker_init": post_worker_init}


def post_worker_init(worker: Any) -> None:
    """Gunicorn's hook, in each worker once it has loaded the app, before it accepts
    requests: `warm_worker` in a thread, so that it does not wait for it."""
    threading.Thread(target=warm_worker, name="congminh-warm", daemon=True).start()


def warm_worker() -> None:
    """What the worker's first requests would make: the views imported, the law engine's
    rules and working calendar loaded (a review after a write evaluates the cases written
    about: some 1.2 s the first time in a process), the review's
    snapshots loaded (`reports.snapshot.preload`), the provincial Procuracy's default
    review counted (`reports.selectors.prepare_reviews`) and the snapshots' XLSX rows read
    (`reports.snapshot.rows_loaded`); then the objects loaded set aside from
    the garbage collector (`gc.freeze`: its full collections would walk them all on every
    page; they are still freed when dropped)."""
    from django.db import connections
    from django.urls import get_resolver

    from congminh.apps.reports import selectors, snapshot
    from congminh.core.law.rules import default_rules
    from congminh.core.law.working_calendar import default_calendar

    try:
        get_resolver().url_patterns  # noqa: B018 (imports every view)
        default_rules(), default_calendar()
        loaded = snapshot.preload()
        if loaded:  # a worker with no snapshot file counts no review
            selectors.prepare_reviews()
        for each in loaded:  # then the lists' rows its first export would read
            snapshot.rows_loaded(each)
        gc.freeze()
    except Exception:  # a worker that could not warm up still serves; its first review loads
        logger.exception("warming the worker up failed")
    finally:
        connections.close_all()  # this thread's own


def _die_with_parent() -> None:
    """In the child before exec: SIGTERM when the server process dies (Linux prctl)."""
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


def _start_worker() -> subprocess.Popen[bytes]:
    return subprocess.Popen([sys.executable, "-m", "congminh", "worker"],
                            preexec_fn=_die_with_parent)


def _stop(worker: subprocess.Popen[bytes]) -> None:
    worker.terminate()
    try:
        worker.wait(timeout=30)
    except subprocess.TimeoutExpired:
        worker.kill()
