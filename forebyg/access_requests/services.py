# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""Every write of the access requests: register, extend, answer, restrict an item, and the
audited generation of the report. Each checks the user is a DPO of the request's organisation
and writes its audit event in the same transaction; bad input raises ValidationError and
changes nothing."""

import datetime
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forebyg.access_requests import deadlines, permissions, report, selectors
from forebyg.access_requests.models import (
    NOTE_MAX_LENGTH,
    REASON_MAX_LENGTH,
    AccessRequest,
    IdentityCheck,
    Restriction,
    RestrictionGround,
)
from forebyg.accounts.models import User
from forebyg.actors.models import Organisation
from forebyg.audit import services as audit
from forebyg.cases.services.common import Errors
from forebyg.core import crypto
from forebyg.core.cpr import parse_cpr

PURPOSE = "access_request"  # the purpose code of every event here (lookups.PURPOSES names it)
KEY_MAX_LENGTH = 64


def _not_yours() -> PermissionDenied:
    return PermissionDenied(_("Only the organisation's data protection officer may do this."))


def register_request(
    *,
    by: User,
    organisation: Organisation,
    cpr: str,
    received_on: datetime.date,
    identity_check: str,
    identity_note: str = "",
    idempotency_key: str,
) -> AccessRequest:
    """Register a request received on `received_on`; the deadline is one month later. The same
    form sent twice (same key) returns the first request."""
    if organisation.pk not in {o.pk for o in permissions.dpo_organisations(by)}:
        raise _not_yours()
    key = (idempotency_key or "").strip()[:KEY_MAX_LENGTH]
    existing = AccessRequest.objects.filter(idempotency_key=key).first() if key else None
    if existing is not None:
        return _same_author(existing, by)
    errors = Errors()
    digits = _cpr_digits(errors, cpr)
    _check_received(errors, received_on)
    if identity_check not in IdentityCheck.values:
        errors.add("identity_check", ValidationError(_("Choose how the identity was checked.")))
    note = errors.text(
        "identity_note",
        identity_note,
        max_length=NOTE_MAX_LENGTH,
        required=identity_check == IdentityCheck.OTHER,
    )
    if not key:
        errors.add("idempotency_key", ValidationError(_("Open the form again and send it once.")))
    errors.raise_if_any()
    return _create(by, organisation, digits, received_on, identity_check, note, key)


def _same_author(existing: AccessRequest, by: User) -> AccessRequest:
    if existing.registered_by_id != by.pk:  # someone else's key: never hand out their request
        raise ValidationError(
            _("This form has expired. Open it again and send it once more."), code="stale_form"
        )
    return existing


def _cpr_digits(errors: Errors, cpr: str) -> str:
    try:
        return parse_cpr(cpr).digits
    except ValidationError as error:
        errors.add("cpr", error)
        return ""


def _check_received(errors: Errors, received_on: object) -> None:
    if not isinstance(received_on, datetime.date):
        errors.add("received_on", ValidationError(_("Give the date the request was received.")))
    elif received_on > timezone.localdate():
        errors.add("received_on", ValidationError(_("The date received cannot be in the future.")))


def _create(
    by: User,
    organisation: Organisation,
    digits: str,
    received_on: datetime.date,
    identity_check: str,
    note: str,
    key: str,
) -> AccessRequest:
    try:
        with transaction.atomic():
            request = AccessRequest.objects.create(
                organisation=organisation,
                cpr=digits,
                cpr_index=crypto.blind_index(digits, purpose="cpr"),
                received_on=received_on,
                identity_check=identity_check,
                identity_note=note,
                deadline=deadlines.answer_deadline(received_on),
                registered_by=by,
                idempotency_key=key,
            )
            audit.record(
                by,
                "access_request.registered",
                request,
                organisation=organisation,
                purpose=PURPOSE,
                after={"received_on": received_on.isoformat(), "deadline": str(request.deadline)},
            )
    except IntegrityError:  # a concurrent double submission: the first one won
        return _same_author(AccessRequest.objects.get(idempotency_key=key), by)
    return request


@transaction.atomic
def record_request_view(request: AccessRequest, *, by: User) -> None:
    """Every view of a request (it holds the requester's CPR number) is logged."""
    if not permissions.can_handle_request(by, request):
        raise _not_yours()
    audit.record(
        by, "access_request.viewed", request, organisation=request.organisation, purpose=PURPOSE
    )


def _lock_open(request: AccessRequest, by: User) -> AccessRequest:
    locked = AccessRequest.objects.select_for_update().get(pk=request.pk)
    if not permissions.can_handle_request(by, locked):
        raise _not_yours()
    if not locked.is_open:
        raise ValidationError(_("This request is answered already."), code="answered")
    return locked


@transaction.atomic
def extend_deadline(request: AccessRequest, *, by: User, reason: str) -> AccessRequest:
    """Extend by two further months (art. 12(3)), once, with a reason, before the month ends."""
    request = _lock_open(request, by)
    errors = Errors()
    reason = errors.text("reason", reason, max_length=REASON_MAX_LENGTH)
    if request.is_extended:
        errors.add("reason", ValidationError(_("The deadline is extended already.")))
    elif timezone.localdate() > request.deadline:
        # The person must be told of an extension within the first month, so it cannot come later.
        errors.add("reason", ValidationError(_("The deadline has passed: it cannot be extended.")))
    errors.raise_if_any()
    before = request.deadline
    request.deadline = deadlines.extended_deadline(request.received_on)
    request.extended_at, request.extension_reason = timezone.now(), reason
    request.save(update_fields=["deadline", "extended_at", "extension_reason", "updated_at"])
    audit.record(
        by,
        "access_request.extended",
        request,
        organisation=request.organisation,
        purpose=PURPOSE,
        before={"deadline": str(before)},
        after={"deadline": str(request.deadline)},
    )
    return request


@transaction.atomic
def answer_request(
    request: AccessRequest, *, by: User, answered_on: datetime.date
) -> AccessRequest:
    """Close the request with the date it was answered (not before receipt, not in the future)."""
    request = _lock_open(request, by)
    if not isinstance(answered_on, datetime.date):
        raise ValidationError({"answered_on": _("Give the date the request was answered.")})
    if answered_on < request.received_on or answered_on > timezone.localdate():
        raise ValidationError(
            {"answered_on": _("The answer date must be between receipt and today.")}
        )
    request.answered_on = answered_on
    request.save(update_fields=["answered_on", "updated_at"])
    audit.record(
        by,
        "access_request.answered",
        request,
        organisation=request.organisation,
        purpose=PURPOSE,
        after={"answered_on": answered_on.isoformat()},
    )
    return request


@transaction.atomic
def restrict_item(
    request: AccessRequest, *, by: User, item_key: str, ground: str, reason: str
) -> Restriction:
    """Withhold one report item from the data subject's version under § 22, with a reason."""
    request = _lock_open(request, by)
    errors = Errors()
    reason = errors.text("reason", reason, max_length=REASON_MAX_LENGTH)
    if ground not in RestrictionGround.values:
        errors.add("ground", ValidationError(_("Choose the ground in § 22.")))
    data = selectors.report_data(request)
    if item_key not in report.build(data, request, report.Version.DPO).keys:
        errors.add("item_key", ValidationError(_("There is no such item in the report.")))
    elif request.restrictions.filter(item_key=item_key).exists():
        errors.add("item_key", ValidationError(_("This item is restricted already.")))
    errors.raise_if_any()
    restriction = Restriction.objects.create(
        request=request, item_key=item_key, ground=ground, reason=reason, restricted_by=by
    )
    audit.record(
        by,
        "access_request.item_restricted",
        request,
        organisation=request.organisation,
        purpose=PURPOSE,
        after={"item": item_key, "ground": ground},
    )
    return restriction


@dataclass(frozen=True)
class Generated:
    """A report and the moment it was generated (the PDF's stamp says who, when and why)."""

    report: report.Report
    at: datetime.datetime


@transaction.atomic
def generate_report(
    request: AccessRequest, *, by: User, version: str, file_format: str
) -> Generated:
    """Build the report and log that it was generated, in which version and format."""
    if not permissions.can_handle_request(by, request):
        raise _not_yours()
    if version not in {member.value for member in report.Version}:
        raise ValidationError({"version": _("Choose the version of the report.")})
    data = selectors.report_data(request)
    event = audit.record(
        by,
        "access_request.report_generated",
        request,
        organisation=request.organisation,
        purpose=PURPOSE,
        after={"version": version, "format": file_format, "lookups": len(data.events)},
    )
    data.events.append(event)  # this generation is itself a look-up of the person's data
    return Generated(report.build(data, request, report.Version(version)), event.occurred_at)
