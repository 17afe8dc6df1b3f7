"""Every write of the conferences app. Each runs in one transaction with its audit event.

Who may hear which case is never decided here: each (agenda item x participant organisation) is
proposed to exchange.services.propose_disclosure (the rules engine, recorded in the ledger,
allowed or refused), from the case's municipality, in the infohus context, with the item's
reason as the necessity note. The case's own municipality holds the case already (no
disclosure). The forum decides nothing: a decision is recorded as one authority's own.

Errors: ValidationError keyed by the keyword arguments; PermissionDenied when the view let
through someone it should not have."""

import datetime
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import ProhibitNullCharactersValidator
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from forebyg.accounts.models import User
from forebyg.actors.models import Organisation
from forebyg.audit import services as audit
from forebyg.cases.models import Case
from forebyg.conferences import permissions
from forebyg.conferences.models import (
    NAME_MAX_LENGTH,
    REASON_MAX_LENGTH,
    TEXT_MAX_LENGTH,
    AgendaItem,
    AuthorityDecision,
    Conference,
    ConferenceStatus,
    Minutes,
    Participant,
    ParticipantClearance,
)
from forebyg.exchange import services as exchange
from forebyg.exchange.models import DisclosureKind
from forebyg.legal.rules import CooperationContext, DataCategory, Purpose

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

CATEGORIES = (DataCategory.IDENTITY, DataCategory.CONCERN, DataCategory.ASSESSMENT)
PURPOSE_MAX_LENGTH = 200
OWN_CASE_DA = "Kommunens egen sag: den kender sagen i forvejen, og intet videregives."
OWN_CASE_EN = "The municipality's own case: it holds the case already, and nothing is disclosed."


def _text(field: str, value: str, limit: int, *, required: "StrOrPromise" = "") -> str:
    """The stripped text; a ValidationError on `field` when too long or required and empty."""
    text = (value or "").strip()
    if required and not text:
        raise ValidationError({field: ValidationError(required, code="required")})
    if "\x00" in text:  # PostgreSQL cannot store NUL in text; forms refuse it alike
        raise ValidationError({field: ValidationError(ProhibitNullCharactersValidator.message)})
    if len(text) > limit:
        message = _("Keep this to at most %(limit)d characters.") % {"limit": limit}
        raise ValidationError({field: ValidationError(message, code="max_length")})
    return text


@transaction.atomic
def create_conference(
    *,
    by: User,
    municipality: Organisation,
    held_on: datetime.date,
    location: str = "",
    notes: str = "",
) -> Conference:
    """A coordinator plans a conference of a municipality in scope, with its police district."""
    if not permissions.municipalities_for(by).filter(pk=municipality.pk).exists():
        raise PermissionDenied(_("You may not hold a conference for this municipality."))
    if municipality.police_district_id is None:
        raise ValidationError({"municipality": _("The municipality has no police district.")})
    conference = Conference.objects.create(
        municipality=municipality,
        police_district_id=municipality.police_district_id,
        held_on=held_on,
        location=_text("location", location, NAME_MAX_LENGTH),
        notes=_text("notes", notes, TEXT_MAX_LENGTH),
        created_by=by,
    )
    audit.record(
        by,
        "conference.created",
        conference,
        organisation=municipality,
        after={"municipality": municipality.key, "held_on": held_on.isoformat()},
    )
    return conference


VIEW_PURPOSE = "case_handling"


@transaction.atomic
def record_conference_view(conference: Conference, *, by: User) -> None:
    """Every look at a conference page (its agenda, minutes and decisions) is logged."""
    if not permissions.can_view_conference(by, conference):
        raise PermissionDenied(_("You may not see this conference."))
    audit.record(
        by,
        "conference.viewed",
        conference,
        organisation=conference.municipality,
        purpose=VIEW_PURPOSE,
    )


@transaction.atomic
def mark_held(conference: Conference, *, by: User) -> Conference:
    """Record that the meeting took place (planned -> held; once)."""
    conference = Conference.objects.select_for_update().get(pk=conference.pk)
    if not permissions.can_view_conference(by, conference):
        raise PermissionDenied(_("You may not change this conference."))
    if conference.status == ConferenceStatus.HELD:
        raise ValidationError({"status": _("The conference is marked as held already.")})
    conference.status = ConferenceStatus.HELD
    conference.save(update_fields=["status", "updated_at"])
    audit.record(
        by,
        "conference.held",
        conference,
        organisation=conference.municipality,
        before=ConferenceStatus.PLANNED.value,
        after=ConferenceStatus.HELD.value,
    )
    return conference


@transaction.atomic
def add_participant(
    conference: Conference, *, by: User, organisation: Organisation, name: str, role: str = ""
) -> Participant:
    """Seat a participant, then decide for every case on the agenda whether they may hear it."""
    conference = _lock_for_disclosure(conference, by)
    participant = Participant.objects.create(
        conference=conference,
        organisation=organisation,
        name=_text("name", name, NAME_MAX_LENGTH, required=_("Give the participant's name.")),
        role=_text("role", role, NAME_MAX_LENGTH),
    )
    audit.record(
        by,
        "conference.participant_added",
        participant,
        organisation=conference.municipality,
        after={"conference": conference.pk, "organisation": organisation.key},
    )
    items = list(conference.items.select_related("case__municipality", "case__person"))
    _decide(conference, by, [(item, participant) for item in items])
    return participant


@transaction.atomic
def add_case(conference: Conference, *, by: User, case: Case, reason: str) -> AgendaItem:
    """Put a case of the municipality on the agenda with the reason it is needed, then decide
    for every participant whether they may hear it."""
    conference = _lock_for_disclosure(conference, by)
    if not permissions.agenda_cases(by, conference).filter(pk=case.pk).exists():
        raise ValidationError({"case": _("Choose a case of the municipality in your scope.")})
    if conference.items.filter(case=case).exists():
        raise ValidationError({"case": _("The case is on the agenda already.")})
    note = _text(
        "reason",
        reason,
        REASON_MAX_LENGTH,
        required=_("Say why the case must be discussed with the participants."),
    )
    order = (conference.items.aggregate(last=Max("order"))["last"] or 0) + 1
    item = AgendaItem.objects.create(conference=conference, case=case, order=order, reason=note)
    audit.record(
        by,
        "conference.case_added",
        item,
        organisation=conference.municipality,
        after={"conference": conference.pk, "case": case.reference, "order": order},
    )
    participants = list(conference.participants.select_related("organisation"))
    _decide(conference, by, [(item, participant) for participant in participants])
    return item


def _lock_for_disclosure(conference: Conference, by: User) -> Conference:
    """The conference, locked so that two additions cannot miss each other's clearances."""
    locked = (
        Conference.objects.select_for_update()
        .select_related("municipality", "police_district")
        .get(pk=conference.pk)
    )
    if not permissions.can_disclose_at(by, locked):
        raise PermissionDenied(
            _("Only the municipality's coordinators add cases and participants.")
        )
    return locked


def _decide(
    conference: Conference, by: User, pairs: list[tuple[AgendaItem, Participant]]
) -> list[ParticipantClearance]:
    """One clearance per pair; one engine decision (one ledger line) per item and organisation."""
    if not pairs:
        return []
    decided: dict[tuple[int, int], ParticipantClearance] = {
        (c.item_id, c.participant.organisation_id): c
        for c in ParticipantClearance.objects.filter(
            item__in={item.pk for item, _ in pairs}
        ).select_related("participant")
    }
    clearances = []
    for item, participant in pairs:
        key = (item.pk, participant.organisation_id)
        earlier = decided.get(key)
        clearance = (
            _copy(earlier, item, participant)
            if earlier is not None
            else _clearance(by, item, participant)
        )
        decided[key] = clearance
        clearances.append(clearance)
    audit.record(
        by,
        "conference.clearances_decided",
        conference,
        organisation=conference.municipality,
        after={
            "pairs": [[c.item.case.reference, c.participant_id, c.allowed] for c in clearances],
            "ledger": [c.disclosure_id for c in clearances if c.disclosure_id],
        },
    )
    return clearances


def _clearance(by: User, item: AgendaItem, participant: Participant) -> ParticipantClearance:
    case = item.case
    if participant.organisation_id == case.municipality_id:
        return ParticipantClearance.objects.create(
            item=item,
            participant=participant,
            allowed=True,
            own_case=True,
            explanation_da=OWN_CASE_DA,
            explanation_en=OWN_CASE_EN,
        )
    decision, record = exchange.propose_disclosure(
        by=by,
        discloser=case.municipality,
        recipient=participant.organisation,
        person=None,
        case=case,
        kind=DisclosureKind.CONFERENCE,
        categories=list(CATEGORIES),
        purpose=Purpose.PREVENTION,
        context=CooperationContext.INFOHOUSE,
        necessity_note=item.reason,
    )
    return ParticipantClearance.objects.create(
        item=item,
        participant=participant,
        allowed=decision.allowed,
        legal_basis=decision.legal_basis,
        explanation_da=decision.explanation_da,
        explanation_en=decision.explanation_en,
        disclosure=record,
    )


def _copy(
    earlier: ParticipantClearance, item: AgendaItem, participant: Participant
) -> ParticipantClearance:
    """A second person of an organisation hears what the organisation was cleared for."""
    return ParticipantClearance.objects.create(
        item=item,
        participant=participant,
        allowed=earlier.allowed,
        own_case=earlier.own_case,
        legal_basis_id=earlier.legal_basis_id,
        explanation_da=earlier.explanation_da,
        explanation_en=earlier.explanation_en,
        disclosure_id=earlier.disclosure_id,
    )


@transaction.atomic
def write_minutes(item: AgendaItem, *, by: User, text: str) -> Minutes:
    """Write (or rewrite) the minutes of one case; the audit event holds no text."""
    if not permissions.can_view_conference(by, item.conference):
        raise PermissionDenied(_("You may not write minutes for this conference."))
    body = _text("text", text, TEXT_MAX_LENGTH, required=_("Write the minutes."))
    minutes, created = Minutes.objects.select_for_update().get_or_create(
        item=item, defaults={"text": body, "written_by": by}
    )
    if not created:
        minutes.text, minutes.written_by, minutes.written_at = body, by, timezone.now()
        minutes.save(update_fields=["text", "written_by", "written_at"])
    audit.record(
        by,
        "conference.minutes_written",
        minutes,
        organisation=item.conference.municipality,
        after={"case": item.case.reference, "rewritten": not created},
    )
    return minutes


@transaction.atomic
def record_decision(
    item: AgendaItem, *, by: User, organisation: Organisation, decided_by: str, text: str
) -> AuthorityDecision:
    """Record one participating authority's own decision under its own law (never the forum's)."""
    if not permissions.can_view_conference(by, item.conference):
        raise PermissionDenied(_("You may not record decisions for this conference."))
    if not item.conference.participants.filter(organisation=organisation).exists():
        raise ValidationError(
            {"organisation": _("Only an organisation taking part records its own decision.")}
        )
    decision = AuthorityDecision.objects.create(
        item=item,
        organisation=organisation,
        decided_by=_text(
            "decided_by", decided_by, NAME_MAX_LENGTH, required=_("Say who made the decision.")
        ),
        text=_text("text", text, TEXT_MAX_LENGTH, required=_("Write the decision.")),
        recorded_by=by,
    )
    audit.record(
        by,
        "conference.decision_recorded",
        decision,
        organisation=organisation,
        after={"case": item.case.reference, "authority": organisation.key},
    )
    return decision


@dataclass(frozen=True)
class Export:
    """Who exported the record, when, and for what purpose (printed on the PDF)."""

    by: User
    at: datetime.datetime
    purpose: str


@transaction.atomic
def export_pdf(conference: Conference, *, by: User, purpose: str) -> Export:
    """Log an export of the conference record with its purpose, before it is produced."""
    if not permissions.can_view_conference(by, conference):
        raise PermissionDenied(_("You may not export this conference."))
    stated = _text("purpose", purpose, PURPOSE_MAX_LENGTH, required=_("State the purpose."))
    event = audit.record(
        by,
        "conference.pdf_exported",
        conference,
        organisation=conference.municipality,
        purpose=stated,
        after={"cases": [item.case.reference for item in conference.items.select_related("case")]},
    )
    return Export(by=by, at=event.occurred_at, purpose=stated)
