# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""Reads for retention: an organisation's periods, its closed cases with their expiry, its purge
runs. The views call these only after permissions.get_organisation_for_dpo; the command reads
them for the organisation whose cases it reports on."""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils import timezone

from forebyg.actors.models import Organisation
from forebyg.cases import workflow
from forebyg.cases.models import Case, CaseMeasure
from forebyg.exchange.models import DisclosureRecord
from forebyg.retention import periods
from forebyg.retention.models import PurgeItem, PurgeRun, RetentionPeriod


@dataclass(frozen=True)
class CaseExpiry:
    case_id: int
    reference: str
    outcome: str
    months: int
    closed_on: datetime.date
    expires_on: datetime.date

    def is_expired(self, today: datetime.date) -> bool:
        return today >= self.expires_on


def organisation_periods(organisation: Organisation) -> QuerySet[RetentionPeriod]:
    """The organisation's own periods (overrides of the defaults), with their legal bases."""
    return RetentionPeriod.objects.filter(organisation=organisation).select_related("legal_basis")


def period_table(organisation: Organisation) -> periods.PeriodTable:
    """The organisation's periods as a lookup table (one query)."""
    by_outcome: dict[str, int] = {}
    by_basis: dict[tuple[str, int], int] = {}
    rows = RetentionPeriod.objects.filter(organisation=organisation).values_list(
        "outcome", "legal_basis_id", "months"
    )
    for outcome, basis, months in rows:
        if basis is None:
            by_outcome[outcome] = months
        else:
            by_basis[(outcome, basis)] = months
    return periods.PeriodTable(by_outcome=by_outcome, by_basis=by_basis)


def unpurged_closed_cases(organisation: Organisation) -> QuerySet[Case]:
    """The municipality's closed cases that no executed purge has emptied yet."""
    purged = PurgeItem.objects.filter(purged_at__isnull=False).values("case_id")
    return (
        Case.objects.filter(
            municipality=organisation,
            status__in=sorted(workflow.CLOSED_STATUSES),
            closed_at__isnull=False,
        )
        .exclude(pk__in=purged)
        .order_by("closed_at", "pk")
    )


def _bases_and_measures(case_ids: list[int]) -> tuple[dict[int, set[int]], set[int]]:
    """Per case, the legal bases it stood on (measures, allowed disclosures); and the cases
    that have a measure."""
    bases: dict[int, set[int]] = defaultdict(set)
    with_measure: set[int] = set()
    for case_id, basis in CaseMeasure.objects.filter(case_id__in=case_ids).values_list(
        "case_id", "legal_basis_id"
    ):
        with_measure.add(case_id)
        if basis is not None:
            bases[case_id].add(basis)
    disclosures = DisclosureRecord.objects.filter(case_id__in=case_ids, allowed=True)
    for case_id, basis in disclosures.values_list("case_id", "legal_basis_id"):
        if basis is not None and case_id is not None:
            bases[case_id].add(basis)
    return bases, with_measure


def case_expiries(cases: Iterable[Case], table: periods.PeriodTable) -> list[CaseExpiry]:
    """When each closed case expires under `table` (three queries for any number of cases)."""
    cases = list(cases)
    bases, with_measure = _bases_and_measures([c.pk for c in cases])
    found = []
    for case in cases:
        outcome = periods.outcome_of(case.status, has_measure=case.pk in with_measure)
        if outcome is None or case.closed_at is None:
            continue
        months = table.resolve_months(outcome, bases.get(case.pk, set()))
        closed_on = timezone.localdate(case.closed_at)
        found.append(
            CaseExpiry(
                case.pk,
                case.reference,
                outcome,
                months,
                closed_on,
                periods.expires_on(closed_on, months),
            )
        )
    return found


def expired_cases(organisation: Organisation, today: datetime.date) -> list[CaseExpiry]:
    """The municipality's closed, unpurged cases whose period has run out on `today`."""
    cases = unpurged_closed_cases(organisation).only("pk", "reference", "status", "closed_at")
    expiries = case_expiries(cases, period_table(organisation))
    return [e for e in expiries if e.is_expired(today)]


def organisations_with_closed_cases() -> QuerySet[Organisation]:
    """Municipalities that hold at least one closed case (what a dry run looks at)."""
    ids = Case.objects.filter(status__in=sorted(workflow.CLOSED_STATUSES)).values("municipality_id")
    return Organisation.objects.filter(pk__in=ids).order_by("name_da")


def purge_runs(organisation: Organisation) -> QuerySet[PurgeRun]:
    """The organisation's purge runs, newest first, with who made and approved them."""
    return PurgeRun.objects.filter(organisation=organisation).select_related(
        "created_by", "approved_by"
    )


def run_items(run: PurgeRun) -> QuerySet[PurgeItem]:
    """The cases of a report, with their references (no names, no CPR numbers)."""
    return run.items.select_related("case").only(
        "case__reference",
        "outcome",
        "months",
        "closed_on",
        "expires_on",
        "purged_at",
        "skipped",
        "run_id",
        "case_id",
    )
