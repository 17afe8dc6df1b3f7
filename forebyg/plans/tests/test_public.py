"""The public pages of the plans: no login, published versions only."""

import pytest
from django.urls import reverse

from forebyg.plans.tests.factories import PlanFactory, SectionFactory, VersionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def plan(aarhus):
    return PlanFactory.create(municipality=aarhus)


def test_the_index_lists_only_municipalities_with_a_published_plan(client, plan, randers):
    VersionFactory.create(plan=plan, status="published")
    VersionFactory.create(plan=PlanFactory.create(municipality=randers))  # a draft only

    response = client.get(reverse("plans:public_index"))

    assert list(response.context["municipalities"]) == [plan.municipality]
    assert reverse("plans:public", args=[plan.municipality.code]) in response.content.decode()


def test_the_public_page_shows_the_published_version_and_its_revision_date(client, plan):
    version = VersionFactory.create(plan=plan, status="published")
    SectionFactory.create(
        version=version, key="formaal", heading="Formål og mål", body="<p>Vores mål</p>"
    )

    response = client.get(reverse("plans:public", args=[plan.municipality.code]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Vores mål" in html and "Formål og mål" in html
    assert response.context["version"].revision_due == version.revision_due is not None
    assert response.context["revision_state"] == "ok"


def test_a_draft_or_adopted_plan_is_not_public(client, plan):
    VersionFactory.create(plan=plan, status="adopted")
    code = plan.municipality.code

    assert client.get(reverse("plans:public", args=[code])).status_code == 404
    assert client.get(reverse("plans:public_version", args=[code, 1])).status_code == 404
    assert client.get(reverse("plans:public", args=["9999"])).status_code == 404


def test_a_superseded_version_stays_readable_and_links_to_the_current(client, plan):
    old = VersionFactory.create(plan=plan, status="superseded")
    SectionFactory.create(version=old, key="formaal", body="<p>Gammel</p>")
    current = VersionFactory.create(plan=plan, status="published")
    code = plan.municipality.code

    response = client.get(reverse("plans:public_version", args=[code, old.number]))

    assert response.status_code == 200
    assert response.context["is_superseded"] and response.context["current"] == current
    assert "Gammel" in response.content.decode()
    assert client.get(reverse("plans:public", args=[code])).context["version"] == current


def test_the_newest_published_version_is_shown_while_a_newer_one_is_only_adopted(client, plan):
    published = VersionFactory.create(plan=plan, status="superseded")
    VersionFactory.create(plan=plan, status="adopted")

    response = client.get(reverse("plans:public", args=[plan.municipality.code]))

    assert response.context["version"] == published
    assert response.context["current"] is None


def test_public_pages_answer_only_reads(client, plan):
    VersionFactory.create(plan=plan, status="published")

    assert client.post(reverse("plans:public", args=[plan.municipality.code])).status_code == 405
