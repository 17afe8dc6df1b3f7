"""Forms of the conference pages. They only parse input; the services hold the rules, and the
field names are the services' keyword names so their errors land at the fields."""

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from forebyg.accounts.models import User
from forebyg.actors.models import MUNICIPAL_UNIT_KINDS, Organisation, OrganisationKind
from forebyg.cases.forms.handling import DkfdsForm, LabelledChoiceField, date_input
from forebyg.cases.models import Case
from forebyg.conferences import permissions
from forebyg.conferences.models import (
    NAME_MAX_LENGTH,
    REASON_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    Conference,
)
from forebyg.conferences.services import PURPOSE_MAX_LENGTH

# Authorities that may sit at an infohus-kommune table (whether they may hear a case is the
# rules engine's answer, not the form's).
SEATED_KINDS = (
    OrganisationKind.MUNICIPALITY,
    OrganisationKind.POLICE_DISTRICT,
    OrganisationKind.INFOHOUSE,
    OrganisationKind.PSYCHIATRY,
    OrganisationKind.PRISON_PROBATION,
)


def seat_choices(conference: Conference) -> QuerySet[Organisation]:
    """The conference's municipality and its units, and the authorities of the seated kinds."""
    return Organisation.objects.filter(
        Q(kind__in=SEATED_KINDS) & ~Q(kind=OrganisationKind.MUNICIPALITY)
        | Q(pk=conference.municipality_id)
        | Q(parent=conference.municipality_id, kind__in=MUNICIPAL_UNIT_KINDS)
    ).order_by("name_da")


class CaseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.reference} ({obj.person.pseudonym})"


class ConferenceForm(DkfdsForm):
    municipality = LabelledChoiceField(
        label=_("Municipality"),
        help_text=_("The citizen's municipality; its police district takes part."),
        queryset=Organisation.objects.none(),
        error_messages={"required": _("Choose the municipality.")},
    )
    held_on = forms.DateField(
        label=_("Date"), widget=date_input(), error_messages={"required": _("Give the date.")}
    )
    location = forms.CharField(label=_("Location"), max_length=NAME_MAX_LENGTH, required=False)
    notes = forms.CharField(
        label=_("Notes"),
        help_text=_("Practical notes only. Write nothing about a person here."),
        max_length=TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = permissions.municipalities_for(user)
        self.fields["municipality"].queryset = choices  # type: ignore[attr-defined]
        if choices.count() == 1:
            self.fields["municipality"].initial = choices.first()


class ParticipantForm(DkfdsForm):
    organisation = LabelledChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        empty_label=_("Choose an organisation"),
        error_messages={"required": _("Choose the organisation.")},
    )
    name = forms.CharField(
        label=_("Participant's name"),
        max_length=NAME_MAX_LENGTH,
        error_messages={"required": _("Give the participant's name.")},
    )
    role = forms.CharField(label=_("Role"), max_length=NAME_MAX_LENGTH, required=False)

    def __init__(self, *args: Any, conference: Conference, **kwargs: Any) -> None:
        super().__init__(*args, prefix="participant", **kwargs)
        self.fields["organisation"].queryset = seat_choices(conference)  # type: ignore[attr-defined]


class AgendaCaseForm(DkfdsForm):
    case = CaseChoiceField(
        label=_("Case"),
        queryset=Case.objects.none(),
        empty_label=_("Choose a case"),
        error_messages={"required": _("Choose the case.")},
    )
    reason = forms.CharField(
        label=_("Why the case must be discussed"),
        help_text=_(
            "This is the necessity note of every disclosure of the case at the conference."
        ),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say why the case must be discussed with the participants.")},
    )

    def __init__(self, *args: Any, conference: Conference, user: User, **kwargs: Any) -> None:
        super().__init__(*args, prefix="agenda", **kwargs)
        cases = permissions.agenda_cases(user, conference).exclude(
            pk__in=conference.items.values("case_id")
        )
        self.fields["case"].queryset = cases  # type: ignore[attr-defined]


class MinutesForm(DkfdsForm):
    text = forms.CharField(
        label=_("Minutes"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write the minutes.")},
    )


class DecisionForm(DkfdsForm):
    organisation = LabelledChoiceField(
        label=_("Authority"),
        help_text=_("The decision is this authority's own, under its own law."),
        queryset=Organisation.objects.none(),
        empty_label=_("Choose an authority"),
        error_messages={"required": _("Choose the authority.")},
    )
    decided_by = forms.CharField(
        label=_("Decided by"),
        max_length=NAME_MAX_LENGTH,
        error_messages={"required": _("Say who made the decision.")},
    )
    text = forms.CharField(
        label=_("Decision"),
        max_length=TEXT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"required": _("Write the decision.")},
    )

    def __init__(self, *args: Any, conference: Conference, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        organisations = Organisation.objects.filter(
            pk__in=conference.participants.values("organisation_id")
        ).order_by("name_da")
        self.fields["organisation"].queryset = organisations  # type: ignore[attr-defined]


class ExportForm(DkfdsForm):
    purpose = forms.CharField(
        label=_("Purpose of the export"),
        help_text=_("For example “the municipality's record of the meeting”. It is logged."),
        max_length=PURPOSE_MAX_LENGTH,
        error_messages={"required": _("State the purpose.")},
    )
