# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""Plumbing shared by the case services: validation errors, the case lock, version checks."""

from collections import defaultdict

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from forebyg.accounts.models import User
from forebyg.cases import permissions, workflow
from forebyg.cases.models import Case

PURPOSE_MAX_LENGTH = 300


class ConcurrentChangeError(ValidationError):
    """The case changed after the user loaded it. Nothing was saved; the view re-shows the form
    with the user's input and the case as it is now (with its new version)."""

    def __init__(self) -> None:
        super().__init__(
            _(
                "Someone else changed this case while you were working on it, so your change "
                "was not saved. Your input is kept: check the case as it is now and send it again."
            ),
            code="concurrent_change",
        )


class Errors:
    """Collects field errors so one ValidationError reports every problem at once. Keys are the
    service's keyword arguments, so a form with the same field names shows each at its field."""

    def __init__(self) -> None:
        self.by_field: dict[str, list[ValidationError]] = defaultdict(list)

    def add(self, field: str, error: ValidationError) -> None:
        self.by_field[field].append(error)

    def text(self, field: str, value: str | None, *, max_length: int, required: bool = True) -> str:
        """Strip `value`; record an error when it is empty (if required) or too long."""
        text = (value or "").strip()
        if required and not text:
            self.add(field, ValidationError(_("This cannot be empty."), code="required"))
        elif "\x00" in text:  # PostgreSQL cannot store NUL in text; forms refuse it alike
            self.add(field, ValidationError(ProhibitNullCharactersValidator.message, "null"))
        elif len(text) > max_length:
            self.add(
                field,
                ValidationError(
                    _("Keep this to at most %(limit)d characters (it has %(length)d)."),
                    code="max_length",
                    params={"limit": max_length, "length": len(text)},
                ),
            )
        return text

    def raise_if_any(self) -> None:
        if self.by_field:
            raise ValidationError(dict(self.by_field))


def clean_purpose(purpose: str) -> str:
    """A purpose is required for every read that is logged, and is kept short."""
    errors = Errors()
    text = errors.text("purpose", purpose, max_length=PURPOSE_MAX_LENGTH)
    errors.raise_if_any()
    return text


def require_infohus(errors: Errors, case: Case) -> None:
    """Assessments and measures belong to the infohus steps, after screening sent the case on."""
    if case.status not in workflow.INFOHUS_STATUSES:
        errors.add(
            NON_FIELD_ERRORS,
            ValidationError(
                _("This is recorded only after the screening has sent the case to the infohus."),
                code="not_in_infohus",
            ),
        )


def lock_case(case: Case, *, by: User, expected_version: int | None) -> Case:
    """Lock the case row, check `by` may change it, it is open, and nobody changed it meanwhile."""
    # select_for_update serialises concurrent writers; the version check catches the writer who
    # loaded the page before another one saved (optimistic concurrency across requests).
    locked = Case.objects.select_for_update().get(pk=case.pk)
    if not permissions.can_change_case(by, locked):
        raise PermissionDenied(_("You may not change this case."))
    if expected_version is not None and locked.version != expected_version:
        raise ConcurrentChangeError()
    if locked.is_closed:
        raise ValidationError(
            _(
                "This case is closed and can no longer be changed. A new concern about the "
                "person opens a new episode."
            ),
            code="case_closed",
        )
    return locked
