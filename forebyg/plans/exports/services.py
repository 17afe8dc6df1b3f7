"""The one write of an export: its audit event, with the export's standing purpose."""

from django.db import transaction
from django.utils.translation import gettext, gettext_noop

from forebyg.accounts.models import User
from forebyg.audit import services as audit
from forebyg.plans.models import ActionCard, PlanVersion

# Why a plan is exported. A plan holds no case data, so the reader is not asked: the purpose is
# the plan work itself. The audit log keeps it in English; the file states it translated.
PLAN_WORK = gettext_noop("Work on the municipality's beredskab against extremism")
# The national overview holds no personal data either; its purpose is CDE's monitoring task.
OVERVIEW_PURPOSE = gettext_noop("National monitoring of the municipalities' beredskaber")


def export_purpose() -> str:
    """The standing purpose of a plan export, in the active language (for the file's stamp)."""
    return gettext(PLAN_WORK)


@transaction.atomic
def record_export(
    version: PlanVersion, *, by: User, file_format: str, public: bool = False
) -> None:
    """Every export of a version by a signed-in reader is audited, with its format."""
    after: dict[str, object] = {"format": file_format, "version": version.number}
    if public:
        after["public"] = True
    audit.record(
        by,
        "plan.exported",
        version,
        organisation=version.plan.municipality,
        purpose=PLAN_WORK,
        after=after,
    )


@transaction.atomic
def record_card_export(card: ActionCard, *, by: User, public: bool = False) -> None:
    """Every PDF of an action card taken by a signed-in user is audited, like a plan export."""
    audit.record(
        by,
        "plan.card_exported",
        card,
        organisation=card.version.plan.municipality,
        purpose=PLAN_WORK,
        after={"format": "pdf", "version": card.version.number, "public": public},
    )


@transaction.atomic
def record_overview_export(
    *, by: User, file_format: str, filters: dict[str, str], count: int
) -> None:
    """Every export of the national overview is audited, with its filters and size."""
    audit.record(
        by,
        "plan.overview_exported",
        None,
        purpose=OVERVIEW_PURPOSE,
        after={"format": file_format, "filters": filters, "count": count},
    )
