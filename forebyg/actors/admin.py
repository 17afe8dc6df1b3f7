"""Organisations, cooperations and international cooperation in the administration.

ReferenceDataAdmin is the base of every reference-data admin (actors, prevention, legal, national):
each change is audited, many-to-many links included, and the source and confidence of each fact
are shown."""

from typing import Any

from django.contrib import admin
from django.db import models, transaction
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.html import format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext_lazy as _

from forebyg.accounts.admin_site import AdministratorPermissionsMixin, admin_site
from forebyg.actors.models import Cooperation, InternationalCooperation, Organisation
from forebyg.audit import services as audit
from forebyg.core.admin import CONFIDENCE_FILTER, AuditedModelAdmin


def links_snapshot(obj: models.Model) -> dict[str, list[Any]]:
    """The sorted primary keys of each many-to-many link of obj, for the audit log."""
    if obj.pk is None:
        return {}
    return {
        field.name: sorted(getattr(obj, field.name).values_list("pk", flat=True))
        for field in obj._meta.many_to_many
    }


class ReferenceDataAdmin(AdministratorPermissionsMixin, AuditedModelAdmin):
    """Reference data: administrators correct it, every change is audited, keys stay fixed."""

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        readonly = tuple(super().get_readonly_fields(request, obj))
        has_key = any(field.name == "key" for field in self.model._meta.fields)
        # Code and URLs find reference records by key, so a key is chosen once, when adding.
        return (*readonly, "key") if obj is not None and has_key else readonly

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # Cases, plans and statistics point at reference records: correct them, don't delete.
        return bool(request.user.is_active and request.user.is_superuser)

    def save_related(
        self, request: HttpRequest, form: ModelForm, formsets: Any, change: bool
    ) -> None:
        """Save the many-to-many links; audit them, since save_model's snapshot precedes them."""
        with transaction.atomic():
            before = links_snapshot(form.instance) if change else {}
            super().save_related(request, form, formsets, change)
            after = links_snapshot(form.instance)
            if before != after:
                audit.record(
                    request.user,
                    f"{form.instance._meta.model_name}.links_changed",
                    form.instance,
                    purpose="administration",
                    before=before,
                    after=after,
                )


@admin.register(Organisation, site=admin_site)
class OrganisationAdmin(ReferenceDataAdmin):
    list_display = (
        "name_da",
        "key",
        "kind",
        "level",
        "code",
        "police_district",
        "region",
        "valid_to",
        "source",
        "confidence",
    )
    list_filter = (
        "kind",
        "level",
        ("police_district", admin.RelatedOnlyFieldListFilter),
        ("region", admin.RelatedOnlyFieldListFilter),
        "triangle_levels",
        CONFIDENCE_FILTER,
    )
    search_fields = ("name_da", "name_en", "key", "code", "abbreviation")
    list_select_related = ("police_district", "region")
    autocomplete_fields = ("parent", "successor", "police_district", "region")
    filter_horizontal = ("triangle_levels", "legal_bases")
    readonly_fields = ("cooperation_list",)
    fieldsets = (
        (None, {"fields": ("key", "kind", "level", "name_da", "name_en", "abbreviation", "code")}),
        (
            _("Place in the model"),
            {"fields": ("parent", "police_district", "region", "triangle_levels", "legal_bases")},
        ),
        (_("Validity"), {"fields": ("valid_from", "valid_to", "successor")}),
        (_("Role"), {"fields": ("role_da", "role_en")}),
        (_("Source"), {"fields": ("source", "confidence")}),
        (_("Cooperations"), {"fields": ("cooperation_list",)}),
    )

    @admin.display(description=_("SSP, PSP and KSP"))
    def cooperation_list(self, organisation: Organisation) -> SafeString | str:
        """The municipality's cooperations and their members (edited under Cooperations)."""
        cooperations = Cooperation.objects.filter(municipality=organisation).prefetch_related(
            "members"
        )
        return (
            format_html_join(
                "",
                "<p><strong>{}</strong>: {}</p>",
                (
                    (
                        cooperation.kind,
                        ", ".join(str(member) for member in cooperation.members.all()),
                    )
                    for cooperation in cooperations
                ),
            )
            or "-"
        )


@admin.register(Cooperation, site=admin_site)
class CooperationAdmin(ReferenceDataAdmin):
    list_display = ("municipality", "kind", "member_list")
    list_filter = (
        "kind",
        ("municipality__police_district", admin.RelatedOnlyFieldListFilter),
        ("municipality__region", admin.RelatedOnlyFieldListFilter),
    )
    search_fields = ("municipality__name_da", "members__name_da")
    autocomplete_fields = ("municipality",)
    filter_horizontal = ("members",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Cooperation]:
        return (
            super().get_queryset(request).select_related("municipality").prefetch_related("members")
        )

    @admin.display(description=_("members"))
    def member_list(self, cooperation: Cooperation) -> str:
        return ", ".join(str(member) for member in cooperation.members.all())


@admin.register(InternationalCooperation, site=admin_site)
class InternationalCooperationAdmin(ReferenceDataAdmin):
    list_display = ("name", "key", "kind_da", "kind_en", "source", "confidence")
    list_filter = (CONFIDENCE_FILTER,)
    search_fields = ("name", "key", "summary_da", "summary_en")
