# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""Purge runs: a dry-run report of expired cases, a second person's approval, the execution.

* `prepare_report` stores which cases have expired (per the organisation's periods) as a
  pending run; a newer report replaces an older pending one.
* `approve_run` is a data protection officer of the run's organisation who did not make the
  report (the four-eyes rule; docs/decisions/0011).
* `execute_run` purges only the cases of an approved run, each in its own transaction, and
  checks again that each is still expired: a period lengthened since the report wins.
"""

import datetime
from collections import Counter

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forebyg.accounts.models import User
from forebyg.actors.models import Organisation
from forebyg.audit import services as audit
from forebyg.cases import workflow
from forebyg.cases.models import Case
from forebyg.retention import periods, permissions, selectors
from forebyg.retention.models import PurgeItem, PurgeRun, RunStatus
from forebyg.retention.services.purge import purge_case

PURPOSE = "retention"
# An approval is of a report about a given day; an old report may no longer be what is expired.
MAX_REPORT_AGE_DAYS = 30


class RunRefusedError(ValidationError):
    """The run may not be approved or executed; the message says why."""


def record_reports_view(organisation: Organisation, *, by: User) -> None:
    """Log that `by` looked at the organisation's purge reports: they list case references."""
    audit.record(by, "retention.reports_viewed", organisation=organisation, purpose="retention")


@transaction.atomic
def prepare_report(
    organisation: Organisation, *, by: User | None, today: datetime.date | None = None
) -> PurgeRun:
    """Store the dry-run report of the organisation's expired cases as a pending run. `by` is
    the person who made it (None: the command line), who may then not approve it."""
    if by is not None and not permissions.can_manage_retention(by, organisation):
        raise PermissionDenied(_("Only the organisation's data protection officer does this."))
    today = today or timezone.localdate()
    expired = selectors.expired_cases(organisation, today)
    PurgeRun.objects.filter(organisation=organisation, status=RunStatus.PENDING).update(
        status=RunStatus.SUPERSEDED
    )
    summary = dict(sorted(Counter(e.outcome for e in expired).items()))
    run = PurgeRun.objects.create(
        organisation=organisation, as_of=today, created_by=by, summary=summary
    )
    PurgeItem.objects.bulk_create(
        PurgeItem(
            run=run,
            case_id=e.case_id,
            outcome=e.outcome,
            months=e.months,
            closed_on=e.closed_on,
            expires_on=e.expires_on,
        )
        for e in expired
    )
    after = {
        "run": run.pk,
        "as_of": today.isoformat(),
        "cases": len(expired),
        "by_outcome": summary,
    }
    audit.record(
        by, "retention.report_made", run, organisation=organisation, purpose=PURPOSE, after=after
    )
    return run


def _lock(run: PurgeRun) -> PurgeRun:
    return PurgeRun.objects.select_for_update().get(pk=run.pk)


@transaction.atomic
def approve_run(run: PurgeRun, *, by: User, today: datetime.date | None = None) -> PurgeRun:
    """Approve a pending report: a data protection officer of its organisation who did not
    make it."""
    run = _lock(run)
    if not permissions.can_manage_retention(by, run.organisation):
        raise PermissionDenied(_("Only the organisation's data protection officer approves."))
    if run.status != RunStatus.PENDING:
        raise RunRefusedError(_("Only a report waiting for approval can be approved."))
    if run.created_by_id == by.pk:
        raise RunRefusedError(
            _("You made this report: another data protection officer must approve it.")
        )
    _check_age(run, today or timezone.localdate())
    run.status, run.approved_by, run.approved_at = RunStatus.APPROVED, by, timezone.now()
    run.save(update_fields=["status", "approved_by", "approved_at"])
    audit.record(
        by,
        "retention.run_approved",
        run,
        organisation=run.organisation,
        purpose=PURPOSE,
        before={"status": RunStatus.PENDING},
        after={"status": RunStatus.APPROVED, "cases": run.items.count()},
    )
    return run


def _check_age(run: PurgeRun, today: datetime.date) -> None:
    if (today - run.as_of).days > MAX_REPORT_AGE_DAYS:
        raise RunRefusedError(
            _("The report is more than %(days)d days old: make a new dry run."),
            params={"days": MAX_REPORT_AGE_DAYS},
        )


def _still_expired(case: Case, table: periods.PeriodTable, today: datetime.date) -> str:
    """ "" when the case may be purged today, else why not."""
    if case.status not in workflow.CLOSED_STATUSES or case.closed_at is None:
        return "not closed"
    expiry = selectors.case_expiries([case], table)
    if not expiry or not expiry[0].is_expired(today):
        return "not expired"
    return ""


@transaction.atomic
def _purge_item(item: PurgeItem, run: PurgeRun, today: datetime.date) -> bool:
    """Purge one case of the run in its own transaction; False when it is left alone."""
    item = PurgeItem.objects.select_for_update().get(pk=item.pk)
    if item.purged_at is not None:  # another `--run` of the same run got here first
        return False
    case = Case.objects.select_for_update().select_related("person").get(pk=item.case_id)
    if PurgeItem.objects.filter(case=case, purged_at__isnull=False).exists():
        item.skipped = "already purged"
    else:
        item.skipped = _still_expired(case, selectors.period_table(run.organisation), today)
    if item.skipped:
        item.save(update_fields=["skipped"])
        return False
    removed = purge_case(case)
    item.purged_at = timezone.now()
    item.save(update_fields=["purged_at", "skipped"])
    audit.record(
        None,
        "retention.case_purged",
        case,
        organisation=run.organisation,
        purpose=PURPOSE,
        after={"run": run.pk, "outcome": item.outcome, "removed": removed},
    )
    return True


def _refuse_unless_approved(run: PurgeRun, today: datetime.date) -> None:
    if run.status == RunStatus.EXECUTED:
        raise RunRefusedError(_("This run has been executed already."))
    if run.status != RunStatus.APPROVED:
        raise RunRefusedError(
            _("This report has not been approved: a second data protection officer must "
              "approve it on the retention page first.")
        )  # fmt: skip
    _check_age(run, today)


def execute_run(run: PurgeRun, *, today: datetime.date | None = None) -> dict[str, int]:
    """Purge the cases of an approved run, one transaction per case (a crash leaves every case
    whole or purged; running it again goes on where it stopped). Returns the counts."""
    today = today or timezone.localdate()
    run = PurgeRun.objects.select_related("organisation").get(pk=run.pk)
    _refuse_unless_approved(run, today)
    pending = list(run.items.filter(purged_at__isnull=True).order_by("pk"))
    purged = sum(_purge_item(item, run, today) for item in pending)
    counts = {"purged": purged, "skipped": len(pending) - purged}
    with transaction.atomic():
        run = _lock(run)
        run.status, run.executed_at = RunStatus.EXECUTED, timezone.now()
        run.save(update_fields=["status", "executed_at"])
        audit.record(
            None,
            "retention.run_executed",
            run,
            organisation=run.organisation,
            purpose=PURPOSE,
            after={"run": run.pk, **counts},
        )
    return counts
