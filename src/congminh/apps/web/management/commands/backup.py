"""`congminh backup FILE.tar.gz`: the database and the uploaded documents in one archive."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from congminh.apps.web.backup import BackupError, backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và các tệp đã tải lên vào một tệp .tar.gz"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive", help="tệp sao lưu sẽ ghi (ví dụ /var/backups/congminh-2026-12-02.tar.gz)")

    def handle(self, *args: Any, **options: Any) -> None:
        out = Path(options["archive"])
        try:
            manifest = backup(out)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"Đã sao lưu vào {out}: cơ sở dữ liệu {manifest['database']}, "
            f"{len(manifest['files']) - 1} tệp tải lên."
        )
