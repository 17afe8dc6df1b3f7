# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""Measures (each one authority's own decision under its own law) and their reviews."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forebyg.accounts.models import User
from forebyg.actors.models import Organisation
from forebyg.audit import services as audit
from forebyg.cases.models import CaseMeasure, MeasureReview, MeasureStatus
from forebyg.cases.models.cases import Case
from forebyg.cases.models.measures import NOTE_MAX_LENGTH
from forebyg.cases.services.common import Errors, lock_case, require_infohus
from forebyg.legal.models import LegalBasis
from forebyg.prevention.models import Measure

RESPONSIBLE_MAX_LENGTH = 200
FINISHED = (MeasureStatus.COMPLETED, MeasureStatus.STOPPED)


@transaction.atomic
def add_measure(
    case: Case,
    *,
    by: User,
    measure_type: Measure,
    owner: Organisation,
    responsible_person: str,
    start: datetime.date,
    legal_basis: LegalBasis | None = None,
    end: datetime.date | None = None,
    status: str = MeasureStatus.PLANNED,
    next_review: datetime.date | None = None,
) -> CaseMeasure:
    """Record a measure that `owner` decided under its own law, on a case in the infohus steps."""
    case = lock_case(case, by=by, expected_version=None)  # adds a row, overwrites nothing
    errors = Errors()
    require_infohus(errors, case)
    responsible = errors.text(
        "responsible_person", responsible_person, max_length=RESPONSIBLE_MAX_LENGTH
    )
    _check_dates(errors, start=start, end=end, status=status, next_review=next_review)
    errors.raise_if_any()
    measure = CaseMeasure.objects.create(
        case=case,
        measure_type=measure_type,
        owner=owner,
        legal_basis=legal_basis,
        responsible_person=responsible,
        start=start,
        end=end,
        status=status,
        next_review=None if status in FINISHED else next_review,
        created_by=by,
    )
    _audit(by, "measure.added", measure, case)
    return measure


def _check_dates(
    errors: Errors,
    *,
    start: datetime.date | None,
    end: datetime.date | None,
    status: str,
    next_review: datetime.date | None,
) -> None:
    """End not before start; a finished measure has an end; a review is never due in the past."""
    if status not in MeasureStatus.values:
        errors.add("status", ValidationError(_("Choose a status."), code="invalid"))
    if start is None:
        errors.add("start", ValidationError(_("Give the start date."), code="required"))
    elif end is not None and end < start:
        errors.add("end", ValidationError(_("The end is before the start."), code="end_before"))
    if status in FINISHED and end is None:
        errors.add("end", ValidationError(_("Give the end date of a finished measure.")))
    if next_review is not None and next_review < timezone.localdate():
        errors.add(
            "next_review",
            ValidationError(_("The next review cannot be in the past."), code="date_past"),
        )


@transaction.atomic
def review_measure(
    measure: CaseMeasure,
    *,
    by: User,
    reviewed_on: datetime.date,
    note: str,
    next_review: datetime.date | None = None,
    status: str | None = None,
    end: datetime.date | None = None,
) -> MeasureReview:
    """Record a review held on `reviewed_on`; it may set the next review, the status and end."""
    case = lock_case(measure.case, by=by, expected_version=None)
    measure = CaseMeasure.objects.select_for_update().get(pk=measure.pk, case=case)
    errors = Errors()
    if measure.status in FINISHED:
        errors.add("status", ValidationError(_("This measure has ended."), code="finished"))
    note = errors.text("note", note, max_length=NOTE_MAX_LENGTH)
    if reviewed_on is None or reviewed_on > timezone.localdate():
        errors.add(
            "reviewed_on",
            ValidationError(_("Record a review once it has been held."), code="date_future"),
        )
    status = status or measure.status
    end = end if end is not None else (reviewed_on if status in FINISHED else measure.end)
    _check_dates(errors, start=measure.start, end=end, status=status, next_review=next_review)
    errors.raise_if_any()
    review = MeasureReview.objects.create(
        measure=measure, reviewed_on=reviewed_on, note=note, by=by
    )
    measure.status, measure.end = status, end
    measure.next_review = None if status in FINISHED else next_review
    measure.save(update_fields=["status", "end", "next_review", "updated_at"])
    _audit(by, "measure.reviewed", measure, case, reviewed_on=reviewed_on.isoformat())
    return review


def _audit(by: User, verb: str, measure: CaseMeasure, case: Case, **extra: str) -> None:
    audit.record(
        by,
        verb,
        measure,
        organisation=case.municipality,
        purpose="case_work",
        after={
            "case": case.reference,
            "type": measure.measure_type.key,
            "owner": measure.owner.key,
            "status": measure.status,
            "next_review": measure.next_review.isoformat() if measure.next_review else None,
            **extra,
        },
    )
