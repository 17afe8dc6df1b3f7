"""The infohus networks (DESIGN.md §1): one per police district, where the coordinators of the
police and of every municipality in the district share knowledge and trends. No individual cases:
a note holds no personal data, which networks.services enforces as far as it can (CPR numbers)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from forebyg.actors.models import OrganisationKind

TITLE_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 10000


class NoteKind(models.TextChoices):
    MEETING = "meeting", _("Meeting note")
    TREND = "trend", _("Trend note")


class NetworkNote(models.Model):
    """A meeting or trend note of one police district's infohus network. Written only by
    networks.services; never edited, so what the members read is what was written."""

    police_district = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("police district"),
        on_delete=models.PROTECT,
        related_name="network_notes",
        limit_choices_to={"kind": OrganisationKind.POLICE_DISTRICT},
    )
    kind = models.CharField(_("kind"), max_length=20, choices=NoteKind.choices)
    date = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=TITLE_MAX_LENGTH)
    text = models.TextField(_("text"), max_length=TEXT_MAX_LENGTH)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("written by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["-date", "-created_at", "-id"]
        verbose_name = _("network note")
        verbose_name_plural = _("network notes")
        indexes = [models.Index(fields=["police_district", "-date", "-created_at"])]

    def __str__(self) -> str:
        return self.title
