"""python manage.py generate_synthetic --cases N --seed S [--day YYYY-MM-DD]

Fills an empty development or benchmark database with a synthetic national dataset (see
forebyg/synthetic/generator.py). Refuses a production configuration and a database that already
holds cases; says so and does nothing when the database already holds this very dataset."""

import datetime
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from forebyg.cases.models import Case
from forebyg.synthetic.generator import generate, marker
from forebyg.synthetic.guard import production_reasons

MAX_CASES = 5_000_000


class Command(BaseCommand):
    help = "Generate a reproducible synthetic national dataset (never in production)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--cases", type=int, required=True, help="number of cases")
        parser.add_argument("--seed", type=int, default=1, help="same seed, same data")
        parser.add_argument(
            "--day",
            type=datetime.date.fromisoformat,
            default=None,
            help="anchor date (YYYY-MM-DD, default today): every case lies before it",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        reasons = production_reasons()
        if reasons:
            raise CommandError(
                "Refused: this looks like a production configuration, and synthetic data must "
                "never mix with real data. " + " ".join(reasons)
            )
        cases, seed = options["cases"], options["seed"]
        if not 1 <= cases <= MAX_CASES:
            raise CommandError(f"--cases must be between 1 and {MAX_CASES}.")
        day = options["day"] or timezone.now().astimezone(datetime.UTC).date()
        existing = marker()
        if existing and existing.get("cases") == cases and existing.get("seed") == seed:
            self.stdout.write(f"Synthetic data with {cases} cases and seed {seed} is already here.")
            return
        if Case.objects.exists():
            raise CommandError(
                "Refused: the database already holds cases. Synthetic data goes into an empty "
                "database (migrate a new one, e.g. DATABASE_URL=sqlite:///var/synthetic.sqlite3)."
            )
        progress = self.stdout.write if options["verbosity"] > 1 else (lambda line: None)
        summary = generate(cases=cases, seed=seed, day=day, progress=progress)
        self.stdout.write(
            f"Synthetic data: {summary.cases} cases, {summary.events} audit events, "
            f"{summary.plans} plans in {summary.seconds:.1f} s (seed {seed}, day {day})."
        )
