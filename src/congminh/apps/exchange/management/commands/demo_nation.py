"""`congminh demo generate-nation --provinces N --scale XS|S|P --seed K -o DIR`: a synthetic
nation written as national exchange exports, one per province, without a database
(`congminh.core.exchange.nation`). `congminh.cli` sends `demo generate-nation` here."""

from __future__ import annotations

import time
from argparse import ArgumentParser
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from congminh.core.exchange.nation import SCALES, generate_nation


class Command(BaseCommand):
    help = "A synthetic nation as national exchange exports (Parquet with manifests), no database."

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--provinces", type=int, default=34, help="How many provinces (1-34).")
        parser.add_argument("--scale", choices=list(SCALES), default="S",
                            help="Cases per province: " + ", ".join(f"{k} {v:,}" for k, v in SCALES.items()))
        parser.add_argument("--cases", type=int, default=None, help="Cases per province (overrides --scale).")
        parser.add_argument("--seed", type=int, default=2026)
        parser.add_argument("-o", "--out", type=Path, required=True, help="Directory to write (new or empty).")

    def handle(self, *args: Any, **options: Any) -> None:
        out: Path = options["out"]
        if out.exists() and any(out.iterdir()):
            raise CommandError(_("The directory %(dir)s is not empty.") % {"dir": out})
        cases = options["cases"] or SCALES[options["scale"]]
        started = time.monotonic()
        try:
            manifests = generate_nation(out, provinces_count=options["provinces"], cases=cases,
                                        seed=options["seed"])
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(_("Synthetic nation written to %(dir)s: %(provinces)d provinces, %(cases)d "
                            "cases, %(events)d events (%(seconds).1f s).")
                          % {"dir": out, "provinces": len(manifests),
                             "cases": sum(m["tables"]["cases"]["rows"] for m in manifests),
                             "events": sum(m["tables"]["events"]["rows"] for m in manifests),
                             "seconds": time.monotonic() - started})
