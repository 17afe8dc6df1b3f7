"""A Case is one episode on a person's timeline, from a concern to its closure."""

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forebyg.actors.models import OrganisationKind
from forebyg.cases import ages, workflow
from forebyg.cases.workflow import Status
from forebyg.core.fields import EncryptedTextField
from forebyg.core.models import TimeStampedModel

DEFAULT_SCREENING_DAYS = 10


class ClosureReason(models.TextChoices):
    CONCERN_DISPELLED = "concern_dispelled", _("The concern no longer exists")
    MEASURES_COMPLETED = "measures_completed", _("The measures are completed")
    HANDED_TO_AUTHORITY = "handed_to_authority", _("Handed to another authority")
    MOVED = "moved", _("The person moved away")
    DECLINED = "declined", _("The person declined to take part")
    OTHER = "other", _("Other reason")


class ClosureOutcome(models.TextChoices):
    IMPROVED = "improved", _("Positive development")
    UNCHANGED = "unchanged", _("No change")
    WORSENED = "worsened", _("Negative development")
    UNKNOWN = "unknown", _("Not known")


class ScreeningOutcome(models.TextChoices):
    POLICE_ONLY = Status.POLICE_ONLY.value, Status.POLICE_ONLY.label
    UNFOUNDED = Status.UNFOUNDED.value, Status.UNFOUNDED.label
    SIGNPOSTED = Status.SIGNPOSTED.value, Status.SIGNPOSTED.label
    INFORMATION_GATHERING = Status.INFORMATION_GATHERING.value, _("Sent to the infohus")


class Case(TimeStampedModel):
    person = models.ForeignKey(
        "cases.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="cases"
    )
    episode = models.PositiveSmallIntegerField(_("episode"))
    # Copied at intake, so a case stays where it was opened even if a boundary moves later.
    municipality = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": OrganisationKind.MUNICIPALITY},
    )
    police_district = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("police district"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": OrganisationKind.POLICE_DISTRICT},
    )
    reference = models.CharField(_("reference"), max_length=16, unique=True)
    status = models.CharField(
        _("status"), max_length=30, choices=Status.choices, default=Status.RECEIVED, db_index=True
    )
    acute = models.BooleanField(_("acute"), default=False)
    category = models.ForeignKey(
        "prevention.ExtremismCategory",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.ForeignKey(
        "prevention.PreventionLevel",
        verbose_name=_("prevention level"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    screening_due = models.DateField(_("screening due"))
    screening_outcome = models.CharField(
        _("screening outcome"), max_length=30, choices=ScreeningOutcome.choices, blank=True
    )
    screened_at = models.DateTimeField(_("screened at"), null=True, blank=True)
    closure_reason = models.CharField(
        _("closure reason"), max_length=30, choices=ClosureReason.choices, blank=True
    )
    closure_outcome = models.CharField(
        _("closure outcome"), max_length=30, choices=ClosureOutcome.choices, blank=True
    )
    opened_at = models.DateTimeField(_("opened at"), default=timezone.now, db_index=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # Set when the police took the case over and the shared content was removed.
    content_removed_at = models.DateTimeField(_("content removed at"), null=True, blank=True)
    # Optimistic concurrency: every change to this row adds one; see services.common.
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-opened_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["person", "episode"], name="one_case_per_episode"),
            # At most one open episode per person: a new concern joins it.
            models.UniqueConstraint(
                fields=["person"],
                condition=~Q(status__in=sorted(workflow.CLOSED_STATUSES)),
                name="one_open_case_per_person",
            ),
        ]
        # The coordinator's dashboard reads one municipality at a time (EXPLAIN QUERY PLAN at
        # 250,000 cases, bench/): its page in the default order, counts and pages by status,
        # overdue screenings and open acute cases, each from an index instead of a sort.
        indexes = [
            models.Index(
                fields=["municipality", "opened_at", "id"], name="case_municipality_opened"
            ),
            models.Index(
                fields=["municipality", "status", "opened_at", "id"],
                name="case_municipality_status",
            ),
            # Also covers the dashboard's counts: by status, overdue screenings, open acute cases.
            models.Index(
                fields=["municipality", "status", "screening_due", "acute"],
                name="case_municipality_attention",
            ),
            models.Index(
                fields=["municipality", "opened_at", "id"],
                condition=Q(acute=True),
                name="case_municipality_acute",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    @property
    def is_closed(self) -> bool:
        return workflow.is_closed(self.status)

    @property
    def is_stub(self) -> bool:
        """The police took the case over: only reference, dates and outcome are left."""
        return self.content_removed_at is not None

    def is_screening_overdue(self, today: datetime.date) -> bool:
        return self.status in workflow.AWAITING_SCREENING and self.screening_due < today

    def age_band(self, today: datetime.date) -> ages.AgeBand | None:
        return ages.band_of(self.person.birth_date, today)


class StatusChange(models.Model):
    """One step on the case's timeline."""

    case = models.ForeignKey(
        Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="status_changes"
    )
    from_status = models.CharField(_("from"), max_length=30, choices=Status.choices, blank=True)
    to_status = models.CharField(_("to"), max_length=30, choices=Status.choices)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    at = models.DateTimeField(_("at"), default=timezone.now)
    note = EncryptedTextField(_("note"), blank=True, plaintext_max_length=2000)

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        ordering = ["at", "id"]

    def __str__(self) -> str:
        return f"{self.from_status} -> {self.to_status}"


class ScreeningPolicy(TimeStampedModel):
    """A municipality's deadline for the police screening of a new concern."""

    municipality = models.OneToOneField(
        "actors.Organisation",
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="screening_policy",
        limit_choices_to={"kind": OrganisationKind.MUNICIPALITY},
    )
    screening_days = models.PositiveSmallIntegerField(
        _("days to screen a concern"),
        default=DEFAULT_SCREENING_DAYS,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )

    class Meta:
        verbose_name = _("screening policy")
        verbose_name_plural = _("screening policies")

    def __str__(self) -> str:
        return f"{self.municipality}: {self.screening_days}"
