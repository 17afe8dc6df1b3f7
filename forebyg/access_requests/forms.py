"""Forms of the access request pages. They only parse input; the services hold the rules, and
the field names are the services' keyword names so their errors land at the fields."""

import uuid
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from forebyg.access_requests import permissions
from forebyg.access_requests.models import (
    NOTE_MAX_LENGTH,
    REASON_MAX_LENGTH,
    IdentityCheck,
    RestrictionGround,
)
from forebyg.access_requests.report import Version
from forebyg.accounts.models import User
from forebyg.actors.models import Organisation
from forebyg.cases.forms.handling import DkfdsForm, LabelledChoiceField, date_input

CPR_MAX_LENGTH = 20


class RequestForm(DkfdsForm):
    organisation = LabelledChoiceField(
        label=_("Organisation"),
        queryset=Organisation.objects.none(),
        error_messages={"required": _("Choose the organisation.")},
    )
    cpr = forms.CharField(
        label=_("CPR number"),
        help_text=_("The requester's CPR number, DDMMYY-XXXX."),
        max_length=CPR_MAX_LENGTH,
        error_messages={"required": _("Give the CPR number.")},
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    received_on = forms.DateField(
        label=_("Received on"),
        widget=date_input(),
        error_messages={"required": _("Give the date the request was received.")},
    )
    identity_check = forms.ChoiceField(
        label=_("How was the identity checked?"),
        choices=[("", _("Choose")), *IdentityCheck.choices],
        error_messages={"required": _("Choose how the identity was checked.")},
    )
    identity_note = forms.CharField(
        label=_("Note on the identity check"),
        help_text=_("Required when the check was another one."),
        max_length=NOTE_MAX_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    idempotency_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        own = permissions.dpo_organisations(user)
        choices = Organisation.objects.filter(pk__in=[o.pk for o in own]).order_by("name_da")
        self.fields["organisation"].queryset = choices  # type: ignore[attr-defined]
        if len(own) == 1:
            self.fields["organisation"].initial = own[0]
        self.fields["idempotency_key"].initial = uuid.uuid4().hex


class ExtendForm(DkfdsForm):
    reason = forms.CharField(
        label=_("Reason for the extension"),
        help_text=_("Tell the requester within the first month, with this reason."),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason for the extension.")},
    )


class AnswerForm(DkfdsForm):
    answered_on = forms.DateField(
        label=_("Answered on"),
        widget=date_input(),
        error_messages={"required": _("Give the date the request was answered.")},
    )


class RestrictForm(DkfdsForm):
    item_key = forms.CharField(widget=forms.HiddenInput, max_length=40)
    ground = forms.ChoiceField(
        label=_("Ground"),
        choices=RestrictionGround.choices,
        error_messages={"required": _("Choose the ground in § 22.")},
    )
    reason = forms.CharField(
        label=_("Reason"),
        help_text=_("Which interest outweighs the person's interest in the information, and why."),
        max_length=REASON_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"required": _("Give the reason.")},
    )


class PdfForm(DkfdsForm):
    version = forms.ChoiceField(
        label=_("Version"),
        choices=[
            (Version.SUBJECT.value, _("For the data subject (restricted items withheld)")),
            (Version.DPO.value, _("For the DPO (everything, restrictions marked)")),
        ],
        initial=Version.SUBJECT.value,
        error_messages={"required": _("Choose the version of the report.")},
    )
