"""python manage.py create_api_token --org 751 --scopes concerns:create,concerns:status"""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from forebyg.api import services


class Command(BaseCommand):
    help = "Issue an API token for one organisation and a set of scopes; prints it once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--org",
            required=True,
            help="A municipality's 3-digit code (751 is Aarhus), a police district's code, "
            "or an organisation's key (e.g. cde).",
        )
        parser.add_argument("--scopes", required=True, help="Comma-separated scopes.")
        parser.add_argument("--name", default="", help="What the token is for.")
        parser.add_argument("--expires-days", type=int, default=None, help="Expire after N days.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            organisation = services.find_organisation(options["org"])
        except ValueError:
            raise CommandError(
                f"No organisation {options['org']!r}: give a municipality's or police "
                "district's code, or an organisation's key."
            ) from None
        days = options["expires_days"]
        if days is not None and days < 1:
            raise CommandError("--expires-days must be at least 1.")
        expires_at = timezone.now() + datetime.timedelta(days=days) if days else None
        try:
            issued = services.create_token(
                organisation=organisation,
                scopes=options["scopes"].split(","),
                name=options["name"] or f"{organisation} (command line)",
                by=None,
                expires_at=expires_at,
            )
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from None
        self.stderr.write(f"Token {issued.token.prefix} for {organisation}; shown only now:")
        self.stdout.write(issued.secret)
