"""Forms for recording a concern (bekymringshenvendelse): the professional's and coordinator's
form, and the hotline operator's call form.

The forms only parse input (dates, choices, files). Every rule about the concern (CPR number,
birth date, empty or over-long text, file types and sizes) belongs to services.receive_concern;
the field names are its keyword names, so its ValidationErrors land on the same fields."""

import uuid
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.http import QueryDict
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from forebyg.accounts.models import User
from forebyg.actors.models import Organisation, OrganisationKind
from forebyg.cases import permissions
from forebyg.cases.forms.handling import KeyCheckingMultipleChoiceField
from forebyg.cases.models import CustodyInformed, Source
from forebyg.cases.models.concerns import CONTACT_MAX_LENGTH, DESCRIPTION_MAX_LENGTH
from forebyg.cases.services.intake import NAME_MAX_LENGTH
from forebyg.prevention.models import ExtremismCategory, WarningSign

# What the file picker offers; the service decides from the file's first bytes, not from this.
ACCEPT = "application/pdf,.pdf,image/png,image/jpeg,image/gif,image/webp"
# Danish ways of writing a date, plus ISO (what a browser's date picker would send).
DATE_INPUT_FORMATS = ["%d-%m-%Y", "%d.%m.%Y", "%d/%m/%Y", "%d%m%Y", "%Y-%m-%d"]
# The fields whose cleaned values go to services.receive_concern under the same names.
SERVICE_FIELDS = (
    "idempotency_key",
    "person_name",
    "cpr",
    "birth_date",
    "municipality",
    "description",
    "signs",
    "category",
    "acute",
    "custody_informed",
    "reporter_contact",
    "attachments",
)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input; the service checks each file's type and size."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": ACCEPT}))
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        uploads = data if isinstance(data, list | tuple) else [data]
        cleaned = []
        for upload in uploads:
            if upload:
                cleaned.append(super().clean(upload, initial))
        return cleaned


@dataclass(frozen=True)
class SignGroup:
    """One group of warning signs, shown as a fieldset with its own legend."""

    key: str
    label: str
    signs: list[tuple[WarningSign, bool]]  # (sign, checked)


def municipalities() -> models.QuerySet[Organisation]:
    """The 98 municipalities, by name."""
    return Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY).order_by("name_da")


def categories() -> models.QuerySet[ExtremismCategory]:
    """The extremism categories by name, with "unclear" last where it is easy to find."""
    unclear_last = models.Case(
        models.When(key="unclear", then=models.Value(1)), default=models.Value(0)
    )
    return ExtremismCategory.objects.order_by(unclear_last, "name_da")


def home_municipality(user: User) -> Organisation | None:
    """The municipality the user works in or under (a school's municipality), if there is one."""
    for membership in user.active_memberships():
        organisation: Organisation | None = membership.organisation
        for _level in range(3):  # the organisation, its parent, its grandparent
            if organisation is None:
                break
            if organisation.kind == OrganisationKind.MUNICIPALITY:
                return organisation
            organisation = organisation.parent
    return None


def report_sources(user: User) -> list[str]:
    """The sources `user` may record on the report form (hotline calls have their own form)."""
    return [s for s in permissions.concern_sources(user) if s != Source.HOTLINE]


class ConcernForm(forms.Form):
    """A concern as a professional (or a coordinator who received it directly) reports it."""

    idempotency_key = forms.CharField(widget=forms.HiddenInput, required=False)
    person_name = forms.CharField(label=_("The person's full name"), required=False, strip=False)
    cpr = forms.CharField(
        label=_("CPR number"),
        help_text=_(
            "Optional. Write it as DDMMYY-XXXX. If you do not know it, give the birth date."
        ),
        required=False,
    )
    birth_date = forms.DateField(
        label=_("Birth date"),
        help_text=_(
            "Give it if you do not know the CPR number. Write it as DD-MM-YYYY, e.g. 17-05-2010."
        ),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        error_messages={
            "invalid": _("Write the birth date as a real date, DD-MM-YYYY, e.g. 17-05-2010.")
        },
    )
    municipality = forms.ModelChoiceField(
        label=_("Municipality where the person lives"),
        help_text=_("The concern goes to this municipality and its police district."),
        queryset=Organisation.objects.none(),
        required=False,
        empty_label=_("Choose a municipality"),
        error_messages={"invalid_choice": _("Choose the municipality the person lives in.")},
    )
    description = forms.CharField(
        label=_("What worries you?"),
        help_text=_(
            "Describe what you have seen or heard, when and where, and who else knows about it."
        ),
        required=False,
        strip=False,
        widget=forms.Textarea(attrs={"rows": 8}),
    )
    signs = KeyCheckingMultipleChoiceField(
        label=_("Signs you have observed"),
        help_text=_("Optional. Tick the signs that fit what you have seen, if any."),
        queryset=WarningSign.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("Choose among the signs shown.")},
    )
    category = forms.ModelChoiceField(
        label=_("Kind of extremism"),
        help_text=_("Optional. Choose “Unclear or mixed” if you are not sure."),
        queryset=ExtremismCategory.objects.none(),
        required=False,
        empty_label=_("Not stated"),
        error_messages={"invalid_choice": _("Choose a kind of extremism from the list.")},
    )
    acute = forms.BooleanField(label=_("The concern is acute"), required=False)
    custody_informed = forms.ChoiceField(
        label=_("If the person is under 18: do the custody holders know about the concern?"),
        choices=CustodyInformed.choices,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Choose an answer.")},
    )
    reporter_contact = forms.CharField(
        label=_("How can the municipality reach you?"),
        help_text=_("Optional. Your name and phone number or e-mail, for questions."),
        required=False,
        strip=False,
    )
    attachments = MultipleFileField(
        label=_("Attachments"),
        help_text=_(
            "Optional. PDF or images (PNG, JPEG, GIF or WebP), at most 10 MB each "
            "and 10 files in all."
        ),
        required=False,
    )

    accept = ACCEPT
    description_limit = DESCRIPTION_MAX_LENGTH
    name_limit = NAME_MAX_LENGTH
    contact_limit = CONTACT_MAX_LENGTH

    def __init__(self, *args: Any, user: User, sources: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.user, self.sources = user, sources
        self.fields["municipality"].queryset = municipalities()  # type: ignore[attr-defined]
        self.fields["category"].queryset = categories()  # type: ignore[attr-defined]
        self.fields["signs"].queryset = WarningSign.objects.all()  # type: ignore[attr-defined]
        if len(sources) > 1:
            self.fields["source"] = forms.ChoiceField(
                label=_("Where did the concern come from?"),
                choices=[("", _("Choose")), *((s, Source(s).label) for s in sources)],
                error_messages={
                    "required": _("Choose where the concern came from."),
                    "invalid_choice": _("Choose where the concern came from."),
                },
            )
            self.order_fields(["idempotency_key", "source"])
            self.wording = "received"
            self._word_for_a_received_concern()
        if not self.is_bound:
            self.initial.setdefault("idempotency_key", uuid.uuid4().hex)
            self.initial.update(self.default_values())

    wording = "own"  # "own": the user's own concern; "received": someone else's; "hotline"

    def _word_for_a_received_concern(self) -> None:
        """A coordinator records what someone else told them: the contact is that person's."""
        self.fields["description"].label = _("What is the concern about?")
        self.fields["signs"].label = _("Signs that have been observed")
        self.fields["reporter_contact"].label = _("Who reported the concern, and how to reach them")
        self.fields["reporter_contact"].help_text = _(
            "Optional. Leave this empty if the reporter wants to stay anonymous."
        )

    def default_values(self) -> dict[str, Any]:
        """What an empty form starts with."""
        home = home_municipality(self.user)
        values: dict[str, Any] = {"municipality": home.pk if home else None}
        if self.follows_status:  # reporting as themselves: their own contact details
            own = [self.user.get_full_name(), self.user.email]
            values["reporter_contact"] = ", ".join(part for part in own if part)
        return values

    def clean_custody_informed(self) -> str:
        # Unanswered counts as "not relevant"; for a child the service then asks for an answer.
        return self.cleaned_data.get("custody_informed") or CustodyInformed.NOT_RELEVANT

    def service_arguments(self) -> dict[str, Any]:
        """The keyword arguments for services.receive_concern (all but `by`)."""
        arguments = {name: self.cleaned_data[name] for name in SERVICE_FIELDS}
        arguments["source"] = self.cleaned_data.get("source") or self.sources[0]
        return arguments

    def add_service_error(self, error: ValidationError) -> None:
        """Put the service's errors on the fields of the same name; the rest above the form."""
        if not hasattr(error, "error_dict"):
            if error.code == "stale_form":
                self.renew_key()
            self.add_error(None, error)
            return
        for name, errors in error.error_dict.items():
            visible = name in self.fields and not self.fields[name].widget.is_hidden
            if name == "idempotency_key":
                self.renew_key()
            self.add_error(name if visible else None, errors)

    def renew_key(self) -> None:
        """A fresh idempotency key, so that the form shown again can be sent."""
        data = cast(QueryDict, self.data).copy()  # a view's form is bound to request.POST
        data["idempotency_key"] = uuid.uuid4().hex
        self.data = data

    @cached_property
    def sign_groups(self) -> list[SignGroup]:
        """The warning signs by group, in the groups' own order, with what the user ticked."""
        checked = {str(value) for value in (self["signs"].value() or [])}
        signs = list(self.fields["signs"].queryset)  # type: ignore[attr-defined]
        return [
            SignGroup(
                key=str(key),
                label=str(label),
                signs=[(s, str(s.pk) in checked) for s in signs if s.group == key],
            )
            for key, label in WarningSign.Group.choices
            if any(s.group == key for s in signs)
        ]

    @property
    def follows_status(self) -> bool:
        """True when the user reports as a professional and can follow their reports' status."""
        return permissions.reporter_organisation(self.user) is not None

    @property
    def description_remaining(self) -> int:
        return self.description_limit - len(str(self["description"].value() or ""))

    @property
    def description_excess(self) -> int:
        return max(0, -self.description_remaining)

    @property
    def has_files(self) -> bool:
        return bool(self.files and self.files.getlist("attachments"))

    def error_links(self) -> list[tuple[str, str, str]]:
        """(anchor, label, message) for each field error, in form order, for the error summary."""
        links = []
        for bound in self:
            for message in bound.errors:
                links.append((self._anchor(bound.name), str(bound.label), str(message)))
        return links

    def _anchor(self, name: str) -> str:
        """The id of the control the summary's link moves the focus to."""
        if name == "custody_informed":
            return f"{self[name].auto_id}_0"
        if name == "signs" and self.sign_groups:
            return f"id_signs_{self.sign_groups[0].signs[0][0].pk}"
        return str(self[name].auto_id)


class HotlineForm(ConcernForm):
    """A call to the hotline: the caller may stay anonymous and may not know who the person is."""

    wording = "hotline"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        labels = self.fields
        labels["person_name"].label = _("The person's name")
        labels["person_name"].help_text = _(
            "If the caller does not know the name or will not give it, write “Unknown” and "
            "describe the person in the field “What worries the caller?”."
        )
        labels["description"].label = _("What worries the caller?")
        labels["signs"].label = _("Signs the caller has observed")
        labels["acute"].label = _("The concern is acute")
        labels["reporter_contact"].label = _("The caller's contact details")
        labels["reporter_contact"].help_text = _(
            "Leave this empty if the caller wants to stay anonymous."
        )
        labels["municipality"].label = _("Route to the municipality where the person lives")

    def default_values(self) -> dict[str, Any]:
        return {}  # the operator chooses the municipality on every call
