"""`manage.py rotate_keys`: re-encrypt all personal data with the first key in
FIELD_ENCRYPTION_KEYS, after which older keys can be removed from the configuration."""

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from forebyg.core.rotation import rotate_all


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted field and stored file with the first key in "
        "FIELD_ENCRYPTION_KEYS. Safe to interrupt and run again."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch-size", type=int, default=500)

    def handle(self, *args: Any, **options: Any) -> None:
        report = rotate_all(batch_size=max(1, options["batch_size"]))
        self.stdout.write(f"Active key: {report.key_id}")
        for label, count in sorted(report.values.items()):
            self.stdout.write(f"{label}: {count} values re-encrypted")
        for label, count in sorted(report.files.items()):
            self.stdout.write(f"{label}: {count} files re-encrypted")
        self.stdout.write(f"Total: {report.total}")
