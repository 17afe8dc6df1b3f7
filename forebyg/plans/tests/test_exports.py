"""DOCX and PDF exports of a version (issue 5, point 6): the files open and hold the plan."""

import io
import re
import shutil
import subprocess

import docx
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from forebyg.audit.models import AuditEvent
from forebyg.plans.exports.html_to_docx import add_html
from forebyg.plans.tests import exports_data
from forebyg.plans.tests.factories import PlanFactory, VersionFactory
from forebyg.plans.workflow import VersionStatus


def pdf_text(data: bytes) -> str:
    """The text of a PDF as poppler's pdftotext reads it (layout kept, pages split by \\f)."""
    executable = shutil.which("pdftotext")
    if executable is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    result = subprocess.run(  # noqa: S603 (our own bytes into a fixed command)
        [executable, "-layout", "-", "-"], input=data, capture_output=True, check=True
    )
    return result.stdout.decode("utf-8")


@pytest.fixture
def version(aarhus, east_jutland_police):
    draft = VersionFactory.create(plan=PlanFactory.create(municipality=aarhus))
    return exports_data.complete_version(draft, [aarhus, east_jutland_police])


def test_the_docx_holds_the_title_page_sections_matrix_initiatives_and_cards(
    client, plan_owner, version
):
    client.force_login(plan_owner)

    response = client.get(reverse("plans:version_docx", args=[version.pk]))

    assert response.status_code == 200
    assert response["Content-Type"].endswith("wordprocessingml.document")
    document = docx.Document(io.BytesIO(response.content))
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs[0] == version.title
    assert "Aarhus Kommune" in paragraphs
    assert "Formål" in paragraphs
    assert "Kommunen forebygger ekstremisme tidligt." in paragraphs
    assert "Indsats på niveau 1" in paragraphs
    assert "Handlekort for skolens ansatte" in paragraphs
    title_facts = [[c.text for c in row.cells] for row in document.tables[0].rows]
    assert title_facts[0][1] == str(version.number)
    matrix = [[c.text for c in row.cells] for row in document.tables[1].rows]
    assert matrix[1][0] == "Modtage bekymringer"
    assert sorted(matrix[1][1:]) == ["A", "R"]


def test_the_docx_turns_the_rich_text_into_runs_lists_and_quotes(client, plan_owner, version):
    client.force_login(plan_owner)

    response = client.get(reverse("plans:version_docx", args=[version.pk]))

    document = docx.Document(io.BytesIO(response.content))
    by_text = {p.text: p for p in document.paragraphs}
    styles = {text: p.style.name if p.style else "" for text, p in by_text.items()}
    assert [r.text for r in by_text["Kommunen forebygger ekstremisme tidligt."].runs if r.bold] == [
        "forebygger"
    ]
    assert styles["Mål"] == "Heading 3"
    assert styles["Første mål"] == "List Bullet"
    assert styles["Delmål"] == "List Bullet 2"
    assert styles["Trin to"] == "List Number"
    assert styles["Citat fra CDE"] == "Quote"
    link = next(text for text in by_text if text.startswith("Linje et"))
    assert "\n" in link and "hotline (https://www.stopekstremisme.dk)" in link


def test_the_pdf_has_the_text_contents_and_page_numbers(client, plan_owner, version):
    client.force_login(plan_owner)

    with translation.override("da"):
        response = client.get(reverse("plans:version_pdf", args=[version.pk]))
        page_one = gettext("Page {page} of {pages}").split("{page}")[0].strip()

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    pages = text.count("\f")
    assert "Kommunen forebygger ekstremisme tidligt." in text
    assert re.search(r"Formål[ .]+\d+", text), "the contents list the section with its page"
    assert re.search(rf"{re.escape(page_one)} 2 \w+ {pages}", text)
    assert "Aarhus Kommune" in text.split("\f")[1], "the header names the municipality"
    assert "Modtage bekymringer" in text


def test_every_export_by_a_reader_is_audited_with_its_format(
    client, municipal_coordinator, version
):
    client.force_login(municipal_coordinator)

    client.get(reverse("plans:version_pdf", args=[version.pk]))
    client.get(reverse("plans:version_docx", args=[version.pk]))

    events = AuditEvent.objects.filter(verb="plan.exported", target_id=str(version.pk))
    assert sorted(str((event.after or {}).get("format")) for event in events) == ["docx", "pdf"]
    assert {event.organisation_id for event in events} == {version.plan.municipality_id}


@pytest.mark.parametrize("persona", ["other_coordinator", "professional", "partner"])
@pytest.mark.parametrize("route", ["plans:version_pdf", "plans:version_docx"])
def test_outsiders_get_a_404_and_nothing_is_audited(client, request, version, persona, route):
    client.force_login(request.getfixturevalue(persona))

    response = client.get(reverse(route, args=[version.pk]))

    assert response.status_code == 404
    assert not AuditEvent.objects.filter(verb="plan.exported").exists()


def test_the_public_pdf_is_the_published_version_without_login(client, aarhus):
    plan = PlanFactory.create(municipality=aarhus)
    published = VersionFactory.create(plan=plan, status=VersionStatus.PUBLISHED, title="Udgivet")
    exports_data.add_sections(published)
    VersionFactory.create(plan=plan, title="Kladde")

    response = client.get(reverse("plans:public_pdf", args=[aarhus.code]))

    assert response.status_code == 200
    text = pdf_text(response.content)
    assert "Udgivet" in text and "Kladde" not in text


@pytest.mark.parametrize("status", [VersionStatus.DRAFT, VersionStatus.ADOPTED])
def test_there_is_no_public_pdf_before_publication(client, aarhus, status):
    VersionFactory.create(plan=PlanFactory.create(municipality=aarhus), status=status)

    assert client.get(reverse("plans:public_pdf", args=[aarhus.code])).status_code == 404
    assert client.get(reverse("plans:public_pdf", args=["0000"])).status_code == 404


def test_a_thirty_page_plan_renders(client, plan_owner, aarhus):
    version = VersionFactory.create(plan=PlanFactory.create(municipality=aarhus))
    paragraph = "<p>" + "Kommunen samarbejder med skoler, klubber og politi. " * 6 + "</p>"
    exports_data.add_sections(version)
    version.sections.update(body=paragraph * 75)
    client.force_login(plan_owner)

    response = client.get(reverse("plans:version_pdf", args=[version.pk]))

    assert pdf_text(response.content).count("\f") >= 30


def test_each_numbered_list_of_a_section_starts_again_at_one():
    document = docx.Document()

    add_html(document, "<ol><li>a</li><li>b</li></ol><p>mellem</p><ol><li>c</li></ol>")

    def num_id(paragraph):
        return paragraph._p.pPr.numPr.numId.val

    a, b, _between, c = document.paragraphs
    assert num_id(a) == num_id(b) != num_id(c)
    restarts = document.part.numbering_part.element.xpath(
        f'.//w:num[@w:numId="{num_id(c)}"]//w:startOverride/@w:val'
    )
    assert restarts == ["1"]


def test_the_version_page_links_to_both_exports_and_shows_the_coverage(
    client, municipal_coordinator, version
):
    client.force_login(municipal_coordinator)

    response = client.get(reverse("plans:version", args=[version.pk]))

    assert response.status_code == 200
    html = response.content.decode()
    assert reverse("plans:version_docx", args=[version.pk]) in html
    assert reverse("plans:version_pdf", args=[version.pk]) in html
    assert 'id="coverage-heading"' in html
    assert "alert-success" in html  # the complete version lacks nothing
