"""Every write of the national plan tracker: analysts add and edit initiatives and record dated
status updates. Each write runs in one transaction with its audit event.

Errors: ValidationError keyed by the keyword arguments; PermissionDenied when the view let through
someone who is not a national analyst."""

import datetime
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from forebyg.accounts.models import User
from forebyg.actors.models import Organisation
from forebyg.audit import services as audit
from forebyg.national import permissions
from forebyg.national.models import (
    SOURCE_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    FocusArea,
    Initiative,
    InitiativeStatus,
    StatusUpdate,
)

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

TITLE_MAX_LENGTH = 300
FIRST_NUMBER, LAST_NUMBER = 1, 41
# The plan was published on 11 October 2016: nothing can have happened to it before.
PLAN_DATE = datetime.date(2016, 10, 11)
# The tracker is public: a signed-in user's export is logged with this standing purpose.
EXPORT_PURPOSE = gettext_noop("Following the national action plan against extremism")
EDITABLE = ("focus_area", "number", "title_da", "title_en", "responsible", "source")


def _text(field: str, value: str, limit: int, *, required: "StrOrPromise" = "") -> str:
    """The stripped text; a ValidationError on `field` when too long or required and empty."""
    text = (value or "").strip()
    if required and not text:
        raise ValidationError({field: ValidationError(required, code="required")})
    if "\x00" in text:  # PostgreSQL cannot store NUL in text; forms refuse it alike
        raise ValidationError({field: ValidationError(ProhibitNullCharactersValidator.message)})
    if len(text) > limit:
        message = _("Keep this to at most %(limit)d characters.") % {"limit": limit}
        raise ValidationError({field: ValidationError(message, code="max_length")})
    return text


def _check_analyst(by: User) -> None:
    if not permissions.can_edit_plan(by):
        raise PermissionDenied(_("Only national analysts change the national plan tracker."))


def _check_number(number: int | None, *, initiative: Initiative | None = None) -> None:
    """A plan number is 1-41 and belongs to one initiative only."""
    if number is None:
        return
    if not FIRST_NUMBER <= number <= LAST_NUMBER:
        message = _("The plan numbers its initiatives from %(first)d to %(last)d.") % {
            "first": FIRST_NUMBER,
            "last": LAST_NUMBER,
        }
        raise ValidationError({"number": ValidationError(message, code="number_range")})
    taken = Initiative.objects.filter(number=number)
    if initiative is not None:
        taken = taken.exclude(pk=initiative.pk)
    holder = taken.first()
    if holder is not None:
        message = _("Number %(number)d is taken by “%(title)s”.") % {
            "number": number,
            "title": holder,
        }
        raise ValidationError({"number": ValidationError(message, code="number_taken")})


def _values(initiative: Initiative) -> dict[str, Any]:
    """The audited state of an initiative: what an analyst can change."""
    return {
        "focus_area": initiative.focus_area.number,
        "number": initiative.number,
        "title_da": initiative.title_da,
        "title_en": initiative.title_en,
        "responsible": initiative.responsible.key if initiative.responsible else None,
        "source": initiative.source,
    }


def _save(initiative: Initiative, fields: list[str] | None = None) -> None:
    """Save; a number taken by a concurrent save is the same clear error as one taken before."""
    try:
        with transaction.atomic():  # a savepoint, so the outer transaction survives the error
            initiative.save(update_fields=fields)
    except IntegrityError as error:
        raise ValidationError(
            {"number": _("Another initiative took this number just now. Choose another.")}
        ) from error


@transaction.atomic
def create_initiative(
    *,
    by: User,
    focus_area: FocusArea,
    title_da: str,
    number: int | None = None,
    title_en: str = "",
    responsible: Organisation | None = None,
    source: str = "",
) -> Initiative:
    """An analyst adds an initiative the loaded list lacks (no seed key: reloads leave it)."""
    _check_analyst(by)
    _check_number(number)
    title = _text("title_da", title_da, TITLE_MAX_LENGTH, required=_("Give the Danish title."))
    # Also what stops a double submit from adding the initiative twice.
    if Initiative.objects.filter(focus_area=focus_area, title_da__iexact=title).exists():
        raise ValidationError(
            {"title_da": _("The focus area has an initiative with this title already.")}
        )
    initiative = Initiative(
        focus_area=focus_area,
        number=number,
        title_da=title,
        title_en=_text("title_en", title_en, TITLE_MAX_LENGTH),
        responsible=responsible,
        source=_text("source", source, SOURCE_MAX_LENGTH),
    )
    _save(initiative)
    audit.record(by, "national_initiative.created", initiative, after=_values(initiative))
    return initiative


@transaction.atomic
def update_initiative(initiative: Initiative, *, by: User, **changes: Any) -> Initiative:
    """An analyst corrects or completes an initiative (number, titles, responsible, source).
    For a loaded initiative the correction survives reloads until its row changes in the file."""
    _check_analyst(by)
    unknown = set(changes) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not editable: {sorted(unknown)}")
    initiative = (
        Initiative.objects.select_for_update(of=("self",))
        .select_related("focus_area", "responsible")
        .get(pk=initiative.pk)
    )
    before = _values(initiative)
    if "number" in changes:
        _check_number(changes["number"], initiative=initiative)
    for name, limit in (("title_da", TITLE_MAX_LENGTH), ("title_en", TITLE_MAX_LENGTH)):
        if name in changes:
            required = _("Give the Danish title.") if name == "title_da" else ""
            changes[name] = _text(name, changes[name], limit, required=required)
    if "source" in changes:
        changes["source"] = _text("source", changes["source"], SOURCE_MAX_LENGTH)
    for name, value in changes.items():
        setattr(initiative, name, value)
    after = _values(initiative)
    if after != before:
        _save(initiative, list(changes))
        changed = [key for key in after if after[key] != before[key]]
        audit.record(
            by,
            "national_initiative.updated",
            initiative,
            before={key: before[key] for key in changed},
            after={key: after[key] for key in changed},
        )
    return initiative


@transaction.atomic
def record_status(
    initiative: Initiative,
    *,
    by: User,
    status: str,
    date: datetime.date,
    note: str,
    source: str = "",
) -> StatusUpdate:
    """An analyst records a dated status with a note saying what happened (and where it was
    stated). The latest update by date is the initiative's current status."""
    _check_analyst(by)
    if status not in InitiativeStatus.values:
        raise ValidationError({"status": _("Choose one of the statuses.")})
    if date > timezone.localdate():
        raise ValidationError({"date": _("The status date cannot be in the future.")})
    if date < PLAN_DATE:
        raise ValidationError(
            {"date": _("The status date cannot be before the plan of 11 October 2016.")}
        )
    text = _text(
        "note", note, TEXT_MAX_LENGTH, required=_("Write what happened: the note is required.")
    )
    # Lock the initiative so that a double submit is seen by its second request.
    list(Initiative.objects.select_for_update().filter(pk=initiative.pk).values_list("pk"))
    same = {"status": status, "date": date, "note": text}
    if StatusUpdate.objects.filter(initiative=initiative, **same).exists():
        raise ValidationError(_("This status update is recorded already."), code="duplicate")
    update = StatusUpdate.objects.create(
        initiative=initiative,
        **same,
        source=_text("source", source, SOURCE_MAX_LENGTH),
        recorded_by=by,
    )
    audit.record(
        by,
        "national_initiative.status_updated",
        initiative,
        after={"status": status, "date": date.isoformat(), "update": update.pk},
    )
    return update


@transaction.atomic
def record_export(*, by: User, file_format: str) -> None:
    """A signed-in user's export of the tracker is logged, like every export (a visitor's is not:
    the plan is public and holds no personal data)."""
    audit.record(
        by, "national.exported", None, purpose=EXPORT_PURPOSE, after={"format": file_format}
    )
