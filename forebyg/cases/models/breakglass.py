"""Break-glass: a coordinator's time-limited, read-only, audited access to one out-of-scope case,
and the notices that tell the data protection officers about it (docs/decisions/0009)."""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forebyg.core.fields import EncryptedTextField

REASON_MIN_LENGTH, REASON_MAX_LENGTH = 20, 1000


class BreakGlassGrantQuerySet(models.QuerySet["BreakGlassGrant"]):
    def active(self, now: datetime.datetime | None = None) -> "BreakGlassGrantQuerySet":
        """Grants not ended and not expired at `now`: expiry is checked on every request."""
        return self.filter(ended_at__isnull=True, expires_at__gt=now or timezone.now())


class BreakGlassGrant(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.PROTECT,
        related_name="break_glass_grants",
    )
    case = models.ForeignKey(
        "cases.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="+"
    )
    # The organisation the user acted for: its DPOs are told, and it answers for the use.
    organisation = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # May name people (why it is urgent), so it is encrypted like other free text on cases.
    reason = EncryptedTextField(_("reason"), plaintext_max_length=REASON_MAX_LENGTH)
    granted_at = models.DateTimeField(_("granted at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), db_index=True)
    ended_at = models.DateTimeField(_("ended at"), null=True, blank=True)

    objects = BreakGlassGrantQuerySet.as_manager()

    class Meta:
        verbose_name = _("break-glass grant")
        verbose_name_plural = _("break-glass grants")
        ordering = ["-granted_at", "-id"]

    def __str__(self) -> str:
        return f"break-glass {self.pk}"

    @property
    def purpose(self) -> str:
        """The purpose logged with every read under this grant (the id, never the reason)."""
        return f"break-glass: {self.pk}"

    def is_active(self, now: datetime.datetime | None = None) -> bool:
        return self.ended_at is None and self.expires_at > (now or timezone.now())

    def ends_at(self) -> datetime.datetime:
        """When the access ended or ends: ended early, or the expiry."""
        return self.ended_at or self.expires_at


class BreakGlassNotice(models.Model):
    """One DPO's in-app notice of one grant (an e-mail goes too when the DPO has an address)."""

    grant = models.ForeignKey(
        BreakGlassGrant, verbose_name=_("grant"), on_delete=models.CASCADE, related_name="notices"
    )
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="break_glass_notices",
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    seen_at = models.DateTimeField(_("seen at"), null=True, blank=True)

    class Meta:
        verbose_name = _("break-glass notice")
        verbose_name_plural = _("break-glass notices")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["grant", "recipient"], name="one_notice_per_dpo"),
        ]
        indexes = [
            models.Index(
                fields=["recipient"], condition=Q(seen_at__isnull=True), name="unseen_notices"
            ),
        ]

    def __str__(self) -> str:
        return f"notice {self.pk}"
