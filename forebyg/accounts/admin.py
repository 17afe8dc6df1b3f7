"""Users and memberships in the administration: every change audited, never a password hash."""

from typing import Any

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.db import transaction
from django.db.models import QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from forebyg.accounts.admin_site import AdministratorPermissionsMixin, admin_site
from forebyg.accounts.mfa.admin_reset import password_reset_view
from forebyg.accounts.models import Membership, User
from forebyg.accounts.sessions import log_out_everywhere
from forebyg.accounts.stepup import StepUpAdminMixin
from forebyg.audit import services as audit
from forebyg.core.admin import AuditedModelAdmin

ADMINISTRATION = "administration"
# An allow-list, so that a field added to User later (or the password) never reaches the log.
USER_AUDIT_FIELDS = (
    "username",
    "first_name",
    "last_name",
    "email",
    "is_active",
    "is_staff",
    "oidc_subject",
)


def user_snapshot(user: User) -> dict[str, Any]:
    """What the audit log keeps of a user: the listed fields and whether a password is set."""
    data: dict[str, Any] = {name: getattr(user, name) for name in USER_AUDIT_FIELDS}
    data["usable_password"] = user.has_usable_password()
    return data


def membership_snapshot(membership: Membership) -> dict[str, Any]:
    return {
        "user": membership.user_id,
        "organisation": membership.organisation_id,
        "role": membership.role,
    }


class MembershipInline(AdministratorPermissionsMixin, admin.StackedInline):
    """Stacked, not tabular: a table row's fields have no label of their own (WCAG 1.3.1)."""

    model = Membership
    extra = 0
    fields = ("organisation", "role")
    autocomplete_fields = ("organisation",)  # hundreds of organisations, more as units are added


@admin.register(User, site=admin_site)
class UserAdmin(  # step-up: role and access changes need a recent login (accounts/stepup.py)
    StepUpAdminMixin, AdministratorPermissionsMixin, AuditedModelAdmin, DjangoUserAdmin
):
    inlines = (MembershipInline,)
    actions = (log_out_everywhere,)  # forebyg/accounts/sessions.py
    list_display = ("username", "first_name", "last_name", "is_active", "is_staff", "roles")
    list_filter = ("is_active", "is_staff", "memberships__role")
    readonly_fields = ("last_login", "date_joined", "two_factor")
    # No superuser flag, groups or per-model permissions: what a user may do comes from roles.
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("first_name", "last_name", "email")}),
        (_("Access"), {"fields": ("is_active", "is_staff", "oidc_subject", "two_factor")}),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )

    def get_urls(self) -> list[URLPattern]:
        # Password reset by an administrator, optionally with two-factor (accounts/mfa/).
        reset = path(
            "<id>/reset-password/",
            self.admin_site.admin_view(lambda request, id: password_reset_view(self, request, id)),
            name="accounts_user_password_reset",
        )
        return [reset, *super().get_urls()]

    @admin.display(description=_("two-factor login"))
    def two_factor(self, user: User) -> str:
        if user.pk is None:
            return "-"
        url = reverse("admin:accounts_user_password_reset", args=[user.pk])
        return format_html('<a href="{}">{}</a>', url, _("Reset password or two-factor login"))

    def get_queryset(self, request: HttpRequest) -> QuerySet[User]:
        return super().get_queryset(request).prefetch_related("memberships")

    @admin.display(description=_("roles"))
    def roles(self, user: User) -> str:
        return ", ".join(sorted({str(m.get_role_display()) for m in user.memberships.all()}))

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # audit events name their actors: deactivate a user instead

    def save_model(self, request: HttpRequest, obj: User, form: ModelForm, change: bool) -> None:
        with transaction.atomic():
            before = user_snapshot(User.objects.get(pk=obj.pk)) if change else None
            # Skips AuditedModelAdmin.save_model, whose snapshot would hold the password hash.
            super(AuditedModelAdmin, self).save_model(request, obj, form, change)
            verb = "user.changed" if change else "user.created"
            audit.record(
                request.user,
                verb,
                obj,
                purpose=ADMINISTRATION,
                before=before,
                after=user_snapshot(obj),
            )

    def save_formset(
        self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool
    ) -> None:
        if formset.model is not Membership:
            super().save_formset(request, form, formset, change)
            return
        with transaction.atomic():
            instances = formset.save(commit=False)
            originals = Membership.objects.in_bulk([m.pk for m in instances if m.pk])
            for membership in formset.deleted_objects:
                _audit_membership(request, "membership.deleted", membership, before=membership)
                membership.delete()
            for membership in instances:
                membership.save()
                verb = "membership.changed" if membership.pk in originals else "membership.created"
                before = originals.get(membership.pk)
                _audit_membership(request, verb, membership, before=before, after=membership)
            formset.save_m2m()

    def user_change_password(
        self, request: HttpRequest, id: str, form_url: str = ""
    ) -> HttpResponse:
        with transaction.atomic():
            user = self.get_object(request, unquote(id))
            old_hash = user.password if user else None
            response = super().user_change_password(request, id, form_url)
            if user is not None:
                user.refresh_from_db(fields=["password"])
                if user.password != old_hash:  # compared here, never written to the log
                    after = {"usable_password": user.has_usable_password()}
                    audit.record(
                        request.user,
                        "user.password_changed",
                        user,
                        purpose=ADMINISTRATION,
                        after=after,
                    )
        return response


def _audit_membership(
    request: HttpRequest,
    verb: str,
    membership: Membership,
    *,
    before: Membership | None = None,
    after: Membership | None = None,
) -> None:
    audit.record(
        request.user,
        verb,
        membership,
        organisation=membership.organisation,
        purpose=ADMINISTRATION,
        before=membership_snapshot(before) if before else None,
        after=membership_snapshot(after) if after else None,
    )


@admin.register(Membership, site=admin_site)
class MembershipAdmin(StepUpAdminMixin, AdministratorPermissionsMixin, AuditedModelAdmin):
    list_display = ("user", "organisation", "role")
    list_filter = ("role", "organisation__kind")
    list_select_related = ("user", "organisation")
    autocomplete_fields = ("user", "organisation")
    search_fields = (
        "user__username",
        "user__first_name",
        "user__last_name",
        "organisation__name_da",
    )


from forebyg.accounts import admin_lockout  # noqa: E402, F401 (registers the lockouts)
