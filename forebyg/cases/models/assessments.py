"""Assessments along the nine dimensions of the infohus tool: observations marked as risk or
resource, a summary and a recommendation. No score. Versions are kept, never edited."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from forebyg.core.fields import EncryptedTextField
from forebyg.core.models import TimeStampedModel

SUMMARY_MAX_LENGTH = 5000
OBSERVATION_MAX_LENGTH = 2000


class ObservationKind(models.TextChoices):
    RISK = "risk", _("Risk")
    RESOURCE = "resource", _("Resource")


class Assessment(TimeStampedModel):
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="assessments"
    )
    version = models.PositiveSmallIntegerField(_("version"))
    summary = EncryptedTextField(_("summary"), plaintext_max_length=SUMMARY_MAX_LENGTH)
    recommendation = EncryptedTextField(
        _("recommendation"), plaintext_max_length=SUMMARY_MAX_LENGTH
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["case", "version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="one_assessment_per_version")
        ]

    def __str__(self) -> str:
        return f"{self.case_id} v{self.version}"


class Observation(models.Model):
    assessment = models.ForeignKey(
        Assessment,
        verbose_name=_("assessment"),
        on_delete=models.CASCADE,
        related_name="observations",
    )
    dimension = models.ForeignKey(
        "prevention.AssessmentDimension",
        verbose_name=_("dimension"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    kind = models.CharField(_("risk or resource"), max_length=10, choices=ObservationKind.choices)
    text = EncryptedTextField(_("observation"), plaintext_max_length=OBSERVATION_MAX_LENGTH)

    class Meta:
        verbose_name = _("observation")
        verbose_name_plural = _("observations")
        ordering = ["dimension__order", "kind", "id"]

    def __str__(self) -> str:
        return f"{self.dimension_id} {self.kind}"
