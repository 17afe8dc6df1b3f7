# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""Logged reads (case views, downloads, exports, person searches) and the screening deadline."""

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from forebyg.accounts.models import User
from forebyg.actors.models import Organisation, OrganisationKind
from forebyg.audit import services as audit
from forebyg.cases import permissions, selectors
from forebyg.cases.models import Attachment, Case, Person, ScreeningPolicy
from forebyg.cases.services.common import PURPOSE_MAX_LENGTH, Errors, clean_purpose
from forebyg.core import crypto
from forebyg.core.cpr import parse_cpr

MIN_SCREENING_DAYS, MAX_SCREENING_DAYS = 1, 90
NAME_QUERY_MIN, NAME_QUERY_MAX = 2, 200


@transaction.atomic
def record_case_view(case: Case, *, by: User, purpose: str) -> None:
    """Every view of a case's content is logged with its purpose."""
    if not permissions.can_view_case(by, case):
        raise PermissionDenied(_("You may not see this case."))
    # Out of scope, the read is under a break-glass grant: logged as such, whatever was asked.
    grant = (
        None if permissions.can_change_case(by, case) else permissions.break_glass_grant(by, case)
    )
    purpose = grant.purpose if grant else clean_purpose(purpose)
    audit.record(by, "case.viewed", case, organisation=case.municipality, purpose=purpose)


@transaction.atomic
def record_person_view(person: Person, *, by: User, purpose: str) -> None:
    """Every view of a person's timeline is logged with its purpose, like a case view."""
    if not selectors.visible_persons(by).filter(pk=person.pk).exists():
        raise PermissionDenied(_("You may not see this person."))
    audit.record(
        by,
        "person.viewed",
        person,
        organisation=person.municipality,
        purpose=clean_purpose(purpose),
    )


@transaction.atomic
def record_attachment_download(attachment: Attachment, *, by: User, purpose: str) -> None:
    """Every download of an attachment is logged, under the same rule as its case."""
    case = attachment.concern.case
    if not permissions.can_view_case(by, case):
        raise PermissionDenied(_("You may not see this case."))
    audit.record(
        by,
        "attachment.downloaded",
        attachment,
        organisation=case.municipality,
        purpose=clean_purpose(purpose),
        after={"case": case.reference},
    )


@transaction.atomic
def record_export(cases: Sequence[Case], *, by: User, purpose: str, file_format: str) -> None:
    """Every export of case data is logged: which cases, in what format, for what purpose."""
    purpose = clean_purpose(purpose)
    for case in cases:
        if not permissions.can_view_case(by, case):
            raise PermissionDenied(_("You may not see this case."))
    audit.record(
        by,
        "case.exported",
        None,
        purpose=purpose,
        after={"format": file_format, "cases": [case.reference for case in cases]},
    )


@transaction.atomic
def search_persons(*, by: User, purpose: str, name: str = "", cpr: str = "") -> list[Person]:
    """Find people in the user's scope by CPR or name; logged with the purpose, never the CPR."""
    if not permissions.can_search_persons(by):
        raise PermissionDenied(_("You may not search for people."))
    errors = Errors()
    purpose = errors.text("purpose", purpose, max_length=PURPOSE_MAX_LENGTH)
    name, digits = _search_criteria(errors, name=name, cpr=cpr)
    errors.raise_if_any()
    found = selectors.matching_persons(by, name=name or None, cpr=digits or None)
    criterion: dict[str, str] = {"criterion": "cpr" if digits else "name"}
    if digits:  # the keyed index lets a DPO match look-ups to a person; the digits never appear
        criterion["cpr_index"] = crypto.blind_index(digits, purpose="cpr")
    audit.record(
        by,
        "person.searched",
        None,
        purpose=purpose,
        after={**criterion, "found": [person.pk for person in found]},
    )
    return found


def _search_criteria(errors: Errors, *, name: str, cpr: str) -> tuple[str, str]:
    name, cpr = " ".join((name or "").split()), (cpr or "").strip()
    if cpr:
        try:
            return "", parse_cpr(cpr).digits
        except ValidationError as error:
            errors.add("cpr", error)
            return "", ""
    if len(name) < NAME_QUERY_MIN or len(name) > NAME_QUERY_MAX:
        errors.add(
            "name",
            ValidationError(
                _("Search by a CPR number or a name of 2 to 200 characters."), code="criterion"
            ),
        )
    return name, ""


@transaction.atomic
def set_screening_days(municipality: Organisation, *, days: int, by: User) -> ScreeningPolicy:
    """Set how many days the police have to screen a new concern (1-90); open cases keep theirs."""
    if municipality.kind != OrganisationKind.MUNICIPALITY or not (
        permissions.can_set_screening_days(by, municipality)
    ):
        raise PermissionDenied(_("You may not change this municipality's settings."))
    if not isinstance(days, int) or not MIN_SCREENING_DAYS <= days <= MAX_SCREENING_DAYS:
        raise ValidationError(
            {"days": _("Give a number of days from 1 to 90.")}, code="screening_days"
        )
    policy, _created = ScreeningPolicy.objects.select_for_update().get_or_create(
        municipality=municipality
    )
    before = policy.screening_days
    policy.screening_days = days
    policy.save(update_fields=["screening_days", "updated_at"])
    audit.record(
        by,
        "screening_policy.changed",
        policy,
        organisation=municipality,
        purpose="administration",
        before={"screening_days": before},
        after={"screening_days": days},
    )
    return policy
