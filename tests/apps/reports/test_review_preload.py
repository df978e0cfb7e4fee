"""A web server worker loads the review's snapshots as it starts (`snapshot.preload`, run by
`congminh serve`'s worker hook in a thread): each file is read once, a review asked for
meanwhile waits for that load instead of reading the file again, and no snapshot is built
when there is no file. The snapshot file keeps the field values of its entries (a file
written by the previous way of pickling them is read the same)."""

from __future__ import annotations

import datetime as dt
import gc
import pickle
import threading
from collections import Counter
from collections.abc import Callable
from dataclasses import fields
from typing import Any

import pytest
from django.db import connections

from congminh.apps.reports import selectors, snapshot
from congminh.apps.reports.review import CaseFacts
from congminh.apps.web.management.commands import serve

pytestmark = pytest.mark.django_db(transaction=True)

# The Procuracy's Quý IV/2026 (the `period` fixture) is the last ended quarter on this day.
TODAY = dt.date(2026, 12, 4)
WAIT = 60  # seconds a thread may wait for another before the test gives up


def _in_thread(target: Callable[[], Any], out: dict[str, Any], name: str) -> threading.Thread:
    def run() -> None:
        try:
            out[name] = target()
        finally:
            connections.close_all()  # the thread's own

    thread = threading.Thread(target=run, name=name)
    thread.start()
    return thread


def test_the_hook_loads_once_and_a_request_meanwhile_waits_for_it(
        cast: dict[str, Any], period: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    built = snapshot.current(period, period.end, selectors.logs_as_of)  # and written to its file
    assert cast["old_overdue"].pk in built.entries
    snapshot.forget()  # a new worker: nothing in memory, the file on disk

    loads: Counter[Any] = Counter()
    loading, release, request_waits = threading.Event(), threading.Event(), threading.Event()
    real_load, real_lock = snapshot._load, snapshot._STORE.lock

    def counted_load(key: Any) -> Any:
        loads[key] += 1
        loading.set()
        assert release.wait(WAIT)
        return real_load(key)

    def lock(key: Any) -> threading.Lock:
        if threading.current_thread().name == "request":
            request_waits.set()  # about to wait for the lock the hook's load holds
        return real_lock(key)

    monkeypatch.setattr(snapshot, "_load", counted_load)
    monkeypatch.setattr(snapshot._STORE, "lock", lock)
    out: dict[str, Any] = {}
    hook = _in_thread(lambda: snapshot.preload(TODAY), out, "hook")
    assert loading.wait(WAIT)  # the hook is reading the file
    request = _in_thread(lambda: snapshot.current(period, period.end, selectors.logs_as_of), out, "request")
    assert request_waits.wait(WAIT)
    assert "request" not in out
    release.set()
    hook.join(WAIT)
    request.join(WAIT)
    assert not hook.is_alive() and not request.is_alive()

    key = (period.code, period.year_start_month, period.end)
    assert loads[key] == 1  # the request found the hook's snapshot: the file read once
    assert out["request"] is out["hook"][0]
    assert out["request"].entries == built.entries


def test_without_a_file_the_hook_builds_nothing(cast: dict[str, Any], period: Any,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(snapshot, "_load", lambda key: None)  # no file for any quarter
    read: list[Any] = []
    monkeypatch.setattr(selectors, "logs_as_of", lambda *args: read.append(args))
    snapshot.forget()
    assert snapshot.preload(TODAY) == []
    assert read == []  # no log read, no case evaluated
    assert snapshot._STORE.snapshots == {}


def test_serve_runs_the_warm_up_in_each_worker_in_a_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    from gunicorn.config import Config

    settings = serve.gunicorn_settings({"bind": "127.0.0.1:0", "workers": 2, "timeout": 30})
    config = Config()
    for name, value in settings.items():
        config.set(name, value)  # gunicorn checks the hook takes the worker
    assert config.post_worker_init is serve.post_worker_init

    ran: list[str] = []
    done = threading.Event()

    def preload() -> list[Any]:
        ran.append(threading.current_thread().name)
        return []

    def freeze() -> None:  # not the test process's objects
        ran.append("gc.freeze")
        done.set()

    monkeypatch.setattr(snapshot, "preload", preload)
    monkeypatch.setattr(gc, "freeze", freeze)
    config.post_worker_init(object())
    assert done.wait(WAIT)
    # Not in the worker's own thread, which goes on to accept requests; what was loaded
    # then set aside from the garbage collector.
    assert ran == ["congminh-warm", "gc.freeze"]


def test_entries_pickle_their_field_values_and_read_the_former_state(cast: dict[str, Any], period: Any) -> None:
    built = snapshot.current(period, period.end, selectors.logs_as_of)
    case_id = cast["old_overdue"].pk
    entry = built.entries[case_id]
    assert entry.facts is not None and entry.facts.overdue
    again = pickle.loads(pickle.dumps(built.entries, protocol=pickle.HIGHEST_PROTOCOL))  # noqa: S301
    assert again == built.entries
    assert again[case_id].facts is not None
    # Before format 7 the facts were a frozen slotted dataclass, which `dataclasses`
    # pickled as the list of its field values: read as `_FormerFacts`, the same facts.
    former = snapshot._FormerFacts.__new__(snapshot._FormerFacts)
    former.__setstate__([getattr(entry.facts, f.name) for f in fields(snapshot._FormerFacts)])
    assert type(snapshot._current_facts(former)) is CaseFacts
    assert snapshot._current_facts(former) == entry.facts
