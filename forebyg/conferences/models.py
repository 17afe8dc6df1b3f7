"""Case conferences (the infohus-kommune meeting, DESIGN.md §3): a date, the participating
organisations and persons, an agenda of cases, for each case and participant whether they may
hear it and on which legal basis, minutes per case, and each authority's own decision. The forum
itself decides nothing. Written only by conferences.services."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forebyg.actors.models import OrganisationKind
from forebyg.core.fields import EncryptedTextField
from forebyg.core.models import TimeStampedModel, localized

TEXT_MAX_LENGTH = 10000
REASON_MAX_LENGTH = 2000
NAME_MAX_LENGTH = 200


class ConferenceStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    HELD = "held", _("Held")


class Conference(TimeStampedModel):
    """One infohus-kommune meeting: the citizen's municipality with its police district."""

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
    held_on = models.DateField(_("date"))
    location = models.CharField(_("location"), max_length=NAME_MAX_LENGTH, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ConferenceStatus.choices, default="planned"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("case conference")
        verbose_name_plural = _("case conferences")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.municipality} {self.held_on:%Y-%m-%d}"


class Participant(models.Model):
    """A person taking part on behalf of an organisation (a professional, not the citizen)."""

    conference = models.ForeignKey(
        Conference,
        verbose_name=_("conference"),
        on_delete=models.CASCADE,
        related_name="participants",
    )
    organisation = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    role = models.CharField(_("role"), max_length=NAME_MAX_LENGTH, blank=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})"


class AgendaItem(models.Model):
    """A case on the agenda, with the reason it is there (the necessity note of its disclosures)."""

    conference = models.ForeignKey(
        Conference, verbose_name=_("conference"), on_delete=models.CASCADE, related_name="items"
    )
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="+"
    )
    order = models.PositiveSmallIntegerField(_("order"))
    reason = EncryptedTextField(
        _("reason for the case"), blank=True, plaintext_max_length=REASON_MAX_LENGTH
    )

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["order", "id"]
        constraints = [
            models.UniqueConstraint(fields=["conference", "case"], name="case_once_per_agenda"),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.case}"


class ParticipantClearance(models.Model):
    """May this participant hear this case? Decided by the rules engine (and recorded in the
    exchange ledger), except for the case's own municipality, which holds the case already."""

    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="clearances",
    )
    participant = models.ForeignKey(
        Participant,
        verbose_name=_("participant"),
        on_delete=models.CASCADE,
        related_name="clearances",
    )
    allowed = models.BooleanField(_("allowed"))
    own_case = models.BooleanField(_("own case"), default=False)
    legal_basis = models.ForeignKey(
        "legal.LegalBasis",
        verbose_name=_("legal basis"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    explanation_da = models.TextField(_("explanation (Danish)"))
    explanation_en = models.TextField(_("explanation (English)"))
    disclosure = models.ForeignKey(
        "exchange.DisclosureRecord",
        verbose_name=_("ledger record"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), default=timezone.now)

    class Meta:
        verbose_name = _("clearance")
        verbose_name_plural = _("clearances")
        ordering = ["participant_id"]
        constraints = [
            models.UniqueConstraint(fields=["item", "participant"], name="one_clearance_each"),
        ]

    def __str__(self) -> str:
        return f"{self.item} / {self.participant}: {self.allowed}"

    @property
    def explanation(self) -> str:
        return localized(self, "explanation")


class Minutes(models.Model):
    """The minutes of one case on the agenda, written by a coordinator."""

    item = models.OneToOneField(
        AgendaItem, verbose_name=_("agenda item"), on_delete=models.CASCADE, related_name="minutes"
    )
    text = EncryptedTextField(_("minutes"), plaintext_max_length=TEXT_MAX_LENGTH)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    written_at = models.DateTimeField(_("written at"), default=timezone.now)

    class Meta:
        verbose_name = _("minutes")
        verbose_name_plural = _("minutes")

    def __str__(self) -> str:
        return f"{self.item}"


class AuthorityDecision(models.Model):
    """One authority's own decision on a case, under its own law; never the conference's."""

    item = models.ForeignKey(
        AgendaItem,
        verbose_name=_("agenda item"),
        on_delete=models.CASCADE,
        related_name="decisions",
    )
    organisation = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("authority"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_by = models.CharField(_("decided by"), max_length=NAME_MAX_LENGTH)
    text = EncryptedTextField(_("decision"), plaintext_max_length=TEXT_MAX_LENGTH)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)

    class Meta:
        verbose_name = _("authority's own decision")
        verbose_name_plural = _("authorities' own decisions")
        ordering = ["recorded_at", "id"]

    def __str__(self) -> str:
        return f"{self.item} / {self.organisation}"
