from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "forebyg.core"

    def ready(self) -> None:
        from forebyg.core import checks  # noqa: F401 (registers the encryption key check)
