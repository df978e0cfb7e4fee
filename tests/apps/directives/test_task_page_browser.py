"""A task's page in headless Chromium at 1366×768 (the province's office screens): the
heading of the progress form stands apart from the task's facts, nothing overflows."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from django.urls import reverse

from congminh.apps.directives.models import Obligation

CHROMIUM = "/usr/bin/chromium"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not Path(CHROMIUM).exists() and os.environ.get("CI") != "true",
                       reason="Chromium is not installed"),
]


def test_the_task_page_sets_its_sections_apart_and_fits_the_screen(
    page: Any, live_server: Any, log_in: Any, confirmed_seed: Any, users: dict[str, Any],
) -> None:
    obligation = Obligation.objects.filter(organisation=users["prosecutor"].organisation).first()
    assert obligation is not None
    page.set_viewport_size({"width": 1366, "height": 768})
    log_in(page, live_server.url, "prosecutor")
    page.goto(live_server.url + reverse("directives:obligation", args=[obligation.pk]))
    gap = page.evaluate("""() => {
        const facts = document.querySelector('dl.facts');
        const heading = facts.nextElementSibling;
        return heading.getBoundingClientRect().top - facts.getBoundingClientRect().bottom;
    }""")
    assert gap >= 12, f"the section heading touches the facts above it ({gap}px)"
    width = page.evaluate("[document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert width[0] <= width[1], f"the page overflows the screen: {width}"
