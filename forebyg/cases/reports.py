"""What a reporter may know about their own report: its reference, when it arrived, and a
three-valued status. A frozen value object, so a template cannot reach into the case."""

import datetime
from dataclasses import dataclass

from forebyg.cases import workflow
from forebyg.cases.models import Concern


@dataclass(frozen=True)
class ReportStatus:
    reference: str
    received_at: datetime.datetime
    status: workflow.ReporterStatus

    @property
    def status_label(self) -> str:
        return str(self.status.label)


def report_status_of(concern: Concern) -> ReportStatus:
    """The reporter's view of one concern (needs concern.case loaded for its status)."""
    return ReportStatus(
        reference=concern.reporter_reference,
        received_at=concern.received_at,
        status=workflow.reporter_status(concern.case.status),
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
    """The recorder's receipt of one concern (needs concern.case and its organisations loaded)."""
    case = concern.case
    return ConcernReceipt(
        reference=concern.reporter_reference,
        received_at=concern.received_at,
        source=concern.source,
        acute=concern.acute,
        municipality=str(case.municipality),
        police_district=str(case.police_district),
        status=workflow.reporter_status(case.status) if for_reporter else None,
    )
