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
        "plan ...) from CSV files. Idempotent: running it again changes nothing, and an edited "
        "row updates its record. Ends with one line of counts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--data-dir",
            type=Path,
            default=None,
            help=f"Folder with the CSV files (default: {DATA_DIR}).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            counts = load_reference_data(options["data_dir"])
        except (ReferenceDataError, KeyError, ValueError) as error:
            raise CommandError(f"Reference data not loaded: {error}") from error
        # The count line is the command's result, so it is printed at every verbosity.
        self.stdout.write(format_counts(counts))
