"""The audit admin shows who did what and why, but case content only to holders of a case role."""

from django.urls import reverse

from forebyg.accounts.models import Membership, Role
from forebyg.audit.services import record

SECRET_NOTE = "Notat om familiens forhold"


def _event(aarhus):
    return record(
        None,
        "case.status_changed",
        organisation=aarhus,
        purpose="case handling",
        before={"status": "analysis"},
        after={"status": "closed", "note": SECRET_NOTE},
    )


def test_an_administrator_sees_the_event_but_not_its_before_and_after(
    client, administrator, aarhus
):
    event = _event(aarhus)
    client.force_login(administrator)

    response = client.get(reverse("admin:audit_auditevent_change", args=[event.pk]))

    assert response.status_code == 200
    html = response.text
    assert "case.status_changed" in html
    assert event.hash in html
    assert SECRET_NOTE not in html
    assert "analysis" not in html


def test_a_superuser_without_a_case_role_does_not_see_it_either(client, administrator, aarhus):
    administrator.is_superuser = True
    administrator.save(update_fields=["is_superuser"])
    event = _event(aarhus)
    client.force_login(administrator)

    response = client.get(reverse("admin:audit_auditevent_change", args=[event.pk]))

    assert response.status_code == 200
    assert SECRET_NOTE not in response.text


def test_an_administrator_who_is_also_a_coordinator_sees_before_and_after(
    client, administrator, aarhus
):
    Membership.objects.create(
        user=administrator, organisation=aarhus, role=Role.MUNICIPAL_COORDINATOR
    )
    event = _event(aarhus)
    client.force_login(administrator)

    response = client.get(reverse("admin:audit_auditevent_change", args=[event.pk]))

    assert SECRET_NOTE in response.text


def test_the_event_list_shows_no_case_content(client, administrator, aarhus):
    _event(aarhus)
    client.force_login(administrator)

    response = client.get(reverse("admin:audit_auditevent_changelist"))

    assert response.status_code == 200
    assert "case.status_changed" in response.text
    assert SECRET_NOTE not in response.text
