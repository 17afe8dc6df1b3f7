"""The directory's filter form (GET): every field is optional and an invalid value is ignored."""

from django import forms
from django.utils.translation import gettext_lazy as _

from forebyg.actors.models import Level, Organisation, OrganisationKind
from forebyg.prevention.models import PreventionLevel


class OrganisationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organisation) -> str:  # type: ignore[override]
        return obj.name


class PreventionLevelChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: PreventionLevel) -> str:  # type: ignore[override]
        return str(obj)


class DirectoryFilterForm(forms.Form):
    q = forms.CharField(label=_("Search by name or abbreviation"), max_length=100, required=False)
    level = forms.ChoiceField(
        label=_("Level"), choices=[("", _("All levels")), *Level.choices], required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("All kinds")), *OrganisationKind.choices], required=False
    )
    triangle = PreventionLevelChoiceField(
        label=_("Prevention level"),
        queryset=PreventionLevel.objects.order_by("order"),
        to_field_name="key",
        empty_label=_("All prevention levels"),
        required=False,
    )
    police_district = OrganisationChoiceField(
        label=_("Police district"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.POLICE_DISTRICT),
        to_field_name="key",
        empty_label=_("All police districts"),
        required=False,
    )
    municipality = OrganisationChoiceField(
        label=_("Municipality"),
        queryset=Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY),
        to_field_name="key",
        empty_label=_("All municipalities"),
        required=False,
    )

    def filters(self) -> dict:
        """The valid, non-empty filters: an invalid field is dropped instead of failing the page."""
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}
