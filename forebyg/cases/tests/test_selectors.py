import datetime

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.utils import timezone

from forebyg.cases import permissions, selectors
from forebyg.cases.tests.factories import (
    CaseFactory,
    CaseMeasureFactory,
    ConcernFactory,
    PersonFactory,
)
from forebyg.cases.tests.helpers import days, move, report
from forebyg.prevention.models import ExtremismCategory, PreventionLevel

pytestmark = pytest.mark.django_db


def in_place(municipality, **case):
    return CaseFactory.create(person=PersonFactory.create(municipality=municipality), **case)


def test_each_coordinator_lists_their_own_cases(
    municipal_coordinator,
    other_coordinator,
    police_coordinator,
    analyst,
    aarhus,
    randers,
    copenhagen,
):
    a, r, k = in_place(aarhus), in_place(randers), in_place(copenhagen)

    assert set(selectors.visible_cases(municipal_coordinator)) == {a}
    assert set(selectors.visible_cases(other_coordinator)) == {r}
    assert set(selectors.visible_cases(police_coordinator)) == {a, r}
    assert not selectors.visible_cases(analyst).exists()
    assert k.pk


def test_a_case_list_costs_a_fixed_number_of_queries(
    municipal_coordinator, django_assert_max_num_queries
):
    category = ExtremismCategory.objects.first()
    for _ in range(12):
        CaseFactory.create(category=category, level=PreventionLevel.objects.first())
    municipal_coordinator.active_memberships()  # cached for the request, as in a view

    with django_assert_max_num_queries(1):
        rows = [
            (c.reference, c.person.pseudonym, str(c.municipality), str(c.category), str(c.level))
            for c in selectors.visible_cases(municipal_coordinator)
        ]
    assert len(rows) == 12


def test_the_dashboard_counts_and_lists_what_is_due(
    municipal_coordinator, aarhus, randers, django_assert_max_num_queries
):
    overdue = CaseFactory.create(status="received", screening_due=days(-1))
    CaseFactory.create(status="screening", screening_due=days(0))  # due today: not yet overdue
    CaseFactory.create(status="unfounded", screening_due=days(-5))  # closed: never overdue
    acute = CaseFactory.create(status="analysis", acute=True)
    follow_up = CaseFactory.create(status="follow_up")
    late = CaseMeasureFactory.create(case=follow_up, next_review=days(-3))
    soon = CaseMeasureFactory.create(case=follow_up, next_review=days(14))
    CaseMeasureFactory.create(case=follow_up, next_review=days(15))  # beyond the horizon
    CaseMeasureFactory.create(case=follow_up, next_review=days(-3), status="completed")
    CaseMeasureFactory.create(case=CaseFactory.create(status="closed"), next_review=days(-3))
    in_place(randers, status="received", screening_due=days(-9))  # not ours
    municipal_coordinator.active_memberships()

    with django_assert_max_num_queries(5):
        summary = selectors.dashboard_summary(municipal_coordinator)
        [
            (m.case.reference, str(m.measure_type), m.case.person.pseudonym)
            for m in summary.overdue_reviews
        ]

    assert summary.counts_by_status["received"] == 1
    assert summary.counts_by_status["screening"] == 1
    assert summary.counts_by_status["unfounded"] == 1
    assert summary.counts_by_status["closed"] == 1
    assert summary.counts_by_status["police_only"] == 0
    assert summary.open_cases == 4
    assert summary.overdue_screenings == [overdue]
    assert summary.acute_cases == [acute]
    assert summary.overdue_reviews == [late]
    assert summary.upcoming_reviews == [soon]


def test_overdue_screenings_appear_once_the_deadline_passes(
    professional, municipal_coordinator, aarhus
):
    report(professional, aarhus)

    assert selectors.dashboard_summary(municipal_coordinator).overdue_screenings == []
    with time_machine.travel(timezone.now() + datetime.timedelta(days=11)):
        assert len(selectors.dashboard_summary(municipal_coordinator).overdue_screenings) == 1


def test_filters_narrow_the_list(municipal_coordinator):
    category = ExtremismCategory.objects.get(key="left_wing")
    level = PreventionLevel.objects.get(key="intervening")
    target = CaseFactory.create(status="analysis", category=category, level=level)
    CaseFactory.create(status="analysis")
    CaseFactory.create(status="received", category=category)
    old = CaseFactory.create(opened_at=timezone.now() - datetime.timedelta(days=400))

    def ids(**filters):
        return {c.pk for c in selectors.filtered_cases(municipal_coordinator, **filters)}

    assert ids(status="analysis", category=category) == {target.pk}
    assert ids(level=level) == {target.pk}
    assert ids(reference=target.reference.lower()) == {target.pk}
    assert ids(opened_to=days(-300)) == {old.pk}
    assert old.pk not in ids(opened_from=days(-30))


def test_filters_never_widen_the_scope(other_coordinator):
    case = CaseFactory.create()

    assert not selectors.filtered_cases(other_coordinator, reference=case.reference).exists()


def born_years_ago(years, extra_days=0):
    today = timezone.localdate()
    return today.replace(year=today.year - years) - datetime.timedelta(days=extra_days)


@pytest.mark.parametrize(
    ("birth", "band"),
    [
        (lambda: born_years_ago(3), "0-14"),
        (lambda: born_years_ago(15, -1), "0-14"),  # turns 15 tomorrow
        (lambda: born_years_ago(15), "15-17"),  # turns 15 today
        (lambda: born_years_ago(17, 100), "15-17"),
        (lambda: born_years_ago(18), "18-24"),
        (lambda: born_years_ago(24, 200), "18-24"),
        (lambda: born_years_ago(25), "25+"),
        (lambda: born_years_ago(70), "25+"),
    ],
)
def test_age_bands_are_computed_in_the_database(municipal_coordinator, birth, band):
    case = CaseFactory.create(person=PersonFactory.create(birth_date=birth()))
    CaseFactory.create(person=PersonFactory.create(birth_date=None))  # unknown age: in no band

    for candidate in ("0-14", "15-17", "18-24", "25+"):
        found = list(selectors.filtered_cases(municipal_coordinator, age_band=candidate))
        assert found == ([case] if candidate == band else [])
    assert case.age_band(timezone.localdate()) == band


def test_an_unknown_age_band_is_a_validation_error(municipal_coordinator):
    with pytest.raises(ValidationError):
        selectors.filtered_cases(municipal_coordinator, age_band="100+")


def test_one_timeline_per_person_across_episodes(municipal_coordinator, other_coordinator):
    person = PersonFactory.create()
    first = CaseFactory.create(
        person=person, status="closed", opened_at=timezone.now() - datetime.timedelta(days=300)
    )
    second = CaseFactory.create(person=person, status="received")

    timeline = list(selectors.person_timeline(municipal_coordinator, person))

    assert timeline == [first, second]
    assert [c.episode for c in timeline] == [1, 2]
    assert list(selectors.person_timeline(other_coordinator, person)) == []


def test_a_professional_lists_only_their_own_reports_with_three_statuses(
    professional, municipal_coordinator, police_coordinator, aarhus
):
    mine = report(professional, aarhus)
    ConcernFactory.create()  # someone else's
    assert [r.status for r in selectors.reports_by(professional)] == ["received"]
    move(
        mine.case,
        municipal_coordinator,
        "screening",
        "information_gathering",
        police=police_coordinator,
    )

    reports = selectors.reports_by(professional)

    assert [(r.reference, r.status) for r in reports] == [
        (mine.reporter_reference, "being_handled")
    ]
    assert selectors.reports_by(municipal_coordinator) == []


def test_a_report_joining_a_case_under_way_does_not_reveal_the_case(
    professional, municipal_coordinator, police_coordinator, aarhus, django_assert_max_num_queries
):
    first = report(
        municipal_coordinator, aarhus, source="coordinator", cpr="010203-1234", birth_date=None
    )
    move(
        first.case,
        municipal_coordinator,
        "screening",
        "information_gathering",
        police=police_coordinator,
    )
    joined = report(professional, aarhus, cpr="010203-1234", birth_date=None)
    assert joined.case_id == first.case_id

    with django_assert_max_num_queries(1):
        statuses = [r.status for r in selectors.reports_by(professional)]
    assert statuses == ["received"]
    assert (
        permissions.get_concern_status_for_reporter(professional, joined.reporter_reference).status
        == "received"
    )

    move(first.case, municipal_coordinator, "analysis")
    assert [r.status for r in selectors.reports_by(professional)] == ["being_handled"]


def test_matching_persons_by_cpr_and_by_name(professional, municipal_coordinator, aarhus):
    person = report(
        professional, aarhus, person_name="Aya Nielsen", cpr="010203-1234", birth_date=None
    ).case.person

    assert selectors.matching_persons(municipal_coordinator, cpr="0102031234") == [person]
    assert selectors.matching_persons(municipal_coordinator, name="aya") == [person]
    assert selectors.matching_persons(municipal_coordinator, name="   ") == []
    assert selectors.matching_persons(municipal_coordinator, cpr="0102031235") == []


def test_case_details_load_in_few_queries(
    professional, municipal_coordinator, aarhus, django_assert_max_num_queries
):
    case = report(professional, aarhus).case
    report(professional, aarhus, cpr="", birth_date=datetime.date(2010, 5, 17))

    with django_assert_max_num_queries(4):
        rows = [
            (c.description, list(c.signs.all()), list(c.attachments.all()))
            for c in selectors.case_concerns(case)
        ]
    with django_assert_max_num_queries(1):
        steps = [(s.to_status, s.by.username) for s in selectors.case_status_history(case)]
    assert len(rows) == 1 and steps == [("received", professional.username)]


def test_person_searches_stay_in_scope(
    professional, municipal_coordinator, other_coordinator, police_coordinator, aarhus, randers
):
    # visible_persons (EXISTS, for look-ups by pk or CPR) and the name search's caseload read
    # must agree on scope: Randers' person is not Aarhus' to find, by CPR, name or pk.
    ours = report(
        professional, aarhus, person_name="Aya Nielsen", cpr="010203-1234", birth_date=None
    ).case.person
    theirs = report(
        professional, randers, person_name="Aya Holm", cpr="020304-1234", birth_date=None
    ).case.person

    assert selectors.matching_persons(municipal_coordinator, cpr="0203041234") == []
    assert selectors.matching_persons(municipal_coordinator, name="aya") == [ours]
    assert selectors.matching_persons(other_coordinator, name="aya") == [theirs]
    assert selectors.matching_persons(police_coordinator, name="aya") == [ours, theirs]
    assert list(selectors.visible_persons(municipal_coordinator)) == [ours]
    assert not selectors.visible_persons(other_coordinator).filter(pk=ours.pk).exists()
