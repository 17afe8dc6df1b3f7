"""The figures an indicator can be bound to, each checked against case data made for the test."""

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from forebyg.actors.models import Organisation
from forebyg.cases import selectors as case_selectors
from forebyg.cases.models import MeasureStatus
from forebyg.cases.tests.factories import (
    CaseFactory,
    CaseMeasureFactory,
    ConcernFactory,
    PersonFactory,
)
from forebyg.plans import figures
from forebyg.plans.models import ActionCard, Audience, Figure
from forebyg.plans.tests.factories import VersionFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 26)  # the last complete quarter is July-September 2026


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime(year, month, day, hour, minute))


def case_in(municipality: Organisation, **fields):
    return CaseFactory.create(person=PersonFactory.create(municipality=municipality), **fields)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (
            datetime.date(2026, 11, 26),
            (2026, 3, datetime.date(2026, 7, 1), datetime.date(2026, 9, 30)),
        ),
        (
            datetime.date(2026, 1, 1),
            (2025, 4, datetime.date(2025, 10, 1), datetime.date(2025, 12, 31)),
        ),
        (
            datetime.date(2026, 4, 1),
            (2026, 1, datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)),
        ),
        (
            datetime.date(2026, 6, 30),
            (2026, 1, datetime.date(2026, 1, 1), datetime.date(2026, 3, 31)),
        ),
    ],
)
def test_the_last_complete_quarter_is_the_one_before_today(today, expected):
    quarter = figures.last_complete_quarter(today)

    assert (quarter.year, quarter.number, quarter.first_day, quarter.last_day) == expected


def test_concerns_are_counted_in_the_last_complete_quarter_by_local_date(aarhus, randers):
    case = case_in(aarhus)
    ConcernFactory.create(case=case, received_at=at(2026, 7, 1, 0, 30))  # first local minute-ish
    ConcernFactory.create(case=case, received_at=at(2026, 9, 30, 23, 30))
    ConcernFactory.create(case=case_in(aarhus), received_at=at(2026, 8, 15))
    ConcernFactory.create(case=case, received_at=at(2026, 6, 30, 23, 30))  # the quarter before
    ConcernFactory.create(case=case, received_at=at(2026, 10, 1, 0, 30))  # the current quarter
    ConcernFactory.create(case=case_in(randers), received_at=at(2026, 8, 15))

    value = figures.value(Figure.CONCERNS_PER_QUARTER, aarhus, TODAY)

    assert value == Decimal(3)


def test_share_screened_in_time_counts_late_and_unscreened_past_deadline_cases(aarhus, randers):
    due = datetime.date(2026, 8, 11)
    case_in(
        aarhus,
        opened_at=at(2026, 8, 1),
        screening_due=due,
        status="information_gathering",
        screened_at=at(2026, 8, 11, 23, 0),
    )  # in time (the deadline's own day)
    case_in(
        aarhus,
        opened_at=at(2026, 8, 1),
        screening_due=due,
        status="unfounded",
        screened_at=at(2026, 8, 12, 9, 0),
    )  # late
    case_in(aarhus, opened_at=at(2026, 8, 1), screening_due=due, status="received")  # late, waiting
    case_in(
        aarhus, opened_at=at(2026, 9, 30), screening_due=TODAY, status="screening"
    )  # not yet due
    case_in(
        aarhus,
        opened_at=at(2026, 6, 1),
        screening_due=datetime.date(2026, 6, 11),
        status="unfounded",
        screened_at=at(2026, 6, 2),
    )  # the quarter before
    case_in(
        randers,
        opened_at=at(2026, 8, 1),
        screening_due=due,
        status="unfounded",
        screened_at=at(2026, 8, 2),
    )  # another municipality

    value = figures.value(Figure.SCREENED_IN_TIME, aarhus, TODAY)

    assert value == Decimal("33.3")


def test_share_screened_in_time_is_empty_without_cases(aarhus):
    assert figures.value(Figure.SCREENED_IN_TIME, aarhus, TODAY) is None


def test_overdue_reviews_count_open_cases_once_by_the_dashboards_rule(
    aarhus, randers, municipal_coordinator
):
    today = timezone.localdate()
    past, future = today - datetime.timedelta(days=3), today + datetime.timedelta(days=3)
    twice = case_in(aarhus, status="follow_up")
    CaseMeasureFactory.create(case=twice, next_review=past)
    CaseMeasureFactory.create(case=twice, next_review=past, status=MeasureStatus.PLANNED)
    once = case_in(aarhus, status="assessment")
    CaseMeasureFactory.create(case=once, next_review=past)
    CaseMeasureFactory.create(case=case_in(aarhus, status="follow_up"), next_review=future)
    CaseMeasureFactory.create(
        case=case_in(aarhus, status="follow_up"), next_review=past, status=MeasureStatus.COMPLETED
    )
    CaseMeasureFactory.create(
        case=case_in(aarhus, status="closed", closure_reason="other", closure_outcome="unknown"),
        next_review=past,
    )
    CaseMeasureFactory.create(case=case_in(randers, status="follow_up"), next_review=past)

    value = figures.value(Figure.OVERDUE_REVIEWS, aarhus, today)

    assert value == Decimal(2)
    dashboard = case_selectors.dashboard_summary(municipal_coordinator)
    assert len({measure.case_id for measure in dashboard.overdue_reviews}) == 2


def test_staff_reached_sums_the_versions_cards_by_hand(aarhus):
    version = VersionFactory.create()
    other = VersionFactory.create(status="published")
    ActionCard.objects.create(
        version=version, audience=Audience.SCHOOL, title="S", staff_reached=40
    )
    ActionCard.objects.create(version=version, audience=Audience.CLUB, title="K", staff_reached=2)
    ActionCard.objects.create(version=version, audience=Audience.DAYCARE, title="D")
    ActionCard.objects.create(version=other, audience=Audience.SCHOOL, title="S", staff_reached=9)

    assert figures.value(Figure.STAFF_REACHED, aarhus, TODAY, version=version) == Decimal(42)
    assert figures.value(Figure.STAFF_REACHED, aarhus, TODAY) is None


def test_staff_reached_is_empty_when_no_card_has_a_number():
    version = VersionFactory.create()
    ActionCard.objects.create(version=version, audience=Audience.SCHOOL, title="S")

    assert figures.staff_reached(version) is None


def test_a_figure_is_one_aggregate_query(aarhus, django_assert_num_queries):
    for _ in range(3):
        ConcernFactory.create(case=case_in(aarhus), received_at=at(2026, 8, 15))

    with django_assert_num_queries(1):
        figures.value(Figure.CONCERNS_PER_QUARTER, aarhus, TODAY)
    with django_assert_num_queries(1):
        figures.value(Figure.SCREENED_IN_TIME, aarhus, TODAY)
    with django_assert_num_queries(1):
        figures.value(Figure.OVERDUE_REVIEWS, aarhus, TODAY)
