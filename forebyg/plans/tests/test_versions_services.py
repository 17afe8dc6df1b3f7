"""The services of plans and versions: template, new versions, sections and the workflow."""

import datetime

import pytest
from django.db import IntegrityError
from django.utils import timezone

from forebyg.audit.models import AuditEvent
from forebyg.plans import template, workflow
from forebyg.plans.models import (
    ActionCard,
    CardContact,
    Indicator,
    PlanInitiative,
    PlanVersion,
    RoleAssignment,
)
from forebyg.plans.services import versions as services
from forebyg.plans.services.versions import PlanError
from forebyg.plans.tests.factories import PlanFactory, SectionFactory, TaskFactory, VersionFactory
from forebyg.plans.workflow import VersionStatus
from forebyg.prevention.models import PreventionLevel, WarningSign

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _verbs(target) -> list[str]:
    return list(
        AuditEvent.objects.filter(target_id=str(target.pk))
        .order_by("id")
        .values_list("verb", flat=True)
    )


def test_a_new_plan_is_a_draft_with_the_template_sections_and_default_tasks(aarhus, plan_owner):
    plan = services.create_plan(municipality=aarhus, by=plan_owner)

    version = plan.versions.get()
    assert (version.number, version.status) == (1, VersionStatus.DRAFT)
    assert list(version.sections.values_list("key", flat=True)) == [
        s.key for s in template.SECTIONS
    ]
    assert (
        version.sections.get(key="akutte-situationer").heading
        == "Søjle 3: Handling i akutte situationer"
    )
    assert set(version.sections.exclude(pillar="").values_list("pillar", flat=True)) == {
        "general",
        "case_process",
        "acute",
    }
    assert list(version.tasks.values_list("title", flat=True)) == list(template.DEFAULT_TASKS)
    assert not RoleAssignment.objects.filter(task__version=version).exists()
    event = AuditEvent.objects.get(verb="plan.created")
    assert (event.organisation, event.actor) == (aarhus, plan_owner)


def test_a_municipality_gets_only_one_plan(aarhus, plan_owner):
    services.create_plan(municipality=aarhus, by=plan_owner)

    with pytest.raises(PlanError):
        services.create_plan(municipality=aarhus, by=plan_owner)


def test_only_a_municipality_has_a_plan(east_jutland_police, plan_owner):
    with pytest.raises(PlanError):
        services.create_plan(municipality=east_jutland_police, by=plan_owner)


def _full_version(aarhus, randers):
    version = VersionFactory.create(
        plan=PlanFactory.create(municipality=aarhus), status="published"
    )
    SectionFactory.create(version=version, key="formaal", body="<p>Gammel tekst</p>")
    task = TaskFactory.create(version=version, title="Modtage bekymringer")
    RoleAssignment.objects.create(task=task, actor=aarhus, responsibility="R")
    initiative = PlanInitiative.objects.create(
        version=version,
        title="Dialogmøder",
        level=PreventionLevel.objects.order_by("order")[0],
        pillar="general",
        target_group="Elever",
        responsible=aarhus,
    )
    initiative.partners.set([randers])
    Indicator.objects.create(initiative=initiative, name="Møder", target=4)
    card = ActionCard.objects.create(version=version, audience="school", title="Skoler")
    card.warning_signs.set(WarningSign.objects.all()[:2])
    CardContact.objects.create(card=card, kind="police", label="Politiet", phone="114")
    return version


def test_a_new_version_copies_all_content_of_the_newest(aarhus, randers, plan_owner):
    old = _full_version(aarhus, randers)

    new = services.start_new_version(old.plan, by=plan_owner)

    assert (new.number, new.status, new.based_on) == (2, VersionStatus.DRAFT, old)
    assert new.sections.get(key="formaal").body == "<p>Gammel tekst</p>"
    assert RoleAssignment.objects.get(task__version=new).actor == aarhus
    initiative = new.initiatives.get()
    assert list(initiative.partners.all()) == [randers]
    assert initiative.indicators.get().target == 4
    card = new.action_cards.get()
    assert card.warning_signs.count() == 2
    assert card.contacts.get().phone == "114"
    # The old version keeps its own rows.
    assert old.initiatives.count() == old.action_cards.count() == old.sections.count() == 1
    assert _verbs(new) == ["plan_version.created"]


def test_no_second_version_while_one_is_in_work(aarhus, plan_owner):
    plan = services.create_plan(municipality=aarhus, by=plan_owner)

    with pytest.raises(PlanError):
        services.start_new_version(plan, by=plan_owner)


def test_the_database_refuses_two_versions_in_work(aarhus):
    plan = PlanFactory.create(municipality=aarhus)
    VersionFactory.create(plan=plan)

    with pytest.raises(IntegrityError):
        VersionFactory.create(plan=plan, status="consultation")


def _draft(aarhus, plan_owner) -> PlanVersion:
    return services.create_plan(municipality=aarhus, by=plan_owner).versions.get()


def test_a_section_is_saved_sanitised_and_audited(aarhus, plan_owner):
    version = _draft(aarhus, plan_owner)
    section = version.sections.get(key="formaal")

    result = services.update_section(
        section,
        body="Hej<script>alert(1)</script>\n\nverden",
        revision=version.revision,
        by=plan_owner,
    )

    section.refresh_from_db()
    assert section.body == "<p>Hej</p>\n\n<p>verden</p>"
    assert result.removed == ["script"]
    event = AuditEvent.objects.get(verb="plan_section.updated")
    assert event.after == {"key": "formaal", "length": len(section.body), "removed": ["script"]}
    assert PlanVersion.objects.get(pk=version.pk).revision == version.revision + 1


def test_a_stale_revision_is_refused_and_changes_nothing(aarhus, plan_owner):
    version = _draft(aarhus, plan_owner)
    section = version.sections.get(key="formaal")
    services.update_section(section, body="Først", revision=0, by=plan_owner)

    with pytest.raises(PlanError) as error:
        services.update_section(section, body="Anden", revision=0, by=plan_owner)

    assert error.value.code == "stale"
    section.refresh_from_db()
    assert section.body == "<p>Først</p>"


def test_sending_the_same_text_twice_is_harmless(aarhus, plan_owner):
    version = _draft(aarhus, plan_owner)
    section = version.sections.get(key="formaal")
    services.update_section(section, body="Samme", revision=0, by=plan_owner)

    services.update_section(section, body="Samme", revision=0, by=plan_owner)

    assert AuditEvent.objects.filter(verb="plan_section.updated").count() == 1


def test_an_adopted_version_cannot_change(aarhus, plan_owner):
    version = VersionFactory.create(plan=PlanFactory.create(municipality=aarhus), status="adopted")
    section = SectionFactory.create(version=version, body="<p>Vedtaget</p>")

    with pytest.raises(PlanError) as error:
        services.update_section(section, body="Ændret", revision=version.revision, by=plan_owner)

    assert error.value.code == "not_editable"
    section.refresh_from_db()
    assert section.body == "<p>Vedtaget</p>"


def test_a_draft_goes_to_consultation_and_back(aarhus, plan_owner):
    version = _draft(aarhus, plan_owner)

    services.move_version(version, to="consultation", by=plan_owner)
    services.move_version(version, to="draft", by=plan_owner)

    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT
    assert _verbs(version).count("plan_version.moved") == 2


def test_moving_cannot_adopt_or_publish(aarhus, plan_owner):
    version = _draft(aarhus, plan_owner)

    for target in ("adopted", "published", "superseded"):
        with pytest.raises(PlanError):
            services.move_version(version, to=target, by=plan_owner)


@pytest.mark.parametrize(
    ("decision_date", "reference", "field"),
    [
        (None, "KB 1/2026", "decision_date"),
        (TODAY + datetime.timedelta(days=1), "KB 1/2026", "decision_date"),
        (TODAY, "", "reference"),
        (TODAY, "x" * 201, "reference"),
    ],
)
def test_adoption_needs_a_past_council_date_and_a_reference(
    aarhus, plan_owner, decision_date, reference, field
):
    version = _draft(aarhus, plan_owner)

    with pytest.raises(PlanError) as error:
        services.adopt_version(
            version, decision_date=decision_date, reference=reference, by=plan_owner
        )

    assert field in error.value.message_dict
    version.refresh_from_db()
    assert version.status == VersionStatus.DRAFT


def test_adoption_supersedes_the_version_in_force(aarhus, plan_owner):
    plan = PlanFactory.create(municipality=aarhus)
    old = VersionFactory.create(plan=plan, status="published")
    new = services.start_new_version(plan, by=plan_owner)

    services.adopt_version(new, decision_date=TODAY, reference="KB 7/2026", by=plan_owner)

    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.status, new.status) == (VersionStatus.SUPERSEDED, VersionStatus.ADOPTED)
    assert old.superseded_at is not None and old.published_at is not None
    assert (new.council_decision_date, new.council_reference) == (TODAY, "KB 7/2026")
    assert _verbs(old)[-1] == "plan_version.superseded"
    assert _verbs(new)[-1] == "plan_version.adopted"


def test_adopting_twice_with_the_same_decision_is_harmless(aarhus, plan_owner):
    version = _draft(aarhus, plan_owner)
    services.adopt_version(version, decision_date=TODAY, reference="KB 1", by=plan_owner)

    services.adopt_version(version, decision_date=TODAY, reference="KB 1", by=plan_owner)

    assert AuditEvent.objects.filter(verb="plan_version.adopted").count() == 1


def test_a_draft_cannot_be_published(aarhus, plan_owner):
    version = _draft(aarhus, plan_owner)

    with pytest.raises(PlanError):
        services.publish_version(version, by=plan_owner)

    version.refresh_from_db()
    assert version.published_at is None


def test_an_adopted_version_is_published(aarhus, plan_owner):
    version = _draft(aarhus, plan_owner)
    services.adopt_version(version, decision_date=TODAY, reference="KB 1", by=plan_owner)

    services.publish_version(version, by=plan_owner)
    services.publish_version(version, by=plan_owner)  # a double submit

    version.refresh_from_db()
    assert version.status == VersionStatus.PUBLISHED and version.published_at is not None
    assert _verbs(version).count("plan_version.published") == 1
    assert AuditEvent.objects.filter(verb="plan_version.published").get().organisation == aarhus


@pytest.mark.parametrize("current", list(VersionStatus))
@pytest.mark.parametrize("target", list(VersionStatus))
def test_the_workflow_table(current, target):
    allowed = {
        ("draft", "consultation"),
        ("draft", "adopted"),
        ("consultation", "draft"),
        ("consultation", "adopted"),
        ("adopted", "published"),
        ("adopted", "superseded"),
        ("published", "superseded"),
    }

    assert workflow.can_move(current, target) == ((current.value, target.value) in allowed)
