"""Assessments and measures through the test client: a first assessment and a second one that
shows what changed, concurrent assessments, measures with bad dates, and reviews."""

from html import escape

import pytest
from django.urls import reverse
from django.utils import translation

from forebyg.audit.models import AuditEvent
from forebyg.cases import workflow
from forebyg.cases.models import Assessment, CaseMeasure, MeasureReview, Observation
from forebyg.cases.services import ConcurrentChangeError
from forebyg.cases.tests.factories import (
    AssessmentFactory,
    CaseFactory,
    CaseMeasureFactory,
    PersonFactory,
)
from forebyg.cases.tests.helpers import days, row_counts, without_no_score_sentences
from forebyg.cases.views.common import DEFAULT_PURPOSE
from forebyg.legal.models import LegalBasis
from forebyg.prevention.models import AssessmentDimension, Measure

pytestmark = pytest.mark.django_db

Status = workflow.Status


def danish(message: str) -> str:
    with translation.override("da"):
        return escape(str(translation.gettext(message)))


@pytest.fixture
def case(aarhus):
    return CaseFactory.create(
        person=PersonFactory.create(municipality=aarhus), status=Status.ANALYSIS
    )


@pytest.fixture
def coordinator_client(client, municipal_coordinator):
    client.force_login(municipal_coordinator)
    return client


def _dimension(order: int) -> AssessmentDimension:
    return AssessmentDimension.objects.get(order=order)


def _assessment_data(based_on: int, **areas: str) -> dict[str, str | int]:
    return {
        "summary": "Jonas trækker sig fra klassen.",
        "recommendation": "Mentorforløb og forældresamtaler.",
        "based_on_version": based_on,
        **areas,
    }


# -- Assessments -----------------------------------------------------------------------------


def test_the_form_has_one_fieldset_per_dimension_in_order_and_no_score(coordinator_client, case):
    response = coordinator_client.get(reverse("cases:assessment_new", args=[case.pk]))

    assert response.status_code == 200
    html = response.text
    dimensions = list(AssessmentDimension.objects.order_by("order"))
    assert len(dimensions) == 9
    positions = [html.index(f'name="risk_{d.key}"') for d in dimensions]
    assert positions == sorted(positions)
    for dimension in dimensions:
        assert f'name="resource_{dimension.key}"' in html
    assert html.count("<fieldset") == 9 + 2 + 1  # dimensions, the two parts, the overall one
    assert "score" not in without_no_score_sentences(html).lower()
    assert 'name="based_on_version" value="0"' in html
    assert AuditEvent.objects.get(verb="case.viewed").purpose == DEFAULT_PURPOSE


def test_a_first_assessment_is_saved_with_its_observations(coordinator_client, case):
    violence, family = _dimension(3), _dimension(6)

    response = coordinator_client.post(
        reverse("cases:assessment_new", args=[case.pk]),
        _assessment_data(
            0,
            **{
                f"risk_{violence.key}": "Taler om hævn.\n\nHar delt en video.",
                f"resource_{family.key}": "Tæt på sin mor.",
            },
        ),
    )

    assert response.status_code == 302
    assert response.url == reverse("cases:assessment", args=[case.pk, 1])
    assessment = Assessment.objects.get(case=case)
    assert assessment.version == 1
    rows = sorted((o.dimension.order, o.kind, o.text) for o in assessment.observations.all())
    assert rows == [
        (3, "risk", "Har delt en video."),
        (3, "risk", "Taler om hævn."),
        (6, "resource", "Tæt på sin mor."),
    ]


def test_a_second_version_keeps_the_first_and_shows_what_changed(coordinator_client, case):
    violence, family = _dimension(3), _dimension(6)
    url = reverse("cases:assessment_new", args=[case.pk])
    coordinator_client.post(
        url,
        _assessment_data(
            0,
            **{f"risk_{violence.key}": "Taler om hævn.", f"risk_{family.key}": "Konflikt hjemme."},
        ),
    )
    form = coordinator_client.get(url).text
    assert "Taler om hævn." in form  # the new version starts from the latest
    assert 'name="based_on_version" value="1"' in form

    coordinator_client.post(
        url,
        _assessment_data(
            1,
            **{
                f"risk_{violence.key}": "Har truet en lærer.",
                f"resource_{family.key}": "Konflikt hjemme.",
            },
        ),
    )

    assert list(Assessment.objects.filter(case=case).values_list("version", flat=True)) == [1, 2]
    assert Observation.objects.filter(assessment__version=1).count() == 2
    detail = coordinator_client.get(reverse("cases:detail", args=[case.pk])).text
    version_2 = coordinator_client.get(reverse("cases:assessment", args=[case.pk, 2])).text
    for html in (detail, version_2):
        assert "Har truet en lærer." in html
        assert "<del>Taler om hævn.</del>" in html
        assert "Konflikt hjemme." in html  # re-marked from risk to resource
    assert reverse("cases:assessment", args=[case.pk, 1]) in detail
    version_1 = coordinator_client.get(reverse("cases:assessment", args=[case.pk, 1])).text
    assert "Taler om hævn." in version_1


def test_an_assessment_added_meanwhile_keeps_the_input(coordinator_client, case, aarhus):
    AssessmentFactory.create(case=case)  # a colleague saved version 1 while we typed
    violence = _dimension(3)
    before = row_counts()

    response = coordinator_client.post(
        reverse("cases:assessment_new", args=[case.pk]),
        _assessment_data(0, **{f"risk_{violence.key}": "Min observation"}),
    )

    assert response.status_code == 200
    with translation.override("da"):
        assert escape(str(ConcurrentChangeError().messages[0])) in response.text
    assert "Min observation" in response.text
    assert 'name="based_on_version" value="1"' in response.text
    assert Assessment.objects.filter(case=case).count() == before["Assessment"]


def test_an_assessment_without_summary_is_refused(coordinator_client, case):
    response = coordinator_client.post(
        reverse("cases:assessment_new", args=[case.pk]),
        {"summary": "", "recommendation": "", "based_on_version": 0},
    )

    assert response.status_code == 200
    assert danish("Write a summary.") in response.text
    assert not Assessment.objects.exists()


def test_an_assessment_before_the_infohus_is_refused(coordinator_client, aarhus):
    early = CaseFactory.create(
        person=PersonFactory.create(municipality=aarhus), status=Status.RECEIVED
    )
    url = reverse("cases:assessment_new", args=[early.pk])

    page = coordinator_client.get(url)
    response = coordinator_client.post(url, _assessment_data(0))

    message = danish("This is recorded only after the screening sent the case to the infohus.")
    assert message in page.text and 'name="summary"' not in page.text
    assert message in response.text
    assert not Assessment.objects.exists()


def test_a_version_that_does_not_exist_is_a_404(coordinator_client, case):
    response = coordinator_client.get(reverse("cases:assessment", args=[case.pk, 7]))

    assert response.status_code == 404


# -- Measures --------------------------------------------------------------------------------


def _measure_data(case, **overrides) -> dict:
    data = {
        "measure_type": Measure.objects.get(key="mentor").pk,
        "owner": case.municipality_id,
        "legal_basis": LegalBasis.objects.get(key="sel-12b").pk,
        "responsible_person": "Mette Mentor",
        "start": days(0).isoformat(),
        "status": "active",
        "next_review": days(90).isoformat(),
    }
    data.update(overrides)
    return data


def test_a_measure_is_recorded(coordinator_client, case):
    response = coordinator_client.post(
        reverse("cases:measure_new", args=[case.pk]), _measure_data(case)
    )

    assert response.status_code == 302
    assert response.url == reverse("cases:detail", args=[case.pk]) + "#measures"
    measure = CaseMeasure.objects.get(case=case)
    assert (measure.responsible_person, measure.next_review) == ("Mette Mentor", days(90))
    assert AuditEvent.objects.filter(verb="measure.added").exists()


def test_the_owner_choices_fit_the_case(coordinator_client, case):
    html = coordinator_client.get(reverse("cases:measure_new", args=[case.pk])).text

    for name in (
        "Aarhus Kommune",
        case.police_district.name_da,
        "Kriminalforsorgen",
        "Politiets Efterretningstjeneste",
    ):
        assert escape(name) in html, name
    assert "Randers Kommune" not in html
    assert "Psykiatrien Region Hovedstaden" not in html


def test_an_owner_outside_the_choices_is_refused(coordinator_client, case, randers):
    response = coordinator_client.post(
        reverse("cases:measure_new", args=[case.pk]), _measure_data(case, owner=randers.pk)
    )

    assert response.status_code == 200
    assert not CaseMeasure.objects.exists()


def test_a_next_review_in_the_past_changes_nothing(coordinator_client, case):
    before = row_counts()

    response = coordinator_client.post(
        reverse("cases:measure_new", args=[case.pk]),
        _measure_data(case, next_review=days(-1).isoformat()),
    )

    assert response.status_code == 200
    assert danish("The next review cannot be in the past.") in response.text
    assert 'id="id_next_review_error"' in response.text
    assert 'aria-describedby="id_next_review_helptext id_next_review_error"' in response.text
    assert "Mette Mentor" in response.text  # what was typed is kept
    counts = row_counts()
    assert counts.pop("AuditEvent") == before.pop("AuditEvent") + 1  # the page view only
    assert counts == before


def test_an_end_before_the_start_is_refused(coordinator_client, case):
    response = coordinator_client.post(
        reverse("cases:measure_new", args=[case.pk]),
        _measure_data(case, end=days(-10).isoformat()),
    )

    assert danish("The end is before the start.") in response.text
    assert not CaseMeasure.objects.exists()


def test_a_bad_date_is_refused_without_a_500(coordinator_client, case):
    response = coordinator_client.post(
        reverse("cases:measure_new", args=[case.pk]), _measure_data(case, start="31-02-2024")
    )

    assert response.status_code == 200
    assert not CaseMeasure.objects.exists()


def test_a_review_is_recorded_with_the_next_review(coordinator_client, case):
    measure = CaseMeasureFactory.create(case=case)

    response = coordinator_client.post(
        reverse("cases:measure_review", args=[measure.pk]),
        {
            "reviewed_on": days(0).isoformat(),
            "note": "Mødes fast hver uge.",
            "status": "active",
            "next_review": days(180).isoformat(),
        },
    )

    assert response.status_code == 302
    review = MeasureReview.objects.get(measure=measure)
    assert review.note == "Mødes fast hver uge."
    measure.refresh_from_db()
    assert measure.next_review == days(180)
    detail = coordinator_client.get(response.url).text
    assert "Mødes fast hver uge." in detail


def test_a_review_in_the_future_is_refused(coordinator_client, case):
    measure = CaseMeasureFactory.create(case=case)

    response = coordinator_client.post(
        reverse("cases:measure_review", args=[measure.pk]),
        {"reviewed_on": days(3).isoformat(), "note": "Endnu ikke", "status": "active"},
    )

    assert response.status_code == 200
    assert danish("Record a review once it has been held.") in response.text
    assert not MeasureReview.objects.exists()


def test_completing_a_measure_ends_it(coordinator_client, case):
    measure = CaseMeasureFactory.create(case=case, start=days(-30))

    coordinator_client.post(
        reverse("cases:measure_review", args=[measure.pk]),
        {"reviewed_on": days(0).isoformat(), "note": "Afsluttet", "status": "completed"},
    )

    measure.refresh_from_db()
    assert (measure.status, measure.end, measure.next_review) == ("completed", days(0), None)


def test_a_measure_of_a_closed_case_cannot_be_reviewed(coordinator_client, case):
    measure = CaseMeasureFactory.create(case=case)
    type(case).objects.filter(pk=case.pk).update(status=Status.CLOSED)

    response = coordinator_client.post(
        reverse("cases:measure_review", args=[measure.pk]),
        {"reviewed_on": days(0).isoformat(), "note": "x", "status": "active"},
    )

    assert response.status_code == 200
    assert 'role="alert"' in response.text
    assert not MeasureReview.objects.exists()
