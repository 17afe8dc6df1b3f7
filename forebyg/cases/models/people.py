"""The person a concern is about. One Person per (municipality, CPR): their episodes (cases)
form one timeline. Name and CPR are encrypted; the CPR is found through a keyed blind index."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from forebyg.actors.models import OrganisationKind
from forebyg.core.fields import EncryptedTextField
from forebyg.core.models import TimeStampedModel


class Gender(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    UNKNOWN = "", _("Unknown")


class Person(TimeStampedModel):
    municipality = models.ForeignKey(
        "actors.Organisation",
        verbose_name=_("municipality of residence"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"kind": OrganisationKind.MUNICIPALITY},
    )
    name = EncryptedTextField(_("name"), plaintext_max_length=200)
    cpr = EncryptedTextField(_("CPR number"), blank=True, plaintext_max_length=10)
    # HMAC of the CPR digits (crypto.blind_index(..., purpose="cpr")): equality look-ups only.
    cpr_index = models.CharField(_("CPR index"), max_length=64, blank=True, db_index=True)
    birth_date = models.DateField(_("birth date"), null=True, blank=True)
    gender = models.CharField(
        _("gender"), max_length=10, choices=Gender.choices, blank=True, default=Gender.UNKNOWN
    )
    # Random and meaningless: how the person is named where their identity is not needed.
    pseudonym = models.CharField(_("pseudonym"), max_length=12, unique=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        constraints = [
            models.UniqueConstraint(
                fields=["municipality", "cpr_index"],
                condition=~Q(cpr_index=""),
                name="one_person_per_cpr_per_municipality",
            )
        ]

    def __str__(self) -> str:
        # Never the name: str() ends up in logs, error reports and admin pages.
        return self.pseudonym

    @property
    def cpr_masked(self) -> str:
        """DDMMYY-xxxx, enough to tell people apart on screen."""
        return f"{self.cpr[:6]}-xxxx" if self.cpr else ""
