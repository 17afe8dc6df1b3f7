"""Legal bases in the administration; status says how sure each one is (verified ...)."""

from django.contrib import admin

from forebyg.accounts.admin_site import admin_site
from forebyg.actors.admin import ReferenceDataAdmin
from forebyg.legal.models import LegalBasis


@admin.register(LegalBasis, site=admin_site)
class LegalBasisAdmin(ReferenceDataAdmin):
    list_display = ("key", "law_da", "section", "title_da", "rationale", "kind", "status", "source")
    list_filter = ("rationale", "kind", "status")
    search_fields = ("key", "law_da", "section", "title_da", "title_en", "summary_da", "summary_en")
