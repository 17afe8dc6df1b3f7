"""The 2016 national action plan in the administration, where analysts' corrections are audited."""

from django.contrib import admin

from forebyg.accounts.admin_site import admin_site
from forebyg.actors.admin import ReferenceDataAdmin
from forebyg.core.admin import CONFIDENCE_FILTER
from forebyg.national.models import FocusArea, Initiative


@admin.register(FocusArea, site=admin_site)
class FocusAreaAdmin(ReferenceDataAdmin):
    list_display = ("number", "title_da", "title_en", "source", "confidence")
    search_fields = ("title_da", "title_en")


@admin.register(Initiative, site=admin_site)
class InitiativeAdmin(ReferenceDataAdmin):
    list_display = ("title_da", "focus_area", "number", "responsible", "source", "confidence")
    list_filter = (
        "focus_area",
        ("responsible", admin.RelatedOnlyFieldListFilter),
        CONFIDENCE_FILTER,
    )
    search_fields = ("title_da", "title_en")
    list_select_related = ("focus_area", "responsible")
    autocomplete_fields = ("responsible",)
    readonly_fields = ("seed_key",)
