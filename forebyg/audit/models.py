from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forebyg.audit.chain import GENESIS_HASH


class AuditEvent(models.Model):
    """One thing someone did. Append-only: the database itself refuses UPDATE and DELETE.

    Each event is a link in a hash chain (forebyg/audit/chain.py): `hash` is SHA-256 over the
    canonical form of its fields and `previous_hash`, the hash of the event numbered one lower."""

    # Position in the chain, 1, 2, 3, ... without gaps; null only before the chain migration ran.
    sequence = models.BigIntegerField(_("sequence number"), null=True, unique=True, editable=False)
    previous_hash = models.CharField(_("previous hash"), max_length=64, blank=True, editable=False)
    hash = models.CharField(_("hash"), max_length=64, blank=True, editable=False)
    occurred_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("actor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,  # users are deactivated, never deleted, while events name them
        related_name="+",
    )
    # The username at the time, so the event still reads right if the account is renamed.
    actor_label = models.CharField(_("actor label"), max_length=150, blank=True)
    organisation = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("organisation"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    verb = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.CharField(_("target type"), max_length=80, blank=True)
    target_id = models.CharField(_("target id"), max_length=64, blank=True)
    purpose = models.CharField(_("purpose"), max_length=300, blank=True)
    request_id = models.CharField(_("request id"), max_length=64, blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["-occurred_at", "-id"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.occurred_at:%Y-%m-%d %H:%M:%S} {self.verb}"


class AuditChainHead(models.Model):
    """The one row that names the chain's last link. Appending locks it (SELECT ... FOR UPDATE),
    so two writers can never both extend the same link; a database trigger moves it forward on
    every insert, and verify_audit compares it with the last event to notice a cut-off tail."""

    id = models.PositiveSmallIntegerField(primary_key=True, default=1, editable=False)
    sequence = models.BigIntegerField(_("last sequence number"), default=0)
    hash = models.CharField(_("last hash"), max_length=64, default=GENESIS_HASH)

    class Meta:
        verbose_name = _("audit chain head")
        verbose_name_plural = _("audit chain head")
        constraints = [
            models.CheckConstraint(condition=models.Q(id=1), name="audit_chain_one_head")
        ]

    def __str__(self) -> str:
        return f"{self.sequence} {self.hash}"
