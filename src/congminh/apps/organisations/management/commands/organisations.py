"""`congminh organisations load [FILE]`: load a registry file (default: Gia Lai)."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from congminh.apps.organisations.services import DEFAULT_PATH, organisations_load


class Command(BaseCommand):
    help = "Manage the registry of bodies: `load [FILE]` upserts a registry YAML file."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        load = sub.add_parser("load", help="Load (upsert by code) a registry YAML file.")
        load.add_argument("file", nargs="?", default=str(DEFAULT_PATH))

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            result = organisations_load(path=options["file"])
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        for error in result.errors:
            self.stderr.write(error)
        self.stdout.write(
            _("Bodies: %(created)d created, %(updated)d updated, %(unchanged)d unchanged, "
              "%(errors)d rejected.")
            % {"created": result.created, "updated": result.updated,
               "unchanged": result.unchanged, "errors": len(result.errors)}
        )
