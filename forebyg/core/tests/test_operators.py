"""Operators are not readers (issue 7, point 7): a superuser and an administrator without a case
role see no case content anywhere. Every route of the case, concern, conference and exchange
apps and every plan-owner-only route answers them 404, with real objects of their own
municipality behind the URLs; no case model is in the admin; the audit admin hides case content;
and no access check of ours trusts `is_superuser` or Django's model permissions."""

import datetime
import re
from pathlib import Path

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from forebyg.accounts.admin_site import admin_site
from forebyg.accounts.models import Membership, Role
from forebyg.accounts.tests.factories import UserFactory
from forebyg.actors.models import Organisation
from forebyg.audit import services as audit
from forebyg.cases import breakglass, permissions, selectors, workflow
from forebyg.cases.models import Attachment
from forebyg.cases.tests.factories import (
    AssessmentFactory,
    CaseFactory,
    CaseMeasureFactory,
    ConcernFactory,
    PersonFactory,
)
from forebyg.conferences import services as conferences
from forebyg.core.access_policy import rule_for
from forebyg.exchange import invitations
from forebyg.exchange.tests.factories import ConsentFactory
from forebyg.plans.models import ActionCard, Indicator, PlanInitiative
from forebyg.plans.tests.factories import PlanFactory, SectionFactory, VersionFactory
from forebyg.prevention.models import PreventionLevel

pytestmark = pytest.mark.django_db

CASE_APPS = ("cases", "concerns", "conferences", "exchange")
NAME = "Jonas Opsahl"  # ASCII: the admin shows JSON with \\u escapes
REASON = "Akut henvendelse fra politiet om en mulig trussel i aften"
ROOT = Path(__file__).resolve().parents[2]


def _routes(resolver: URLResolver | None = None, prefix: str = "") -> list[tuple[str, URLPattern]]:
    found: list[tuple[str, URLPattern]] = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            found += _routes(entry, f"{prefix}{entry.namespace}:" if entry.namespace else prefix)
        elif isinstance(entry, URLPattern) and entry.name:
            found.append((f"{prefix}{entry.name}", entry))
    return found


def _plan_owner_only(name: str) -> bool:
    rule = rule_for(name)
    return rule is not None and rule.roles == frozenset({Role.PLAN_OWNER})


WALKED = sorted(
    (name, pattern)
    for name, pattern in _routes()
    if name.split(":")[0] in CASE_APPS or _plan_owner_only(name)
)


@pytest.fixture
def superuser(db):
    return UserFactory.create(username="root", is_superuser=True, is_staff=True)


@pytest.fixture
def world(settings, tmp_path, aarhus, municipal_coordinator, other_coordinator):
    """One of everything, in Aarhus (the administrator's own municipality)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    person = PersonFactory.create(municipality=aarhus, name=NAME)
    case = CaseFactory.create(person=person, status=workflow.Status.INFORMATION_GATHERING)
    concern = ConcernFactory.create(case=case, description="Deler voldelige videoer.")
    attachment = Attachment(
        concern=concern, original_name="n.pdf", content_type="application/pdf", size=4
    )
    attachment.file.save("upload", ContentFile(b"%PDF"), save=False)
    attachment.save()
    AssessmentFactory.create(case=case)
    psychiatry = Organisation.objects.get(key="psykiatrien-region-midtjylland")
    _decision, invitation = invitations.invite_partner(
        case,
        by=municipal_coordinator,
        partner=psychiatry,
        summary="Ung person, der deler voldsforherligende videoer.",
        necessity_note="Psykiatrien skal vurdere behovet for behandling.",
    )
    assert invitation is not None
    conference = conferences.create_conference(
        by=municipal_coordinator,
        municipality=aarhus,
        held_on=datetime.date(2026, 12, 3),
        location="Rådhuset",
    )
    item = conferences.add_case(
        conference, by=municipal_coordinator, case=case, reason="Politiet skal kende sagen."
    )
    other_case = CaseFactory.create(person=PersonFactory.create(municipality=aarhus))
    grant = breakglass.grant_access(by=other_coordinator, reference=case.reference, reason=REASON)
    version = VersionFactory.create(plan=PlanFactory.create(municipality=aarhus))
    initiative = PlanInitiative.objects.create(
        version=version,
        title="Dialogmøder",
        level=PreventionLevel.objects.order_by("order")[0],
        pillar="general",
        target_group="Elever",
        responsible=aarhus,
    )
    return {
        "case": case.pk,
        "other_case": other_case.pk,
        "person": person.pk,
        "measure": CaseMeasureFactory.create(case=case).pk,
        "attachment": attachment.pk,
        "concern": concern.reporter_reference,
        "consent": ConsentFactory.create(person=person, recorded_by=municipal_coordinator).pk,
        "invitation": invitation.pk,
        "conference": conference.pk,
        "item": item.pk,
        "grant": grant.pk,
        "plan": version.plan_id,
        "version": version.pk,
        "section": SectionFactory.create(version=version, key="formaal").key,
        "initiative": initiative.pk,
        "indicator": Indicator.objects.create(initiative=initiative, name="Møder", target=4).pk,
        "card": ActionCard.objects.create(version=version, audience="school", title="Skoler").pk,
    }


# Which object each route's arguments name. A new route with arguments fails the walk until it is
# added here, so it cannot escape the check.
ARGUMENTS: dict[str, dict[str, str]] = {
    "cases:person": {"pk": "person"},
    "cases:cpr_reveal": {"pk": "person"},
    "cases:detail": {"pk": "case"},
    "cases:status": {"pk": "case"},
    "cases:classify": {"pk": "case"},
    "cases:assessment_new": {"pk": "case"},
    "cases:assessment": {"pk": "case", "version": "1"},
    "cases:measure_new": {"pk": "case"},
    "cases:measure_review": {"pk": "measure"},
    "cases:attachment": {"pk": "attachment"},
    "cases:break_glass_end": {"pk": "grant"},
    "concerns:receipt": {"reference": "concern"},
    "concerns:status": {"reference": "concern"},
    "conferences:detail": {"pk": "conference"},
    "conferences:held": {"pk": "conference"},
    "conferences:participant_add": {"pk": "conference"},
    "conferences:case_add": {"pk": "conference"},
    "conferences:pdf": {"pk": "conference"},
    "conferences:minutes": {"pk": "item"},
    "conferences:decision": {"pk": "item"},
    "exchange:invite": {"pk": "case"},
    "exchange:consent_new": {"pk": "case"},
    "exchange:consent_withdraw": {"pk": "case", "consent_pk": "consent"},
    "exchange:reveal": {"pk": "invitation"},
    "exchange:revoke": {"pk": "invitation"},
    "exchange:partner_case": {"pk": "invitation"},
    "plans:version_new": {"plan_pk": "plan"},
    "plans:section_edit": {"pk": "version", "key": "section"},
    "plans:version_move": {"pk": "version"},
    "plans:version_adopt": {"pk": "version"},
    "plans:version_publish": {"pk": "version"},
    "plans:initiative_new": {"pk": "version"},
    "plans:initiative_edit": {"pk": "initiative"},
    "plans:indicator_new": {"pk": "initiative"},
    "plans:indicator_edit": {"pk": "indicator"},
    "plans:card_new": {"pk": "version"},
    "plans:card_edit": {"pk": "card"},
}


def _url(name: str, pattern: URLPattern, world: dict[str, object]) -> str:
    wanted = ARGUMENTS.get(name, {})
    names = list(pattern.pattern.converters)
    assert set(names) <= set(wanted), f"add {name} to ARGUMENTS in {__file__}"
    kwargs = {key: world.get(wanted[key], wanted[key]) for key in names}
    return reverse(name, kwargs=kwargs)


@pytest.mark.parametrize("operator", ["superuser", "administrator"])
def test_an_operator_gets_404_on_every_case_conference_exchange_and_plan_owner_route(
    client, request, world, operator
):
    client.force_login(request.getfixturevalue(operator))
    answers = {}
    for name, pattern in WALKED:
        url = _url(name, pattern, world)
        response = client.get(url)
        if response.status_code == 405:  # a POST-only action: the POST must not reach anything
            response = client.post(url, {})
        answers[name] = response.status_code

    assert {name: status for name, status in answers.items() if status != 404} == {}
    assert len(answers) > 40  # the walk did find the routes


CONTROL = {
    "municipal_coordinator": [
        "cases:detail",
        "cases:person",
        "cases:assessment",
        "cases:measure_review",
        "conferences:detail",
    ],
    "plan_owner": ["plans:section_edit", "plans:initiative_edit", "plans:card_edit"],
}


@pytest.mark.parametrize("persona", sorted(CONTROL))
def test_the_walked_urls_lead_to_real_objects_that_their_owners_open(
    client, request, world, persona
):
    client.force_login(request.getfixturevalue(persona))
    patterns = dict(WALKED)

    answers = {
        name: client.get(_url(name, patterns[name], world)).status_code for name in CONTROL[persona]
    }

    assert set(answers.values()) == {200}, answers


@pytest.mark.parametrize("operator", ["superuser", "administrator"])
def test_an_operator_has_no_case_scope_and_finds_nothing(request, world, operator):
    user = request.getfixturevalue(operator)

    assert permissions.case_scope(user).is_empty
    assert not selectors.filtered_cases(user).exists()
    assert not selectors.visible_persons(user).exists()
    assert not permissions.can_view_case(user, permissions.Case.objects.get(pk=world["case"]))


def test_no_case_person_concern_or_exchange_model_is_in_the_admin():
    private_apps = {"cases", "conferences", "exchange"}
    for site in (admin_site, admin.site):
        registered = {model._meta.app_label for model in site._registry}
        assert registered & private_apps == set(), site.name


# Django's model permissions and `is_superuser` are the admin's own business. Our access checks
# run on memberships only; this keeps the flag out of every other module.
OPERATOR_FLAGS = re.compile(r"\bis_superuser\b|\.has_perms?\(|\bpermission_required\b")


def test_no_access_check_outside_the_admin_trusts_superuser_or_model_permissions():
    offenders = [
        str(path.relative_to(ROOT))
        for path in sorted((ROOT / "forebyg").rglob("*.py"))
        if "tests" not in path.parts
        and "migrations" not in path.parts
        and not path.name.startswith("admin")
        and OPERATOR_FLAGS.search(path.read_text(encoding="utf-8"))
    ]

    assert offenders == []


def _audit_page(client, user, actor):
    event = audit.record(actor, "case.changed", None, purpose="case_handling", after={"name": NAME})
    client.force_login(user)
    return client.get(reverse("admin:audit_auditevent_change", args=[event.pk]))


def test_the_audit_admin_does_not_show_case_content_to_an_administrator(
    client, administrator, municipal_coordinator
):
    page = _audit_page(client, administrator, municipal_coordinator)

    assert page.status_code == 200
    assert NAME not in page.content.decode()


def test_a_superuser_without_the_administrator_role_does_not_reach_the_audit_admin(
    client, superuser, municipal_coordinator
):
    page = _audit_page(client, superuser, municipal_coordinator)

    assert page.status_code == 302  # to the login page: the admin needs the administrator role
    assert NAME not in page.content.decode()


def test_the_audit_admin_shows_case_content_to_an_administrator_with_a_case_role(
    client, administrator, aarhus, municipal_coordinator
):
    Membership.objects.create(
        user=administrator, organisation=aarhus, role=Role.MUNICIPAL_COORDINATOR
    )

    page = _audit_page(client, administrator, municipal_coordinator)

    assert NAME in page.content.decode()
