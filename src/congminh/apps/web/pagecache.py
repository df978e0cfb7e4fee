"""Page bodies rendered once per scope and data version (issue #12.3).

A warm dashboard or case list read its counts from the cache and still spent most of its
time building tables and rendering templates: a count table of every body, hundreds of
<option>s of bodies in the filters, the 25 rows. Here the body of such a page (what its
`{% block content %}` shows) is kept as HTML under the user's scope (`scope_key`), the
page, the query string, the language and the day, until the data it shows changes
(`cases.counts.cached_value`: the data versions of the bodies whose cases the scope reads
are in the key, so a write in another body's case keeps it; nothing is cached inside a
transaction). A warm request then reads one cache entry; the frame around the
body (the user's name, the logout form's CSRF token, messages) is still drawn per
request by `base.html`; its menu is a fragment kept here too (`cached_fragment`), under
what decides it.

The body is rendered without the request, so nothing of one request (a CSRF token, the
user's name, a message) can be cached and shown to another.

The case page's body (`cached_case_body`) is kept the same way, per case: under the data
version of its holding body (every write to the case, its numbers, events and clocks
counts for its holder, `cases.dbobjects`; the oversight workflows for every scope) and its
newest audit entry (what else changes on the page, a number claim decided, is audited).
Its forms carry a mark where the CSRF token goes, replaced by the request's own token
each time the body is served (`CSRF_MARK`).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.cache import cache
from django.http import HttpRequest
from django.middleware.csrf import get_token
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from congminh.apps.accounts import scope
from congminh.apps.audit.selectors import audit_last_id
from congminh.apps.cases.counts import TIMEOUT, ReadSet, cached_value, read_set


def scope_key(user: Any) -> str:
    """What a user's reads depend on: the role, the body and superuser status. The scopes
    (`accounts.scope`: cases, bodies, requests, complaints, recommendations) are decided
    from these alone; what they reach through the body (its kind, level, province,
    predecessors) is data that moves the data version. Users of one body and role share
    their pages."""
    return (f"{getattr(user, 'role', '')}\x00{getattr(user, 'organisation_id', None)}"
            f"\x00{bool(getattr(user, 'is_superuser', False))}")


def cached_body(request: HttpRequest, page: str, template: str,
                context: Callable[[], dict[str, Any]]) -> SafeString:
    """`template` rendered with `context()`, cached for the user's scope, the query
    string, the language and the day; `context` runs only when the body is not cached.
    Kept until a write to the cases of the bodies the scope reads, or to what every scope
    reads (`cases.dbobjects`): a write in another body's case leaves it."""
    key = "\x00".join(("page", page, scope_key(request.user), get_language() or "",
                       timezone.localdate().isoformat(), request.GET.urlencode()))
    # Every part was escaped when the template rendered it.
    return mark_safe(cached_value(key, lambda: render_to_string(template, context()),  # noqa: S308
                                  bodies=lambda: read_bodies(request.user)))


# What a body drawn for many requests has where a form's CSRF token goes; each request's
# own token replaces it when the body is served (`_with_token`). Letters and dashes only:
# the `{% csrf_token %}` tag writes it unchanged.
CSRF_MARK = "congminh-csrf-token-of-the-request"


@dataclass(frozen=True)
class Viewer:
    """What a body drawn for many requests may read of the request, as `request`: the user
    alone, whose scope is in the body's key (`scope_key`; the case page's sections ask
    `request.user` what the user may read and do). No path, session, token or message."""

    user: Any


def draw(request: HttpRequest, template: str, context: dict[str, Any]) -> SafeString:
    """`template` drawn as a cached body is (`cached_case_body`), for this request only:
    the page shown again with a form's errors and what was typed."""
    return _with_token(request, _render(request.user, template, context))


def cached_case_body(request: HttpRequest, case: Any, template: str,
                     context: Callable[[], dict[str, Any]]) -> SafeString:
    """The case page's body: `template` drawn with `context()` (which must read the case
    afresh: a write may land between the request's read of it and the version's), cached
    for the case, its holder, the user's scope and whether it sees personal data
    (`scope.sees_personal_data`, a permission), the query string (the audit trail's
    page), the language and the day; kept until a write to the case (its holder's data
    version), to what every scope reads, or a new entry in its audit trail."""
    user = request.user
    key = "\x00".join(("case", str(case.pk), str(case.holder_id), scope_key(user),
                       str(scope.sees_personal_data(user)), get_language() or "",
                       timezone.localdate().isoformat(), request.GET.urlencode(),
                       str(audit_last_id(case_id=case.pk))))
    html = cached_value(key, lambda: _render(user, template, context()), bodies=lambda: [case.holder_id])
    return _with_token(request, html)


def _render(user: Any, template: str, context: dict[str, Any]) -> str:
    return render_to_string(template, {**context, "request": Viewer(user), "csrf_token": CSRF_MARK})


def _with_token(request: HttpRequest, html: str) -> SafeString:
    # Every part was escaped when the template rendered it; the token is letters and digits.
    return mark_safe(html.replace(CSRF_MARK, get_token(request)))  # noqa: S308


def read_bodies(user: Any) -> ReadSet | None:
    """`scope.case_read_bodies(user)` with the provinces it covers named instead of their
    bodies (`cases.counts.read_set`), cached for the scope until a body or a succession
    changes (they move the shared version, the only one an empty list of bodies reads)."""
    if scope.is_admin(user):
        return None
    return cached_value(f"read-set\x00{scope_key(user)}",
                        lambda: read_set(scope.case_read_bodies(user) or []), bodies=list)


def cached_fragment(key: str, render: Callable[[], str]) -> SafeString:
    """`render()`, HTML that `key` alone decides (no data read: the menu, whose key holds
    the links a user may use and the page's section), drawn once per key and kept in the
    cache the page bodies use; no data version is asked. `key` must hold the release
    (`congminh.__version__`) when the HTML may change with the code, as a shared cache
    outlives a deployment."""
    full_key = "congminh:fragment:" + hashlib.sha256(key.encode()).hexdigest()
    html: str | None = cache.get(full_key)
    if html is None:
        html = render()
        cache.set(full_key, html, TIMEOUT)
    # `render` escaped what it drew (format_html, templates).
    return mark_safe(html)  # noqa: S308
