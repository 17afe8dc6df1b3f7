from typing import Any

from django.contrib import admin
from django.contrib.admin.widgets import AutocompleteSelect
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from forebyg.accounts.mfa.conf import admin_session_verified


class ForebygAdminSite(admin.AdminSite):
    """The Django admin, open only to users with the administrator role."""

    site_header = _("Forebyg administration")
    site_title = _("Forebyg administration")

    def has_permission(self, request: HttpRequest) -> bool:
        user = request.user
        return bool(
            user.is_active
            and user.is_staff
            # The role, never is_superuser: an operator without a membership reads nothing.
            and user.has_role("administrator")  # type: ignore[union-attr]
            and admin_session_verified(request)  # the admin needs MFA (issue 7 point 7)
        )

    def login(self, request: HttpRequest, extra_context: Any = None) -> HttpResponse:
        """Send the admin's login to our own, audited login page: there is only one way in."""
        next_url = request.GET.get("next") or reverse("admin:index")
        return redirect_to_login(next_url, reverse("accounts:login"))

    def logout(self, request: HttpRequest, extra_context: Any = None) -> Any:
        """Log out through our own, audited logout."""
        from forebyg.accounts.views import LogoutView  # views import the admin site's app

        return LogoutView.as_view()(request)


admin_site = ForebygAdminSite(name="admin")


class AdministratorPermissionsMixin:
    """Model permissions follow the administrator role, as the site does, not Django's per-model
    permissions (which no membership grants). Mix in before the ModelAdmin or InlineModelAdmin."""

    def has_module_permission(self, request: HttpRequest) -> bool:
        return admin_site.has_permission(request)

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return admin_site.has_permission(request)

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return admin_site.has_permission(request)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return admin_site.has_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return admin_site.has_permission(request)

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        if db_field.name in self.get_autocomplete_fields(request):  # type: ignore[attr-defined]
            kwargs.setdefault(
                "widget",
                KeyCheckingAutocomplete(db_field, self.admin_site, using=kwargs.get("using")),  # type: ignore[attr-defined]
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)  # type: ignore[misc]


class KeyCheckingAutocomplete(AutocompleteSelect):
    """Django's autocomplete widget looks the submitted value up to show it again; a value that
    is no key at all (sent by hand) raised a ValueError there: a 500 instead of the form's error."""

    def optgroups(self, name: str, value: Any, attr: Any = None) -> Any:
        return super().optgroups(name, [v for v in value if self._is_key(v)], attr)

    def _is_key(self, value: Any) -> bool:
        try:
            self.field.target_field.to_python(value)
        except ValidationError:
            return False
        return True
