"""The intake pages end to end: the professional's and coordinator's concern form, the hotline's
call form, the receipt, and the reporter's own list and status pages."""

import datetime
import uuid

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext

from forebyg.accounts.models import Role
from forebyg.accounts.tests.factories import UserFactory
from forebyg.audit.models import AuditEvent
from forebyg.cases.models import Attachment, Case, Concern, Person
from forebyg.cases.tests.factories import cpr_for
from forebyg.cases.tests.helpers import EXE, PNG, move, row_counts, today, upload
from forebyg.prevention.models import ExtremismCategory, WarningSign

pytestmark = pytest.mark.django_db

REPORT = reverse("concerns:report")
HOTLINE = reverse("concerns:hotline")
MINE = reverse("concerns:mine")
NAME = "Jonas Hansen"
CPR = "170510-4123"  # born 17 May 2010

OUTSIDERS = ["analyst", "plan_owner", "administrator", "partner", "dpo"]
EVERYONE_ELSE = [
    "municipal_coordinator",
    "other_coordinator",
    "police_coordinator",
    "partner",
    "hotline_operator",
    "plan_owner",
    "analyst",
    "dpo",
    "administrator",
    "other_professional",
]


@pytest.fixture
def other_professional(db, aarhus_school):
    return UserFactory.create(username="paedagog", memberships=[(aarhus_school, Role.PROFESSIONAL)])


def shown(msgid: str, **params: object) -> str:
    """A message as the Danish page shows it (the catalogue may translate it), HTML-escaped."""
    with translation.override("da"):
        text = gettext(msgid)
    return escape(text % params if params else text)


def form_data(place, **overrides) -> dict:
    data = {
        "idempotency_key": uuid.uuid4().hex,
        "person_name": NAME,
        "cpr": "",
        "birth_date": "17-05-2010",
        "municipality": str(place.pk),
        "description": "Jonas deler voldsforherligende videoer i klassens chat.",
        "category": "",
        "custody_informed": "yes",
        "reporter_contact": "Anne, lærer, tlf. 12 34 56 78",
    }
    data.update(overrides)
    return data


def send(client, user, data, url=REPORT):
    client.force_login(user)
    return client.post(url, data)


def reported(client, user, municipality, **overrides) -> Concern:
    response = send(client, user, form_data(municipality, **overrides))
    assert response.status_code == 302, response.text[:3000]
    return Concern.objects.get(reporter_reference=response["Location"].split("/")[-2])


# -- The professional's form -----------------------------------------------------------------


def test_the_form_starts_with_a_fresh_key_the_users_municipality_and_every_group(
    client, professional, aarhus
):
    client.force_login(professional)

    response = client.get(REPORT)

    assert response.status_code == 200
    text = response.text
    assert 'name="idempotency_key" value="' in text
    assert f'<option value="{aarhus.pk}" selected>' in text
    assert text.count('<option value="') >= 98 + 1  # municipalities, plus categories
    for _key, label in WarningSign.Group.choices:
        assert f'<legend class="form-label weight-normal">{escape(str(label))}</legend>' in text
    assert "114" in text and 'name="source"' not in text
    assert f'name="reporter_contact" value="{professional.get_full_name()}' in text
    assert 'type="file"' in text and "multiple" in text
    assert "no-store" in response["Cache-Control"]
    first_key = text.split('name="idempotency_key" value="')[1][:32]
    second = client.get(REPORT).text.split('name="idempotency_key" value="')[1][:32]
    assert first_key != second


def test_a_professional_reports_a_concern_and_sees_the_receipt(
    client, professional, aarhus, east_jutland_police
):
    signs = list(WarningSign.objects.all()[:2])
    unclear = ExtremismCategory.objects.get(key="unclear")
    data = form_data(aarhus, signs=[str(s.pk) for s in signs], category=str(unclear.pk))

    response = send(client, professional, data)

    concern = Concern.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("concerns:receipt", args=[concern.reporter_reference])
    assert (Concern.objects.count(), Case.objects.count(), Person.objects.count()) == (1, 1, 1)
    assert AuditEvent.objects.filter(verb="concern.received").count() == 1
    assert concern.reporter == professional and concern.source == "professional"
    assert concern.case.municipality == aarhus
    assert concern.case.police_district == east_jutland_police
    assert set(concern.signs.all()) == set(signs) and concern.category == unclear
    receipt = client.get(response["Location"])
    assert receipt.status_code == 200
    assert concern.reporter_reference in receipt.text
    assert str(aarhus) in receipt.text and str(east_jutland_police) in receipt.text
    assert shown("Received") in receipt.text
    assert NAME not in receipt.text and concern.case.reference not in receipt.text
    assert "no-store" in receipt["Cache-Control"]


def test_sending_the_same_form_twice_records_one_concern_and_shows_the_same_receipt(
    client, professional, aarhus
):
    data = form_data(aarhus)

    first = send(client, professional, data)
    second = send(client, professional, data)

    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Concern.objects.count() == 1
    assert AuditEvent.objects.filter(verb="concern.received").count() == 1


def test_an_acute_concern_is_flagged_and_the_receipt_says_whom_to_call(
    client, professional, aarhus
):
    concern = reported(client, professional, aarhus, acute="on")

    receipt = client.get(reverse("concerns:receipt", args=[concern.reporter_reference]))

    assert concern.acute and concern.case.acute
    assert "<strong>114</strong>" in receipt.text


def test_a_cpr_number_identifies_the_person(client, professional, aarhus):
    concern = reported(client, professional, aarhus, cpr=CPR, birth_date="")

    person = concern.case.person
    assert person.cpr == "1705104123" and person.birth_date == datetime.date(2010, 5, 17)


def _future_cpr() -> str:
    return cpr_for(today() + datetime.timedelta(days=400))


@pytest.mark.parametrize(
    ("overrides", "field", "msgid", "params"),
    [
        ({"cpr": "12345"}, "cpr", "Write the CPR number as DDMMYY-XXXX or DDMMYYXXXX.", {}),
        ({"cpr": "310210-4123"}, "cpr", "The CPR number does not start with a real date.", {}),
        ({"cpr": "future"}, "cpr", "The CPR number's birth date is in the future.", {}),
        ({"birth_date": "future"}, "birth_date", "The birth date is in the future.", {}),
        (
            {"birth_date": "31-02-2010"},
            "birth_date",
            "Write the birth date as a real date, DD-MM-YYYY, e.g. 17-05-2010.",
            {},
        ),
        ({"cpr": "", "birth_date": ""}, "cpr", "Give the CPR number or the birth date.", {}),
        ({"description": "   "}, "description", "This cannot be empty.", {}),
        (
            {"description": "x" * 5001},
            "description",
            "Keep this to at most %(limit)d characters (it has %(length)d).",
            {"limit": 5000, "length": 5001},
        ),
        ({"person_name": ""}, "person_name", "This cannot be empty.", {}),
        (
            {"custody_informed": ""},
            "custody_informed",
            "The person is a child: say whether the custody holders know about the concern.",
            {},
        ),
        ({"municipality": ""}, "municipality", "Choose the municipality the person lives in.", {}),
    ],
)
def test_bad_input_shows_a_message_at_its_field_and_saves_nothing(
    client, professional, aarhus, overrides, field, msgid, params
):
    overrides = dict(overrides)
    if overrides.get("cpr") == "future":
        overrides["cpr"] = _future_cpr()
    if overrides.get("birth_date") == "future":
        overrides["birth_date"] = (today() + datetime.timedelta(days=1)).strftime("%d-%m-%Y")
    before = row_counts()

    response = send(client, professional, form_data(aarhus, **overrides))

    assert response.status_code == 200
    assert shown(msgid, **params) in response.text
    assert f'id="id_{field}-error"' in response.text
    assert 'role="alert" tabindex="-1"' in response.text
    assert f'href="#id_{field}' in response.text  # the summary links to the field
    assert 'aria-invalid="true"' in response.text
    assert row_counts() == before


def test_after_an_error_the_form_keeps_what_was_typed_and_its_key(client, professional, aarhus):
    data = form_data(aarhus, cpr="310210-4123", acute="on", reporter_contact="Anne Lærer")
    data["attachments"] = [upload()]

    response = send(client, professional, data)

    text = response.text
    assert response.status_code == 200
    assert f'value="{NAME}"' in text and 'value="310210-4123"' in text
    assert data["description"] in text and 'value="Anne Lærer"' in text
    assert f'name="idempotency_key" value="{data["idempotency_key"]}"' in text
    assert 'value="yes" checked' in text and 'id="id_acute" name="acute" value="on" checked' in text
    assert (
        shown(
            "Your browser cannot keep the files you chose when the form is shown again. "
            "Choose them again before you send the form."
        )
        in text
    )
    assert not Concern.objects.exists()


def test_a_pdf_attachment_is_stored(client, professional, aarhus):
    concern = reported(client, professional, aarhus, attachments=[upload("notat.pdf")])

    attachment = Attachment.objects.get(concern=concern)
    assert attachment.content_type == "application/pdf"
    assert attachment.original_name == "notat.pdf"
    assert attachment.file.name.startswith("attachments/")


def test_a_program_renamed_pdf_is_refused_and_nothing_is_saved(client, professional, aarhus):
    before = row_counts()
    data = form_data(aarhus, attachments=[upload("notat.pdf", EXE), upload("foto.png", PNG)])

    response = send(client, professional, data)

    assert response.status_code == 200
    assert (
        shown("%(name)s is not a PDF or an image (PNG, JPEG, GIF or WebP).", name="notat.pdf")
        in response.text
    )
    assert 'href="#id_attachments"' in response.text
    assert row_counts() == before


def test_a_form_key_of_another_user_is_refused_and_a_fresh_key_offered(
    client, professional, other_professional, aarhus
):
    first = reported(client, other_professional, aarhus)

    response = send(client, professional, form_data(aarhus, idempotency_key=first.idempotency_key))

    assert response.status_code == 200
    assert shown("This form has expired. Open it again and send it once more.") in response.text
    assert first.idempotency_key not in response.text
    assert Concern.objects.count() == 1


# -- The coordinator's and the hotline's forms ------------------------------------------------


def test_a_municipal_coordinator_records_a_concern_received_directly(
    client, municipal_coordinator, aarhus
):
    client.force_login(municipal_coordinator)
    form = client.get(REPORT).text
    assert 'name="source"' in form
    assert shown("Who reported the concern, and how to reach them") in form

    concern = reported(client, municipal_coordinator, aarhus, source="citizen")

    assert concern.source == "citizen" and concern.recorded_by == municipal_coordinator
    assert concern.reporter is None
    receipt = client.get(reverse("concerns:receipt", args=[concern.reporter_reference]))
    assert concern.reporter_reference in receipt.text


def test_a_coordinator_must_say_where_the_concern_came_from(client, police_coordinator, aarhus):
    before = row_counts()

    response = send(client, police_coordinator, form_data(aarhus, source=""))

    assert response.status_code == 200
    assert shown("Choose where the concern came from.") in response.text
    assert row_counts() == before


def test_the_hotline_records_an_anonymous_call_routed_to_randers(
    client, hotline_operator, randers, east_jutland_police
):
    client.force_login(hotline_operator)
    assert client.get(HOTLINE).status_code == 200
    data = form_data(
        randers, person_name="Ukendt", birth_date="", reporter_contact="", custody_informed=""
    )

    response = send(client, hotline_operator, data, url=HOTLINE)

    assert response.status_code == 302
    concern = Concern.objects.get()
    assert concern.source == "hotline" and concern.reporter is None
    assert concern.reporter_contact == ""
    assert concern.case.municipality == randers
    assert concern.case.police_district == east_jutland_police
    receipt = client.get(response["Location"])
    assert receipt.status_code == 200
    assert str(randers) in receipt.text and str(east_jutland_police) in receipt.text
    assert shown("Status") not in receipt.text  # the hotline does not follow the case
    assert client.get(MINE).status_code == 404


def test_the_hotline_form_needs_a_municipality(client, hotline_operator):
    before = row_counts()
    data = {"idempotency_key": uuid.uuid4().hex, "person_name": "Ukendt", "description": "Opkald"}

    response = send(client, hotline_operator, data, url=HOTLINE)

    assert response.status_code == 200
    assert shown("Choose the municipality the person lives in.") in response.text
    assert row_counts() == before


# -- Who may reach what -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", OUTSIDERS)
def test_roles_that_do_not_report_get_404_on_every_intake_page(client, request, persona):
    client.force_login(request.getfixturevalue(persona))

    for url in (REPORT, HOTLINE, MINE):
        assert client.get(url).status_code == 404
    for url in (REPORT, HOTLINE):
        assert client.post(url, {"description": "x"}).status_code == 404
    assert not Concern.objects.exists()


def test_the_hotline_form_is_for_hotline_operators_only(
    client, professional, municipal_coordinator, hotline_operator
):
    for user in (professional, municipal_coordinator):
        client.force_login(user)
        assert client.get(HOTLINE).status_code == 404
    client.force_login(hotline_operator)
    assert client.get(REPORT).status_code == 404


@pytest.mark.parametrize("persona", EVERYONE_ELSE)
def test_the_receipt_and_status_are_404_for_everyone_but_the_reporter(
    client, request, professional, aarhus, persona
):
    concern = reported(client, professional, aarhus)
    user = request.getfixturevalue(persona)
    client.force_login(user)

    for name in ("concerns:receipt", "concerns:status"):
        assert client.get(reverse(name, args=[concern.reporter_reference])).status_code == 404


def test_anonymous_users_are_sent_to_log_in(client, professional, aarhus):
    concern = reported(client, professional, aarhus)
    client.logout()
    reference = concern.reporter_reference
    urls = [
        REPORT,
        HOTLINE,
        MINE,
        reverse("concerns:receipt", args=[reference]),
        reverse("concerns:status", args=[reference]),
    ]

    for url in urls:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_no_cpr_number_or_name_ever_appears_in_a_redirect(client, professional, aarhus):
    response = send(client, professional, form_data(aarhus, cpr=CPR, birth_date=""))

    location = response["Location"]
    assert "1705104123" not in location and "170510" not in location
    assert "Jonas" not in location and "Hansen" not in location


# -- The reporter's own reports ---------------------------------------------------------------


def test_my_reports_list_only_my_own_with_their_status_and_nothing_about_the_case(
    client, professional, other_professional, police_coordinator, aarhus
):
    mine_first = reported(client, professional, aarhus)
    mine_second = reported(client, professional, aarhus, person_name="Ida Jensen")
    others = reported(client, other_professional, aarhus, person_name="Ole Olsen")
    move(mine_first.case, police_coordinator, "screening")

    client.force_login(professional)
    response = client.get(MINE)

    text = response.text
    assert response.status_code == 200
    assert mine_first.reporter_reference in text and mine_second.reporter_reference in text
    assert others.reporter_reference not in text
    assert shown("Being handled") in text and shown("Received") in text
    for secret in (NAME, "Ida Jensen", mine_first.case.reference, mine_second.case.reference):
        assert secret not in text
    assert "no-store" in response["Cache-Control"]


def test_the_status_page_shows_the_reporters_status_only(
    client, professional, police_coordinator, aarhus
):
    concern = reported(client, professional, aarhus)
    move(concern.case, police_coordinator, "screening", "unfounded")
    client.force_login(professional)

    response = client.get(reverse("concerns:status", args=[concern.reporter_reference.lower()]))

    assert response.status_code == 200
    assert shown("Concluded") in response.text
    assert NAME not in response.text and concern.case.reference not in response.text
    assert shown("Unfounded") not in response.text


def test_my_reports_cost_a_fixed_number_of_queries(
    client, professional, aarhus, django_assert_max_num_queries
):
    for number in range(6):
        reported(client, professional, aarhus, person_name=f"Person {number}")
    client.force_login(professional)

    with django_assert_max_num_queries(6):
        response = client.get(MINE)

    assert response.text.count("BH-") >= 6


def test_a_broken_form_key_is_reported_above_the_form_and_replaced(client, professional, aarhus):
    before = row_counts()

    response = send(client, professional, form_data(aarhus, idempotency_key="x" * 65))

    assert response.status_code == 200
    assert (
        shown("Keep this to at most %(limit)d characters (it has %(length)d).", limit=64, length=65)
        in response.text
    )
    assert 'value="' + "x" * 65 not in response.text
    assert row_counts() == before
