from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forebyg.actors.models import OrganisationKind
from forebyg.core.models import Sourced, localized
from forebyg.legal.rules import vocabulary

# What a rule's discloser_kinds / recipient_kinds may hold.
PARTY_VALUES = frozenset([*OrganisationKind.values, vocabulary.MEMBER])


class LegalBasis(models.Model):
    """A rule of law that permits, limits or requires processing or exchange of information."""

    class Rationale(models.TextChoices):
        SECURITY = "security", _("Security")
        SOCIAL = "social", _("Social")
        SCHOOL = "school", _("School")
        DATA_PROTECTION = "data_protection", _("Data protection")
        GENERAL = "general", _("General administrative law")

    key = models.SlugField(_("key"), unique=True)
    law_da = models.CharField(_("law"), max_length=200)
    section = models.CharField(_("section"), max_length=200, blank=True)
    title_da = models.CharField(_("title (Danish)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200)
    rationale = models.CharField(_("rationale"), max_length=40, blank=True)
    kind = models.CharField(_("kind"), max_length=40, blank=True)
    summary_da = models.TextField(_("what it permits (Danish)"), blank=True)
    summary_en = models.TextField(_("what it permits (English)"), blank=True)
    disclosing_parties = models.CharField(_("who may disclose"), max_length=300, blank=True)
    receiving_parties = models.CharField(_("who may receive"), max_length=300, blank=True)
    cooperations = models.JSONField(_("cooperations"), default=list, blank=True)
    conditions_da = models.TextField(_("conditions (Danish)"), blank=True)
    conditions_en = models.TextField(_("conditions (English)"), blank=True)
    forbidden_purposes = models.CharField(_("forbidden purposes"), max_length=300, blank=True)
    status = models.CharField(_("status"), max_length=80, blank=True)
    source = models.CharField(_("source"), max_length=500, blank=True)

    class Meta:
        ordering = ["law_da", "section"]
        verbose_name = _("legal basis")
        verbose_name_plural = _("legal bases")

    def __str__(self) -> str:
        return f"{self.law_da} {self.section}".strip()

    def get_absolute_url(self) -> str:
        return reverse("legal:detail", args=[self.key])

    @property
    def title(self) -> str:
        return localized(self, "title")


def _validate_list(value: object, allowed: frozenset[str], field: str) -> list[ValidationError]:
    """The errors of one JSON list field: it must be a list of known values."""
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        return [ValidationError(_("%(field)s: give a list of values."), params={"field": field})]
    return [
        ValidationError(
            _("%(field)s: unknown value %(value)s."), params={"field": field, "value": item}
        )
        for item in sorted(set(value) - allowed)
    ]


class DisclosureRule(Sourced):
    """One rule of the disclosure rules engine (forebyg.legal.rules), as data an administrator
    can correct. Seeded from forebyg/legal/data/disclosure_rules.csv (see its README).

    A list left empty means "any". discloser_kinds and recipient_kinds hold organisation kinds
    and/or "member": both parties must then be members of the same cooperation of the proposal's
    context. A permit or category rule covers a proposal when every category of it is in the
    rule's list; a forbid rule when one of them is."""

    key = models.SlugField(_("key"), max_length=80, unique=True)
    legal_basis = models.ForeignKey(
        LegalBasis,
        verbose_name=_("legal basis"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="disclosure_rules",
        help_text=_("Required, except for a rule that forbids."),
    )
    effect = models.CharField(_("effect"), max_length=10, choices=vocabulary.Effect.choices)
    contexts = models.JSONField(
        _("cooperation contexts"),
        default=list,
        blank=True,
        help_text=_("Where the rule applies; empty means anywhere."),
    )
    discloser_kinds = models.JSONField(
        _("who may disclose"),
        default=list,
        blank=True,
        help_text=_("Kinds of organisation, and/or 'member'; empty means any organisation."),
    )
    recipient_kinds = models.JSONField(
        _("who may receive"),
        default=list,
        blank=True,
        help_text=_("Kinds of organisation, and/or 'member'; empty means any organisation."),
    )
    person = models.CharField(
        _("about whom"),
        max_length=10,
        choices=vocabulary.PersonScope.choices,
        default=vocabulary.PersonScope.ANY,
    )
    purposes = models.JSONField(
        _("purposes"), default=list, blank=True, help_text=_("Empty means any purpose.")
    )
    categories = models.JSONField(
        _("data categories"), default=list, blank=True, help_text=_("Empty means any category.")
    )
    requires = models.JSONField(_("conditions"), default=list, blank=True)
    priority = models.PositiveSmallIntegerField(
        _("priority"), default=100, help_text=_("Rules are tried in this order, lowest first.")
    )
    active = models.BooleanField(_("active"), default=True)
    note_da = models.TextField(_("note (Danish)"), blank=True)
    note_en = models.TextField(_("note (English)"), blank=True)

    class Meta:
        ordering = ["priority", "key"]
        verbose_name = _("disclosure rule")
        verbose_name_plural = _("disclosure rules")

    def __str__(self) -> str:
        return self.key

    @property
    def note(self) -> str:
        return localized(self, "note")

    def clean(self) -> None:
        errors = [
            *_validate_list(self.contexts, vocabulary.ALLOWED_VALUES["contexts"], "contexts"),
            *_validate_list(self.purposes, vocabulary.ALLOWED_VALUES["purposes"], "purposes"),
            *_validate_list(self.categories, vocabulary.ALLOWED_VALUES["categories"], "categories"),
            *_validate_list(self.requires, vocabulary.ALLOWED_VALUES["requires"], "requires"),
            *_validate_list(self.discloser_kinds, PARTY_VALUES, "discloser_kinds"),
            *_validate_list(self.recipient_kinds, PARTY_VALUES, "recipient_kinds"),
        ]
        if errors:
            raise ValidationError(errors)
        if self.effect != vocabulary.Effect.FORBID and self.legal_basis_id is None:
            raise ValidationError(
                {"legal_basis": _("A rule that permits needs the legal basis it rests on.")}
            )
        if self.effect == vocabulary.Effect.FORBID and not (self.note_da and self.note_en):
            raise ValidationError(_("A rule that forbids must say why, in Danish and English."))
