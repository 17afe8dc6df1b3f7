"""Reads for the conference pages and the PDF record: the conferences a user sees, and the
agenda with, for each case, every participant's clearance, the minutes and the decisions."""

from dataclasses import dataclass

from django.db.models import QuerySet

from forebyg.conferences import permissions
from forebyg.conferences.models import (
    AgendaItem,
    AuthorityDecision,
    Conference,
    Minutes,
    Participant,
    ParticipantClearance,
)
from forebyg.conferences.permissions import UserLike


def visible_conferences(user: UserLike) -> QuerySet[Conference]:
    """The conferences of the user's municipality or police district, newest first."""
    return Conference.objects.filter(permissions.conference_filter(user)).select_related(
        "municipality", "police_district"
    )


@dataclass(frozen=True)
class AgendaRow:
    """One case on the agenda with what the conference recorded about it."""

    item: AgendaItem
    clearances: list[ParticipantClearance]
    minutes: Minutes | None
    decisions: list[AuthorityDecision]


@dataclass(frozen=True)
class ParticipantAgenda:
    """The agenda as one participant hears it: a case, or only that it is not cleared."""

    participant: Participant
    entries: list[tuple[AgendaItem, ParticipantClearance | None]]


def agenda(conference: Conference) -> list[AgendaRow]:
    """Every case on the agenda in order, with its clearances, minutes and decisions."""
    items = list(
        conference.items.select_related("case__person", "case__municipality").prefetch_related(
            "decisions__organisation"
        )
    )
    clearances = ParticipantClearance.objects.filter(item__in=items).select_related(
        "participant__organisation", "legal_basis"
    )
    by_item: dict[int, list[ParticipantClearance]] = {item.pk: [] for item in items}
    for clearance in clearances:
        by_item[clearance.item_id].append(clearance)
    minutes = {m.item_id: m for m in Minutes.objects.filter(item__in=items)}
    return [
        AgendaRow(item, by_item[item.pk], minutes.get(item.pk), list(item.decisions.all()))
        for item in items
    ]


def participants(conference: Conference) -> list[Participant]:
    return list(conference.participants.select_related("organisation"))


def participant_agendas(
    people: list[Participant], rows: list[AgendaRow]
) -> list[ParticipantAgenda]:
    """For each participant, each case (if cleared) or None (not cleared for the organisation)."""
    return [
        ParticipantAgenda(
            participant,
            [(row.item, _clearance_of(row, participant)) for row in rows],
        )
        for participant in people
    ]


def _clearance_of(row: AgendaRow, participant: Participant) -> ParticipantClearance | None:
    for clearance in row.clearances:
        if clearance.participant_id == participant.pk and clearance.allowed:
            return clearance
    return None
