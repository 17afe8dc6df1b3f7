"""A municipality's beredskab against extremism (barnets lov § 15, stk. 3) and its versions.

A plan holds no personal data about citizens: contacts on action cards are the municipality's
own functions and public phone numbers."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from forebyg.actors.models import OrganisationKind
from forebyg.core.models import TimeStampedModel
from forebyg.plans.workflow import VersionStatus

REVISION_YEARS = 4
REVISION_WARNING_MONTHS = 6


class Pillar(models.TextChoices):
    """CDE's three pillars of a municipal action plan."""

    GENERAL = "general", _("General prevention")
    CASE_PROCESS = "case_process", _("Systematic case process")
    ACUTE = "acute", _("Acute situations")


class ActionPlan(TimeStampedModel):
    """The beredskab of one municipality. Its text lives in versions."""

    municipality = models.OneToOneField(
        "actors.Organisation",
        verbose_name=_("municipality"),
        on_delete=models.PROTECT,
        related_name="action_plan",
        limit_choices_to={"kind": OrganisationKind.MUNICIPALITY},
    )

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")

    def __str__(self) -> str:
        return str(self.municipality)


class PlanVersion(TimeStampedModel):
    plan = models.ForeignKey(
        ActionPlan, verbose_name=_("plan"), on_delete=models.CASCADE, related_name="versions"
    )
    number = models.PositiveSmallIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(
        _("status"), max_length=20, choices=VersionStatus.choices, default=VersionStatus.DRAFT
    )
    council_decision_date = models.DateField(
        _("date of the council's decision"), null=True, blank=True
    )
    council_reference = models.CharField(
        _("council decision reference"), max_length=200, blank=True
    )
    published_at = models.DateTimeField(_("published"), null=True, blank=True)
    superseded_at = models.DateTimeField(_("superseded"), null=True, blank=True)
    based_on = models.ForeignKey(
        "self",
        verbose_name=_("based on version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    # Optimistic concurrency: a form posts the revision it was rendered from.
    revision = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["plan", "-number"]
        verbose_name = _("plan version")
        verbose_name_plural = _("plan versions")
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="unique_plan_version_number"),
            # One version in work at a time: a second draft would fork the plan.
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(status__in=["draft", "consultation"]),
                name="one_plan_version_in_work",
            ),
            models.UniqueConstraint(
                fields=["plan"],
                condition=Q(status__in=["adopted", "published"]),
                name="one_plan_version_in_force",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "consultation"])
                | (Q(council_decision_date__isnull=False) & ~Q(council_reference="")),
                name="adopted_plan_version_has_council_decision",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.plan} v{self.number}"

    @property
    def revision_due(self) -> datetime.date | None:
        """Adoption + 4 years (barnets lov § 15, stk. 3); None until adopted."""
        if self.council_decision_date is None:
            return None
        return add_years(self.council_decision_date, REVISION_YEARS)


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same calendar day `years` later; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


class Section(models.Model):
    """One heading of the CDE template (plans.template) and the municipality's text under it."""

    version = models.ForeignKey(
        PlanVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="sections"
    )
    key = models.SlugField(_("key"), max_length=60)
    order = models.PositiveSmallIntegerField(_("order"))
    heading = models.CharField(_("heading"), max_length=200)
    pillar = models.CharField(_("pillar"), max_length=20, choices=Pillar.choices, blank=True)
    # Sanitised HTML (plans.richtext): only the safe subset is ever stored.
    body = models.TextField(_("text"), blank=True)

    class Meta:
        ordering = ["version", "order"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="unique_section_key"),
        ]

    def __str__(self) -> str:
        return self.heading


class Responsibility(models.TextChoices):
    RESPONSIBLE = "R", _("Responsible")
    ACCOUNTABLE = "A", _("Accountable")
    CONSULTED = "C", _("Consulted")
    INFORMED = "I", _("Informed")


class PlanTask(models.Model):
    """A row of the roles matrix: a task of the beredskab."""

    version = models.ForeignKey(
        PlanVersion, verbose_name=_("version"), on_delete=models.CASCADE, related_name="tasks"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    title = models.CharField(_("task"), max_length=200)

    class Meta:
        ordering = ["version", "order", "id"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return self.title


class RoleAssignment(models.Model):
    """A cell of the roles matrix: what one actor from the registry does in one task."""

    task = models.ForeignKey(
        PlanTask, verbose_name=_("task"), on_delete=models.CASCADE, related_name="assignments"
    )
    actor = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("actor"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    responsibility = models.CharField(
        _("responsibility"), max_length=1, choices=Responsibility.choices
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        constraints = [
            models.UniqueConstraint(fields=["task", "actor"], name="unique_task_actor"),
        ]

    def __str__(self) -> str:
        return f"{self.responsibility}: {self.actor}"


class InitiativeStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    ONGOING = "ongoing", _("Ongoing")
    COMPLETED = "completed", _("Completed")
    DISCONTINUED = "discontinued", _("Discontinued")


class PlanInitiative(models.Model):
    """An initiative of the plan, placed on the prevention triangle and one pillar."""

    version = models.ForeignKey(
        PlanVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="initiatives",
    )
    title = models.CharField(_("title"), max_length=200)
    level = models.ForeignKey(
        "prevention.PreventionLevel",
        verbose_name=_("level of the triangle"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    pillar = models.CharField(_("pillar"), max_length=20, choices=Pillar.choices)
    target_group = models.CharField(_("target group"), max_length=300)
    responsible = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("responsible actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    partners = models.ManyToManyField(
        "actors.Organisation", verbose_name=_("partner actors"), blank=True, related_name="+"
    )
    rationale = models.TextField(_("rationale"), blank=True)
    legal_bases = models.ManyToManyField(
        "legal.LegalBasis", verbose_name=_("legal bases"), blank=True, related_name="+"
    )
    start = models.DateField(_("start"), null=True, blank=True)
    end = models.DateField(_("end"), null=True, blank=True)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=InitiativeStatus.choices,
        default=InitiativeStatus.PLANNED,
    )

    class Meta:
        ordering = ["version", "level__order", "title", "id"]
        verbose_name = _("initiative")
        verbose_name_plural = _("initiatives")
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True)
                | Q(end__isnull=True)
                | Q(end__gte=models.F("start")),
                name="plan_initiative_ends_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Figure(models.TextChoices):
    """Figures Forebyg knows about a municipality; an indicator bound to one fills itself."""

    CONCERNS_PER_QUARTER = "concerns_per_quarter", _("Concerns received in the last quarter")
    SCREENED_IN_TIME = "screened_in_time", _("Share of concerns screened within the deadline")
    OVERDUE_REVIEWS = "overdue_reviews", _("Open cases with an overdue review")
    STAFF_REACHED = "staff_reached", _("Staff reached by action cards")


class Indicator(models.Model):
    initiative = models.ForeignKey(
        PlanInitiative,
        verbose_name=_("initiative"),
        on_delete=models.CASCADE,
        related_name="indicators",
    )
    name = models.CharField(_("indicator"), max_length=200)
    unit = models.CharField(_("unit"), max_length=40, blank=True)
    target = models.DecimalField(
        _("target"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    # Entered by hand, unless the indicator is bound to a figure.
    measured = models.DecimalField(
        _("measured value"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    figure = models.CharField(
        _("bound to figure"), max_length=40, choices=Figure.choices, blank=True
    )

    class Meta:
        ordering = ["initiative", "id"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")

    def __str__(self) -> str:
        return self.name


class Audience(models.TextChoices):
    SCHOOL = "school", _("School staff")
    DAYCARE = "daycare", _("Daycare staff")
    CLUB = "club", _("Clubs and leisure")
    YOUTH_EDUCATION = "youth_education", _("Youth education")
    JOBCENTRE = "jobcentre", _("Jobcentre")
    SOCIAL_SERVICES = "social_services", _("Social services")
    OTHER = "other", _("Other staff")


class ActionCard(models.Model):
    """A one-page card for one audience: the warning signs to notice and exactly whom to call."""

    version = models.ForeignKey(
        PlanVersion,
        verbose_name=_("version"),
        on_delete=models.CASCADE,
        related_name="action_cards",
    )
    audience = models.CharField(_("audience"), max_length=30, choices=Audience.choices)
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    warning_signs = models.ManyToManyField(
        "prevention.WarningSign", verbose_name=_("warning signs"), blank=True, related_name="+"
    )
    # Entered by hand; an indicator may be bound to the sum (Figure.STAFF_REACHED).
    staff_reached = models.PositiveIntegerField(_("staff reached"), null=True, blank=True)

    class Meta:
        ordering = ["version", "audience", "id"]
        verbose_name = _("action card")
        verbose_name_plural = _("action cards")

    def __str__(self) -> str:
        return self.title


class ContactKind(models.TextChoices):
    MUNICIPAL_COORDINATOR = "municipal_coordinator", _("Municipal coordinator")
    POLICE = "police", _("Police district")
    HOTLINE = "hotline", _("Anti-Radicalisation Hotline")
    EMERGENCY = "emergency", _("Emergency")
    OTHER = "other", _("Other")


class CardContact(models.Model):
    """Whom to call, in the order the card lists them. A function, not a private person."""

    card = models.ForeignKey(
        ActionCard, verbose_name=_("action card"), on_delete=models.CASCADE, related_name="contacts"
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    kind = models.CharField(_("kind"), max_length=30, choices=ContactKind.choices)
    organisation = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    label = models.CharField(_("whom"), max_length=200)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    when = models.CharField(_("when to call"), max_length=300, blank=True)

    class Meta:
        ordering = ["card", "order", "id"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.CheckConstraint(
                condition=~Q(phone="") | ~Q(email=""), name="card_contact_has_phone_or_email"
            ),
        ]

    def __str__(self) -> str:
        return self.label
