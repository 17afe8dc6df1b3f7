"""The filters of the national overview (a GET form: the same query drives the page and exports)."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from forebyg.actors.models import Organisation, OrganisationKind


class OverviewFilterForm(forms.Form):
    police_district = forms.ModelChoiceField(
        label=_("Police district"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.POLICE_DISTRICT).order_by(
            "name_da"
        ),
        required=False,
        empty_label=_("All police districts"),
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.REGION).order_by("name_da"),
        required=False,
        empty_label=_("All regions"),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.widget.attrs["class"] = "form-select"
