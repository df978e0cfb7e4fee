"""The registry of bodies: Party committees, police, procuracies, courts, enforcement
offices, People's Committees, departments, expertise bodies, councils and the Front.

Bodies have validity dates and predecessors because the 2025 reform merged provinces
(Bình Định into Gia Lai) and abolished districts; old cases keep pointing at the body
that acted then, and reports follow `predecessors` to group them by today's structure.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from congminh.core.text import fold


class Kind(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", _("Party committee")
    INTERNAL_AFFAIRS = "internal_affairs", _("Internal Affairs Committee")
    POLICE = "police", _("Police")
    INVESTIGATION_AGENCY = "investigation_agency", _("Investigation agency")
    PROCURACY = "procuracy", _("Procuracy")
    COURT = "court", _("Court")
    ENFORCEMENT_OFFICE = "enforcement_office", _("Civil judgment enforcement office")
    PEOPLES_COMMITTEE = "peoples_committee", _("People's Committee")
    DEPARTMENT = "department", _("Department")
    EXPERTISE_BODY = "expertise_body", _("Judicial expertise body")
    PEOPLES_COUNCIL = "peoples_council", _("People's Council")
    FATHERLAND_FRONT = "fatherland_front", _("Fatherland Front")


class Level(models.TextChoices):
    CENTRAL = "central", _("Central")
    PROVINCE = "province", _("Province")
    REGION = "region", _("Region")
    DISTRICT = "district", _("District")
    COMMUNE = "commune", _("Commune")


class Organisation(models.Model):
    code = models.CharField(_("code"), max_length=64, unique=True)
    name = models.CharField(_("name"), max_length=255)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children",
        verbose_name=_("parent"),
    )
    # Code of today's (post-2025) province whose territory the body serves: a provincial
    # supervisor's scope, kept the same for a body and its pre-merger predecessors.
    province_code = models.CharField(_("province code"), max_length=8, blank=True, db_index=True)
    admin_unit_code = models.CharField(_("administrative unit code"), max_length=16, blank=True)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    predecessors = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="successors",
        verbose_name=_("predecessors"),
    )
    email = models.EmailField(_("email"), blank=True)
    name_folded = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        ordering = ["province_code", "level", "name"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name

    def save(self, *args: object, **kwargs: object) -> None:
        self.name_folded = fold(self.name)
        super().save(*args, **kwargs)  # type: ignore[arg-type]


class OrganisationAlias(models.Model):
    """A name documents use for a body ("VKSND tỉnh", "Viện Kiểm sát nhân dân tỉnh")."""

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="aliases"
    )
    alias = models.CharField(_("alias"), max_length=255)
    alias_folded = models.CharField(max_length=255, editable=False, db_index=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["organisation", "alias"], name="uniq_org_alias")
        ]
        verbose_name = _("alias")
        verbose_name_plural = _("aliases")

    def __str__(self) -> str:
        return self.alias

    def save(self, *args: object, **kwargs: object) -> None:
        self.alias_folded = fold(self.alias)
        super().save(*args, **kwargs)  # type: ignore[arg-type]
