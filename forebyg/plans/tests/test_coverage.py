"""The coverage check: what a plan version lacks (issue 5, point 8)."""

import datetime

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from forebyg.plans import coverage
from forebyg.plans.models import Pillar, PlanInitiative
from forebyg.plans.tests import exports_data
from forebyg.plans.tests.factories import PlanFactory, SectionFactory, VersionFactory
from forebyg.plans.workflow import VersionStatus
from forebyg.prevention.models import PreventionLevel

TODAY = datetime.date(2026, 11, 26)


def _codes(gaps: list[coverage.Gap]) -> set[str]:
    return {gap.code for gap in gaps}


@pytest.fixture
def actors(aarhus, east_jutland_police):
    return [aarhus, east_jutland_police]


@pytest.fixture
def draft(aarhus):
    return VersionFactory.create(plan=PlanFactory.create(municipality=aarhus))


def test_a_complete_draft_lacks_nothing(draft, actors):
    exports_data.complete_version(draft, actors)

    assert coverage.check(draft, today=TODAY) == []


def test_an_empty_draft_lacks_pillars_levels_cards_and_the_matrix(draft):
    codes = _codes(coverage.check(draft, today=TODAY))

    levels = {f"level_empty:{key}" for key in PreventionLevel.objects.values_list("key", flat=True)}
    pillars = {f"pillar_empty:{pillar.value}" for pillar in Pillar}
    assert len(levels) == 3
    assert codes == levels | pillars | {"no_cards", "matrix_empty"}


def test_a_pillar_with_only_an_empty_paragraph_and_no_initiative_is_a_gap(draft, actors):
    exports_data.complete_version(draft, actors)
    draft.sections.filter(pillar="acute").update(body="<p> &nbsp; </p>")
    PlanInitiative.objects.filter(version=draft, pillar="acute").delete()

    gaps = coverage.check(draft, today=TODAY)

    pillar_gap = next(gap for gap in gaps if gap.code == "pillar_empty:acute")
    assert pillar_gap.severity == coverage.Severity.ERROR
    assert pillar_gap.url == reverse("plans:section_edit", args=[draft.pk, "soejle-acute"])


def test_a_pillar_with_an_initiative_but_no_text_is_covered(draft, actors):
    exports_data.complete_version(draft, actors)
    draft.sections.filter(pillar="general").update(body="")

    assert "pillar_empty:general" not in _codes(coverage.check(draft, today=TODAY))


def test_an_initiative_without_a_responsible_actor_is_a_gap_linking_to_it(draft, actors):
    exports_data.complete_version(draft, actors)
    initiative = draft.initiatives.first()
    PlanInitiative.objects.filter(pk=initiative.pk).update(responsible=None)

    gaps = coverage.check(draft, today=TODAY)

    gap = next(g for g in gaps if g.code == f"initiative_without_responsible:{initiative.pk}")
    assert gap.url == reverse("plans:initiative_edit", args=[initiative.pk])


def test_a_level_without_initiatives_is_a_warning(draft, actors):
    exports_data.complete_version(draft, actors)
    removed = draft.initiatives.order_by("level__order").last()
    removed.delete()

    gaps = [g for g in coverage.check(draft, today=TODAY) if g.code.startswith("level_empty")]

    assert [gap.code for gap in gaps] == [f"level_empty:{removed.level.key}"]
    assert gaps[0].severity == coverage.Severity.WARNING


def test_an_action_card_without_contacts_is_an_error(draft, actors):
    exports_data.complete_version(draft, actors)
    card = exports_data.add_card(draft, contacts=0)

    gaps = coverage.check(draft, today=TODAY)

    assert gaps[0].code == f"card_without_contacts:{card.pk}"
    assert gaps[0].severity == coverage.Severity.ERROR


def test_an_adopted_unpublished_version_must_be_published(aarhus, actors):
    version = VersionFactory.create(
        plan=PlanFactory.create(municipality=aarhus), status=VersionStatus.ADOPTED
    )
    exports_data.complete_version(version, actors)

    gaps = coverage.check(version, today=TODAY)

    assert [gap.code for gap in gaps] == ["not_published"]
    assert gaps[0].url == reverse("plans:version", args=[version.pk])


@pytest.mark.parametrize(
    ("adopted", "expected"),
    [
        (datetime.date(2021, 6, 1), {"revision_overdue"}),
        (datetime.date(2023, 2, 1), {"revision_due_soon"}),
        (datetime.date(2024, 1, 1), set()),
    ],
)
def test_the_revision_of_a_published_version_is_checked(aarhus, actors, adopted, expected):
    version = VersionFactory.create(
        plan=PlanFactory.create(municipality=aarhus),
        status=VersionStatus.PUBLISHED,
        council_decision_date=adopted,
    )
    exports_data.complete_version(version, actors)

    assert _codes(coverage.check(version, today=TODAY)) == expected


def test_content_gaps_of_an_adopted_version_point_to_a_new_version(aarhus):
    version = VersionFactory.create(
        plan=PlanFactory.create(municipality=aarhus), status=VersionStatus.PUBLISHED
    )

    gaps = coverage.check(version, today=TODAY)

    assert {gap.url for gap in gaps if gap.code == "matrix_empty"} == {
        reverse("plans:plan", args=[version.plan_id])
    }


def test_the_check_costs_a_fixed_number_of_queries(draft, actors, django_assert_max_num_queries):
    exports_data.complete_version(draft, actors)
    for _index in range(5):
        exports_data.add_card(draft)
        SectionFactory.create(version=draft, pillar="acute", body="")

    with django_assert_max_num_queries(6):
        coverage.check(draft, today=TODAY)


def test_the_partial_lists_gaps_as_alerts_with_links(draft):
    gaps = coverage.check(draft, today=TODAY)

    with translation.override("en"):
        html = render_to_string("plans/_coverage.html", {"version": draft, "gaps": gaps})

        assert html.count('class="alert alert-error"') == 1
        assert html.count('class="alert alert-warning"') == 1
        assert gettext("Nothing missing") not in html
        assert reverse("plans:matrix", args=[draft.pk]) in html


def test_the_partial_says_nothing_is_missing_without_gaps(draft):
    with translation.override("da"):
        html = render_to_string("plans/_coverage.html", {"version": draft, "gaps": []})

        assert gettext("Nothing missing") in html
        assert "alert-success" in html
