from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "forebyg.cases"
