"""`manage.py backup [--output FILE]`: a consistent copy of the whole database in one file
(SQLite: online backup API; PostgreSQL: pg_dump -Fc). The keys and uploaded files are not in it."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from forebyg.core import backup


class Command(BaseCommand):
    help = (
        "Back up the database to one file (default var/backups/forebyg-<time>.sqlite3 or .dump). "
        "The keys and uploaded files are NOT in it: back them up separately."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--output", type=Path, help="the backup file to write")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            output = options["output"] or backup.default_output()
            written = backup.backup(output)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        size = written.stat().st_size
        self.stdout.write(f"Backup written: {written} ({size} bytes, {backup.vendor()}).")
        self.stdout.write(backup.KEYS_NOTE)
