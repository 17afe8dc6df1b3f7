from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NetworksConfig(AppConfig):
    name = "forebyg.networks"
    verbose_name = _("Infohus networks")
