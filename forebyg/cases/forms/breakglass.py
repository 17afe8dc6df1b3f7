"""The break-glass form: a case reference and a written reason. Only parsing; the service
checks the rules (and says nothing about a case until it grants access)."""

from typing import Any

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from forebyg.cases.breakglass import REFERENCE_MAX_LENGTH
from forebyg.cases.forms.handling import DkfdsForm
from forebyg.cases.models.breakglass import REASON_MAX_LENGTH, REASON_MIN_LENGTH


class BreakGlassForm(DkfdsForm):
    reference = forms.CharField(
        label=_("Case reference"),
        help_text=_("As it is written on the case, e.g. FB-ABCD-EFGH."),
        max_length=REFERENCE_MAX_LENGTH,
    )
    reason = forms.CharField(
        label=_("Why you need emergency access"),
        min_length=REASON_MIN_LENGTH,
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Interpolated per request, in the user's language (a lazy string would be fixed here).
        self.fields["reason"].help_text = gettext(
            "At least %(minimum)d characters. Your data protection officer reads this, and "
            "every page you open under it is logged."
        ) % {"minimum": REASON_MIN_LENGTH}
