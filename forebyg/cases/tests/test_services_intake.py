import datetime
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import translation

from forebyg.audit.models import AuditEvent
from forebyg.cases.models import Case, Concern, Person, ScreeningPolicy, StatusChange
from forebyg.cases.tests.factories import CaseFactory, PersonFactory, cpr_for
from forebyg.cases.tests.helpers import EXE, PNG, days, raw_column, report, row_counts, upload
from forebyg.core import crypto
from forebyg.prevention.models import ExtremismCategory, WarningSign

pytestmark = pytest.mark.django_db

CPR = "170510-4123"  # born 17 May 2010 (7th digit 4, year 10 -> 2000s)


def test_a_professional_reports_and_a_person_case_and_concern_are_created(
    professional, aarhus, aarhus_school, east_jutland_police
):
    signs = list(WarningSign.objects.all()[:2])

    concern = report(professional, aarhus, cpr=CPR, birth_date=None, signs=signs, acute=True)

    case = concern.case
    assert case.status == "received"
    assert case.municipality == aarhus
    assert case.police_district == east_jutland_police
    assert case.screening_due == days(10)
    assert case.acute and case.episode == 1
    assert case.reference.startswith("FB-") and len(case.reference) == 12
    assert concern.reporter == professional
    assert concern.reporter_organisation == aarhus_school
    assert concern.reporter_reference.startswith("BH-")
    assert concern.reporter_reference != case.reference
    assert set(concern.signs.all()) == set(signs)
    person = case.person
    assert person.birth_date == datetime.date(2010, 5, 17)
    assert person.gender == "male"  # odd last digit
    assert person.cpr == "1705104123"
    assert person.cpr_index == crypto.blind_index("1705104123", purpose="cpr")
    assert person.pseudonym.startswith("P-")
    assert StatusChange.objects.get(case=case).to_status == "received"
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert verbs == {"case.opened", "concern.received"}


def test_personal_data_is_not_stored_in_clear(professional, aarhus):
    concern = report(professional, aarhus, cpr=CPR, birth_date=None)
    person = concern.case.person

    assert "Jonas" not in raw_column(Person, "name", person.pk)
    assert "1705104123" not in raw_column(Person, "cpr", person.pk)
    assert "voldsforherligende" not in raw_column(Concern, "description", concern.pk)
    assert "12 34 56 78" not in raw_column(Concern, "reporter_contact", concern.pk)
    assert person.name == "Jonas Hansen"


def test_the_audit_log_holds_no_personal_data(professional, aarhus):
    report(professional, aarhus, cpr=CPR, birth_date=None)

    logged = str(list(AuditEvent.objects.values("before", "after", "purpose")))
    for secret in ("Jonas", "1705104123", "170510", "voldsforherligende", "12 34"):
        assert secret not in logged


def test_the_screening_deadline_follows_the_municipality_policy(professional, aarhus):
    ScreeningPolicy.objects.create(municipality=aarhus, screening_days=3)

    assert report(professional, aarhus).case.screening_due == days(3)


def test_a_known_cpr_with_a_closed_case_opens_a_new_episode_on_the_same_timeline(
    professional, aarhus
):
    first = report(professional, aarhus, cpr=CPR, birth_date=None).case
    Case.objects.filter(pk=first.pk).update(status="unfounded")

    second = report(professional, aarhus, cpr="1705104123", birth_date=None).case

    assert second.pk != first.pk
    assert second.person == first.person
    assert second.episode == 2
    assert Person.objects.count() == 1


def test_a_known_cpr_with_an_open_case_joins_that_case(municipal_coordinator, professional, aarhus):
    first = report(professional, aarhus, cpr=CPR, birth_date=None)
    category = ExtremismCategory.objects.get(key="right_wing")

    second = report(
        municipal_coordinator,
        aarhus,
        source="citizen",
        cpr=CPR,
        birth_date=None,
        acute=True,
        category=category,
    )

    case = Case.objects.get()
    assert second.case == first.case == case
    assert case.acute and case.category == category
    assert case.version == 2  # whoever is editing the case must see the new concern first
    assert second.reporter is None  # a coordinator records someone else's concern
    assert AuditEvent.objects.filter(verb="case.opened").count() == 1


def test_the_same_cpr_in_another_municipality_is_another_person(professional, aarhus, randers):
    in_aarhus = report(professional, aarhus, cpr=CPR, birth_date=None)
    in_randers = report(professional, randers, cpr=CPR, birth_date=None)

    assert in_aarhus.case.person != in_randers.case.person
    assert in_randers.case.police_district == in_aarhus.case.police_district


def test_without_cpr_every_concern_is_a_new_person(professional, aarhus):
    report(professional, aarhus)
    report(professional, aarhus)

    assert Person.objects.count() == 2


def test_the_same_idempotency_key_twice_creates_one_concern(professional, aarhus):
    key = uuid.uuid4().hex

    first = report(professional, aarhus, idempotency_key=key)
    counts = row_counts()
    second = report(professional, aarhus, idempotency_key=key, description="Andet indhold")

    assert second.pk == first.pk
    assert row_counts() == counts


def test_someone_elses_idempotency_key_is_refused(professional, municipal_coordinator, aarhus):
    key = uuid.uuid4().hex
    report(professional, aarhus, idempotency_key=key)
    counts = row_counts()

    with pytest.raises(ValidationError):
        report(municipal_coordinator, aarhus, source="citizen", idempotency_key=key)
    assert row_counts() == counts


TOO_OLD = datetime.date(1850, 1, 1)


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"cpr": "12345"}, "cpr"),
        ({"cpr": "17051041234"}, "cpr"),
        ({"cpr": "320110-4123", "birth_date": None}, "cpr"),  # no 32 January
        ({"cpr": "290223-4123", "birth_date": None}, "cpr"),  # 2023 was no leap year
        ({"cpr": "010136-4123", "birth_date": None}, "cpr"),  # 2036: in the future
        ({"cpr": CPR, "birth_date": datetime.date(2010, 5, 18)}, "birth_date"),
        ({"birth_date": days(1)}, "birth_date"),
        ({"birth_date": TOO_OLD}, "birth_date"),
        ({"birth_date": None}, "cpr"),
        ({"description": ""}, "description"),
        ({"description": "   \n "}, "description"),
        ({"description": "x" * 5001}, "description"),
        ({"person_name": ""}, "person_name"),
        ({"person_name": "x" * 201}, "person_name"),
        ({"reporter_contact": "x" * 501}, "reporter_contact"),
        ({"custody_informed": "not_relevant"}, "custody_informed"),
        ({"custody_informed": "maybe"}, "custody_informed"),
        ({"idempotency_key": ""}, "idempotency_key"),
        ({"attachments": [upload("virus.pdf", EXE)]}, "attachments"),
    ],
)
def test_bad_input_saves_nothing_and_names_the_field(professional, aarhus, overrides, field):
    counts = row_counts()

    with pytest.raises(ValidationError) as caught:
        report(professional, aarhus, **overrides)

    assert field in caught.value.message_dict
    assert row_counts() == counts


def test_every_problem_is_reported_at_once(professional, aarhus):
    with pytest.raises(ValidationError) as caught:
        report(professional, aarhus, description="", person_name="", birth_date=days(3))

    assert set(caught.value.message_dict) == {"description", "person_name", "birth_date"}


def test_a_municipality_must_be_a_municipality(professional, east_jutland_police):
    with pytest.raises(ValidationError) as caught:
        report(professional, east_jutland_police)

    assert "municipality" in caught.value.message_dict


def test_for_an_adult_the_custody_question_is_not_relevant(professional, aarhus):
    concern = report(professional, aarhus, birth_date=datetime.date(1990, 1, 1))

    assert concern.custody_informed == "not_relevant"


def test_the_hotline_records_an_anonymous_call_without_birth_date(hotline_operator, randers):
    concern = report(
        hotline_operator,
        randers,
        source="hotline",
        birth_date=None,
        reporter_contact="",
        custody_informed="unknown",
    )

    assert concern.reporter is None and concern.reporter_contact == ""
    assert concern.recorded_by == hotline_operator
    assert concern.case.municipality == randers
    assert concern.case.person.birth_date is None


@pytest.mark.parametrize(
    ("persona", "source"),
    [
        ("professional", "hotline"),
        ("professional", "citizen"),
        ("hotline_operator", "professional"),
        ("municipal_coordinator", "hotline"),
        ("analyst", "professional"),
        ("plan_owner", "professional"),
        ("administrator", "citizen"),
        ("partner", "professional"),
        ("dpo", "citizen"),
    ],
)
def test_who_may_record_which_concern(request, aarhus, persona, source):
    user = request.getfixturevalue(persona)
    counts = row_counts()

    with pytest.raises(PermissionDenied):
        report(user, aarhus, source=source)
    assert row_counts() == counts


@pytest.mark.parametrize("persona", ["municipal_coordinator", "police_coordinator"])
def test_coordinators_record_concerns_they_received_directly(request, aarhus, persona):
    concern = report(request.getfixturevalue(persona), aarhus, source="citizen")

    assert concern.source == "citizen"


def test_a_pdf_and_an_image_are_stored_under_random_names(professional, aarhus):
    concern = report(
        professional,
        aarhus,
        attachments=[upload("Jonas notat.pdf"), upload("skærm.png", PNG, "image/png")],
    )

    pdf, png = concern.attachments.order_by("id")
    assert (pdf.content_type, png.content_type) == ("application/pdf", "image/png")
    assert pdf.original_name == "Jonas notat.pdf"
    assert pdf.file.name.startswith("attachments/") and "Jonas" not in pdf.file.name
    assert len(pdf.sha256) == 64 and pdf.size > 0
    assert (Path(settings.MEDIA_ROOT) / pdf.file.name).exists()


def test_an_exe_named_pdf_is_refused_by_its_content(professional, aarhus):
    with pytest.raises(ValidationError) as caught:
        report(professional, aarhus, attachments=[upload("rapport.pdf", EXE)])

    with translation.override("en"):
        assert "not a PDF or an image" in str(caught.value)
    assert not (Path(settings.MEDIA_ROOT) / "attachments").exists()


def test_a_file_over_10_mb_is_refused(professional, aarhus):
    big = upload("stor.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))
    counts = row_counts()

    with pytest.raises(ValidationError) as caught:
        report(professional, aarhus, attachments=[big])

    with translation.override("en"):
        assert "larger than 10 MB" in str(caught.value)
    assert row_counts() == counts


def test_at_most_ten_files(professional, aarhus):
    with pytest.raises(ValidationError):
        report(professional, aarhus, attachments=[upload() for _ in range(11)])


def test_a_closed_episode_and_an_open_one_never_coexist_twice(professional, aarhus):
    person = PersonFactory.create(cpr_number=cpr_for(datetime.date(2010, 5, 17), "123"))
    CaseFactory.create(person=person, status="closed")

    concern = report(professional, aarhus, cpr=cpr_for(datetime.date(2010, 5, 17), "123"))

    assert concern.case.person == person
    assert concern.case.episode == 2


def test_a_double_submission_that_races_past_the_first_check_still_makes_one_concern(
    professional, aarhus, monkeypatch
):
    from forebyg.cases.services import intake

    key = uuid.uuid4().hex
    first = report(professional, aarhus, idempotency_key=key)
    real_existing = intake._existing
    calls = []

    def blind_first_time(found_key, by):
        calls.append(found_key)
        return None if len(calls) == 1 else real_existing(found_key, by)

    monkeypatch.setattr(intake, "_existing", blind_first_time)
    counts = row_counts()

    second = report(professional, aarhus, idempotency_key=key)

    assert second.pk == first.pk  # the unique key stopped the second insert
    assert row_counts() == counts
