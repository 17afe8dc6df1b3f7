"""The demo beredskaber of `manage.py load_demo`: every state, idempotent."""

from django.utils import timezone

from forebyg.accounts.demo import DEMO_PERSONAS
from forebyg.accounts.tests.factories import UserFactory
from forebyg.actors.models import Organisation
from forebyg.plans import coverage, demo
from forebyg.plans.models import ActionPlan
from forebyg.plans.overview import national_overview
from forebyg.plans.selectors import revision_state


def _plan_owner():
    persona = next(p for p in DEMO_PERSONAS if p.username == demo.PLAN_OWNER)
    aarhus = Organisation.objects.get(key=persona.organisation_key)
    return UserFactory(username=persona.username, memberships=[(aarhus, persona.role)])


def test_the_demo_creates_plans_in_every_state_once(db):
    _plan_owner()

    lines = demo.load()
    again = demo.load()

    assert len(lines) == 6 and again == []
    assert ActionPlan.objects.count() == 6
    rows = {r.municipality.code: r for r in national_overview(today=timezone.localdate()).rows}
    states = {code: rows[code].state for code in ("751", "730", "461", "101", "851", "630")}
    assert states == {
        "751": "published",
        "730": "adopted",
        "461": "consultation",
        "101": "draft",
        "851": "published",
        "630": "published",
    }
    assert rows["851"].revision == "overdue"
    assert rows["630"].revision == "due_soon"


def test_the_demo_plan_of_aarhus_is_complete(db):
    _plan_owner()
    demo.load()

    version = ActionPlan.objects.get(municipality__code="751").versions.get()

    assert coverage.check(version, today=timezone.localdate()) == []
    assert version.action_cards.count() == 2
    assert sorted(version.initiatives.values_list("level__order", flat=True)) == [1, 2, 3]
    assert version.initiatives.filter(indicators__figure="staff_reached").exists()
    assert revision_state(version, timezone.localdate()) == "ok"


def test_without_the_plan_owner_persona_the_other_plans_still_load(db):
    lines = demo.load()

    assert len(lines) == 5
    assert not ActionPlan.objects.filter(municipality__code="751").exists()
