"""A version as a Word document (python-docx), for the municipality to edit and take to the
council: a title page, every section, the roles matrix as a table, the initiatives with their
indicators and the action cards. Plan text is the municipality's own Danish; the labels around it
follow the active language."""

import datetime
import io
from decimal import Decimal

from django.template.defaultfilters import floatformat
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from docx import Document as new_document
from docx.document import Document
from docx.enum.text import WD_BREAK
from docx.shared import Pt

from forebyg.core.exports import Stamp, add_docx_stamp
from forebyg.plans.exports.content import InitiativeBlock, Matrix, PlanDocument
from forebyg.plans.exports.html_to_docx import add_html
from forebyg.plans.models import ActionCard

NOT_GIVEN = "–"


def _value(value: Decimal | None, unit: str = "") -> str:
    if value is None:
        return NOT_GIVEN
    return f"{floatformat(value, -2)} {unit}".strip()


def _title_page(document: Document, plan: PlanDocument, stamp: Stamp) -> None:
    version = plan.version
    document.add_heading(version.title, level=0)
    document.add_paragraph(plan.municipality.name).runs[0].font.size = Pt(16)
    facts = [
        (_("Version"), str(version.number)),
        (_("Status"), str(version.get_status_display())),
        (
            _("Adopted by the council"),
            date_format(version.council_decision_date) if version.council_decision_date else "",
        ),
        (_("Council decision reference"), version.council_reference),
    ]
    table = document.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    for label, value in facts:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value or NOT_GIVEN
    document.add_paragraph()
    add_docx_stamp(document, stamp)
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)


def _sections(document: Document, plan: PlanDocument) -> None:
    for section in plan.sections:
        document.add_heading(section.heading, level=1)
        add_html(document, section.body)


def _matrix(document: Document, matrix: Matrix) -> None:
    document.add_heading(_("Roles and responsibilities"), level=1)
    if not matrix.rows:
        document.add_paragraph(_("No tasks in the roles matrix yet."))
        return
    document.add_paragraph(
        _("R: responsible, A: accountable, C: consulted, I: informed."), style="Caption"
    )
    table = document.add_table(rows=1, cols=1 + len(matrix.actors))
    table.style = "Table Grid"
    header = table.rows[0].cells
    header[0].text = _("Task")
    for cell, actor in zip(header[1:], matrix.actors, strict=True):
        cell.text = actor.name
    for task, letters in matrix.rows:
        cells = table.add_row().cells
        cells[0].text = task.title
        for cell, letter in zip(cells[1:], letters, strict=True):
            cell.text = letter


def _initiative(document: Document, block: InitiativeBlock) -> None:
    initiative = block.initiative
    document.add_heading(initiative.title, level=2)
    facts = [
        (_("Level of the triangle"), str(initiative.level)),
        (_("Pillar"), str(initiative.get_pillar_display())),
        (_("Target group"), initiative.target_group),
        (_("Responsible"), initiative.responsible.name if initiative.responsible else ""),
        (_("Partners"), ", ".join(p.name for p in initiative.partners.all())),
        (_("Period"), _period(initiative.start, initiative.end)),
        (_("Status"), str(initiative.get_status_display())),
        (_("Legal basis"), ", ".join(str(b) for b in initiative.legal_bases.all())),
    ]
    for label, value in facts:
        if value:
            paragraph = document.add_paragraph()
            paragraph.add_run(f"{label}: ").bold = True
            paragraph.add_run(value)
    if initiative.rationale:
        document.add_paragraph(initiative.rationale)
    if block.indicators:
        _indicators(document, block)


def _period(start: datetime.date | None, end: datetime.date | None) -> str:
    if not start and not end:
        return ""
    return " – ".join(date_format(day) if day else "" for day in (start, end))


def _indicators(document: Document, block: InitiativeBlock) -> None:
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, label in zip(
        table.rows[0].cells, (_("Indicator"), _("Target"), _("Value")), strict=True
    ):
        cell.text = label
    for line in block.indicators:
        indicator = line.indicator
        cells = table.add_row().cells
        cells[0].text = indicator.name
        cells[1].text = _value(indicator.target, indicator.unit)
        value = _value(line.value, indicator.unit)
        if line.bound:
            value = f"{value} ({_('from Forebyg')}: {indicator.get_figure_display()})"
        cells[2].text = value


def _card(document: Document, card: ActionCard) -> None:
    document.add_heading(card.title, level=2)
    document.add_paragraph(str(card.get_audience_display()), style="Caption")
    if card.introduction:
        document.add_paragraph(card.introduction)
    signs = list(card.warning_signs.all())
    if signs:
        document.add_heading(_("Warning signs"), level=3)
        for sign in signs:
            document.add_paragraph(str(sign), style="List Bullet")
    document.add_heading(_("Whom to contact"), level=3)
    for contact in card.contacts.all():
        paragraph = document.add_paragraph(style="List Bullet")
        paragraph.add_run(contact.label).bold = True
        details = [contact.phone, contact.email, contact.when]
        paragraph.add_run("".join(f" – {detail}" for detail in details if detail))


def render_docx(plan: PlanDocument, stamp: Stamp) -> bytes:
    """The DOCX bytes of the plan document, its title page stamped."""
    document = new_document()
    document.core_properties.title = plan.version.title
    document.core_properties.subject = plan.municipality.name
    _title_page(document, plan, stamp)
    _sections(document, plan)
    _matrix(document, plan.matrix)
    document.add_heading(_("Initiatives"), level=1)
    for block in plan.initiatives:
        _initiative(document, block)
    if not plan.initiatives:
        document.add_paragraph(_("No initiatives yet."))
    document.add_heading(_("Action cards"), level=1)
    for card in plan.cards:
        _card(document, card)
    if not plan.cards:
        document.add_paragraph(_("No action cards yet."))
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
