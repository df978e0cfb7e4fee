"""Every page renders in Vietnamese for the people who use it, and only for them."""

from __future__ import annotations

from typing import Any

from django.urls import reverse


def test_pages_render_for_supervisor(client: Any, users: dict[str, Any], confirmed_seed: Any) -> None:
    client.force_login(users["supervisor"])
    for name, args in [("index", []), ("list", []), ("board", []), ("obligations", []),
                       ("detail", [confirmed_seed.pk])]:
        response = client.get(reverse(f"directives:{name}", args=args))
        assert response.status_code == 200, name
    detail = client.get(reverse("directives:detail", args=[confirmed_seed.pk])).content.decode()
    assert "Hàng quý" in detail and "Quý IV/2026" in detail
    index = client.get(reverse("directives:index")).content.decode()
    assert reverse("directives:register") not in index  # a supervisor does not register


def test_clerk_sees_register_book(client: Any, clerk: Any, confirmed_seed: Any) -> None:
    client.force_login(clerk)
    assert reverse("directives:register") in client.get(reverse("directives:index")).content.decode()
    book = client.get(reverse("directives:incoming")).content.decode()
    assert "Sổ văn bản đến" in book and "26/11/2026" in book
    # The confirmed document's review page now leads to the directive.
    review = reverse("directives:review", args=[confirmed_seed.document.pk])
    assert client.get(review)["Location"] == reverse("directives:detail", args=[confirmed_seed.pk])


def test_other_bodies_cannot_register_or_review(client: Any, users: dict[str, Any],
                                                confirmed_seed: Any) -> None:
    client.force_login(users["supervisor"])
    assert client.get(reverse("directives:register")).status_code == 403
    client.force_login(users["officer_a"])
    review = reverse("directives:review", args=[confirmed_seed.document.pk])
    assert client.get(review).status_code == 404


def test_anonymous_is_sent_to_login(client: Any) -> None:
    response = client.get(reverse("directives:board"))
    assert response.status_code == 302 and reverse("web:login") in response["Location"]


def test_the_register_book_and_the_directive_list_are_counted_and_paginated(
    client: Any, clerk: Any, registry: dict[str, Any],
) -> None:
    """A year's incoming documents run to hundreds: the book and the list say how many
    and show them 25 to a page, the newest first."""
    import datetime as dt

    from congminh.apps.directives import services
    from congminh.apps.directives.models import Directive

    for n in range(1, 28):
        doc = services.incoming_register(actor=clerk, received_on=dt.date(2026, 11, 2),
                                         parsed={"subject": f"Văn bản thử số {n:02d}", "tasks": []})
        Directive.objects.create(document=doc, receiving_body=clerk.organisation, issuer="UBND tỉnh",
                                 subject=f"Chỉ đạo thử số {n:02d}", confirmed_on=dt.date(2026, 11, 3),
                                 horizon=dt.date(2027, 12, 31))
    client.force_login(clerk)
    for name, words in (("incoming", "Văn bản thử số"), ("list", "Chỉ đạo thử số")):
        first = client.get(reverse(f"directives:{name}")).content.decode()
        second = client.get(reverse(f"directives:{name}"), {"page": 2}).content.decode()
        assert "27 văn bản" in first and "Trang 1 / 2" in first, name
        assert first.count(words) == 25 and second.count(words) == 2, name
        assert f"{words} 27" in first and f"{words} 01" in second, name
