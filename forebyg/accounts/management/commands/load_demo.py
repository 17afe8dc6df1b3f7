from importlib import import_module
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.urls import reverse

from forebyg.accounts import demo

# Each app's demo data, loaded after the personas (plans need the users' municipalities).
APP_DEMOS = (
    "forebyg.plans.demo",
    "forebyg.national.demo",
    "forebyg.networks.demo",
    "forebyg.retention.demo",
    "forebyg.access_requests.demo",
)


class Command(BaseCommand):
    help = "Create one demo user per persona (idempotent). Passwords are printed once only."

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(settings.FOREBYG_DEMO_PASSWORDS_FILE)
        try:
            result = demo.load_demo(passwords_file=path)
        except demo.MissingReferenceDataError as error:
            raise CommandError(
                f"Organisations missing: {error}. Run `manage.py load_reference_data` first."
            ) from error
        if result.created:
            self._print_new_accounts(result.created, path)
        elif path.exists():
            self.stdout.write(f"Demo users exist already; their passwords are kept in {path}.")
        else:
            self.stdout.write(
                f"Demo users exist already, but {path} is gone: "
                "set a password with `manage.py changepassword <username>`."
            )
        for module_name in APP_DEMOS:
            for line in import_module(module_name).load():
                self.stdout.write(line)

    def _print_new_accounts(self, accounts: list[demo.DemoAccount], path: Path) -> None:
        self.stdout.write(
            self.style.WARNING("DEMO ACCOUNTS: for trying Forebyg out, never for real data.")
        )
        self.stdout.write(demo.format_table(accounts))
        self.stdout.write(
            f"Log in at {reverse('accounts:login')}. The passwords are kept in {path} "
            "(readable by you only) and will not be shown again."
        )
