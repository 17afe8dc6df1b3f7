"""A concern (bekymringshenvendelse) and the files that came with it."""

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forebyg.core.fields import EncryptedTextField
from forebyg.core.models import TimeStampedModel

DESCRIPTION_MAX_LENGTH = 5000
CONTACT_MAX_LENGTH = 500


class Source(models.TextChoices):
    PROFESSIONAL = "professional", _("Professional")
    HOTLINE = "hotline", _("Anti-radicalisation hotline")
    CITIZEN = "citizen", _("Citizen or relative")
    POLICE = "police", _("Police")
    COORDINATOR = "coordinator", _("Coordinator")
    API = "api", _("Another system (API)")


class CustodyInformed(models.TextChoices):
    """For a child: do the custody holders know about the concern?"""

    YES = "yes", _("Yes")
    NO = "no", _("No")
    UNKNOWN = "unknown", _("Not known")
    NOT_RELEVANT = "not_relevant", _("Not relevant (adult)")


class Concern(TimeStampedModel):
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="concerns"
    )
    source = models.CharField(_("source"), max_length=20, choices=Source.choices)
    # Who typed it in (a professional, a hotline operator, a coordinator).
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The user who reported and may follow the status; empty for callers and outside reporters.
    reporter = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reporter"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reported_concerns",
    )
    reporter_organisation = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("reporter's organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reporter_contact = EncryptedTextField(
        _("reporter's contact"), blank=True, plaintext_max_length=CONTACT_MAX_LENGTH
    )
    # Required at intake; emptied only when the police take the case over (see Case.is_stub).
    description = EncryptedTextField(
        _("what worries you"), blank=True, plaintext_max_length=DESCRIPTION_MAX_LENGTH
    )
    signs = models.ManyToManyField(
        "prevention.WarningSign", verbose_name=_("observed signs"), blank=True, related_name="+"
    )
    category = models.ForeignKey(
        "prevention.ExtremismCategory",
        verbose_name=_("category"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    acute = models.BooleanField(_("acute"), default=False)
    custody_informed = models.CharField(
        _("custody holders informed"),
        max_length=20,
        choices=CustodyInformed.choices,
        default=CustodyInformed.NOT_RELEVANT,
    )
    received_at = models.DateTimeField(_("received at"), default=timezone.now)
    # One per submitted form: a reload or double click returns the first concern.
    idempotency_key = models.CharField(_("idempotency key"), max_length=64, unique=True)
    # The reporter's own reference, separate from the case's: it reveals nothing about the case
    # (not whether other concerns joined it) and is the only handle a reporter has.
    reporter_reference = models.CharField(_("reporter's reference"), max_length=16, unique=True)

    class Meta:
        verbose_name = _("concern")
        verbose_name_plural = _("concerns")
        ordering = ["received_at", "id"]

    def __str__(self) -> str:
        return self.reporter_reference


def attachment_path(instance: "Attachment", filename: str) -> str:
    """A random name without the original one (which is personal data and kept encrypted)."""
    return f"attachments/{secrets.token_hex(20)}"


class Attachment(models.Model):
    """A file sent with a concern, kept under MEDIA_ROOT/attachments/ and never served directly:
    only through permissions.get_attachment_for_download (the case's own access rule)."""

    concern = models.ForeignKey(
        Concern, verbose_name=_("concern"), on_delete=models.CASCADE, related_name="attachments"
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = EncryptedTextField(_("file name"), plaintext_max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        ordering = ["uploaded_at", "id"]

    def __str__(self) -> str:
        return f"{self.content_type} {self.size}"
