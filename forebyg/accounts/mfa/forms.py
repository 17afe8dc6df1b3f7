from django import forms
from django.utils.translation import gettext_lazy as _

CODE_MAX_LENGTH = 32  # a six-digit code or a recovery code, with room for spaces and dashes


class CodeForm(forms.Form):
    """One code: from the authenticator app or, on the verification page, a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=CODE_MAX_LENGTH,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
        error_messages={"required": _("Enter the code.")},
    )
