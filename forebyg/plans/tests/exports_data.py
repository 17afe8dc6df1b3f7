"""Arranging plan content for the tests of the exports part (coverage, exports, overview): rows
written directly, like factories.py, so these tests do not depend on the content services."""

from forebyg.actors.models import Organisation
from forebyg.plans.models import (
    ActionCard,
    CardContact,
    ContactKind,
    Figure,
    Indicator,
    Pillar,
    PlanInitiative,
    PlanTask,
    PlanVersion,
    RoleAssignment,
    Section,
)
from forebyg.plans.tests.factories import SectionFactory
from forebyg.prevention.models import PreventionLevel, WarningSign

RICH_BODY = (
    "<p>Kommunen <strong>forebygger</strong> ekstremisme <em>tidligt</em>.</p>"
    "<h3>Mål</h3><ul><li>Første mål</li><li>Andet mål<ul><li>Delmål</li></ul></li></ul>"
    "<ol><li>Trin et</li><li>Trin to</li></ol>"
    "<blockquote><p>Citat fra CDE</p></blockquote>"
    '<p>Linje et<br>linje to og <a href="https://www.stopekstremisme.dk">hotline</a>.</p>'
)


def add_sections(version: PlanVersion, *, body: str = RICH_BODY) -> list[Section]:
    """One section per pillar plus an introduction, all with text."""
    sections = [SectionFactory.create(version=version, key="formaal", heading="Formål", body=body)]
    for pillar in Pillar:
        sections.append(
            SectionFactory.create(
                version=version,
                key=f"soejle-{pillar.value}",
                heading=f"Søjle: {pillar.value}",
                pillar=pillar.value,
                body=f"<p>Tekst om {pillar.value}.</p>",
            )
        )
    return sections


def add_matrix(version: PlanVersion, actors: list[Organisation]) -> PlanTask:
    task = PlanTask.objects.create(version=version, order=1, title="Modtage bekymringer")
    for actor, letter in zip(actors, "RACI", strict=False):
        RoleAssignment.objects.create(task=task, actor=actor, responsibility=letter)
    return task


def add_initiatives(version: PlanVersion, responsible: Organisation) -> list[PlanInitiative]:
    """One initiative per level of the triangle, spread over the pillars, each with indicators."""
    initiatives = []
    pillars = list(Pillar)
    for index, level in enumerate(PreventionLevel.objects.order_by("order")):
        initiative = PlanInitiative.objects.create(
            version=version,
            title=f"Indsats på niveau {level.order}",
            level=level,
            pillar=pillars[index % len(pillars)],
            target_group="Elever i 7.-9. klasse",
            responsible=responsible,
        )
        Indicator.objects.create(initiative=initiative, name="Deltagere", target=100, measured=42)
        initiatives.append(initiative)
    Indicator.objects.create(
        initiative=initiatives[0], name="Ansatte nået", figure=Figure.STAFF_REACHED
    )
    return initiatives


def add_card(version: PlanVersion, *, contacts: int = 1, staff_reached: int = 0) -> ActionCard:
    card = ActionCard.objects.create(
        version=version,
        audience="school",
        title="Handlekort for skolens ansatte",
        introduction="Sådan reagerer du.",
        staff_reached=staff_reached or None,
    )
    card.warning_signs.set(WarningSign.objects.order_by("pk")[:2])
    for order in range(contacts):
        CardContact.objects.create(
            card=card,
            order=order,
            kind=ContactKind.MUNICIPAL_COORDINATOR,
            label=f"Kommunens tovholder {order}",
            phone="+45 89 40 20 00",
        )
    return card


def complete_version(version: PlanVersion, actors: list[Organisation]) -> PlanVersion:
    """A version the coverage check finds nothing missing in (apart from its status)."""
    add_sections(version)
    add_matrix(version, actors)
    add_initiatives(version, actors[0])
    add_card(version, staff_reached=35)
    return version
