"""Access requests (GDPR art. 15) answered by an organisation's data protection officer, and the
report items the DPO withholds from the data subject under databeskyttelsesloven § 22. Written
only by access_requests.services."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forebyg.core.fields import EncryptedTextField
from forebyg.core.models import TimeStampedModel

NOTE_MAX_LENGTH = 1000
REASON_MAX_LENGTH = 2000


class IdentityCheck(models.TextChoices):
    """How the DPO made sure the requester is the data subject (or may act for them)."""

    MITID = "mitid", _("Signed with MitID")
    DIGITAL_POST = "digital_post", _("Received through Digital Post")
    IN_PERSON = "in_person", _("Photo ID shown in person")
    CUSTODY_HOLDER = "custody_holder", _("Custody holder of a child, checked")
    OTHER = "other", _("Other (described in the note)")


class RestrictionGround(models.TextChoices):
    """The two grounds of databeskyttelsesloven § 22 for withholding information from a data
    subject; the reason text says which interest outweighs theirs, and why."""

    PRIVATE_INTERESTS = "private", _("§ 22, stk. 1: decisive private interests")
    PUBLIC_INTERESTS = "public", _("§ 22, stk. 2: decisive public interests")


class AccessRequest(TimeStampedModel):
    organisation = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    cpr = EncryptedTextField(_("CPR number"), plaintext_max_length=10)
    # HMAC of the CPR digits (crypto.blind_index(..., purpose="cpr")), as cases.Person.cpr_index:
    # the report finds the person's rows and the searches for their number through it.
    cpr_index = models.CharField(_("CPR index"), max_length=64, db_index=True)
    received_on = models.DateField(_("received on"))
    identity_check = models.CharField(
        _("identity checked by"), max_length=20, choices=IdentityCheck.choices
    )
    identity_note = EncryptedTextField(
        _("note on the identity check"), blank=True, plaintext_max_length=NOTE_MAX_LENGTH
    )
    deadline = models.DateField(_("deadline"))
    extended_at = models.DateTimeField(_("extended at"), null=True, blank=True)
    extension_reason = EncryptedTextField(
        _("reason for the extension"), blank=True, plaintext_max_length=REASON_MAX_LENGTH
    )
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("registered by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # One per submitted form: a reload or double click returns the first request.
    idempotency_key = models.CharField(_("idempotency key"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("access request")
        verbose_name_plural = _("access requests")
        ordering = ["deadline", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(deadline__gt=F("received_on")), name="access_deadline_after_receipt"
            ),
            models.CheckConstraint(
                condition=Q(answered_on__isnull=True) | Q(answered_on__gte=F("received_on")),
                name="access_answered_after_receipt",
            ),
        ]

    def __str__(self) -> str:
        # Never the CPR number: str() ends up in logs and admin pages.
        return f"{self.pk} {self.received_on:%Y-%m-%d}"

    @property
    def is_open(self) -> bool:
        return self.answered_on is None

    @property
    def is_extended(self) -> bool:
        return self.extended_at is not None

    @property
    def cpr_masked(self) -> str:
        return f"{self.cpr[:6]}-xxxx" if self.cpr else ""


class Restriction(models.Model):
    """One report item withheld from the data subject's version under § 22 (the DPO's version
    still lists it, marked). `item_key` names the item as the report does ("concern-12")."""

    request = models.ForeignKey(
        AccessRequest,
        verbose_name=_("access request"),
        on_delete=models.CASCADE,
        related_name="restrictions",
    )
    item_key = models.CharField(_("item"), max_length=40)
    ground = models.CharField(_("ground"), max_length=20, choices=RestrictionGround.choices)
    reason = EncryptedTextField(_("reason"), plaintext_max_length=REASON_MAX_LENGTH)
    restricted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("restricted by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    restricted_at = models.DateTimeField(_("restricted at"), default=timezone.now)

    class Meta:
        verbose_name = _("restriction")
        verbose_name_plural = _("restrictions")
        ordering = ["restricted_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["request", "item_key"], name="one_restriction_per_item")
        ]

    def __str__(self) -> str:
        return f"{self.request_id} {self.item_key}"
