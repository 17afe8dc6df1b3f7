"""Known elsewhere: a coordinator asks whether a CPR number has a case in another municipality,
through the service and end to end through the test client (every persona, the answer, the
logging in both organisations, the rate limit, and that no CPR number leaks anywhere)."""

import datetime
import json
import re
from html import escape

import pytest
from django.core.cache import cache
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import override_settings
from django.urls import reverse
from django.utils import translation

from forebyg.accounts.models import Role
from forebyg.accounts.tests.factories import UserFactory
from forebyg.actors.models import Organisation
from forebyg.audit.models import AuditEvent
from forebyg.cases import workflow
from forebyg.cases.models import Case
from forebyg.cases.tests.factories import CaseFactory, PersonFactory, cpr_for
from forebyg.core import crypto
from forebyg.core.access_policy import COORDINATORS, POLICY
from forebyg.core.ratelimit import RateLimited
from forebyg.exchange import known_elsewhere
from forebyg.exchange.known_elsewhere import InfohouseContact, KnownElsewhereAnswer

pytestmark = pytest.mark.django_db

URL = "/udveksling/kendt-andetsteds/"
CPR = cpr_for(datetime.date(2008, 3, 14), "123")  # 140308-4123
DIGITS = CPR.replace("-", "")
OTHER_CPR = cpr_for(datetime.date(1990, 11, 2), "456")
PURPOSE = "Screening af ny bekymringshenvendelse"
PERSONAS = [
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
ASKERS = {"municipal_coordinator", "other_coordinator", "police_coordinator"}


@pytest.fixture(autouse=True)
def _empty_cache():
    """The rate limits count in the cache: every test starts (and leaves) it empty."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def copenhagen(db) -> Organisation:
    return Organisation.objects.get(kind="municipality", code="101")


@pytest.fixture
def east_jutland_infohus(east_jutland_police) -> Organisation:
    return Organisation.objects.get(kind="infohouse", parent=east_jutland_police)


@pytest.fixture
def copenhagen_infohus(copenhagen) -> Organisation:
    return Organisation.objects.get(kind="infohouse", parent=copenhagen.police_district)


def case_in(municipality: Organisation, cpr: str = CPR, **fields) -> Case:
    person = PersonFactory.create(municipality=municipality, cpr_number=cpr)
    return CaseFactory.create(person=person, **fields)


def ask(by, cpr: str = CPR, purpose: str = PURPOSE) -> KnownElsewhereAnswer:
    with translation.override("da"):
        return known_elsewhere.ask_known_elsewhere(by=by, cpr=cpr, purpose=purpose)


def contact(infohus: Organisation) -> InfohouseContact:
    return InfohouseContact(infohus.name_da, infohus.key, infohus.get_absolute_url())


def index(cpr: str = CPR) -> str:
    return crypto.blind_index(cpr.replace("-", ""), purpose="cpr")


def danish(message: str) -> str:
    with translation.override("da"):
        return escape(str(translation.gettext(message)))


def post(client, cpr: str = CPR, purpose: str = PURPOSE):
    return client.post(URL, {"cpr": cpr, "purpose": purpose})


# -- The answer --------------------------------------------------------------------------------


def test_the_url_is_the_one_documented():
    assert reverse("exchange:known_elsewhere") == URL


def test_a_case_in_randers_is_known_to_aarhus_through_the_east_jutland_infohus(
    municipal_coordinator, randers, east_jutland_infohus
):
    case_in(randers)

    answer = ask(municipal_coordinator)

    assert answer == KnownElsewhereAnswer(known=True, infohouses=(contact(east_jutland_infohus),))
    assert answer.infohouses[0].name == "Infohus Østjyllands Politi"


def test_a_case_in_copenhagen_points_to_the_copenhagen_infohus(
    municipal_coordinator, copenhagen, copenhagen_infohus
):
    case_in(copenhagen)

    answer = ask(municipal_coordinator)

    assert answer.known
    assert answer.infohouses == (contact(copenhagen_infohus),)
    assert answer.infohouses[0].name == "Infohus Københavns Politi"


def test_cases_in_several_districts_name_each_infohus_once(
    municipal_coordinator, randers, copenhagen, east_jutland_infohus, copenhagen_infohus
):
    case_in(randers)
    case_in(copenhagen)
    frederiksberg = Organisation.objects.get(kind="municipality", code="147")
    case_in(frederiksberg)  # also Københavns Politi

    answer = ask(municipal_coordinator)

    assert answer.infohouses == tuple(
        sorted([contact(east_jutland_infohus), contact(copenhagen_infohus)], key=lambda c: c.name)
    )


def test_a_case_only_in_the_asker_s_own_municipality_is_not_known_elsewhere(
    municipal_coordinator, aarhus
):
    case_in(aarhus)

    assert ask(municipal_coordinator) == KnownElsewhereAnswer(known=False)


def test_an_unknown_cpr_number_is_not_known_elsewhere(municipal_coordinator, randers):
    case_in(randers, cpr=OTHER_CPR)

    assert ask(municipal_coordinator) == KnownElsewhereAnswer(known=False)


def test_the_dash_is_optional(municipal_coordinator, randers):
    case_in(randers)

    assert ask(municipal_coordinator, cpr=DIGITS).known


def test_a_closed_case_still_counts(municipal_coordinator, randers):
    case_in(randers, status=workflow.Status.CLOSED)

    assert ask(municipal_coordinator).known


def test_a_person_with_a_case_at_home_and_elsewhere_is_known_elsewhere(
    municipal_coordinator, aarhus, randers
):
    case_in(aarhus)
    case_in(randers)

    assert ask(municipal_coordinator).known


def test_the_police_district_is_the_police_coordinator_s_own_scope(
    police_coordinator, randers, copenhagen, copenhagen_infohus
):
    case_in(randers)  # in Østjyllands Politi: the police coordinator's own district
    assert not ask(police_coordinator).known

    case_in(copenhagen)

    assert ask(police_coordinator).infohouses == (contact(copenhagen_infohus),)


def test_randers_learns_of_the_aarhus_case(other_coordinator, aarhus, east_jutland_infohus):
    case_in(aarhus)

    assert ask(other_coordinator).infohouses == (contact(east_jutland_infohus),)


@pytest.mark.parametrize("persona", sorted(set(PERSONAS) - ASKERS))
def test_only_coordinators_may_ask(request, persona, randers):
    case_in(randers)

    with pytest.raises(PermissionDenied):
        ask(request.getfixturevalue(persona))
    assert not AuditEvent.objects.exists()


def test_an_inactive_coordinator_may_not_ask(municipal_coordinator):
    municipal_coordinator.is_active = False

    with pytest.raises(PermissionDenied):
        ask(municipal_coordinator)


# -- Validation --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cpr", "purpose", "fields"),
    [
        ("", PURPOSE, {"cpr"}),
        ("12345", PURPOSE, {"cpr"}),
        ("320108-1234", PURPOSE, {"cpr"}),  # no 32nd of January
        (CPR, "", {"purpose"}),
        (CPR, "   ", {"purpose"}),
        (CPR, "kort", {"purpose"}),  # four characters
        (CPR, "x" * 301, {"purpose"}),
        ("nonsense", "", {"cpr", "purpose"}),
    ],
)
def test_a_bad_question_is_refused_unlogged_and_uncounted(
    municipal_coordinator, randers, cpr, purpose, fields
):
    case_in(randers)

    with pytest.raises(ValidationError) as refused:
        ask(municipal_coordinator, cpr=cpr, purpose=purpose)

    assert set(refused.value.error_dict) == fields
    assert not AuditEvent.objects.exists()
    with override_settings(FOREBYG_KNOWN_ELSEWHERE_LIMIT_PER_USER=1):
        assert ask(municipal_coordinator).known  # the refused question used none of the limit


def test_a_purpose_of_five_characters_is_enough_and_is_stripped(municipal_coordinator):
    ask(municipal_coordinator, purpose="  Tjek!  ")

    assert AuditEvent.objects.get().purpose == "Tjek!"


# -- Logging -----------------------------------------------------------------------------------


def test_the_question_is_logged_in_the_asker_s_organisation(municipal_coordinator, aarhus, randers):
    case_in(randers)

    ask(municipal_coordinator)

    asked = AuditEvent.objects.get(verb="known_elsewhere.asked")
    assert asked.organisation == aarhus
    assert asked.actor == municipal_coordinator
    assert asked.purpose == PURPOSE
    assert asked.after == {"cpr_index": index(), "answer": "yes"}
    assert asked.target_type == ""


def test_a_match_is_logged_in_the_municipality_that_knows_the_person(
    municipal_coordinator, randers, copenhagen
):
    case_in(randers)
    case_in(copenhagen)

    ask(municipal_coordinator)

    matched = AuditEvent.objects.filter(verb="known_elsewhere.matched")
    assert {event.organisation for event in matched} == {randers, copenhagen}
    for event in matched:
        assert event.actor == municipal_coordinator
        assert event.purpose == PURPOSE
        assert event.after == {"cpr_index": index(), "asked_by_organisation": "aarhus-kommune"}


def test_a_no_is_logged_for_the_asker_only(municipal_coordinator, aarhus):
    case_in(aarhus)  # the asker's own case is not a match

    ask(municipal_coordinator)

    event = AuditEvent.objects.get()
    assert event.verb == "known_elsewhere.asked"
    assert event.after == {"cpr_index": index(), "answer": "no"}


def test_a_police_coordinator_asks_from_the_police_district(
    police_coordinator, east_jutland_police, copenhagen
):
    case_in(copenhagen)

    ask(police_coordinator)

    asked = AuditEvent.objects.get(verb="known_elsewhere.asked")
    matched = AuditEvent.objects.get(verb="known_elsewhere.matched")
    assert asked.organisation == east_jutland_police
    assert matched.organisation == copenhagen
    assert matched.after == {"cpr_index": index(), "asked_by_organisation": east_jutland_police.key}


def test_a_police_coordinator_of_the_infohus_asks_from_the_infohus(
    east_jutland_infohus, copenhagen
):
    user = UserFactory.create(memberships=[(east_jutland_infohus, Role.POLICE_COORDINATOR)])
    case_in(copenhagen)

    assert ask(user).known
    assert AuditEvent.objects.get(verb="known_elsewhere.asked").organisation == (
        east_jutland_infohus
    )


def _no_cpr_in_the_log():
    formatted = f"{DIGITS[:6]}-{DIGITS[6:]}"
    for event in AuditEvent.objects.all():
        text = " ".join(
            [
                json.dumps(event.before),
                json.dumps(event.after),
                event.purpose,
                event.target_id,
                event.actor_label,
                event.request_id,
            ]
        )
        assert DIGITS not in text
        assert formatted not in text


def test_no_cpr_number_in_clear_anywhere_in_the_log(municipal_coordinator, randers):
    case_in(randers)

    ask(municipal_coordinator)
    ask(municipal_coordinator, cpr=DIGITS)
    with override_settings(FOREBYG_KNOWN_ELSEWHERE_LIMIT_PER_USER=2), pytest.raises(RateLimited):
        ask(municipal_coordinator)

    assert AuditEvent.objects.count() == 5  # two asked, two matched, one refused
    _no_cpr_in_the_log()


# -- Rate limits -------------------------------------------------------------------------------


@override_settings(FOREBYG_KNOWN_ELSEWHERE_LIMIT_PER_USER=2)
def test_a_user_is_refused_after_the_limit_and_the_refusal_is_logged(
    municipal_coordinator, aarhus, randers
):
    case_in(randers)
    ask(municipal_coordinator)
    ask(municipal_coordinator)
    before = AuditEvent.objects.count()

    with pytest.raises(RateLimited) as refused:
        ask(municipal_coordinator)

    assert refused.value.scope == "user"
    event = AuditEvent.objects.latest("id")
    assert AuditEvent.objects.count() == before + 1
    assert event.verb == "known_elsewhere.rate_limited"
    assert event.organisation == aarhus
    assert event.purpose == PURPOSE
    assert event.after == {"cpr_index": index(), "limit": "user"}


@override_settings(
    FOREBYG_KNOWN_ELSEWHERE_LIMIT_PER_USER=10, FOREBYG_KNOWN_ELSEWHERE_LIMIT_PER_ORGANISATION=2
)
def test_an_organisation_is_refused_after_its_limit_whoever_asks(
    municipal_coordinator, aarhus, randers, other_coordinator
):
    colleague = UserFactory.create(memberships=[(aarhus, Role.MUNICIPAL_COORDINATOR)])
    ask(municipal_coordinator)
    ask(colleague)

    with pytest.raises(RateLimited) as refused:
        ask(municipal_coordinator)

    assert refused.value.scope == "organisation"
    assert ask(other_coordinator) is not None  # Randers counts on its own


@override_settings(FOREBYG_KNOWN_ELSEWHERE_LIMIT_PER_USER=1)
def test_the_limit_is_per_user(municipal_coordinator, aarhus):
    colleague = UserFactory.create(memberships=[(aarhus, Role.MUNICIPAL_COORDINATOR)])
    ask(municipal_coordinator)

    assert ask(colleague) is not None
    with pytest.raises(RateLimited):
        ask(municipal_coordinator)


def test_the_default_limits(settings):
    assert settings.FOREBYG_KNOWN_ELSEWHERE_LIMIT_PER_USER == 20
    assert settings.FOREBYG_KNOWN_ELSEWHERE_LIMIT_PER_ORGANISATION == 200


# -- The page ----------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_every_persona_against_the_page(client, request, persona, method, randers):
    case_in(randers)
    client.force_login(request.getfixturevalue(persona))

    response = post(client) if method == "post" else client.get(URL)

    assert response.status_code == (200 if persona in ASKERS else 404)
    if persona not in ASKERS:
        assert not AuditEvent.objects.filter(verb__startswith="known_elsewhere").exists()


def test_the_route_is_declared_for_coordinators():
    rule = POLICY["exchange:known_elsewhere"]

    assert not rule.public
    assert rule.roles == COORDINATORS
    assert "infohus" in rule.object_rule


@pytest.mark.parametrize("method", ["get", "post"])
def test_an_anonymous_visitor_is_sent_to_login_without_the_cpr(client, method):
    response = post(client) if method == "post" else client.get(URL)

    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:login"))
    assert DIGITS[:6] not in response.url
    assert not AuditEvent.objects.filter(verb__startswith="known_elsewhere").exists()


def test_the_form_page(client, municipal_coordinator):
    client.force_login(municipal_coordinator)

    response = client.get(URL)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.text
    assert f'<form method="post" action="{URL}"' in html
    assert 'name="cpr"' in html
    assert 'name="purpose"' in html
    assert not AuditEvent.objects.exists()  # opening the form asks nothing


def test_the_answer_yes_names_the_infohus_and_nothing_about_the_case(
    client, municipal_coordinator, randers, east_jutland_infohus
):
    case = case_in(randers, status=workflow.Status.ANALYSIS)
    client.force_login(municipal_coordinator)

    response = post(client)

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    html = response.text
    answer = re.search(
        r'<div class="alert alert-info" role="status">.*?</div>\s*</div>', html, re.S
    )
    assert answer is not None
    assert danish("Yes: contact") in answer.group(0)
    assert (
        f'<a href="{east_jutland_infohus.get_absolute_url()}">Infohus Østjyllands Politi</a>'
        in (answer.group(0))
    )
    for revealing in _what_the_page_must_not_show(case):
        assert revealing not in html, revealing


def test_the_answer_for_copenhagen(client, municipal_coordinator, copenhagen, copenhagen_infohus):
    case = case_in(copenhagen)
    client.force_login(municipal_coordinator)

    html = post(client).text

    assert (
        f'<a href="{copenhagen_infohus.get_absolute_url()}">Infohus Københavns Politi</a>' in html
    )
    for revealing in _what_the_page_must_not_show(case):
        assert revealing not in html, revealing


def _what_the_page_must_not_show(case: Case) -> list[str]:
    municipality = case.municipality
    with translation.override("da"):
        status = str(case.get_status_display())
    values = [
        municipality.name_da,
        municipality.name_en,
        municipality.key,
        case.reference,
        case.person.pseudonym,
        case.person.name,
        status,
        case.opened_at.date().isoformat(),
        f"{case.opened_at:%d.%m.%Y}",
        f"{case.opened_at:%d-%m-%Y}",
        case.screening_due.isoformat(),
        f"{case.screening_due:%d.%m.%Y}",
        DIGITS,
        CPR,
    ]
    return [value for value in values if value]


def test_the_answer_no(client, municipal_coordinator, aarhus):
    case_in(aarhus)
    client.force_login(municipal_coordinator)

    html = post(client).text

    assert danish("No case in another municipality") in html
    assert danish("Yes: contact") not in html


def test_the_cpr_number_never_goes_in_a_url_and_is_not_shown_again(
    client, municipal_coordinator, randers
):
    case_in(randers)
    client.force_login(municipal_coordinator)

    response = post(client)

    assert response.status_code == 200  # answered on the page: no redirect
    assert response.get("Location") is None
    assert response.request["PATH_INFO"] == URL
    assert response.request.get("QUERY_STRING", "") == ""
    assert DIGITS not in response.text
    assert CPR not in response.text
    assert DIGITS[:6] not in response.text


def test_the_page_logs_in_both_organisations(client, municipal_coordinator, aarhus, randers):
    case_in(randers)
    client.force_login(municipal_coordinator)

    post(client)

    assert {(e.verb, e.organisation) for e in AuditEvent.objects.all()} == {
        ("known_elsewhere.asked", aarhus),
        ("known_elsewhere.matched", randers),
    }
    _no_cpr_in_the_log()


def test_a_missing_purpose_is_shown_and_nothing_is_logged(client, municipal_coordinator, randers):
    case_in(randers)
    client.force_login(municipal_coordinator)

    response = post(client, purpose="")

    assert response.status_code == 200
    assert 'class="alert alert-error" role="alert"' in response.text
    assert danish("State the purpose of the question.") in response.text
    assert danish("Yes: contact") not in response.text
    assert not AuditEvent.objects.exists()


def test_a_short_purpose_is_shown_and_nothing_is_logged(client, municipal_coordinator):
    client.force_login(municipal_coordinator)

    response = post(client, purpose="kort")

    assert response.status_code == 200
    assert (
        danish("Describe the purpose in at least %(limit)d characters.") % {"limit": 5}
        in response.text
    )
    assert not AuditEvent.objects.exists()


@pytest.mark.parametrize(
    ("cpr", "message"),
    [
        ("12345", "Write the CPR number as DDMMYY-XXXX or DDMMYYXXXX."),
        ("320108-1234", "The CPR number does not start with a real date."),
        ("", "Write the CPR number."),
    ],
)
def test_a_bad_cpr_number_is_shown_and_nothing_is_logged(
    client, municipal_coordinator, cpr, message
):
    client.force_login(municipal_coordinator)

    response = post(client, cpr=cpr)

    assert response.status_code == 200
    assert 'href="#id_cpr"' in response.text  # the error summary links to the field
    assert danish(message) in response.text
    assert not AuditEvent.objects.exists()


@override_settings(FOREBYG_KNOWN_ELSEWHERE_LIMIT_PER_USER=2)
def test_the_page_answers_429_after_the_limit(client, municipal_coordinator, aarhus, randers):
    case_in(randers)
    client.force_login(municipal_coordinator)
    assert post(client).status_code == 200
    assert post(client).status_code == 200

    response = post(client)

    assert response.status_code == 429
    assert "no-store" in response["Cache-Control"]
    assert int(response["Retry-After"]) > 0
    assert danish("Too many questions") in response.text
    assert danish("Yes: contact") not in response.text
    refused = AuditEvent.objects.get(verb="known_elsewhere.rate_limited")
    assert refused.organisation == aarhus
    assert AuditEvent.objects.filter(verb="known_elsewhere.asked").count() == 2
    _no_cpr_in_the_log()


def test_coordinators_find_the_page_from_their_start_page_and_the_person_search(
    client, municipal_coordinator
):
    client.force_login(municipal_coordinator)

    assert f'href="{URL}"' in client.get(reverse("accounts:start")).text
    assert f'href="{URL}"' in client.get(reverse("cases:person_search")).text


def test_others_do_not_get_the_link_on_their_start_page(client, professional):
    client.force_login(professional)

    assert f'href="{URL}"' not in client.get(reverse("accounts:start")).text
