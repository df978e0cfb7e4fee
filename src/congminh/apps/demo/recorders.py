"""Who records the demo province's steps: a user of the body that made each one, as in a
province where every body enters its own work, so the history of a case, a complaint or a
request names a person («Người ghi»), never «—».

The body's demo account when it has one (`toaan`, `vks`, `thads`, ...: its officer first);
otherwise a clerk account of the body, `canbo.<code>`, made once, an officer of that body
without a password (it records, nobody logs in as it). The steps of bodies outside the
province's registry (the national bodies resolving complaints) are entered by the
province's administrator, the only role the scope lets record them (`scope.is_admin`).
"""

from __future__ import annotations

from django.db.models import Case, IntegerField, Value, When

from congminh.apps.accounts.models import Role, User
from congminh.apps.organisations.models import Organisation

CLERK_PREFIX = "canbo."
ADMIN = "admin"  # the demo administrator (`demo.services.DEMO_USERS`)
# Which of a body's accounts records its steps: an officer before a supervisor; never a viewer.
_RANK = Case(When(role=Role.OFFICER, then=Value(0)), When(role=Role.SUPERVISOR, then=Value(1)),
             default=Value(2), output_field=IntegerField())


class Recorders:
    """The recorder of each body, looked up (or its clerk made) once per body."""

    def __init__(self) -> None:
        self._by_body: dict[int, User] = {}

    def __call__(self, body_id: int) -> User:
        if body_id not in self._by_body:
            self._by_body[body_id] = _recorder(Organisation.objects.get(pk=body_id))
        return self._by_body[body_id]

    def knows(self, body_id: int) -> bool:
        """Is `body_id`'s recorder already found (no query, no clerk to make)?"""
        return body_id in self._by_body

    def of(self, body: Organisation | None) -> User | None:
        """`body`'s recorder; for no body (outside the registry), the administrator."""
        if body is None:
            return User.objects.filter(username=ADMIN).first()
        return self(body.pk)


def _recorder(body: Organisation) -> User:
    accounts = User.objects.filter(organisation=body, is_active=True,
                                   role__in=(Role.OFFICER, Role.SUPERVISOR)).annotate(rank=_RANK)
    # a demo account of the body before its clerk (made earlier, before that account was)
    found = (accounts.exclude(username__startswith=CLERK_PREFIX).order_by("rank", "username").first()
             or accounts.order_by("rank", "username").first())
    if found is not None:
        return found
    clerk = User(username=f"{CLERK_PREFIX}{body.code.lower()}", role=Role.OFFICER, organisation=body)
    clerk.set_unusable_password()
    clerk.full_clean()
    clerk.save()
    return clerk
