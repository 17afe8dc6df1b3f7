"""Initiatives on the prevention triangle, and their indicators (by hand or bound to a figure)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from forebyg.actors.models import Organisation
from forebyg.audit.models import AuditEvent
from forebyg.cases.tests.factories import CaseFactory, ConcernFactory
from forebyg.legal.models import LegalBasis
from forebyg.plans import figures
from forebyg.plans.models import Indicator, PlanInitiative
from forebyg.plans.services import content as services
from forebyg.plans.tests.factories import VersionFactory
from forebyg.prevention.models import PreventionLevel

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(aarhus):
    return VersionFactory.create()


@pytest.fixture
def level():
    return PreventionLevel.objects.order_by("order").first()


def make_initiative(version, level, title="Forældrenetværk", **fields):
    defaults = {"pillar": "general", "target_group": "Forældre"}
    return PlanInitiative.objects.create(
        version=version, title=title, level=level, **(defaults | fields)
    )


def form_data(level, **overrides):
    data = {
        "title": "Mentorindsats",
        "level": level.pk,
        "pillar": "case_process",
        "target_group": "Unge 15-25 år i risiko",
        "responsible": "",
        "rationale": "Tidlig indsats virker.",
        "start": "2026-01-01",
        "end": "2026-12-31",
        "status": "ongoing",
    }
    return data | overrides


# -- Services -----------------------------------------------------------------------------------


def test_an_initiative_is_stored_with_its_actors_and_legal_bases_and_audited(
    version, plan_owner, level, aarhus, east_jutland_police
):
    basis = LegalBasis.objects.order_by("id")[0]
    data = services.InitiativeData(
        title="Mentorindsats",
        level=level,
        pillar="case_process",
        target_group="Unge",
        responsible=aarhus,
        partners=(east_jutland_police,),
        legal_bases=(basis,),
        start=datetime.date(2026, 1, 1),
        end=datetime.date(2026, 12, 31),
    )

    initiative = services.create_initiative(version, data=data, by=plan_owner)

    assert list(initiative.partners.all()) == [east_jutland_police]
    assert list(initiative.legal_bases.all()) == [basis]
    event = AuditEvent.objects.get(verb="plan_initiative.created")
    assert event.organisation == aarhus
    assert (event.after or {})["responsible"] == aarhus.key


def test_an_initiative_that_ends_before_it_starts_is_refused(version, plan_owner, level):
    data = services.InitiativeData(
        title="X",
        level=level,
        pillar="acute",
        target_group="Y",
        start=datetime.date(2026, 5, 1),
        end=datetime.date(2026, 4, 30),
    )

    with pytest.raises(services.ContentError) as error:
        services.create_initiative(version, data=data, by=plan_owner)

    assert "end" in error.value.error_dict
    assert not PlanInitiative.objects.exists()


def test_changing_an_initiative_keeps_the_before_and_after_in_the_audit(version, plan_owner, level):
    initiative = make_initiative(version, level)
    data = services.InitiativeData(
        title="Nyt navn", level=level, pillar="acute", target_group="Alle", status="completed"
    )

    services.update_initiative(initiative, data=data, by=plan_owner)

    initiative.refresh_from_db()
    assert (initiative.title, initiative.status) == ("Nyt navn", "completed")
    event = AuditEvent.objects.get(verb="plan_initiative.updated")
    assert (event.before or {})["title"] == "Forældrenetværk"
    assert (event.after or {})["title"] == "Nyt navn"


def test_a_bound_indicator_keeps_no_typed_value(version, plan_owner, level):
    initiative = make_initiative(version, level)
    data = services.IndicatorData(
        name="Bekymringer", target=Decimal(20), measured=Decimal(3), figure="concerns_per_quarter"
    )

    indicator = services.create_indicator(initiative, data=data, by=plan_owner)

    assert indicator.measured is None
    assert indicator.figure == "concerns_per_quarter"


def test_an_indicator_needs_a_name_and_a_known_figure(version, plan_owner, level):
    initiative = make_initiative(version, level)

    with pytest.raises(services.ContentError):
        services.create_indicator(initiative, data=services.IndicatorData(name=" "), by=plan_owner)
    with pytest.raises(services.ContentError):
        services.create_indicator(
            initiative, data=services.IndicatorData(name="X", figure="cpr_numbers"), by=plan_owner
        )

    assert not Indicator.objects.exists()


# -- Pages ----------------------------------------------------------------------------------------


def test_the_owner_adds_an_initiative_through_the_form(client, version, plan_owner, level, aarhus):
    client.force_login(plan_owner)
    police = Organisation.objects.get(key="oestjyllands-politi")

    response = client.post(
        reverse("plans:initiative_new", args=[version.pk]),
        form_data(level, responsible=aarhus.pk, partners=[police.pk]),
    )

    assert response.status_code == 302
    initiative = PlanInitiative.objects.get()
    assert initiative.responsible == aarhus
    assert list(initiative.partners.all()) == [police]


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"title": ""}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"target_group": ""}, "target_group"),
        ({"start": "2026-05-01", "end": "2026-04-01"}, "end"),
        ({"start": "2026-02-30"}, "start"),
        ({"pillar": "everything"}, "pillar"),
    ],
)
def test_bad_initiative_input_is_shown_and_changes_nothing(
    client, version, plan_owner, level, overrides, field
):
    client.force_login(plan_owner)

    response = client.post(
        reverse("plans:initiative_new", args=[version.pk]), form_data(level, **overrides)
    )

    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert not PlanInitiative.objects.exists()


def test_a_double_submit_makes_one_initiative(client, version, plan_owner, level):
    client.force_login(plan_owner)
    new = reverse("plans:initiative_new", args=[version.pk])

    first = client.post(new, form_data(level))
    second = client.post(new, form_data(level))

    assert first.status_code == 302
    assert second.status_code == 400
    assert PlanInitiative.objects.count() == 1


def test_the_owner_changes_and_removes_an_initiative(client, version, plan_owner, level):
    initiative = make_initiative(version, level)
    client.force_login(plan_owner)
    edit = reverse("plans:initiative_edit", args=[initiative.pk])

    assert client.get(edit).status_code == 200
    assert client.post(edit, form_data(level, title="Omdøbt")).status_code == 302
    initiative.refresh_from_db()
    assert initiative.title == "Omdøbt"
    assert client.post(edit, {"action": "delete"}).status_code == 302
    assert not PlanInitiative.objects.exists()


def test_readers_see_the_list_but_not_the_forms(
    client, version, level, municipal_coordinator, analyst
):
    make_initiative(version, level)
    for reader in (municipal_coordinator, analyst):
        client.force_login(reader)

        response = client.get(reverse("plans:initiatives", args=[version.pk]))

        assert response.status_code == 200
        assert reverse("plans:initiative_new", args=[version.pk]) not in response.content.decode()
        assert client.get(reverse("plans:initiative_new", args=[version.pk])).status_code == 403


def test_outsiders_get_a_404_on_every_initiative_page(client, version, level, other_coordinator):
    initiative = make_initiative(version, level)
    indicator = Indicator.objects.create(initiative=initiative, name="X")
    client.force_login(other_coordinator)

    for url in (
        reverse("plans:initiatives", args=[version.pk]),
        reverse("plans:initiative_new", args=[version.pk]),
        reverse("plans:initiative_edit", args=[initiative.pk]),
        reverse("plans:indicator_new", args=[initiative.pk]),
        reverse("plans:indicator_edit", args=[indicator.pk]),
    ):
        assert client.get(url).status_code == 404, url


def test_an_adopted_versions_initiative_cannot_change(client, plan_owner, level):
    adopted = VersionFactory.create(status="adopted")
    initiative = make_initiative(adopted, level)
    client.force_login(plan_owner)

    response = client.post(
        reverse("plans:initiative_edit", args=[initiative.pk]), form_data(level, title="Ny")
    )

    assert response.status_code == 409
    initiative.refresh_from_db()
    assert initiative.title == "Forældrenetværk"
    list_page = client.get(reverse("plans:initiatives", args=[adopted.pk])).content.decode()
    assert reverse("plans:version_new", args=[adopted.plan_id]) in list_page


def test_the_owner_binds_an_indicator_and_the_list_shows_the_municipalitys_figure(
    client, version, plan_owner, level, aarhus
):
    initiative = make_initiative(version, level)
    quarter = figures.last_complete_quarter(timezone.localdate())
    received = timezone.make_aware(datetime.datetime.combine(quarter.first_day, datetime.time(12)))
    for _ in range(3):
        ConcernFactory.create(case=CaseFactory.create(), received_at=received)
    client.force_login(plan_owner)

    response = client.post(
        reverse("plans:indicator_new", args=[initiative.pk]),
        {
            "name": "Modtagne bekymringer",
            "unit": "",
            "target": "10",
            "figure": "concerns_per_quarter",
        },
    )

    assert response.status_code == 302
    page = client.get(reverse("plans:initiatives", args=[version.pk]))
    (row,) = page.context["items"][0][1]
    assert row.value == Decimal(3)
    assert row.period == quarter


@pytest.mark.parametrize(
    "data",
    [
        {"name": "", "target": "1"},
        {"name": "X", "target": "mange"},
        {"name": "X", "measured": "1e400"},
        {"name": "X", "figure": "not_a_figure"},
    ],
)
def test_bad_indicator_input_is_shown_and_changes_nothing(client, version, plan_owner, level, data):
    initiative = make_initiative(version, level)
    client.force_login(plan_owner)

    response = client.post(reverse("plans:indicator_new", args=[initiative.pk]), data)

    assert response.status_code == 400
    assert not Indicator.objects.exists()


def test_the_owner_changes_and_removes_an_indicator(client, version, plan_owner, level):
    indicator = Indicator.objects.create(initiative=make_initiative(version, level), name="Før")
    client.force_login(plan_owner)
    edit = reverse("plans:indicator_edit", args=[indicator.pk])

    assert client.post(edit, {"name": "Efter", "measured": "12.5"}).status_code == 302
    indicator.refresh_from_db()
    assert (indicator.name, indicator.measured) == ("Efter", Decimal("12.5"))
    assert client.post(edit, {"action": "delete"}).status_code == 302
    assert not Indicator.objects.exists()


def test_the_initiative_list_costs_a_fixed_number_of_queries(
    client, version, plan_owner, level, aarhus, django_assert_max_num_queries
):
    basis = LegalBasis.objects.first()
    for number in range(12):
        initiative = make_initiative(version, level, title=f"Indsats {number}", responsible=aarhus)
        initiative.partners.add(aarhus)
        initiative.legal_bases.add(basis)
        Indicator.objects.create(initiative=initiative, name="Hånd", measured=Decimal(1))
        Indicator.objects.create(initiative=initiative, name="Tal", figure="concerns_per_quarter")
        Indicator.objects.create(initiative=initiative, name="Kort", figure="staff_reached")
    client.force_login(plan_owner)

    with django_assert_max_num_queries(14):
        response = client.get(reverse("plans:initiatives", args=[version.pk]))

    assert response.status_code == 200
