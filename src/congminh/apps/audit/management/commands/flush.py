"""`flush` (erase every table) with the audit trail's triggers lifted meanwhile.

Erasing the whole database is the one operation that may remove audit rows: PostgreSQL
flushes by TRUNCATE, which the row triggers do not see, while SQLite flushes by DELETE,
which they refuse. The test runner flushes between transactional tests.
"""

from __future__ import annotations

from typing import Any

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

from congminh.apps.audit.triggers import drop_triggers, ensure_triggers


class Command(FlushCommand):
    def handle(self, **options: Any) -> None:
        connection = connections[options["database"]]
        if connection.vendor != "sqlite":
            super().handle(**options)
            return
        drop_triggers(connection)
        try:
            super().handle(**options)
        finally:
            ensure_triggers(connection)
