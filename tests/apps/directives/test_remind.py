"""`congminh remind`: one digest per body, and running it twice sends once."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import time_machine
from django.core import mail
from django.core.management import call_command

from congminh.apps.directives.models import ReminderLog

DEC_5 = dt.datetime(2026, 12, 5, 1, tzinfo=dt.UTC)  # 08:00 in Hà Nội


def _run(*args: str) -> str:
    out = io.StringIO()
    call_command("remind", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@time_machine.travel(DEC_5, tick=False)
def test_remind_twice_sends_once(confirmed_seed: Any, registry: dict[str, Any],
                                 users: dict[str, Any]) -> None:
    users["prosecutor"].email = "kiemsat@gialai.vn"
    users["prosecutor"].save()
    _run("--days", "7")
    # Only the Procuracy's Q4/2026 report (due 10/12) falls within 7 days; the other
    # tasks are due on 26/12 or later.
    sent = {tuple(m.to): m for m in mail.outbox}
    assert set(sent) == {("kiemsat@gialai.vn",)}
    body = sent[("kiemsat@gialai.vn",)].body
    assert "10/12/2026" in body and "Q4/2026" in body
    claimed = ReminderLog.objects.count()
    assert claimed == 1

    _run("--days", "7")
    assert len(mail.outbox) == 1
    assert ReminderLog.objects.count() == claimed


@time_machine.travel(dt.datetime(2026, 12, 27, 1, tzinfo=dt.UTC), tick=False)
def test_overdue_tasks_are_in_the_digest(confirmed_seed: Any, registry: dict[str, Any],
                                         clerk: Any) -> None:
    from congminh.apps.directives import services
    from congminh.apps.directives.models import Obligation

    justice = Obligation.objects.filter(organisation=registry["justice_dept"]).order_by("task__position")
    # Points 4 and 6 give no date: standing duties. The clerk gives point 4 one by hand.
    assert [o.due for o in justice] == [None, None]
    services.obligation_set_due(actor=clerk, obligation=justice[0], due=dt.date(2026, 12, 20))
    _run()
    to_justice = [m for m in mail.outbox if m.to == ["stp@gialai.gov.vn"]]
    assert len(to_justice) == 1
    assert to_justice[0].body.count("20/12/2026") == 1  # overdue since; point 6 never is


@time_machine.travel(DEC_5, tick=False)
def test_dry_run_sends_and_claims_nothing(confirmed_seed: Any, users: dict[str, Any]) -> None:
    users["prosecutor"].email = "kiemsat@gialai.vn"
    users["prosecutor"].save()
    out = _run("--dry-run")
    assert "kiemsat@gialai.vn" in out
    assert mail.outbox == []
    assert not ReminderLog.objects.exists()


@time_machine.travel(DEC_5, tick=False)
def test_failed_send_releases_the_claim(confirmed_seed: Any, users: dict[str, Any],
                                        monkeypatch: Any) -> None:
    from congminh.apps.directives import reminders

    users["prosecutor"].email = "kiemsat@gialai.vn"
    users["prosecutor"].save()

    def broken(*args: Any, **kwargs: Any) -> None:
        raise OSError("SMTP server unreachable")

    monkeypatch.setattr(reminders, "send_mail", broken)
    _run()
    assert not ReminderLog.objects.exists()
    monkeypatch.undo()
    _run()
    assert len(mail.outbox) == 1 and ReminderLog.objects.count() == 1


@time_machine.travel(DEC_5, tick=False)
def test_default_days_is_the_due_soon_threshold(confirmed_seed: Any, users: dict[str, Any],
                                                registry: dict[str, Any], clerk: Any,
                                                monkeypatch: Any) -> None:
    """Without --days the digest looks as far ahead as "due soon" reaches: config.yaml's
    10 days, or CONGMINH_DUE_SOON_DAYS when set (here 21 days: up to 26/12, the date the
    clerk gave the Procuracy's standing duty)."""
    from congminh.apps.directives import services
    from congminh.apps.directives.models import Obligation
    from congminh.core.law.config import default_thresholds

    standing = Obligation.objects.get(organisation=registry["procuracy"], due__isnull=True)
    services.obligation_set_due(actor=clerk, obligation=standing, due=dt.date(2026, 12, 26))
    users["prosecutor"].email = "kiemsat@gialai.vn"
    users["prosecutor"].save()
    assert "26/12/2026" not in _run("--dry-run")
    monkeypatch.setenv("CONGMINH_DUE_SOON_DAYS", "21")
    default_thresholds.cache_clear()
    try:
        assert "26/12/2026" in _run("--dry-run")
    finally:
        monkeypatch.undo()
        default_thresholds.cache_clear()
