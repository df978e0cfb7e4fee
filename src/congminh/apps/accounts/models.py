"""Users belong to one organisation and hold one role; the role and the organisation
decide which cases they may read and write (see `congminh.apps.accounts.scope`)."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    OFFICER = "officer", _("Officer")
    VIEWER = "viewer", _("Viewer")
    SUPERVISOR = "supervisor", _("Supervisor")
    ADMIN = "admin", _("Administrator")


class User(AbstractUser):
    organisation = models.ForeignKey(
        "organisations.Organisation", null=True, blank=True, on_delete=models.PROTECT,
        related_name="users", verbose_name=_("organisation"),
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.VIEWER)

    class Meta(AbstractUser.Meta):  # type: ignore[name-defined,misc]
        swappable = "AUTH_USER_MODEL"
        permissions = [
            # Supervisors read the whole province with personal data masked unless granted.
            ("view_personal_data", _("Can see parties' identity numbers, addresses and birth years")),
        ]
