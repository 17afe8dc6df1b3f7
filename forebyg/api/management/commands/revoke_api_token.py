"""python manage.py revoke_api_token <prefix>"""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from forebyg.api import services
from forebyg.api.models import ApiToken


class Command(BaseCommand):
    help = "Revoke an API token by its prefix (the part after fbk_)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("prefix")

    def handle(self, *args: Any, **options: Any) -> None:
        prefix = options["prefix"].strip()
        if prefix.startswith(services.TOKEN_TAG + "_"):
            prefix = services.split_token(prefix) or prefix
        token = ApiToken.objects.filter(prefix=prefix).first()
        if token is None:
            raise CommandError(f"No API token with prefix {prefix!r}.")
        services.revoke_token(token, by=None)
        self.stdout.write(f"Revoked {token.prefix}.")
