# mypy: disallow-untyped-defs, disallow-incomplete-defs
"""Reads for access requests, scoped to the DPO's organisations: the list of open requests, and
every row the report needs about one CPR number (found through its keyed blind index)."""

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from forebyg.access_requests import permissions
from forebyg.access_requests.models import AccessRequest
from forebyg.actors.models import MUNICIPAL_UNIT_KINDS, Organisation, OrganisationKind
from forebyg.audit.models import AuditEvent
from forebyg.cases.models import Assessment, Case, CaseMeasure, Concern, Observation, Person
from forebyg.cases.models.breakglass import BreakGlassGrant
from forebyg.conferences.models import AgendaItem
from forebyg.exchange.models import Consent, DisclosureRecord, PartnerInvitation

# ?sort= on the list page: the column and its database ordering.
SORTS = {
    "deadline": ("deadline", "id"),
    "-deadline": ("-deadline", "-id"),
    "received": ("received_on", "id"),
    "-received": ("-received_on", "-id"),
}
DEFAULT_SORT = "deadline"
# Events about several cases or people at once name them in their `after` data, not as target.
LIST_VERBS = ("case.exported", "conference.pdf_exported", "case.listed_for_partner")
SEARCH_VERBS = ("person.searched",)


def open_requests(user: Any, sort: str = DEFAULT_SORT) -> QuerySet[AccessRequest]:
    """The unanswered requests of the DPO's organisations, by deadline (or as `sort` says)."""
    ids = [organisation.pk for organisation in permissions.dpo_organisations(user)]
    return (
        AccessRequest.objects.filter(organisation_id__in=ids, answered_on__isnull=True)
        .select_related("organisation")
        .order_by(*SORTS.get(sort, SORTS[DEFAULT_SORT]))
    )


def answered_requests(user: Any, *, limit: int = 20) -> list[AccessRequest]:
    """The most recently answered requests of the DPO's organisations."""
    ids = [organisation.pk for organisation in permissions.dpo_organisations(user)]
    requests = AccessRequest.objects.filter(organisation_id__in=ids, answered_on__isnull=False)
    return list(requests.select_related("organisation").order_by("-answered_on", "-id")[:limit])


def controller_ids(organisation: Organisation) -> frozenset[int]:
    """The organisation with the units and infohus that belong to it (it is their controller)."""
    parts = Organisation.objects.filter(
        parent=organisation, kind__in=[*MUNICIPAL_UNIT_KINDS, OrganisationKind.INFOHOUSE]
    ).values_list("pk", flat=True)
    return frozenset([organisation.pk, *parts])


@dataclass
class ReportData:
    """Every row the report is built from, for one CPR number and one organisation."""

    persons: list[Person]
    cases: list[Case]
    concerns: list[Concern]
    assessments: list[Assessment]
    measures: list[CaseMeasure]
    agenda_items: list[AgendaItem]
    consents: list[Consent]
    disclosures_made: list[DisclosureRecord]
    shared_in: list[DisclosureRecord]
    invitations: list[PartnerInvitation]
    events: list[AuditEvent] = field(default_factory=list)


def report_data(request: AccessRequest) -> ReportData:
    """What `request.organisation` holds about the request's CPR number, and who looked at it.
    The caller has fetched the request through permissions.get_request_for_dpo."""
    organisation, index = request.organisation, request.cpr_index
    ids = controller_ids(organisation)
    persons = list(Person.objects.filter(cpr_index=index, municipality_id__in=ids).order_by("pk"))
    cases = list(
        Case.objects.filter(person__in=persons)
        .select_related("person", "municipality", "police_district", "category", "level")
        .order_by("opened_at", "id")
    )
    data = ReportData(
        persons=persons,
        cases=cases,
        concerns=list(
            Concern.objects.filter(case__in=cases)
            .select_related("case", "reporter_organisation", "category")
            .prefetch_related("attachments")
            .order_by("received_at", "id")
        ),
        assessments=list(
            Assessment.objects.filter(case__in=cases)
            .select_related("case")
            .prefetch_related(
                Prefetch("observations", queryset=Observation.objects.select_related("dimension"))
            )
            .order_by("case_id", "version")
        ),
        measures=list(
            CaseMeasure.objects.filter(case__in=cases)
            .select_related("case", "measure_type", "owner", "legal_basis")
            .prefetch_related("reviews")
            .order_by("start", "id")
        ),
        agenda_items=list(
            AgendaItem.objects.filter(case__in=cases, conference__municipality_id__in=ids)
            .select_related("case", "conference", "conference__police_district", "minutes")
            .prefetch_related("decisions__organisation")
            .order_by("conference__held_on", "id")
        ),
        consents=list(Consent.objects.filter(person__in=persons).order_by("given_at", "id")),
        disclosures_made=list(_disclosures(Q(discloser_id__in=ids), index, ids, made=True)),
        shared_in=list(_disclosures(Q(recipient_id__in=ids), index, ids, made=False)),
        invitations=list(
            PartnerInvitation.objects.filter(partner_id__in=ids, case__person__cpr_index=index)
            .select_related("case", "case__municipality")
            .order_by("invited_at", "id")
        ),
    )
    data.events = lookups(data, request)
    return data


def _disclosures(
    side: Q, index: str, ids: frozenset[int], *, made: bool
) -> QuerySet[DisclosureRecord]:
    """Allowed disclosures about the person the organisation made, or received from others."""
    about = Q(person__cpr_index=index) | Q(case__person__cpr_index=index)
    records = DisclosureRecord.objects.filter(side & about, allowed=True)
    records = (
        records.exclude(recipient_id__in=ids) if made else records.exclude(discloser_id__in=ids)
    )
    return records.select_related("discloser", "recipient", "legal_basis", "case").order_by(
        "at", "id"
    )


def _targets(data: ReportData, request: AccessRequest) -> dict[str, set[int]]:
    """Per audit target type, the ids of the rows about the person."""
    concerns = data.concerns
    return {
        "cases.person": {p.pk for p in data.persons},
        "cases.case": {c.pk for c in data.cases},
        "cases.concern": {c.pk for c in concerns},
        "cases.attachment": {a.pk for c in concerns for a in c.attachments.all()},
        "cases.assessment": {a.pk for a in data.assessments},
        "cases.casemeasure": {m.pk for m in data.measures},
        "cases.measurereview": {r.pk for m in data.measures for r in m.reviews.all()},
        "cases.breakglassgrant": set(
            BreakGlassGrant.objects.filter(case__in=data.cases).values_list("pk", flat=True)
        ),
        "conferences.agendaitem": {i.pk for i in data.agenda_items},
        "exchange.consent": {c.pk for c in data.consents},
        "exchange.disclosurerecord": {d.pk for d in [*data.disclosures_made, *data.shared_in]},
        "exchange.partnerinvitation": {i.pk for i in data.invitations},
        "access_requests.accessrequest": set(
            AccessRequest.objects.filter(
                organisation=request.organisation, cpr_index=request.cpr_index
            ).values_list("pk", flat=True)
        ),
    }


def lookups(data: ReportData, request: AccessRequest) -> list[AuditEvent]:
    """Every audit event that read or changed the person's rows, or searched for their CPR
    number (by its keyed hash) in the organisation's name, oldest first; with the actors'
    organisations prefetched. Another organisation's search in its own records is its own
    processing and is left out, unless it found one of our rows (then `found` names it)."""
    ours = controller_ids(request.organisation)
    wanted = Q(after__cpr_index=request.cpr_index) & (
        Q(organisation_id__in=ours) | Q(actor__memberships__organisation_id__in=ours)
    )
    for target_type, ids in _targets(data, request).items():
        if ids:
            wanted |= Q(target_type=target_type, target_id__in=[str(pk) for pk in ids])
    references = {case.reference for case in data.cases}
    pseudonyms = {person.pseudonym for person in data.persons}
    person_ids = {person.pk for person in data.persons}
    events = [*_events(wanted)]
    if data.persons:
        since = min(person.created_at for person in data.persons)
        for event in _events(Q(verb__in=[*LIST_VERBS, *SEARCH_VERBS], occurred_at__gte=since)):
            if _names_the_person(event.after, references, pseudonyms, person_ids):
                events.append(event)
    unique = {event.pk: event for event in events}
    return sorted(unique.values(), key=lambda event: (event.occurred_at, event.pk))


def _events(condition: Q) -> QuerySet[AuditEvent]:
    return (
        AuditEvent.objects.filter(condition)
        .select_related("organisation")
        .prefetch_related("actor__memberships__organisation")
        .order_by("occurred_at", "id")
    )


def _names_the_person(
    after: Any, references: set[str], pseudonyms: set[str], person_ids: set[int]
) -> bool:
    """Whether an event's `after` lists one of the person's cases, pseudonyms or rows."""
    if not isinstance(after, dict):
        return False
    return bool(
        references & _as_set(after.get("cases"))
        or pseudonyms & _as_set(after.get("pseudonyms"))
        or person_ids & _as_set(after.get("found"))
    )


def _as_set(values: Any) -> set[Any]:
    return set(values) if isinstance(values, Iterable) and not isinstance(values, str) else set()
