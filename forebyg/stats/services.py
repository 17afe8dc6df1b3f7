"""The audit trail of the statistics pages: every view and every export of a scope's figures is
recorded with the scope and the period. No personal data reaches this module: only counts."""

from django.db import transaction

from forebyg.accounts.models import User
from forebyg.audit import services as audit
from forebyg.stats.exports import STATISTICS_PURPOSE
from forebyg.stats.scope import StatScope


def _details(scope: StatScope, slug: str, quarters: tuple[str, str] | None) -> dict[str, object]:
    return {
        "scope": slug,
        "kind": scope.kind,
        "label": str(scope.label),
        "suppressed": scope.suppress,
        "quarters": list(quarters) if quarters else None,
    }


@transaction.atomic
def record_statistics_view(
    scope: StatScope, *, by: User, slug: str, quarters: tuple[str, str] | None
) -> None:
    """Log that `by` viewed one scope's statistics page for a period."""
    audit.record(
        by,
        "statistics.viewed",
        scope.organisation,
        organisation=scope.organisation,
        after=_details(scope, slug, quarters),
    )


@transaction.atomic
def record_statistics_export(
    scope: StatScope, *, by: User, slug: str, quarters: tuple[str, str] | None, file_format: str
) -> None:
    """Log that `by` exported one scope's whole publication, and in which format."""
    audit.record(
        by,
        "statistics.exported",
        scope.organisation,
        organisation=scope.organisation,
        purpose=STATISTICS_PURPOSE,
        after={**_details(scope, slug, quarters), "format": file_format},
    )
