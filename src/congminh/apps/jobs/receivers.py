"""A user who has jobs sees «Công việc» in the menu: known at login (one query then), so
no page pays a query for the menu."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from congminh.apps.jobs.selectors import SESSION_FLAG, jobs_exist_for


@receiver(user_logged_in)
def _remember_jobs(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session") and jobs_exist_for(user):
        request.session[SESSION_FLAG] = True
