"""Forms of the retention pages. They only parse input; the services hold the rules."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from forebyg.cases.forms.handling import DkfdsForm, LabelledChoiceField
from forebyg.legal.models import LegalBasis
from forebyg.retention.periods import MAX_MONTHS, Outcome


class PeriodForm(DkfdsForm):
    """Set the organisation's period for an outcome, optionally for one legal basis only."""

    outcome = forms.ChoiceField(
        label=_("How the case ended"),
        choices=[("", _("Choose the outcome")), *Outcome.choices],
        error_messages={
            "required": _("Choose how the case ended."),
            "invalid_choice": _("Choose how the case ended."),
        },
    )
    legal_basis = LabelledChoiceField(
        label=_("Legal basis"),
        help_text=_(
            "Leave empty for every case with this outcome. With a legal basis, the period "
            "applies to the cases that stood on it (their measures or disclosures)."
        ),
        queryset=LegalBasis.objects.all(),
        empty_label=_("Any legal basis"),
        required=False,
        error_messages={"invalid_choice": _("Choose a legal basis from the list.")},
    )
    months = forms.IntegerField(
        label=_("Months after closure"),
        help_text=_("A whole number from 0 to %(max)d.") % {"max": MAX_MONTHS},
        min_value=0,
        max_value=MAX_MONTHS,
        error_messages={
            "required": _("Give the number of months."),
            "invalid": _("Give a whole number of months."),
            "min_value": _("Give 0 months or more."),
            "max_value": _("Give at most %(limit_value)s months."),
        },
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["months"].widget.attrs["inputmode"] = "numeric"


class ClearPeriodForm(forms.Form):
    """Remove one of the organisation's own periods (the hidden fields of a row's button)."""

    outcome = forms.ChoiceField(choices=Outcome.choices)
    legal_basis = forms.ModelChoiceField(queryset=LegalBasis.objects.all(), required=False)


class ApproveForm(forms.Form):
    run = forms.IntegerField(
        min_value=1, error_messages={"required": _("Choose the report to approve.")}
    )
