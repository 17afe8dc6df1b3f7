import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from forebyg.audit.models import AuditEvent
from forebyg.cases import selectors, services
from forebyg.cases.models import Assessment, Observation
from forebyg.cases.tests.factories import CaseFactory, CaseMeasureFactory
from forebyg.cases.tests.helpers import days, row_counts, today
from forebyg.legal.models import LegalBasis
from forebyg.prevention.models import AssessmentDimension, Measure

pytestmark = pytest.mark.django_db


@pytest.fixture
def dims():
    return list(AssessmentDimension.objects.order_by("order"))


def assess(case, by, dims, summary="Resumé", recommendation="Mentor", observations=None):
    if observations is None:
        observations = [(dims[0], "risk", "Deler propaganda"), (dims[5], "resource", "God familie")]
    return services.add_assessment(
        case, by=by, summary=summary, recommendation=recommendation, observations=observations
    )


def test_an_assessment_has_observations_marked_risk_or_resource(municipal_coordinator, dims):
    case = CaseFactory.create(status="analysis")

    assessment = assess(case, municipal_coordinator, dims)

    assert assessment.version == 1
    kinds = [(o.dimension, o.kind, o.text) for o in assessment.observations.all()]
    assert kinds == [(dims[0], "risk", "Deler propaganda"), (dims[5], "resource", "God familie")]
    event = AuditEvent.objects.get(verb="assessment.created")
    assert event.after == {"case": case.reference, "version": 1, "observations": 2}


def test_a_new_assessment_keeps_the_old_one_and_shows_what_changed(
    municipal_coordinator, police_coordinator, dims
):
    case = CaseFactory.create(status="assessment")
    first = assess(
        case,
        municipal_coordinator,
        dims,
        observations=[
            (dims[0], "risk", "Deler propaganda"),
            (dims[2], "risk", "Truer klassekammerat"),
            (dims[5], "risk", "Far er fraværende"),
        ],
    )
    second = assess(
        case,
        police_coordinator,
        dims,
        recommendation="Mentor og forældrecoaching",
        observations=[
            (dims[0], "risk", "Deler propaganda"),
            (dims[5], "resource", "Far er fraværende"),
            (dims[8], "resource", "Går til fodbold"),
        ],
    )

    assert second.version == 2
    assert Assessment.objects.filter(case=case).count() == 2
    assert Observation.objects.filter(assessment=first).count() == 3
    changes = selectors.assessment_changes(first, second)
    assert not changes.summary_changed and changes.recommendation_changed
    by_dimension = {c.dimension.order: c for c in changes.dimensions}
    assert set(by_dimension) == {3, 6, 9}  # dimension 1 is unchanged
    assert by_dimension[3].removed == [("risk", "Truer klassekammerat")]
    assert by_dimension[6].reclassified == [("Far er fraværende", "risk", "resource")]
    assert by_dimension[6].added == [] and by_dimension[6].removed == []
    assert by_dimension[9].added == [("resource", "Går til fodbold")]
    history = selectors.assessment_history(case)
    assert [a.version for a, _changes in history] == [1, 2]
    assert history[0][1].summary_changed  # everything is new in the first one


def test_an_assessment_based_on_an_old_version_is_a_concurrent_change(
    municipal_coordinator, police_coordinator, dims
):
    case = CaseFactory.create(status="analysis")
    services.add_assessment(
        case, by=police_coordinator, summary="A", recommendation="B", based_on_version=0
    )
    counts = row_counts()

    with pytest.raises(services.ConcurrentChangeError):
        services.add_assessment(
            case, by=municipal_coordinator, summary="C", recommendation="D", based_on_version=0
        )
    assert row_counts() == counts
    second = services.add_assessment(
        case, by=municipal_coordinator, summary="C", recommendation="D", based_on_version=1
    )
    assert second.version == 2


def test_an_assessment_only_after_screening(municipal_coordinator, dims):
    case = CaseFactory.create(status="received")
    counts = row_counts()

    with pytest.raises(ValidationError):
        assess(case, municipal_coordinator, dims)
    assert row_counts() == counts


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"summary": ""}, "summary"),
        ({"recommendation": "x" * 5001}, "recommendation"),
        ({"observations": "bad-kind"}, "observations"),
        ({"observations": "empty-text"}, "observations"),
    ],
)
def test_bad_assessments_save_nothing(municipal_coordinator, dims, overrides, field):
    case = CaseFactory.create(status="analysis")
    if overrides.get("observations") == "bad-kind":
        overrides["observations"] = [(dims[0], "score", "7/10")]
    elif overrides.get("observations") == "empty-text":
        overrides["observations"] = [(dims[0], "risk", "  ")]
    counts = row_counts()

    with pytest.raises(ValidationError) as caught:
        assess(case, municipal_coordinator, dims, **overrides)
    assert field in caught.value.message_dict
    assert row_counts() == counts


def test_an_outsider_cannot_assess(other_coordinator, dims):
    with pytest.raises(PermissionDenied):
        assess(CaseFactory.create(status="analysis"), other_coordinator, dims)


def add(case, by, **overrides):
    values = {
        "measure_type": Measure.objects.get(key="mentor"),
        "owner": case.municipality,
        "legal_basis": LegalBasis.objects.first(),
        "responsible_person": "Mads Mentor",
        "start": today(),
        "next_review": days(90),
    }
    values.update(overrides)
    return services.add_measure(case, by=by, **values)


def test_a_measure_is_the_owning_authority_s_decision(municipal_coordinator):
    case = CaseFactory.create(status="follow_up")

    measure = add(case, municipal_coordinator, status="active")

    assert measure.owner == case.municipality and measure.status == "active"
    assert measure.responsible_person == "Mads Mentor"
    event = AuditEvent.objects.get(verb="measure.added")
    assert event.after is not None
    assert event.after["type"] == "mentor" and event.after["owner"] == "aarhus-kommune"


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"next_review": datetime.date(2000, 1, 1)}, "next_review"),
        ({"end": datetime.date(2000, 1, 1)}, "end"),
        ({"status": "completed"}, "end"),
        ({"status": "paused"}, "status"),
        ({"responsible_person": ""}, "responsible_person"),
    ],
)
def test_bad_measures_save_nothing(municipal_coordinator, overrides, field):
    case = CaseFactory.create(status="follow_up")
    counts = row_counts()

    with pytest.raises(ValidationError) as caught:
        add(case, municipal_coordinator, **overrides)
    assert field in caught.value.message_dict
    assert row_counts() == counts


def test_a_measure_can_start_in_the_past(municipal_coordinator):
    measure = add(CaseFactory.create(status="follow_up"), municipal_coordinator, start=days(-30))

    assert measure.start == days(-30)


def test_no_measure_on_a_case_before_the_infohus_or_after_closing(municipal_coordinator):
    with pytest.raises(ValidationError):
        add(CaseFactory.create(status="screening"), municipal_coordinator)
    with pytest.raises(ValidationError):
        add(CaseFactory.create(status="closed"), municipal_coordinator)


def test_a_review_sets_the_next_review(municipal_coordinator):
    measure = CaseMeasureFactory.create(
        case=CaseFactory.create(status="follow_up"), next_review=days(-2)
    )

    review = services.review_measure(
        measure,
        by=municipal_coordinator,
        reviewed_on=today(),
        note="Går godt",
        next_review=days(90),
    )

    measure.refresh_from_db()
    assert review.note == "Går godt" and measure.next_review == days(90)
    event = AuditEvent.objects.get(verb="measure.reviewed")
    assert event.after is not None and event.after["reviewed_on"] == str(today())


def test_a_final_review_completes_the_measure(municipal_coordinator):
    measure = CaseMeasureFactory.create(
        case=CaseFactory.create(status="follow_up"), start=days(-100)
    )

    services.review_measure(
        measure, by=municipal_coordinator, reviewed_on=today(), note="Slut", status="completed"
    )

    measure.refresh_from_db()
    assert (measure.status, measure.end, measure.next_review) == ("completed", today(), None)
    with pytest.raises(ValidationError):
        services.review_measure(measure, by=municipal_coordinator, reviewed_on=today(), note="x")


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"reviewed_on": datetime.date(2999, 1, 1)}, "reviewed_on"),
        ({"next_review": datetime.date(2000, 1, 1)}, "next_review"),
        ({"note": ""}, "note"),
    ],
)
def test_bad_reviews_save_nothing(municipal_coordinator, overrides, field):
    measure = CaseMeasureFactory.create(case=CaseFactory.create(status="follow_up"))
    counts = row_counts()
    values = {"reviewed_on": today(), "note": "Status"} | overrides

    with pytest.raises(ValidationError) as caught:
        services.review_measure(measure, by=municipal_coordinator, **values)
    assert field in caught.value.message_dict
    assert row_counts() == counts
