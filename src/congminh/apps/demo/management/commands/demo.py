"""`congminh demo generate --size S|P --seed N [--as-of D]` and `congminh demo setup`."""

from __future__ import annotations

import datetime as dt
import time
from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from congminh.apps.demo.generator import SIZES
from congminh.apps.demo.services import (
    DEMO_PASSWORD,
    DemoUser,
    demo_cases_load,
    demo_setup,
)


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(_("--as-of must be a date yyyy-mm-dd, not “%s”.") % value) from exc


class Command(BaseCommand):
    help = "Demo province: `generate` stores synthetic cases; `setup` prepares `make run`."

    def add_arguments(self, parser: ArgumentParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        gen = sub.add_parser("generate", help="Generate and store a synthetic province.")
        gen.add_argument("--size", choices=sorted(SIZES), default="S")
        gen.add_argument("--seed", type=int, default=2026)
        gen.add_argument("--as-of", dest="as_of", default="")
        gen.add_argument("--count", type=int, default=None, help="Override the size's case count.")
        setup = sub.add_parser("setup", help="Bodies, demo users, and the S province if empty.")
        setup.add_argument("--seed", type=int, default=2026)
        setup.add_argument("--as-of", dest="as_of", default="")
        setup.add_argument("--size", choices=sorted(SIZES), default="S")

    def handle(self, *args: Any, **options: Any) -> None:
        as_of = _date(options["as_of"]) if options["as_of"] else timezone.localdate()
        if options["action"] == "generate":
            self._generate(options["size"], options["seed"], as_of, options.get("count"))
        else:
            self._setup(options["seed"], as_of, options["size"])

    def _generate(self, size: str, seed: int, as_of: dt.date, count: int | None) -> None:
        started = time.monotonic()
        result = demo_cases_load(size=size, seed=seed, as_of=as_of, count=count)
        self.stdout.write(
            _("Demo cases: %(created)d created, %(updated)d already there; %(events)d events "
              "added, %(rejected)d rejected (%(seconds).1f s).")
            % {"created": result.cases_created, "updated": len(result.case_ids) - result.cases_created,
               "events": result.events_added, "rejected": len(result.rejections),
               "seconds": time.monotonic() - started}
        )
        for rejection in result.rejections[:20]:
            self.stderr.write(str(rejection))

    def _setup(self, seed: int, as_of: dt.date, size: str) -> None:
        result = demo_setup(seed=seed, as_of=as_of, size=size)
        self.stdout.write(_("Bodies created: %d") % result.organisations_created)
        if result.cases is None:
            self.stdout.write(_("The database already has cases: no demo cases loaded."))
        else:
            self.stdout.write(_("Demo cases loaded: %(cases)d cases, %(events)d events.")
                              % {"cases": result.cases.cases_created, "events": result.cases.events_added})
        self._users_table(result.users)
        self._timings(result.timings)

    def _timings(self, timings: list[tuple[str, float]]) -> None:
        """Where the load's time went, on stderr (stdout keeps the logins table)."""
        labels = {"organisations": _("bodies"), "users": _("demo accounts"), "cases": _("cases"),
                  "directive": _("directive"), "attendance": _("summonses and attendance"),
                  "expertise": _("judicial expertise"), "evidence": _("evidence requests"),
                  "complaints": _("complaints"), "supervision": _("supervision"),
                  "vacuum": _("database clean-up")}
        parts = [f"{labels.get(name, name)} {seconds:.1f}".replace(".", ",") + " s"
                 for name, seconds in timings]
        total = f"{sum(s for _n, s in timings):.1f}".replace(".", ",")
        self.stderr.write(_("Time by phase: %(parts)s; total %(total)s s.")
                          % {"parts": "; ".join(parts), "total": total})

    def _users_table(self, users: list[DemoUser]) -> None:
        self.stdout.write("")
        self.stdout.write(_("Demo accounts (password: %s)") % DEMO_PASSWORD)
        login, role, organisation = _("Login"), pgettext("user role", "Role"), _("Organisation")
        self.stdout.write(f"{login:<10} {role:<11} {organisation}")
        self.stdout.write("-" * 60)
        for u in users:
            self.stdout.write(f"{u.username:<10} {u.role:<11} {u.organisation}")
