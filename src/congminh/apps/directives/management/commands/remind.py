"""`congminh remind [--days N] [--dry-run]`: email each body its digest of directive
tasks due within N days or overdue (N: the "due soon" threshold, config.yaml
`due_soon_days` or CONGMINH_DUE_SOON_DAYS, unless given). Run it from cron; running twice
sends once."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone, translation

from congminh.apps.directives.reminders import digest_text, remind
from congminh.apps.directives.status import due_soon_days


class Command(BaseCommand):
    help = "Email each body the directive tasks due within N days or overdue."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--days", type=int, default=None,
                            help="look this many days ahead (default: the due-soon threshold, "
                                 f"now {due_soon_days()})")
        parser.add_argument("--dry-run", action="store_true", help="print, send nothing")

    def handle(self, *args: Any, days: int | None, dry_run: bool, **options: Any) -> None:
        today = timezone.localdate()
        with translation.override(settings.LANGUAGE_CODE):
            digests = remind(today=today, days=days, dry_run=dry_run)
            for digest in digests:
                if dry_run:
                    self.stdout.write(f"To: {', '.join(digest.recipients) or '-'}")
                    self.stdout.write(digest_text(digest, today) + "\n")
                elif not digest.recipients:
                    self.stderr.write(f"{digest.organisation}: no email address, skipped")
                elif digest.failed:
                    self.stderr.write(f"{digest.organisation}: sending failed, will retry")
                else:
                    state = "sent" if digest.sent else "already sent today"
                    self.stdout.write(f"{digest.organisation}: {len(digest.obligations)} tasks, {state}")
