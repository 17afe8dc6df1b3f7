"""`manage.py purge_expired --dry-run` reports the expired cases of every municipality (or of one,
`--organisation KEY`) and stores each report as a run waiting for approval; `--by USERNAME`
names the data protection officer who made it (who may then not approve it). A second data
protection officer approves the report on the retention page (with a fresh login); then
`manage.py purge_expired --run RUN` purges exactly the approved report's cases that are still
expired. Nothing here prints a name or a CPR number: case references, counts and dates only."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.urls import reverse
from django.utils import timezone

from forebyg.accounts.models import User
from forebyg.actors.models import Organisation
from forebyg.retention import selectors, services
from forebyg.retention.models import PurgeRun
from forebyg.retention.periods import Outcome


class Command(BaseCommand):
    help = "Report (--dry-run) or purge (--run RUN, once approved) cases whose retention expired."

    def add_arguments(self, parser: CommandParser) -> None:
        mode = parser.add_mutually_exclusive_group(required=True)
        mode.add_argument(
            "--dry-run", action="store_true", help="Report expired cases; store for approval."
        )
        mode.add_argument("--run", type=int, metavar="RUN", help="Execute this approved run.")
        parser.add_argument(
            "--organisation", metavar="KEY", help="Only this municipality (its key)."
        )
        parser.add_argument(
            "--by", metavar="USERNAME", help="The data protection officer making the report."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["run"] is not None:
            self._execute(options["run"])
        else:
            self._dry_run(self._organisations(options["organisation"]), self._user(options["by"]))

    def _organisations(self, key: str | None) -> list[Organisation]:
        found = selectors.organisations_with_closed_cases()
        if key is None:
            return list(found)
        if not Organisation.objects.filter(key=key, kind="municipality").exists():
            raise CommandError(f"No municipality with the key {key!r}.")
        return list(found.filter(key=key))

    def _user(self, username: str | None) -> User | None:
        if username is None:
            return None
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"No active user {username!r}.")
        return user

    def _dry_run(self, organisations: list[Organisation], by: User | None) -> None:
        today = timezone.localdate()
        self.stdout.write(f"Dry run for {today.isoformat()}: nothing is deleted.")
        stored = []
        for organisation in organisations:
            if not selectors.expired_cases(organisation, today):
                self.stdout.write(f"{organisation.name_da}: no expired cases.")
                continue
            try:
                run = services.prepare_report(organisation, by=by, today=today)
            except PermissionDenied as error:
                raise CommandError(f"{organisation.name_da}: {error}") from error
            self._print_report(run)
            stored.append(run)
        if not organisations:
            self.stdout.write("No closed cases.")
        for run in stored:
            page = reverse("retention:runs", args=[run.organisation_id])
            self.stdout.write(
                f"Report {run.pk} waits for approval at {page} by a data protection officer "
                f"who did not make it; then run `manage.py purge_expired --run {run.pk}`."
            )

    def _print_report(self, run: PurgeRun) -> None:
        total = sum(run.summary.values())
        self.stdout.write(f"{run.organisation.name_da} (report {run.pk}): {total} expired cases")
        for outcome, count in run.summary.items():
            self.stdout.write(f"  {Outcome(outcome).label}: {count}")
        for item in selectors.run_items(run):
            self.stdout.write(
                f"  {item.case.reference}  {item.outcome}  closed {item.closed_on.isoformat()}  "
                f"kept {item.months} months  expired {item.expires_on.isoformat()}"
            )

    def _execute(self, pk: int) -> None:
        run = PurgeRun.objects.filter(pk=pk).first()
        if run is None:
            raise CommandError(f"No purge run {pk}.")
        try:
            counts = services.execute_run(run)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        self.stdout.write(
            f"Run {pk}: {counts['purged']} cases purged, {counts['skipped']} left alone "
            "(no longer expired, or purged already)."
        )
