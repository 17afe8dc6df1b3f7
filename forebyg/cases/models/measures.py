"""Follow-up measures: each is one authority's own decision under its own law, with reviews."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from forebyg.core.fields import EncryptedTextField
from forebyg.core.models import TimeStampedModel

NOTE_MAX_LENGTH = 2000


class MeasureStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ACTIVE = "active", _("Active")
    COMPLETED = "completed", _("Completed")
    STOPPED = "stopped", _("Stopped")


# A measure in one of these is still running and has reviews due.
RUNNING_MEASURE_STATUSES = (MeasureStatus.PLANNED, MeasureStatus.ACTIVE)


class CaseMeasure(TimeStampedModel):
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.CASCADE, related_name="measures"
    )
    measure_type = models.ForeignKey(
        "prevention.Measure",
        verbose_name=_("type of measure"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    owner = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("owning authority"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    legal_basis = models.ForeignKey(
        "legal.LegalBasis",
        verbose_name=_("legal basis"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    responsible_person = EncryptedTextField(_("responsible person"), plaintext_max_length=200)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=MeasureStatus.choices, default=MeasureStatus.PLANNED
    )
    next_review = models.DateField(_("next review"), null=True, blank=True, db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("measure")
        verbose_name_plural = _("measures")
        ordering = ["start", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end__isnull=True) | Q(end__gte=F("start")),
                name="measure_ends_after_it_starts",
            )
        ]
        # Overdue and upcoming reviews: from the open cases in scope (Case.Meta.indexes), one
        # probe per case for its running measures in the review window, without reading the
        # measure row (the dashboard; by review date nationally cost a probe per measure).
        indexes = [
            models.Index(fields=["case", "next_review", "status"], name="measure_case_review")
        ]

    def __str__(self) -> str:
        return f"{self.measure_type_id} ({self.status})"


class MeasureReview(models.Model):
    measure = models.ForeignKey(
        CaseMeasure, verbose_name=_("measure"), on_delete=models.CASCADE, related_name="reviews"
    )
    reviewed_on = models.DateField(_("review date"))
    note = EncryptedTextField(_("note"), plaintext_max_length=NOTE_MAX_LENGTH)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("measure review")
        verbose_name_plural = _("measure reviews")
        ordering = ["reviewed_on", "id"]

    def __str__(self) -> str:
        return f"{self.measure_id} {self.reviewed_on}"
