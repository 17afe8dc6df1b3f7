import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils import translation

from forebyg.accounts.models import Role
from forebyg.accounts.tests.factories import UserFactory
from forebyg.actors.models import Organisation
from forebyg.cases import permissions
from forebyg.cases.tests.factories import CaseFactory, CaseMeasureFactory, PersonFactory
from forebyg.cases.tests.helpers import report, upload

pytestmark = pytest.mark.django_db

EVERYONE = [
    "professional",
    "municipal_coordinator",
    "other_coordinator",
    "police_coordinator",
    "partner",
    "hotline_operator",
    "plan_owner",
    "analyst",
    "dpo",
    "administrator",
]
# Who sees a case's content, by the case's municipality (Aarhus and Randers are both in
# Østjyllands Politi's district; Copenhagen is not).
SEES = {
    "aarhus": {"municipal_coordinator", "police_coordinator"},
    "randers": {"other_coordinator", "police_coordinator"},
    "copenhagen": set(),
}


def case_in(request, place):
    return CaseFactory.create(
        person=PersonFactory.create(municipality=request.getfixturevalue(place))
    )


@pytest.mark.parametrize("place", list(SEES))
@pytest.mark.parametrize("persona", EVERYONE)
def test_who_sees_a_case(request, persona, place):
    user = request.getfixturevalue(persona)
    case = case_in(request, place)

    if persona in SEES[place]:
        assert permissions.get_case_for_view(user, case.pk) == case
        assert permissions.get_case_for_change(user, case.pk) == case
        assert permissions.can_view_case(user, case)
    else:
        with pytest.raises(Http404):
            permissions.get_case_for_view(user, case.pk)
        with pytest.raises(Http404):
            permissions.get_case_for_change(user, case.reference)
        assert not permissions.can_view_case(user, case)


def test_a_case_is_found_by_its_reference_as_typed(municipal_coordinator):
    case = CaseFactory.create()
    typed = " " + case.reference.lower().replace("-", "- ") + " "

    assert permissions.get_case_for_view(municipal_coordinator, typed) == case
    assert permissions.get_case_for_view(municipal_coordinator, str(case.pk)) == case


def test_a_missing_case_is_a_404(municipal_coordinator):
    with pytest.raises(Http404):
        permissions.get_case_for_view(municipal_coordinator, 999999)
    with pytest.raises(Http404):
        permissions.get_case_for_view(municipal_coordinator, "FB-NOPE-NOPE")


def test_an_infohus_membership_counts_as_the_police_district(db):
    infohus = Organisation.objects.get(kind="infohouse", parent__key="oestjyllands-politi")
    user = UserFactory.create(username="infohus", memberships=[(infohus, Role.POLICE_COORDINATOR)])

    assert permissions.get_case_for_view(user, CaseFactory.create().pk)


def test_an_inactive_coordinator_sees_nothing(municipal_coordinator):
    municipal_coordinator.is_active = False

    with pytest.raises(Http404):
        permissions.get_case_for_view(municipal_coordinator, CaseFactory.create().pk)


def test_anonymous_sees_nothing(db):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(Http404):
        permissions.get_case_for_view(AnonymousUser(), CaseFactory.create().pk)
    with pytest.raises(Http404):
        permissions.get_concern_status_for_reporter(AnonymousUser(), "BH-AAAA-AAAA")


def test_a_reporter_sees_the_status_of_their_own_report_only(
    professional, aarhus_school, municipal_coordinator, aarhus
):
    concern = report(professional, aarhus)
    colleague = UserFactory.create(
        username="kollega", memberships=[(aarhus_school, Role.PROFESSIONAL)]
    )

    status = permissions.get_concern_status_for_reporter(
        professional, concern.reporter_reference.lower()
    )

    assert (status.reference, status.status) == (concern.reporter_reference, "received")
    with translation.override("en"):
        assert status.status_label == "Received"
    assert not hasattr(status, "case")
    for outsider in (colleague, municipal_coordinator):
        with pytest.raises(Http404):
            permissions.get_concern_status_for_reporter(outsider, concern.reporter_reference)
    with pytest.raises(Http404):  # the case reference is not the reporter's handle
        permissions.get_concern_status_for_reporter(professional, concern.case.reference)


def test_a_professional_never_sees_the_case_they_reported(professional, aarhus):
    concern = report(professional, aarhus)

    with pytest.raises(Http404):
        permissions.get_case_for_view(professional, concern.case.pk)


def test_an_attachment_follows_its_case(
    professional, municipal_coordinator, other_coordinator, aarhus
):
    attachment = report(professional, aarhus, attachments=[upload()]).attachments.get()

    assert permissions.get_attachment_for_download(municipal_coordinator, attachment.pk)
    for outsider in (other_coordinator, professional):
        with pytest.raises(Http404):
            permissions.get_attachment_for_download(outsider, attachment.pk)


def test_people_and_measures_follow_their_cases(municipal_coordinator, other_coordinator):
    measure = CaseMeasureFactory.create(case=CaseFactory.create(status="follow_up"))
    person = measure.case.person

    assert permissions.get_person_for_view(municipal_coordinator, person.pk) == person
    assert permissions.get_measure_for_change(municipal_coordinator, measure.pk) == measure
    with pytest.raises(Http404):
        permissions.get_person_for_view(other_coordinator, person.pk)
    with pytest.raises(Http404):
        permissions.get_measure_for_change(other_coordinator, measure.pk)


def test_the_status_form_offers_only_what_the_user_may_do(
    municipal_coordinator, police_coordinator, analyst
):
    received, screening = (
        CaseFactory.create(status="received"),
        CaseFactory.create(status="screening"),
    )

    assert permissions.allowed_targets(municipal_coordinator, received) == ["screening"]
    assert permissions.allowed_targets(municipal_coordinator, screening) == []
    assert permissions.allowed_targets(police_coordinator, screening) == [
        "police_only",
        "unfounded",
        "signposted",
        "information_gathering",
    ]
    assert permissions.allowed_targets(analyst, received) == []
    assert (
        permissions.allowed_targets(municipal_coordinator, CaseFactory.create(status="closed"))
        == []
    )


def test_a_read_only_viewer_gets_a_403_from_the_change_fetcher(municipal_coordinator, monkeypatch):
    case = CaseFactory.create()
    monkeypatch.setattr(permissions, "can_change_case", lambda user, case: False)

    with pytest.raises(PermissionDenied):
        permissions.get_case_for_change(municipal_coordinator, case.pk)


@pytest.mark.parametrize(
    ("persona", "sources"),
    [
        ("professional", ["professional"]),
        ("hotline_operator", ["hotline"]),
        ("municipal_coordinator", ["professional", "citizen", "police", "coordinator"]),
        ("police_coordinator", ["professional", "citizen", "police", "coordinator"]),
        ("partner", []),
        ("analyst", []),
        ("plan_owner", []),
        ("administrator", []),
        ("dpo", []),
    ],
)
def test_who_records_concerns_from_which_sources(request, persona, sources):
    user = request.getfixturevalue(persona)

    assert permissions.concern_sources(user) == sources
    assert permissions.can_report_concern(user) is bool(sources)
    assert permissions.can_record_hotline_call(user) is (persona == "hotline_operator")
