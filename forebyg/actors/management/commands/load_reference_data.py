"""manage.py load_reference_data: load (or reload) the reference data; safe to run again."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from forebyg.actors.reference_data import (
    DATA_DIR,
    ReferenceDataError,
    format_counts,
    load_reference_data,
)


class Command(BaseCommand):
    help = (
        "Load the reference data (organisations, legal bases, the prevention triangle, the 2016 "
        "plan ...) from CSV files. Only a new or edited row is written: running it again changes "
        "nothing, and a correction made in the admin stays until its row in the file changes. "
        "A deleted record is recreated. Ends with one line of counts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=None,
            help=f"Folder with the CSV files (default: {DATA_DIR}).",
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help=(
                "Reapply every row, as if each had changed: overwrites the corrections made in "
                "the admin to loaded fields and links."
            ),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = load_reference_data(options["data_dir"], force=options["force"])
        except (ReferenceDataError, KeyError, ValueError) as error:
            raise CommandError(f"Reference data not loaded: {error}") from error
        # The count line is the command's result, so it is printed at every verbosity.
        self.stdout.write(format_counts(counts))
