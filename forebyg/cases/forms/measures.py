"""Forms for a measure (one authority's own decision under its own law) and its reviews. The
dates are checked by the services (end after start, no review due in the past)."""

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forebyg.actors.models import MUNICIPAL_UNIT_KINDS, Organisation, OrganisationKind
from forebyg.cases.forms.handling import DkfdsForm, LabelledChoiceField, date_input
from forebyg.cases.models import Case, CaseMeasure, MeasureStatus
from forebyg.cases.models.measures import NOTE_MAX_LENGTH
from forebyg.cases.services.measures import RESPONSIBLE_MAX_LENGTH
from forebyg.legal.models import LegalBasis
from forebyg.prevention.models import Measure

# National authorities that own measures of their own (Kriminalforsorgen, PET and its centre).
NATIONAL_OWNERS = ("kriminalforsorgen", "pet", "pet_cff")


def measure_owners(case: Case) -> QuerySet[Organisation]:
    """The authorities that may own a measure on `case`: the municipality and its units, its
    police district, the region's psychiatry, Kriminalforsorgen and PET."""
    municipality = case.municipality
    return Organisation.objects.filter(
        Q(pk=municipality.pk)
        | Q(pk=case.police_district_id)
        | Q(parent=municipality.pk, kind__in=MUNICIPAL_UNIT_KINDS)
        | Q(kind=OrganisationKind.PSYCHIATRY, parent=municipality.region_id)
        | Q(key__in=NATIONAL_OWNERS)
    ).order_by("name_da")


class LegalBasisChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj} – {obj.title}" if str(obj) else str(obj.title)


class MeasureForm(DkfdsForm):
    measure_type = LabelledChoiceField(
        label=_("Type of measure"),
        queryset=Measure.objects.order_by("name_da"),
        empty_label=_("Choose a type"),
        error_messages={"required": _("Choose the type of measure.")},
    )
    owner = LabelledChoiceField(
        label=_("Owning authority"),
        help_text=_("The measure is this authority's own decision, under its own law."),
        queryset=Organisation.objects.none(),
        empty_label=_("Choose an authority"),
        error_messages={"required": _("Choose the authority that owns the measure.")},
    )
    legal_basis = LegalBasisChoiceField(
        label=_("Legal basis"),
        queryset=LegalBasis.objects.order_by("law_da", "section"),
        empty_label=_("Not stated"),
        required=False,
    )
    responsible_person = forms.CharField(
        label=_("Responsible person"),
        help_text=_("Name and role, for example “Mette Jensen, mentor”."),
        max_length=RESPONSIBLE_MAX_LENGTH,
        error_messages={"required": _("Name the responsible person.")},
    )
    start = forms.DateField(
        label=_("Start"),
        widget=date_input(),
        error_messages={"required": _("Give the start date.")},
    )
    end = forms.DateField(label=_("End"), required=False, widget=date_input())
    status = forms.ChoiceField(label=_("Status"), choices=MeasureStatus.choices)
    next_review = forms.DateField(
        label=_("Next review"),
        help_text=_("For example in 3, 6 or 12 months. Not in the past."),
        required=False,
        widget=date_input(),
    )

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial", {"start": timezone.localdate(), "status": MeasureStatus.PLANNED}
        )
        super().__init__(*args, **kwargs)
        owner = self.fields["owner"]
        if isinstance(owner, forms.ModelChoiceField):
            owner.queryset = measure_owners(case)

    def service_arguments(self) -> dict[str, Any]:
        return dict(self.cleaned_data)


class MeasureReviewForm(DkfdsForm):
    reviewed_on = forms.DateField(
        label=_("Date of the review"),
        widget=date_input(),
        error_messages={"required": _("Give the date of the review.")},
    )
    note = forms.CharField(
        label=_("Note"),
        help_text=_("What the review found and what was agreed."),
        max_length=NOTE_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write what the review found.")},
    )
    status = forms.ChoiceField(label=_("Status after the review"), choices=MeasureStatus.choices)
    end = forms.DateField(
        label=_("End"),
        help_text=_("When the measure ended; the review date if you leave it empty."),
        required=False,
        widget=date_input(),
    )
    next_review = forms.DateField(
        label=_("Next review"),
        help_text=_("Not in the past. Leave it empty when the measure has ended."),
        required=False,
        widget=date_input(),
    )

    def __init__(self, *args: Any, measure: CaseMeasure, **kwargs: Any) -> None:
        kwargs.setdefault(
            "initial",
            {"reviewed_on": timezone.localdate(), "status": measure.status, "end": measure.end},
        )
        super().__init__(*args, **kwargs)

    def service_arguments(self) -> dict[str, Any]:
        return dict(self.cleaned_data)
