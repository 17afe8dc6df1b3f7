"""The access request pages end to end: who gets in, the list and its scope, the forms without
JavaScript, the report on screen and as a PDF read back with pdftotext."""

import datetime
import shutil
import subprocess
import time

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from forebyg.access_requests import services
from forebyg.access_requests.models import AccessRequest
from forebyg.access_requests.tests.conftest import COORDINATOR_NAME, CPR, DIGITS
from forebyg.access_requests.tests.factories import AccessRequestFactory
from forebyg.accounts import sessions
from forebyg.audit.models import AuditEvent
from forebyg.cases import services as case_services
from forebyg.cases.tests.factories import CaseMeasureFactory
from forebyg.exchange.tests.factories import DisclosureRecordFactory

pytestmark = pytest.mark.django_db
NOT_DPO = [
    "municipal_coordinator",
    "police_coordinator",
    "professional",
    "analyst",
    "administrator",
]


def danish(message: str, **values: object) -> str:
    with translation.override("da"):
        text = str(translation.gettext(message))
    return text % values if values else text


def _pdf_text(data: bytes, tmp_path) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    path = tmp_path / "report.pdf"
    path.write_bytes(data)
    result = subprocess.run(  # noqa: S603
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
        capture_output=True,
        check=True,
        text=True,
    )
    return " ".join(result.stdout.split())


@pytest.mark.parametrize("persona", NOT_DPO)
def test_only_dpos_find_the_pages(client, request, persona, dpo):
    item = AccessRequestFactory.create(registered_by=dpo)
    client.force_login(request.getfixturevalue(persona))

    assert client.get(reverse("access_requests:list")).status_code == 404
    assert client.get(reverse("access_requests:new")).status_code == 404
    assert client.get(reverse("access_requests:detail", args=[item.pk])).status_code == 404


def test_another_organisation_s_dpo_finds_no_request(client, dpo, randers_dpo):
    item = AccessRequestFactory.create(registered_by=dpo)
    client.force_login(randers_dpo)

    assert (
        reverse("access_requests:detail", args=[item.pk])
        not in client.get(reverse("access_requests:list")).content.decode()
    )
    for name in ("detail", "report"):
        assert client.get(reverse(f"access_requests:{name}", args=[item.pk])).status_code == 404
    for name in ("pdf", "extend", "answer", "restrict"):
        assert client.post(reverse(f"access_requests:{name}", args=[item.pk])).status_code == 404


def test_the_list_shows_open_requests_by_deadline_with_days_left_or_overdue(
    client, dpo, randers_dpo, randers
):
    today = timezone.localdate()
    late = AccessRequestFactory.create(
        registered_by=dpo, received_on=today - datetime.timedelta(days=40)
    )
    soon = AccessRequestFactory.create(
        registered_by=dpo, received_on=today - datetime.timedelta(days=3)
    )
    done = AccessRequestFactory.create(registered_by=dpo, answered_on=today)
    other = AccessRequestFactory.create(registered_by=randers_dpo, organisation=randers)
    client.force_login(dpo)

    html = client.get(reverse("access_requests:list")).content.decode()
    newest_first = client.get(reverse("access_requests:list") + "?sort=-deadline").content.decode()

    url = lambda r: reverse("access_requests:detail", args=[r.pk])  # noqa: E731
    assert html.index(url(late)) < html.index(url(soon))
    assert newest_first.index(url(soon)) < newest_first.index(url(late))
    assert url(other) not in html
    table = html.split("answered-heading")[0]
    assert url(done) not in table
    overdue = (today - late.deadline).days
    assert '<strong class="overdue">' in html
    assert html.split('class="overdue">')[1].startswith(f"{overdue} dage over fristen")


def test_registering_through_the_form_redirects_to_the_request(client, dpo):
    client.force_login(dpo)
    form = client.get(reverse("access_requests:new")).context["form"]

    data = {
        "organisation": form.fields["organisation"].initial.pk,
        "cpr": CPR,
        "received_on": timezone.localdate().isoformat(),
        "identity_check": "mitid",
        "idempotency_key": "form-key",
    }
    first = client.post(reverse("access_requests:new"), data)
    second = client.post(reverse("access_requests:new"), data)

    item = AccessRequest.objects.get()
    assert (
        first["Location"] == second["Location"] == reverse("access_requests:detail", args=[item.pk])
    )
    assert DIGITS not in first["Location"]


def test_a_bad_cpr_in_the_form_shows_a_danish_error_and_saves_nothing(client, dpo, aarhus):
    client.force_login(dpo)

    response = client.post(
        reverse("access_requests:new"),
        {
            "organisation": aarhus.pk,
            "cpr": "991399-1234",
            "received_on": timezone.localdate().isoformat(),
            "identity_check": "mitid",
            "idempotency_key": "bad",
        },
        HTTP_ACCEPT_LANGUAGE="da",
    )

    assert response.status_code == 400
    assert danish("The CPR number does not start with a real date.") in response.content.decode()
    assert not AccessRequest.objects.exists()


def test_the_detail_page_is_logged_and_shows_the_masked_cpr_only(client, dpo):
    item = AccessRequestFactory.create(registered_by=dpo)
    client.force_login(dpo)

    html = client.get(reverse("access_requests:detail", args=[item.pk])).content.decode()

    assert "170510-xxxx" in html
    assert DIGITS not in html
    assert AuditEvent.objects.filter(verb="access_request.viewed").count() == 1


def test_the_report_needs_a_recent_login(client, dpo):
    item = AccessRequestFactory.create(registered_by=dpo)
    client.force_login(dpo)
    session = client.session
    session[sessions.AUTHENTICATED_AT] = time.time() - 6 * 60
    session.save()

    response = client.get(reverse("access_requests:report", args=[item.pk]))
    pdf = client.post(reverse("access_requests:pdf", args=[item.pk]), {"version": "subject"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:step_up"))
    assert pdf.status_code == 302
    assert not AuditEvent.objects.filter(verb="access_request.report_generated").exists()


@pytest.fixture
def full_report(dpo, named_coordinator, subject_case, east_jutland_police, aarhus):
    """Own data, a police-owned measure, data shared in by the police, and two look-ups."""
    CaseMeasureFactory.create(case=subject_case, owner=east_jutland_police)
    DisclosureRecordFactory.create(case=subject_case)  # the police to Aarhus
    case_services.search_persons(by=named_coordinator, purpose="Tjek af CPR", cpr=CPR)
    case_services.record_case_view(subject_case, by=named_coordinator, purpose="Infohusmøde")
    return AccessRequestFactory.create(registered_by=dpo)


def test_the_dpo_s_report_page_has_every_section(client, dpo, full_report, subject_case):
    client.force_login(dpo)

    response = client.get(reverse("access_requests:report", args=[full_report.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Deler voldelige videoer." in html  # the concern: data the organisation controls
    assert "Østjyllands Politi" in html  # shared in, and the controller of police items
    assert danish("Received from %(organisation)s", organisation="Østjyllands Politi") in html
    assert (
        danish("Refer to the controller: %(controller)s", controller="Østjyllands Politi") in html
    )
    assert "Tjek af CPR" in html and "Infohusmøde" in html
    assert subject_case.reference in html
    assert COORDINATOR_NAME[1] not in html and "tovholder" not in html
    event = AuditEvent.objects.get(verb="access_request.report_generated")
    assert isinstance(event.after, dict) and event.after["format"] == "html"


def test_a_restricted_item_is_withheld_from_the_subject_s_pdf(
    client, dpo, full_report, subject_case, tmp_path
):
    concern = subject_case.concerns.get()
    client.force_login(dpo)
    restricted = client.post(
        reverse("access_requests:restrict", args=[full_report.pk]),
        {"item_key": f"concern-{concern.pk}", "ground": "private", "reason": "Hensyn til kilden"},
    )
    assert restricted.status_code == 302

    subject = client.post(
        reverse("access_requests:pdf", args=[full_report.pk]), {"version": "subject"}
    )
    for_dpo = client.post(reverse("access_requests:pdf", args=[full_report.pk]), {"version": "dpo"})

    assert subject["Content-Type"] == "application/pdf"
    subject_text, dpo_text = (
        _pdf_text(subject.content, tmp_path),
        _pdf_text(for_dpo.content, tmp_path),
    )
    assert "Deler voldelige videoer." not in subject_text
    assert "Deler voldelige videoer." in dpo_text and "Hensyn til kilden" in dpo_text
    assert "§ 22" in subject_text
    assert "Tjek af CPR" in subject_text and "Infohusmøde" in subject_text
    assert "Østjyllands Politi" in subject_text  # the referral to the police as controller
    assert subject_case.person.name in dpo_text
    assert COORDINATOR_NAME[1] not in subject_text + dpo_text
    assert "dpo" in subject_text  # the stamp: who generated it
    assert DIGITS not in subject_text + dpo_text
    versions = [
        e.after["version"]
        for e in AuditEvent.objects.filter(verb="access_request.report_generated")
        if isinstance(e.after, dict)
    ]
    assert sorted(versions) == ["dpo", "subject"]


def test_police_screening_content_is_not_in_the_subject_s_version(dpo, subject_case):
    item = AccessRequestFactory.create(registered_by=dpo)

    generated = services.generate_report(item, by=dpo, version="subject", file_format="html")

    screening = [i for i in generated.report.controlled if i.key.startswith("screening-")]
    assert screening and screening[0].refer_to == "Østjyllands Politi"
    assert screening[0].lines == []


def test_a_bad_restriction_changes_nothing(client, dpo, full_report):
    client.force_login(dpo)

    response = client.post(
        reverse("access_requests:restrict", args=[full_report.pk]),
        {"item_key": "concern-0", "ground": "private", "reason": "x"},
    )

    assert response.status_code == 400
    assert not full_report.restrictions.exists()


def test_extending_and_answering_through_the_forms(client, dpo):
    item = AccessRequestFactory.create(
        registered_by=dpo, received_on=timezone.localdate() - datetime.timedelta(days=2)
    )
    client.force_login(dpo)

    empty = client.post(reverse("access_requests:extend", args=[item.pk]), {"reason": ""})
    extended = client.post(
        reverse("access_requests:extend", args=[item.pk]), {"reason": "Stor sag"}
    )
    answered = client.post(
        reverse("access_requests:answer", args=[item.pk]),
        {"answered_on": timezone.localdate().isoformat()},
    )

    item.refresh_from_db()
    assert empty.status_code == 400
    assert extended.status_code == answered.status_code == 302
    assert item.is_extended and item.answered_on == timezone.localdate()


def test_the_list_costs_a_fixed_number_of_queries(client, dpo, django_assert_max_num_queries):
    AccessRequestFactory.create_batch(5, registered_by=dpo)
    client.force_login(dpo)
    client.get(reverse("access_requests:list"))  # warm the session and the language

    with django_assert_max_num_queries(12):
        response = client.get(reverse("access_requests:list"))

    assert len(response.context["rows"]) == 5
