"""`congminh import cases FILE [--as USER] [--errors OUT.xlsx]`; `congminh import template OUT.xlsx`."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from congminh.apps.accounts.models import User
from congminh.apps.imports.services import import_file
from congminh.apps.imports.template import write_template


class Command(BaseCommand):
    help = "Import cases and events from XLSX/CSV, or write the import template."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        cases = sub.add_parser("cases", help="import a spreadsheet of cases and events")
        cases.add_argument("file")
        cases.add_argument("--as", dest="username", default="", help="import as this user")
        cases.add_argument("--errors", default="", help="write rejected rows to this XLSX")
        template = sub.add_parser("template", help="write the import template")
        template.add_argument("out")
        template.add_argument("--holder", default="TAND-KV1", help="body code in the examples")

    def handle(self, *args: Any, **opts: Any) -> None:
        if opts["action"] == "template":
            write_template(opts["out"], holder=opts["holder"])
            self.stdout.write(opts["out"])
            return
        actor = None
        if opts["username"]:
            actor = User.objects.filter(username=opts["username"]).first()
            if actor is None:
                raise CommandError(f"no user {opts['username']!r}")
        path = Path(opts["file"])
        bars: dict[str, tqdm[Any]] = {}

        def progress(phase: str, done: int, total: int) -> None:
            bar = bars.get(phase)
            if bar is None:
                for other in bars.values():
                    other.close()
                bar = bars[phase] = tqdm(
                    total=total or None, unit=" dòng", disable=None,
                    desc="Đọc tệp" if phase == "read" else "Ghi dữ liệu",
                )
            bar.update(done - bar.n)

        batch = import_file(actor=actor, data=path.read_bytes(), file_name=path.name,
                            progress=progress)
        for bar in bars.values():
            bar.close()
        for w in batch.warnings:
            self.stderr.write(f"Cảnh báo: {w['text']}")
        for e in batch.errors:
            self.stderr.write(f"Lỗi: {e['text']}")
        if opts["errors"] and batch.error_file:
            Path(opts["errors"]).write_bytes(batch.error_file.read())
        self.stdout.write(
            f"Lô #{batch.pk} {batch.status}: {batch.rows_total} dòng, {batch.rows_rejected} dòng lỗi, "
            f"{batch.cases_created} vụ mới, {batch.cases_updated} vụ cập nhật, "
            f"{batch.events_added} sự kiện mới, {batch.events_unchanged} sự kiện đã có"
        )
        if batch.status == "failed":
            raise CommandError(batch.errors[0]["text"] if batch.errors else "import failed")
