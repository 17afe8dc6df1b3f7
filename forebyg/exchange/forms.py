"""Forms of the exchange pages. They only parse input: the rules (a real CPR number, a purpose of
at least five characters) belong to the services, whose keyword names the fields share."""

import datetime
from typing import Any, cast

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forebyg.actors.models import Organisation, OrganisationKind
from forebyg.cases.forms.handling import DkfdsForm, KeyCheckingMultipleChoiceField, date_input
from forebyg.exchange.known_elsewhere import CPR_MAX_LENGTH, PURPOSE_MAX_LENGTH
from forebyg.exchange.models import NOTE_MAX_LENGTH, SUMMARY_MAX_LENGTH, ConsentGiver
from forebyg.legal.rules import DataCategory, Purpose


class KnownElsewhereForm(DkfdsForm):
    """Ask whether a CPR number has a case in another municipality (POST only: never in a URL)."""

    cpr = forms.CharField(
        label=_("CPR number"),
        help_text=_("DDMMYY-XXXX."),
        max_length=CPR_MAX_LENGTH,
        error_messages={"required": _("Write the CPR number.")},
    )
    purpose = forms.CharField(
        label=_("Purpose of the question"),
        help_text=_(
            "Why you need to know, for example “screening of a new concern”. It is kept in the "
            "access log of your organisation and of the municipality that knows the person."
        ),
        max_length=PURPOSE_MAX_LENGTH,
        error_messages={"required": _("State the purpose of the question.")},
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["cpr"].widget.attrs.update({"autocomplete": "off", "inputmode": "numeric"})


NOTE_HELP = _(
    "Why the partner needs this, now. The rules require the note; it is kept, encrypted, in the "
    "exchange ledger."
)


class InviteForm(DkfdsForm):
    """Invite a partner to the case with a summary that does not identify the person."""

    partner = forms.ModelChoiceField(
        label=_("Partner"),
        queryset=Organisation.objects.none(),
        error_messages={"required": _("Choose the partner to invite.")},
    )
    summary = forms.CharField(
        label=_("Concern summary for the partner"),
        help_text=_(
            "What the partner needs to know, without the name, CPR number, address, school or "
            "anything else that identifies the person."
        ),
        max_length=SUMMARY_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("Write a summary of the concern without the name.")},
    )
    necessity_note = forms.CharField(
        label=_("Necessity note"),
        help_text=NOTE_HELP,
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, partners: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["partner"]).queryset = partners


class RevealForm(DkfdsForm):
    """Reveal the identity to an invited partner. The note is checked by the rules engine, so
    a missing note is a recorded refusal, not a form error."""

    necessity_note = forms.CharField(
        label=_("Necessity note"),
        help_text=NOTE_HELP,
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class ConsentForm(DkfdsForm):
    """Record a consent: who gave it, when, to whom, for which purposes and categories."""

    given_by = forms.ChoiceField(
        label=_("Given by"),
        choices=ConsentGiver.choices,
        help_text=_("For a child under 18: the custody holders (with the child, if they choose)."),
    )
    given_on = forms.DateField(
        label=_("Given on"), required=False, widget=date_input(), help_text=_("Empty: today.")
    )
    recipients = KeyCheckingMultipleChoiceField(
        label=_("Recipients"),
        queryset=Organisation.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    recipient_kinds = forms.MultipleChoiceField(
        label=_("Kinds of recipient"),
        choices=OrganisationKind.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    purposes = forms.MultipleChoiceField(
        label=_("Purposes"), choices=Purpose.choices, widget=forms.CheckboxSelectMultiple
    )
    categories = forms.MultipleChoiceField(
        label=_("Data categories"),
        choices=DataCategory.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args: Any, recipients: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelMultipleChoiceField, self.fields["recipients"]).queryset = recipients

    def service_arguments(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        given_on = data.pop("given_on")
        if given_on is not None and given_on != timezone.localdate():
            data["given_at"] = timezone.make_aware(
                datetime.datetime.combine(given_on, datetime.time(12))
            )
        data["recipients"] = list(data["recipients"])
        return data


class LedgerFilterForm(forms.Form):
    """The DPO's ledger filters, by GET: dates, purpose, outcome, recipient (no personal data)."""

    date_from = forms.DateField(label=_("From"), required=False, widget=date_input())
    date_to = forms.DateField(label=_("To"), required=False, widget=date_input())
    purpose = forms.ChoiceField(
        label=_("Purpose"), required=False, choices=[("", _("All")), *Purpose.choices]
    )
    allowed = forms.ChoiceField(
        label=_("Outcome"),
        required=False,
        choices=[("", _("All")), ("yes", _("Allowed")), ("no", _("Refused"))],
    )
    recipient = forms.ModelChoiceField(
        label=_("Recipient"), required=False, queryset=Organisation.objects.none()
    )

    def __init__(self, *args: Any, recipients: QuerySet[Organisation], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        chosen = cast(forms.ModelChoiceField, self.fields["recipient"])
        chosen.queryset = recipients
        chosen.empty_label = str(_("All"))
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-input"
            field.widget.attrs.setdefault("class", css)

    def filters(self) -> dict[str, Any]:
        """The selector's keyword arguments; an invalid filter is left out."""
        if not self.is_valid():
            return {}
        data = self.cleaned_data
        outcome = {"yes": True, "no": False}.get(data["allowed"])
        return {
            "date_from": data["date_from"],
            "date_to": data["date_to"],
            "purpose": data["purpose"],
            "allowed": outcome,
            "recipient": data["recipient"],
        }

    def described(self) -> dict[str, str]:
        """The filters as text, for the export's audit event and header."""
        return {
            key: str(getattr(value, "key", value))
            for key, value in self.filters().items()
            if value not in (None, "")
        }


class ExportForm(DkfdsForm):
    """Why the ledger is exported: the purpose goes in the audit log and the file's header."""

    reason = forms.CharField(
        label=_("Purpose of the export"),
        help_text=_("For example “answering an access request” or “annual review”."),
        min_length=5,
        max_length=200,
        error_messages={"required": _("State the purpose of the export.")},
    )
