"""Break-glass pages end to end: the request form, the banner on every page, ending early, the
rate limit, and the DPO's notices page."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from forebyg.audit.models import AuditEvent
from forebyg.cases.models import BreakGlassGrant, BreakGlassNotice
from forebyg.cases.tests.factories import CaseFactory

pytestmark = pytest.mark.django_db

FORM = reverse("cases:break_glass")
NOTICES = reverse("cases:break_glass_notices")
REASON = "Akut henvendelse fra politiet om mulig trussel i aften"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def aarhus_case():
    return CaseFactory.create()


@pytest.fixture
def randers_client(client, other_coordinator):
    client.force_login(other_coordinator)
    return client


def _post(client, reference, reason=REASON):
    return client.post(FORM, {"reference": reference, "reason": reason})


def _banner(grant) -> str:
    local = timezone.localtime(grant.expires_at)
    return gettext("Emergency access to case %(reference)s ends at %(time)s") % {
        "reference": grant.case.reference,
        "time": local.strftime("%H:%M"),
    }


def test_a_granted_coordinator_is_sent_to_the_case_and_reads_it(randers_client, aarhus_case):
    response = _post(randers_client, aarhus_case.reference.lower())

    assert response.status_code == 302
    assert response["Location"] == reverse("cases:detail", args=[aarhus_case.pk])
    page = randers_client.get(response["Location"])
    assert page.status_code == 200
    assert page.context["can_change"] is False
    grant = BreakGlassGrant.objects.get()
    assert AuditEvent.objects.get(verb="case.viewed").purpose == f"break-glass: {grant.pk}"


def test_a_change_under_a_grant_is_refused_as_read_only(randers_client, aarhus_case):
    _post(randers_client, aarhus_case.reference)

    response = randers_client.post(
        reverse("cases:status", args=[aarhus_case.pk]), {"to_status": "screening"}
    )

    assert response.status_code == 403
    aarhus_case.refresh_from_db()
    assert aarhus_case.version == 1


def test_the_banner_shows_on_every_page_while_the_grant_runs(randers_client, aarhus_case):
    _post(randers_client, aarhus_case.reference)
    grant = BreakGlassGrant.objects.get()

    with translation.override("da"):
        for url in (reverse("prevention:home"), reverse("cases:dashboard"), FORM):
            page = randers_client.get(url, HTTP_ACCEPT_LANGUAGE="da")
            assert _banner(grant) in page.content.decode(), url
            assert reverse("cases:break_glass_end", args=[grant.pk]) in page.content.decode()


def test_ending_early_removes_the_banner_and_the_access(randers_client, aarhus_case):
    _post(randers_client, aarhus_case.reference)
    grant = BreakGlassGrant.objects.get()

    response = randers_client.post(reverse("cases:break_glass_end", args=[grant.pk]))

    assert response.status_code == 302
    home = randers_client.get(reverse("prevention:home"))
    assert reverse("cases:break_glass_end", args=[grant.pk]) not in home.content.decode()
    detail = randers_client.get(reverse("cases:detail", args=[aarhus_case.pk]))
    assert detail.status_code == 404
    assert AuditEvent.objects.filter(verb="break_glass.ended").count() == 1


def test_an_expired_grant_gives_404_and_no_banner(randers_client, aarhus_case):
    _post(randers_client, aarhus_case.reference)
    grant = BreakGlassGrant.objects.get()
    BreakGlassGrant.objects.update(expires_at=timezone.now() - datetime.timedelta(seconds=1))

    assert randers_client.get(reverse("cases:detail", args=[aarhus_case.pk])).status_code == 404
    home = randers_client.get(reverse("prevention:home"))
    assert reverse("cases:break_glass_end", args=[grant.pk]) not in home.content.decode()


def test_nobody_ends_someone_elses_grant(client, randers_client, aarhus_case, police_coordinator):
    _post(randers_client, aarhus_case.reference)
    grant = BreakGlassGrant.objects.get()
    client.force_login(police_coordinator)

    response = client.post(reverse("cases:break_glass_end", args=[grant.pk]))

    assert response.status_code == 404
    grant.refresh_from_db()
    assert grant.ended_at is None


def test_an_unknown_and_an_out_of_scope_reference_look_the_same_before_a_grant(
    randers_client, aarhus_case
):
    # With a reason too short, nothing is looked up: the answers are the same for both.
    unknown = _post(randers_client, "FB-ZZZZ-ZZZZ", reason="kort")
    existing = _post(randers_client, aarhus_case.reference, reason="kort")

    assert unknown.status_code == existing.status_code == 200
    assert unknown.context["form"].errors == existing.context["form"].errors
    assert list(existing.context["form"].errors) == ["reason"]
    assert BreakGlassGrant.objects.count() == 0


def test_an_unknown_reference_shows_an_error_and_keeps_the_input(randers_client):
    response = _post(randers_client, "FB-ZZZZ-ZZZZ")

    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["reference"]
    assert REASON in response.content.decode()
    assert AuditEvent.objects.filter(verb="break_glass.refused").count() == 1


@pytest.mark.parametrize(
    ("reference", "reason", "field"),
    [("", REASON, "reference"), ("F" * 21, REASON, "reference"), ("X", "", "reason")],
)
def test_bad_input_gives_a_clear_message_and_no_grant(randers_client, reference, reason, field):
    response = _post(randers_client, reference, reason)

    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert BreakGlassGrant.objects.count() == 0


def test_a_double_submit_grants_once(randers_client, aarhus_case):
    first = _post(randers_client, aarhus_case.reference)
    second = _post(randers_client, aarhus_case.reference)

    assert first["Location"] == second["Location"]
    assert BreakGlassGrant.objects.count() == 1


def test_the_form_is_rate_limited(randers_client, settings):
    settings.FOREBYG_RATE_LIMITS = {
        **settings.FOREBYG_RATE_LIMITS,
        "break_glass": {"user": 2, "organisation": 10, "window": 3600},
    }

    answers = [_post(randers_client, f"FB-ZZZZ-ZZZ{n}").status_code for n in range(3)]

    assert answers == [200, 200, 429]
    assert AuditEvent.objects.filter(verb="break_glass.refused").count() == 2


@pytest.mark.parametrize(
    "persona", ["professional", "partner", "hotline_operator", "analyst", "dpo", "administrator"]
)
def test_the_form_is_404_for_anyone_but_coordinators(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(FORM).status_code == 404
    assert client.post(FORM, {"reference": "FB-ZZZZ-ZZZZ", "reason": REASON}).status_code == 404


def test_the_dpo_sees_the_notice_with_the_reason(
    client, randers_client, aarhus_case, dpo, django_assert_max_num_queries
):
    _post(randers_client, aarhus_case.reference)
    _post(randers_client, CaseFactory.create().reference)
    client.force_login(dpo)

    with django_assert_max_num_queries(12):
        response = client.get(NOTICES)

    assert response.status_code == 200
    assert len(response.context["notices"]) == 2
    assert REASON in response.content.decode()
    assert not BreakGlassNotice.objects.filter(recipient=dpo, seen_at__isnull=True).exists()
    assert AuditEvent.objects.filter(verb="break_glass.reviewed", actor=dpo).count() == 1


@pytest.mark.parametrize("persona", ["municipal_coordinator", "administrator", "analyst"])
def test_the_notices_page_is_404_for_anyone_but_dpos(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(NOTICES).status_code == 404
