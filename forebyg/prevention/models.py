"""The Danish model itself: its characteristics, the prevention triangle and its vocabulary."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from forebyg.core.models import Sourced, localized


class ModelCharacteristic(Sourced):
    order = models.PositiveSmallIntegerField(_("order"), unique=True)
    title_da = models.CharField(_("title (Danish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    summary_da = models.TextField(_("summary (Danish)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)

    class Meta:
        ordering = ["order"]
        verbose_name = _("characteristic of the Danish model")
        verbose_name_plural = _("characteristics of the Danish model")

    def __str__(self) -> str:
        return localized(self, "title")


class PreventionLevel(Sourced):
    """A level of the prevention triangle: building, anticipatory or intervening."""

    key = models.SlugField(_("key"), unique=True)
    order = models.PositiveSmallIntegerField(_("order"), unique=True)
    name_da = models.CharField(_("name (Danish)"), max_length=100)
    name_en = models.CharField(_("name (English)"), max_length=100)
    target_group_da = models.TextField(_("target group (Danish)"), blank=True)
    target_group_en = models.TextField(_("target group (English)"), blank=True)
    aim_da = models.TextField(_("aim (Danish)"), blank=True)
    aim_en = models.TextField(_("aim (English)"), blank=True)
    settings_and_actors_da = models.TextField(_("settings and actors (Danish)"), blank=True)
    settings_and_actors_en = models.TextField(_("settings and actors (English)"), blank=True)
    typical_efforts_da = models.TextField(_("typical efforts (Danish)"), blank=True)
    typical_efforts_en = models.TextField(_("typical efforts (English)"), blank=True)

    class Meta:
        ordering = ["order"]
        verbose_name = _("prevention level")
        verbose_name_plural = _("prevention levels")

    def __str__(self) -> str:
        return localized(self, "name")

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("prevention:level", args=[self.key])


class AssessmentDimension(Sourced):
    """One of the nine dimensions of the infohus assessment tool."""

    class Part(models.TextChoices):
        RISK_THREAT = "risk_threat", _("Risk and threat")
        WELLBEING_RESILIENCE = "wellbeing_resilience", _("Well-being and resilience")

    key = models.SlugField(_("key"), unique=True)
    order = models.PositiveSmallIntegerField(_("order"), unique=True)
    name_da = models.CharField(_("name (Danish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    part = models.CharField(_("part"), max_length=40, choices=Part.choices)

    class Meta:
        ordering = ["order"]
        verbose_name = _("assessment dimension")
        verbose_name_plural = _("assessment dimensions")

    def __str__(self) -> str:
        return localized(self, "name")


class ExtremismCategory(Sourced):
    key = models.SlugField(_("key"), unique=True)
    name_da = models.CharField(_("name (Danish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["name_da"]
        verbose_name = _("extremism category")
        verbose_name_plural = _("extremism categories")

    def __str__(self) -> str:
        return localized(self, "name")


class Measure(Sourced):
    """A kind of follow-up measure an authority can take under its own law."""

    key = models.SlugField(_("key"), unique=True)
    name_da = models.CharField(_("name (Danish)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200)
    typical_levels = models.ManyToManyField(
        PreventionLevel, verbose_name=_("typical levels"), related_name="measures", blank=True
    )
    owner_kinds = models.JSONField(_("owner kinds"), default=list, blank=True)
    typical_basis = models.ForeignKey(
        "legal.LegalBasis",
        verbose_name=_("typical legal basis"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="measures",
    )

    class Meta:
        ordering = ["name_da"]
        verbose_name = _("measure")
        verbose_name_plural = _("measures")

    def __str__(self) -> str:
        return localized(self, "name")


class WarningSign(Sourced):
    """A public warning sign, weighed from both a risk and a resource perspective."""

    class Group(models.TextChoices):
        INDIVIDUAL_BEHAVIOUR = "individual_behaviour", _("Individual behaviour")
        SOCIAL_NETWORK = "social_network", _("Social network")
        ATTITUDES = "attitudes", _("Attitudes")
        CONTEXT = "context", _("Context")

    key = models.SlugField(_("key"), max_length=120, unique=True)
    group = models.CharField(_("group"), max_length=40, choices=Group.choices)
    sign_da = models.CharField(_("sign (Danish)"), max_length=300)
    sign_en = models.CharField(_("sign (English)"), max_length=300)

    class Meta:
        ordering = ["group", "id"]
        verbose_name = _("warning sign")
        verbose_name_plural = _("warning signs")

    def __str__(self) -> str:
        return localized(self, "sign")
