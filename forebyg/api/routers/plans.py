"""Published municipal plans (beredskaber): public, as their pages are."""

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Router, Schema

from forebyg.api.auth import throttle_anonymous
from forebyg.api.fields import Key
from forebyg.api.problems import PUBLIC_ERRORS, errors_by_status
from forebyg.plans import selectors
from forebyg.plans.models import ActionCard, PlanVersion
from forebyg.plans.permissions import get_public_version

router = Router()


class PlanSummaryOut(Schema):
    municipality_code: str
    municipality: str


class PlanSectionOut(Schema):
    key: str
    heading: str
    pillar: str
    body_html: str


class PlanInitiativeOut(Schema):
    title: str
    level: str
    pillar: str
    target_group: str
    status: str
    start: datetime.date | None
    end: datetime.date | None


class CardContactOut(Schema):
    kind: str
    label: str
    phone: str
    email: str
    when: str


class ActionCardOut(Schema):
    audience: str
    title: str
    introduction: str
    warning_signs: list[str]
    contacts: list[CardContactOut]


class PlanOut(Schema):
    municipality_code: str
    municipality: str
    version: int
    title: str
    status: str
    council_decision_date: datetime.date | None
    published_at: datetime.datetime | None
    sections: list[PlanSectionOut]
    initiatives: list[PlanInitiativeOut]
    action_cards: list[ActionCardOut]


@router.get("", response={200: list[PlanSummaryOut], **PUBLIC_ERRORS}, summary="Published plans")
def list_plans(request: HttpRequest) -> list[dict[str, str]]:
    throttle_anonymous(request)
    return [
        {"municipality_code": m.code, "municipality": str(m)}
        for m in selectors.published_municipalities()
    ]


def _card(card: ActionCard) -> dict[str, Any]:
    return {
        "audience": card.audience,
        "title": card.title,
        "introduction": card.introduction,
        "warning_signs": [sign.key for sign in card.warning_signs.all()],
        "contacts": [
            {"kind": c.kind, "label": c.label, "phone": c.phone, "email": c.email, "when": c.when}
            for c in card.contacts.all()
        ],
    }


def _plan(version: PlanVersion) -> dict[str, Any]:
    municipality = version.plan.municipality
    initiatives = version.initiatives.select_related("level")
    cards = version.action_cards.prefetch_related("warning_signs", "contacts")
    return {
        "municipality_code": municipality.code,
        "municipality": str(municipality),
        "version": version.number,
        "title": version.title,
        "status": version.status,
        "council_decision_date": version.council_decision_date,
        "published_at": version.published_at,
        "sections": [
            {"key": s.key, "heading": s.heading, "pillar": s.pillar, "body_html": s.body}
            for s in version.sections.all()
        ],
        "initiatives": [
            {
                "title": i.title,
                "level": i.level.key,
                "pillar": i.pillar,
                "target_group": i.target_group,
                "status": i.status,
                "start": i.start,
                "end": i.end,
            }
            for i in initiatives
        ],
        "action_cards": [_card(card) for card in cards],
    }


@router.get(
    "/{municipality_code}",
    response={200: PlanOut, **PUBLIC_ERRORS, **errors_by_status(404, 422)},
    summary="A municipality's published plan (the newest published version)",
)
def read_plan(request: HttpRequest, municipality_code: Key) -> dict[str, Any]:
    throttle_anonymous(request)
    return _plan(get_public_version(municipality_code))
