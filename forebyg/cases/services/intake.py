# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""Receiving a concern: validate it, find or create the person, join their open case or open a
new episode, and record the concern with its attachments, all in one transaction."""

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forebyg.accounts.models import User
from forebyg.actors.models import Organisation, OrganisationKind
from forebyg.audit import services as audit
from forebyg.cases import ages, permissions, references, workflow
from forebyg.cases.models import (
    DEFAULT_SCREENING_DAYS,
    Case,
    Concern,
    CustodyInformed,
    Gender,
    Person,
    ScreeningPolicy,
    Source,
    StatusChange,
)
from forebyg.cases.models.concerns import CONTACT_MAX_LENGTH, DESCRIPTION_MAX_LENGTH
from forebyg.cases.services import attachments as files
from forebyg.cases.services.common import Errors
from forebyg.core import crypto
from forebyg.core.cpr import parse_cpr
from forebyg.prevention.models import ExtremismCategory, WarningSign

NAME_MAX_LENGTH = 200
KEY_MAX_LENGTH = 64
OLDEST_AGE = 125


@dataclass
class Intake:
    """A concern after validation: every value clean, nothing saved yet."""

    source: str
    key: str
    name: str
    municipality: Organisation
    description: str
    contact: str
    cpr_digits: str = ""
    birth_date: datetime.date | None = None
    gender: str = Gender.UNKNOWN
    signs: list[WarningSign] = field(default_factory=list)
    category: ExtremismCategory | None = None
    acute: bool = False
    custody_informed: str = CustodyInformed.NOT_RELEVANT
    checked_files: list[files.CheckedFile] = field(default_factory=list)


def receive_concern(
    *,
    by: User,
    source: str,
    idempotency_key: str,
    person_name: str,
    municipality: Organisation,
    description: str,
    cpr: str = "",
    birth_date: datetime.date | None = None,
    signs: Iterable[WarningSign] = (),
    category: ExtremismCategory | None = None,
    acute: bool = False,
    custody_informed: str = CustodyInformed.NOT_RELEVANT,
    reporter_contact: str = "",
    attachments: Iterable[File] = (),
) -> Concern:
    """Record a concern; the same idempotency key twice returns the first concern unchanged."""
    if not permissions.can_report_concern(by, source):
        raise PermissionDenied(_("You may not record a concern of this kind."))
    existing = _existing(idempotency_key, by)
    if existing is not None:
        return existing
    intake = validate_intake(
        source=source,
        key=idempotency_key,
        name=person_name,
        municipality=municipality,
        description=description,
        contact=reporter_contact,
        cpr=cpr,
        birth_date=birth_date,
        custody_informed=custody_informed,
        uploads=attachments,
    )
    intake.signs, intake.category, intake.acute = list(signs), category, bool(acute)
    return record_intake(intake, by=by)


def _existing(key: str, by: User) -> Concern | None:
    concern = Concern.objects.filter(idempotency_key=(key or "").strip()).first()
    if concern is not None and concern.recorded_by_id != by.pk:
        # Someone else's key: never hand out their concern. A fresh form gets a fresh key.
        raise ValidationError(
            _("This form has expired. Open it again and send it once more."), code="stale_form"
        )
    return concern


def validate_intake(
    *,
    source: str,
    key: str,
    name: str,
    municipality: Organisation,
    description: str,
    contact: str,
    cpr: str,
    birth_date: datetime.date | None,
    custody_informed: str,
    uploads: Iterable[File],
) -> Intake:
    """Check a concern's fields; raise ValidationError listing every problem. With record_intake
    it serves callers authorised otherwise than by a role (an API token's scope)."""
    errors, today = Errors(), timezone.localdate()
    intake = Intake(
        source=source,
        key=errors.text("idempotency_key", key, max_length=KEY_MAX_LENGTH),
        name=errors.text("person_name", name, max_length=NAME_MAX_LENGTH),
        municipality=municipality,
        description=errors.text("description", description, max_length=DESCRIPTION_MAX_LENGTH),
        contact=errors.text(
            "reporter_contact", contact, max_length=CONTACT_MAX_LENGTH, required=False
        ),
    )
    _validate_municipality(errors, municipality)
    _validate_identity(errors, intake, cpr or "", birth_date, today)
    _validate_custody(errors, intake, custody_informed, today)
    intake.checked_files, file_errors = files.check_files(uploads)
    for error in file_errors:
        errors.add("attachments", error)
    errors.raise_if_any()
    return intake


def _validate_municipality(errors: Errors, municipality: object) -> None:
    if not isinstance(municipality, Organisation) or (
        municipality.kind != OrganisationKind.MUNICIPALITY
    ):
        errors.add(
            "municipality",
            ValidationError(_("Choose the municipality the person lives in."), code="municipality"),
        )


def _validate_identity(
    errors: Errors, intake: Intake, cpr: str, birth_date: datetime.date | None, today: datetime.date
) -> None:
    """A CPR number (checked, with its birth date) or a birth date; hotline calls may lack both."""
    if cpr.strip():
        try:
            parsed = parse_cpr(cpr, today=today)
        except ValidationError as error:
            errors.add("cpr", error)
            return
        if birth_date is not None and birth_date != parsed.birth_date:
            errors.add(
                "birth_date",
                ValidationError(
                    _("The birth date does not match the CPR number."), code="birth_date_mismatch"
                ),
            )
        intake.cpr_digits, intake.birth_date = parsed.digits, parsed.birth_date
        intake.gender = Gender.FEMALE if parsed.is_female else Gender.MALE
    elif birth_date is not None:
        if birth_date > today:
            errors.add(
                "birth_date",
                ValidationError(_("The birth date is in the future."), code="birth_date_future"),
            )
        elif birth_date < ages.years_before(today, OLDEST_AGE):
            errors.add(
                "birth_date",
                ValidationError(_("Check the birth date: it is too long ago."), code="birth_date"),
            )
        intake.birth_date = birth_date
    elif intake.source != Source.HOTLINE:
        errors.add(
            "cpr",
            ValidationError(_("Give the CPR number or the birth date."), code="identity_missing"),
        )


def _validate_custody(errors: Errors, intake: Intake, value: str, today: datetime.date) -> None:
    """For a child, say whether the custody holders know; for an adult it is not relevant."""
    if value not in CustodyInformed.values:
        errors.add("custody_informed", ValidationError(_("Choose an answer."), code="invalid"))
        return
    child = ages.is_child(intake.birth_date, today)
    if child is False:
        value = CustodyInformed.NOT_RELEVANT
    elif child and value == CustodyInformed.NOT_RELEVANT:
        errors.add(
            "custody_informed",
            ValidationError(
                _("The person is a child: say whether the custody holders know about the concern."),
                code="custody_required",
            ),
        )
    intake.custody_informed = value


def record_intake(intake: Intake, *, by: User) -> Concern:
    """Record the concern; a concurrent double submission ends with the first one's concern."""
    for attempt in (1, 2):
        try:
            return _record_atomically(intake, by=by)
        except IntegrityError:
            # A concurrent double submission (same key) or a concurrent first concern about the
            # same person won the race: return its concern, or retry once to join its person.
            existing = _existing(intake.key, by)
            if existing is not None:
                return existing
            if attempt == 2:
                raise
    raise AssertionError("unreachable")  # pragma: no cover


def _record_atomically(intake: Intake, *, by: User) -> Concern:
    saved: list[str] = []
    try:
        with transaction.atomic():
            return _record(intake, by=by, saved=saved)
    except BaseException:
        for name in saved:  # the rows are gone with the transaction; remove their files too
            default_storage.delete(name)
        raise


def _record(intake: Intake, *, by: User, saved: list[str]) -> Concern:
    person, known = _find_or_create_person(intake)
    case, opened = _open_case_for(person, intake, by=by)
    reporter = _reporter(intake, by)
    concern = Concern.objects.create(
        case=case,
        source=intake.source,
        recorded_by=by,
        reporter=reporter,
        reporter_organisation=permissions.reporter_organisation(by) if reporter else None,
        reporter_contact=intake.contact,
        description=intake.description,
        category=intake.category,
        acute=intake.acute,
        custody_informed=intake.custody_informed,
        idempotency_key=intake.key,
        reporter_reference=_unique_code(Concern, "reporter_reference", "BH"),
    )
    concern.signs.set(intake.signs)
    for checked in intake.checked_files:
        files.store(concern, checked, saved)
    audit.record(
        by,
        "concern.received",
        concern,
        organisation=case.municipality,
        purpose="intake",
        after={
            "case": case.reference,
            "source": intake.source,
            "acute": intake.acute,
            "known_person": known,
            "new_episode": opened,
            "attachments": len(intake.checked_files),
        },
    )
    return concern


def _reporter(intake: Intake, by: User) -> User | None:
    """A professional reporting as themselves follows the status; callers and others do not."""
    if intake.source == Source.PROFESSIONAL and permissions.reporter_organisation(by):
        return by
    return None


def _find_or_create_person(intake: Intake) -> tuple[Person, bool]:
    """The person with this CPR in this municipality, or a new one (always new without CPR)."""
    cpr_index = crypto.blind_index(intake.cpr_digits, purpose="cpr") if intake.cpr_digits else ""
    if cpr_index:
        person = (
            Person.objects.select_for_update()
            .filter(municipality=intake.municipality, cpr_index=cpr_index)
            .first()
        )
        if person is not None:
            return person, True
    person = Person.objects.create(
        municipality=intake.municipality,
        name=intake.name,
        cpr=intake.cpr_digits,
        cpr_index=cpr_index,
        birth_date=intake.birth_date,
        gender=intake.gender,
        pseudonym=_unique_code(Person, "pseudonym", "P", 6),
    )
    return person, False


def _open_case_for(person: Person, intake: Intake, *, by: User) -> tuple[Case, bool]:
    """Join the person's open case, or open a new episode on their timeline."""
    case = (
        Case.objects.select_for_update()
        .filter(person=person)
        .exclude(status__in=workflow.CLOSED_STATUSES)
        .first()
    )
    if case is not None:
        _merge_into(case, intake)
        return case, False
    last = Case.objects.filter(person=person).aggregate(last=Max("episode"))["last"] or 0
    case = Case.objects.create(
        person=person,
        episode=last + 1,
        municipality=intake.municipality,
        police_district_id=_district_id(intake.municipality),
        reference=_unique_code(Case, "reference", "FB"),
        acute=intake.acute,
        category=intake.category,
        screening_due=timezone.localdate() + datetime.timedelta(days=_screening_days(intake)),
    )
    StatusChange.objects.create(case=case, from_status="", to_status=case.status, by=by)
    audit.record(
        by,
        "case.opened",
        case,
        organisation=intake.municipality,
        purpose="intake",
        after={"reference": case.reference, "episode": case.episode, "acute": case.acute},
    )
    return case, True


def _district_id(municipality: Organisation) -> int:
    """The municipality's police district (actors' check constraint makes sure there is one)."""
    if municipality.police_district_id is None:
        raise ValidationError(
            {"municipality": _("This municipality has no police district.")}, code="no_district"
        )
    return municipality.police_district_id


def _merge_into(case: Case, intake: Intake) -> None:
    """A new concern can flag an open case acute or give it its first category."""
    changed = []
    if intake.acute and not case.acute:
        case.acute = True
        changed.append("acute")
    if intake.category is not None and case.category_id is None:
        case.category = intake.category
        changed.append("category")
    if changed:
        case.version += 1  # someone editing the case must see the new concern first
        case.save(update_fields=[*changed, "version", "updated_at"])


def _screening_days(intake: Intake) -> int:
    policy = ScreeningPolicy.objects.filter(municipality=intake.municipality).first()
    return policy.screening_days if policy else DEFAULT_SCREENING_DAYS


def _unique_code(
    model: type[Person] | type[Case] | type[Concern], field: str, prefix: str, *groups: int
) -> str:
    """A random code not yet used in `model.field` (a clash is astronomically rare)."""
    while True:
        code = references.random_code(prefix, *(groups or (4, 4)))
        if not model.objects.filter(**{field: code}).exists():
            return code
