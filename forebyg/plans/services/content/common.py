"""What every content service shares: the lock on a version still in work, the audit event,
text limits and the error type."""

import re
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from forebyg.accounts.models import User
from forebyg.audit import services as audit
from forebyg.plans import permissions
from forebyg.plans.models import PlanVersion

TITLE_MAX_LENGTH = 200
TEXT_MAX_LENGTH = 5000
MAX_CONTACTS = 8
# What still fits the one printed page beside the signs and contacts.
INTRODUCTION_MAX_LENGTH = 450
# Digits, spaces and the usual separators (see valid_phone).
PHONE_PATTERN = re.compile(r"^\+?[0-9][0-9 ()\-]{1,30}$")


class ContentError(ValidationError):
    """A content change that is refused, with a message for the editor."""


def locked(version: PlanVersion, by: User) -> PlanVersion:
    """The version, locked for this transaction, if `by` may still change its content."""
    versions = PlanVersion.objects.select_for_update().select_related("plan__municipality")
    version = versions.get(pk=version.pk)
    if not permissions.can_edit_plan(by, version.plan):
        raise PermissionDenied(_("Only the municipality's plan owners change its plan."))
    if not permissions.is_editable(version):
        raise ContentError(
            _(
                "This version is adopted and can no longer change. Start a new draft version "
                "to change the plan."
            ),
            code="not_editable",
        )
    return version


def record(by: User, verb: str, target: Any, version: PlanVersion, **changes: Any) -> None:
    """The audit event of a content change, kept under the plan's municipality."""
    audit.record(by, verb, target, organisation=version.plan.municipality, **changes)


def text(field: str, value: str, limit: int, *, required: Any = "") -> str:
    """The stripped text; a ContentError on `field` when too long, or required and empty."""
    stripped = (value or "").strip()
    if required and not stripped:
        raise ContentError({field: ValidationError(required, code="required")})
    if "\x00" in stripped:  # PostgreSQL cannot store NUL in text; forms refuse it alike
        raise ContentError({field: ValidationError(ProhibitNullCharactersValidator.message)})
    if len(stripped) > limit:
        message = _("Keep this to at most %(limit)d characters.") % {"limit": limit}
        raise ContentError({field: ValidationError(message, code="max_length")})
    return stripped


def valid_phone(phone: str) -> bool:
    """Digits with the usual separators, and at least three digits (112 and 114 are numbers)."""
    return bool(PHONE_PATTERN.match(phone)) and sum(c.isdigit() for c in phone) >= 3
