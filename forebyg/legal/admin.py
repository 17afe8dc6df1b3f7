"""Legal bases and disclosure rules in the administration. Status says how sure each legal basis
is (verified ...); every change to either is audited (ReferenceDataAdmin), and a corrected rule
changes the next decision of the rules engine."""

from typing import Any

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from forebyg.accounts.admin_site import admin_site
from forebyg.actors.admin import ReferenceDataAdmin
from forebyg.actors.models import OrganisationKind
from forebyg.core.admin import CONFIDENCE_FILTER
from forebyg.legal.models import DisclosureRule, LegalBasis
from forebyg.legal.rules.vocabulary import (
    MEMBER,
    Condition,
    CooperationContext,
    DataCategory,
    Purpose,
)


@admin.register(LegalBasis, site=admin_site)
class LegalBasisAdmin(ReferenceDataAdmin):
    list_display = ("key", "law_da", "section", "title_da", "rationale", "kind", "status", "source")
    list_filter = ("rationale", "kind", "status")
    search_fields = ("key", "law_da", "section", "title_da", "title_en", "summary_da", "summary_en")


PARTY_CHOICES = [
    (MEMBER, _("Member of the same cooperation")),
    *OrganisationKind.choices,
]


def _checkboxes(label: Any, choices: Any, help_text: Any = "") -> forms.MultipleChoiceField:
    return forms.MultipleChoiceField(
        label=label,
        choices=choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=help_text,
    )


class DisclosureRuleForm(forms.ModelForm):
    """The rule's lists as checkboxes, so that only known values can be chosen."""

    contexts = _checkboxes(
        _("cooperation contexts"), CooperationContext.choices, _("None ticked: anywhere.")
    )
    discloser_kinds = _checkboxes(
        _("who may disclose"),
        PARTY_CHOICES,
        _("None ticked: any organisation. 'Member': both parties in the same cooperation."),
    )
    recipient_kinds = _checkboxes(
        _("who may receive"),
        PARTY_CHOICES,
        _("None ticked: any organisation. 'Member': both parties in the same cooperation."),
    )
    purposes = _checkboxes(_("purposes"), Purpose.choices, _("None ticked: any purpose."))
    categories = _checkboxes(
        _("data categories"), DataCategory.choices, _("None ticked: any category.")
    )
    requires = _checkboxes(_("conditions"), Condition.choices)

    class Meta:
        model = DisclosureRule
        fields = (
            "key",
            "effect",
            "legal_basis",
            "priority",
            "active",
            "contexts",
            "discloser_kinds",
            "recipient_kinds",
            "person",
            "purposes",
            "categories",
            "requires",
            "note_da",
            "note_en",
            "source",
            "confidence",
        )


@admin.register(DisclosureRule, site=admin_site)
class DisclosureRuleAdmin(ReferenceDataAdmin):
    form = DisclosureRuleForm
    list_display = (
        "key",
        "effect",
        "legal_basis",
        "contexts",
        "person",
        "purposes",
        "priority",
        "active",
        "source",
        "confidence",
    )
    list_filter = ("effect", "active", "person", "legal_basis", CONFIDENCE_FILTER)
    search_fields = ("key", "note_da", "note_en", "legal_basis__key")
    list_select_related = ("legal_basis",)
    fieldsets = (
        (None, {"fields": ("key", "effect", "legal_basis", "priority", "active")}),
        (
            _("Where and between whom"),
            {"fields": ("contexts", "discloser_kinds", "recipient_kinds", "person")},
        ),
        (_("What and why"), {"fields": ("purposes", "categories", "requires")}),
        (_("Explanation"), {"fields": ("note_da", "note_en")}),
        (_("Source"), {"fields": ("source", "confidence")}),
    )
