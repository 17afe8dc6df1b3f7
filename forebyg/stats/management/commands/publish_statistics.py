"""python manage.py publish_statistics [--force]

Builds the stored publications of the suppressed (national) statistics, one per completed
calendar year, ahead of the readers (decision 0013): run it at night from a timer. Without
--force it renews only those missing or past half their maximum age, so running it twice does
the work once; --force rebuilds them all."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from forebyg.stats import store


class Command(BaseCommand):
    help = "Build or renew the stored publications of the suppressed statistics."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--force", action="store_true", help="rebuild every publication")

    def handle(self, *args: Any, **options: Any) -> None:
        started = time.perf_counter()
        done = store.publish_all(force=options["force"])
        built = [f"{scope.key} {period}" for scope, period, rebuilt in done if rebuilt]
        kept = len(done) - len(built)
        seconds = time.perf_counter() - started
        self.stdout.write(
            f"Published {len(built)} statistics publication(s), kept {kept} fresh one(s) "
            f"in {seconds:.1f} s."
        )
        for name in built:
            self.stdout.write(f"  {name}")
