"""The roles matrix: tasks x actors from the registry, each cell R/A/C/I or empty."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from forebyg.actors.models import Organisation
from forebyg.audit.models import AuditEvent
from forebyg.plans.models import PlanTask, RoleAssignment
from forebyg.plans.services import content as services
from forebyg.plans.tests.factories import TaskFactory, VersionFactory

pytestmark = pytest.mark.django_db


def org(key: str) -> Organisation:
    return Organisation.objects.get(key=key)


@pytest.fixture
def version(aarhus):
    return VersionFactory.create()


@pytest.fixture
def adopted(aarhus):
    return VersionFactory.create(status="adopted")


# -- Services -----------------------------------------------------------------------------------


def test_adding_a_task_puts_it_last_and_is_audited_for_the_municipality(version, plan_owner):
    TaskFactory.create(version=version, order=4)

    task = services.add_task(version, title="  Modtage bekymringer  ", by=plan_owner)

    assert (task.title, task.order) == ("Modtage bekymringer", 5)
    event = AuditEvent.objects.get(verb="plan_task.created")
    assert event.organisation == version.plan.municipality
    assert event.actor == plan_owner


@pytest.mark.parametrize("title", ["", "   ", "x" * 201])
def test_a_task_needs_a_title_of_sensible_length(version, plan_owner, title):
    with pytest.raises(services.ContentError):
        services.add_task(version, title=title, by=plan_owner)

    assert not PlanTask.objects.exists()
    assert not AuditEvent.objects.exists()


def test_an_adopted_version_refuses_every_change(adopted, plan_owner):
    task = TaskFactory.create(version=adopted, title="Før")

    with pytest.raises(services.ContentError) as error:
        services.rename_task(task, title="Efter", by=plan_owner)

    assert error.value.code == "not_editable"
    task.refresh_from_db()
    assert task.title == "Før"
    assert not AuditEvent.objects.exists()


def test_only_the_municipalitys_plan_owner_changes_the_matrix(version, municipal_coordinator):
    with pytest.raises(PermissionDenied):
        services.add_task(version, title="Opgave", by=municipal_coordinator)


def test_an_actor_column_starts_with_one_role_and_cannot_be_added_twice(
    version, plan_owner, east_jutland_police
):
    task = TaskFactory.create(version=version)

    services.add_actor(
        version, actor=east_jutland_police, task=task, responsibility="R", by=plan_owner
    )

    assert RoleAssignment.objects.get().responsibility == "R"
    with pytest.raises(services.ContentError):
        services.add_actor(
            version, actor=east_jutland_police, task=task, responsibility="C", by=plan_owner
        )
    assert RoleAssignment.objects.count() == 1


def test_setting_cells_adds_changes_and_clears_them(
    version, plan_owner, aarhus, east_jutland_police
):
    first, second = TaskFactory.create(version=version), TaskFactory.create(version=version)
    RoleAssignment.objects.create(task=first, actor=aarhus, responsibility="R")
    RoleAssignment.objects.create(task=second, actor=aarhus, responsibility="I")
    cells = {
        (first.pk, aarhus.pk): "A",  # changed
        (second.pk, aarhus.pk): "",  # cleared
        (first.pk, east_jutland_police.pk): "C",  # added
        (second.pk, east_jutland_police.pk): "",  # stays empty
    }

    changed = services.set_cells(version, cells=cells, by=plan_owner)

    assert changed == 3
    stored = {(a.task_id, a.actor_id): a.responsibility for a in RoleAssignment.objects.all()}
    assert stored == {(first.pk, aarhus.pk): "A", (first.pk, east_jutland_police.pk): "C"}
    assert AuditEvent.objects.filter(verb="plan_matrix.updated").count() == 1


def test_a_cell_accepts_only_the_four_letters(version, plan_owner, aarhus):
    task = TaskFactory.create(version=version)

    with pytest.raises(services.ContentError):
        services.set_cells(version, cells={(task.pk, aarhus.pk): "X"}, by=plan_owner)

    assert not RoleAssignment.objects.exists()


def test_cells_of_another_versions_task_are_refused(version, plan_owner, aarhus):
    foreign = TaskFactory.create(
        version=VersionFactory.create(plan__municipality=org("randers-kommune"))
    )

    with pytest.raises(services.ContentError):
        services.set_cells(version, cells={(foreign.pk, aarhus.pk): "R"}, by=plan_owner)

    assert not RoleAssignment.objects.exists()


def test_removing_an_actor_removes_its_whole_column_only(
    version, plan_owner, aarhus, east_jutland_police
):
    first, second = TaskFactory.create(version=version), TaskFactory.create(version=version)
    for task in (first, second):
        RoleAssignment.objects.create(task=task, actor=east_jutland_police, responsibility="C")
    RoleAssignment.objects.create(task=first, actor=aarhus, responsibility="R")

    removed = services.remove_actor(version, actor=east_jutland_police, by=plan_owner)

    assert removed == 2
    assert list(RoleAssignment.objects.values_list("actor", flat=True)) == [aarhus.pk]


def test_removing_a_task_removes_its_row(version, plan_owner, aarhus):
    task = TaskFactory.create(version=version)
    RoleAssignment.objects.create(task=task, actor=aarhus, responsibility="R")

    services.remove_task(task, by=plan_owner)

    assert not PlanTask.objects.exists()
    assert not RoleAssignment.objects.exists()
    assert (AuditEvent.objects.get(verb="plan_task.removed").before or {})["cells"] == {
        aarhus.key: "R"
    }


# -- Pages ----------------------------------------------------------------------------------------


def url(version) -> str:
    return reverse("plans:matrix", args=[version.pk])


def test_the_matrix_is_an_accessible_table_with_the_letters_explained(
    client, version, municipal_coordinator, aarhus
):
    task = TaskFactory.create(version=version, title="Modtage bekymringer")
    RoleAssignment.objects.create(task=task, actor=aarhus, responsibility="A")
    client.force_login(municipal_coordinator)

    response = client.get(url(version))

    assert response.status_code == 200
    html = response.content.decode()
    assert "<caption" in html
    assert '<th scope="row">Modtage bekymringer</th>' in html
    assert f'<th scope="col">{aarhus.name}</th>' in html
    assert "<abbr" in html and ">A</abbr>" in html
    assert "<dl" in html  # the legend
    assert 'name="action"' not in html  # a reader gets no forms


def test_the_plan_owner_gets_the_forms(client, version, plan_owner, aarhus):
    task = TaskFactory.create(version=version)
    RoleAssignment.objects.create(task=task, actor=aarhus, responsibility="R")
    client.force_login(plan_owner)

    html = client.get(url(version)).content.decode()

    assert f'name="cell-{task.pk}-{aarhus.pk}"' in html
    assert 'value="add_task"' in html and 'value="add_actor"' in html


@pytest.mark.parametrize("persona", ["other_coordinator", "professional", "partner"])
def test_someone_outside_the_plan_gets_a_404(client, version, persona, request):
    client.force_login(request.getfixturevalue(persona))

    assert client.get(url(version)).status_code == 404
    assert client.post(url(version), {"action": "add_task", "task-title": "X"}).status_code == 404


def test_a_reader_may_not_change_the_matrix(client, version, municipal_coordinator):
    client.force_login(municipal_coordinator)

    response = client.post(url(version), {"action": "add_task", "task-title": "Opgave"})

    assert response.status_code == 403
    assert not PlanTask.objects.exists()


def test_the_owner_adds_a_task_and_an_actor_and_sets_a_cell_without_javascript(
    client, version, plan_owner, east_jutland_police
):
    client.force_login(plan_owner)

    response = client.post(url(version), {"action": "add_task", "task-title": "Akut handling"})
    assert response.status_code == 302
    task = PlanTask.objects.get()
    response = client.post(
        url(version),
        {
            "action": "add_actor",
            "actor-actor": east_jutland_police.pk,
            "actor-task": task.pk,
            "actor-responsibility": "R",
        },
    )
    assert response.status_code == 302
    response = client.post(
        url(version), {"action": "cells", f"cell-{task.pk}-{east_jutland_police.pk}": "A"}
    )

    assert response.status_code == 302
    assert RoleAssignment.objects.get().responsibility == "A"


def test_an_empty_task_title_shows_the_error_and_changes_nothing(client, version, plan_owner):
    client.force_login(plan_owner)

    response = client.post(url(version), {"action": "add_task", "task-title": ""})

    assert response.status_code == 400
    assert response.context["task_form"].errors
    assert not PlanTask.objects.exists()


def test_renaming_to_nothing_is_refused(client, version, plan_owner):
    task = TaskFactory.create(version=version, title="Før")
    client.force_login(plan_owner)

    response = client.post(url(version), {"action": "rename_task", "task": task.pk, "title": " "})

    assert response.status_code == 400
    task.refresh_from_db()
    assert task.title == "Før"


def test_changing_an_adopted_version_answers_with_a_new_draft_offer(client, adopted, plan_owner):
    client.force_login(plan_owner)

    response = client.post(url(adopted), {"action": "add_task", "task-title": "Opgave"})

    assert response.status_code == 409
    assert not PlanTask.objects.exists()
    assert reverse("plans:version_new", args=[adopted.plan_id]) in response.content.decode()


def test_an_unknown_action_is_a_404(client, version, plan_owner):
    client.force_login(plan_owner)

    assert client.post(url(version), {"action": "drop_tables"}).status_code == 404


def test_the_matrix_page_costs_the_same_queries_for_a_large_matrix(
    client, version, plan_owner, django_assert_max_num_queries
):
    actors = list(Organisation.objects.filter(kind="municipality")[:12])
    for number in range(10):
        task = TaskFactory.create(version=version)
        for actor in actors[: number + 2]:
            RoleAssignment.objects.create(task=task, actor=actor, responsibility="I")
    client.force_login(plan_owner)

    with django_assert_max_num_queries(16):
        response = client.get(url(version))

    assert response.status_code == 200
