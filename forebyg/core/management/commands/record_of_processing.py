"""`manage.py record_of_processing`: write the GDPR art. 30 record generated from the data
classification, as Markdown (docs/record-of-processing.md) or as a CSV field inventory."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from forebyg.core.record_of_processing import render_csv, render_markdown

DEFAULT_OUTPUT = Path(settings.BASE_DIR) / "docs" / "record-of-processing.md"


class Command(BaseCommand):
    help = "Generate the record of processing (GDPR art. 30) from the data classification."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=["md", "csv"], default="md")
        parser.add_argument("--output", help="File to write; '-' for standard output.")
        parser.add_argument(
            "--check", action="store_true", help="Fail if the file differs from a fresh record."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        text = render_csv() if options["format"] == "csv" else render_markdown()
        output = options["output"] or (str(DEFAULT_OUTPUT) if options["format"] == "md" else "-")
        if output == "-":
            self.stdout.write(text, ending="")
            return
        path = Path(output)
        if options["check"]:
            if not path.exists() or path.read_text(encoding="utf-8") != text:
                raise CommandError(f"{path} is out of date: run manage.py record_of_processing.")
            self.stdout.write(f"{path} is up to date.")
            return
        path.write_text(text, encoding="utf-8")
        self.stdout.write(f"Wrote {path}.")
