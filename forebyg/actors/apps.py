from django.apps import AppConfig


class ActorsConfig(AppConfig):
    name = "forebyg.actors"
