"""The `congminh` console command.

`congminh law ...` and `congminh doc ...` run the pure-Python core directly, without
starting Django or touching a database, so other systems can call them in batch jobs.
Every other subcommand is a Django management command (`congminh migrate`,
`congminh runserver`, `congminh import cases FILE`, `congminh demo generate`, ...).
"""

from __future__ import annotations

import os
import sys

CORE_COMMANDS = {
    "law": "congminh.core.law.cli",
    "doc": "congminh.core.documents.cli",
}
# Subcommands run by a Django command of another name: those of a core group that work on
# the database; `demo generate-nation`, which the exchange app holds (no database).
DJANGO_SUBCOMMANDS = {("law", "refresh"): "law_refresh", ("law", "check"): "law_check",
                      ("demo", "generate-nation"): "demo_nation"}


def main(argv: list[str] | None = None) -> int:
    args = list(sys.argv[1:] if argv is None else argv)
    django_command = DJANGO_SUBCOMMANDS.get(tuple(args[:2]))  # type: ignore[arg-type]
    if django_command:
        args = [django_command, *args[2:]]
    elif args and args[0] in CORE_COMMANDS:
        import importlib

        module = importlib.import_module(CORE_COMMANDS[args[0]])
        return int(module.main(args[1:]) or 0)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "congminh.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(["congminh", *args])
    return 0


if __name__ == "__main__":
    sys.exit(main())
