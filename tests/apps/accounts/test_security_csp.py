"""The Content-Security-Policy: every page the demo users reach carries it, and none holds
an inline script, an event handler attribute, a `javascript:` address or a style
attribute (the policy would block them: `script-src 'self'`, `style-src 'self'`)."""

from __future__ import annotations

import datetime as dt
import re
from collections import deque
from urllib.parse import urljoin, urlsplit

import pytest
from django.test import Client

from congminh.apps.accounts.models import User
from congminh.apps.demo.services import DEMO_USERS, demo_setup

pytestmark = pytest.mark.django_db

INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/(?:ld\+)?json\")[^>]*>", re.I)
HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
JS_URL = re.compile(r"""\b(?:href|src|action|formaction)\s*=\s*["']?\s*javascript:""", re.I)
STYLE_ATTR = re.compile(r"<[a-z][^>]*\sstyle\s*=", re.I)
HREF = re.compile(r"""<a\b[^>]*\bhref="([^"#]+)""", re.I)
REQUIRED = ("default-src 'self'", "script-src 'self'", "object-src 'none'", "frame-ancestors 'none'",
            "base-uri 'self'", "form-action 'self'")
# Files, not pages; and the API docs, whose widgets need inline styles (own policy).
SKIP = re.compile(r"\.(csv|xlsx|docx|pdf|json|js|css|png|svg)$|/export|/download|/logout")
PAGES_PER_USER = 250


def _shape(url: str) -> str:
    """One page per address shape: ids and filters render the same template."""
    return re.sub(r"\d+", "N", urlsplit(url).path)


def _walk(client: Client, start: str, seen: set[str]) -> dict[str, str]:
    """url -> problems found, for the pages reachable by links from `start` whose shape
    no earlier walk has checked (`seen`: the pages are the same templates for everyone)."""
    found: dict[str, str] = {}
    seen.add(_shape(start))
    todo = deque([start])
    while todo and len(found) < PAGES_PER_USER:
        url = todo.popleft()
        response = client.get(url)
        if response.status_code != 200 or "text/html" not in response.get("Content-Type", ""):
            continue
        html = response.content.decode()
        problems = []
        policy = response.get("Content-Security-Policy", "")
        problems += [f"policy lacks {d}" for d in REQUIRED if d not in policy]
        for name, pattern in (("inline script", INLINE_SCRIPT), ("handler", HANDLER), ("javascript:", JS_URL)):
            problems += [f"{name}: {m[:80]}" for m in pattern.findall(html)]
        if not url.startswith("/api/docs"):
            problems += [f"style attribute: {m[:80]}" for m in STYLE_ATTR.findall(html)]
        found[url] = "; ".join(problems)
        for href in HREF.findall(html):
            target = urljoin(url, href.replace("&amp;", "&"))
            if target.startswith("/") and not SKIP.search(urlsplit(target).path) and _shape(target) not in seen:
                seen.add(_shape(target))
                todo.append(target)
    return found


def test_every_page_of_the_demo_users_has_the_policy_and_no_inline_code() -> None:
    demo_setup(as_of=dt.date(2026, 11, 26), count=20)
    root = User.objects.create_superuser("root", password="x-Mat-khau-9")
    walked: dict[str, str] = {}
    seen: set[str] = set()
    for username in ["root"] + [u[0] for u in DEMO_USERS]:
        client = Client()
        client.force_login(User.objects.get(username=username) if username != "root" else root)
        for start in ("/", "/admin/") if username == "root" else ("/",):
            seen.discard(_shape(start))  # each user starts from its own dashboard
            walked.update({f"{username} {u}": p for u, p in _walk(client, start, seen).items()})
    walked.update({f"anonymous {u}": p for u, p in _walk(Client(), "/login/", seen).items()})
    assert len(walked) > 60, sorted(walked)
    assert {k: v for k, v in walked.items() if v} == {}
