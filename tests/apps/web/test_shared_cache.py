"""The cache of counts and page bodies (issue #12, remainder 3): local memory unless
`CONGMINH_CACHE_URL` names a Redis server, which then holds what one process caches for
every other (the web server's workers). Skipped without Redis at 127.0.0.1:6379."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.cache.backends.redis import RedisCache

REDIS_URL = "redis://127.0.0.1:6379/4"  # a database of its own (this helper's number)
PROBE = """
import json
from django.conf import settings
from django.core.cache import cache
cache.set("shared-probe", {"dashboard": "<table>42</table>"}, 60)
print(json.dumps(settings.CACHES["default"]))
"""


def _redis_answers() -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping())
    except redis.RedisError:
        return False


def test_local_memory_without_the_variable() -> None:
    if os.environ.get("CONGMINH_CACHE_URL"):
        pytest.skip("the suite runs with CONGMINH_CACHE_URL set")
    assert settings.CACHES["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"


@pytest.mark.services
def test_a_value_cached_by_one_process_is_read_by_another(tmp_path: Path) -> None:
    if not _redis_answers():
        pytest.skip("needs Redis at 127.0.0.1:6379")
    env = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env.update(CONGMINH_CACHE_URL=REDIS_URL, CONGMINH_DATA_DIR=str(tmp_path))
    done = subprocess.run([sys.executable, "-m", "congminh", "shell", "-c", PROBE], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    config = json.loads(done.stdout.strip().splitlines()[-1])
    assert config["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    # The database's identity is in the prefix: another installation on this Redis reads
    # none of these values.
    assert config["KEY_PREFIX"].startswith("congminh-") and len(config["KEY_PREFIX"]) == 21
    shared = RedisCache(REDIS_URL, {"KEY_PREFIX": config["KEY_PREFIX"]})
    try:
        assert shared.get("shared-probe") == {"dashboard": "<table>42</table>"}
        assert RedisCache(REDIS_URL, {"KEY_PREFIX": "congminh-other"}).get("shared-probe") is None
    finally:
        shared.delete("shared-probe")
