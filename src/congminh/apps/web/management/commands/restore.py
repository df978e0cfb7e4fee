"""`congminh restore FILE.tar.gz [--yes]`: put back what `congminh backup` saved."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError

from congminh.apps.web.backup import BackupError, restore


class Command(BaseCommand):
    help = "Khôi phục cơ sở dữ liệu và các tệp tải lên từ một bản sao lưu (thay thế dữ liệu hiện có)"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("archive", help="tệp sao lưu do `congminh backup` tạo")
        parser.add_argument("--yes", action="store_true", help="không hỏi lại trước khi thay thế dữ liệu")

    def handle(self, *args: Any, **options: Any) -> None:
        archive = Path(options["archive"])
        if not archive.is_file():
            raise CommandError(f"Không tìm thấy tệp sao lưu {archive}.")
        if not options["yes"]:
            answer = input("Dữ liệu hiện có sẽ bị thay thế. Gõ 'co' để tiếp tục: ")
            if answer.strip().lower() not in {"co", "có"}:
                raise CommandError("Đã hủy, dữ liệu không thay đổi.")
        try:
            manifest = restore(archive)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        # The restored data versions may be numbers the cache already holds values of
        # later data under (a shared Redis cache outlives the restore).
        cache.clear()
        self.stdout.write(f"Đã khôi phục bản sao lưu ngày {manifest['created_at']} ({archive}).")
