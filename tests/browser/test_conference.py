"""Issue 4: a case conference with the municipality, the police and psychiatry, in a real browser.

The teacher (laerer) reports a concern about a child in Aarhus; the Aarhus coordinator finds the
case and sends it to the police screening, and the police coordinator sends it to the infohus (as
in test_case_flow). The Aarhus coordinator then invites Psykiatrien i Region Midtjylland to the
case with a de-identified summary and a necessity note; psychiatry (psykiatri) sees the case by
pseudonym, age band, municipality and summary, and neither the name nor the CPR number.

The coordinator plans a conference, seats Aarhus Kommune, Østjyllands Politi and Psykiatrien i
Region Midtjylland (by person), puts the case on the agenda with a reason, and the agenda shows
for each participant whether it may hear the case and on which legal basis; she writes the
minutes and records Aarhus Kommune's own decision. She reveals the identity to psychiatry, which
then sees the name and the masked CPR number. The police coordinator exports the conference PDF
with a purpose: it names the municipality, each participant, each participant's legal basis as the
agenda shows it, and the purpose. A coordinator of Randers Kommune gets 404 on the conference and
on the partner's view of the case.

Every page answers without a 500, logs no console error (CSP included), loads every file it asks
for, and axe-core finds no WCAG 2.1 A/AA violation on it; failures of those checks are collected
and reported together at the end. Users find controls by their Danish labels and roles; `da()`
gives the Danish of an English msgid (support/texts.py).
"""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from django.urls import reverse
from playwright.sync_api import Locator, Page, expect

from tests.browser.support.actions import follow, link_to, login, open_page, wait_for_htmx
from tests.browser.support.checks import PageChecks
from tests.browser.support.factories import PageFactory
from tests.browser.support.texts import da, forget_looked_up, untranslated
from tests.browser.test_case_flow import (
    AARHUS,
    CASE_PATH,
    CASE_REFERENCE,
    COORDINATOR,
    OTHER_COORDINATOR,
    POLICE,
    TEACHER,
    Person,
    change_status,
    fill_and_send_report,
    main_link,
    match_or_fail,
    new_person,
    row,
    search_person,
    status_row,
)

pytestmark = pytest.mark.browser

PSYCHIATRY_USER = "psykiatri"

# Reference data (forebyg/actors/data/*.csv), as the organisations' Danish names appear.
POLICE_DISTRICT = "Østjyllands Politi"
PSYCHIATRY = "Psykiatrien i Region Midtjylland"
# Who sits at the table: (organisation, the person's name, role).
PARTICIPANTS = (
    (AARHUS, "Tove Holst", "Tovholder"),
    (POLICE_DISTRICT, "Peter Ravn", "Politikoordinator"),
    (PSYCHIATRY, "Sara Dahl", "Overlæge"),
)

SUMMARY = (
    "En ung i udskolingen deler højreekstremistiske memes i klassens chat og siger, at vold kan "
    "være nødvendig. Skolen og forældrene kender til bekymringen."
)
INVITE_NOTE = "Psykiatrien skal vurdere, om der er behov for et udredningsforløb."
REVEAL_NOTE = "Psykiatrien skal kunne finde den unge i journalen før konferencen."
REASON = "Fælles vurdering af risiko og ressourcer og aftale om, hvem der gør hvad."
MINUTES = "Politiet og psykiatrien deler vurderingen; kommunen tilbyder et mentorforløb."
DECISION = "Aarhus Kommune tilbyder et mentorforløb efter serviceloven."
DECIDED_BY = "Tove Holst, tovholder"
PDF_PURPOSE = "Kommunens journal over konferencen"
PDFTOTEXT = "/usr/bin/pdftotext"


@pytest.fixture(autouse=True)
def _own_texts() -> None:
    """The test reports the untranslated texts it looked for itself."""
    forget_looked_up()


def test_a_conference_with_police_and_psychiatry_discloses_lawfully(
    new_page: PageFactory, demo_password: Callable[[str], str], tmp_path: Path
) -> None:
    checks = PageChecks("da")
    person = new_person()

    # 1. The teacher reports the concern; the coordinator and the police screen it to the infohus.
    teacher = new_page()
    checks.check("teacher: start page", teacher, login(teacher, TEACHER, demo_password(TEACHER)))
    response = follow(teacher, main_link(teacher, da("Report a concern")))
    checks.check("teacher: the report form", teacher, response)
    checks.check("teacher: the receipt", teacher, fill_and_send_report(teacher, person))
    expect(teacher.locator("main h1")).to_have_text(da("Your concern has been received"))

    coordinator = new_page()
    response = login(coordinator, COORDINATOR, demo_password(COORDINATOR))
    checks.check("coordinator: start page", coordinator, response)
    search = main_link(coordinator, da("Search for a person"))
    checks.check("coordinator: person search", coordinator, follow(coordinator, search))
    response = search_person(coordinator, person)
    checks.check("coordinator: person search, the result", coordinator, response)
    person_link = coordinator.get_by_role("link", name=re.compile(re.escape(person.name)))
    response = follow(coordinator, person_link)
    checks.check("coordinator: the person's timeline", coordinator, response)
    case_link = coordinator.get_by_role("main").get_by_role("link", name=CASE_REFERENCE)
    expect(case_link).to_have_count(1)
    reference = case_link.inner_text().strip()
    response = follow(coordinator, case_link)
    checks.check("coordinator: the case (received)", coordinator, response)
    case_path = path_of(coordinator.url)
    match_or_fail(CASE_PATH, case_path)
    change_status(coordinator, da("Police screening"), note="Sendt til politiets screening.")
    checks.check("coordinator: the case in screening", coordinator)

    police = new_page()
    checks.check("police: start page", police, login(police, POLICE, demo_password(POLICE)))
    response = follow(police, main_link(police, da("Cases: overview and deadlines")))
    checks.check("police: dashboard", police, response)
    police.get_by_label(da("Case reference")).fill(reference)
    police.get_by_role("button", name=da("Show cases")).click()
    expect(police).to_have_url(re.compile(rf"[?&]reference={reference}(&|$)"))
    wait_for_htmx(police)
    checks.check("police: dashboard, searched for the case reference", police)
    results = police.locator("#case-results")
    response = follow(police, results.get_by_role("link", name=reference))
    checks.check("police: the case (screening)", police, response)
    change_status(police, da("Sent to the infohus"), note="Ingen strafbare forhold; til infohus.")
    checks.check("police: the case after the screening", police)
    expect(status_row(police)).to_contain_text(da("Information gathering"))

    # 2. The coordinator invites psychiatry with a de-identified summary and a necessity note.
    response = open_page(coordinator, case_path)
    checks.check("coordinator: the case (information gathering)", coordinator, response)
    exchange = coordinator.locator("#exchange")
    response = follow(coordinator, exchange.get_by_role("link", name=da("Invite a partner")))
    checks.check("coordinator: invite a partner", coordinator, response)
    lead = coordinator.get_by_role("main").locator(".font-lead").inner_text()
    pseudonym = match_or_fail(re.compile(rf"{re.escape(reference)} \((.+)\)"), lead).group(1)
    form = coordinator.get_by_role("main").locator("form")
    form.get_by_label(da("Partner"), exact=True).select_option(label=PSYCHIATRY)
    form.get_by_label(da("Concern summary for the partner")).fill(SUMMARY)
    form.get_by_label(re.compile(rf"^{re.escape(da('Necessity note'))}")).fill(INVITE_NOTE)
    response = follow(coordinator, form.get_by_role("button", name=da("Invite"), exact=True))
    checks.check("coordinator: the case with psychiatry invited", coordinator, response)
    assert path_of(coordinator.url) == case_path, coordinator.url
    partners = partner_row(coordinator, PSYCHIATRY)
    expect(partners).to_contain_text(da("Not revealed"))

    # 3. Psychiatry sees the case de-identified: pseudonym, age band, municipality, summary.
    psychiatry = new_page()
    response = login(psychiatry, PSYCHIATRY_USER, demo_password(PSYCHIATRY_USER))
    checks.check("psychiatry: start page", psychiatry, response)
    response = follow(psychiatry, main_link(psychiatry, da("Cases you are invited to")))
    checks.check("psychiatry: the cases it is invited to", psychiatry, response)
    assert_hides_identity(psychiatry, person, "psychiatry's list of cases")
    response = follow(psychiatry, main_link(psychiatry, pseudonym))
    checks.check("psychiatry: the de-identified case", psychiatry, response)
    partner_case_path = path_of(psychiatry.url)
    expect(psychiatry.locator("main h1")).to_contain_text(pseudonym)
    expect(row(psychiatry, da("Pseudonym"))).to_contain_text(pseudonym)
    expect(row(psychiatry, da("Age band"))).to_contain_text(expected_age_band(person))
    expect(row(psychiatry, da("Municipality"))).to_contain_text(AARHUS)
    expect(row(psychiatry, da("Identity"))).to_contain_text(da("Not revealed to your organisation"))
    expect(psychiatry.get_by_role("main")).to_contain_text(SUMMARY)
    expect(psychiatry.get_by_role("rowheader", name=da("Name"), exact=True)).to_have_count(0)
    assert_hides_identity(psychiatry, person, "psychiatry's view of the case")

    # 4. The coordinator plans the conference, seats the participants and puts the case on it.
    response = open_page(coordinator, reverse("accounts:start"))
    checks.check("coordinator: start page again", coordinator, response)
    response = follow(coordinator, main_link(coordinator, da("Case conferences")))
    checks.check("coordinator: the conferences", coordinator, response)
    response = follow(coordinator, main_link(coordinator, da("Plan a conference")))
    checks.check("coordinator: plan a conference", coordinator, response)
    held_on = datetime.date.today() + datetime.timedelta(days=7)
    form = coordinator.get_by_role("main").locator("form")
    form.get_by_label(da("Municipality")).select_option(label=AARHUS)
    form.get_by_label(da("Date"), exact=True).fill(held_on.isoformat())
    form.get_by_label(re.compile(rf"^{re.escape(da('Location'))}")).fill("Infohuset, Aarhus")
    response = follow(coordinator, form.get_by_role("button", name=da("Plan the conference")))
    checks.check("coordinator: the new conference", coordinator, response)
    conference_path = path_of(coordinator.url)
    expect(row(coordinator, da("Municipality"))).to_contain_text(AARHUS)
    expect(row(coordinator, da("Police district"))).to_contain_text(POLICE_DISTRICT)

    for organisation, name, role in PARTICIPANTS:
        seat = coordinator.get_by_role("form", name=da("Add a participant"))
        seat.get_by_label(da("Organisation")).select_option(label=organisation)
        seat.get_by_label(da("Participant's name")).fill(name)
        seat.get_by_label(re.compile(rf"^{re.escape(da('Role'))}")).fill(role)
        response = follow(coordinator, seat.get_by_role("button", name=da("Add the participant")))
        checks.check(f"coordinator: the conference with {organisation}", coordinator, response)
        people = coordinator.locator("#participants").get_by_role("table")
        expect(people.get_by_role("row").filter(has_text=name)).to_contain_text(organisation)

    agenda = coordinator.get_by_role("form", name=da("Put a case on the agenda"))
    agenda.get_by_label(da("Case"), exact=True).select_option(label=f"{reference} ({pseudonym})")
    agenda.get_by_label(da("Why the case must be discussed")).fill(REASON)
    response = follow(coordinator, agenda.get_by_role("button", name=da("Add the case")))
    checks.check("coordinator: the conference with the case on the agenda", coordinator, response)
    item = coordinator.locator("#agenda article").filter(has_text=reference)
    expect(item).to_have_count(1)
    expect(item).to_contain_text(REASON)
    expect(item).not_to_contain_text(person.name)

    # The agenda shows, for each participant, whether it may hear the case and on what basis.
    clearances = item.get_by_role(
        "table", name=da("Who may hear case %(reference)s", reference=reference)
    )
    legal_bases: dict[str, str] = {}
    for organisation, name, _role in PARTICIPANTS:
        clearance = clearance_row(clearances, name)
        cells = clearance.get_by_role("cell")
        expect(cells.nth(0)).to_have_text(organisation)
        expect(cells.nth(1)).to_have_text(da("Cleared"))
        legal_bases[name] = cells.nth(2).inner_text().strip()
    assert legal_bases[PARTICIPANTS[0][1]] == da("Own case"), legal_bases
    for _organisation, name, _role in PARTICIPANTS[1:]:
        assert re.search(r"§\s*115", legal_bases[name]), f"{name}: {legal_bases[name]!r}"

    # Minutes, then Aarhus Kommune's own decision (the conference itself decides nothing).
    minutes = item.get_by_role("textbox", name=starts_with(da("Minutes")))
    minutes.fill(MINUTES)
    write = item.get_by_role("button", name=starts_with(da("Write the minutes")))
    response = follow(coordinator, write)
    checks.check("coordinator: the conference with minutes", coordinator, response)
    item = coordinator.locator("#agenda article").filter(has_text=reference)
    expect(item).to_contain_text(MINUTES)

    decision = item.get_by_role(
        "form", name=da("Record an authority's own decision on %(reference)s", reference=reference)
    )
    decision.get_by_label(starts_with(da("Authority"))).select_option(label=AARHUS)
    decision.get_by_label(starts_with(da("Decided by"))).fill(DECIDED_BY)
    decision.get_by_label(starts_with(da("Decision"))).fill(DECISION)
    record = decision.get_by_role("button", name=starts_with(da("Record the decision")))
    response = follow(coordinator, record)
    checks.check("coordinator: the conference with a decision", coordinator, response)
    item = coordinator.locator("#agenda article").filter(has_text=reference)
    own_decision = da("%(organisation)s's own decision", organisation=AARHUS)
    expect(item.get_by_role("heading", name=own_decision)).to_be_visible()
    expect(item).to_contain_text(DECISION)

    # 5. The coordinator reveals the identity to psychiatry, which now sees name and masked CPR.
    response = open_page(coordinator, case_path)
    checks.check("coordinator: the case before revealing the identity", coordinator, response)
    reveal = partner_row(coordinator, PSYCHIATRY).get_by_role(
        "link", name=starts_with(da("Reveal the identity"))
    )
    response = follow(coordinator, reveal)
    checks.check("coordinator: reveal the identity", coordinator, response)
    expect(coordinator.locator("main h1")).to_have_text(
        da("Reveal the identity to %(partner)s", partner=PSYCHIATRY)
    )
    form = coordinator.get_by_role("main").locator("form")
    form.get_by_label(re.compile(rf"^{re.escape(da('Necessity note'))}")).fill(REVEAL_NOTE)
    response = follow(coordinator, form.get_by_role("button", name=da("Reveal the identity")))
    checks.check("coordinator: the case with the identity revealed", coordinator, response)
    expect(partner_row(coordinator, PSYCHIATRY)).not_to_contain_text(da("Not revealed"))

    response = open_page(psychiatry, partner_case_path)  # psychiatry reloads the case
    checks.check("psychiatry: the case with the identity revealed", psychiatry, response)
    masked = f"{person.cpr[:6]}-xxxx"
    expect(row(psychiatry, da("Name"))).to_contain_text(person.name)
    expect(row(psychiatry, da("CPR number")).get_by_role("cell")).to_have_text(masked)
    assert person.cpr not in psychiatry.content(), "psychiatry sees the whole CPR number"

    # 6. The police coordinator exports the conference PDF with a purpose.
    response = open_page(police, reverse("accounts:start"))
    checks.check("police: start page again", police, response)
    response = follow(police, main_link(police, da("Case conferences")))
    checks.check("police: the conferences", police, response)
    response = follow(police, link_to(police, conference_path))
    checks.check("police: the conference", police, response)
    expect(police.get_by_role("form", name=da("Put a case on the agenda"))).to_have_count(0)
    export = police.locator("#export")
    export.get_by_label(da("Purpose of the export")).fill(PDF_PURPOSE)
    with police.expect_download() as download_info:
        export.get_by_role("button", name=da("Download the PDF")).click()
    download = download_info.value
    assert download.suggested_filename.endswith(".pdf"), download.suggested_filename
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert saved.read_bytes().startswith(b"%PDF-"), "the download is not a PDF"
    checks.check("police: the conference after the export", police)
    text = pdf_text(saved)
    expected = [AARHUS, POLICE_DISTRICT, PDF_PURPOSE, reference, MINUTES, DECISION]
    for organisation, name, _role in PARTICIPANTS:
        expected += [organisation, name, legal_bases[name]]
    missing = [wanted for wanted in expected if squash(wanted) not in text]
    assert not missing, f"The conference PDF lacks {missing}; its text:\n{text}"
    assert person.name not in text, "The conference PDF names the person"
    assert person.cpr not in text, "The conference PDF holds the CPR number"

    # 7. A coordinator of Randers Kommune gets 404 on the conference and on the partner's view.
    other = new_page()
    response = login(other, OTHER_COORDINATOR, demo_password(OTHER_COORDINATOR))
    checks.check("Randers coordinator: start page", other, response)
    for name, path in (
        ("the conference", conference_path),
        ("the partner case", partner_case_path),
    ):
        response = open_page(other, path, status=404)
        checks.check(f"Randers coordinator: {name}", other, response, status=404)

    absent = untranslated()
    if absent:
        checks.failures.append(
            f"{len(absent)} text(s) of the flow have no Danish translation and show in English "
            "on pages that say lang=da:\n  " + "\n  ".join(absent)
        )
    checks.assert_all_passed()


# -- Helpers -----------------------------------------------------------------------------------


def path_of(url: str) -> str:
    return re.sub(r"^https?://[^/]+", "", url).split("#", 1)[0]


def starts_with(text: str) -> re.Pattern[str]:
    """An accessible name that starts with TEXT (a label, then hidden words such as the case)."""
    return re.compile(rf"^{re.escape(text)}(\s|$)")


def partner_row(page: Page, partner: str) -> Locator:
    """The partner's row in the case page's table of invited partners."""
    table = page.locator("#exchange").get_by_role("table", name=da("Invited partners"))
    found = table.get_by_role("row").filter(has=page.get_by_role("cell", name=partner, exact=True))
    expect(found, f"{partner} among the invited partners").to_have_count(1)
    return found


def clearance_row(table: Locator, participant: str) -> Locator:
    header = table.page.get_by_role("rowheader", name=participant, exact=True)
    found = table.get_by_role("row").filter(has=header)
    expect(found, f"{participant} in {table}").to_have_count(1)
    return found


def assert_hides_identity(page: Page, person: Person, where: str) -> None:
    """Neither the name nor the CPR number (nor its digits without the dash) is on the page."""
    __tracebackhide__ = True
    html = page.content()
    shown = page.locator("body").inner_text()
    for text in (person.name, person.cpr, person.cpr.replace("-", "")):
        assert text not in shown, f"{where} shows {text!r}"
        assert text not in html, f"{where} holds {text!r} in its HTML"


def expected_age_band(person: Person) -> str:
    """The age band of the person today, as the partner's page labels it."""
    born = datetime.datetime.strptime(person.cpr[:6], "%d%m%y").date()
    if born > datetime.date.today():
        born = born.replace(year=born.year - 100)
    today = datetime.date.today()
    age = today.year - born.year - ((today.month, today.day) < (born.month, born.day))
    assert age <= 17, f"new_person() made someone of {age}"
    return da("0-14 years") if age <= 14 else da("15-17 years")


def squash(text: str) -> str:
    return " ".join(text.split())


def pdf_text(path: Path) -> str:
    """The PDF's text by poppler's pdftotext, with all whitespace squashed to single spaces."""
    executable = shutil.which("pdftotext") or PDFTOTEXT
    result = subprocess.run(  # noqa: S603 - poppler's pdftotext on our own download
        [executable, "-enc", "UTF-8", str(path), "-"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert result.returncode == 0, f"pdftotext failed: {result.stderr}"
    return squash(result.stdout)
