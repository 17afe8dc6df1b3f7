"""The national action plan of 11 October 2016: focus areas and initiatives."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forebyg.core.models import Sourced, localized


class FocusArea(Sourced):
    """One of the nine focus areas of the 2016 plan."""

    number = models.PositiveSmallIntegerField(_("number"), unique=True)
    title_da = models.CharField(_("title (Danish)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300)

    class Meta:
        ordering = ["number"]
        verbose_name = _("focus area")
        verbose_name_plural = _("focus areas")

    def __str__(self) -> str:
        return f"{self.number}. {localized(self, 'title')}"


class Initiative(Sourced):
    """An initiative of the 2016 plan. The loaded list is incomplete; analysts complete it."""

    focus_area = models.ForeignKey(
        FocusArea,
        verbose_name=_("focus area"),
        on_delete=models.PROTECT,
        related_name="initiatives",
    )
    number = models.PositiveSmallIntegerField(_("number"), null=True, blank=True)
    title_da = models.CharField(_("title (Danish)"), max_length=300)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    responsible = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("responsible ministry or authority"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plan_initiatives",
    )
    # The row of the reference data it came from, so reloading updates instead of duplicating.
    # NULL, not "", for the initiatives analysts add: many may lack a key despite the constraint.
    seed_key = models.CharField(  # noqa: DJ001
        _("reference data key"), max_length=80, null=True, blank=True
    )

    class Meta:
        ordering = ["focus_area__number", "number", "id"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            models.UniqueConstraint(
                fields=["number"],
                condition=Q(number__isnull=False),
                name="unique_initiative_number",
            ),
            models.UniqueConstraint(fields=["seed_key"], name="unique_initiative_seed_key"),
            models.CheckConstraint(
                condition=Q(number__isnull=True) | (Q(number__gte=1) & Q(number__lte=41)),
                name="initiative_number_1_to_41",
            ),
        ]

    def __str__(self) -> str:
        return localized(self, "title")


TEXT_MAX_LENGTH = 2000
SOURCE_MAX_LENGTH = 500


class InitiativeStatus(models.TextChoices):
    NOT_STARTED = "not_started", _("Not started")
    IN_PROGRESS = "in_progress", _("In progress")
    IMPLEMENTED = "implemented", _("Implemented")
    DISCONTINUED = "discontinued", _("Discontinued")


class StatusUpdate(models.Model):
    """A dated statement of an initiative's status. The current status is the latest update
    (by date, then by when it was recorded); updates are never edited, so they are its history."""

    initiative = models.ForeignKey(
        Initiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="status_updates",
    )
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=20, choices=InitiativeStatus.choices)
    note = models.TextField(_("note"), max_length=TEXT_MAX_LENGTH)
    source = models.CharField(_("source"), max_length=SOURCE_MAX_LENGTH, blank=True)
    # NULL only for updates that came with the demo data, not from a person.
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        ordering = ["-date", "-recorded_at", "-id"]
        verbose_name = _("status update")
        verbose_name_plural = _("status updates")
        indexes = [models.Index(fields=["initiative", "-date", "-recorded_at"])]

    def __str__(self) -> str:
        return f"{self.date}: {self.get_status_display()}"
