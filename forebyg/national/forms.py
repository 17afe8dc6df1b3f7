"""Forms of the national plan tracker. They only parse input; the services hold the rules (the
numbers 1-41, the dates), and the field names are the services' keyword names."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from forebyg.actors.models import Level, Organisation
from forebyg.cases.forms.handling import DkfdsForm, LabelledChoiceField, date_input
from forebyg.national.models import (
    SOURCE_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    FocusArea,
    Initiative,
    InitiativeStatus,
)
from forebyg.national.services import TITLE_MAX_LENGTH


class InitiativeForm(DkfdsForm):
    focus_area = LabelledChoiceField(
        label=_("Focus area"),
        queryset=FocusArea.objects.order_by("number"),
        empty_label=_("Choose a focus area"),
        error_messages={"required": _("Choose the focus area.")},
    )
    number = forms.IntegerField(
        label=_("Number in the plan"),
        help_text=_("1 to 41, as in the plan. Leave it empty while the number is unknown."),
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={"invalid": _("Write the number as a whole number from 1 to 41.")},
    )
    title_da = forms.CharField(
        label=_("Title (Danish)"),
        max_length=TITLE_MAX_LENGTH,
        error_messages={"required": _("Give the Danish title.")},
    )
    title_en = forms.CharField(
        label=_("Title (English)"), max_length=TITLE_MAX_LENGTH, required=False
    )
    responsible = LabelledChoiceField(
        label=_("Responsible ministry or authority"),
        queryset=Organisation.objects.filter(level=Level.NATIONAL).order_by("name_da"),
        empty_label=_("Not known"),
        required=False,
    )
    source = forms.CharField(
        label=_("Source"),
        help_text=_(
            "Where the initiative is described, e.g. the plan's page or a ministry's answer."
        ),
        max_length=SOURCE_MAX_LENGTH,
        required=False,
    )

    @classmethod
    def for_initiative(cls, initiative: Initiative, data: Any = None) -> "InitiativeForm":
        """The form filled in with the initiative's current values."""
        initial = {
            "focus_area": initiative.focus_area_id,
            "number": initiative.number,
            "title_da": initiative.title_da,
            "title_en": initiative.title_en,
            "responsible": initiative.responsible_id,
            "source": initiative.source,
        }
        return cls(data, initial=initial)


class StatusForm(DkfdsForm):
    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("Choose a status")), *InitiativeStatus.choices],
        error_messages={"required": _("Choose the status.")},
    )
    date = forms.DateField(
        label=_("Date of the status"),
        help_text=_("When the status was stated or took effect; not in the future."),
        widget=date_input(),
        error_messages={
            "required": _("Give the date of the status."),
            "invalid": _("Give a real date, e.g. 2024-03-01."),
        },
    )
    note = forms.CharField(
        label=_("Note"),
        help_text=_("What happened, in a few sentences."),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write what happened: the note is required.")},
    )
    source = forms.CharField(
        label=_("Source"),
        help_text=_("Where the status is stated, e.g. a parliamentary answer or a report."),
        max_length=SOURCE_MAX_LENGTH,
        required=False,
    )
