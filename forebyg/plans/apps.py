from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlansConfig(AppConfig):
    name = "forebyg.plans"
    verbose_name = _("Beredskab and action plans")
