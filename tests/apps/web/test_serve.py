"""`congminh serve` runs the app under gunicorn, debug off: a real process, a real socket."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
            return response.status, response.read().decode()
    except urllib.error.HTTPError as err:
        return err.code, err.read().decode()


def test_serve_answers_in_vietnamese_with_debug_off(tmp_path: Path) -> None:
    port = _free_port()
    # Not the test process's own switches (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE).
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("CONGMINH_DEBUG") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(CONGMINH_DATA_DIR=str(tmp_path), PYTHONUNBUFFERED="1")
    server = subprocess.Popen([sys.executable, "-m", "congminh", "serve", "--bind", f"127.0.0.1:{port}",
                               "--workers", "1"], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 60
        while True:
            try:
                status, body = _get(base + "/login/")
                break
            except OSError:
                assert server.poll() is None, server.stdout.read().decode() if server.stdout else ""
                assert time.monotonic() < deadline, "the server did not start in 60 s"
                time.sleep(0.5)
        assert status == 200 and "Đăng nhập" in body
        status, body = _get(base + "/khong-co-trang-nay/")
        assert status == 404
        assert "Không tìm thấy" in body or "không tồn tại" in body
        assert "Traceback" not in body and "DEBUG" not in body and "SECRET_KEY" not in body
        status, css = _get(base + "/static/congminh/app.css")  # WhiteNoise, no other server
        assert status == 200 and "td.count" in css
        assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0  # a key of its own, private
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_check_deploy_is_clean_with_production_settings(tmp_path: Path) -> None:
    # Not the test process's own switches (the browser tests set DJANGO_ALLOW_ASYNC_UNSAFE).
    env = {k: v for k, v in os.environ.items()
           if not k.startswith("CONGMINH_DEBUG") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(CONGMINH_DATA_DIR=str(tmp_path), CONGMINH_SECURE="1",
               CONGMINH_ALLOWED_HOSTS="tuphap.example.gov.vn")
    done = subprocess.run([sys.executable, "-m", "congminh", "check", "--deploy", "--fail-level", "WARNING"],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_processes_starting_together_share_one_whole_key(tmp_path: Path) -> None:
    """A new installation's server workers and job worker start at once: each creates the
    key if it is missing, and every one must end with the same, complete key (two imports
    started together failed with FileExistsError, and a reader could see an empty file)."""
    from concurrent.futures import ProcessPoolExecutor

    from congminh.settings import kept_secret_key

    for attempt in range(5):
        path = tmp_path / str(attempt) / "secret_key"
        with ProcessPoolExecutor(max_workers=6) as pool:
            keys = list(pool.map(kept_secret_key, [path] * 12))
        assert len(set(keys)) == 1 and len(keys[0]) >= 60
        assert path.stat().st_mode & 0o077 == 0
        assert [p.name for p in path.parent.iterdir()] == ["secret_key"]  # no leftovers
