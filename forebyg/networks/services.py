"""Every write of the infohus networks: a member writes a meeting or trend note. The write and
its audit event (which holds no text) happen in one transaction.

Errors: ValidationError keyed by the keyword arguments (nothing is stored); PermissionDenied when
the view let through someone who is not a member of the network."""

import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forebyg.accounts.models import User
from forebyg.actors.models import Organisation
from forebyg.audit import services as audit
from forebyg.core.cpr import find_cpr
from forebyg.networks import permissions
from forebyg.networks.models import TEXT_MAX_LENGTH, TITLE_MAX_LENGTH, NetworkNote, NoteKind

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def _text(field: str, value: str, limit: int, *, required: "StrOrPromise") -> str:
    """The stripped text; a ValidationError on `field` when empty, too long or holding a CPR."""
    text = (value or "").strip()
    if not text:
        raise ValidationError({field: ValidationError(required, code="required")})
    if "\x00" in text:  # PostgreSQL cannot store NUL in text; forms refuse it alike
        raise ValidationError({field: ValidationError(ProhibitNullCharactersValidator.message)})
    if len(text) > limit:
        message = _("Keep this to at most %(limit)d characters.") % {"limit": limit}
        raise ValidationError({field: ValidationError(message, code="max_length")})
    found = find_cpr(text)
    if found:
        message = _(
            "This looks like a CPR number (%(cpr)s). The network's notes hold no personal "
            "data: remove it, and write about trends and the meeting, not about a person."
        ) % {"cpr": found}
        raise ValidationError({field: ValidationError(message, code="cpr")})
    return text


def _checked(**fields: tuple[str, int, "StrOrPromise"]) -> dict[str, str]:
    """Every field checked, so the writer sees all problems at once."""
    errors: dict[str, list[ValidationError]] = {}
    values: dict[str, str] = {}
    for name, (value, limit, required) in fields.items():
        try:
            values[name] = _text(name, value, limit, required=required)
        except ValidationError as error:
            errors.update(error.error_dict)
    if errors:
        raise ValidationError(errors)
    return values


@transaction.atomic
def create_note(
    *,
    by: User,
    police_district: Organisation,
    kind: str,
    date: datetime.date,
    title: str,
    text: str,
) -> NetworkNote:
    """A member of the district's network writes a meeting or trend note without personal data."""
    if not permissions.writable_networks(by).filter(pk=police_district.pk).exists():
        raise PermissionDenied(_("You are not a member of this infohus network."))
    if kind not in NoteKind.values:
        raise ValidationError({"kind": _("Choose a meeting note or a trend note.")})
    if date > timezone.localdate():
        raise ValidationError({"date": _("The date cannot be in the future.")})
    values = _checked(
        title=(title, TITLE_MAX_LENGTH, _("Give the note a title.")),
        text=(text, TEXT_MAX_LENGTH, _("Write the note.")),
    )
    # Lock the district's row so that a double submit finds the note its twin just saved.
    list(Organisation.objects.select_for_update().filter(pk=police_district.pk).values("pk"))
    same = {"police_district": police_district, "kind": kind, "date": date, **values}
    if NetworkNote.objects.filter(**same).exists():
        raise ValidationError(_("This note is saved already."), code="duplicate")
    note = NetworkNote.objects.create(**same, written_by=by)
    audit.record(
        by,
        "network_note.created",
        note,
        organisation=police_district,
        after={"police_district": police_district.key, "kind": kind, "date": date.isoformat()},
    )
    return note
