"""Issue 8's done-when check: an access report for a demo person lists the look-ups with dates
and purposes, built after `load_demo` as the demo organisation's DPO."""

from io import StringIO

import pytest
from django.core.management import call_command

from forebyg.access_requests import demo, services
from forebyg.access_requests.models import AccessRequest
from forebyg.access_requests.report import Version
from forebyg.accounts.models import User
from forebyg.audit.models import AuditEvent

pytestmark = pytest.mark.django_db


@pytest.fixture
def loaded(settings, tmp_path):
    settings.FOREBYG_DEMO_PASSWORDS_FILE = tmp_path / "demo-passwords.txt"
    call_command("load_demo", stdout=StringIO())


def test_the_demo_person_s_report_lists_look_ups_with_dates_and_purposes(loaded):
    dpo = User.objects.get(username="dpo-aarhus")
    request = AccessRequest.objects.get(idempotency_key=demo.REQUEST_KEY)

    report = services.generate_report(request, by=dpo, version=Version.SUBJECT, file_format="pdf")

    lookups = report.report.lookups
    purposes = {item.purpose for item in lookups}
    assert {
        "Tjek af tidligere henvendelser (demo)",
        "Forberedelse af infohusmøde (demo)",
        "Politiets screening (demo)",
    } <= purposes
    assert all(item.at is not None for item in lookups)
    assert {"Aarhus Kommune", "Østjyllands Politi"} <= {item.organisation for item in lookups}
    assert not any("tovholder" in item.organisation for item in lookups)


def test_a_second_load_adds_no_demo_request(loaded):
    counts = (AccessRequest.objects.count(), AuditEvent.objects.count())

    assert demo.load() == []
    assert (AccessRequest.objects.count(), AuditEvent.objects.count()) == counts
