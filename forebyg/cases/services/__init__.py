"""Every write in the case domain. Call through the package: `services.receive_concern(...)`.

Each service runs in one transaction, checks who may do it (PermissionDenied), validates its input
(ValidationError whose dict keys are the keyword arguments, with gettext_lazy messages; nothing is
saved on error), and writes its audit event in the same transaction. Status changes lock the case
row and check `expected_version` (ConcurrentChangeError, a ValidationError, when it is stale).
"""

from forebyg.cases.services.access import (
    record_attachment_download,
    record_case_view,
    record_export,
    record_person_view,
    search_persons,
    set_screening_days,
)
from forebyg.cases.services.assessments import ObservationInput, add_assessment
from forebyg.cases.services.common import ConcurrentChangeError
from forebyg.cases.services.intake import receive_concern
from forebyg.cases.services.measures import add_measure, review_measure
from forebyg.cases.services.reads import (
    record_case_list,
    record_own_reports_view,
    record_search_results_view,
)
from forebyg.cases.services.status import change_status, classify_case, record_screening

__all__ = [
    "ConcurrentChangeError",
    "ObservationInput",
    "add_assessment",
    "add_measure",
    "change_status",
    "classify_case",
    "receive_concern",
    "record_attachment_download",
    "record_case_list",
    "record_case_view",
    "record_export",
    "record_own_reports_view",
    "record_person_view",
    "record_screening",
    "record_search_results_view",
    "review_measure",
    "search_persons",
    "set_screening_days",
]
