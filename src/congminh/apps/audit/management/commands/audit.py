"""`congminh audit verify`: walk the audit chain and say whether it is whole."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from congminh.apps.audit.selectors import chain_first_break


class Command(BaseCommand):
    help = "The audit trail: `audit verify` checks its hash chain (exit code 1 when broken)."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        verify = sub.add_parser("verify", help="Check every row's hash and link, in id order.")
        verify.add_argument("--chunk-size", type=int, default=2000, help="Rows read per query.")

    def handle(self, *args: Any, **options: Any) -> None:
        broken = chain_first_break(chunk_size=options["chunk_size"])
        if broken is None:
            self.stdout.write("OK")
            return
        self.stderr.write(f"Chuỗi nhật ký bị phá vỡ tại dòng id={broken}.")
        raise SystemExit(1)
