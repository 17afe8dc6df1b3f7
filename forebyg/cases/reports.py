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
