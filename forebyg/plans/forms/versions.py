"""Forms of the versions pages. They only parse input; the services hold the rules, and the
field names are the services' keyword names so their errors land at the fields."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from forebyg.cases.forms.handling import DkfdsForm, date_input
from forebyg.plans.models import PlanVersion
from forebyg.plans.services.versions import BODY_MAX_LENGTH, REFERENCE_MAX_LENGTH
from forebyg.plans.workflow import VersionStatus

# The raw text may be longer than what is stored (markup that is removed); a bound stops abuse.
RAW_MAX_LENGTH = BODY_MAX_LENGTH * 2


class SectionForm(DkfdsForm):
    body = forms.CharField(
        label=_("Text"),
        help_text=_(
            "Write plain paragraphs with a blank line between them. You may also use simple "
            "HTML: p, br, strong, em, ul, ol, li, h3, h4, blockquote and links (a href) to "
            "http, https or mailto. Anything else is removed when you save."
        ),
        required=False,
        max_length=RAW_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 16}),
        strip=False,
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class AdoptForm(DkfdsForm):
    decision_date = forms.DateField(
        label=_("Date of the council's decision"),
        help_text=_("The day the municipal council adopted the plan. It cannot be in the future."),
        widget=date_input(),
        error_messages={
            "required": _("Give the date of the council's decision."),
            "invalid": _("Give the date as a valid date, e.g. 2026-03-31."),
        },
    )
    reference = forms.CharField(
        label=_("Reference of the council's decision"),
        help_text=_("For example the case number or the agenda item of the council meeting."),
        max_length=REFERENCE_MAX_LENGTH,
        error_messages={
            "required": _("Give the reference of the council's decision (e.g. case no.).")
        },
    )
    revision = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class MoveForm(forms.Form):
    to = forms.ChoiceField(
        choices=[
            (VersionStatus.DRAFT.value, VersionStatus.DRAFT.label),
            (VersionStatus.CONSULTATION.value, VersionStatus.CONSULTATION.label),
        ]
    )
    revision = forms.IntegerField(min_value=0, required=False)


class CompareForm(DkfdsForm):
    """Which two versions to compare (GET): their numbers."""

    a = forms.TypedChoiceField(label=_("Compare version"), coerce=int)
    b = forms.TypedChoiceField(label=_("with version"), coerce=int)

    def __init__(self, *args: Any, versions: list[PlanVersion], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [
            (v.number, f"{v.number} ({v.get_status_display()})")
            for v in sorted(versions, key=lambda v: v.number)
        ]
        self.fields["a"].choices = choices  # type: ignore[attr-defined]
        self.fields["b"].choices = choices  # type: ignore[attr-defined]
