# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""Assessments: a new version each time, never an edit, so every earlier one stays readable."""

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext_lazy as _

from forebyg.accounts.models import User
from forebyg.audit import services as audit
from forebyg.cases.models import Assessment, Case, Observation, ObservationKind
from forebyg.cases.models.assessments import OBSERVATION_MAX_LENGTH, SUMMARY_MAX_LENGTH
from forebyg.cases.services.common import (
    ConcurrentChangeError,
    Errors,
    lock_case,
    require_infohus,
)
from forebyg.prevention.models import AssessmentDimension

# (dimension, "risk" or "resource", text)
ObservationInput = tuple[AssessmentDimension, str, str]


@transaction.atomic
def add_assessment(
    case: Case,
    *,
    by: User,
    summary: str,
    recommendation: str,
    observations: Iterable[ObservationInput] = (),
    based_on_version: int | None = None,
) -> Assessment:
    """Add the next assessment version to a case in the infohus steps; no score, ever.
    `based_on_version` (0 for the first) is the version the user saw: if a colleague added
    one meanwhile, nothing is saved (ConcurrentChangeError) so their observations are not lost."""
    # Not checked against the case version: a status change does not make an assessment stale.
    case = lock_case(case, by=by, expected_version=None)
    last = case.assessments.aggregate(last=Max("version"))["last"] or 0
    if based_on_version is not None and based_on_version != last:
        raise ConcurrentChangeError()
    errors = Errors()
    require_infohus(errors, case)
    summary = errors.text("summary", summary, max_length=SUMMARY_MAX_LENGTH)
    recommendation = errors.text("recommendation", recommendation, max_length=SUMMARY_MAX_LENGTH)
    rows = _clean_observations(errors, observations)
    errors.raise_if_any()
    assessment = Assessment.objects.create(
        case=case, version=last + 1, summary=summary, recommendation=recommendation, created_by=by
    )
    Observation.objects.bulk_create(
        Observation(assessment=assessment, dimension=dimension, kind=kind, text=text)
        for dimension, kind, text in rows
    )
    audit.record(
        by,
        "assessment.created",
        assessment,
        organisation=case.municipality,
        purpose="case_work",
        after={"case": case.reference, "version": assessment.version, "observations": len(rows)},
    )
    return assessment


def _clean_observations(
    errors: Errors, observations: Iterable[ObservationInput]
) -> list[ObservationInput]:
    rows: list[ObservationInput] = []
    for dimension, kind, text in observations:
        if not isinstance(dimension, AssessmentDimension):
            errors.add("observations", ValidationError(_("Choose a dimension."), code="dimension"))
        if kind not in ObservationKind.values:
            errors.add(
                "observations",
                ValidationError(_("Mark each observation as a risk or a resource."), code="kind"),
            )
        rows.append(
            (dimension, kind, errors.text("observations", text, max_length=OBSERVATION_MAX_LENGTH))
        )
    return rows
