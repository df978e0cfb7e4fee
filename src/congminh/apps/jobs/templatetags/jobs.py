"""`{% jobs_menu_link %}`: the menu's «Công việc» link, for admins and for users with jobs
(a session flag set at login, at an upload and on the jobs page: no query per page)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from congminh.apps.accounts.scope import is_admin
from congminh.apps.jobs.selectors import SESSION_FLAG

register = template.Library()


def sees_jobs(user: Any, request: Any) -> bool:
    session = getattr(request, "session", None)
    return bool(is_admin(user) or (session is not None and session.get(SESSION_FLAG)))


@register.simple_tag(takes_context=True)
def jobs_menu_link(context: Any) -> str:
    request = context.get("request")
    if request is None or not sees_jobs(context.get("user"), request):
        return ""
    url = reverse("jobs:list")
    active = mark_safe(' class="active"') if request.path.startswith(url) else ""
    return format_html('<a href="{}"{}>{}</a>', url, active, _("Jobs"))
