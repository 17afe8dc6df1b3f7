"""API tokens in the administration: create (the token is shown once), list and revoke."""

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from forebyg.accounts.admin_site import AdministratorPermissionsMixin, admin_site
from forebyg.api import services
from forebyg.api.models import ApiToken, Scope
from forebyg.core.admin import AuditedModelAdmin


class ApiTokenForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("scopes"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = ApiToken
        fields = ("organisation", "name", "description", "scopes", "expires_at")


@admin.register(ApiToken, site=admin_site)
class ApiTokenAdmin(AdministratorPermissionsMixin, AuditedModelAdmin):
    form = ApiTokenForm
    list_display = (
        "name",
        "prefix",
        "organisation",
        "scope_list",
        "expires_at",
        "revoked_at",
        "last_used_at",
    )
    list_filter = ("revoked_at",)
    list_select_related = ("organisation",)
    search_fields = ("name", "prefix", "organisation__name_da")
    autocomplete_fields = ("organisation",)
    actions = ("revoke",)
    readonly = ("prefix", "created_by", "created_at", "revoked_at", "last_used_at")

    @admin.display(description=_("scopes"))
    def scope_list(self, token: ApiToken) -> str:
        return ", ".join(token.scopes)

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # A token's organisation and scopes never change: issue a new one instead.
        if obj is None:
            return ()
        return (*self.readonly, "organisation", "scopes", "name", "description", "expires_at")

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        if obj is None:
            return ApiTokenForm.Meta.fields
        return (*ApiTokenForm.Meta.fields, *self.readonly)

    def get_form(
        self, request: HttpRequest, obj: Any | None = None, change: bool = False, **kwargs: Any
    ) -> Any:
        if obj is not None:
            kwargs["form"] = forms.ModelForm
        return super().get_form(request, obj, change, **kwargs)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # audit events name the token's account: revoke instead

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False  # read-only once issued; revoking is the list's action

    def save_model(self, request: HttpRequest, obj: ApiToken, form: Any, change: bool) -> None:
        data = form.cleaned_data
        try:
            issued = services.create_token(
                organisation=data["organisation"],
                scopes=data["scopes"],
                name=data["name"],
                description=data.get("description", ""),
                expires_at=data.get("expires_at"),
                by=request.user,  # type: ignore[arg-type]
            )
        except ValidationError as error:
            raise ValidationError(error.messages) from error
        obj.pk = issued.token.pk
        obj.prefix = issued.token.prefix
        messages.warning(
            request,
            _("Copy the token now; it is not shown again: %(token)s") % {"token": issued.secret},
        )

    @admin.action(description=_("Revoke the selected tokens"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset:
            services.revoke_token(token, by=request.user)  # type: ignore[arg-type]
        messages.success(request, _("Revoked."))
