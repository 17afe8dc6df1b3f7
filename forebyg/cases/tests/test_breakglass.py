"""Break-glass services and permissions: a coordinator reads one out-of-scope case for a limited
time with a written reason, never changes it, is logged, and the DPOs are told."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils import timezone

from forebyg.accounts.models import Membership, Role
from forebyg.accounts.tests.factories import UserFactory
from forebyg.audit.models import AuditEvent
from forebyg.cases import breakglass, permissions, services
from forebyg.cases.models import BreakGlassGrant, BreakGlassNotice
from forebyg.cases.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

REASON = "Akut henvendelse fra politiet om mulig trussel i aften"


@pytest.fixture
def aarhus_case():
    return CaseFactory.create()


@pytest.fixture
def randers_dpo(randers):
    return UserFactory.create(
        username="dpo-randers", memberships=[(randers, Role.DATA_PROTECTION_OFFICER)]
    )


def _grant(user, case, reason=REASON):
    return breakglass.grant_access(by=user, reference=case.reference, reason=reason)


def test_a_grant_lets_an_out_of_scope_coordinator_read_the_case_for_the_set_time(
    other_coordinator, aarhus_case, settings
):
    settings.FOREBYG_BREAK_GLASS_MINUTES = 15
    with pytest.raises(Http404):
        permissions.get_case_for_view(other_coordinator, aarhus_case.pk)

    grant = _grant(other_coordinator, aarhus_case)

    assert permissions.get_case_for_view(other_coordinator, aarhus_case.pk) == aarhus_case
    assert permissions.get_case_for_view(other_coordinator, aarhus_case.reference) == aarhus_case
    minutes = (grant.expires_at - grant.granted_at) / datetime.timedelta(minutes=1)
    assert minutes == 15
    assert grant.organisation.key == "randers-kommune"


def test_a_grant_never_allows_a_change(other_coordinator, aarhus_case):
    _grant(other_coordinator, aarhus_case)

    assert permissions.can_view_case(other_coordinator, aarhus_case)
    assert not permissions.can_change_case(other_coordinator, aarhus_case)
    assert permissions.allowed_targets(other_coordinator, aarhus_case) == []
    with pytest.raises(PermissionDenied):
        permissions.get_case_for_change(other_coordinator, aarhus_case.pk)


def test_a_grant_covers_that_case_only(other_coordinator, aarhus_case):
    other_case = CaseFactory.create()
    _grant(other_coordinator, aarhus_case)

    with pytest.raises(Http404):
        permissions.get_case_for_view(other_coordinator, other_case.pk)
    with pytest.raises(Http404):
        permissions.get_person_for_view(other_coordinator, aarhus_case.person_id)


def test_granting_is_audited_without_the_reason(other_coordinator, aarhus_case):
    grant = _grant(other_coordinator, aarhus_case)

    event = AuditEvent.objects.get(verb="break_glass.granted")
    assert event.actor == other_coordinator
    assert event.target_id == str(grant.pk)
    assert event.purpose == f"break-glass: {grant.pk}"
    after = event.after or {}
    assert after["case"] == aarhus_case.reference
    assert REASON not in str(after)


def test_a_read_under_a_grant_is_logged_with_the_grant_as_purpose(other_coordinator, aarhus_case):
    grant = _grant(other_coordinator, aarhus_case)

    services.record_case_view(aarhus_case, by=other_coordinator, purpose="case_handling")

    event = AuditEvent.objects.get(verb="case.viewed")
    assert event.purpose == f"break-glass: {grant.pk}"


def test_a_read_in_scope_keeps_its_own_purpose(municipal_coordinator, aarhus_case):
    services.record_case_view(aarhus_case, by=municipal_coordinator, purpose="case_handling")

    assert AuditEvent.objects.get(verb="case.viewed").purpose == "case_handling"


def test_the_grant_expires_on_the_next_request(other_coordinator, aarhus_case):
    grant = _grant(other_coordinator, aarhus_case)
    BreakGlassGrant.objects.filter(pk=grant.pk).update(
        expires_at=timezone.now() - datetime.timedelta(seconds=1)
    )

    with pytest.raises(Http404):
        permissions.get_case_for_view(other_coordinator, aarhus_case.pk)
    assert not permissions.can_view_case(other_coordinator, aarhus_case)
    assert list(breakglass.active_grants(other_coordinator)) == []


def test_losing_the_coordinator_role_ends_the_access_at_once(other_coordinator, aarhus_case):
    _grant(other_coordinator, aarhus_case)
    Membership.objects.filter(user=other_coordinator).delete()
    other_coordinator._active_memberships = None  # a new request fetches the user anew

    with pytest.raises(Http404):
        permissions.get_case_for_view(other_coordinator, aarhus_case.pk)


def test_a_double_submit_grants_once(other_coordinator, aarhus_case):
    first = _grant(other_coordinator, aarhus_case)
    second = _grant(other_coordinator, aarhus_case)

    assert first == second
    assert BreakGlassGrant.objects.count() == 1
    assert AuditEvent.objects.filter(verb="break_glass.granted").count() == 1


def test_a_police_coordinator_may_break_glass_outside_the_district(police_coordinator):
    copenhagen_case = CaseFactory.create(
        person__municipality=permissions.Organisation.objects.get(kind="municipality", code="101")
    )

    _grant(police_coordinator, copenhagen_case)

    assert permissions.get_case_for_view(police_coordinator, copenhagen_case.pk) == copenhagen_case


@pytest.mark.parametrize(
    ("reference", "reason", "field"),
    [
        ("", REASON, "reference"),
        ("X" * 21, REASON, "reference"),
        (None, "", "reason"),
        (None, "   ", "reason"),
        (None, "for kort", "reason"),
        (None, "x" * 1001, "reason"),
    ],
)
def test_bad_input_grants_nothing(other_coordinator, aarhus_case, reference, reason, field):
    with pytest.raises(ValidationError) as refused:
        breakglass.grant_access(
            by=other_coordinator,
            reference=aarhus_case.reference if reference is None else reference,
            reason=reason,
        )

    assert list(refused.value.error_dict) == [field]
    assert BreakGlassGrant.objects.count() == 0
    assert not AuditEvent.objects.filter(verb="break_glass.granted").exists()


def test_an_unknown_reference_is_refused_and_logged(other_coordinator):
    with pytest.raises(ValidationError) as refused:
        breakglass.grant_access(by=other_coordinator, reference="fb-zzzz-zzzz", reason=REASON)

    assert refused.value.error_dict["reference"][0].code == "no_case"
    event = AuditEvent.objects.get(verb="break_glass.refused")
    assert event.after == {"typed": "FB-ZZZZ-ZZZZ"}
    assert BreakGlassGrant.objects.count() == 0


def test_a_case_in_scope_needs_no_grant(municipal_coordinator, aarhus_case):
    with pytest.raises(ValidationError):
        _grant(municipal_coordinator, aarhus_case)

    assert BreakGlassGrant.objects.count() == 0


@pytest.mark.parametrize("persona", ["professional", "dpo", "administrator", "analyst", "partner"])
def test_only_coordinators_may_break_glass(request, persona, aarhus_case):
    with pytest.raises(PermissionDenied):
        _grant(request.getfixturevalue(persona), aarhus_case)


def test_the_dpos_of_both_organisations_are_told_by_notice_and_mail(
    other_coordinator,
    aarhus_case,
    dpo,
    randers_dpo,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        grant = _grant(other_coordinator, aarhus_case)

    recipients = set(BreakGlassNotice.objects.values_list("recipient__username", flat=True))
    assert recipients == {"dpo", "dpo-randers"}
    assert len(mailoutbox) == 1
    assert sorted(mailoutbox[0].to) == sorted([dpo.email, randers_dpo.email])
    assert aarhus_case.reference in mailoutbox[0].subject
    assert REASON not in mailoutbox[0].body  # the reason stays in Forebyg
    assert grant.notices.count() == 2


def test_no_mail_goes_before_the_grant_is_committed(
    other_coordinator, aarhus_case, dpo, mailoutbox, django_capture_on_commit_callbacks
):
    dpo.email = ""
    dpo.save(update_fields=["email"])
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        _grant(other_coordinator, aarhus_case)

    assert callbacks == []
    assert mailoutbox == []
    assert BreakGlassNotice.objects.filter(recipient=dpo).exists()


def test_ending_early_closes_the_case_again_and_is_audited(other_coordinator, aarhus_case):
    grant = _grant(other_coordinator, aarhus_case)

    breakglass.end_access(grant, by=other_coordinator)
    breakglass.end_access(grant, by=other_coordinator)  # twice: one event

    with pytest.raises(Http404):
        permissions.get_case_for_view(other_coordinator, aarhus_case.pk)
    assert AuditEvent.objects.filter(verb="break_glass.ended").count() == 1


def test_nobody_ends_someone_elses_grant(other_coordinator, police_coordinator, aarhus_case):
    grant = _grant(other_coordinator, aarhus_case)

    with pytest.raises(PermissionDenied):
        breakglass.end_access(grant, by=police_coordinator)
    grant.refresh_from_db()
    assert grant.ended_at is None


def test_the_reason_is_encrypted_at_rest(other_coordinator, aarhus_case):
    from forebyg.cases.tests.helpers import raw_column

    grant = _grant(other_coordinator, aarhus_case)

    assert REASON not in raw_column(BreakGlassGrant, "reason", grant.pk)
