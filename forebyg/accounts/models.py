from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from forebyg.core.models import TimeStampedModel


class Role(models.TextChoices):
    """The personas of DESIGN.md §2. A user may hold several, in several organisations."""

    PROFESSIONAL = "professional", _("Professional")
    MUNICIPAL_COORDINATOR = "municipal_coordinator", _("Municipal coordinator")
    POLICE_COORDINATOR = "police_coordinator", _("Police coordinator")
    PARTNER = "partner", _("Partner")
    HOTLINE_OPERATOR = "hotline_operator", _("Hotline operator")
    PLAN_OWNER = "plan_owner", _("Plan owner")
    ANALYST = "analyst", _("National analyst")
    DATA_PROTECTION_OFFICER = "dpo", _("Data protection officer")
    ADMINISTRATOR = "administrator", _("Administrator")


class User(AbstractUser):
    """A person who logs in. What they may do comes from their memberships, never from flags."""

    # The provider's persistent identifier of the person (the claim FOREBYG_OIDC_SUBJECT_CLAIM,
    # e.g. MitID Erhverv's professional UUID): OIDC login matches on it, never on name or e-mail.
    oidc_subject = models.CharField(
        _("OIDC identifier"),
        max_length=255,
        unique=True,
        null=True,
        blank=True,
        help_text=_("The persistent identifier the identity provider (MitID Erhverv) sends."),
    )

    # "Log out everywhere" (forebyg/accounts/sessions.py): sessions that began before this moment
    # are ended on their next request, whatever the session backend.
    sessions_ended_at = models.DateTimeField(_("sessions ended at"), null=True, blank=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def has_role(self, *roles: str) -> bool:
        return any(m.role in roles for m in self.active_memberships())

    def active_memberships(self) -> list["Membership"]:
        # Cached on the instance for one request; the user object is fetched anew per request.
        cached: list[Membership] | None = getattr(self, "_active_memberships", None)
        if cached is None:
            cached = list(self.memberships.select_related("organisation").all())
            self._active_memberships = cached
        return cached


class Membership(TimeStampedModel):
    user = models.ForeignKey(
        User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships"
    )
    organisation = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("organisation"),
        on_delete=models.PROTECT,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=40, choices=Role.choices)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name_da", "role"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation", "role"], name="one_membership_per_role"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"
