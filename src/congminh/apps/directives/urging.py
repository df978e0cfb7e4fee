"""Urging letters (công văn đôn đốc): the Internal Affairs Committee picks the bodies whose
directive tasks are overdue and sends each a letter in the Party document layout
(Hướng dẫn 36-HD/VPTW; the heading and the signer's block are `reports.party_docx`'s).

- `urging_issue` registers the letters as outgoing documents, each with the issuer's next
  number of the year («12-CV/BNCTU», unique by the database: two clerks at once, one
  wins and the other takes the next number), records the urge on every obligation (an
  `UrgingItem` and an audit entry «urge»), then emails each letter to the bodies that have
  an address (Django's email backend).
- `urging_docx` writes the letter: one per body, or one to all with an annex listing each
  body's late tasks (`UrgingLetter.Mode`).

The letter is Vietnamese: it is the document itself, as the Party sends it.
"""

from __future__ import annotations

import datetime as dt
import io
import logging
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.db.models import Max, Q, QuerySet
from django.utils.translation import gettext as _
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK

from congminh.apps.accounts import scope
from congminh.apps.accounts.models import Role
from congminh.apps.audit.services import audit_record
from congminh.apps.directives import selectors
from congminh.apps.directives import status as st
from congminh.apps.directives.labels import due_label
from congminh.apps.directives.models import Directive, Obligation, UrgingItem, UrgingLetter
from congminh.apps.organisations.models import Organisation, OrganisationAlias
from congminh.apps.reports.docx_export import _para, _table, new_document
from congminh.apps.reports.party_docx import (
    party_date,
    party_header,
    party_signature,
    province_of_committee,
)
from congminh.apps.web.bodies import natural_key
from congminh.core.periods import label_vi
from congminh.core.text import fold

logger = logging.getLogger(__name__)

CENTER = WD_ALIGN_PARAGRAPH.CENTER
DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
RECIPIENTS_TAIL = ("- Thường trực Tỉnh ủy (để báo cáo),", "- Lưu Văn phòng Ban.")


def can_urge(user: Any) -> bool:
    """Officers, supervisors and admins of an Internal Affairs Committee (Ban Nội chính):
    the body that follows the directive for the Standing Committee. Viewers read."""
    org = getattr(user, "organisation", None) if getattr(user, "is_authenticated", False) else None
    return (org is not None and org.kind == "internal_affairs"
            and (scope.is_admin(user) or user.role in (Role.OFFICER, Role.SUPERVISOR)))


def late_obligations(*, user: Any, organisation_ids: Sequence[int], directive_id: int | None = None,
                     today: dt.date | None = None) -> list[Obligation]:
    """The overdue obligations (in progress past their due date) of these bodies that
    `user` sees, by body, directive and due date."""
    filters = selectors.ObligationFilters(directive_id=directive_id, status=st.OVERDUE)
    qs = selectors.obligation_list(user=user, filters=filters, today=today)
    return list(qs.filter(organisation_id__in=list(organisation_ids)).order_by(
        "organisation__name", "task__directive_id", "due", "task__position", "id"))


def late_bodies(*, user: Any, directive_id: int | None = None,
                today: dt.date | None = None) -> list[tuple[Organisation, int]]:
    """The bodies with overdue tasks `user` sees, and how many: the board's choice."""
    filters = selectors.ObligationFilters(directive_id=directive_id, status=st.OVERDUE)
    counts: dict[int, int] = defaultdict(int)
    for org_id in selectors.obligation_list(user=user, filters=filters, today=today).values_list(
            "organisation_id", flat=True):
        counts[org_id] += 1
    bodies = sorted(Organisation.objects.filter(pk__in=counts), key=lambda body: natural_key(body.name))
    return [(org, counts[org.pk]) for org in bodies]


def latest_urges(obligations: Any) -> dict[tuple[int, int], UrgingLetter]:
    """The last letter that urged any of these obligations, per (directive, body): what
    the board shows in its cell. `obligations` is already scoped to the user."""
    items = (UrgingItem.objects.filter(obligation__in=obligations)
             .select_related("letter", "obligation__task")
             .order_by("letter__date", "letter_id"))
    return {(i.obligation.task.directive_id, i.obligation.organisation_id): i.letter for i in items}


def province_of(issuer: Organisation) -> str:
    """«Ban Nội chính Tỉnh ủy Gia Lai» -> «Gia Lai» ("" when the name gives none)."""
    return province_of_committee(issuer.name)


# ---------------------------------------------------------------- the document


@dataclass(frozen=True)
class LetterData:
    """What one letter says, independent of the database (also for the golden test)."""

    number_symbol: str
    date: dt.date
    issuer: Organisation
    subject: str
    mode: str
    groups: list[tuple[Organisation, list[Obligation]]]


def _kind(directive: Directive) -> str:
    """«Chỉ thị» (the type as a name: «CHỈ THỊ» in a heading becomes «Chỉ thị»)."""
    return (directive.type or "văn bản").strip().capitalize()


def _about(directive: Directive) -> str:
    """«về …»: the subject as a Vietnamese summary reads after the document's name."""
    subject = " ".join(directive.subject.split())
    return subject if subject.lower().startswith("về ") else f"về {subject}"


def directive_name(directive: Directive) -> str:
    """«Chỉ thị số 07-CT/TU ngày 15/10/2025 của Ban thường vụ tỉnh ủy»."""
    name = _kind(directive)
    if directive.number_symbol:
        name += f" số {directive.number_symbol}"
    if directive.date:
        name += f" ngày {directive.date:%d/%m/%Y}"
    issuer = _issuer_name(directive.issuer.strip())
    return f"{name} của {issuer}" if issuer else name


def _issuer_name(issuer: str) -> str:
    """An issuer read in capitals («BAN THƯỜNG VỤ TỈNH ỦY») as the registry writes it
    (an alias or a name, «Ban Thường vụ Tỉnh ủy»); otherwise as written."""
    if not issuer.isupper():
        return issuer
    key = fold(issuer)
    alias = OrganisationAlias.objects.filter(alias_folded=key).values_list("alias", flat=True).first()
    found = alias or Organisation.objects.filter(name_folded=key).values_list("name", flat=True).first()
    return found or issuer.capitalize()


def letter_subject(obligations: Sequence[Obligation]) -> str:
    """«V/v đôn đốc thực hiện nhiệm vụ theo Chỉ thị số …» (or «… về …» without a number)."""
    directives = {ob.task.directive_id: ob.task.directive for ob in obligations}
    if len(directives) == 1:
        d = next(iter(directives.values()))
        what = f"số {d.number_symbol}" if d.number_symbol else _about(d)
        return f"V/v đôn đốc thực hiện nhiệm vụ theo {_kind(d)} {what}"[:255]
    return "V/v đôn đốc thực hiện các nhiệm vụ quá hạn theo chỉ thị, văn bản chỉ đạo"


def _task_line(ob: Obligation, today: dt.date) -> str:
    task = ob.task
    ref = f"Nhiệm vụ {task.ref}" if task.ref else "Nhiệm vụ"
    text = task.text if len(task.text) <= 300 else task.text[:297].rstrip() + "…"
    period = f", kỳ {label_vi(ob.period_label)}" if ob.period_label else ""
    assert ob.due is not None  # overdue obligations have a due date
    return (f"{ref}: {text} (hạn {due_label(ob.due, ob.due_precision)}{period}; quá hạn {(today - ob.due).days} ngày; "
            f"đã thực hiện {ob.percent}%).")


def _by_directive(obligations: Sequence[Obligation]) -> list[tuple[Directive, list[Obligation]]]:
    grouped: dict[int, list[Obligation]] = defaultdict(list)
    for ob in obligations:
        grouped[ob.task.directive_id].append(ob)
    return [(obs[0].task.directive, obs) for obs in grouped.values()]


def urging_docx(data: LetterData) -> bytes:
    doc = new_document(size=14)
    party_header(doc, province=province_of(data.issuer), number=f"Số {data.number_symbol}",
                 day=data.date, summary=data.subject)
    names = [org.name for org, _obs in data.groups]
    if len(names) == 1:
        _para(doc, f"Kính gửi: {names[0]}", align=CENTER, size=14)
    else:
        _para(doc, "Kính gửi:", align=CENTER, size=14)
        for n, name in enumerate(names):
            _para(doc, f"- {name}{'.' if n == len(names) - 1 else ';'}", align=CENTER, size=14)
    everything = [ob for _org, obs in data.groups for ob in obs]
    for directive, obs in _by_directive(everything):
        _para(doc, f"Theo dõi việc thực hiện {directive_name(directive)} {_about(directive)}, "
                   f"đến {party_date(data.date)}, "
                   + (f"{names[0]} còn {len(obs)} nhiệm vụ đã quá hạn nhưng chưa hoàn thành"
                      if len(names) == 1 else
                      f"các cơ quan còn {len(obs)} nhiệm vụ đã quá hạn nhưng chưa hoàn thành")
                   + (":" if data.mode == UrgingLetter.Mode.PER_BODY else
                      " (danh sách tại Phụ lục kèm theo)."))
        if data.mode == UrgingLetter.Mode.PER_BODY:
            for n, ob in enumerate(obs, start=1):
                _para(doc, f"{n}. {_task_line(ob, data.date)}")
    addressee = names[0] if len(names) == 1 else "các cơ quan"
    _para(doc, f"Ban Nội chính Tỉnh ủy đề nghị {addressee} khẩn trương chỉ đạo thực hiện các nhiệm "
               "vụ trên, cập nhật tiến độ trên hệ thống Công Minh và báo cáo kết quả về Ban Nội chính "
               "Tỉnh ủy để tổng hợp, báo cáo Thường trực Tỉnh ủy.")
    party_signature(doc, recipients=("- Như trên,", *RECIPIENTS_TAIL),
                    authority="K/T TRƯỞNG BAN", title="PHÓ TRƯỞNG BAN")
    if data.mode == UrgingLetter.Mode.ANNEX:
        _annex(doc, data)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _annex(doc: Any, data: LetterData) -> None:
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    _para(doc, "PHỤ LỤC", align=CENTER, bold=True)
    _para(doc, "DANH SÁCH NHIỆM VỤ QUÁ HẠN CHƯA HOÀN THÀNH", align=CENTER, bold=True)
    _para(doc, f"(Kèm theo Công văn số {data.number_symbol} ngày {data.date:%d/%m/%Y} của "
               f"{data.issuer.name})", align=CENTER, italic=True)
    for n, (org, obs) in enumerate(data.groups, start=1):
        _para(doc, f"{n}. {org.name} ({len(obs)} nhiệm vụ)", bold=True)
        rows = []
        for i, ob in enumerate(obs, start=1):
            assert ob.due is not None
            task = ob.task
            text = task.text if len(task.text) <= 200 else task.text[:197].rstrip() + "…"
            rows.append([i, f"{task.ref + '. ' if task.ref else ''}{text}",
                         directive_name(task.directive), due_label(ob.due, ob.due_precision),
                         (data.date - ob.due).days, f"{ob.percent}%"])
        _table(doc, ["STT", "Nhiệm vụ", "Văn bản giao", "Hạn", "Số ngày quá hạn", "Tiến độ"],
               rows, [10, 62, 38, 20, 18, 17])


# ---------------------------------------------------------------- the service


def _next_number(issuer: Organisation, year: int) -> int:
    last = UrgingLetter.objects.filter(issuer=issuer, year=year).aggregate(n=Max("number"))["n"]
    return (last or 0) + 1


def _register(*, actor: Any, issuer: Organisation, today: dt.date, mode: str,
              groups: list[tuple[Organisation, list[Obligation]]]) -> UrgingLetter:
    """One letter: the next number (retried when another clerk took it), its DOCX, its
    recipients and the urge on each obligation, in one savepoint."""
    obligations = [ob for _org, obs in groups for ob in obs]
    for _attempt in range(5):
        try:
            with transaction.atomic():
                letter = UrgingLetter(issuer=issuer, year=today.year,
                                      number=_next_number(issuer, today.year), date=today,
                                      subject=letter_subject(obligations), mode=mode,
                                      created_by=actor)
                letter.full_clean(exclude=["file"], validate_constraints=False)  # the database decides
                letter.save()
                break
        except IntegrityError:
            continue
    else:
        raise ValidationError(_("Could not allocate an outgoing number; please try again."))
    data = LetterData(number_symbol=letter.number_symbol, date=today, issuer=issuer,
                      subject=letter.subject, mode=mode, groups=groups)
    letter.file.save(f"cong-van-{letter.number}-{letter.year}.docx",
                     ContentFile(urging_docx(data)), save=False)
    letter.save(update_fields=["file"])
    letter.recipients.set([org for org, _obs in groups])
    UrgingItem.objects.bulk_create([UrgingItem(letter=letter, obligation=ob) for ob in obligations])
    audit_record(actor=actor, action="issue", obj=letter, changes={
        "number": (None, letter.number_symbol), "date": (None, today.isoformat()),
        "recipients": (None, sorted(org.pk for org, _obs in groups)),
    })
    for ob in obligations:
        audit_record(actor=actor, action="urge", obj=ob, note=letter.subject,
                     changes={"urging_letter": (None, letter.number_symbol)})
    return letter


def urging_issue(*, actor: Any, organisation_ids: Sequence[int], mode: str,
                 directive_id: int | None = None, today: dt.date | None = None) -> list[UrgingLetter]:
    """Register and email the urging letters for the overdue tasks of these bodies."""
    if not can_urge(actor):
        raise PermissionDenied(_("Only the Internal Affairs Committee sends urging letters."))
    if mode not in UrgingLetter.Mode.values:
        raise ValidationError({"mode": _("Choose how the letters are laid out.")})
    today = today or selectors.local_today()
    late = late_obligations(user=actor, organisation_ids=organisation_ids,
                            directive_id=directive_id, today=today)
    if not late:
        raise ValidationError(_("The chosen bodies have no overdue tasks."))
    by_body: dict[int, list[Obligation]] = defaultdict(list)
    for ob in late:
        by_body[ob.organisation_id].append(ob)
    groups = [(obs[0].organisation, obs) for obs in by_body.values()]
    with transaction.atomic():
        if mode == UrgingLetter.Mode.ANNEX:
            letters = [_register(actor=actor, issuer=actor.organisation, today=today, mode=mode,
                                 groups=groups)]
        else:
            letters = [_register(actor=actor, issuer=actor.organisation, today=today, mode=mode,
                                 groups=[group]) for group in groups]
    for letter in letters:
        urging_email(letter)
    return letters


def letter_bytes(letter: UrgingLetter) -> bytes:
    if not letter.file:
        return b""
    with letter.file.open("rb") as handle:
        return bytes(handle.read())


def urging_email(letter: UrgingLetter) -> list[str]:
    """Email the letter to each recipient body with an address; keeps the addresses it
    reached on the letter. A bad address is logged and does not stop the others."""
    sent = []
    content = letter_bytes(letter)
    for org in letter.recipients.exclude(email="").order_by("name"):
        message = EmailMessage(
            subject=f"[Công Minh] Công văn số {letter.number_symbol}: {letter.subject}",
            body=(f"Kính gửi: {org.name}\n\n{letter.issuer.name} gửi Công văn số "
                  f"{letter.number_symbol} ngày {letter.date:%d/%m/%Y} {letter.subject[0].lower()}"
                  f"{letter.subject[1:]} (tệp đính kèm).\n"),
            from_email=settings.DEFAULT_FROM_EMAIL, to=[org.email],
        )
        message.attach(f"cong-van-{letter.number}-{letter.year}.docx", content, DOCX_TYPE)
        try:
            message.send()
        except Exception:  # one body's bad address must not stop the others
            logger.exception("urging letter %s to %s failed", letter, org)
            continue
        sent.append(org.email)
    if sent:
        letter.emailed_to = sent
        letter.save(update_fields=["emailed_to"])
    return sent


def letter_scope(user: Any) -> QuerySet[UrgingLetter]:
    """Letters `user` may read: those its body issued or received (admins: all)."""
    qs = UrgingLetter.objects.select_related("issuer")
    if scope.is_admin(user):
        return qs
    org_id = getattr(user, "organisation_id", None)
    if org_id is None:
        return qs.none()
    mine = UrgingLetter.objects.filter(Q(issuer_id=org_id) | Q(recipients__id=org_id))
    return qs.filter(pk__in=mine.values("pk"))
