"""The Danish model's vocabulary in the administration, each row with source and confidence."""

from django.contrib import admin

from forebyg.accounts.admin_site import admin_site
from forebyg.actors.admin import ReferenceDataAdmin
from forebyg.core.admin import CONFIDENCE_FILTER
from forebyg.prevention.models import (
    AssessmentDimension,
    ExtremismCategory,
    Measure,
    ModelCharacteristic,
    PreventionLevel,
    WarningSign,
)


@admin.register(ModelCharacteristic, site=admin_site)
class ModelCharacteristicAdmin(ReferenceDataAdmin):
    list_display = ("order", "title_da", "title_en", "source", "confidence")
    search_fields = ("title_da", "title_en", "summary_da", "summary_en")


@admin.register(PreventionLevel, site=admin_site)
class PreventionLevelAdmin(ReferenceDataAdmin):
    list_display = ("order", "name_da", "name_en", "key", "source", "confidence")
    search_fields = ("name_da", "name_en", "key")


@admin.register(AssessmentDimension, site=admin_site)
class AssessmentDimensionAdmin(ReferenceDataAdmin):
    list_display = ("order", "name_da", "name_en", "part", "source", "confidence")
    list_filter = ("part", CONFIDENCE_FILTER)
    search_fields = ("name_da", "name_en", "key")


@admin.register(ExtremismCategory, site=admin_site)
class ExtremismCategoryAdmin(ReferenceDataAdmin):
    list_display = ("name_da", "name_en", "key", "source", "confidence")
    search_fields = ("name_da", "name_en", "key")


@admin.register(Measure, site=admin_site)
class MeasureAdmin(ReferenceDataAdmin):
    list_display = ("name_da", "name_en", "key", "typical_basis", "source", "confidence")
    list_filter = ("typical_levels", ("typical_basis", admin.RelatedOnlyFieldListFilter))
    search_fields = ("name_da", "name_en", "key")
    list_select_related = ("typical_basis",)
    filter_horizontal = ("typical_levels",)


@admin.register(WarningSign, site=admin_site)
class WarningSignAdmin(ReferenceDataAdmin):
    list_display = ("sign_da", "sign_en", "group", "source", "confidence")
    list_filter = ("group", CONFIDENCE_FILTER)
    search_fields = ("sign_da", "sign_en", "key")
