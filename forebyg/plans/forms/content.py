"""Forms of the content pages (roles matrix, initiatives, indicators, action cards). They only
parse input; services/content.py holds the rules, and field names are its keyword names so its
errors land at the fields. The choices offered come from the registry (actors) and the reference
data (levels, legal bases, warning signs)."""

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from forebyg.actors.models import Organisation, OrganisationKind
from forebyg.cases.forms.handling import (
    DkfdsForm,
    KeyCheckingMultipleChoiceField,
    LabelledChoiceField,
    date_input,
)
from forebyg.legal.models import LegalBasis
from forebyg.plans.models import (
    Audience,
    ContactKind,
    Figure,
    InitiativeStatus,
    Pillar,
    PlanTask,
    PlanVersion,
    Responsibility,
)
from forebyg.plans.services import content as services
from forebyg.prevention.models import PreventionLevel, WarningSign

# National actors a municipal beredskab usually names (keys in data/national_actors.csv).
NATIONAL_ACTOR_KEYS = ("cde", "pet", "kriminalforsorgen", "hotline", "nfc", "stuk")
POLICE_PHONE = "114"
EMERGENCY_PHONE = "112"
# The hotline's public number, as the registry's role text gives it (national_actors.csv).
HOTLINE_PHONE = "+45 41 74 90 90"
LETTER_CHOICES = [("", "–"), *[(value, value) for value in Responsibility.values]]


def suggested_actors(municipality: Organisation) -> QuerySet[Organisation]:
    """The actors of the municipality's beredskab: itself, its police district and infohus, its
    SSP/PSP/KSP cooperations' members, its region's psychiatry, and the national actors."""
    return (
        Organisation.objects.filter(
            Q(pk=municipality.pk)
            | Q(pk=municipality.police_district_id)
            | Q(kind=OrganisationKind.INFOHOUSE, parent=municipality.police_district_id)
            | Q(kind=OrganisationKind.PSYCHIATRY, parent=municipality.region_id)
            | Q(member_of_cooperations__municipality=municipality)
            | Q(key__in=NATIONAL_ACTOR_KEYS)
        )
        .distinct()
        .order_by("name_da")
    )


def _other_organisations(municipality: Organisation) -> QuerySet[Organisation]:
    return Organisation.objects.exclude(pk__in=suggested_actors(municipality).values("pk"))


def actor_choices(municipality: Organisation) -> list[tuple[Any, Any]]:
    """The actor select: the suggested actors first, then every other organisation."""
    suggested = [(o.pk, str(o)) for o in suggested_actors(municipality)]
    others = [(o.pk, str(o)) for o in _other_organisations(municipality).order_by("name_da")]
    return [
        ("", _("Choose an actor")),
        (_("Actors of the municipality's beredskab"), suggested),
        (_("Every other organisation in the registry"), others),
    ]


class OrganisationChoiceField(forms.ModelChoiceField):
    """An organisation from the registry; the choices are grouped by actor_choices."""

    def __init__(self, municipality: Organisation, **kwargs: Any) -> None:
        super().__init__(queryset=Organisation.objects.all(), **kwargs)
        self.choices = actor_choices(municipality)


# -- Roles matrix -------------------------------------------------------------------------------


class TaskForm(DkfdsForm):
    title = forms.CharField(
        label=_("Task"),
        max_length=services.TITLE_MAX_LENGTH,
        error_messages={"required": _("Name the task.")},
    )


class ActorForm(DkfdsForm):
    """A new column: an actor with its first role (a column without any role says nothing)."""

    actor = LabelledChoiceField(label=_("Actor"), queryset=Organisation.objects.all())
    task = LabelledChoiceField(
        label=_("Its role in the task"),
        queryset=PlanTask.objects.none(),
        empty_label=_("Choose a task"),
    )
    responsibility = forms.ChoiceField(
        label=_("Role"),
        choices=[("", _("Choose a role")), *Responsibility.choices],
        error_messages={"required": _("Choose the actor's role in the task.")},
    )

    def __init__(self, *args: Any, version: PlanVersion, **kwargs: Any) -> None:
        super().__init__(*args, prefix="actor", **kwargs)
        self.fields["actor"] = OrganisationChoiceField(
            version.plan.municipality,
            label=_("Actor"),
            error_messages={"required": _("Choose the actor.")},
        )
        self.fields["actor"].widget.attrs["class"] = "form-select"
        self.fields["task"].queryset = version.tasks.all()  # type: ignore[attr-defined]
        self.fields["task"].error_messages["required"] = _("Choose the task.")


# -- Initiatives and indicators -------------------------------------------------------------------


class InitiativeForm(DkfdsForm):
    title = forms.CharField(
        label=_("Title"),
        max_length=services.TITLE_MAX_LENGTH,
        error_messages={"required": _("Give the title.")},
    )
    level = LabelledChoiceField(
        label=_("Level of the prevention triangle"),
        queryset=PreventionLevel.objects.order_by("order"),
        empty_label=_("Choose a level"),
        error_messages={"required": _("Choose the level.")},
    )
    pillar = forms.ChoiceField(
        label=_("Pillar"),
        choices=[("", _("Choose a pillar")), *Pillar.choices],
        error_messages={"required": _("Choose the pillar.")},
    )
    target_group = forms.CharField(
        label=_("Target group"),
        max_length=300,
        error_messages={"required": _("Name the target group.")},
    )
    responsible = LabelledChoiceField(
        label=_("Responsible actor"), queryset=Organisation.objects.all(), required=False
    )
    partners = KeyCheckingMultipleChoiceField(
        label=_("Partner actors"),
        help_text=_("Hold Ctrl (or Cmd) to choose several."),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 8}),
    )
    rationale = forms.CharField(
        label=_("Rationale"),
        max_length=services.TEXT_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    legal_bases = KeyCheckingMultipleChoiceField(
        label=_("Legal bases"),
        queryset=LegalBasis.objects.order_by("law_da", "section"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    start = forms.DateField(label=_("Start"), required=False, widget=date_input())
    end = forms.DateField(label=_("End"), required=False, widget=date_input())
    status = forms.ChoiceField(label=_("Status"), choices=InitiativeStatus.choices)

    def __init__(self, *args: Any, version: PlanVersion, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        municipality = version.plan.municipality
        self.fields["responsible"] = OrganisationChoiceField(
            municipality, label=_("Responsible actor"), required=False
        )
        self.fields["responsible"].widget.attrs["class"] = "form-select"
        # Partners: the beredskab's actors; anyone else is chosen as the responsible actor.
        self.fields["partners"].queryset = suggested_actors(municipality)  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("start"), cleaned.get("end")
        if start and end and end < start:
            self.add_error("end", _("The end date is before the start date."))
        return cleaned

    def data_for_service(self) -> services.InitiativeData:
        data = dict(self.cleaned_data)
        data["partners"] = tuple(data["partners"])
        data["legal_bases"] = tuple(data["legal_bases"])
        return services.InitiativeData(**data)


class IndicatorForm(DkfdsForm):
    name = forms.CharField(
        label=_("Indicator"),
        max_length=services.TITLE_MAX_LENGTH,
        error_messages={"required": _("Name the indicator.")},
    )
    unit = forms.CharField(
        label=_("Unit"),
        help_text=_("For example “per cent” or “concerns”."),
        max_length=40,
        required=False,
    )
    target = forms.DecimalField(label=_("Target"), max_digits=12, decimal_places=2, required=False)
    figure = forms.ChoiceField(
        label=_("Measured value"),
        help_text=_(
            "Enter the value by hand, or let a figure Forebyg already knows about the "
            "municipality fill it in. A figure is counted, never listed: it shows no personal data."
        ),
        choices=[("", _("Entered by hand")), *Figure.choices],
        required=False,
    )
    measured = forms.DecimalField(
        label=_("Measured value (entered by hand)"),
        max_digits=12,
        decimal_places=2,
        required=False,
    )

    def data_for_service(self) -> services.IndicatorData:
        return services.IndicatorData(**self.cleaned_data)


# -- Action cards -------------------------------------------------------------------------------


class CardForm(DkfdsForm):
    audience = forms.ChoiceField(
        label=_("Audience"),
        choices=[("", _("Choose the audience")), *Audience.choices],
        error_messages={"required": _("Choose the audience.")},
    )
    title = forms.CharField(
        label=_("Title"),
        max_length=services.TITLE_MAX_LENGTH,
        error_messages={"required": _("Give the title.")},
    )
    introduction = forms.CharField(
        label=_("Short introduction"),
        help_text=_("A few lines; the card must fit one printed page."),
        max_length=services.INTRODUCTION_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    warning_signs = KeyCheckingMultipleChoiceField(
        label=_("Warning signs"),
        queryset=WarningSign.objects.order_by("group", "id"),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    staff_reached = forms.IntegerField(
        label=_("Staff reached"),
        help_text=_("How many staff have had the card presented. Entered by hand."),
        min_value=0,
        max_value=10_000_000,
        required=False,
    )

    def sign_groups(self) -> list[tuple[str, list[Any]]]:
        """The warning-sign checkboxes grouped by the sign's group, in the groups' order."""
        group_of = {sign.pk: sign.group for sign in self.fields["warning_signs"].queryset}  # type: ignore[attr-defined]
        groups: dict[str, list[Any]] = {}
        for option in self["warning_signs"]:
            groups.setdefault(group_of[int(str(option.data["value"]))], []).append(option)
        return [(str(WarningSign.Group(key).label), groups[key]) for key in _in_group_order(groups)]


def _in_group_order(groups: dict[str, Any]) -> list[str]:
    """The keys of `groups` in the order the reference data lists the groups."""
    return [key for key in WarningSign.Group.values if key in groups]


class ContactForm(DkfdsForm):
    """One row of whom to contact; a row left entirely empty is skipped."""

    kind = forms.ChoiceField(
        label=_("Whom"), choices=[("", "–"), *ContactKind.choices], required=False
    )
    label = forms.CharField(label=_("Name or function"), max_length=200, required=False)
    phone = forms.CharField(label=_("Phone"), max_length=40, required=False)
    email = forms.EmailField(label=_("E-mail"), max_length=254, required=False)
    when = forms.CharField(label=_("When to contact"), max_length=300, required=False)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.all(), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["phone"].widget.attrs.update({"inputmode": "tel", "autocomplete": "off"})

    def is_blank(self) -> bool:
        data = self.cleaned_data
        return not any(data.get(name) for name in ("kind", "label", "phone", "email", "when"))

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.errors or self.is_blank():
            return cleaned
        if not cleaned.get("kind"):
            self.add_error("kind", _("Choose whom the contact is."))
        if not cleaned.get("label", "").strip():
            self.add_error("label", _("Say whom to contact."))
        phone = cleaned.get("phone", "").strip()
        if not phone and not cleaned.get("email"):
            self.add_error("phone", _("Give a phone number or an e-mail address."))
        elif phone and not services.valid_phone(phone):
            self.add_error("phone", _("Give the phone number in digits, e.g. 114 or 87 31 14 48."))
        return cleaned

    def data_for_service(self) -> services.ContactData:
        return services.ContactData(**self.cleaned_data)


ContactFormSet = forms.formset_factory(
    ContactForm, extra=2, max_num=services.MAX_CONTACTS, validate_max=True
)


def default_contacts(municipality: Organisation) -> list[dict[str, Any]]:
    """The contacts a new card starts with, from the registry: the municipality's coordinator
    (phone or e-mail to fill in), its police district (114), the hotline, and 112 when acute."""
    hotline = Organisation.objects.filter(key="hotline").first()
    district = municipality.police_district
    rows: list[dict[str, Any]] = [
        {
            "kind": ContactKind.MUNICIPAL_COORDINATOR,
            "organisation": municipality.pk,
            "label": f"Tovholder for forebyggelse af ekstremisme, {municipality.name_da}",
            "when": "Ved enhver bekymring: ring og drøft den samme dag.",
        }
    ]
    if district is not None:
        rows.append(
            {
                "kind": ContactKind.POLICE,
                "organisation": district.pk,
                "label": district.name_da,
                "phone": POLICE_PHONE,
                "when": "Hvis bekymringen handler om kriminalitet.",
            }
        )
    if hotline is not None:
        rows.append(
            {
                "kind": ContactKind.HOTLINE,
                "organisation": hotline.pk,
                "label": hotline.name_da,
                "phone": HOTLINE_PHONE,
                "when": "Rådgivning, også anonymt, kl. 8-22.",
            }
        )
    rows.append(
        {
            "kind": ContactKind.EMERGENCY,
            "label": "Alarmcentralen",
            "phone": EMERGENCY_PHONE,
            "when": "Ved akut fare for liv eller vold.",
        }
    )
    return rows
