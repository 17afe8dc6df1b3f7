"""The DPO's retention pages: scoped to the DPO's own municipality (anyone else 404), bad input
shown and nothing changed, the approval needs a fresh login and a second person."""

import time

import pytest
from django.urls import reverse

from forebyg.accounts import sessions
from forebyg.audit.models import AuditEvent
from forebyg.retention import services
from forebyg.retention.models import PurgeRun, RetentionPeriod, RunStatus
from forebyg.retention.periods import DEFAULTS
from forebyg.retention.tests.factories import closed_case, second_dpo

pytestmark = pytest.mark.django_db


def test_home_sends_a_dpo_to_their_municipality(client, dpo, aarhus):
    client.force_login(dpo)

    response = client.get(reverse("retention:home"))

    assert response.url == reverse("retention:periods", args=[aarhus.pk])


def test_the_periods_page_shows_defaults_with_their_reasons(client, dpo, aarhus):
    client.force_login(dpo)

    response = client.get(reverse("retention:periods", args=[aarhus.pk]))

    assert response.status_code == 200
    assert str(DEFAULTS["unfounded"].reason) in response.text
    assert "<td>60</td>" in response.text  # closed with measures: five years


@pytest.mark.parametrize("url_name", ["retention:periods", "retention:runs"])
def test_another_municipality_or_role_gets_404(
    client, dpo, municipal_coordinator, randers, aarhus, url_name
):
    client.force_login(dpo)
    assert client.get(reverse(url_name, args=[randers.pk])).status_code == 404
    client.force_login(municipal_coordinator)
    assert client.get(reverse(url_name, args=[aarhus.pk])).status_code == 404


def test_setting_a_period_through_the_page(client, dpo, aarhus):
    client.force_login(dpo)

    response = client.post(
        reverse("retention:periods", args=[aarhus.pk]), {"outcome": "unfounded", "months": "3"}
    )

    assert response.status_code == 302
    assert RetentionPeriod.objects.get(organisation=aarhus).months == 3
    assert AuditEvent.objects.filter(verb="retention.period_set", actor=dpo).exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"outcome": "unfounded", "months": "-1"}, "0 months or more"),
        ({"outcome": "unfounded", "months": "121"}, "at most 120"),
        ({"outcome": "unfounded", "months": "seks"}, "whole number"),
        ({"outcome": "unfounded", "months": ""}, "number of months"),
        ({"outcome": "forever", "months": "3"}, "Choose how the case ended"),
        ({"outcome": "unfounded", "legal_basis": "99999", "months": "3"}, "legal basis"),
        ({"outcome": "unfounded", "months": "3\x00"}, ""),
    ],
)
def test_bad_input_on_the_periods_form_changes_nothing(client, dpo, aarhus, data, message):
    client.force_login(dpo)

    response = client.post(
        reverse("retention:periods", args=[aarhus.pk]), data, HTTP_ACCEPT_LANGUAGE="en"
    )

    assert response.status_code == 400
    assert message in response.text
    assert not RetentionPeriod.objects.exists()
    assert not AuditEvent.objects.filter(verb__startswith="retention.period").exists()


def test_clearing_with_a_bad_legal_basis_changes_nothing(client, dpo, aarhus):
    services.set_period(aarhus, by=dpo, outcome="unfounded", legal_basis=None, months=3)
    client.force_login(dpo)

    response = client.post(
        reverse("retention:periods", args=[aarhus.pk]),
        {"clear": "1", "outcome": "unfounded", "legal_basis": "x"},
    )

    assert response.status_code == 400
    assert RetentionPeriod.objects.count() == 1


def test_a_dpo_makes_a_report_and_sees_its_case_references(client, dpo, aarhus):
    case = closed_case()
    client.force_login(dpo)

    client.post(reverse("retention:runs", args=[aarhus.pk]))
    response = client.get(reverse("retention:runs", args=[aarhus.pk]))

    run = PurgeRun.objects.get()
    assert run.created_by == dpo
    assert case.reference in response.text
    assert case.person.name not in response.text
    assert AuditEvent.objects.filter(verb="retention.reports_viewed").exists()


def _approve(client, organisation, run):
    return client.post(
        reverse("retention:approve", args=[organisation.pk]),
        {"run": run.pk},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_a_second_dpo_approves_through_the_page(client, dpo, other_dpo, aarhus):
    closed_case()
    run = services.prepare_report(aarhus, by=dpo)
    client.force_login(other_dpo)

    response = _approve(client, aarhus, run)

    assert response.status_code == 302
    run.refresh_from_db()
    assert (run.status, run.approved_by) == (RunStatus.APPROVED, other_dpo)


def test_the_maker_cannot_approve_their_own_report_through_the_page(client, dpo, aarhus):
    closed_case()
    run = services.prepare_report(aarhus, by=dpo)
    client.force_login(dpo)

    response = _approve(client, aarhus, run)

    assert response.status_code == 400
    assert "another data protection officer" in response.text
    run.refresh_from_db()
    assert run.status == RunStatus.PENDING


def test_approving_needs_a_recent_login(client, dpo, other_dpo, aarhus):
    closed_case()
    run = services.prepare_report(aarhus, by=dpo)
    client.force_login(other_dpo)
    session = client.session
    session[sessions.AUTHENTICATED_AT] = time.time() - 6 * 60
    session.save()

    response = _approve(client, aarhus, run)

    assert response["Location"].startswith(reverse("accounts:step_up"))
    run.refresh_from_db()
    assert run.status == RunStatus.PENDING


def test_a_report_of_another_municipality_cannot_be_approved(client, dpo, aarhus, randers):
    closed_case(person__municipality=randers)
    run = services.prepare_report(randers, by=second_dpo(randers, "dpo-randers"))
    client.force_login(dpo)

    assert _approve(client, aarhus, run).status_code == 404
    assert _approve(client, randers, run).status_code == 404
    assert (
        client.post(reverse("retention:approve", args=[aarhus.pk]), {"run": "x"}).status_code == 400
    )


def test_home_lists_several_municipalities_and_is_404_for_others(
    client, dpo, randers, municipal_coordinator
):
    dpo.memberships.create(organisation=randers, role="dpo")
    client.force_login(dpo)

    response = client.get(reverse("retention:home"))

    assert response.status_code == 200
    assert reverse("retention:periods", args=[randers.pk]) in response.text
    client.force_login(municipal_coordinator)
    assert client.get(reverse("retention:home")).status_code == 404


def test_the_start_page_links_a_dpo_to_retention(client, dpo):
    client.force_login(dpo)

    response = client.get(reverse("accounts:start"))

    assert reverse("retention:home") in response.text
