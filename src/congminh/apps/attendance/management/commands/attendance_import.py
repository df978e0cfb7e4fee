"""`congminh attendance_import FILE [--as USER]`: import summonses and attendance records
from XLSX/CSV (the same rules as the screen: row errors name the row and column, the
other rows are kept, importing twice changes nothing)."""

from __future__ import annotations

from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from congminh.apps.accounts.models import User
from congminh.apps.attendance.importer import import_attendance
from congminh.core.files import FileRejected


class Command(BaseCommand):
    help = "Import summonses and attendance records of administrative cases from XLSX or CSV."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("file")
        parser.add_argument("--as", dest="username", default="",
                            help="Import as this user (its scope applies); default: the system.")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        if not path.is_file():
            raise CommandError(_("No such file: %s") % path)
        actor = None
        if options["username"]:
            actor = User.objects.filter(username=options["username"]).first()
            if actor is None:
                raise CommandError(_("No such user: %s") % options["username"])
        try:
            result = import_attendance(actor=actor, data=path.read_bytes(), file_name=path.name,
                                       today=timezone.localdate())
        except FileRejected as exc:  # the file itself: its message, not a traceback
            raise CommandError(str(exc)) from exc
        self.stdout.write(_("Summonses created: %(c)d, updated: %(u)d; attendance records written: "
                            "%(r)d; rows rejected: %(x)d.") % {
            "c": result.summonses_created, "u": result.summonses_updated,
            "r": result.records_written, "x": result.rows_rejected})
        for error in result.errors:
            self.stderr.write(str(error))
