"""The main menu (`{% main_menu %}`, drawn once per links shown, active section and
language, issue #12.3): each role's links, the active link on each section, the links
of a user whose permissions change, and no query of its own."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.db import connection
from django.test import Client, RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from congminh.apps.accounts.models import User
from congminh.apps.jobs.selectors import SESSION_FLAG
from congminh.apps.web.templatetags.navigation import main_menu

EVERYONE = ["/", "/reports/leadership/", "/cases/"]
BODY_PAGES = ["/directives/", "/expertise/", "/evidence/", "/attendance/", "/reports/quarterly/",
              "/reports/annual/", "/supervision/", "/complaints/", "/quality/", "/law/"]
# The links each role of the shared fixtures sees, in order (the menu as drawn before it
# was cached, issue #12.3).
LINKS = {
    "officer_a": [*EVERYONE, "/cases/new/", "/claims/", "/imports/", *BODY_PAGES],
    "viewer_a": [*EVERYONE, *BODY_PAGES],
    "prosecutor": [*EVERYONE, "/cases/new/", "/claims/", "/imports/", *BODY_PAGES],
    "investigator": [*EVERYONE, "/cases/new/", "/claims/", "/imports/", *BODY_PAGES],
    "supervisor": [*EVERYONE, *BODY_PAGES],
    "outsider_supervisor": [*EVERYONE, *BODY_PAGES],
    "admin": [*EVERYONE, "/cases/new/", "/claims/", "/imports/", "/jobs/", *BODY_PAGES, "/api/docs/"],
}


def _menu(client: Client, url: str) -> list[tuple[str, bool]]:
    """The menu's links of the page at `url`: (href, highlighted)."""
    response = client.get(url)
    assert response.status_code == 200
    nav = re.search(r'<nav class="mainnav"[^>]*>(.*?)</nav>', response.content.decode(), re.S)
    assert nav is not None
    return [(href, bool(active)) for href, active in re.findall(r'<a href="([^"]+)"( class="active")?>', nav.group(1))]


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.django_db
@pytest.mark.parametrize("who", sorted(LINKS))
def test_each_role_sees_its_links(who: str, users: dict[str, Any]) -> None:
    client = _client(users[who])
    for _ in range(2):  # drawn, then from the cache
        assert _menu(client, reverse("web:dashboard")) == [(href, href == "/") for href in LINKS[who]]


@pytest.mark.django_db
def test_labels_are_vietnamese(users: dict[str, Any]) -> None:
    html = _client(users["admin"]).get(reverse("web:dashboard")).content.decode()
    for label in ("Tổng quan", "Vụ án", "Công việc", "Tài liệu API"):
        assert f">{label}</a>" in html


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "active"), [
    ("/", ["/"]),
    ("/cases/", ["/cases/"]),
    ("/cases/new/", ["/cases/", "/cases/new/"]),  # within the cases, the new case's page itself
    ("/claims/", ["/claims/"]),
    ("/jobs/", ["/jobs/"]),
    ("/reports/quarterly/", ["/reports/quarterly/"]),
    ("/complaints/", ["/complaints/"]),
    ("/law/", ["/law/"]),
])
def test_the_page_highlights_its_section(url: str, active: list[str], users: dict[str, Any]) -> None:
    client = _client(users["admin"])
    assert [href for href, on in _menu(client, url) if on] == active
    # The same user's other pages do not keep that highlight.
    assert [href for href, on in _menu(client, reverse("web:dashboard")) if on] == ["/"]


@pytest.mark.django_db
def test_a_user_whose_permissions_change_gets_the_new_menu(users: dict[str, Any], orgs: dict[str, Any]) -> None:
    officer = users["officer_a"]
    client = _client(officer)
    assert [href for href, _on in _menu(client, "/")] == LINKS["officer_a"]
    User.objects.filter(pk=officer.pk).update(role="viewer")
    assert [href for href, _on in _menu(client, "/")] == LINKS["viewer_a"]
    User.objects.filter(pk=officer.pk).update(role="officer", organisation=orgs["procuracy"])
    assert [href for href, _on in _menu(client, "/")] == LINKS["prosecutor"]
    # Jobs: shown once the session says the user has some.
    session = client.session
    session[SESSION_FLAG] = True
    session.save()
    assert "/jobs/" in [href for href, _on in _menu(client, "/")]


@pytest.mark.django_db
def test_the_menu_runs_no_query(users: dict[str, Any]) -> None:
    user = User.objects.select_related("organisation").get(pk=users["officer_a"].pk)
    request = RequestFactory().get("/cases/")
    request.user = user
    request.session = {}  # type: ignore[assignment]  # what sees_jobs reads
    with CaptureQueriesContext(connection) as queries:
        first = main_menu({"request": request})
        again = main_menu({"request": request})
    assert not queries.captured_queries
    assert first == again and 'href="/cases/" class="active"' in first


@pytest.mark.django_db
def test_a_page_reads_the_user_with_the_body(users: dict[str, Any]) -> None:
    """The signed-in user is read with the user's body in one query (`UserBackend`): the
    menu and the frame need the body; sessions opened with Django's backend still work."""
    client = _client(users["officer_a"])
    client.get(reverse("web:dashboard"))
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("web:dashboard")).status_code == 200
    assert not [q for q in queries.captured_queries if q["sql"].startswith('SELECT "organisations_organisation"')]
    old = Client()
    old.force_login(users["officer_a"], backend="django.contrib.auth.backends.ModelBackend")
    assert "/cases/new/" in [href for href, _on in _menu(old, "/")]


@pytest.mark.django_db
def test_password_login_once(users: dict[str, Any]) -> None:
    client = Client()
    assert not client.login(username="officer_a", password="wrong-password-1")
    assert client.login(username="officer_a", password="matkhau-an-toan-1")
    assert client.session["_auth_user_backend"] == "congminh.apps.accounts.security.UserBackend"
