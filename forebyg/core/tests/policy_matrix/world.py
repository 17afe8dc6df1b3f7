"""The objects the matrix fills URLs with: for Aarhus (the personas' own municipality), Randers
(another municipality in the same police district) and Copenhagen (another municipality and
police district), plus a case of Aarhus screened as police only. Built once per module."""

import datetime
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Model
from django.utils import timezone

from forebyg.accounts.models import Role, User
from forebyg.accounts.tests.factories import UserFactory
from forebyg.actors.models import Organisation
from forebyg.cases import breakglass
from forebyg.cases import services as case_services
from forebyg.cases.models import Case, Concern
from forebyg.cases.tests.factories import (
    AssessmentFactory,
    CaseFactory,
    CaseMeasureFactory,
    PersonFactory,
    cpr_for,
)
from forebyg.cases.tests.helpers import upload
from forebyg.cases.workflow import Status
from forebyg.conferences import services as conference_services
from forebyg.exchange import invitations
from forebyg.exchange.tests.factories import ConsentFactory
from forebyg.national.tests.factories import InitiativeFactory
from forebyg.networks import services as network_services
from forebyg.plans.models import ActionCard, Indicator, PlanInitiative
from forebyg.plans.tests.factories import PlanFactory, SectionFactory, VersionFactory
from forebyg.prevention.models import PreventionLevel
from forebyg.stats.scope import NATIONAL, municipality_scope, police_district_scope

AARHUS, RANDERS, COPENHAGEN, POLICE_ONLY = "aarhus", "randers", "copenhagen", "police_only"
OWN_GRANT, OTHERS_GRANT = "own_grant", "others_grant"
EAST_JUTLAND, NATIONWIDE = "east_jutland", "national"
MUNICIPALITY_KEYS = {AARHUS: "aarhus-kommune", RANDERS: "randers-kommune"}
BORN = datetime.date(2010, 5, 17)
# One CPR number per person: the same number in two places would be one person.
CPR_SERIALS = {AARHUS: "123", RANDERS: "234", COPENHAGEN: "345", POLICE_ONLY: "456"}


@dataclass
class Place:
    """Everything of one place the URLs point at; None where the place has no such object."""

    municipality: Organisation
    objects: dict[str, Any] = field(default_factory=dict)

    def pk(self, name: str) -> int | None:
        found = self.objects.get(name)
        return found.pk if isinstance(found, Model) else None


@dataclass
class World:
    users: dict[str, User | None]
    places: dict[str, Place]
    reference: dict[str, Any]


def _municipality(place: str) -> Organisation:
    if place == COPENHAGEN:
        return Organisation.objects.get(kind="municipality", code="101")
    return Organisation.objects.get(key=MUNICIPALITY_KEYS[place])


def _staff(place: str, users: dict[str, User | None]) -> dict[str, User]:
    """Who writes the place's objects: its coordinator and a professional reporting there."""
    if place == AARHUS:
        return {"coordinator": users["municipal_coordinator"], "reporter": users["professional"]}  # type: ignore[dict-item]
    if place == RANDERS:
        coordinator = users["other_coordinator"]
    else:
        coordinator = UserFactory.create(
            username="pm-kbh", memberships=[(_municipality(place), Role.MUNICIPAL_COORDINATOR)]
        )
    reporter = UserFactory.create(
        username=f"pm-reporter-{place}", memberships=[(_municipality(place), Role.PROFESSIONAL)]
    )
    return {"coordinator": coordinator, "reporter": reporter}  # type: ignore[dict-item]


def _concern(by: User, municipality: Organisation, place: str) -> Concern:
    return case_services.receive_concern(
        by=by,
        source="professional",
        idempotency_key=uuid.uuid4().hex,
        person_name="Jonas Hansen",
        municipality=municipality,
        description="Deler voldsforherligende videoer.",
        cpr=cpr_for(BORN, CPR_SERIALS[place]),
        custody_informed="yes",
        attachments=[upload()],
    )


def _psychiatry(municipality: Organisation) -> Organisation:
    return municipality.region.children.get(kind="psychiatry")  # type: ignore[union-attr]


def _case_objects(place: str, staff: dict[str, User], municipality: Organisation) -> dict[str, Any]:
    concern = _concern(staff["reporter"], municipality, place)
    case = concern.case
    # The agenda of a conference takes cases that have gone to the infohus.
    Case.objects.filter(pk=case.pk).update(status=Status.INFORMATION_GATHERING)
    case.refresh_from_db()
    _decision, invitation = invitations.invite_partner(
        case,
        by=staff["coordinator"],
        partner=_psychiatry(municipality),
        summary="Ung person, der deler voldsforherligende videoer.",
        necessity_note="Psykiatrien skal vurdere behovet for behandling.",
    )
    conference = conference_services.create_conference(
        by=staff["coordinator"],
        municipality=municipality,
        held_on=timezone.localdate() + datetime.timedelta(days=7),
        location="Rådhuset",
    )
    item = conference_services.add_case(
        conference, by=staff["coordinator"], case=case, reason="Politiet skal kende bekymringen."
    )
    return {
        "concern": concern,
        "case": case,
        "person": case.person,
        "attachment": concern.attachments.first(),
        "assessment": AssessmentFactory.create(case=case, created_by=staff["coordinator"]),
        "measure": CaseMeasureFactory.create(case=case, created_by=staff["coordinator"]),
        "consent": ConsentFactory.create(person=case.person, recorded_by=staff["coordinator"]),
        "invitation": invitation,
        "conference": conference,
        "item": item,
    }


def _plan_objects(municipality: Organisation, *, published: bool) -> dict[str, Any]:
    plan = PlanFactory.create(municipality=municipality)
    if published:
        public = VersionFactory.create(plan=plan, status="published")
        ActionCard.objects.create(version=public, audience="school", title="Offentligt kort")
    version = VersionFactory.create(plan=plan)
    initiative = PlanInitiative.objects.create(
        version=version,
        title="Forældrenetværk",
        level=PreventionLevel.objects.order_by("order")[0],
        pillar="general",
        target_group="Forældre",
    )
    return {
        "plan": plan,
        "version": version,
        "section": SectionFactory.create(version=version, key="formaal"),
        "initiative": initiative,
        "indicator": Indicator.objects.create(initiative=initiative, name="Deltagere"),
        "card": ActionCard.objects.create(version=version, audience="school", title="Kort"),
        "public_card": ActionCard.objects.filter(version__plan=plan, version__status="published")
        .order_by("pk")
        .first(),
    }


def _place(place: str, users: dict[str, User | None]) -> Place:
    municipality = _municipality(place)
    staff = _staff(place, users)
    objects = _case_objects(place, staff, municipality)
    objects |= _plan_objects(municipality, published=place == AARHUS)
    objects["stats_slug"] = municipality_scope(municipality).key
    objects["coordinator"] = staff["coordinator"]
    return Place(municipality, objects)


def _police_only(aarhus: Organisation) -> Place:
    """A case of Aarhus the police took over at screening: the shared case is only a stub."""
    now = timezone.now()
    case = CaseFactory.create(
        person=PersonFactory.create(
            municipality=aarhus, cpr_number=cpr_for(BORN, CPR_SERIALS[POLICE_ONLY])
        ),
        status=Status.POLICE_ONLY,
        screening_outcome=Status.POLICE_ONLY,
        screened_at=now,
        closed_at=now,
        content_removed_at=now,
    )
    return Place(aarhus, {"case": case, "person": case.person})


def _network_places(users: dict[str, User | None]) -> dict[str, Place]:
    """A note of the East Jutland network and one of Copenhagen's, and the national statistics."""
    east = Organisation.objects.get(key="oestjyllands-politi")
    copenhagen_police = _municipality(COPENHAGEN).police_district
    assert copenhagen_police is not None
    writer = UserFactory.create(
        username="pm-politi-kbh", memberships=[(copenhagen_police, Role.POLICE_COORDINATOR)]
    )
    places = {}
    for name, district, by in [
        (EAST_JUTLAND, east, users["police_coordinator"]),
        (f"{COPENHAGEN}_district", copenhagen_police, writer),
    ]:
        note = network_services.create_note(
            by=by,
            police_district=district,
            kind="meeting",
            date=datetime.date(2026, 1, 15),
            title="Netværksmøde",
            text="Tendenser i kvartalet.",
        )
        slug = police_district_scope(district).key  # type: ignore[arg-type]
        places[name] = Place(district, {"note": note, "stats_slug": slug})  # type: ignore[arg-type]
    places[NATIONWIDE] = Place(east, {"stats_slug": NATIONAL})
    return places


def _grant_places(places: dict[str, Place], users: dict[str, User | None]) -> dict[str, Place]:
    """Break-glass grants on cases made for them: one held by the Randers coordinator (a persona)
    on a Copenhagen case, one held by Copenhagen's coordinator (no persona) on a Randers case.
    Separate cases, so no grant widens a persona's scope over the other places' objects."""
    holders = {
        OWN_GRANT: (users["other_coordinator"], places[COPENHAGEN].municipality),
        OTHERS_GRANT: (places[COPENHAGEN].objects["coordinator"], places[RANDERS].municipality),
    }
    grants = {}
    for name, (holder, municipality) in holders.items():
        case = CaseFactory.create(person=PersonFactory.create(municipality=municipality))
        grant = breakglass.grant_access(
            by=holder,  # type: ignore[arg-type]
            reference=case.reference,
            reason="Akut henvendelse fra skolen; tovholderen er syg.",
        )
        grants[name] = Place(municipality, {"grant": grant})
    return grants


def build_world(users: dict[str, User | None]) -> World:
    """Every place with its objects, and the reference data public URLs point at."""
    places = {place: _place(place, users) for place in (AARHUS, RANDERS, COPENHAGEN)}
    places[POLICE_ONLY] = _police_only(places[AARHUS].municipality)
    places |= _network_places(users)
    places |= _grant_places(places, users)
    reference = {
        "level": PreventionLevel.objects.order_by("order").first(),
        "national_initiative": InitiativeFactory.create(),
    }
    return World(users, places, reference)
