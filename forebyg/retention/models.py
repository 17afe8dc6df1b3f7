"""An organisation's retention periods, and purge runs: a dry-run report of expired cases that a
second person approves before `purge_expired --run` executes it (docs/decisions/0011)."""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forebyg.core.models import TimeStampedModel
from forebyg.retention.periods import MAX_MONTHS, Outcome


class RetentionPeriod(TimeStampedModel):
    """The organisation's own period for an outcome, or for an outcome and one legal basis."""

    organisation = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices)
    legal_basis = models.ForeignKey(
        "legal.LegalBasis",
        verbose_name=_("legal basis"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    months = models.PositiveSmallIntegerField(
        _("months"), validators=[MaxValueValidator(MAX_MONTHS)]
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("retention period")
        verbose_name_plural = _("retention periods")
        ordering = ["organisation", "outcome", "legal_basis"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "outcome"],
                condition=Q(legal_basis__isnull=True),
                name="one_period_per_outcome",
            ),
            models.UniqueConstraint(
                fields=["organisation", "outcome", "legal_basis"],
                condition=Q(legal_basis__isnull=False),
                name="one_period_per_outcome_and_basis",
            ),
            models.CheckConstraint(
                condition=Q(months__lte=MAX_MONTHS), name="retention_months_within_max"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} {self.outcome} {self.legal_basis_id or '-'}: {self.months}"


class RunStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for approval")
    APPROVED = "approved", _("Approved")
    EXECUTED = "executed", _("Executed")
    SUPERSEDED = "superseded", _("Replaced by a newer report")


class PurgeRun(models.Model):
    """A dry-run report for one organisation: which of its cases had expired on `as_of`."""

    organisation = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=20, choices=RunStatus.choices, default=RunStatus.PENDING
    )
    as_of = models.DateField(_("expired on"))
    # Empty when the report came from the command line (a timer) rather than a person.
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("made by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("made at"), default=timezone.now)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("approved by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    executed_at = models.DateTimeField(_("executed at"), null=True, blank=True)
    # Cases per outcome, e.g. {"unfounded": 3}: the report's counts, no personal data.
    summary = models.JSONField(_("cases per outcome"), default=dict, blank=True)

    class Meta:
        verbose_name = _("purge run")
        verbose_name_plural = _("purge runs")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.pk} {self.status}"


class PurgeItem(models.Model):
    """One expired case in a report; `purged_at` is set in the transaction that purged it."""

    run = models.ForeignKey(
        PurgeRun, verbose_name=_("purge run"), on_delete=models.CASCADE, related_name="items"
    )
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="+"
    )
    outcome = models.CharField(_("outcome"), max_length=30, choices=Outcome.choices)
    months = models.PositiveSmallIntegerField(_("months"))
    closed_on = models.DateField(_("closed on"))
    expires_on = models.DateField(_("expired on"))
    purged_at = models.DateTimeField(_("purged at"), null=True, blank=True)
    # Why execution left the case alone (e.g. its period was lengthened after the report).
    skipped = models.CharField(_("skipped because"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("purged case")
        verbose_name_plural = _("purged cases")
        ordering = ["run", "expires_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["run", "case"], name="one_item_per_case_per_run"),
            # A case is purged once: a later report leaves it out.
            models.UniqueConstraint(
                fields=["case"], condition=Q(purged_at__isnull=False), name="purged_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.run_id} {self.case_id}"
