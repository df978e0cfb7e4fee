"""Sessions (`accounts.sessions`: Django's database sessions read with one SQL statement):
a signed-in user stays signed in, an expired, deleted or unknown session signs nobody
in, and a session written by Django's own store reads the same (and back)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.sessions.backends import db as django_db
from django.contrib.sessions.models import Session
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from congminh.apps.accounts.sessions import SessionStore

pytestmark = pytest.mark.django_db


def _signed_in(client: Client) -> bool:
    response = client.get(reverse("web:dashboard"))
    return response.status_code == 200


def test_a_session_keeps_its_user_until_it_expires(users: dict[str, Any]) -> None:
    client = Client()
    client.force_login(users["officer_a"])
    assert _signed_in(client)
    key = client.cookies["sessionid"].value
    Session.objects.filter(session_key=key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    assert not _signed_in(client)  # redirected to the login page


def test_a_deleted_or_unknown_session_signs_nobody_in(users: dict[str, Any]) -> None:
    client = Client()
    client.force_login(users["officer_a"])
    Session.objects.all().delete()
    assert not _signed_in(client)
    store = SessionStore("x" * 32)
    assert store.load() == {} and store.session_key is None


def test_sessions_read_the_same_as_djangos(users: dict[str, Any]) -> None:
    ours = SessionStore()
    ours["flag"] = [1, "một"]
    ours.save()
    theirs = django_db.SessionStore(ours.session_key)
    assert theirs.load() == {"flag": [1, "một"]}
    theirs["other"] = True
    theirs.save()
    with CaptureQueriesContext(connection) as queries:
        assert SessionStore(ours.session_key).load() == {"flag": [1, "một"], "other": True}
    assert len(queries.captured_queries) == 1
