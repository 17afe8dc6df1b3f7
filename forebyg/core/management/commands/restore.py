"""`manage.py restore FILE [--force]`: restore a `manage.py backup` file into this (empty)
database. A database that holds tables is refused unless --force, which overwrites it."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from forebyg.core import backup


class Command(BaseCommand):
    help = (
        "Restore a backup made by `manage.py backup` into an empty database (--force: overwrite "
        "a database that is not empty). The keys must be the ones in use when it was made."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", type=Path, help="the backup file")
        parser.add_argument(
            "--force", action="store_true", help="overwrite a database that is not empty"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            backup.restore(options["file"], force=options["force"])
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {options['file']} ({backup.vendor()}).")
        self.stdout.write(backup.RESTORE_NOTE)
