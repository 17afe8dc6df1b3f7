"""What happens under the disclosure rules: the consents on record, and the ledger of every
disclosure between organisations (allowed or refused). Written only by exchange.services."""

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forebyg.actors.models import OrganisationKind
from forebyg.core.fields import EncryptedTextField
from forebyg.core.models import localized
from forebyg.legal.rules.vocabulary import CooperationContext, DataCategory, Purpose

NOTE_MAX_LENGTH = 2000


def labels_of(values: list[str], choices: type[models.TextChoices]) -> str:
    """Stored choice values as their labels, for display ("Identity, Concern")."""
    names = dict(choices.choices)
    return ", ".join(str(names.get(value, value)) for value in values)


class ConsentGiver(models.TextChoices):
    PERSON = "person", _("The person")
    CUSTODY_HOLDERS = "custody_holders", _("The custody holders")
    PERSON_AND_CUSTODY_HOLDERS = (
        "person_and_custody_holders",
        _("The person and the custody holders"),
    )


class DisclosureKind(models.TextChoices):
    IDENTITY_REVEAL = "identity_reveal", _("Identity revealed")
    PARTNER_INVITE = "partner_invite", _("Partner invited")
    ASSESSMENT_SHARE = "assessment_share", _("Assessment shared")
    CONFERENCE = "conference", _("Case conference")
    EXPORT = "export", _("Export")
    OTHER = "other", _("Other")


class Consent(models.Model):
    """A consent to disclose information about a person: who gave it (the person, or for a child
    the custody holders), when, to which recipients (named organisations and/or kinds of
    organisation), for which purposes and categories, and who recorded it. Withdrawn, it stops
    every consent-based disclosure from that moment; it is never deleted or edited otherwise."""

    person = models.ForeignKey(
        "cases.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="consents"
    )
    given_by = models.CharField(_("given by"), max_length=30, choices=ConsentGiver.choices)
    given_at = models.DateTimeField(_("given at"))
    recipients = models.ManyToManyField(
        "actors.Organisation", verbose_name=_("recipients"), related_name="+", blank=True
    )
    recipient_kinds = models.JSONField(_("kinds of recipient"), default=list, blank=True)
    purposes = models.JSONField(_("purposes"), default=list)
    categories = models.JSONField(_("data categories"), default=list)
    note = EncryptedTextField(_("note"), blank=True, plaintext_max_length=NOTE_MAX_LENGTH)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded at"), default=timezone.now)
    withdrawn_at = models.DateTimeField(_("withdrawn at"), null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("withdrawal recorded by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        ordering = ["-given_at", "-id"]
        constraints = [
            models.CheckConstraint(
                name="consent_withdrawal_has_time_and_user",
                condition=Q(withdrawn_at__isnull=True, withdrawn_by__isnull=True)
                | Q(withdrawn_at__isnull=False, withdrawn_by__isnull=False),
            ),
            models.CheckConstraint(
                name="consent_withdrawn_after_given",
                condition=Q(withdrawn_at__isnull=True) | Q(withdrawn_at__gte=models.F("given_at")),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} {self.given_at:%Y-%m-%d}"

    @property
    def is_active(self) -> bool:
        return self.withdrawn_at is None

    @property
    def purpose_labels(self) -> str:
        return labels_of(self.purposes, Purpose)

    @property
    def category_labels(self) -> str:
        return labels_of(self.categories, DataCategory)

    @property
    def recipient_kind_labels(self) -> str:
        return labels_of(self.recipient_kinds, OrganisationKind)


class DisclosureRecord(models.Model):
    """One line of the exchange ledger: a disclosure of personal data from one organisation to
    another, proposed by `by`, allowed or refused by the rules engine. Append-only: written once
    by services.propose_disclosure, never changed (save() refuses) and not in the admin."""

    at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("by"), on_delete=models.PROTECT, related_name="+"
    )
    discloser = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("from"),
        on_delete=models.PROTECT,
        related_name="disclosures_made",
    )
    recipient = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("to"),
        on_delete=models.PROTECT,
        related_name="disclosures_received",
    )
    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disclosures",
    )
    person = models.ForeignKey(
        "cases.Person",
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disclosures",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=DisclosureKind.choices)
    categories = models.JSONField(_("data categories"), default=list)
    purpose = models.CharField(_("purpose"), max_length=30, choices=Purpose.choices)
    context = models.CharField(_("cooperation"), max_length=20, choices=CooperationContext.choices)
    legal_basis = models.ForeignKey(
        "legal.LegalBasis",
        verbose_name=_("legal basis"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The rule's key when it was decided: rules are edited, the ledger keeps what was used.
    rule_key = models.CharField(_("rule"), max_length=80, blank=True)
    allowed = models.BooleanField(_("allowed"))
    conditions = models.JSONField(_("conditions"), default=list, blank=True)
    failed_condition = models.CharField(_("condition not met"), max_length=40, blank=True)
    consent = models.ForeignKey(
        Consent,
        verbose_name=_("consent relied on"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disclosures",
    )
    meeting_49a_number = models.PositiveSmallIntegerField(
        _("§ 49 a meeting number"), null=True, blank=True
    )
    special_follow_up = models.BooleanField(_("special follow-up meeting"), default=False)
    necessity_note = EncryptedTextField(
        _("necessity note"), blank=True, plaintext_max_length=NOTE_MAX_LENGTH
    )
    explanation_da = models.TextField(_("explanation (Danish)"))
    explanation_en = models.TextField(_("explanation (English)"))

    class Meta:
        verbose_name = _("disclosure record")
        verbose_name_plural = _("disclosure records")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["discloser", "at"], name="exchange_disclosure_from_at"),
            models.Index(fields=["recipient", "at"], name="exchange_disclosure_to_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.discloser_id} -> {self.recipient_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if not self._state.adding:
            raise ValidationError(_("The exchange ledger is append-only."))
        super().save(*args, **kwargs)

    @property
    def explanation(self) -> str:
        return localized(self, "explanation")

    @property
    def category_labels(self) -> str:
        return labels_of(self.categories, DataCategory)


SUMMARY_MAX_LENGTH = 1000


class PartnerInvitation(models.Model):
    """A partner organisation invited to take part in a case. The invitation is itself a
    disclosure (the de-identified concern summary, recorded in the ledger): the partner sees the
    case by pseudonym, age band and municipality until the identity is revealed to it by a second,
    allowed disclosure. Revoked, it gives no access from that moment; it is never deleted."""

    case = models.ForeignKey(
        "cases.Case",
        verbose_name=_("case"),
        on_delete=models.PROTECT,
        related_name="partner_invitations",
    )
    partner = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("partner"),
        on_delete=models.PROTECT,
        related_name="case_invitations",
    )
    # Written by the coordinator for the partner: no name, no CPR, nothing that identifies.
    summary = EncryptedTextField(_("concern summary"), plaintext_max_length=SUMMARY_MAX_LENGTH)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("invited by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    invited_at = models.DateTimeField(_("invited at"), default=timezone.now)
    invite_record = models.ForeignKey(
        DisclosureRecord,
        verbose_name=_("invitation in the ledger"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    identity_revealed_at = models.DateTimeField(_("identity revealed at"), null=True, blank=True)
    reveal_record = models.ForeignKey(
        DisclosureRecord,
        verbose_name=_("identity reveal in the ledger"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("partner invitation")
        verbose_name_plural = _("partner invitations")
        ordering = ["-invited_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["case", "partner"],
                condition=Q(revoked_at__isnull=True),
                name="one_open_invitation_per_case_and_partner",
            ),
            models.CheckConstraint(
                name="invitation_reveal_has_time_and_record",
                condition=Q(identity_revealed_at__isnull=True, reveal_record__isnull=True)
                | Q(identity_revealed_at__isnull=False, reveal_record__isnull=False),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_id} -> {self.partner_id}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None

    @property
    def identity_revealed(self) -> bool:
        return self.identity_revealed_at is not None
