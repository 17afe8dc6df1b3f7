"""Which object each route with URL arguments points at, and who has that object in scope.

A route's first gate (roles) comes from the policy table; its object rule is written there in
words. This module is the machine-readable side of those words: for every route with arguments,
the places whose objects fill it and, per place, the personas the object rule lets in. A new
route with arguments fails the matrix until it is added here (or to UNFILLABLE with a reason)."""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from forebyg.access_requests.tests.matrix import request_kwargs as access_request_kwargs
from forebyg.core.tests.policy_matrix.world import (
    AARHUS,
    COPENHAGEN,
    EAST_JUTLAND,
    NATIONWIDE,
    OTHERS_GRANT,
    OWN_GRANT,
    POLICE_ONLY,
    RANDERS,
    Place,
    World,
)

EVERYONE = "everyone"  # no object rule beyond the first gate (reference data, public pages)
Kwargs = Callable[[World, Place], dict[str, Any] | None]

# Per scope, per place: the personas whose object rule admits that place's object.
SCOPES: dict[str, dict[str, frozenset[str]]] = {
    # IN_CASE_SCOPE: the case's municipality (its coordinators) or police district (its police).
    # The police-only stub stays in both (the shared case keeps reference, dates and outcome).
    "case": {
        AARHUS: frozenset({"municipal_coordinator", "police_coordinator"}),
        RANDERS: frozenset({"other_coordinator", "police_coordinator"}),
        COPENHAGEN: frozenset(),
        POLICE_ONLY: frozenset({"municipal_coordinator", "police_coordinator"}),
    },
    # cases:break_glass_end: the user's own break-glass grant (held here by the Randers one).
    "own_grant": {OWN_GRANT: frozenset({"other_coordinator"}), OTHERS_GRANT: frozenset()},
    # Adding to a conference discloses the municipality's cases: its own coordinators only.
    "conference_disclosure": {
        AARHUS: frozenset({"municipal_coordinator"}),
        RANDERS: frozenset({"other_coordinator"}),
        COPENHAGEN: frozenset(),
    },
    # exchange:partner_case: an open invitation of the partner's organisation (Midtjylland).
    "invited_partner": {
        AARHUS: frozenset({"partner"}),
        RANDERS: frozenset({"partner"}),
        COPENHAGEN: frozenset(),
    },
    # concerns:receipt / concerns:status: only the professional who recorded the concern.
    "own_report": {
        AARHUS: frozenset({"professional"}),
        RANDERS: frozenset(),
        COPENHAGEN: frozenset(),
    },
    # IN_PLAN_SCOPE: own plan, the municipality's / district's plans, all for analysts.
    "plan": {
        AARHUS: frozenset({"plan_owner", "municipal_coordinator", "police_coordinator", "analyst"}),
        RANDERS: frozenset({"other_coordinator", "police_coordinator", "analyst"}),
        COPENHAGEN: frozenset({"analyst"}),
    },
    # OWN_PLAN: the plan of the plan owner's own municipality.
    "own_plan": {
        AARHUS: frozenset({"plan_owner"}),
        RANDERS: frozenset(),
        COPENHAGEN: frozenset(),
    },
    # NETWORK_SCOPE: the district's police and its municipalities' coordinators; analysts all.
    "network": {
        EAST_JUTLAND: frozenset(
            {"municipal_coordinator", "other_coordinator", "police_coordinator", "analyst"}
        ),
        f"{COPENHAGEN}_district": frozenset({"analyst"}),
    },
    # IN_STATS_SCOPE: national for analysts; own municipality or own district for coordinators.
    "stats": {
        AARHUS: frozenset({"municipal_coordinator"}),
        RANDERS: frozenset({"other_coordinator"}),
        COPENHAGEN: frozenset(),
        EAST_JUTLAND: frozenset({"police_coordinator"}),
        f"{COPENHAGEN}_district": frozenset(),
        NATIONWIDE: frozenset({"analyst"}),
    },
    # retention: a municipality's data protection officer (the DPO persona is Aarhus's).
    "dpo": {
        AARHUS: frozenset({"dpo"}),
        RANDERS: frozenset(),
        COPENHAGEN: frozenset(),
    },
    # access_requests: a request received by the organisation; only its DPO handles it.
    "access_request": {
        AARHUS: frozenset({"dpo"}),
        RANDERS: frozenset(),
        COPENHAGEN: frozenset(),
    },
}


@dataclass(frozen=True)
class Target:
    scope: str  # a key of SCOPES, or EVERYONE
    kwargs: Kwargs
    places: tuple[str, ...] = ()  # default: every place of the scope

    def place_names(self) -> tuple[str, ...]:
        if self.places:
            return self.places
        return tuple(SCOPES[self.scope]) if self.scope in SCOPES else (AARHUS,)


def _pk(name: str, key: str = "pk") -> Kwargs:
    """Fill `key` with the primary key of the place's object `name` (skip the place if none)."""

    def kwargs(world: World, place: Place) -> dict[str, Any] | None:
        found = place.pk(name)
        return None if found is None else {key: found}

    return kwargs


def _attr(**paths: str) -> Kwargs:
    """Fill each URL argument with an attribute path from the place's objects ("case.pk")."""

    def kwargs(world: World, place: Place) -> dict[str, Any] | None:
        values = {}
        for key, path in paths.items():
            name, _, attribute = path.partition(".")
            value = place.objects.get(name, getattr(place, name, None))
            for part in filter(None, attribute.split(".")):
                value = getattr(value, part, None) if value is not None else None
            if value is None:
                return None
            values[key] = value
        return values

    return kwargs


def _fixed(**values: Callable[[World], Any]) -> Kwargs:
    return lambda world, place: {key: get(world) for key, get in values.items()}


CASE = _pk("case")
CASE_PLACES = (AARHUS, RANDERS, COPENHAGEN, POLICE_ONLY)
CODE = _attr(code="municipality.code")

TARGETS: dict[str, Target] = {
    # cases and concerns
    "cases:person": Target("case", _pk("person"), CASE_PLACES),
    "cases:cpr_reveal": Target("case", _pk("person"), CASE_PLACES),
    "cases:detail": Target("case", CASE, CASE_PLACES),
    "cases:status": Target("case", CASE, CASE_PLACES),
    "cases:classify": Target("case", CASE, CASE_PLACES),
    "cases:assessment_new": Target("case", CASE, CASE_PLACES),
    "cases:assessment": Target(
        "case", _attr(pk="assessment.case_id", version="assessment.version")
    ),
    "cases:measure_new": Target("case", CASE, CASE_PLACES),
    "cases:measure_review": Target("case", _pk("measure")),
    "cases:attachment": Target("case", _pk("attachment")),
    "cases:break_glass_end": Target("own_grant", _pk("grant")),
    "concerns:receipt": Target("own_report", _attr(reference="concern.reporter_reference")),
    "concerns:status": Target("own_report", _attr(reference="concern.reporter_reference")),
    # exchange
    "exchange:invite": Target("case", CASE, CASE_PLACES),
    "exchange:consent_new": Target("case", CASE, CASE_PLACES),
    "exchange:consent_withdraw": Target("case", _attr(pk="case.pk", consent_pk="consent.pk")),
    "exchange:reveal": Target("case", _pk("invitation")),
    "exchange:revoke": Target("case", _pk("invitation")),
    "exchange:partner_case": Target("invited_partner", _pk("invitation")),
    # conferences
    "conferences:detail": Target("case", _pk("conference")),
    "conferences:held": Target("case", _pk("conference")),
    "conferences:participant_add": Target("conference_disclosure", _pk("conference")),
    "conferences:case_add": Target("conference_disclosure", _pk("conference")),
    "conferences:pdf": Target("case", _pk("conference")),
    "conferences:minutes": Target("case", _pk("item")),
    "conferences:decision": Target("case", _pk("item")),
    # plans (readers and the owner)
    "plans:plan": Target("plan", _pk("plan", "plan_pk")),
    "plans:compare": Target("plan", _pk("plan", "plan_pk")),
    "plans:version_new": Target("own_plan", _pk("plan", "plan_pk")),
    "plans:version": Target("plan", _pk("version")),
    "plans:section_edit": Target("own_plan", _attr(pk="section.version_id", key="section.key")),
    "plans:version_move": Target("own_plan", _pk("version")),
    "plans:version_adopt": Target("own_plan", _pk("version")),
    "plans:version_publish": Target("own_plan", _pk("version")),
    "plans:matrix": Target("plan", _pk("version")),
    "plans:initiatives": Target("plan", _pk("version")),
    "plans:initiative_new": Target("own_plan", _pk("version")),
    "plans:initiative_edit": Target("own_plan", _pk("initiative")),
    "plans:indicator_new": Target("own_plan", _pk("initiative")),
    "plans:indicator_edit": Target("own_plan", _pk("indicator")),
    "plans:cards": Target("plan", _pk("version")),
    "plans:card_new": Target("own_plan", _pk("version")),
    "plans:card": Target("plan", _pk("card")),
    "plans:card_edit": Target("own_plan", _pk("card")),
    "plans:card_pdf": Target("plan", _pk("card")),
    "plans:version_pdf": Target("plan", _pk("version")),
    "plans:version_docx": Target("plan", _pk("version")),
    # public plan pages: Aarhus has a published version
    "plans:public": Target(EVERYONE, CODE),
    "plans:public_version": Target(
        EVERYONE, _attr(code="municipality.code", number="public_card.version.number")
    ),
    "plans:public_card": Target(
        EVERYONE, _attr(code="municipality.code", card_pk="public_card.pk")
    ),
    "plans:public_pdf": Target(EVERYONE, CODE),
    # networks and statistics
    "networks:note": Target("network", _pk("note")),
    "stats:scope": Target("stats", _attr(slug="stats_slug")),
    "stats:export_csv": Target("stats", _attr(slug="stats_slug")),
    "stats:export_xlsx": Target("stats", _attr(slug="stats_slug")),
    # retention: the municipality's periods and purge reports
    "retention:periods": Target("dpo", _attr(organisation_pk="municipality.pk")),
    "retention:runs": Target("dpo", _attr(organisation_pk="municipality.pk")),
    "retention:approve": Target("dpo", _attr(organisation_pk="municipality.pk")),
    # public reference pages and the national action plan
    "prevention:level": Target(EVERYONE, _fixed(key=lambda w: w.reference["level"].key)),
    "actors:organisation": Target(EVERYONE, _attr(key="municipality.key")),
    "legal:detail": Target(EVERYONE, _fixed(key=lambda w: "rpl-115-1")),
    "national:focus_area": Target(EVERYONE, _fixed(number=lambda w: 9)),
    "national:initiative": Target(
        EVERYONE, _fixed(pk=lambda w: w.reference["national_initiative"].pk)
    ),
    "national:initiative_edit": Target(
        EVERYONE, _fixed(pk=lambda w: w.reference["national_initiative"].pk)
    ),
    "national:status_new": Target(
        EVERYONE, _fixed(pk=lambda w: w.reference["national_initiative"].pk)
    ),
    # the API: token routes answer 401 to every session; public reads serve public data
    "api:concern_status": Target(EVERYONE, _attr(reference="concern.reporter_reference")),
    "api:read_case": Target(EVERYONE, _attr(case_id="case.pk")),
    "api:statistics_table": Target(EVERYONE, _fixed(key=lambda w: "cases_by_status")),
    "api:read_plan": Target(EVERYONE, _attr(municipality_code="municipality.code")),
    "api:read_initiative": Target(
        EVERYONE, _fixed(initiative_id=lambda w: w.reference["national_initiative"].pk)
    ),
    "api:read_organisation": Target(EVERYONE, _attr(key="municipality.key")),
    "api:read_legal_basis": Target(EVERYONE, _fixed(key=lambda w: "rpl-115-1")),
    "api:read_prevention_level": Target(EVERYONE, _fixed(key=lambda w: w.reference["level"].key)),
    "api_not_found": Target(EVERYONE, _fixed(rest=lambda w: "findes-ikke")),
    # access requests (GDPR art. 15)
    **{
        f"access_requests:{name}": Target("access_request", access_request_kwargs)
        for name in ("detail", "report", "pdf", "extend", "answer", "restrict")
    },
}

# Routes the matrix does not fill, with the reason.
UNFILLABLE_NAMESPACES = {
    # The admin's object pages (change, delete, history of every model) sit behind the same
    # administrator gate as its index and changelists, which the matrix runs; the admin checks
    # the gate before it looks up any object.
    "admin": "admin object pages: gated like the admin index and changelists, which are run",
}
