"""Who does what in the Danish model: every organisation, and the cooperations between them."""

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forebyg.core.models import Sourced, localized


class Level(models.TextChoices):
    NATIONAL = "national", _("National")
    REGIONAL = "regional", _("Regional")
    LOCAL = "local", _("Local")


class OrganisationKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    AGENCY = "agency", _("National agency")
    KNOWLEDGE_CENTRE = "knowledge_centre", _("Knowledge centre")
    INTELLIGENCE_SERVICE = "intelligence_service", _("Intelligence service")
    POLICE = "police", _("National police")
    PRISON_PROBATION = "prison_probation", _("Prison and probation service")
    COUNCIL = "council", _("Council")
    ASSOCIATION = "association", _("Association")
    HOTLINE = "hotline", _("Hotline")
    PROGRAMME = "programme", _("National programme")
    POLICE_DISTRICT = "police_district", _("Police district")
    INFOHOUSE = "infohouse", _("Infohus")
    REGION = "region", _("Region")
    PSYCHIATRY = "psychiatry", _("Regional psychiatry")
    MUNICIPALITY = "municipality", _("Municipality")
    SCHOOL = "school", _("School")
    DAYCARE = "daycare", _("Daycare")
    YOUTH_EDUCATION = "youth_education", _("Youth education")
    CLUB = "club", _("Club")
    JOBCENTRE = "jobcentre", _("Jobcentre")
    SOCIAL_SERVICES = "social_services", _("Social services")
    CIVIL_SOCIETY = "civil_society", _("Civil society")


MUNICIPAL_UNIT_KINDS = (
    OrganisationKind.SCHOOL,
    OrganisationKind.DAYCARE,
    OrganisationKind.YOUTH_EDUCATION,
    OrganisationKind.CLUB,
    OrganisationKind.JOBCENTRE,
    OrganisationKind.SOCIAL_SERVICES,
)


class Organisation(Sourced):
    """Any authority, unit or body taking part. A municipality sits in one police district and
    one region; an infohus and a region's psychiatry hang under their police district / region."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    kind = models.CharField(_("kind"), max_length=40, choices=OrganisationKind.choices)
    level = models.CharField(_("level"), max_length=20, choices=Level.choices)
    code = models.CharField(
        _("official code"), max_length=10, blank=True, help_text=_("Municipality or DAGI code.")
    )
    name_da = models.CharField(_("name (Danish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    abbreviation = models.CharField(_("abbreviation"), max_length=20, blank=True)
    role_da = models.TextField(_("role (Danish)"), blank=True)
    role_en = models.TextField(_("role (English)"), blank=True)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    successor = models.ForeignKey(
        "self",
        verbose_name=_("successor"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="predecessors",
    )
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    police_district = models.ForeignKey(
        "self",
        verbose_name=_("police district"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="district_municipalities",
        limit_choices_to={"kind": OrganisationKind.POLICE_DISTRICT},
    )
    region = models.ForeignKey(
        "self",
        verbose_name=_("region"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="region_municipalities",
        limit_choices_to={"kind": OrganisationKind.REGION},
    )
    triangle_levels = models.ManyToManyField(
        "prevention.PreventionLevel",
        verbose_name=_("prevention levels"),
        related_name="organisations",
        blank=True,
    )
    legal_bases = models.ManyToManyField(
        "legal.LegalBasis",
        verbose_name=_("legal bases it acts under"),
        related_name="organisations",
        blank=True,
    )

    class Meta:
        ordering = ["name_da"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.CheckConstraint(
                name="municipality_has_district_and_region",
                condition=~Q(kind="municipality")
                | (Q(police_district__isnull=False) & Q(region__isnull=False)),
            ),
            models.UniqueConstraint(
                fields=["parent"],
                condition=Q(kind="infohouse"),
                name="one_infohouse_per_police_district",
            ),
            models.UniqueConstraint(
                fields=["code"],
                condition=Q(kind="municipality"),
                name="unique_municipality_code",
            ),
            models.CheckConstraint(
                name="valid_to_after_valid_from",
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
            ),
        ]

    def __str__(self) -> str:
        return localized(self, "name")

    @property
    def name(self) -> str:
        return localized(self, "name")

    @property
    def role(self) -> str:
        return localized(self, "role")

    def get_absolute_url(self) -> str:
        return reverse("actors:organisation", args=[self.key])


class Cooperation(models.Model):
    """A crime-prevention cooperation of a municipality: SSP, PSP or KSP (retsplejeloven § 115)."""

    class Kind(models.TextChoices):
        SSP = "SSP", _("SSP (school, social services, police)")
        PSP = "PSP", _("PSP (psychiatry, social services, police)")
        KSP = "KSP", _("KSP (Kriminalforsorgen, social services, police)")

    kind = models.CharField(_("kind"), max_length=3, choices=Kind.choices)
    municipality = models.ForeignKey(
        Organisation,
        verbose_name=_("municipality"),
        on_delete=models.CASCADE,
        related_name="cooperations",
        limit_choices_to={"kind": OrganisationKind.MUNICIPALITY},
    )
    members = models.ManyToManyField(
        Organisation, verbose_name=_("members"), related_name="member_of_cooperations"
    )

    class Meta:
        ordering = ["municipality__name_da", "kind"]
        verbose_name = _("cooperation")
        verbose_name_plural = _("cooperations")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "municipality"], name="one_cooperation_of_a_kind_per_municipality"
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.municipality}"


class InternationalCooperation(Sourced):
    key = models.SlugField(_("key"), unique=True)
    name = models.CharField(_("name"), max_length=200)
    kind_da = models.CharField(_("kind (Danish)"), max_length=200, blank=True)
    kind_en = models.CharField(_("kind (English)"), max_length=200, blank=True)
    summary_da = models.TextField(_("summary (Danish)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("international cooperation")
        verbose_name_plural = _("international cooperation")

    def __str__(self) -> str:
        return self.name


class ReferenceRow(models.Model):
    """One CSV row as the reference-data loader last applied it, so that the next load can tell a
    row changed in the file from a record an administrator corrected since (see data/README.md).
    Bookkeeping only, never shown: hence no translated labels and no admin."""

    dataset = models.CharField(max_length=60)  # the file's name without .csv
    natural_key = models.CharField(max_length=200)
    fingerprint = models.CharField(max_length=64)  # SHA-256 of the normalised row, in hex
    loaded_at = models.DateTimeField()

    class Meta:
        ordering = ["dataset", "natural_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["dataset", "natural_key"], name="one_fingerprint_per_reference_row"
            )
        ]

    def __str__(self) -> str:
        return f"{self.dataset}: {self.natural_key}"
