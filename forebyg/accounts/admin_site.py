from django.contrib import admin
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _


class ForebygAdminSite(admin.AdminSite):
    """The Django admin, open only to users with the administrator role."""

    site_header = _("Forebyg administration")
    site_title = _("Forebyg administration")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(
            user.is_active
            and user.is_staff
            and (user.is_superuser or user.has_role("administrator"))  # type: ignore[union-attr]
        )


admin_site = ForebygAdminSite(name="admin")
