"""Recommendations within one status follow their response deadline: overdue first (the
most overdue at the top), then the soonest due; the id only breaks ties. The list's default
is that worst-first order, and the plan page's table follows it too."""

from __future__ import annotations

import datetime as dt
from typing import Any

import time_machine
from django.urls import reverse

from congminh.apps.supervision import selectors, services
from congminh.apps.supervision.selectors import RecommendationFilters

TODAY = dt.date(2026, 6, 15)


def _issue(plan: Any, addressee: Any, actor: Any, content: str, due: dt.date) -> Any:
    return services.recommendation_issue(actor=actor, plan=plan, addressee=addressee, content=content,
                                         issued_on=dt.date(2026, 4, 1), due=due)


def test_within_a_status_the_deadline_orders(client: Any, cast: dict[str, Any], sup_orgs: dict[str, Any],
                                             plans: dict[str, Any]) -> None:
    hd, court = plans["hd"], sup_orgs["court_a"]
    # issued in the reverse order of their deadlines: ordering by id would list them backwards
    late_less = _issue(hd, court, cast["hdnd"], "Quá hạn ít ngày", dt.date(2026, 6, 10))
    late_more = _issue(hd, court, cast["hdnd"], "Quá hạn lâu", dt.date(2026, 4, 20))
    later = _issue(hd, court, cast["hdnd"], "Còn hạn xa", dt.date(2026, 9, 1))
    sooner = _issue(hd, court, cast["hdnd"], "Còn hạn gần", dt.date(2026, 7, 1))
    twin = _issue(hd, court, cast["hdnd"], "Còn hạn gần, cùng ngày", dt.date(2026, 7, 1))
    recs = selectors.recommendation_list(user=cast["noichinh"], filters=RecommendationFilters(), today=TODAY)
    order = [r.pk for r in recs]
    overdue = [late_more.pk, plans["rec_p"].pk, late_less.pk]    # due 20/4, 31/5, 10/6
    on_time = [plans["rec_b"].pk, plans["rec_a"].pk, sooner.pk, twin.pk, later.pk]  # 20/6, 1/7 (×3), 1/9
    assert order == overdue + [pk for pk in on_time if pk in order]
    assert plans["rec_a"].due == dt.date(2026, 7, 1) and plans["rec_a"].pk < sooner.pk < twin.pk
    # the same order through the page's default and on the plan page
    client.force_login(cast["noichinh"])
    with time_machine.travel(dt.datetime(2026, 6, 15, 9, tzinfo=dt.UTC), tick=False):
        page = client.get(reverse("supervision:recommendations")).content.decode()
        plan_page = client.get(reverse("supervision:plan", args=[hd.pk])).content.decode()
    assert (page.index("Quá hạn lâu") < page.index("Kiểm sát chặt") < page.index("Quá hạn ít ngày")
            < page.index("Tống đạt") < page.index("Rút kinh nghiệm") < page.index("Còn hạn gần")
            < page.index("Còn hạn xa"))
    assert (plan_page.index("Quá hạn lâu") < plan_page.index("Kiểm sát chặt")
            < plan_page.index("Quá hạn ít ngày") < plan_page.index("Còn hạn gần") < plan_page.index("Còn hạn xa"))
    # by addressee: within one body, worst first as well
    by_body = selectors.recommendation_list(
        user=cast["noichinh"], filters=RecommendationFilters(addressee_id=court.pk, sort="addressee"),
        today=TODAY)
    assert [r.pk for r in by_body] == [late_more.pk, late_less.pk, plans["rec_a"].pk, sooner.pk, twin.pk,
                                       later.pk]
