"""The plans and versions pages through the test client: who gets in, and the workflow."""

import datetime

import pytest
from django.contrib.messages import constants, get_messages
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from forebyg.plans import template
from forebyg.plans.models import PlanVersion, Section
from forebyg.plans.services import versions as services
from forebyg.plans.tests.factories import PlanFactory, SectionFactory, VersionFactory
from forebyg.plans.workflow import VersionStatus

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


@pytest.fixture
def draft(aarhus, plan_owner) -> PlanVersion:
    return services.create_plan(municipality=aarhus, by=plan_owner).versions.get()


def _levels(response) -> list[int]:
    return [message.level for message in get_messages(response.wsgi_request)]


def test_an_anonymous_visitor_is_sent_to_login(client, draft):
    for url in (reverse("plans:home"), reverse("plans:version", args=[draft.pk])):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))


def test_someone_without_a_plan_role_finds_no_plans_page(client, professional):
    client.force_login(professional)

    assert client.get(reverse("plans:home")).status_code == 404


def test_a_plan_owner_without_a_plan_creates_it_from_home(client, plan_owner, aarhus):
    client.force_login(plan_owner)
    page = client.get(reverse("plans:home"))
    assert f'value="{aarhus.pk}"' in page.content.decode()

    response = client.post(reverse("plans:home"), {"municipality": aarhus.pk})

    version = PlanVersion.objects.get(plan__municipality=aarhus)
    assert response["Location"] == reverse("plans:version", args=[version.pk])
    assert version.sections.count() > 10


def test_a_plan_can_only_be_created_for_the_owners_own_municipality(
    client, plan_owner, randers, municipal_coordinator, aarhus
):
    client.force_login(plan_owner)
    assert client.post(reverse("plans:home"), {"municipality": randers.pk}).status_code == 404
    client.force_login(municipal_coordinator)
    assert client.post(reverse("plans:home"), {"municipality": aarhus.pk}).status_code == 404
    assert not PlanVersion.objects.exists()


@pytest.mark.parametrize(
    "persona", ["plan_owner", "municipal_coordinator", "police_coordinator", "analyst"]
)
def test_readers_see_the_plan_and_its_version(client, request, draft, persona):
    client.force_login(request.getfixturevalue(persona))

    assert draft.plan.municipality.name in client.get(reverse("plans:home")).content.decode()
    assert client.get(reverse("plans:plan", args=[draft.plan.pk])).status_code == 200
    page = client.get(reverse("plans:version", args=[draft.pk]))
    assert page.status_code == 200
    editing = reverse("plans:section_edit", args=[draft.pk, "formaal"])
    assert (editing in page.content.decode()) == (persona == "plan_owner")


@pytest.mark.parametrize("persona", ["other_coordinator", "partner", "hotline_operator"])
def test_outsiders_get_404_on_every_plan_page(client, request, draft, persona):
    client.force_login(request.getfixturevalue(persona))
    plan = draft.plan

    for url in (
        reverse("plans:plan", args=[plan.pk]),
        reverse("plans:version", args=[draft.pk]),
        reverse("plans:compare", args=[plan.pk]),
        reverse("plans:section_edit", args=[draft.pk, "formaal"]),
        reverse("plans:version_adopt", args=[draft.pk]),
    ):
        assert client.get(url).status_code == 404, url
    for name in ("plans:version_move", "plans:version_publish"):
        assert (
            client.post(reverse(name, args=[draft.pk]), {"to": "consultation"}).status_code == 404
        )
    assert client.post(reverse("plans:version_new", args=[plan.pk])).status_code == 404


def test_a_coordinator_who_only_reads_gets_403_on_changes(client, municipal_coordinator, draft):
    client.force_login(municipal_coordinator)
    section = reverse("plans:section_edit", args=[draft.pk, "formaal"])

    assert client.get(section).status_code == 403
    assert client.post(section, {"body": "x", "revision": 0}).status_code == 403
    assert (
        client.post(
            reverse("plans:version_move", args=[draft.pk]), {"to": "consultation"}
        ).status_code
        == 403
    )
    assert client.post(reverse("plans:version_adopt", args=[draft.pk]), {}).status_code == 403
    assert client.post(reverse("plans:version_publish", args=[draft.pk])).status_code == 403
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_pasted_script_is_stripped_with_a_warning(client, plan_owner, draft):
    client.force_login(plan_owner)
    url = reverse("plans:section_edit", args=[draft.pk, "formaal"])

    response = client.post(
        url, {"body": "Formålet<script>alert(1)</script>\n\nMålet", "revision": 0}
    )

    assert response.status_code == 302
    assert (
        Section.objects.get(version=draft, key="formaal").body == "<p>Formålet</p>\n\n<p>Målet</p>"
    )
    assert constants.WARNING in _levels(response)
    page = client.get(reverse("plans:version", args=[draft.pk]))
    assert "<script>alert" not in page.content.decode()


def test_a_stale_form_keeps_the_typed_text_and_saves_nothing(client, plan_owner, draft):
    client.force_login(plan_owner)
    url = reverse("plans:section_edit", args=[draft.pk, "formaal"])
    client.post(url, {"body": "Kollegaens tekst", "revision": 0})

    response = client.post(url, {"body": "Min tekst", "revision": 0})

    assert response.status_code == 200
    assert response.context["form"].errors
    assert "Min tekst" in response.content.decode()
    assert "Kollegaens tekst" in response.content.decode()  # the saved text, shown to compare
    assert Section.objects.get(version=draft, key="formaal").body == "<p>Kollegaens tekst</p>"
    assert response.context["form"]["revision"].value() == "1"


def test_too_long_text_is_refused(client, plan_owner, draft):
    client.force_login(plan_owner)
    url = reverse("plans:section_edit", args=[draft.pk, "formaal"])

    response = client.post(url, {"body": "x" * 100_001, "revision": 0})

    assert response.status_code == 200 and response.context["form"].errors
    assert Section.objects.get(version=draft, key="formaal").body == ""


def test_an_unknown_section_is_404(client, plan_owner, draft):
    client.force_login(plan_owner)

    assert client.get(reverse("plans:section_edit", args=[draft.pk, "nope"])).status_code == 404


def test_editing_an_adopted_version_saves_the_text_in_a_new_draft(client, plan_owner, aarhus):
    adopted = VersionFactory.create(
        plan=PlanFactory.create(municipality=aarhus), status="published"
    )
    SectionFactory.create(version=adopted, key="formaal", body="<p>Vedtaget</p>")
    client.force_login(plan_owner)
    url = reverse("plans:section_edit", args=[adopted.pk, "formaal"])
    assert client.get(url).status_code == 200

    response = client.post(url, {"body": "Ny tekst", "revision": adopted.revision})

    new = PlanVersion.objects.get(plan=adopted.plan, status=VersionStatus.DRAFT)
    assert response["Location"] == reverse("plans:section_edit", args=[new.pk, "formaal"])
    assert new.sections.get(key="formaal").body == "<p>Ny tekst</p>"
    assert adopted.sections.get(key="formaal").body == "<p>Vedtaget</p>"


def test_editing_an_adopted_version_while_a_draft_exists_keeps_the_text(client, plan_owner, aarhus):
    plan = PlanFactory.create(municipality=aarhus)
    adopted = VersionFactory.create(plan=plan, status="adopted")
    SectionFactory.create(version=adopted, key="formaal", body="<p>Vedtaget</p>")
    VersionFactory.create(plan=plan)
    client.force_login(plan_owner)

    response = client.post(
        reverse("plans:section_edit", args=[adopted.pk, "formaal"]),
        {"body": "Ny tekst", "revision": 0},
    )

    assert response.status_code == 200 and "Ny tekst" in response.content.decode()
    assert plan.versions.count() == 2


def test_the_draft_goes_through_consultation_adoption_and_publication(client, plan_owner, draft):
    client.force_login(plan_owner)
    client.post(
        reverse("plans:version_move", args=[draft.pk]), {"to": "consultation", "revision": 0}
    )
    draft.refresh_from_db()
    assert draft.status == VersionStatus.CONSULTATION
    adopt = reverse("plans:version_adopt", args=[draft.pk])
    assert client.get(adopt).status_code == 200

    response = client.post(
        adopt,
        {"decision_date": TODAY.isoformat(), "reference": "KB 4/2026", "revision": draft.revision},
    )
    assert response.status_code == 302
    client.post(reverse("plans:version_publish", args=[draft.pk]))

    draft.refresh_from_db()
    assert draft.status == VersionStatus.PUBLISHED
    page = client.get(reverse("plans:version", args=[draft.pk])).content.decode()
    assert (
        reverse("plans:public_version", args=[draft.plan.municipality.code, draft.number]) in page
    )


@pytest.mark.parametrize(
    "data",
    [
        {"reference": "KB 4/2026"},
        {"decision_date": "", "reference": "KB 4/2026"},
        {"decision_date": "31-02-2026", "reference": "KB 4/2026"},
        {
            "decision_date": (TODAY + datetime.timedelta(days=3)).isoformat(),
            "reference": "KB 4/2026",
        },
        {"decision_date": TODAY.isoformat(), "reference": ""},
    ],
)
def test_a_bad_adoption_shows_errors_and_keeps_the_input(client, plan_owner, draft, data):
    client.force_login(plan_owner)

    response = client.post(reverse("plans:version_adopt", args=[draft.pk]), {**data, "revision": 0})

    assert response.status_code == 200 and response.context["form"].errors
    if data["reference"]:
        assert data["reference"] in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT


def test_adopting_twice_by_double_submit_is_harmless(client, plan_owner, draft):
    client.force_login(plan_owner)
    data = {"decision_date": TODAY.isoformat(), "reference": "KB 4/2026", "revision": 0}
    client.post(reverse("plans:version_adopt", args=[draft.pk]), data)

    response = client.post(reverse("plans:version_adopt", args=[draft.pk]), data)

    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == VersionStatus.ADOPTED


def test_publishing_a_draft_is_refused_with_a_message(client, plan_owner, draft):
    client.force_login(plan_owner)

    response = client.post(reverse("plans:version_publish", args=[draft.pk]))

    assert response.status_code == 302 and constants.ERROR in _levels(response)
    draft.refresh_from_db()
    assert draft.status == VersionStatus.DRAFT and draft.published_at is None


def test_a_new_version_is_started_from_an_adopted_one(client, plan_owner, aarhus):
    plan = PlanFactory.create(municipality=aarhus)
    VersionFactory.create(plan=plan, status="published")
    client.force_login(plan_owner)

    response = client.post(reverse("plans:version_new", args=[plan.pk]))
    client.post(reverse("plans:version_new", args=[plan.pk]))  # a double submit

    new = plan.versions.get(status=VersionStatus.DRAFT)
    assert response["Location"] == reverse("plans:version", args=[new.pk])
    assert plan.versions.count() == 2


def test_the_plan_page_warns_of_an_overdue_revision(client, plan_owner, aarhus):
    plan = PlanFactory.create(municipality=aarhus)
    VersionFactory.create(
        plan=plan, status="published", council_decision_date=datetime.date(2020, 1, 6)
    )
    client.force_login(plan_owner)

    response = client.get(reverse("plans:plan", args=[plan.pk]))

    assert response.context["revision_state"] == "overdue"
    assert "alert-error" in response.content.decode()


def test_compare_shows_the_changes_with_labelled_ins_and_del(
    client, analyst, aarhus, django_assert_max_num_queries
):
    plan = PlanFactory.create(municipality=aarhus)
    old = VersionFactory.create(plan=plan, status="superseded")
    new = VersionFactory.create(plan=plan, status="published")
    SectionFactory.create(version=old, key="formaal", heading="Formål", body="<p>Gammel tekst</p>")
    SectionFactory.create(version=new, key="formaal", heading="Formål", body="<p>Ny tekst</p>")
    client.force_login(analyst)

    with django_assert_max_num_queries(16):
        response = client.get(
            reverse("plans:compare", args=[plan.pk]), {"a": old.number, "b": new.number}
        )

    html = response.content.decode()
    assert response.context["diffs"][0].change == "changed"
    assert '<del><span class="sr-only">' in html and '<ins><span class="sr-only">' in html


def test_compare_with_an_unknown_version_number_shows_a_form_error(client, analyst, aarhus):
    plan = PlanFactory.create(municipality=aarhus)
    VersionFactory.create(plan=plan, status="published")
    VersionFactory.create(plan=plan)
    client.force_login(analyst)

    response = client.get(reverse("plans:compare", args=[plan.pk]), {"a": 99, "b": "x"})

    assert response.status_code == 200 and response.context["form"].errors
    assert response.context["diffs"] is None


def test_home_lists_many_plans_in_few_queries(client, analyst, django_assert_max_num_queries):
    from forebyg.actors.models import Organisation

    for municipality in Organisation.objects.filter(kind="municipality")[:8]:
        VersionFactory.create(
            plan=PlanFactory.create(municipality=municipality), status="published"
        )
    client.force_login(analyst)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("plans:home"))

    assert len(response.context["rows"]) == 8


def test_compare_defaults_to_the_version_before_the_one_asked_for(client, analyst, aarhus):
    plan = PlanFactory.create(municipality=aarhus)
    first = VersionFactory.create(plan=plan, status="superseded")
    second = VersionFactory.create(plan=plan, status="published")
    VersionFactory.create(plan=plan)
    client.force_login(analyst)

    response = client.get(reverse("plans:compare", args=[plan.pk]), {"b": second.number})

    assert (response.context["old"], response.context["new"]) == (first, second)


def test_the_editor_shows_the_template_guidance_in_the_users_language(client, plan_owner, draft):
    client.force_login(plan_owner)

    response = client.get(reverse("plans:section_edit", args=[draft.pk, "samarbejde"]))

    with translation.override(response.wsgi_request.LANGUAGE_CODE):
        guidance = str(template.GUIDANCE["samarbejde"])
    assert escape(guidance) in response.content.decode()
    assert response.context["form"]["revision"].value() == draft.revision
    assert response.context["form"]["body"].value() == ""


def test_the_editor_of_an_adopted_version_offers_a_new_draft(client, plan_owner, aarhus):
    adopted = VersionFactory.create(plan=PlanFactory.create(municipality=aarhus), status="adopted")
    SectionFactory.create(version=adopted, key="formaal", body="<p>Vedtaget</p>")
    client.force_login(plan_owner)

    response = client.get(reverse("plans:section_edit", args=[adopted.pk, "formaal"]))

    assert response.context["editable"] is False and response.context["in_work"] is None
    assert "alert-warning" in response.content.decode()


def test_only_analysts_get_the_link_to_the_national_overview(client, analyst, plan_owner):
    overview = reverse("plans:overview")
    client.force_login(analyst)
    assert overview in client.get(reverse("plans:home")).content.decode()
    client.force_login(plan_owner)
    assert overview not in client.get(reverse("plans:home")).content.decode()


def test_the_editor_gives_back_plain_paragraphs_as_they_were_typed(client, plan_owner, draft):
    client.force_login(plan_owner)
    url = reverse("plans:section_edit", args=[draft.pk, "formaal"])
    client.post(url, {"body": "Første afsnit\n\nAndet afsnit", "revision": 0})

    response = client.get(url)

    assert response.context["form"]["body"].value() == "Første afsnit\n\nAndet afsnit"
