"""The audit log in the administration: readable by administrators, changeable by no one.

An event's before/after values can hold case content (a status note, a classification). Operators
are not readers of cases (issue 7), so those two fields are shown only to a user who also holds a
case role; everyone else sees who did what, when and why, and the chain fields."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from forebyg.accounts.admin_site import admin_site
from forebyg.accounts.models import Role
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
        "sequence",
        "previous_hash",
        "hash",
        "before",
        "after",
    )
    readonly_fields = fields
    CONTENT_FIELDS = ("before", "after")
    CASE_ROLES = (Role.MUNICIPAL_COORDINATOR, Role.POLICE_COORDINATOR)

    def get_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        if self.may_read_content(request):
            return self.fields
        return tuple(name for name in self.fields if name not in self.CONTENT_FIELDS)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return self.get_fields(request, obj)

    def may_read_content(self, request: HttpRequest) -> bool:
        """Only a holder of a case role may see the before/after values, superuser or not."""
        return bool(request.user.has_role(*self.CASE_ROLES))  # type: ignore[union-attr]

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
