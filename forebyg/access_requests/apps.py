from django.apps import AppConfig


class AccessRequestsConfig(AppConfig):
    name = "forebyg.access_requests"
