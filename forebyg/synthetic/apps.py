from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SyntheticConfig(AppConfig):
    """Synthetic national data for demos and benchmarks (`manage.py generate_synthetic`)."""

    name = "forebyg.synthetic"
    verbose_name = _("Synthetic data")
