"""The case domain: people, their episodes (cases), concerns, assessments and measures."""

from forebyg.cases.models.assessments import Assessment, Observation, ObservationKind
from forebyg.cases.models.breakglass import BreakGlassGrant, BreakGlassNotice  # noqa: F401
from forebyg.cases.models.cases import (
    DEFAULT_SCREENING_DAYS,
    Case,
    ClosureOutcome,
    ClosureReason,
    ScreeningOutcome,
    ScreeningPolicy,
    StatusChange,
)
from forebyg.cases.models.concerns import Attachment, Concern, CustodyInformed, Source
from forebyg.cases.models.measures import CaseMeasure, MeasureReview, MeasureStatus
from forebyg.cases.models.people import Gender, Person

__all__ = [
    "DEFAULT_SCREENING_DAYS",
    "Assessment",
    "Attachment",
    "Case",
    "CaseMeasure",
    "ClosureOutcome",
    "ClosureReason",
    "Concern",
    "CustodyInformed",
    "Gender",
    "MeasureReview",
    "MeasureStatus",
    "Observation",
    "ObservationKind",
    "Person",
    "ScreeningOutcome",
    "ScreeningPolicy",
    "Source",
    "StatusChange",
]
