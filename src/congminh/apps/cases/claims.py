"""Linking two bodies' records of one case, with consent.

A body that gives another body's number for its case (in an import row, the API or a
form) makes a *claim*; the claim grants nothing until the body the number belongs to
(or an admin) confirms it. Confirming a number that body already uses for a case of its
own says the two records are one case: they are merged, an explicit and audited act.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from congminh.apps.accounts import scope
from congminh.apps.audit.services import audit_record
from congminh.apps.cases.models import (
    AgencyNumber,
    Case,
    CaseEvent,
    ClaimStatus,
    NumberClaim,
    Party,
)
from congminh.apps.cases.signals import case_events_changed
from congminh.apps.organisations.models import Organisation
from congminh.core.text import fold_key, nfc


def _require(decision: scope.Decision) -> None:
    if not decision:
        raise PermissionDenied(decision.reason)


@transaction.atomic
def claim_create(*, actor: Any, case: Case, organisation: Organisation, number: str) -> NumberClaim:
    """Record that `case` is the one `organisation` numbers `number` (pending)."""
    number = nfc(number.strip())
    key = fold_key(number)
    if not key:
        raise ValidationError({"number": _("The case number is empty.")})
    claim, created = NumberClaim.objects.get_or_create(
        case=case, organisation=organisation, number_key=key,
        defaults={"number": number, "claimed_by": getattr(actor, "organisation", None),
                  "claimed_by_user": actor if getattr(actor, "pk", None) else None},
    )
    if created:
        audit_record(actor=actor, action="claim_number", obj=claim, case_id=case.pk,
                     changes={"number": (None, f"{organisation.name}: {number}")})
    return claim


def claims_to_decide(user: Any) -> QuerySet[NumberClaim]:
    """Pending claims on the user's body's numbers (every pending claim for admins)."""
    qs = NumberClaim.objects.filter(status=ClaimStatus.PENDING).select_related(
        "case", "organisation", "claimed_by")
    if scope.is_admin(user):
        return qs.order_by("-created_at")
    org_id = getattr(user, "organisation_id", None)
    return qs.filter(organisation_id=org_id).order_by("-created_at") if org_id else qs.none()


def claims_made(user: Any) -> QuerySet[NumberClaim]:
    """Claims the user's body made, whatever their state."""
    org_id = getattr(user, "organisation_id", None)
    qs = NumberClaim.objects.select_related("case", "organisation", "claimed_by")
    return qs.filter(claimed_by_id=org_id).order_by("-created_at") if org_id else qs.none()


def claim_get(*, user: Any, pk: int) -> NumberClaim:
    """A claim the user may see: made by, or addressed to, its body (admins: any)."""
    from django.http import Http404

    qs = NumberClaim.objects.select_related("case", "organisation", "claimed_by")
    if not scope.is_admin(user):
        org_id = getattr(user, "organisation_id", None)
        qs = qs.filter(Q(organisation_id=org_id) | Q(claimed_by_id=org_id))
    claim = qs.filter(pk=pk).first()
    if claim is None:
        raise Http404("Claim not found")
    return claim


def _decide(actor: Any, claim: NumberClaim, status: str) -> None:
    if claim.status != ClaimStatus.PENDING:
        raise ValidationError(_("This link request was already decided."))
    claim.status = status
    claim.decided_by = actor if getattr(actor, "pk", None) else None
    claim.decided_at = timezone.now()
    claim.save(update_fields=["status", "decided_by", "decided_at"])


@transaction.atomic
def claim_confirm(*, actor: Any, claim: NumberClaim) -> Case:
    """The body confirms its number belongs to the claimed case; returns the case that
    now carries it (the body's own record when the two were merged)."""
    _require(scope.can_confirm_claim(actor, claim))
    _decide(actor, claim, ClaimStatus.CONFIRMED)
    own = AgencyNumber.objects.filter(
        organisation_id=claim.organisation_id, number_key=claim.number_key).first()
    audit_record(actor=actor, action="confirm_claim", obj=claim, case_id=claim.case_id,
                 changes={"number": (None, f"{claim.organisation.name}: {claim.number}")})
    if own is None:
        AgencyNumber.objects.create(case=claim.case, organisation_id=claim.organisation_id,
                                    number=claim.number, number_key=claim.number_key)
        _refresh(claim.case)
        return claim.case
    if own.case_id == claim.case_id:
        return claim.case
    # Both bodies agreed (one claimed, the other confirmed): one case, merged.
    return _merge(actor, keep=own.case, other=claim.case,
                  reason=_("Link of number %(n)s confirmed") % {"n": claim.number})


@transaction.atomic
def claim_reject(*, actor: Any, claim: NumberClaim) -> None:
    _require(scope.can_confirm_claim(actor, claim))
    _decide(actor, claim, ClaimStatus.REJECTED)
    audit_record(actor=actor, action="reject_claim", obj=claim, case_id=claim.case_id,
                 changes={"number": (f"{claim.organisation.name}: {claim.number}", None)})


@transaction.atomic
def case_merge(*, actor: Any, keep: Case, other: Case, reason: str) -> Case:
    """Merge `other` into `keep`: a body that may change both, or an admin, with a reason."""
    _require(scope.can_merge(actor, keep, other))
    if not reason.strip():
        raise ValidationError({"reason": _("Give the reason for merging the two records.")})
    return _merge(actor, keep=keep, other=other, reason=reason)


def _merge(actor: Any, *, keep: Case, other: Case, reason: str) -> Case:
    if keep.pk == other.pk:
        raise ValidationError(_("A case cannot be merged with itself."))
    if keep.procedure != other.procedure:
        raise ValidationError(_("Cases of different procedures cannot be merged."))
    from congminh.apps.cases.services import case_derived_refresh, case_search_text_refresh

    numbers = [f"{n.organisation.name}: {n.number}"
               for n in other.agency_numbers.select_related("organisation")]
    AgencyNumber.objects.filter(case=other).update(case=keep)
    Party.objects.filter(case=other).update(case=keep)
    # Both records may hold one imported event: the moved copy gives up its key
    # (`uniq_imported_event`) and stays in the log, as merging always kept both.
    CaseEvent.objects.filter(case=other, import_key__in=CaseEvent.objects.filter(
        case=keep, import_key__isnull=False).values("import_key")).update(import_key=None)
    CaseEvent.objects.filter(case=other).update(case=keep)
    NumberClaim.objects.filter(case=other).exclude(
        organisation_id__in=NumberClaim.objects.filter(case=keep).values("organisation_id")
    ).update(case=keep)
    audit_record(actor=actor, action="merge", obj=keep, case_id=keep.pk, note=nfc(reason)[:255],
                 changes={"merged": (f"#{other.pk} {other.title}", numbers)})
    audit_record(actor=actor, action="merge", obj=other, case_id=other.pk, note=nfc(reason)[:255],
                 changes={"merged_into": (None, f"#{keep.pk} {keep.title}")})
    other.delete()
    case_derived_refresh(keep)
    case_search_text_refresh(keep)
    _refresh(keep)
    return keep


def _refresh(case: Case) -> None:
    ids = [case.pk]
    transaction.on_commit(lambda: case_events_changed.send(sender=Case, case_ids=ids))
