"""`congminh token create USERNAME`: print the API token of a user (created if missing).

Agency software calls the REST API with `Authorization: Token <key>`; the token carries
the user's organisation and role, so the API applies the same scope as the screens.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser
from rest_framework.authtoken.models import Token


class Command(BaseCommand):
    help = "Manage REST API tokens: `token create USERNAME [--rotate]`, `token revoke USERNAME`."

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Print the user's token, creating it if needed.")
        create.add_argument("username")
        create.add_argument(
            "--rotate", action="store_true", help="Replace an existing token with a new one."
        )
        revoke = sub.add_parser("revoke", help="Delete the user's token.")
        revoke.add_argument("username")

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"Không có người dùng “{options['username']}”.")
        if not user.is_active:
            raise CommandError(f"Người dùng “{user.username}” đã bị khóa.")
        if options["action"] == "revoke":
            Token.objects.filter(user=user).delete()
            return
        if options["rotate"]:
            Token.objects.filter(user=user).delete()
        token, _created = Token.objects.get_or_create(user=user)
        self.stdout.write(token.key)
