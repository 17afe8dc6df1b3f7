"""What a reporter may know about their own report: its reference, when it arrived, and a
three-valued status. A frozen value object, so a template cannot reach into the case."""

import datetime
from dataclasses import dataclass

from django.db.models import Max, QuerySet

from forebyg.cases import workflow
from forebyg.cases.models import Concern

LAST_MOVE = "case_last_moved_at"


def with_last_move(concerns: QuerySet[Concern]) -> QuerySet[Concern]:
    """Annotate each concern with when its case last changed status (one query for a list)."""
    return concerns.annotate(**{LAST_MOVE: Max("case__status_changes__at")})


def _status_for_reporter(concern: Concern) -> workflow.ReporterStatus:
    last_move = getattr(concern, LAST_MOVE, None)
    moved = last_move is not None and last_move >= concern.received_at
    return workflow.reporter_status(concern.case.status, moved_since_report=moved)


@dataclass(frozen=True)
class ReportStatus:
    reference: str
    received_at: datetime.datetime
    status: workflow.ReporterStatus

    @property
    def status_label(self) -> str:
        return str(self.status.label)


def report_status_of(concern: Concern) -> ReportStatus:
    """The reporter's view of one concern (needs concern.case, annotated by with_last_move)."""
    return ReportStatus(
        reference=concern.reporter_reference,
        received_at=concern.received_at,
        status=_status_for_reporter(concern),
    )


@dataclass(frozen=True)
class ConcernReceipt:
    """What the person who recorded a concern sees afterwards: where it went, never the case.
    `status` is set only for the reporter, who follows their own report; a hotline operator or a
    coordinator recording for someone else learns nothing about the case after routing."""

    reference: str
    received_at: datetime.datetime
    source: str
    acute: bool
    municipality: str
    police_district: str
    status: workflow.ReporterStatus | None

    @property
    def status_label(self) -> str:
        return str(self.status.label) if self.status is not None else ""


def receipt_of(concern: Concern, *, for_reporter: bool) -> ConcernReceipt:
    """The recorder's receipt of one concern (needs concern.case and its organisations loaded,
    and the with_last_move annotation)."""
    case = concern.case
    return ConcernReceipt(
        reference=concern.reporter_reference,
        received_at=concern.received_at,
        source=concern.source,
        acute=concern.acute,
        municipality=str(case.municipality),
        police_district=str(case.police_district),
        status=_status_for_reporter(concern) if for_reporter else None,
    )
