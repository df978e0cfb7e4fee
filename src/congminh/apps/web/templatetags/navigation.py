"""`{% main_menu %}`: the main menu's links (issue #12.3).

Drawn by the template per request, the menu cost a warm dashboard about 40% of its time
(twenty `{% url %}`, `{% translate %}` and `{% if %}`). What decides it is small: which
links the user may use (`scope.menu`, and the jobs link: `jobs.selectors.sees_jobs`),
which of them the current page makes active, the language and the script prefix. The
links are drawn once for each such combination and kept in the cache
(`pagecache.cached_fragment`): a user whose role or body changes gets the links of the
new permissions at the next page, since the key holds the permissions, not the user.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

from django import template
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from congminh import __version__
from congminh.apps.accounts import scope
from congminh.apps.jobs.selectors import sees_jobs
from congminh.apps.web.pagecache import cached_fragment

register = template.Library()

ACTIVE = mark_safe(' class="active"')


@dataclass(frozen=True)
class Link:
    """One link: `target` is a URL name, or a plain path («/imports/»: the app owning the
    page names it); `shown` the `scope.menu` entry (or "jobs") that decides whether the
    user sees it, "" for every signed-in user; `active` when the link is highlighted: the
    page itself ("exact"), any page whose path contains it ("within"), any page under it
    ("under"), never ("")."""

    label: Promise
    target: str
    shown: str = ""
    active: str = "within"
    section: str = ""  # the path "within" looks for when it is not the link's own

    def url(self) -> str:
        return self.target if self.target.startswith("/") else reverse(self.target)

    def is_active(self, url: str, path: str) -> bool:
        if self.active == "exact":
            return path == url
        if self.active == "under":
            return path.startswith(url)
        return self.active == "within" and (self.section or url) in path


LINKS = (
    Link(_("Dashboard"), "web:dashboard", active="exact"),
    Link(_("Leadership overview"), "reports:leadership"),
    Link(_("Cases"), "web:case_list"),
    Link(_("New case"), "web:case_create", "case_create", "exact"),
    Link(_("Number links"), "web:claims", "claims", "exact"),
    Link(_("Data import"), "/imports/", "imports"),
    Link(_("Jobs"), "jobs:list", "jobs", "under"),
    Link(_("Directives"), "/directives/", "directives"),
    Link(_("Judicial expertise"), "/expertise/", "expertise"),
    Link(_("Evidence requests"), "/evidence/", "evidence"),
    Link(_("Administrative sessions"), "/attendance/", "attendance"),
    Link(_("Quarterly review"), "/reports/quarterly/", "reports"),
    Link(_("Annual report"), "/reports/annual/", "reports"),
    Link(_("Supervision"), "/supervision/", "supervision"),
    Link(_("Complaints and denunciations"), "complaints:list", "complaints", section="/complaints/"),
    Link(_("Judgment quality"), "/quality/", "quality"),
    Link(_("National view"), "/national/", "national"),
    Link(_("Legal basis"), "/law/", "law"),
    Link(_("API docs"), "api-docs", "api_docs", active=""),
)


def shown_links(user: Any, request: Any) -> tuple[bool, ...]:
    """Which of `LINKS` the user sees: what decides the menu, besides the page."""
    allowed = {**scope.menu(user), "jobs": sees_jobs(user, request), "": True}
    return tuple(allowed[link.shown] for link in LINKS)


@functools.cache
def _urls(prefix: str, urlconf: Any) -> tuple[str, ...]:
    """The links' URLs under this script prefix and URL configuration (those `reverse`
    reads): fixed while the process runs; reversing them cost more than the rest."""
    return tuple(link.url() for link in LINKS)


def menu_html(shown: tuple[bool, ...], path: str) -> SafeString:
    """The links `shown`, those `path` makes active highlighted; drawn once for each
    (links shown, links active, language, script prefix)."""
    prefix = get_script_prefix()
    links = [(link, url) for link, url, seen in zip(LINKS, _urls(prefix, get_urlconf()), shown, strict=True)
             if seen]
    active = "".join("1" if link.is_active(url, path) else "0" for link, url in links)
    key = "\x00".join(("menu", __version__, get_language() or "", prefix,
                       "".join("1" if s else "0" for s in shown), active))
    return cached_fragment(key, lambda: "\n      ".join(
        format_html('<a href="{}"{}>{}</a>', url, ACTIVE if on == "1" else "", link.label)
        for (link, url), on in zip(links, active, strict=True)))


@register.simple_tag(takes_context=True)
def main_menu(context: Any) -> SafeString:
    request = context["request"]
    return menu_html(shown_links(request.user, request), request.path)
