"""Forms of the exchange pages. They only parse input: the rules (a real CPR number, a purpose of
at least five characters) belong to the services, whose keyword names the fields share."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from forebyg.cases.forms.handling import DkfdsForm
from forebyg.exchange.known_elsewhere import CPR_MAX_LENGTH, PURPOSE_MAX_LENGTH


class KnownElsewhereForm(DkfdsForm):
    """Ask whether a CPR number has a case in another municipality (POST only: never in a URL)."""

    cpr = forms.CharField(
        label=_("CPR number"),
        help_text=_("DDMMYY-XXXX."),
        max_length=CPR_MAX_LENGTH,
        error_messages={"required": _("Write the CPR number.")},
    )
    purpose = forms.CharField(
        label=_("Purpose of the question"),
        help_text=_(
            "Why you need to know, for example “screening of a new concern”. It is kept in the "
            "access log of your organisation and of the municipality that knows the person."
        ),
        max_length=PURPOSE_MAX_LENGTH,
        error_messages={"required": _("State the purpose of the question.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cpr"].widget.attrs.update({"autocomplete": "off", "inputmode": "numeric"})
