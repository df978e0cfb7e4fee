"""Fifty clients recording events at once through the API, on the same case and on
different cases (issue 12, item 6): every request answered 201 — no 5xx, no lock error —
and every event stored exactly once. Runs on the suite's database (SQLite here, PostgreSQL
in CI's second run) against the live server on loopback."""

from __future__ import annotations

import json
import threading
import urllib.error
import urllib.request
from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command
from django.core.servers.basehttp import ThreadedWSGIServer

from congminh.apps.cases.models import CaseEvent

pytestmark = pytest.mark.django_db(transaction=True)

# The test server's listen backlog is socketserver's 5: fifty clients connecting at once
# would be reset by the kernel before any request reaches the app (gunicorn, which serves
# production, listens with 2048). Set before the session's live server starts listening.
ThreadedWSGIServer.request_queue_size = 128

CLIENTS = 50
EACH = 3  # events per client: 150 requests in all


def _post(url: str, token: str, body: dict[str, Any]) -> int:
    request = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST", headers={
        "Authorization": f"Token {token}", "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=120) as response:  # noqa: S310 (loopback)
            return int(response.status)
    except urllib.error.HTTPError as err:
        return int(err.code)


def test_fifty_clients_lose_and_duplicate_nothing(live_server: Any, make_case: Any,
                                                  users: dict[str, Any]) -> None:
    shared = make_case(procedure="criminal", number="01/2026/HS", events=[])
    own = [make_case(procedure="criminal", number=f"{n + 2:02d}/2026/HS", events=[]) for n in range(10)]
    out = StringIO()
    call_command("token", "create", users["admin"].username, stdout=out)
    token = out.getvalue().strip()
    statuses: list[int] = []
    lock = threading.Lock()

    def client(n: int) -> None:
        # Even clients write to the one shared case, odd ones to a case of ten.
        case = shared if n % 2 == 0 else own[n % 10]
        url = f"{live_server.url}/api/cases/{case.pk}/events/"
        for k in range(EACH):
            body = {"type": "holding_ordered", "date": "2026-03-02", "person": f"Người {n}-{k}"}
            status = _post(url, token, body)
            with lock:
                statuses.append(status)

    threads = [threading.Thread(target=client, args=(n,)) for n in range(CLIENTS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)

    assert statuses.count(201) == CLIENTS * EACH, sorted(set(statuses))
    people = list(CaseEvent.objects.filter(type="holding_ordered").values_list("data__person", flat=True))
    assert len(people) == CLIENTS * EACH
    assert len(set(people)) == CLIENTS * EACH  # none twice
    assert CaseEvent.objects.filter(case=shared, type="holding_ordered").count() == CLIENTS // 2 * EACH
