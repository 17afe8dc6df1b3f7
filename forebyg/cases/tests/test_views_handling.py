"""The coordinators' case pages end to end through the test client: who gets in (every persona
against every cases:* URL), what is logged, status and classification with and without htmx,
concurrency, the dashboard's filters and query ceilings, the person search, attachments and the
screening deadline."""

import datetime
import json
import re
from dataclasses import dataclass
from html import escape

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import translation

from forebyg.audit.models import AuditEvent
from forebyg.cases import workflow
from forebyg.cases.models import (
    Attachment,
    Case,
    CaseMeasure,
    Concern,
    MeasureReview,
    ScreeningPolicy,
    StatusChange,
)
from forebyg.cases.services import ConcurrentChangeError
from forebyg.cases.tests.factories import (
    AssessmentFactory,
    CaseFactory,
    CaseMeasureFactory,
    ConcernFactory,
    ObservationFactory,
    PersonFactory,
    cpr_for,
)
from forebyg.cases.tests.helpers import PDF, days, row_counts, without_no_score_sentences
from forebyg.cases.views.common import DEFAULT_PURPOSE
from forebyg.prevention.models import ExtremismCategory, PreventionLevel, WarningSign

pytestmark = pytest.mark.django_db

Status = workflow.Status
HTMX = {"HX-Request": "true"}
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
# Who sees the cases of Aarhus (Østjyllands Politi's district); nobody here sees Copenhagen's.
AARHUS_SCOPE = {"municipal_coordinator", "police_coordinator"}
COORDINATORS = {"municipal_coordinator", "other_coordinator", "police_coordinator"}


def danish(message: str) -> str:
    """A message as the Danish page shows it (HTML-escaped)."""
    with translation.override("da"):
        return escape(str(translation.gettext(message)))


def concurrency_message() -> str:
    with translation.override("da"):
        return escape(str(ConcurrentChangeError().messages[0]))


CLOSED = (
    "This case is closed and can no longer be changed. A new concern about the "
    "person opens a new episode."
)


@dataclass
class Fixture:
    """A case with something behind every URL: a concern with a file, an assessment, a measure."""

    case: Case
    attachment: Attachment
    measure: CaseMeasure


def full_case(municipality, status: str = Status.ANALYSIS) -> Fixture:
    person = PersonFactory.create(municipality=municipality, name="Jonas Hansen")
    case = CaseFactory.create(person=person, status=status)
    concern = ConcernFactory.create(case=case, description="Deler voldelige videoer.")
    concern.signs.set(WarningSign.objects.all()[:2])
    attachment = Attachment(
        concern=concern,
        original_name="notat.pdf",
        content_type="application/pdf",
        size=len(PDF),
        sha256="0" * 64,
    )
    attachment.file.save("upload", ContentFile(PDF), save=False)
    attachment.save()
    ObservationFactory.create(assessment=AssessmentFactory.create(case=case))
    measure = CaseMeasureFactory.create(case=case)
    return Fixture(case, attachment, measure)


@pytest.fixture
def aarhus_case(aarhus) -> Fixture:
    return full_case(aarhus)


@pytest.fixture
def copenhagen_case(copenhagen) -> Fixture:
    return full_case(copenhagen)


# -- Every persona against every URL ---------------------------------------------------------


def _assessment_post(f: Fixture) -> dict:
    return {"summary": "Ny vurdering", "recommendation": "Mentor", "based_on_version": 1}


def _measure_post(f: Fixture) -> dict:
    return {
        "measure_type": f.measure.measure_type_id,
        "owner": f.case.municipality_id,
        "responsible_person": "Mette Mentor",
        "start": datetime.date.today().isoformat(),
        "status": "planned",
    }


def _review_post(f: Fixture) -> dict:
    return {
        "reviewed_on": datetime.date.today().isoformat(),
        "note": "Går godt",
        "status": "active",
    }


# (name, method, url, POST data): every cases:* URL about one case.
CASE_ROUTES = [
    ("detail", "get", lambda f: reverse("cases:detail", args=[f.case.pk]), None),
    ("person", "get", lambda f: reverse("cases:person", args=[f.case.person_id]), None),
    (
        "status",
        "post",
        lambda f: reverse("cases:status", args=[f.case.pk]),
        lambda f: {"to": Status.ASSESSMENT, "version": f.case.version},
    ),
    (
        "classify",
        "post",
        lambda f: reverse("cases:classify", args=[f.case.pk]),
        lambda f: {"acute": "on", "version": f.case.version},
    ),
    ("assessment_new", "get", lambda f: reverse("cases:assessment_new", args=[f.case.pk]), None),
    (
        "assessment_new",
        "post",
        lambda f: reverse("cases:assessment_new", args=[f.case.pk]),
        _assessment_post,
    ),
    ("assessment", "get", lambda f: reverse("cases:assessment", args=[f.case.pk, 1]), None),
    ("measure_new", "get", lambda f: reverse("cases:measure_new", args=[f.case.pk]), None),
    (
        "measure_new",
        "post",
        lambda f: reverse("cases:measure_new", args=[f.case.pk]),
        _measure_post,
    ),
    (
        "measure_review",
        "get",
        lambda f: reverse("cases:measure_review", args=[f.measure.pk]),
        None,
    ),
    (
        "measure_review",
        "post",
        lambda f: reverse("cases:measure_review", args=[f.measure.pk]),
        _review_post,
    ),
    ("attachment", "get", lambda f: reverse("cases:attachment", args=[f.attachment.pk]), None),
]
CASE_ROUTE_IDS = [f"{name}-{method}" for name, method, _url, _data in CASE_ROUTES]


def _call(client, method, url, data):
    return client.post(url, data) if method == "post" else client.get(url)


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "method", "url", "data"), CASE_ROUTES, ids=CASE_ROUTE_IDS)
@pytest.mark.parametrize("where", ["aarhus", "copenhagen"])
def test_every_persona_against_every_case_url(
    client, request, persona, name, method, url, data, where
):
    fixture = request.getfixturevalue(f"{where}_case")
    client.force_login(request.getfixturevalue(persona))

    response = _call(client, method, url(fixture), data(fixture) if data else None)

    allowed = where == "aarhus" and persona in AARHUS_SCOPE
    if allowed:
        assert response.status_code in (200, 302), response.content[:500]
    else:
        assert response.status_code == 404


# (name, method, POST data) of the pages that are not about one case.
PAGE_ROUTES = [
    ("cases:dashboard", "get", None),
    ("cases:person_search", "get", None),
    ("cases:person_search", "post", {"name": "Jonas", "purpose": "Screening af ny henvendelse"}),
    ("cases:settings", "get", None),
    ("cases:settings", "post", {"municipality": "", "days": "12"}),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(
    ("url_name", "method", "data"), PAGE_ROUTES, ids=[f"{n}-{m}" for n, m, _d in PAGE_ROUTES]
)
def test_every_persona_against_the_pages_without_a_case(
    client, request, persona, url_name, method, data
):
    client.force_login(request.getfixturevalue(persona))

    response = _call(client, method, reverse(url_name), data)

    # The screening deadline is the municipal coordinators' own; the police's comes from it.
    allowed = (
        COORDINATORS if url_name != "cases:settings" else COORDINATORS - {"police_coordinator"}
    )
    if persona in allowed:
        assert response.status_code in (200, 302)
    else:
        assert response.status_code == 404


def test_randers_gets_404_on_every_aarhus_case_url(client, other_coordinator, aarhus_case):
    client.force_login(other_coordinator)

    statuses = {
        f"{name}-{method}": _call(
            client, method, url(aarhus_case), data(aarhus_case) if data else None
        ).status_code
        for name, method, url, data in CASE_ROUTES
    }

    assert set(statuses.values()) == {404}, statuses
    assert not AuditEvent.objects.filter(actor=other_coordinator).exists()


def test_an_anonymous_visitor_is_sent_to_log_in(client, aarhus_case):
    for _name, method, url, data in CASE_ROUTES:
        response = _call(client, method, url(aarhus_case), data(aarhus_case) if data else None)
        assert response.status_code == 302
        assert response.url.startswith(reverse("accounts:login"))


def test_case_pages_are_never_cached(client, municipal_coordinator, aarhus_case):
    client.force_login(municipal_coordinator)

    for url in (
        reverse("cases:dashboard"),
        reverse("cases:detail", args=[aarhus_case.case.pk]),
        reverse("cases:person", args=[aarhus_case.case.person_id]),
    ):
        assert "no-store" in client.get(url)["Cache-Control"]


# -- Every view is logged with its purpose ---------------------------------------------------


def test_every_view_of_a_case_is_logged_with_the_default_purpose(
    client, municipal_coordinator, aarhus_case
):
    client.force_login(municipal_coordinator)

    client.get(reverse("cases:detail", args=[aarhus_case.case.pk]))
    client.get(reverse("cases:detail", args=[aarhus_case.case.pk]))

    events = AuditEvent.objects.filter(verb="case.viewed", target_id=str(aarhus_case.case.pk))
    assert events.count() == 2
    assert {e.purpose for e in events} == {DEFAULT_PURPOSE}
    assert {e.actor for e in events} == {municipal_coordinator}


def test_a_view_after_a_search_is_logged_with_the_search_s_purpose(
    client, municipal_coordinator, aarhus_case
):
    client.force_login(municipal_coordinator)
    purpose = "Screening af ny henvendelse"
    client.post(reverse("cases:person_search"), {"name": "jonas hansen", "purpose": purpose})

    client.get(reverse("cases:person", args=[aarhus_case.case.person_id]))
    client.get(reverse("cases:detail", args=[aarhus_case.case.pk]))

    person_view = AuditEvent.objects.get(verb="person.viewed")
    assert (person_view.target_id, person_view.purpose) == (
        str(aarhus_case.case.person_id),
        purpose,
    )
    assert AuditEvent.objects.get(verb="case.viewed").purpose == purpose


def test_a_case_of_someone_not_found_keeps_the_default_purpose(
    client, municipal_coordinator, aarhus, aarhus_case
):
    other = CaseFactory.create(person=PersonFactory.create(municipality=aarhus, name="Ida Berg"))
    client.force_login(municipal_coordinator)
    client.post(reverse("cases:person_search"), {"name": "Jonas", "purpose": "Møde"})

    client.get(reverse("cases:detail", args=[other.pk]))

    assert AuditEvent.objects.get(verb="case.viewed").purpose == DEFAULT_PURPOSE


def test_a_person_s_timeline_shows_every_episode_and_is_logged(
    client, municipal_coordinator, aarhus_case
):
    first = aarhus_case.case
    first.status = Status.CLOSED
    first.save()
    second = CaseFactory.create(person=first.person)
    client.force_login(municipal_coordinator)

    response = client.get(reverse("cases:person", args=[first.person_id]))

    assert response.status_code == 200
    html = response.text
    assert "Jonas Hansen" in html
    assert html.index(first.reference) < html.index(second.reference)
    event = AuditEvent.objects.get(verb="person.viewed")
    assert (event.actor, event.purpose) == (municipal_coordinator, DEFAULT_PURPOSE)


# -- Person search -----------------------------------------------------------------------------


def test_a_search_by_cpr_is_logged_with_its_purpose_and_never_the_cpr(
    client, municipal_coordinator, aarhus
):
    cpr = cpr_for(datetime.date(2010, 5, 17), "123")
    person = PersonFactory.create(municipality=aarhus, name="Ali Ahmed", cpr_number=cpr)
    CaseFactory.create(person=person)
    client.force_login(municipal_coordinator)

    response = client.post(
        reverse("cases:person_search"), {"cpr": cpr, "purpose": "Screening af ny henvendelse"}
    )

    assert response.status_code == 302
    assert response.url == reverse("cases:person_search")
    results = client.get(response.url)
    assert "Ali Ahmed" in results.text
    assert "170510-xxxx" in results.text
    assert reverse("cases:person", args=[person.pk]) in results.text
    event = AuditEvent.objects.get(verb="person.searched")
    assert event.purpose == "Screening af ny henvendelse"
    stored = json.dumps([event.before, event.after, event.purpose, event.target_id])
    digits = cpr.replace("-", "")
    assert digits not in stored and digits[:6] not in stored
    assert event.after is not None
    assert event.after["found"] == [person.pk]
    assert cpr not in json.dumps(dict(client.session))


def test_a_search_without_a_purpose_is_refused_and_logs_nothing(client, municipal_coordinator):
    client.force_login(municipal_coordinator)

    response = client.post(reverse("cases:person_search"), {"name": "Jonas Hansen"})

    assert response.status_code == 200
    assert danish("State the purpose of the search.") in response.text
    assert 'role="alert"' in response.text
    assert not AuditEvent.objects.exists()


def test_a_search_without_name_or_cpr_is_refused(client, municipal_coordinator):
    client.force_login(municipal_coordinator)

    response = client.post(reverse("cases:person_search"), {"purpose": "Møde"})

    assert danish("Search by a name or a CPR number.") in response.text
    assert not AuditEvent.objects.exists()


def test_a_bad_cpr_gets_the_service_s_message(client, municipal_coordinator):
    client.force_login(municipal_coordinator)

    response = client.post(reverse("cases:person_search"), {"cpr": "12", "purpose": "Møde"})

    assert response.status_code == 200
    assert 'id="id_cpr_error"' in response.text
    assert not AuditEvent.objects.exists()


def test_someone_out_of_scope_looks_exactly_like_no_match(
    client, municipal_coordinator, copenhagen_case
):
    client.force_login(municipal_coordinator)

    client.post(reverse("cases:person_search"), {"name": "Jonas Hansen", "purpose": "Møde"})
    response = client.get(reverse("cases:person_search"))

    assert "Jonas Hansen" not in response.text
    assert "Jonas" not in response.text
    assert danish("No person among your cases matches the search.") in response.text


def test_no_name_or_cpr_ever_goes_in_a_url(client, municipal_coordinator, aarhus_case):
    client.force_login(municipal_coordinator)

    response = client.post(
        reverse("cases:person_search"), {"name": "Jonas Hansen", "purpose": "Møde"}
    )
    page = client.get(response.url)

    assert "Jonas" not in response.url
    hrefs = re.findall(r'(?:href|action|hx-get|hx-post)="([^"]*)"', page.text)
    assert not [h for h in hrefs if "Jonas" in h or "Hansen" in h]


# -- The case page ---------------------------------------------------------------------------


def test_the_case_page_shows_everything_about_the_case(client, municipal_coordinator, aarhus_case):
    case = aarhus_case.case
    client.force_login(municipal_coordinator)

    response = client.get(reverse("cases:detail", args=[case.pk]))

    assert response.status_code == 200
    html = response.text
    for text in (
        case.reference,
        "Jonas Hansen",
        case.person.pseudonym,
        "Deler voldelige videoer.",
        "notat.pdf",
        reverse("cases:attachment", args=[aarhus_case.attachment.pk]),
        "Mette Mentor",
        "Observation",
        case.municipality.name_da,
        case.police_district.name_da,
        f'value="{case.version}"',
        reverse("cases:status", args=[case.pk]),
        reverse("cases:classify", args=[case.pk]),
        reverse("cases:assessment_new", args=[case.pk]),
        reverse("cases:measure_new", args=[case.pk]),
        reverse("cases:measure_review", args=[aarhus_case.measure.pk]),
    ):
        assert text in html, text
    assert "style=" not in html
    assert " onclick" not in html
    assert "score" not in without_no_score_sentences(html).lower()


def test_an_overdue_screening_is_highlighted(client, municipal_coordinator, aarhus):
    case = CaseFactory.create(
        person=PersonFactory.create(municipality=aarhus), screening_due=days(-2)
    )
    client.force_login(municipal_coordinator)

    html = client.get(reverse("cases:detail", args=[case.pk])).text

    assert 'badge badge-error">' + danish("Overdue") in html


def test_a_closed_case_is_shown_without_forms(client, municipal_coordinator, aarhus_case):
    case = aarhus_case.case
    Case.objects.filter(pk=case.pk).update(
        status=Status.CLOSED, closure_reason="moved", closure_outcome="unknown"
    )
    client.force_login(municipal_coordinator)

    html = client.get(reverse("cases:detail", args=[case.pk])).text

    assert reverse("cases:status", args=[case.pk]) not in html
    assert reverse("cases:classify", args=[case.pk]) not in html
    assert reverse("cases:measure_new", args=[case.pk]) not in html


def test_the_municipal_coordinator_sees_no_screening_choice(
    client, municipal_coordinator, police_coordinator, aarhus
):
    case = CaseFactory.create(
        person=PersonFactory.create(municipality=aarhus), status=Status.SCREENING
    )
    url = reverse("cases:detail", args=[case.pk])

    client.force_login(municipal_coordinator)
    municipal = client.get(url).text
    client.force_login(police_coordinator)
    police = client.get(url).text

    assert 'name="to"' not in municipal
    assert 'name="to"' in police
    assert 'value="police_only"' in police


# -- Status changes --------------------------------------------------------------------------


def _case(aarhus, status, **fields) -> Case:
    return CaseFactory.create(
        person=PersonFactory.create(municipality=aarhus), status=status, **fields
    )


def test_an_allowed_move_with_htmx_reloads_the_whole_case_page(
    client, municipal_coordinator, aarhus
):
    """A move changes which sections and forms the page offers, so htmx reloads all of it."""
    case = _case(aarhus, Status.INFORMATION_GATHERING)
    client.force_login(municipal_coordinator)

    response = client.post(
        reverse("cases:status", args=[case.pk]),
        {"to": Status.ANALYSIS, "version": case.version, "note": "Vi har hørt skolen."},
        headers=HTMX,
    )

    assert response.status_code == 200
    assert response["HX-Redirect"] == reverse("cases:detail", args=[case.pk])
    case.refresh_from_db()
    assert case.status == Status.ANALYSIS
    assert StatusChange.objects.get(case=case).note == "Vi har hørt skolen."
    assert not AuditEvent.objects.filter(verb="case.viewed").exists()
    page = client.get(response["HX-Redirect"])
    assert f'value="{case.version}"' in page.text  # the reloaded page carries the new version
    assert 'role="status"' in page.text  # the confirmation travels as a message


def test_an_allowed_move_without_javascript_redirects_to_the_case(
    client, municipal_coordinator, aarhus
):
    case = _case(aarhus, Status.RECEIVED)
    client.force_login(municipal_coordinator)

    response = client.post(
        reverse("cases:status", args=[case.pk]), {"to": Status.SCREENING, "version": case.version}
    )

    assert response.status_code == 302
    assert response.url == reverse("cases:detail", args=[case.pk])
    case.refresh_from_db()
    assert case.status == Status.SCREENING
    page = client.get(response.url)
    assert 'class="alert alert-success"' in page.text


def _only_views_logged(before: dict[str, int], views: int) -> dict[str, int]:
    """The row counts after refused htmx changes: the status panel shown again is a logged case
    view (one "case.viewed" each); nothing else was written."""
    verbs = list(AuditEvent.objects.order_by("-sequence").values_list("verb", flat=True)[:views])
    assert verbs == ["case.viewed"] * views
    return {**before, "AuditEvent": before["AuditEvent"] + views}


def test_a_move_outside_the_table_changes_nothing(client, municipal_coordinator, aarhus):
    case = _case(aarhus, Status.RECEIVED)
    client.force_login(municipal_coordinator)
    before = row_counts()

    response = client.post(
        reverse("cases:status", args=[case.pk]),
        {"to": Status.FOLLOW_UP, "version": case.version},
        headers=HTMX,
    )

    assert response.status_code == 200
    assert 'role="alert"' in response.text
    with translation.override("da"):
        label = escape(str(Status.FOLLOW_UP.label))
    assert label in response.text
    case.refresh_from_db()
    assert case.status == Status.RECEIVED
    assert row_counts() == _only_views_logged(before, 1)


def test_an_unknown_status_is_refused_without_a_500(client, municipal_coordinator, aarhus):
    case = _case(aarhus, Status.RECEIVED)
    client.force_login(municipal_coordinator)

    response = client.post(
        reverse("cases:status", args=[case.pk]), {"to": "nonsense", "version": "x"}
    )

    assert response.status_code == 200
    assert 'role="alert"' in response.text
    case.refresh_from_db()
    assert case.status == Status.RECEIVED


def test_closing_without_reason_and_outcome_changes_nothing(client, municipal_coordinator, aarhus):
    case = _case(aarhus, Status.FOLLOW_UP)
    client.force_login(municipal_coordinator)
    before = row_counts()

    response = client.post(
        reverse("cases:status", args=[case.pk]),
        {"to": Status.CLOSED, "version": case.version},
        headers=HTMX,
    )

    assert danish("Choose why the case is closed.") in response.text
    assert danish("Choose the outcome of the case.") in response.text
    case.refresh_from_db()
    assert case.status == Status.FOLLOW_UP
    assert row_counts() == _only_views_logged(before, 1)


def test_closing_with_reason_and_outcome_closes_the_case(client, municipal_coordinator, aarhus):
    case = _case(aarhus, Status.FOLLOW_UP)
    client.force_login(municipal_coordinator)

    client.post(
        reverse("cases:status", args=[case.pk]),
        {
            "to": Status.CLOSED,
            "version": case.version,
            "closure_reason": "measures_completed",
            "closure_outcome": "improved",
        },
    )

    case.refresh_from_db()
    assert (case.status, case.closure_reason, case.closure_outcome) == (
        Status.CLOSED,
        "measures_completed",
        "improved",
    )


def test_editing_a_closed_case_gets_a_clear_message(client, municipal_coordinator, aarhus):
    case = _case(aarhus, Status.CLOSED)
    client.force_login(municipal_coordinator)
    before = row_counts()

    status = client.post(
        reverse("cases:status", args=[case.pk]),
        {"to": Status.ANALYSIS, "version": case.version},
        headers=HTMX,
    )
    classify = client.post(
        reverse("cases:classify", args=[case.pk]),
        {"acute": "on", "version": case.version},
        headers=HTMX,
    )

    assert danish(CLOSED) in status.text
    assert danish(CLOSED) in classify.text
    case.refresh_from_db()
    assert (case.status, case.acute) == (Status.CLOSED, False)
    assert row_counts() == _only_views_logged(before, 2)


def test_a_stale_version_keeps_the_input_and_changes_nothing(client, municipal_coordinator, aarhus):
    case = _case(aarhus, Status.INFORMATION_GATHERING)
    stale = case.version
    Case.objects.filter(pk=case.pk).update(version=stale + 1)  # a colleague saved meanwhile
    client.force_login(municipal_coordinator)
    before = row_counts()

    response = client.post(
        reverse("cases:status", args=[case.pk]),
        {"to": Status.ANALYSIS, "version": stale, "note": "Min lange note om skolens møde"},
    )

    assert response.status_code == 200
    html = response.text
    assert concurrency_message() in html
    assert "Min lange note om skolens møde" in html
    assert 'value="analysis" checked' in html
    assert f'name="version" value="{stale + 1}"' in html
    case.refresh_from_db()
    assert case.status == Status.INFORMATION_GATHERING
    counts = row_counts()
    assert counts.pop("AuditEvent") == before.pop("AuditEvent") + 1  # the page view only
    assert counts == before

    again = client.post(
        reverse("cases:status", args=[case.pk]),
        {"to": Status.ANALYSIS, "version": stale + 1, "note": "Min lange note om skolens møde"},
    )

    assert again.status_code == 302
    case.refresh_from_db()
    assert case.status == Status.ANALYSIS


def test_a_stale_version_with_htmx_re_renders_the_panel(client, municipal_coordinator, aarhus):
    case = _case(aarhus, Status.ANALYSIS)
    Case.objects.filter(pk=case.pk).update(version=case.version + 3)
    client.force_login(municipal_coordinator)

    response = client.post(
        reverse("cases:status", args=[case.pk]),
        {"to": Status.ASSESSMENT, "version": case.version, "note": "Husk dette"},
        headers=HTMX,
    )

    assert response.status_code == 200
    assert "Husk dette" in response.text
    assert f'value="{case.version + 3}"' in response.text


def test_only_the_police_coordinator_records_the_screening(
    client, municipal_coordinator, police_coordinator, aarhus
):
    case = _case(aarhus, Status.SCREENING)
    url = reverse("cases:status", args=[case.pk])
    client.force_login(municipal_coordinator)

    refused = client.post(url, {"to": Status.UNFOUNDED, "version": case.version})

    assert refused.status_code == 403
    case.refresh_from_db()
    assert case.status == Status.SCREENING

    client.force_login(police_coordinator)
    accepted = client.post(url, {"to": Status.INFORMATION_GATHERING, "version": case.version})

    assert accepted.status_code == 302
    case.refresh_from_db()
    assert (case.status, case.screening_outcome) == (
        Status.INFORMATION_GATHERING,
        Status.INFORMATION_GATHERING,
    )


def test_police_only_with_htmx_reloads_the_page(client, police_coordinator, aarhus):
    case = _case(aarhus, Status.SCREENING)
    ConcernFactory.create(case=case, description="Hemmeligt")
    client.force_login(police_coordinator)

    response = client.post(
        reverse("cases:status", args=[case.pk]),
        {"to": Status.POLICE_ONLY, "version": case.version},
        headers=HTMX,
    )

    assert response["HX-Redirect"] == reverse("cases:detail", args=[case.pk])
    page = client.get(reverse("cases:detail", args=[case.pk]))
    assert "Hemmeligt" not in page.text


# -- Classification ----------------------------------------------------------------------------


def test_classifying_saves_category_level_and_acute(client, municipal_coordinator, aarhus):
    case = _case(aarhus, Status.ANALYSIS)
    category = ExtremismCategory.objects.get(key="right_wing")
    level = PreventionLevel.objects.get(key="anticipatory")
    client.force_login(municipal_coordinator)

    response = client.post(
        reverse("cases:classify", args=[case.pk]),
        {"category": category.pk, "level": level.pk, "acute": "on", "version": case.version},
        headers=HTMX,
    )

    assert response.status_code == 200
    case.refresh_from_db()
    assert (case.category, case.level, case.acute) == (category, level, True)
    assert AuditEvent.objects.filter(verb="case.classified").exists()


def test_classifying_with_a_stale_version_keeps_the_choice(client, municipal_coordinator, aarhus):
    case = _case(aarhus, Status.ANALYSIS)
    Case.objects.filter(pk=case.pk).update(version=case.version + 1)
    client.force_login(municipal_coordinator)

    response = client.post(
        reverse("cases:classify", args=[case.pk]),
        {"acute": "on", "version": case.version},
        headers=HTMX,
    )

    assert concurrency_message() in response.text
    assert 'name="acute" class="form-checkbox"' in response.text
    assert "checked" in response.text
    case.refresh_from_db()
    assert case.acute is False


# -- Attachments ---------------------------------------------------------------------------


def test_an_attachment_is_downloaded_as_a_file_and_logged(
    client, municipal_coordinator, aarhus_case
):
    client.force_login(municipal_coordinator)

    response = client.get(reverse("cases:attachment", args=[aarhus_case.attachment.pk]))

    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert response["Content-Disposition"].startswith("attachment;")
    assert "notat.pdf" in response["Content-Disposition"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Type"] == "application/pdf"
    event = AuditEvent.objects.get(verb="attachment.downloaded")
    assert event.purpose == DEFAULT_PURPOSE


def test_a_missing_file_is_a_404_not_a_500(client, municipal_coordinator, aarhus_case):
    aarhus_case.attachment.file.delete(save=False)
    client.force_login(municipal_coordinator)

    response = client.get(reverse("cases:attachment", args=[aarhus_case.attachment.pk]))

    assert response.status_code == 404


# -- Dashboard -------------------------------------------------------------------------------


def _many_cases(aarhus, n: int = 30) -> list[Case]:
    statuses = [Status.RECEIVED, Status.SCREENING, Status.ANALYSIS, Status.FOLLOW_UP]
    cases = []
    for i in range(n):
        person = PersonFactory.create(
            municipality=aarhus, birth_date=datetime.date(1990 + i % 25, 1, 1)
        )
        cases.append(
            CaseFactory.create(
                person=person,
                status=statuses[i % 4],
                acute=i % 7 == 0,
                screening_due=days(-1 if i % 3 == 0 else 5),
            )
        )
    for case in cases[2::4][:5]:
        CaseMeasureFactory.create(case=case, next_review=days(3))
    return cases


def test_the_dashboard_shows_counts_deadlines_and_cases(client, municipal_coordinator, aarhus):
    overdue = _case(aarhus, Status.RECEIVED, screening_due=days(-3))
    acute = _case(aarhus, Status.ANALYSIS, acute=True)
    measure = CaseMeasureFactory.create(case=acute, next_review=days(5))
    late = CaseMeasureFactory.create(case=acute)
    CaseMeasure.objects.filter(pk=late.pk).update(next_review=days(-4))
    late.refresh_from_db()
    client.force_login(municipal_coordinator)

    response = client.get(reverse("cases:dashboard"))

    assert response.status_code == 200
    html = response.text
    assert "<caption>" in html
    assert html.count(overdue.reference) >= 2  # overdue screenings and the list
    assert html.count(acute.reference) >= 4  # acute, two reviews and the list
    assert measure.next_review is not None and late.next_review is not None
    assert measure.next_review.strftime("%d.%m.%Y") in html
    assert late.next_review.strftime("%d.%m.%Y") in html
    assert 'role="search"' in html


@pytest.mark.parametrize("extra", [{}, {"status": "analysis", "age_band": "25+"}])
def test_the_dashboard_needs_few_queries(
    client, municipal_coordinator, aarhus, django_assert_max_num_queries, extra
):
    _many_cases(aarhus)
    client.force_login(municipal_coordinator)
    client.get(reverse("cases:dashboard"))  # warm the session and caches

    # 15: the list is a logged read (the audit chain head's lock and the event's insert).
    with django_assert_max_num_queries(15):
        response = client.get(reverse("cases:dashboard"), extra)

    assert response.status_code == 200


def test_the_filtered_list_with_htmx_needs_few_queries(
    client, municipal_coordinator, aarhus, django_assert_max_num_queries
):
    _many_cases(aarhus)
    client.force_login(municipal_coordinator)

    with django_assert_max_num_queries(7):
        response = client.get(
            reverse("cases:dashboard"), {"status": "received", "page": "1"}, headers=HTMX
        )

    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="case-results"')


def test_filters_narrow_the_list(client, municipal_coordinator, aarhus):
    cases = _many_cases(aarhus)
    client.force_login(municipal_coordinator)

    response = client.get(reverse("cases:dashboard"), {"status": "follow_up"}, headers=HTMX)

    html = response.text
    for case in cases:
        assert (case.reference in html) == (case.status == Status.FOLLOW_UP), case.status


def test_age_band_category_level_and_dates_filter(client, municipal_coordinator, aarhus):
    child = _case(aarhus, Status.ANALYSIS)  # born 2010: 0-14 or 15-17
    adult = CaseFactory.create(
        person=PersonFactory.create(municipality=aarhus, birth_date=datetime.date(1980, 1, 1)),
        category=ExtremismCategory.objects.get(key="left_wing"),
        level=PreventionLevel.objects.get(key="intervening"),
    )
    client.force_login(municipal_coordinator)
    url = reverse("cases:dashboard")

    by_age = client.get(url, {"age_band": "25+"}, headers=HTMX).text
    by_category = client.get(url, {"category": "left_wing"}, headers=HTMX).text
    by_level = client.get(url, {"level": "intervening"}, headers=HTMX).text
    by_date = client.get(url, {"opened_from": days(1).isoformat()}, headers=HTMX).text

    assert adult.reference in by_age and child.reference not in by_age
    assert adult.reference in by_category and child.reference not in by_category
    assert adult.reference in by_level and child.reference not in by_level
    assert adult.reference not in by_date and child.reference not in by_date


def test_search_by_reference_finds_the_case(client, municipal_coordinator, aarhus):
    wanted, other = _case(aarhus, Status.ANALYSIS), _case(aarhus, Status.ANALYSIS)
    client.force_login(municipal_coordinator)

    response = client.get(
        reverse("cases:dashboard"), {"reference": wanted.reference.lower().replace("-", " - ")}
    )

    assert wanted.reference in response.text
    assert other.reference not in response.text


def test_the_list_is_paginated(client, municipal_coordinator, aarhus):
    cases = _many_cases(aarhus)
    client.force_login(municipal_coordinator)

    first = client.get(reverse("cases:dashboard"), headers=HTMX).text
    second = client.get(reverse("cases:dashboard"), {"page": 2}, headers=HTMX).text

    oldest = sorted(cases, key=lambda c: (c.opened_at, c.id))[0]
    assert oldest.reference in second and oldest.reference not in first
    assert 'aria-current="page"' in second


@pytest.mark.parametrize(
    "query",
    [
        {"status": "bogus"},
        {"level": "nope", "category": "<script>"},
        {"age_band": "200"},
        {"opened_from": "31-02-2024", "opened_to": "x"},
        {"opened_from": "2024-05-01", "opened_to": "2024-01-01"},
        {"page": "abc"},
        {"page": "9999"},
        {"reference": "x" * 500},
    ],
)
def test_bad_filter_values_never_fail(client, municipal_coordinator, aarhus, query):
    _case(aarhus, Status.ANALYSIS)
    client.force_login(municipal_coordinator)

    response = client.get(reverse("cases:dashboard"), query)

    assert response.status_code == 200
    assert "<script>" not in response.text.split('id="case-results"')[1]


def test_the_police_coordinator_sees_the_district_s_cases(
    client, police_coordinator, aarhus, randers, copenhagen
):
    mine = [_case(aarhus, Status.ANALYSIS), _case(randers, Status.RECEIVED)]
    theirs = _case(copenhagen, Status.ANALYSIS)
    client.force_login(police_coordinator)

    html = client.get(reverse("cases:dashboard")).text

    assert all(case.reference in html for case in mine)
    assert theirs.reference not in html


def test_the_case_page_needs_few_queries(
    client, municipal_coordinator, aarhus_case, django_assert_max_num_queries
):
    case = aarhus_case.case
    for _ in range(3):
        concern = ConcernFactory.create(case=case)
        concern.signs.set(WarningSign.objects.all()[:3])
    for _ in range(3):
        measure = CaseMeasureFactory.create(case=case)
        MeasureReview.objects.create(
            measure=measure, reviewed_on=days(-1), note="ok", by=municipal_coordinator
        )
    ObservationFactory.create(assessment=AssessmentFactory.create(case=case))
    client.force_login(municipal_coordinator)
    client.get(reverse("cases:detail", args=[case.pk]))

    # 23: one is the break-glass banner's look-up of the coordinator's running grants (0009).
    with django_assert_max_num_queries(23):
        response = client.get(reverse("cases:detail", args=[case.pk]))

    assert response.status_code == 200
    assert Concern.objects.filter(case=case).count() == 4


def test_the_timeline_needs_few_queries(
    client, municipal_coordinator, aarhus_case, django_assert_max_num_queries
):
    first = aarhus_case.case
    Case.objects.filter(pk=first.pk).update(status=Status.CLOSED)
    for _ in range(3):
        CaseFactory.create(person=first.person, status=Status.CLOSED)
    CaseFactory.create(person=first.person)
    client.force_login(municipal_coordinator)
    client.get(reverse("cases:person", args=[first.person_id]))

    with django_assert_max_num_queries(13):
        response = client.get(reverse("cases:person", args=[first.person_id]))

    assert response.status_code == 200


# -- Settings --------------------------------------------------------------------------------


def test_the_coordinator_sets_the_screening_deadline(client, municipal_coordinator, aarhus):
    client.force_login(municipal_coordinator)

    response = client.post(reverse("cases:settings"), {"municipality": aarhus.pk, "days": "21"})

    assert response.status_code == 302
    assert ScreeningPolicy.objects.get(municipality=aarhus).screening_days == 21
    assert "21" in client.get(response.url).text


@pytest.mark.parametrize("value", ["0", "91", "ti", ""])
def test_a_deadline_outside_1_to_90_days_is_refused(client, municipal_coordinator, aarhus, value):
    client.force_login(municipal_coordinator)

    response = client.post(reverse("cases:settings"), {"municipality": aarhus.pk, "days": value})

    assert response.status_code == 200
    assert danish("Give a number of days from 1 to 90.") in response.text
    assert not ScreeningPolicy.objects.exists()


def test_a_coordinator_cannot_set_another_municipality_s_deadline(
    client, other_coordinator, aarhus
):
    client.force_login(other_coordinator)

    response = client.post(reverse("cases:settings"), {"municipality": aarhus.pk, "days": "5"})

    assert response.status_code == 200
    assert not ScreeningPolicy.objects.exists()


# -- Start page -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("persona", "present", "absent"),
    [
        (
            "municipal_coordinator",
            ["cases:dashboard", "cases:person_search", "concerns:report"],
            [],
        ),
        ("police_coordinator", ["cases:dashboard", "cases:person_search"], ["cases:settings"]),
        ("professional", ["concerns:report", "concerns:mine"], ["cases:dashboard"]),
        ("hotline_operator", ["concerns:hotline"], ["cases:dashboard"]),
        ("analyst", [], ["cases:dashboard", "cases:person_search"]),
    ],
)
def test_the_start_page_links_to_the_role_s_case_pages(client, request, persona, present, absent):
    client.force_login(request.getfixturevalue(persona))

    html = client.get(reverse("accounts:start")).text

    for name in present:
        assert f'href="{reverse(name)}"' in html, name
    for name in absent:
        assert f'href="{reverse(name)}"' not in html, name


def test_page_links_carry_one_question_mark_and_keep_the_filters(
    client, municipal_coordinator, aarhus
):
    _many_cases(aarhus)
    client.force_login(municipal_coordinator)

    html = client.get(reverse("cases:dashboard"), {"opened_from": "2000-01-01"}).text

    assert 'href="?opened_from=2000-01-01&amp;page=2"' in html
    assert "??" not in html


def test_a_note_typed_against_a_case_that_can_no_longer_move_is_shown_back(
    client, municipal_coordinator, police_coordinator, aarhus
):
    case = _case(aarhus, Status.RECEIVED)
    loaded_version = case.version
    client.force_login(municipal_coordinator)
    client.post(
        reverse("cases:status", args=[case.pk]), {"to": "screening", "version": loaded_version}
    )

    response = client.post(
        reverse("cases:status", args=[case.pk]),
        {"to": "screening", "version": loaded_version, "note": "Min vigtige note"},
        headers=HTMX,
    )

    assert response.status_code == 200
    assert "Min vigtige note" in response.text
    assert 'id="status-kept-note"' in response.text
