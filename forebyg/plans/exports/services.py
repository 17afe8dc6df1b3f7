"""The one write of an export: its audit event."""

from django.db import transaction

from forebyg.accounts.models import User
from forebyg.audit import services as audit
from forebyg.plans.models import PlanVersion


@transaction.atomic
def record_export(version: PlanVersion, *, by: User, file_format: str) -> None:
    """Every export of a version by a signed-in reader is audited, with its format."""
    audit.record(
        by,
        "plan.exported",
        version,
        organisation=version.plan.municipality,
        after={"format": file_format, "version": version.number},
    )
