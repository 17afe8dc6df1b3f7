"""Periods, reports, approval and the refusals: a dry run changes nothing, nobody approves their
own report, an unapproved or stale run is refused, a period lengthened since the report wins."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from forebyg.audit.models import AuditEvent
from forebyg.cases.models import Case, Concern, Person
from forebyg.cases.tests.factories import CaseMeasureFactory, ConcernFactory
from forebyg.cases.workflow import Status
from forebyg.legal.models import LegalBasis
from forebyg.retention import selectors, services
from forebyg.retention.models import PurgeItem, PurgeRun, RetentionPeriod, RunStatus
from forebyg.retention.periods import MAX_MONTHS, Outcome
from forebyg.retention.tests.factories import close, closed_case, long_ago, second_dpo

pytestmark = pytest.mark.django_db


def _ago(**kwargs) -> datetime.datetime:
    return timezone.now() - datetime.timedelta(**kwargs)


def test_setting_a_period_saves_it_and_audits_it_without_personal_data(dpo, aarhus):
    services.set_period(aarhus, by=dpo, outcome="unfounded", legal_basis=None, months=3)
    services.set_period(aarhus, by=dpo, outcome="unfounded", legal_basis=None, months=4)

    assert RetentionPeriod.objects.get(organisation=aarhus, outcome="unfounded").months == 4
    event = AuditEvent.objects.filter(verb="retention.period_set").order_by("sequence").last()
    assert event is not None
    assert event.before == {"outcome": "unfounded", "legal_basis": None, "months": 3}
    assert event.after == {"outcome": "unfounded", "legal_basis": None, "months": 4}
    assert event.organisation == aarhus


@pytest.mark.parametrize("months", [-1, MAX_MONTHS + 1, "12", None])
def test_a_period_outside_the_bounds_is_refused_and_changes_nothing(dpo, aarhus, months):
    with pytest.raises(ValidationError) as raised:
        services.set_period(aarhus, by=dpo, outcome="unfounded", legal_basis=None, months=months)

    assert "months" in raised.value.error_dict
    assert not RetentionPeriod.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="retention.").exists()


def test_an_unknown_outcome_is_refused(dpo, aarhus):
    with pytest.raises(ValidationError):
        services.set_period(aarhus, by=dpo, outcome="forever", legal_basis=None, months=1)


def test_only_a_dpo_of_the_organisation_sets_periods(municipal_coordinator, dpo, randers):
    with pytest.raises(PermissionDenied):
        services.set_period(randers, by=dpo, outcome="unfounded", legal_basis=None, months=1)
    with pytest.raises(PermissionDenied):
        services.set_period(
            randers, by=municipal_coordinator, outcome="unfounded", legal_basis=None, months=1
        )


def test_clearing_a_period_brings_the_default_back(dpo, aarhus):
    basis = LegalBasis.objects.get(key="rpl-115-1")
    services.set_period(aarhus, by=dpo, outcome="unfounded", legal_basis=basis, months=3)

    assert services.clear_period(aarhus, by=dpo, outcome="unfounded", legal_basis=basis)
    assert not services.clear_period(aarhus, by=dpo, outcome="unfounded", legal_basis=basis)
    assert not RetentionPeriod.objects.exists()
    assert AuditEvent.objects.filter(verb="retention.period_cleared").count() == 1


def test_expiry_follows_the_overrides_and_the_legal_bases(dpo, aarhus):
    unfounded = closed_case(Status.UNFOUNDED, closed_at=_ago(days=100))
    with_measure = close(closed_case(Status.FOLLOW_UP), _ago(days=400))
    basis = LegalBasis.objects.get(key="sel-12b")
    CaseMeasureFactory.create(case=with_measure, legal_basis=basis)
    today = timezone.localdate()

    assert [e.case_id for e in selectors.expired_cases(aarhus, today)] == []
    services.set_period(aarhus, by=dpo, outcome="unfounded", legal_basis=None, months=3)
    services.set_period(aarhus, by=dpo, outcome="closed_with_measure", legal_basis=basis, months=12)

    expired = {e.case_id: e for e in selectors.expired_cases(aarhus, today)}
    assert set(expired) == {unfounded.pk, with_measure.pk}
    assert expired[with_measure.pk].outcome == Outcome.CLOSED_WITH_MEASURE
    assert expired[with_measure.pk].months == 12


def test_open_cases_and_other_municipalities_cases_never_expire(aarhus, randers):
    closed_case(Status.FOLLOW_UP, closed_at=long_ago())  # not closed: status decides
    closed_case(Status.UNFOUNDED, person__municipality=randers)

    assert selectors.expired_cases(aarhus, timezone.localdate()) == []


def _snapshot():
    return (
        list(Case.objects.values()),
        list(Concern.objects.values()),
        list(Person.objects.values()),
    )


def test_a_dry_run_changes_no_case_and_stores_a_pending_report(dpo, aarhus):
    case = closed_case(Status.UNFOUNDED)
    ConcernFactory.create(case=case)
    before = _snapshot()

    run = services.prepare_report(aarhus, by=dpo)

    assert _snapshot() == before
    assert run.status == RunStatus.PENDING
    assert run.summary == {"unfounded": 1}
    assert list(run.items.values_list("case_id", flat=True)) == [case.pk]
    event = AuditEvent.objects.get(verb="retention.report_made")
    assert event.after == {
        "run": run.pk, "as_of": run.as_of.isoformat(), "cases": 1, "by_outcome": {"unfounded": 1}
    }  # fmt: skip
    assert event.actor == dpo


def test_a_new_report_replaces_the_pending_one(dpo, aarhus):
    closed_case()
    first = services.prepare_report(aarhus, by=dpo)
    services.prepare_report(aarhus, by=None)

    first.refresh_from_db()
    assert first.status == RunStatus.SUPERSEDED


def test_the_maker_of_a_report_cannot_approve_it(dpo, aarhus):
    closed_case()
    run = services.prepare_report(aarhus, by=dpo)

    with pytest.raises(services.RunRefusedError, match="another data protection officer"):
        services.approve_run(run, by=dpo)
    run.refresh_from_db()
    assert run.status == RunStatus.PENDING


def test_a_second_dpo_approves_and_others_may_not(
    dpo, other_dpo, aarhus, randers, municipal_coordinator
):
    closed_case()
    run = services.prepare_report(aarhus, by=dpo)
    with pytest.raises(PermissionDenied):
        services.approve_run(run, by=municipal_coordinator)
    with pytest.raises(PermissionDenied):
        services.approve_run(run, by=second_dpo(randers, "dpo-randers"))

    run = services.approve_run(run, by=other_dpo)

    assert (run.status, run.approved_by) == (RunStatus.APPROVED, other_dpo)
    assert AuditEvent.objects.get(verb="retention.run_approved").actor == other_dpo
    with pytest.raises(services.RunRefusedError):
        services.approve_run(run, by=other_dpo)  # not pending any more


def test_an_unapproved_run_is_refused_and_nothing_is_purged(dpo, aarhus):
    case = closed_case()
    ConcernFactory.create(case=case, description="Noget om personen")
    run = services.prepare_report(aarhus, by=dpo)

    with pytest.raises(services.RunRefusedError, match="not been approved"):
        services.execute_run(run)
    assert Concern.objects.get(case=case).description == "Noget om personen"
    assert not PurgeItem.objects.filter(purged_at__isnull=False).exists()


def test_an_old_report_cannot_be_approved_or_executed(dpo, other_dpo, aarhus):
    closed_case()
    run = services.prepare_report(aarhus, by=dpo)
    later = timezone.localdate() + datetime.timedelta(days=31)

    with pytest.raises(services.RunRefusedError, match="make a new dry run"):
        services.approve_run(run, by=other_dpo, today=later)
    services.approve_run(run, by=other_dpo)
    with pytest.raises(services.RunRefusedError, match="make a new dry run"):
        services.execute_run(run, today=later)


def test_a_case_no_longer_expired_at_execution_is_left_alone(dpo, other_dpo, aarhus):
    case = closed_case(Status.UNFOUNDED, closed_at=_ago(days=300))
    ConcernFactory.create(case=case, description="Bliver")
    run = services.approve_run(services.prepare_report(aarhus, by=dpo), by=other_dpo)
    services.set_period(aarhus, by=dpo, outcome="unfounded", legal_basis=None, months=24)

    counts = services.execute_run(run)

    assert counts == {"purged": 0, "skipped": 1}
    assert Concern.objects.get(case=case).description == "Bliver"
    assert PurgeItem.objects.get(run=run).skipped == "not expired"
    run.refresh_from_db()
    assert run.status == RunStatus.EXECUTED
    with pytest.raises(services.RunRefusedError, match="executed already"):
        services.execute_run(run)


def test_a_purged_case_is_not_reported_again(dpo, other_dpo, aarhus):
    closed_case()
    run = services.approve_run(services.prepare_report(aarhus, by=dpo), by=other_dpo)
    services.execute_run(run)

    assert services.prepare_report(aarhus, by=dpo).summary == {}
    assert PurgeRun.objects.count() == 2


def test_the_closure_day_is_the_local_day_in_denmark():
    # 23:30 UTC on 28 February 2024 is 00:30 on the leap day in Copenhagen.
    closed = datetime.datetime(2024, 2, 28, 23, 30, tzinfo=datetime.UTC)
    case = closed_case(Status.UNFOUNDED, closed_at=closed)
    table = selectors.period_table(case.municipality)

    (expiry,) = selectors.case_expiries([case], table)

    assert expiry.closed_on == datetime.date(2024, 2, 29)
    assert expiry.expires_on == datetime.date(2024, 8, 29)
    assert not expiry.is_expired(datetime.date(2024, 8, 28))
    assert expiry.is_expired(datetime.date(2024, 8, 29))
