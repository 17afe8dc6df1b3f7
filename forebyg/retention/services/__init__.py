"""Every write of retention: periods, reports, approvals, purges. Call through the package:
`services.set_period(...)`. Each writes its audit event (no personal data) in its transaction."""

from forebyg.retention.services.periods import clear_period, set_period
from forebyg.retention.services.runs import (
    RunRefusedError,
    approve_run,
    execute_run,
    prepare_report,
    record_reports_view,
)

__all__ = [
    "RunRefusedError",
    "approve_run",
    "clear_period",
    "execute_run",
    "prepare_report",
    "record_reports_view",
    "set_period",
]
