"""Password reset by an administrator, in the user's admin page: a new password (checked by
AUTH_PASSWORD_VALIDATORS: at least 12 characters, not on Django's list of common passwords) and,
if ticked, the user's two-factor devices removed so the next login enrolls anew. Audited as
`user.password_reset` (never the password) and `user.mfa_reset`."""

from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.forms import SetPasswordForm
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from forebyg.accounts import sessions
from forebyg.accounts.mfa import services
from forebyg.accounts.models import User
from forebyg.accounts.stepup import step_up_redirect
from forebyg.audit import services as audit


class PasswordResetForm(SetPasswordForm):
    reset_mfa = forms.BooleanField(
        label=gettext_lazy("Also reset two-factor login"),
        required=False,
        help_text=gettext_lazy(
            "Removes the user's authenticator and recovery codes: they set up a new one at "
            "their next login. Use it when the phone is lost."
        ),
    )


def reset_password(actor: User, user: User, form: PasswordResetForm) -> None:
    """Set the new password (and optionally reset MFA) in one transaction, audited."""
    reset_mfa = bool(form.cleaned_data["reset_mfa"])
    with transaction.atomic():
        form.save()  # a new password hash: the user's sessions stop matching it
        after = {"usable_password": user.has_usable_password(), "mfa_reset": reset_mfa}
        audit.record(actor, "user.password_reset", user, purpose="administration", after=after)
        if reset_mfa:
            services.reset_devices(actor, user)


def password_reset_view(model_admin: Any, request: HttpRequest, object_id: str) -> HttpResponse:
    """The admin page of the reset; a sensitive change, so it needs a recent login (step-up)."""
    if not model_admin.has_change_permission(request):
        return redirect("admin:index")  # the site's own checks send others to log in
    if not sessions.authenticated_recently(request):
        return step_up_redirect(request)
    user = get_object_or_404(User, pk=object_id)
    form = PasswordResetForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        reset_password(request.user, user, form)  # type: ignore[arg-type]
        messages.success(request, _("The password is reset."))
        return redirect(reverse("admin:accounts_user_change", args=[user.pk]))
    context = {
        **model_admin.admin_site.each_context(request),
        "title": _("Reset password: %(username)s") % {"username": user.get_username()},
        "form": form,
        "original": user,
        "opts": model_admin.model._meta,
        "has_two_factor": services.confirmed_totp(user) is not None,
    }
    return TemplateResponse(request, "accounts/mfa_admin_password_reset.html", context)
