from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forebyg.core.models import localized


class LegalBasis(models.Model):
    """A rule of law that permits, limits or requires processing or exchange of information."""

    class Rationale(models.TextChoices):
        SECURITY = "security", _("Security")
        SOCIAL = "social", _("Social")
        SCHOOL = "school", _("School")
        DATA_PROTECTION = "data_protection", _("Data protection")
        GENERAL = "general", _("General administrative law")

    key = models.SlugField(_("key"), unique=True)
    law_da = models.CharField(_("law"), max_length=200)
    section = models.CharField(_("section"), max_length=200, blank=True)
    title_da = models.CharField(_("title (Danish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    rationale = models.CharField(_("rationale"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=40, blank=True)
    summary_da = models.TextField(_("what it permits (Danish)"), blank=True)
    summary_en = models.TextField(_("what it permits (English)"), blank=True)
    disclosing_parties = models.CharField(_("who may disclose"), max_length=300, blank=True)
    receiving_parties = models.CharField(_("who may receive"), max_length=300, blank=True)
    cooperations = models.JSONField(_("cooperations"), default=list, blank=True)
    conditions_da = models.TextField(_("conditions (Danish)"), blank=True)
    conditions_en = models.TextField(_("conditions (English)"), blank=True)
    forbidden_purposes = models.CharField(_("forbidden purposes"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=80, blank=True)
    source = models.CharField(_("source"), max_length=500, blank=True)

    class Meta:
        ordering = ["law_da", "section"]
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")

    def __str__(self) -> str:
        return f"{self.law_da} {self.section}".strip()

    def get_absolute_url(self) -> str:
        return reverse("legal:detail", args=[self.key])

    @property
    def title(self) -> str:
        return localized(self, "title")
