"""Forms of the coordinators' case handling: the dashboard filters, the person search, the status
and classification of a case, and the municipality's screening deadline.

The forms only parse input. Every rule (the transition table, who screens, closing details,
concurrency) belongs to the services; field names are the services' keyword names, so their
ValidationErrors land on the same fields (see DkfdsForm.add_service_error)."""

from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from forebyg.accounts.models import Role, User
from forebyg.actors.models import Organisation, OrganisationKind
from forebyg.cases import ages, permissions, workflow
from forebyg.cases.models import (
    DEFAULT_SCREENING_DAYS,
    Case,
    ClosureOutcome,
    ClosureReason,
    ScreeningOutcome,
)
from forebyg.cases.selectors import Attention
from forebyg.cases.services.access import MAX_SCREENING_DAYS, MIN_SCREENING_DAYS
from forebyg.cases.services.common import PURPOSE_MAX_LENGTH
from forebyg.cases.services.status import NOTE_MAX_LENGTH
from forebyg.prevention.models import ExtremismCategory, PreventionLevel

REFERENCE_MAX_LENGTH = 20
CPR_MAX_LENGTH = 20
NAME_MAX_LENGTH = 200


def date_input() -> forms.DateInput:
    """A native date picker; it sends ISO dates, which Django always accepts."""
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DkfdsForm(forms.Form):
    """A form whose widgets carry the design system's classes. Django adds aria-invalid and
    aria-describedby ("<id>_helptext <id>_error"), which templates/cases/_field.html matches."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-checkbox"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            elif isinstance(widget, forms.Textarea):
                css = "form-input input-width-xl"
            else:
                css = "form-input"
            widget.attrs.setdefault("class", css)

    def add_service_error(
        self, error: ValidationError, aliases: dict[str, str] | None = None
    ) -> None:
        """Show a service's ValidationError at the fields named by its keys (others on top)."""
        if not hasattr(error, "error_dict"):
            self.add_error(None, error)
            return
        for key, errors in error.error_dict.items():
            name = (aliases or {}).get(key, key)
            visible = name in self.fields and not self.fields[name].widget.is_hidden
            self.add_error(name if visible else None, errors)

    def set_value(self, name: str, value: object) -> None:
        """Replace one submitted value (e.g. a stale version) and keep everything else typed."""
        data = self.data.copy() if isinstance(self.data, QueryDict) else QueryDict(mutable=True)
        data[name] = str(value)
        self.data = data


class LabelledChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj)


class KeyCheckingMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django looks the chosen keys up in one IN query, and SQLite raises OverflowError (a 500)
    on a key past 64 bits: such a key is refused first, as any unknown choice is."""

    def _check_values(self, value: Any) -> Any:
        for key in value:
            if not -(2**63) <= _as_number(key) < 2**63:
                raise ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": key},
                )
        return super()._check_values(value)  # type: ignore[misc]  # (private; the stubs omit it)


def _as_number(key: Any) -> int:
    """The key as a whole number, or 0 for a key that is not one (the lookup refuses it then).
    Not str.isdigit(): it also holds for superscripts such as "²", which int() refuses."""
    try:
        return int(str(key).strip())
    except ValueError:
        return 0


# -- Dashboard ---------------------------------------------------------------------------------


class CaseFilterForm(DkfdsForm):
    """The dashboard's filters (GET): every field optional; an invalid one is shown and ignored."""

    status = forms.ChoiceField(
        label=_("Status"),
        choices=[("", _("All statuses")), *workflow.Status.choices],
        required=False,
    )
    level = LabelledChoiceField(
        label=_("Prevention level"),
        queryset=PreventionLevel.objects.order_by("order"),
        to_field_name="key",
        empty_label=_("All levels"),
        required=False,
    )
    category = LabelledChoiceField(
        label=_("Category"),
        queryset=ExtremismCategory.objects.order_by("name_da"),
        to_field_name="key",
        empty_label=_("All categories"),
        required=False,
    )
    age_band = forms.ChoiceField(
        label=_("Age band"),
        choices=[("", _("All ages")), *ages.AgeBand.choices],
        required=False,
    )
    opened_from = forms.DateField(label=_("Opened from"), required=False, widget=date_input())
    opened_to = forms.DateField(label=_("Opened until"), required=False, widget=date_input())
    reference = forms.CharField(
        label=_("Case reference"),
        help_text=_("For example FB-AB12-CD34."),
        max_length=REFERENCE_MAX_LENGTH,
        required=False,
    )
    # The dashboard's lists ("overdue screenings", ...): their "show all" links set this.
    attention = forms.ChoiceField(
        label=_("Needs attention"),
        choices=[("", _("All cases")), *Attention.choices],
        required=False,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["reference"].widget.attrs["autocomplete"] = "off"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        start, end = cleaned.get("opened_from"), cleaned.get("opened_to")
        if start and end and end < start:
            self.add_error("opened_to", _("The end date is before the start date."))
        return cleaned

    def filters(self) -> dict[str, Any]:
        """The valid, non-empty filters, as keyword arguments of selectors.filtered_cases."""
        self.is_valid()
        valid = {k: v for k, v in self.cleaned_data.items() if k not in self.errors}
        return {name: value for name, value in valid.items() if value not in (None, "")}


# -- Person search ---------------------------------------------------------------------------


class PersonSearchForm(DkfdsForm):
    """Search by name or CPR (POST only, so neither ends up in a URL); the purpose is logged."""

    name = forms.CharField(label=_("Name"), max_length=NAME_MAX_LENGTH, required=False)
    cpr = forms.CharField(
        label=_("CPR number"),
        help_text=_("DDMMYY-XXXX. When you give a CPR number, the name is not used."),
        max_length=CPR_MAX_LENGTH,
        required=False,
    )
    purpose = forms.CharField(
        label=_("Purpose of the search"),
        help_text=_(
            "Why you look this person up, for example “screening of a new concern”. It is kept "
            "in the access log, and the person can see it in an access report."
        ),
        max_length=PURPOSE_MAX_LENGTH,
        error_messages={"required": _("State the purpose of the search.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in ("name", "cpr"):
            self.fields[name].widget.attrs["autocomplete"] = "off"
        self.fields["cpr"].widget.attrs["inputmode"] = "numeric"

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if not cleaned.get("name", "").strip() and not cleaned.get("cpr", "").strip():
            self.add_error("name", _("Search by a name or a CPR number."))
        return cleaned


# -- Status and classification ----------------------------------------------------------------


class StatusForm(DkfdsForm):
    """Move a case along the table. `to` accepts every status: the service checks the move, so
    a move the table does not allow gets its clear message instead of a generic one."""

    to = forms.ChoiceField(
        label=_("New status"),
        choices=workflow.Status.choices,
        error_messages={"required": _("Choose the new status.")},
    )
    note = forms.CharField(
        label=_("Note"),
        help_text=_("Kept on the case's timeline."),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    closure_reason = forms.ChoiceField(
        label=_("Reason for closing"),
        choices=[("", _("Choose a reason")), *ClosureReason.choices],
        required=False,
    )
    closure_outcome = forms.ChoiceField(
        label=_("Outcome"),
        choices=[("", _("Choose an outcome")), *ClosureOutcome.choices],
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, case: Case, user: User, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {"version": case.version})
        kwargs.setdefault("auto_id", "status-%s")  # unique ids beside the other forms of the page
        super().__init__(*args, **kwargs)
        self._offer_moves(case, user)

    def _offer_moves(self, case: Case, user: User) -> None:
        labels = dict(workflow.Status.choices)
        if case.status == workflow.Status.SCREENING:
            labels.update(ScreeningOutcome.choices)
        self.targets = [(value, labels[value]) for value in permissions.allowed_targets(user, case)]
        self.offers_closing = workflow.Status.CLOSED in dict(self.targets)
        if workflow.Status.POLICE_ONLY in dict(self.targets):
            self.fields["note"].help_text = _(
                "Kept on the case's timeline. Write no note when the police take over."
            )

    def refresh(self, case: Case, user: User) -> None:
        """After a failed change: offer the moves from the case as it is now, with its current
        version, so that sending the kept input again is a deliberate second attempt."""
        self._offer_moves(case, user)
        self.set_value("version", case.version)

    @property
    def chosen(self) -> str:
        return str(self["to"].value() or "")

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "to": data["to"],
            "note": data["note"],
            "closure_reason": data["closure_reason"],
            "closure_outcome": data["closure_outcome"],
            "expected_version": data["version"],
        }

    def add_service_error(
        self, error: ValidationError, aliases: dict[str, str] | None = None
    ) -> None:
        super().add_service_error(error, {"outcome": "to", **(aliases or {})})


class ClassifyForm(DkfdsForm):
    category = LabelledChoiceField(
        label=_("Category"),
        queryset=ExtremismCategory.objects.order_by("name_da"),
        empty_label=_("Not stated yet"),
        required=False,
    )
    level = LabelledChoiceField(
        label=_("Prevention level"),
        queryset=PreventionLevel.objects.order_by("order"),
        empty_label=_("Not stated yet"),
        required=False,
    )
    acute = forms.BooleanField(
        label=_("Acute"),
        help_text=_("The case needs action now."),
        required=False,
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)

    def __init__(self, *args: Any, case: Case, **kwargs: Any) -> None:
        kwargs.setdefault("auto_id", "classify-%s")
        kwargs.setdefault(
            "initial",
            {
                "category": case.category_id,
                "level": case.level_id,
                "acute": case.acute,
                "version": case.version,
            },
        )
        super().__init__(*args, **kwargs)

    def refresh(self, case: Case, user: User) -> None:
        """After a failed change: keep the input, take the case's current version."""
        self.set_value("version", case.version)

    def service_arguments(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "category": data["category"],
            "level": data["level"],
            "acute": data["acute"],
            "expected_version": data["version"],
        }


# -- Settings ---------------------------------------------------------------------------------


def settable_municipalities(user: User) -> QuerySet[Organisation]:
    """The municipalities whose screening deadline `user` sets as their coordinator."""
    keys = [
        m.organisation_id
        for m in user.active_memberships()
        if m.role == Role.MUNICIPAL_COORDINATOR
        and permissions.can_set_screening_days(user, m.organisation)
    ]
    return Organisation.objects.filter(
        kind=OrganisationKind.MUNICIPALITY, pk__in=keys
    ).select_related("screening_policy")


def screening_days_of(municipality: Organisation) -> int:
    """The municipality's screening deadline in days (the default when it has set none)."""
    policy = getattr(municipality, "screening_policy", None)
    return policy.screening_days if policy is not None else DEFAULT_SCREENING_DAYS


class ScreeningDaysForm(DkfdsForm):
    municipality = LabelledChoiceField(
        label=_("Municipality"), queryset=Organisation.objects.none()
    )
    days = forms.IntegerField(
        label=_("Days to screen a new concern"),
        help_text=_("From 1 to 90 days. Cases already open keep their deadline."),
        min_value=MIN_SCREENING_DAYS,
        max_value=MAX_SCREENING_DAYS,
        error_messages={
            "min_value": _("Give a number of days from 1 to 90."),
            "max_value": _("Give a number of days from 1 to 90."),
            "invalid": _("Give a number of days from 1 to 90."),
            "required": _("Give a number of days from 1 to 90."),
        },
    )

    def __init__(self, *args: Any, municipalities: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["municipality"]
        if isinstance(field, forms.ModelChoiceField):
            field.queryset = municipalities
            field.empty_label = None
        self.fields["days"].widget.attrs.update({"inputmode": "numeric"})
