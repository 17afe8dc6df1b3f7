from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "forebyg.accounts"

    def ready(self) -> None:
        # Imported for their side effects: the lockout's audit receiver and the OIDC system check.
        # ...and the receiver that starts the clocks of a session at login (accounts/sessions.py).
        from forebyg.accounts import lockout, sessions  # noqa: F401
        from forebyg.accounts.oidc import checks  # noqa: F401
