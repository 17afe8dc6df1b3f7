"""The audit log in the administration: readable by administrators, changeable by no one."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from forebyg.accounts.admin_site import admin_site
from forebyg.audit.models import AuditEvent


@admin.register(AuditEvent, site=admin_site)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = (
        "occurred_at",
        "verb",
        "actor_label",
        "organisation",
        "target_type",
        "target_id",
        "purpose",
        "request_id",
    )
    list_filter = ("verb", ("occurred_at", admin.DateFieldListFilter))
    search_fields = ("=request_id",)
    search_help_text = _("Search by request id (the X-Request-ID of a response).")
    list_select_related = ("organisation",)
    show_full_result_count = False  # COUNT(*) over the whole log gets slow as it grows
    fields = (
        "occurred_at",
        "actor",
        "actor_label",
        "organisation",
        "verb",
        "target_type",
        "target_id",
        "purpose",
        "request_id",
        "before",
        "after",
    )
    readonly_fields = fields

    def has_module_permission(self, request: HttpRequest) -> bool:
        return admin_site.has_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return admin_site.has_permission(request)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
