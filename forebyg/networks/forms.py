"""Forms of the infohus network pages. They only parse input; the services hold the rules (no
CPR numbers, no future dates), and the field names are the services' keyword names."""

from typing import Any

from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from forebyg.actors.models import Organisation
from forebyg.cases.forms.handling import DkfdsForm, LabelledChoiceField, date_input
from forebyg.networks.models import TEXT_MAX_LENGTH, TITLE_MAX_LENGTH, NoteKind


class NetworkFilterForm(forms.Form):
    """Which network's notes to list (for someone who reads several)."""

    network = LabelledChoiceField(
        label=_("Network"),
        queryset=Organisation.objects.none(),
        empty_label=_("All networks"),
        required=False,
    )

    def __init__(self, *args: Any, networks: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["network"].queryset = networks  # type: ignore[attr-defined]
        self.fields["network"].widget.attrs["class"] = "form-select"

    def district_id(self) -> int | None:
        """The chosen network's police district, or None for all (or for a bad choice)."""
        if self.is_valid() and self.cleaned_data.get("network"):
            return int(self.cleaned_data["network"].pk)
        return None


class NoteForm(DkfdsForm):
    police_district = LabelledChoiceField(
        label=_("Network"),
        help_text=_("The infohus network of a police district."),
        queryset=Organisation.objects.none(),
        empty_label=_("Choose the network"),
        error_messages={"required": _("Choose the network.")},
    )
    kind = forms.ChoiceField(
        label=_("Kind of note"),
        choices=[("", _("Choose the kind")), *NoteKind.choices],
        error_messages={"required": _("Choose a meeting note or a trend note.")},
    )
    date = forms.DateField(
        label=_("Date"),
        help_text=_("The date of the meeting, or of the trend observed; not in the future."),
        widget=date_input(),
        error_messages={
            "required": _("Give the date."),
            "invalid": _("Give a real date, e.g. 2026-03-01."),
        },
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=TITLE_MAX_LENGTH,
        error_messages={"required": _("Give the note a title.")},
    )
    text = forms.CharField(
        label=_("Note"),
        help_text=_(
            "Knowledge and trends only: no names, CPR numbers or other details that point to a "
            "person. Individual cases belong in the case forum, not here."
        ),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": _("Write the note.")},
    )

    def __init__(self, *args: Any, networks: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["police_district"].queryset = networks  # type: ignore[attr-defined]
        if len(networks) == 1:
            self.fields["police_district"].initial = networks[0]
