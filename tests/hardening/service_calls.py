"""The services that take what a user typed (text, dates, numbers), each called with hostile
values in those arguments and valid objects everywhere else, as the acting persona the policy
allows. test_services.py runs them; test_every_service_taking_text_is_called_or_excused keeps
this list complete."""

import datetime
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Model
from hypothesis import strategies as st

from forebyg.accounts.models import User
from forebyg.actors.models import Organisation
from forebyg.api import services as api_services
from forebyg.api.models import ApiToken
from forebyg.cases import breakglass
from forebyg.cases import services as case_services
from forebyg.cases.models import (
    Assessment,
    BreakGlassGrant,
    CaseMeasure,
    ClosureOutcome,
    ClosureReason,
    Concern,
    MeasureReview,
    ScreeningPolicy,
    StatusChange,
)
from forebyg.cases.services import cpr_reveal
from forebyg.cases.tests.factories import CaseFactory, PersonFactory
from forebyg.cases.workflow import Status
from forebyg.conferences import services as conference_services
from forebyg.conferences.models import (
    AgendaItem,
    AuthorityDecision,
    Conference,
    Minutes,
    Participant,
)
from forebyg.core.tests.policy_matrix.world import AARHUS, COPENHAGEN, RANDERS, World
from forebyg.exchange import invitations
from forebyg.exchange import services as exchange_services
from forebyg.exchange.models import Consent
from forebyg.national import services as national_services
from forebyg.national.models import FocusArea, Initiative, StatusUpdate
from forebyg.networks import services as network_services
from forebyg.networks.models import NetworkNote
from forebyg.plans.models import ActionCard, Indicator, PlanInitiative, PlanTask
from forebyg.plans.services import content as plan_content
from forebyg.plans.services import versions as plan_versions
from forebyg.prevention.models import AssessmentDimension, Measure, PreventionLevel
from tests.hardening.strategies import EDGE_DATES, hostile_text, text

PLAIN = ["Jonas Hansen", "Skolen", "Akut henvendelse fra skolen; tovholderen er syg. "]
# Hostile text alone, or after plain words: the latter often passes the services' rules, so the
# hostile characters reach the database and what is built on them.
TEXT = st.one_of(hostile_text, st.builds(str.__add__, st.sampled_from(PLAIN), text))
# Dates of every era, and often recent ones, which pass the services' range rules and so reach
# the code behind them.
DATE = st.one_of(
    st.sampled_from(EDGE_DATES),
    st.dates(),
    st.dates(datetime.date(2016, 10, 11), datetime.date.today()),
)
OPTIONAL_DATE = st.one_of(st.none(), DATE)
NUMBER = st.one_of(
    st.sampled_from([-1, 0, 2**31, 2**63, -(2**63) - 1]), st.integers(-(10**20), 10**20)
)
DECIMAL = st.one_of(
    st.none(),
    st.decimals(allow_nan=False, allow_infinity=False, places=2),
    st.sampled_from([Decimal("1e30"), Decimal("-1e30"), Decimal("0.001")]),
)


@dataclass(frozen=True)
class ServiceCall:
    """One service: hostile values for its user-typed arguments, and how to call it."""

    name: str  # the service's dotted name, as test_every_service_... finds it
    arguments: dict[str, st.SearchStrategy[Any]]
    call: Callable[[World, dict[str, Any]], Any]
    models: tuple[type[Model], ...] = field(default=())  # what it would write
    # Valid arguments that need writing first (counted before the snapshot of what is saved).
    prepare: Callable[[World], dict[str, Any]] = field(default=lambda world: {})
    # By design a refusal of this service is itself audited (break-glass misses, for the DPO).
    audits_refusals: bool = False


def user(world: World, persona: str) -> User:
    found = world.users[persona]
    assert found is not None
    return found


def obj(world: World, name: str, place: str = AARHUS) -> Any:
    return world.places[place].objects[name]


def coordinator(world: World) -> User:
    return user(world, "municipal_coordinator")


def _receive_concern(w: World, v: dict[str, Any]) -> Any:
    return case_services.receive_concern(
        by=user(w, "professional"),
        source="professional",
        idempotency_key=uuid.uuid4().hex,
        municipality=w.places[AARHUS].municipality,
        custody_informed="yes",
        **v,
    )


def _change_status(w: World, v: dict[str, Any]) -> Any:
    case = obj(w, "case")
    return case_services.change_status(
        case, by=coordinator(w), to="closed", expected_version=case.version, **v
    )


def _add_measure(w: World, v: dict[str, Any]) -> Any:
    return case_services.add_measure(
        obj(w, "case"),
        by=coordinator(w),
        measure_type=Measure.objects.order_by("pk")[0],
        owner=w.places[AARHUS].municipality,
        **v,
    )


def _add_assessment(w: World, v: dict[str, Any]) -> Any:
    dimension = AssessmentDimension.objects.order_by("pk")[0]
    observation = v.pop("observation")
    return case_services.add_assessment(
        obj(w, "case"), by=coordinator(w), observations=[(dimension, "risk", observation)], **v
    )


def _give_consent(w: World, v: dict[str, Any]) -> Any:
    return exchange_services.give_consent(
        obj(w, "person"),
        by=coordinator(w),
        given_by="custody_holders",  # the world's person is a child
        purposes=["prevention"],
        categories=["identity"],
        recipient_kinds=["school"],
        **v,
    )


def _initiative_data(v: dict[str, Any]) -> plan_content.InitiativeData:
    return plan_content.InitiativeData(
        level=PreventionLevel.objects.order_by("order")[0], pillar="general", **v
    )


def _card_data(v: dict[str, Any]) -> plan_content.CardData:
    contact = plan_content.ContactData(
        kind="municipal_coordinator", label=v.pop("label"), phone=v.pop("phone"), when=v.pop("when")
    )
    return plan_content.CardData(audience="daycare", contacts=(contact,), **v)  # school: taken


REAL_REFERENCE = "(the reference of a Copenhagen case)"


def _grant_access(w: World, v: dict[str, Any]) -> Any:
    if v["reference"] == REAL_REFERENCE:
        v["reference"] = obj(w, "case", COPENHAGEN).reference
    return breakglass.grant_access(by=user(w, "other_coordinator"), **v)


def _new_case(w: World) -> dict[str, Any]:
    """A case of Aarhus at the infohus, not yet on the conference's agenda."""
    person = PersonFactory.create(municipality=w.places[AARHUS].municipality)
    return {"case": CaseFactory.create(person=person, status=Status.INFORMATION_GATHERING)}


def _participant(w: World) -> dict[str, Any]:
    """Aarhus at the conference's table: only a participant records its own decision."""
    organisation = w.places[AARHUS].municipality
    conference_services.add_participant(
        obj(w, "conference"), by=coordinator(w), organisation=organisation, name="Tovholder"
    )
    return {"organisation": organisation}


def _uninvited_partner(case: Any) -> Organisation:
    partner = invitations.invitable_organisations(case).first()  # leaves out those invited
    assert partner is not None
    return partner


def _owner(w: World) -> User:
    return user(w, "plan_owner")


CALLS: list[ServiceCall] = [
    ServiceCall(
        "forebyg.cases.services.intake.receive_concern",
        {
            "person_name": TEXT,
            "description": TEXT,
            "cpr": st.one_of(TEXT, st.sampled_from(["", "", "170510-4123", "290225-4123"])),
            "birth_date": st.one_of(st.none(), st.none(), DATE),  # a CPR number gives it
            "reporter_contact": TEXT,
        },
        _receive_concern,
        (Concern,),
    ),
    ServiceCall(
        "forebyg.cases.services.access.search_persons",
        {"purpose": TEXT, "name": TEXT, "cpr": st.one_of(st.just(""), TEXT)},
        lambda w, v: case_services.search_persons(by=coordinator(w), **v),
    ),
    ServiceCall(
        "forebyg.cases.services.access.set_screening_days",
        {"days": st.one_of(NUMBER, st.integers(1, 90))},
        lambda w, v: case_services.set_screening_days(
            w.places[AARHUS].municipality, by=coordinator(w), **v
        ),
        (ScreeningPolicy,),
    ),
    ServiceCall(
        "forebyg.cases.services.access.record_case_view",
        {"purpose": TEXT},
        lambda w, v: case_services.record_case_view(obj(w, "case"), by=coordinator(w), **v),
    ),
    ServiceCall(
        "forebyg.cases.services.cpr_reveal.reveal_cpr",
        {"purpose": TEXT},
        lambda w, v: cpr_reveal.reveal_cpr(obj(w, "person"), by=coordinator(w), **v),
    ),
    ServiceCall(
        "forebyg.cases.services.status.change_status",
        {
            "note": TEXT,
            "closure_reason": st.one_of(TEXT, st.sampled_from(ClosureReason.values)),
            "closure_outcome": st.one_of(TEXT, st.sampled_from(ClosureOutcome.values)),
        },
        _change_status,
        (StatusChange,),
    ),
    ServiceCall(
        "forebyg.cases.services.assessments.add_assessment",
        {"summary": TEXT, "recommendation": TEXT, "observation": TEXT},
        _add_assessment,
        (Assessment,),
    ),
    ServiceCall(
        "forebyg.cases.services.measures.add_measure",
        {
            "responsible_person": TEXT,
            "start": DATE,
            "end": OPTIONAL_DATE,
            "next_review": OPTIONAL_DATE,
        },
        _add_measure,
        (CaseMeasure,),
    ),
    ServiceCall(
        "forebyg.cases.services.measures.review_measure",
        {"reviewed_on": DATE, "note": TEXT, "next_review": OPTIONAL_DATE, "end": OPTIONAL_DATE},
        lambda w, v: case_services.review_measure(obj(w, "measure"), by=coordinator(w), **v),
        (MeasureReview,),
    ),
    ServiceCall(
        "forebyg.cases.breakglass.grant_access",
        {"reference": st.one_of(TEXT, st.just(REAL_REFERENCE)), "reason": TEXT},
        _grant_access,
        (BreakGlassGrant,),
        audits_refusals=True,
    ),
    ServiceCall(
        "forebyg.conferences.services.create_conference",
        {"held_on": DATE, "location": TEXT, "notes": TEXT},
        lambda w, v: conference_services.create_conference(
            by=coordinator(w), municipality=w.places[AARHUS].municipality, **v
        ),
        (Conference,),
    ),
    ServiceCall(
        "forebyg.conferences.services.add_participant",
        {"name": TEXT, "role": TEXT},
        lambda w, v: conference_services.add_participant(
            obj(w, "conference"),
            by=coordinator(w),
            organisation=w.places[AARHUS].municipality,
            **v,
        ),
        (Participant,),
    ),
    ServiceCall(
        "forebyg.conferences.services.add_case",
        {"reason": TEXT},
        lambda w, v: conference_services.add_case(obj(w, "conference"), by=coordinator(w), **v),
        (AgendaItem,),
        _new_case,
    ),
    ServiceCall(
        "forebyg.conferences.services.write_minutes",
        {"text": TEXT},
        lambda w, v: conference_services.write_minutes(obj(w, "item"), by=coordinator(w), **v),
        (Minutes,),
    ),
    ServiceCall(
        "forebyg.conferences.services.record_decision",
        {"decided_by": TEXT, "text": TEXT},
        lambda w, v: conference_services.record_decision(obj(w, "item"), by=coordinator(w), **v),
        (AuthorityDecision,),
        _participant,
    ),
    ServiceCall(
        "forebyg.exchange.invitations.invite_partner",
        {"summary": TEXT, "necessity_note": TEXT},
        lambda w, v: invitations.invite_partner(
            obj(w, "case", RANDERS),
            by=user(w, "other_coordinator"),
            partner=_uninvited_partner(obj(w, "case", RANDERS)),
            **v,
        ),
    ),
    ServiceCall(
        "forebyg.exchange.services.give_consent",
        {
            "note": TEXT,
            "given_at": st.one_of(st.none(), st.datetimes(timezones=st.just(datetime.UTC))),
        },
        _give_consent,
        (Consent,),
    ),
    ServiceCall(
        "forebyg.national.services.create_initiative",
        {
            "title_da": TEXT,
            "title_en": TEXT,
            "number": st.one_of(st.none(), st.none(), NUMBER),
            "source": TEXT,
        },
        lambda w, v: national_services.create_initiative(
            by=user(w, "analyst"), focus_area=FocusArea.objects.order_by("pk")[0], **v
        ),
        (Initiative,),
    ),
    ServiceCall(
        "forebyg.national.services.record_status",
        {"date": DATE, "note": TEXT, "source": TEXT},
        lambda w, v: national_services.record_status(
            w.reference["national_initiative"], by=user(w, "analyst"), status="in_progress", **v
        ),
        (StatusUpdate,),
    ),
    ServiceCall(
        "forebyg.networks.services.create_note",
        {"date": DATE, "title": TEXT, "text": TEXT},
        lambda w, v: network_services.create_note(
            by=user(w, "police_coordinator"),
            police_district=Organisation.objects.get(key="oestjyllands-politi"),
            kind="meeting",
            **v,
        ),
        (NetworkNote,),
    ),
    ServiceCall(
        "forebyg.plans.services.versions.update_section",
        {"body": TEXT, "revision": st.one_of(st.none(), NUMBER)},
        lambda w, v: plan_versions.update_section(obj(w, "section"), by=_owner(w), **v),
    ),
    ServiceCall(
        "forebyg.plans.services.versions.adopt_version",
        {"decision_date": OPTIONAL_DATE, "reference": TEXT},
        lambda w, v: plan_versions.adopt_version(obj(w, "version"), by=_owner(w), **v),
    ),
    ServiceCall(
        "forebyg.plans.services.content.matrix.add_task",
        {"title": TEXT},
        lambda w, v: plan_content.add_task(obj(w, "version"), by=_owner(w), **v),
        (PlanTask,),
    ),
    ServiceCall(
        "forebyg.plans.services.content.initiatives.create_initiative",
        {
            "title": TEXT,
            "target_group": TEXT,
            "rationale": TEXT,
            "start": OPTIONAL_DATE,
            "end": OPTIONAL_DATE,
        },
        lambda w, v: plan_content.create_initiative(
            obj(w, "version"), data=_initiative_data(v), by=_owner(w)
        ),
        (PlanInitiative,),
    ),
    ServiceCall(
        "forebyg.plans.services.content.initiatives.create_indicator",
        {"name": TEXT, "unit": TEXT, "target": DECIMAL, "measured": DECIMAL},
        lambda w, v: plan_content.create_indicator(
            obj(w, "initiative"), data=plan_content.IndicatorData(**v), by=_owner(w)
        ),
        (Indicator,),
    ),
    ServiceCall(
        "forebyg.plans.services.content.cards.create_card",
        {
            "title": TEXT,
            "introduction": TEXT,
            "staff_reached": st.one_of(st.none(), NUMBER),
            "label": TEXT,
            "phone": TEXT,
            "when": TEXT,
        },
        lambda w, v: plan_content.create_card(obj(w, "version"), data=_card_data(v), by=_owner(w)),
        (ActionCard,),
    ),
    ServiceCall(
        "forebyg.api.services.create_token",
        {"name": TEXT, "description": TEXT},
        lambda w, v: api_services.create_token(
            organisation=w.places[AARHUS].municipality,
            scopes=["cases:read"],
            by=user(w, "administrator"),
            **v,
        ),
        (ApiToken,),
    ),
]
