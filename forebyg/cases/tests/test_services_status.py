from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from forebyg.audit.models import AuditEvent
from forebyg.cases import permissions, services
from forebyg.cases.models import Case, StatusChange
from forebyg.cases.tests.factories import AssessmentFactory, CaseFactory, CaseMeasureFactory
from forebyg.cases.tests.helpers import move, report, row_counts, upload
from forebyg.prevention.models import ExtremismCategory, PreventionLevel, WarningSign

pytestmark = pytest.mark.django_db

CLOSE = {"closed": {"closure_reason": "concern_dispelled", "closure_outcome": "improved"}}


def test_a_coordinator_sends_a_concern_to_screening(municipal_coordinator, aarhus):
    case = CaseFactory.create(status="received")

    case = services.change_status(
        case, to="screening", by=municipal_coordinator, expected_version=1, note="Til politiet"
    )

    case.refresh_from_db()
    assert case.status == "screening" and case.version == 2
    step = StatusChange.objects.get(case=case)
    assert (step.from_status, step.to_status, step.note) == (
        "received",
        "screening",
        "Til politiet",
    )
    event = AuditEvent.objects.get(verb="case.status_changed")
    assert event.before == {"status": "received"}
    assert event.after == {"status": "screening"}
    assert event.organisation == aarhus


@pytest.mark.parametrize(
    ("status", "target"),
    [("received", "closed"), ("received", "analysis"), ("follow_up", "analysis"), ("x", "y")],
)
def test_a_move_not_in_the_table_is_refused_and_nothing_changes(
    municipal_coordinator, status, target
):
    case = CaseFactory.create(status=status)
    counts = row_counts()

    with pytest.raises(ValidationError) as caught:
        services.change_status(case, to=target, by=municipal_coordinator, expected_version=1)

    assert "to" in caught.value.message_dict
    assert row_counts() == counts
    assert Case.objects.get(pk=case.pk).status == status


def test_only_a_police_coordinator_records_the_screening(municipal_coordinator, police_coordinator):
    case = CaseFactory.create(status="screening")

    with pytest.raises(PermissionDenied):
        services.change_status(
            case, to="information_gathering", by=municipal_coordinator, expected_version=1
        )
    with pytest.raises(PermissionDenied):
        services.record_screening(
            case, outcome="unfounded", by=municipal_coordinator, expected_version=1
        )

    case = services.record_screening(
        case, outcome="information_gathering", by=police_coordinator, expected_version=1
    )
    assert case.status == "information_gathering"
    assert case.screening_outcome == "information_gathering" and case.screened_at


def test_change_status_from_screening_is_the_screening(police_coordinator):
    case = CaseFactory.create(status="screening")

    case = services.change_status(case, to="unfounded", by=police_coordinator, expected_version=1)

    assert case.status == "unfounded" and case.screening_outcome == "unfounded"
    assert case.closed_at is not None


def test_a_police_coordinator_of_another_district_cannot_screen(copenhagen_coordinator):
    case = CaseFactory.create(status="screening")

    with pytest.raises(PermissionDenied):
        services.record_screening(
            case, outcome="unfounded", by=copenhagen_coordinator, expected_version=1
        )


def test_screening_a_case_that_is_not_in_screening_is_refused(police_coordinator):
    case = CaseFactory.create(status="received")

    with pytest.raises(ValidationError) as caught:
        services.record_screening(
            case, outcome="unfounded", by=police_coordinator, expected_version=1
        )
    assert "outcome" in caught.value.message_dict


def test_an_unknown_screening_outcome_is_refused(police_coordinator):
    case = CaseFactory.create(status="screening")

    with pytest.raises(ValidationError) as caught:
        services.record_screening(case, outcome="closed", by=police_coordinator, expected_version=1)
    assert "outcome" in caught.value.message_dict


def test_police_alone_keeps_only_a_stub(
    professional,
    municipal_coordinator,
    police_coordinator,
    aarhus,
    django_capture_on_commit_callbacks,
):
    concern = report(
        professional, aarhus, signs=WarningSign.objects.all()[:2], attachments=[upload()]
    )
    stored = Path(settings.MEDIA_ROOT) / concern.attachments.get().file.name
    case = move(concern.case, municipal_coordinator, "screening")

    with django_capture_on_commit_callbacks(execute=True):
        case = services.record_screening(
            case, outcome="police_only", by=police_coordinator, expected_version=case.version
        )

    concern.refresh_from_db()
    assert case.status == "police_only" and case.is_stub and case.closed_at
    assert concern.description == "" and concern.reporter_contact == ""
    assert not concern.signs.exists() and not concern.attachments.exists()
    assert not stored.exists()
    assert not StatusChange.objects.filter(case=case).exclude(note="").exists()
    event = AuditEvent.objects.get(verb="case.content_removed")
    assert event.after is not None
    assert event.after["removed"]["attachments"] == 1
    assert event.after["removed"]["signs"] == 2
    # The stub: reference, dates, outcome; and the reporter still learns it is concluded.
    assert case.reference and case.opened_at and case.screening_outcome == "police_only"
    status = permissions.get_concern_status_for_reporter(professional, concern.reporter_reference)
    assert status.status == "concluded"


def test_police_alone_takes_no_note_into_the_shared_case(police_coordinator):
    case = CaseFactory.create(status="screening")

    with pytest.raises(ValidationError) as caught:
        services.record_screening(
            case, outcome="police_only", by=police_coordinator, expected_version=1, note="PET"
        )
    assert "note" in caught.value.message_dict


def test_the_whole_flow_to_closed(municipal_coordinator, police_coordinator):
    case = CaseFactory.create()

    case = move(
        case,
        municipal_coordinator,
        "screening",
        "information_gathering",
        "analysis",
        "information_gathering",
        "analysis",
        "assessment",
        "follow_up",
        "closed",
        police=police_coordinator,
        **CLOSE,
    )

    assert case.status == "closed" and case.closed_at
    assert (case.closure_reason, case.closure_outcome) == ("concern_dispelled", "improved")
    assert case.status_changes.count() == 8


@pytest.mark.parametrize(
    ("reason", "outcome", "fields"),
    [
        ("", "", {"closure_reason", "closure_outcome"}),
        ("moved", "", {"closure_outcome"}),
        ("", "improved", {"closure_reason"}),
        ("bogus", "improved", {"closure_reason"}),
    ],
)
def test_closing_needs_a_reason_and_an_outcome(municipal_coordinator, reason, outcome, fields):
    case = CaseFactory.create(status="follow_up")

    with pytest.raises(ValidationError) as caught:
        services.change_status(
            case,
            to="closed",
            by=municipal_coordinator,
            expected_version=1,
            closure_reason=reason,
            closure_outcome=outcome,
        )
    assert set(caught.value.message_dict) == fields
    assert Case.objects.get(pk=case.pk).status == "follow_up"


@pytest.mark.parametrize("status", ["closed", "unfounded", "signposted", "police_only"])
def test_a_closed_case_cannot_be_changed(municipal_coordinator, status):
    case = CaseFactory.create(status=status)
    counts = row_counts()

    with pytest.raises(ValidationError) as caught:
        services.change_status(case, to="analysis", by=municipal_coordinator, expected_version=1)
    assert caught.value.code == "case_closed"
    with pytest.raises(ValidationError):
        services.classify_case(
            case,
            by=municipal_coordinator,
            expected_version=1,
            category=None,
            level=None,
            acute=True,
        )
    assert row_counts() == counts


def test_a_stale_version_is_a_concurrent_change_and_saves_nothing(municipal_coordinator):
    case = CaseFactory.create(status="analysis")
    loaded_by_both = case.version
    services.change_status(
        case, to="assessment", by=municipal_coordinator, expected_version=loaded_by_both
    )
    counts = row_counts()

    with pytest.raises(services.ConcurrentChangeError) as caught:
        services.change_status(
            case,
            to="information_gathering",
            by=municipal_coordinator,
            expected_version=loaded_by_both,
            note="Mere information",
        )

    assert isinstance(caught.value, ValidationError)
    with translation.override("en"):
        assert "Someone else changed this case" in str(caught.value)
    assert row_counts() == counts
    assert Case.objects.get(pk=case.pk).status == "assessment"


def test_a_coordinator_of_another_municipality_cannot_change_the_case(other_coordinator):
    case = CaseFactory.create(status="received")

    with pytest.raises(PermissionDenied):
        services.change_status(case, to="screening", by=other_coordinator, expected_version=1)


def test_classifying_a_case(municipal_coordinator):
    case = CaseFactory.create(status="analysis")
    category = ExtremismCategory.objects.get(key="unclear")
    level = PreventionLevel.objects.get(key="anticipatory")

    case = services.classify_case(
        case,
        by=municipal_coordinator,
        expected_version=1,
        category=category,
        level=level,
        acute=True,
    )

    assert (case.category, case.level, case.acute, case.version) == (category, level, True, 2)
    event = AuditEvent.objects.get(verb="case.classified")
    assert event.after == {"category": category.pk, "level": level.pk, "acute": True}


def test_an_over_long_note_is_refused(municipal_coordinator):
    case = CaseFactory.create(status="received")

    with pytest.raises(ValidationError) as caught:
        services.change_status(
            case, to="screening", by=municipal_coordinator, expected_version=1, note="x" * 2001
        )
    assert "note" in caught.value.message_dict


def test_factories_build_assessments_and_measures_on_one_case():
    case = CaseFactory.create(status="follow_up")
    AssessmentFactory.create(case=case)
    CaseMeasureFactory.create(case=case)

    assert case.assessments.count() == 1 and case.measures.count() == 1
