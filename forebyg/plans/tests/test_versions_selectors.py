"""Selectors of plans: the revision state, the version in force, the newest version."""

import datetime

import pytest

from forebyg.actors.models import Organisation
from forebyg.plans import selectors
from forebyg.plans.tests.factories import PlanFactory, VersionFactory

pytestmark = pytest.mark.django_db

ADOPTED = datetime.date(2022, 3, 31)  # revision due 2026-03-31; warned from 2025-09-30


@pytest.mark.parametrize(
    ("today", "state"),
    [
        (datetime.date(2025, 9, 29), "ok"),
        (datetime.date(2025, 9, 30), "due_soon"),
        (datetime.date(2026, 3, 31), "due_soon"),
        (datetime.date(2026, 4, 1), "overdue"),
    ],
)
def test_the_revision_is_due_four_years_after_adoption_and_warned_six_months_ahead(
    aarhus, today, state
):
    version = VersionFactory.create(
        plan=PlanFactory.create(municipality=aarhus),
        status="published",
        council_decision_date=ADOPTED,
    )

    assert version.revision_due == datetime.date(2026, 3, 31)
    assert selectors.revision_state(version, today) == state


def test_a_draft_and_a_superseded_version_have_no_revision_state(aarhus):
    plan = PlanFactory.create(municipality=aarhus)
    old = VersionFactory.create(plan=plan, status="superseded", council_decision_date=ADOPTED)
    draft = VersionFactory.create(plan=plan)

    assert selectors.revision_state(old, datetime.date(2030, 1, 1)) == "none"
    assert selectors.revision_state(draft, datetime.date(2030, 1, 1)) == "none"
    assert selectors.revision_state(None, datetime.date(2030, 1, 1)) == "none"


def test_the_warning_date_is_clamped_to_the_end_of_the_month():
    assert selectors.months_before(datetime.date(2026, 8, 31), 6) == datetime.date(2026, 2, 28)
    assert selectors.months_before(datetime.date(2026, 3, 15), 6) == datetime.date(2025, 9, 15)


def test_version_in_force_and_newest_version(aarhus):
    plan = PlanFactory.create(municipality=aarhus)
    assert selectors.version_in_force(plan) is None and selectors.newest_version(plan) is None
    VersionFactory.create(plan=plan, status="superseded")
    in_force = VersionFactory.create(plan=plan, status="published")
    draft = VersionFactory.create(plan=plan)

    assert selectors.version_in_force(plan) == in_force
    assert selectors.newest_version(plan) == draft
    assert selectors.current_public_version(plan) == in_force


def test_plan_rows_read_many_plans_in_few_queries(analyst, django_assert_max_num_queries):
    for municipality in Organisation.objects.filter(kind="municipality")[:6]:
        plan = PlanFactory.create(municipality=municipality)
        VersionFactory.create(plan=plan, status="published")
        VersionFactory.create(plan=plan)

    with django_assert_max_num_queries(4):
        rows = selectors.plan_rows(analyst, datetime.date(2026, 1, 1))

    assert len(rows) == 6
    assert [(r.newest and r.newest.status, r.in_force and r.in_force.status) for r in rows] == [
        ("draft", "published")
    ] * 6
