"""API tokens: a bearer token for one organisation and a set of scopes (glossary: API-nøgle)."""

import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

NAME_MAX_LENGTH = 120
DESCRIPTION_MAX_LENGTH = 1000


class Scope(models.TextChoices):
    CONCERNS_CREATE = "concerns:create", _("Create concerns")
    CONCERNS_STATUS = "concerns:status", _("Read the status of own concerns")
    CASES_READ = "cases:read", _("Read cases in scope")
    STATS_READ = "stats:read", _("Read statistics")
    PLANS_READ = "plans:read", _("Read published plans")
    NATIONAL_READ = "national:read", _("Read the national plan tracker")


class ApiToken(models.Model):
    """A token stored as the SHA-256 of its secret; the prefix is the visible handle to look it
    up (and to revoke it) without ever keeping the secret."""

    organisation = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="api_tokens",
    )
    name = models.CharField(_("name"), max_length=NAME_MAX_LENGTH)
    description = models.TextField(_("description"), blank=True)
    scopes = models.JSONField(_("scopes"), default=list)
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    key_hash = models.CharField(_("hash of the token"), max_length=64, editable=False)
    # The system's own, inactive account: concerns it sends are recorded by it and audit events
    # name it, so every row and event says which token did what. It can never log in.
    account = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.PROTECT,
        related_name="api_token",
        editable=False,
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix})"

    def is_usable(self, now: datetime.datetime | None = None) -> bool:
        """Neither revoked nor expired."""
        now = now or timezone.now()
        if self.revoked_at is not None:
            return False
        return self.expires_at is None or self.expires_at > now

    def has_scope(self, scope: str) -> bool:
        return scope in (self.scopes or [])
