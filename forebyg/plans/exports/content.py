"""What an export of a version holds, read once for both formats (DOCX and PDF): the sections, the
roles matrix as a grid, the initiatives with their indicators (bound figures with their current
value) and the action cards with their contacts and warning signs."""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Prefetch

from forebyg.actors.models import Organisation
from forebyg.plans import figures
from forebyg.plans.coverage import has_text
from forebyg.plans.models import (
    ActionCard,
    CardContact,
    Indicator,
    PlanInitiative,
    PlanTask,
    PlanVersion,
    RoleAssignment,
    Section,
)


@dataclass(frozen=True)
class IndicatorLine:
    indicator: Indicator
    value: Decimal | None  # the bound figure's current value, else the measured one

    @property
    def bound(self) -> bool:
        return bool(self.indicator.figure)


@dataclass(frozen=True)
class InitiativeBlock:
    initiative: PlanInitiative
    indicators: list[IndicatorLine]


@dataclass(frozen=True)
class Matrix:
    actors: list[Organisation]
    rows: list[tuple[PlanTask, list[str]]]  # each task with one letter (or "") per actor


@dataclass(frozen=True)
class PlanDocument:
    version: PlanVersion
    municipality: Organisation
    sections: list[Section]
    matrix: Matrix
    initiatives: list[InitiativeBlock]
    cards: list[ActionCard]
    today: datetime.date

    @property
    def filled_sections(self) -> list[Section]:
        """The sections with text (the published PDF leaves empty headings out)."""
        return [section for section in self.sections if has_text(section.body)]


def _matrix(version: PlanVersion) -> Matrix:
    tasks = list(
        version.tasks.prefetch_related(
            Prefetch("assignments", queryset=RoleAssignment.objects.select_related("actor"))
        )
    )
    actors: dict[int, Organisation] = {}
    for task in tasks:
        for assignment in task.assignments.all():
            actors.setdefault(assignment.actor_id, assignment.actor)
    ordered = sorted(actors.values(), key=lambda actor: actor.name)
    rows = []
    for task in tasks:
        letters = {a.actor_id: a.responsibility for a in task.assignments.all()}
        rows.append((task, [letters.get(actor.pk, "") for actor in ordered]))
    return Matrix(ordered, rows)


def _initiatives(version: PlanVersion, today: datetime.date) -> list[InitiativeBlock]:
    initiatives = version.initiatives.select_related("level", "responsible").prefetch_related(
        "partners", "legal_bases", "indicators"
    )
    municipality = version.plan.municipality
    blocks = []
    for initiative in initiatives:
        lines = [
            IndicatorLine(
                indicator,
                figures.value(indicator.figure, municipality, today, version=version)
                if indicator.figure
                else indicator.measured,
            )
            for indicator in initiative.indicators.all()
        ]
        blocks.append(InitiativeBlock(initiative, lines))
    return blocks


def plan_document(version: PlanVersion, *, today: datetime.date) -> PlanDocument:
    """Everything an export prints of `version`."""
    cards = version.action_cards.prefetch_related(
        Prefetch("contacts", queryset=CardContact.objects.order_by("order", "pk")),
        "warning_signs",
    )
    return PlanDocument(
        version=version,
        municipality=version.plan.municipality,
        sections=list(version.sections.all()),
        matrix=_matrix(version),
        initiatives=_initiatives(version, today),
        cards=list(cards),
        today=today,
    )
