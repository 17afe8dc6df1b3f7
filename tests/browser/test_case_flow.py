"""Issue 3: a concern goes from the teacher's report to a closed case, in a real browser.

The teacher (laerer) reports a concern with an attachment from her start page and follows it
under "Dine henvendelser". The Aarhus coordinator finds the person by CPR number, opens the case,
downloads the attachment and sends the case to the police screening; the police coordinator
finds the case by its reference and sends it to the infohus. The Aarhus coordinator moves it
through analysis, writes an assessment, moves it to assessment and recommendation, records a
measure, moves it to follow-up, records a review and closes the case (first forgetting the reason
and the outcome, then with both). The teacher then sees her report as concluded and nothing
else, and a coordinator of Randers Kommune gets 404 on every URL of the Aarhus case (GET and
POST) and finds neither the case nor the person.

Also here: the acute hint (the form and the receipt of an acute concern say where to call), and
two tabs changing the same case's status at once.

Every page of the flow answers without a 500, logs no console error (CSP included), loads every
file it asks for, and axe-core finds no WCAG 2.1 A/AA violation on it, also after htmx swapped
a part of it. Failures of those checks are collected and reported together at the end.

Users find controls as a person does, by their Danish labels and roles. The test names a text
by its English msgid and `da()` gives the Danish the page shows (support/texts.py); a text the
flow relies on that has no Danish translation is reported as a failure too.
"""

from __future__ import annotations

import datetime
import random
import re
from collections.abc import Callable
from dataclasses import dataclass, field

import pytest
from django.urls import reverse
from playwright.sync_api import FilePayload, Locator, Page, Response, expect

from tests.browser.support.actions import follow, login, logout, open_page, wait_for_htmx
from tests.browser.support.checks import (
    PageChecks,
    assert_accessible,
    assert_no_page_problems,
    page_problems,
)
from tests.browser.support.factories import PageFactory
from tests.browser.support.texts import da, forget_looked_up, untranslated

pytestmark = pytest.mark.browser

TEACHER = "laerer"
COORDINATOR = "tovholder-aarhus"
POLICE = "politi-oestjylland"
OTHER_COORDINATOR = "tovholder-randers"

# Reference data (forebyg/actors/data/*.csv), as its Danish names appear on the pages.
AARHUS = "Aarhus Kommune"
SIGNS = ("Parathed til at bruge vold", "Fjendebilleder og os-og-dem-tænkning")
CATEGORY = "Højreekstremisme"
DIMENSION = "Bekymrende overbevisninger og retorik"  # the first of the nine
MEASURE_TYPE = "Mentorforløb"
ATTACHMENT = "skaermbillede-af-chatten.pdf"
PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"  # the server sniffs "%PDF-"

REPORTER_REFERENCE = re.compile(r"BH-[A-Z0-9]{4}-[A-Z0-9]{4}")
CASE_REFERENCE = re.compile(r"FB-[A-Z0-9]{4}-[A-Z0-9]{4}")
CASE_PATH = re.compile(r"/sager/(\d+)/$")
PERSON_PATH = re.compile(r"/sager/person/(\d+)/$")

_rng = random.Random()  # a fresh person per test: the server's database lives for the whole run


@dataclass(frozen=True)
class Person:
    name: str
    cpr: str  # DDMMYY-XXXX


def new_person() -> Person:
    """A child of 14 or 15 nobody has reported yet (a random CPR number and name)."""
    born = datetime.date.today() - datetime.timedelta(days=_rng.randint(14 * 366, 15 * 365))
    century_digit = 4 if born.year <= 2036 else 5  # the CPR office's table: born 2000-2036, ...
    serial = century_digit * 1000 + _rng.randint(0, 999)
    surname = "".join(_rng.choice("bdfghklmnprstv") + _rng.choice("aeiou") for _ in range(3))
    return Person(f"Emil {surname.capitalize()}sen", f"{born:%d%m%y}-{serial}")


@dataclass
class CaseUrls:
    """The URLs of the case the flow visited, for the check that another municipality gets 404."""

    gets: dict[str, str] = field(default_factory=dict)  # name -> path, pages opened with GET
    posts: dict[str, str] = field(default_factory=dict)  # name -> path, forms posted to

    def add_get(self, name: str, url: str) -> str:
        self.gets[name] = _path(url)
        return self.gets[name]


def _path(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url).split("#", 1)[0]


# -- The flow ----------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _own_texts() -> None:
    """Each test reports the untranslated texts it looked for itself."""
    forget_looked_up()


def test_a_concern_goes_from_the_teachers_report_to_closure(
    new_page: PageFactory, demo_password: Callable[[str], str]
) -> None:
    checks = PageChecks("da")
    person = new_person()
    urls = CaseUrls()

    # 1. The teacher reports the concern from her start page and sees it received.
    teacher = new_page()
    checks.check("teacher: start page", teacher, login(teacher, TEACHER, demo_password(TEACHER)))
    response = follow(teacher, main_link(teacher, da("Report a concern")))
    checks.check("teacher: the report form", teacher, response)
    response = fill_and_send_report(teacher, person, attachment=True)
    checks.check("teacher: the receipt", teacher, response)
    expect(teacher.locator("main h1")).to_have_text(da("Your concern has been received"))
    reporter_reference = row_value(teacher, da("Reference number"))
    assert REPORTER_REFERENCE.fullmatch(reporter_reference), reporter_reference
    expect(row(teacher, da("Status"))).to_contain_text(da("Received"))
    expect(row(teacher, da("Sent to"))).to_contain_text(AARHUS)
    expect(teacher.get_by_role("rowheader", name=da("Acute"))).to_have_count(0)  # not acute

    response = follow(teacher, main_link(teacher, da("Your reports")))
    checks.check("teacher: her reports", teacher, response)
    expect(report_row(teacher, reporter_reference)).to_contain_text(da("Received"))
    checks.check("teacher: logged out", teacher, logout(teacher))

    # 2. The Aarhus coordinator finds the person by CPR, opens the case, sends it to screening.
    coordinator = new_page()
    response = login(coordinator, COORDINATOR, demo_password(COORDINATOR))
    checks.check("coordinator: start page", coordinator, response)
    response = follow(coordinator, main_link(coordinator, da("Cases: overview and deadlines")))
    checks.check("coordinator: dashboard", coordinator, response)
    search = main_link(coordinator, da("Search for a person by name or CPR number"))
    checks.check("coordinator: person search", coordinator, follow(coordinator, search))
    response = search_person(coordinator, person)
    checks.check("coordinator: person search, the result", coordinator, response)
    person_link = coordinator.get_by_role("link", name=re.compile(re.escape(person.name)))
    response = follow(coordinator, person_link)
    checks.check("coordinator: the person's timeline", coordinator, response)
    assert PERSON_PATH.search(coordinator.url), coordinator.url
    urls.add_get("person timeline", coordinator.url)
    expect(coordinator.locator("main h1")).to_have_text(person.name)

    case_link = coordinator.get_by_role("main").get_by_role("link", name=CASE_REFERENCE)
    expect(case_link).to_have_count(1)  # one episode: the new case
    case_reference = case_link.inner_text().strip()
    response = follow(coordinator, case_link)
    checks.check("coordinator: the case (received)", coordinator, response)
    detail = urls.add_get("case page", coordinator.url)
    case_id = int(match_or_fail(CASE_PATH, detail).group(1))
    add_case_urls(urls, case_id)
    expect(coordinator.locator("main h1")).to_have_text(
        da("Case %(reference)s", reference=case_reference)
    )
    expect(coordinator.get_by_role("main")).to_contain_text(person.name)
    expect(status_row(coordinator)).to_contain_text(da("Received"))
    attachment = coordinator.get_by_role("main").get_by_role("link", name=ATTACHMENT)
    with coordinator.expect_download() as download:
        attachment.click()
    assert download.value.suggested_filename == ATTACHMENT
    urls.add_get("attachment", attachment.get_attribute("href") or "")

    change_status(coordinator, da("Police screening"), note="Sendt til politiets screening.")
    checks.check("coordinator: the case after moving to screening", coordinator)
    expect(status_row(coordinator)).to_contain_text(da("Police screening"))

    # 3. The police coordinator finds the case by its reference and sends it to the infohus.
    police = new_page()
    checks.check("police: start page", police, login(police, POLICE, demo_password(POLICE)))
    response = follow(police, main_link(police, da("Cases: overview and deadlines")))
    checks.check("police: dashboard", police, response)
    police.get_by_label(da("Case reference")).fill(case_reference)
    police.get_by_role("button", name=da("Show cases")).click()
    expect(police).to_have_url(re.compile(rf"[?&]reference={case_reference}(&|$)"))
    wait_for_htmx(police)
    results = police.locator("#case-results")
    expect(results.get_by_role("row")).to_have_count(2)  # the header and the one case
    checks.check("police: dashboard, searched for the case reference", police)
    response = follow(police, results.get_by_role("link", name=case_reference))
    checks.check("police: the case (screening)", police, response)
    change_status(police, da("Sent to the infohus"), note="Ingen strafbare forhold; til infohus.")
    checks.check("police: the case after the screening", police)
    expect(status_row(police)).to_contain_text(da("Information gathering"))
    expect(police.get_by_role("main")).to_contain_text(da("Sent to the infohus"))

    # 4. The Aarhus coordinator takes the case through the infohus steps and closes it.
    response = open_page(coordinator, detail)  # she comes back to the case later
    checks.check("coordinator: the case (information gathering)", coordinator, response)
    change_status(coordinator, da("Analysis"), note="Oplysninger indhentet fra skolen.")
    checks.check("coordinator: the case after moving to analysis", coordinator)

    response = follow(coordinator, main_link(coordinator, da("Write the first assessment")))
    checks.check("coordinator: new assessment", coordinator, response)
    urls.add_get("new assessment", coordinator.url)
    response = write_assessment(coordinator)
    checks.check("coordinator: the assessment, version 1", coordinator, response)
    urls.add_get("assessment, version 1", coordinator.url)
    expect(coordinator.get_by_role("main")).to_contain_text("Deler højreekstremistiske memes")
    expect(coordinator.get_by_role("main")).to_contain_text("God kontakt til klasselæreren")
    response = follow(coordinator, main_link(coordinator, da("Back to the case")))
    checks.check("coordinator: the case with its assessment", coordinator, response)

    change_status(coordinator, da("Assessment and recommendation"))
    checks.check("coordinator: the case after moving to assessment", coordinator)
    response = follow(coordinator, main_link(coordinator, da("Record a measure")))
    checks.check("coordinator: new measure", coordinator, response)
    urls.add_get("new measure", coordinator.url)
    response = record_measure(coordinator)
    checks.check("coordinator: the case with its measure", coordinator, response)
    measures = coordinator.locator("#measures")
    expect(measures).to_contain_text(MEASURE_TYPE)
    expect(measures).to_contain_text("Mette Jensen, mentor")

    change_status(coordinator, da("Follow-up"))
    checks.check("coordinator: the case after moving to follow-up", coordinator)
    review_link = measures.get_by_role("link", name=re.compile(re.escape(da("Record a review"))))
    response = follow(coordinator, review_link)
    checks.check("coordinator: review of the measure", coordinator, response)
    urls.add_get("review of the measure", coordinator.url)
    response = record_review(coordinator)
    checks.check("coordinator: the case with the review", coordinator, response)
    expect(coordinator.locator("#measures")).to_contain_text("Mødes ugentligt med mentor")

    # She forgets the reason and the outcome at first: the panel says what is missing.
    change_status(coordinator, da("Closed"), note="Forløbet er afsluttet.", expect_done=False)
    errors = coordinator.locator("#status-panel").get_by_role("alert")
    expect(errors).to_contain_text(da("Choose why the case is closed."))
    expect(errors).to_contain_text(da("Choose the outcome of the case."))
    reason = coordinator.get_by_label(da("Reason for closing"))
    expect(reason).to_have_attribute("aria-invalid", "true")
    expect(reason).to_have_accessible_description(
        re.compile(re.escape(da("Choose why the case is closed.")))
    )
    expect(status_row(coordinator)).to_contain_text(da("Follow-up"))
    checks.check("coordinator: closing without a reason and an outcome", coordinator)
    change_status(
        coordinator,
        da("Closed"),
        note="Forløbet er afsluttet.",
        reason=da("The measures are completed"),
        outcome=da("Positive development"),
    )
    checks.check("coordinator: the closed case", coordinator)
    expect(status_row(coordinator)).to_contain_text(da("Closed"))
    closed_row = row(coordinator, da("Closed"))
    expect(closed_row).to_contain_text(da("The measures are completed"))
    expect(coordinator.get_by_role("button", name=da("Change the status"))).to_have_count(0)
    # The page must not go on offering what a closed case no longer allows.
    main = coordinator.get_by_role("main")
    actions = ("Write a new version of the assessment", "Record a measure", "Record a review")
    stale = [da(a) for a in actions if main.get_by_role("link", name=da(a)).count()]
    if stale:
        checks.failures.append(
            "[da] coordinator: the closed case, after the status change by htmx, still offers: "
            + ", ".join(f"“{action}”" for action in stale)
        )
    response = open_page(coordinator, urls.gets["person timeline"])
    checks.check("coordinator: the person's timeline, case closed", coordinator, response)
    expect(coordinator.get_by_role("main")).to_contain_text(da("Closed"))

    # 5. The teacher sees her report as concluded, and nothing else about the case.
    response = login(teacher, TEACHER, demo_password(TEACHER))
    checks.check("teacher: start page again", teacher, response)
    response = follow(teacher, main_link(teacher, da("My reports")))
    checks.check("teacher: her reports, concluded", teacher, response)
    expect(report_row(teacher, reporter_reference)).to_contain_text(da("Concluded"))
    response = follow(teacher, main_link(teacher, reporter_reference))
    checks.check("teacher: her report, concluded", teacher, response)
    expect(row(teacher, da("Status"))).to_contain_text(da("Concluded"))
    hidden = (
        case_reference,
        person.name,
        person.cpr,
        MEASURE_TYPE,
        "Mette Jensen",
        da("The measures are completed"),
        da("Positive development"),
    )
    assert_shows_none_of(teacher, hidden, "her report")
    follow(teacher, main_link(teacher, da("Back to your reports")))
    assert_shows_none_of(teacher, hidden, "her reports")
    for name, path in urls.gets.items():
        assert_not_found(teacher, path, f"teacher: {name}")

    # 6. A coordinator of Randers Kommune gets 404 on every URL of the Aarhus case.
    other = new_page()
    response = login(other, OTHER_COORDINATOR, demo_password(OTHER_COORDINATOR))
    checks.check("Randers coordinator: start page", other, response)
    for name, path in urls.gets.items():
        assert_not_found(other, path, f"Randers coordinator: {name}")
    checks.check("Randers coordinator: the 404 page", other, status=404)
    for name, path in urls.posts.items():
        assert_post_not_found(other, path, f"Randers coordinator: {name}")
    # Nor do the dashboard or the person search of Randers know the case or the person.
    response = open_page(other, reverse("cases:dashboard"))
    other.get_by_label(da("Case reference")).fill(case_reference)
    other.get_by_role("button", name=da("Show cases")).click()
    expect(other).to_have_url(re.compile(rf"[?&]reference={case_reference}(&|$)"))
    wait_for_htmx(other)
    expect(other.locator("#case-results")).to_contain_text(da("No cases match the filters."))
    checks.check("Randers coordinator: dashboard, searched for the Aarhus case", other, response)
    open_page(other, reverse("cases:person_search"))
    response = search_person(other, person)
    expect(other.get_by_role("main")).to_contain_text(
        da("No person among your cases matches the search.")
    )
    checks.check("Randers coordinator: person search for the Aarhus person", other, response)

    missing = untranslated()
    if missing:
        checks.failures.append(
            f"{len(missing)} text(s) of the flow have no Danish translation and show in English "
            "on pages that say lang=da:\n  " + "\n  ".join(missing)
        )
    checks.assert_all_passed()


def add_case_urls(urls: CaseUrls, case_id: int) -> None:
    """The case's form actions (POST only: a GET is a 405 for anyone)."""
    urls.posts["status change"] = reverse("cases:status", args=[case_id])
    urls.posts["classification"] = reverse("cases:classify", args=[case_id])


# -- The acute hint ----------------------------------------------------------------------------


def test_an_acute_concern_shows_where_to_call(
    new_page: PageFactory, demo_password: Callable[[str], str]
) -> None:
    """The form tells where to call when there is danger now, at the acute box too; a concern
    sent as acute gets the same advice on its receipt and is flagged acute there."""
    checks = PageChecks("da")
    teacher = new_page()
    login(teacher, TEACHER, demo_password(TEACHER))
    open_page(teacher, reverse("concerns:report"))
    acute = teacher.get_by_role("checkbox", name=da("The concern is acute"))
    expect(acute).to_have_accessible_description(re.compile(r"\b114\b.*\b112\b"))
    expect(teacher.get_by_role("main")).to_contain_text(
        da("If there is immediate danger, call the police now")
    )
    response = fill_and_send_report(teacher, new_person(), acute=True)
    checks.check("teacher: receipt of an acute concern", teacher, response)
    alert = teacher.get_by_role("main").locator(".alert-warning")
    expect(alert).to_contain_text(da("If there is immediate danger, call the police now"))
    expect(alert).to_contain_text("114")
    expect(row(teacher, da("Acute"))).to_contain_text(da("Yes: the case is flagged as acute"))
    checks.assert_all_passed()


# -- Two users change the same case at once ----------------------------------------------------

CONCURRENT_CHANGE = (
    "Someone else changed this case while you were working on it, so your change was not saved. "
    "Your input is kept: check the case as it is now and send it again."
)


@pytest.mark.parametrize(
    ("username", "first_move", "second_move"),
    [
        # Both tabs send the new concern to screening: after the refusal no move is left to her.
        pytest.param(COORDINATOR, "Police screening", "Police screening", id="received"),
        # The police screen it differently in each tab: after the refusal she can still move it.
        pytest.param(POLICE, "Sent to the infohus", "Unfounded", id="screening"),
    ],
)
def test_a_status_change_on_a_case_changed_meanwhile_is_refused_clearly(
    new_page: PageFactory,
    demo_password: Callable[[str], str],
    username: str,
    first_move: str,
    second_move: str,
) -> None:
    """Two tabs (as two colleagues would) show the same case; both change its status. The second
    is told clearly that someone else changed the case, nothing of hers is saved, and her note is
    still in the form to send again."""
    person = new_person()
    teacher = new_page()
    login(teacher, TEACHER, demo_password(TEACHER))
    open_page(teacher, reverse("concerns:report"))
    fill_and_send_report(teacher, person)
    coordinator = new_page()
    login(coordinator, COORDINATOR, demo_password(COORDINATOR))
    open_page(coordinator, reverse("cases:person_search"))
    search_person(coordinator, person)
    follow(coordinator, coordinator.get_by_role("link", name=re.compile(re.escape(person.name))))
    follow(coordinator, coordinator.get_by_role("main").get_by_role("link", name=CASE_REFERENCE))
    detail = _path(coordinator.url)
    if username != COORDINATOR:  # the case waits for the police
        change_status(coordinator, da("Police screening"))

    first, second = new_page(), new_page()
    for tab in (first, second):
        login(tab, username, demo_password(username))
        open_page(tab, detail)
    change_status(first, da(first_move), note="Skrevet i den første fane.")
    note = "Min note fra den anden fane, som ikke må gå tabt."
    change_status(second, da(second_move), note=note, expect_done=False)

    expect(second.get_by_role("alert")).to_contain_text(da(CONCURRENT_CHANGE))
    history = second.get_by_role("table", name=da("Every status step of the case, oldest first"))
    expect(history).to_contain_text("Skrevet i den første fane.")
    expect(history).not_to_contain_text(note)  # nothing of hers was saved
    expect(status_row(second)).to_contain_text(label_of(da(first_move)))
    # "Your input is kept": the note she wrote is shown back: in the form to send again, or,
    # when the case can no longer be moved from here, read-only to copy.
    kept = second.locator("#status-panel textarea").filter(has_text=note)
    expect(kept, "the note of the refused change").to_have_count(1, timeout=2000)
    assert_no_page_problems(second)
    assert_accessible(second)


# -- What the users do -------------------------------------------------------------------------


def main_link(page: Page, name: str) -> Locator:
    """The one link in main whose accessible name is NAME."""
    link = page.get_by_role("main").get_by_role("link", name=name, exact=True)
    expect(link, f"a link {name!r} in main").to_have_count(1)
    return link


def fill_and_send_report(
    page: Page, person: Person, *, acute: bool = False, attachment: bool = False
) -> Response:
    """The report form of a professional, filled as the teacher does, then sent."""
    form = page.get_by_role("main")
    form.get_by_label(da("The person's full name")).fill(person.name)
    form.get_by_label(da("CPR number")).fill(person.cpr)
    form.get_by_label(da("Municipality where the person lives")).select_option(label=AARHUS)
    form.get_by_label(da("What worries you?")).fill(
        "Eleven har i flere uger delt højreekstremistiske memes i klassens chat og siger, "
        "at vold kan være nødvendig. Klasselæreren og skolelederen kender til det."
    )
    for sign in SIGNS:
        form.get_by_role("checkbox", name=sign).check()
    form.get_by_label(da("Kind of extremism")).select_option(label=CATEGORY)
    if acute:
        form.get_by_role("checkbox", name=da("The concern is acute")).check()
    question = "If the person is under 18: do the custody holders know about the concern?"
    custody = form.get_by_role("group", name=da(question))
    custody.get_by_role("radio", name=da("Yes"), exact=True).check()
    form.get_by_label(da("How can the municipality reach you?")).fill(
        "Lærke Holm, 12 34 56 78, lh@demoskolen.dk"
    )
    if attachment:
        pdf: FilePayload = {"name": ATTACHMENT, "mimeType": "application/pdf", "buffer": PDF}
        form.get_by_label(da("Files")).set_input_files(files=[pdf])
    return follow(page, form.get_by_role("button", name=da("Send the concern")))


def search_person(page: Page, person: Person) -> Response:
    """The person search by CPR number, with its purpose."""
    form = page.get_by_role("form", name=da("Who are you looking for?"))
    form.get_by_label(da("CPR number")).fill(person.cpr)
    form.get_by_label(da("Purpose of the search")).fill("Screening af en ny bekymringshenvendelse")
    return follow(page, form.get_by_role("button", name=da("Search")))


def change_status(
    page: Page,
    to: str,
    *,
    note: str = "",
    reason: str = "",
    outcome: str = "",
    expect_done: bool = True,
) -> None:
    """Choose the new status TO (its label), write the note and send. A refused change comes back
    in the panel (htmx); a done change reloads the whole case page, with the confirmation."""
    panel = page.locator("#status-panel")
    form = panel.get_by_role("form", name=da("Change the status"))
    form.get_by_role("group", name=da("New status")).get_by_role("radio", name=to).check()
    if note:
        form.get_by_label(da("Note")).fill(note)
    if reason:
        form.get_by_label(da("Reason for closing")).select_option(label=reason)
    if outcome:
        form.get_by_label(da("Outcome")).select_option(label=outcome)
    with page.expect_response(
        lambda r: r.request.method == "POST" and "/status/" in r.url
    ) as answer:
        form.get_by_role("button", name=da("Change the status")).click()
    status = answer.value.status
    assert status == 200, f"The status change answered {status}"
    if expect_done:
        now = da("The case's status is now “%(status)s”.", status=label_of(to))
        expect(page.get_by_role("status").filter(has_text=now)).to_be_visible()
        page.wait_for_load_state()
    else:
        wait_for_htmx(page)


def label_of(choice: str) -> str:
    """The case status a screening outcome leads to (the outcome "Sent to the infohus" is the
    status "Information gathering"); other choices are statuses already."""
    if choice == da("Sent to the infohus"):
        return da("Information gathering")
    return choice


def write_assessment(page: Page) -> Response:
    """A risk and a resource in the first dimension, a summary and a recommendation."""
    main = page.get_by_role("main")
    dimension = main.get_by_role("group", name=re.compile(re.escape(DIMENSION)))
    dimension.get_by_label(starts_with(da("Risk"))).fill(
        "Deler højreekstremistiske memes i klassens chat.\n\nSiger at vold kan være nødvendig."
    )
    dimension.get_by_label(starts_with(da("Resource"))).fill("God kontakt til klasselæreren.")
    main.get_by_label(da("Summary")).fill("Begyndende radikalisering; gode relationer i skolen.")
    main.get_by_label(da("Recommendation")).fill("Mentorforløb og samtale med forældrene.")
    return follow(page, main.get_by_role("button", name=da("Save the assessment")))


def record_measure(page: Page) -> Response:
    today = datetime.date.today()
    main = page.get_by_role("main")
    main.get_by_label(da("Type of measure")).select_option(label=MEASURE_TYPE)
    main.get_by_label(da("Owning authority")).select_option(label=AARHUS)
    main.get_by_label(da("Responsible person")).fill("Mette Jensen, mentor")
    main.get_by_label(da("Start"), exact=True).fill(today.isoformat())
    main.get_by_label(da("Next review")).fill((today + datetime.timedelta(days=91)).isoformat())
    return follow(page, main.get_by_role("button", name=da("Record the measure")))


def record_review(page: Page) -> Response:
    today = datetime.date.today()
    main = page.get_by_role("main")
    main.get_by_label(da("Note")).fill("Mødes ugentligt med mentor; god udvikling.")
    main.get_by_label(da("Status after the review")).select_option(label=da("Active"))
    main.get_by_label(da("Next review")).fill((today + datetime.timedelta(days=182)).isoformat())
    return follow(page, main.get_by_role("button", name=da("Record the review")))


# -- What the pages show -----------------------------------------------------------------------


def row(page: Page, header: str) -> Locator:
    """The table row in main whose row header is HEADER."""
    header_cell = page.get_by_role("rowheader", name=header, exact=True)
    found = page.get_by_role("main").get_by_role("row").filter(has=header_cell)
    expect(found, f"a row {header!r}").to_have_count(1)
    return found


def row_value(page: Page, header: str) -> str:
    return row(page, header).get_by_role("cell").inner_text().strip()


def status_row(page: Page) -> Locator:
    panel = page.locator("#status-panel")
    header_cell = page.get_by_role("rowheader", name=da("Status"), exact=True)
    return panel.get_by_role("row").filter(has=header_cell)


def report_row(page: Page, reference: str) -> Locator:
    found = page.get_by_role("main").get_by_role("row").filter(has_text=reference)
    expect(found, f"the report {reference}").to_have_count(1)
    return found


def starts_with(text: str) -> re.Pattern[str]:
    """An accessible name that starts with TEXT (a label, then hidden words such as whose)."""
    return re.compile(rf"^{re.escape(text)}\b")


def match_or_fail(pattern: re.Pattern[str], text: str) -> re.Match[str]:
    found = pattern.search(text)
    assert found, f"{text!r} does not match {pattern.pattern}"
    return found


def assert_shows_none_of(page: Page, hidden: tuple[str, ...], name: str) -> None:
    shown = page.get_by_role("main").inner_text()
    for text in hidden:
        assert text not in shown, f"The teacher sees {text!r} on {name}"


def assert_not_found(page: Page, path: str, name: str) -> None:
    """GET PATH answers 404, and the page logs nothing but that."""
    __tracebackhide__ = True
    response = page.goto(path)
    assert response is not None, f"{name}: no response for {path}"
    assert response.status == 404, f"{name}: {path} answered {response.status}, not 404"
    assert_no_page_problems(page, allow_statuses=(404,))
    page_problems(page).clear()


def assert_post_not_found(page: Page, path: str, name: str) -> None:
    """A POST to PATH with a valid CSRF token (the user's own) answers 404."""
    __tracebackhide__ = True
    token = page.locator("input[name=csrfmiddlewaretoken]").first.get_attribute("value") or ""
    response = page.request.post(
        path, form={"csrfmiddlewaretoken": token}, headers={"X-CSRFToken": token}
    )
    assert response.status == 404, f"{name}: POST {path} answered {response.status}, not 404"
