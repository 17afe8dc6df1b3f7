"""`manage.py purge_expired`: the dry run reports and stores; --run executes only an approved
report; the output holds references and counts, never a name or a CPR number."""

import io

import pytest
from django.core.management import CommandError, call_command

from forebyg.accounts.demo import load_demo
from forebyg.cases.models import Concern, Person
from forebyg.cases.tests.factories import ConcernFactory, PersonFactory
from forebyg.retention import demo, services
from forebyg.retention.models import PurgeRun, RunStatus
from forebyg.retention.services import demo as demo_cases
from forebyg.retention.tests.factories import closed_case

pytestmark = pytest.mark.django_db


def _call(*args: str) -> str:
    out = io.StringIO()
    call_command("purge_expired", *args, stdout=out)
    return out.getvalue()


def test_the_dry_run_reports_references_and_stores_a_pending_run(dpo, aarhus):
    person = PersonFactory.create(name="Jonas Hansen", cpr_number="010110-4123")
    case = closed_case(person=person)
    ConcernFactory.create(case=case, description="Noget om Jonas")

    output = _call("--dry-run", "--by", dpo.username)

    run = PurgeRun.objects.get()
    assert (run.status, run.created_by, run.organisation) == (RunStatus.PENDING, dpo, aarhus)
    assert case.reference in output and f"report {run.pk}" in output
    assert "Jonas" not in output and "0101" not in output
    assert Concern.objects.get(case=case).description == "Noget om Jonas"


def test_the_dry_run_without_expired_cases_stores_nothing(aarhus):
    output = _call("--dry-run", "--organisation", "aarhus-kommune")

    assert not PurgeRun.objects.exists()
    assert "No closed cases" in output or "no expired cases" in output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--dry-run", "--organisation", "atlantis"), "No municipality"),
        (("--dry-run", "--by", "nobody"), "No active user"),
        (("--run", "4711"), "No purge run"),
    ],
)
def test_bad_arguments_are_refused_clearly(args, message):
    with pytest.raises(CommandError, match=message):
        _call(*args)


def test_a_report_by_someone_not_dpo_is_refused(municipal_coordinator):
    closed_case()

    with pytest.raises(CommandError, match="data protection officer"):
        _call("--dry-run", "--by", municipal_coordinator.username)


def test_run_refuses_an_unapproved_report_and_executes_an_approved_one(dpo, other_dpo, aarhus):
    case = closed_case()
    ConcernFactory.create(case=case, description="Noget")
    _call("--dry-run")
    run = PurgeRun.objects.get()

    with pytest.raises(CommandError, match="not been approved"):
        _call("--run", str(run.pk))
    services.approve_run(run, by=other_dpo)
    output = _call("--run", str(run.pk))

    assert "1 cases purged" in output
    assert Concern.objects.get(case=case).description == ""


def test_the_demo_has_cases_the_dry_run_reports(aarhus, tmp_path, django_assert_max_num_queries):
    load_demo(passwords_file=tmp_path / "passwords.txt")

    lines = demo.load()
    output = _call("--dry-run")

    assert len(lines) == len(demo_cases.DEMO_CASES)
    assert "(report" in output and "2 expired cases" in output
    assert not any(str(p.name) in output for p in Person.objects.all())
    with django_assert_max_num_queries(4):
        assert demo.load() == []
