"""Action cards: one per audience, warning signs grouped, whom to contact in order; the card as a
page for readers and, for the published version, for everyone."""

import time

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from forebyg.accounts import sessions
from forebyg.actors.models import Organisation
from forebyg.audit.models import AuditEvent
from forebyg.plans.models import ActionCard, CardContact
from forebyg.plans.services import content as services
from forebyg.plans.tests.factories import VersionFactory
from forebyg.prevention.models import WarningSign

pytestmark = pytest.mark.django_db


@pytest.fixture
def version(aarhus):
    return VersionFactory.create()


def contact_rows(*rows):
    """POST data of the contacts formset (two rows left empty at the end)."""
    data = {
        "contacts-TOTAL_FORMS": str(len(rows) + 2),
        "contacts-INITIAL_FORMS": "0",
        "contacts-MIN_NUM_FORMS": "0",
        "contacts-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data |= {f"contacts-{index}-{name}": value for name, value in row.items()}
    return data


def card_post(**overrides):
    signs = list(WarningSign.objects.order_by("id").values_list("pk", flat=True)[:3])
    data = {
        "audience": "school",
        "title": "Handlekort for skolens ansatte",
        "introduction": "Er du bekymret for en elev?",
        "warning_signs": signs,
        "staff_reached": "120",
    } | contact_rows(
        {"kind": "municipal_coordinator", "label": "Tovholder", "phone": "87 13 00 00"},
        {"kind": "police", "label": "Østjyllands Politi", "phone": "114", "when": "Kriminalitet"},
    )
    return data | overrides


def make_card(version, **fields):
    card = ActionCard.objects.create(
        version=version, audience=fields.pop("audience", "school"), title="Skole", **fields
    )
    CardContact.objects.create(card=card, order=0, kind="emergency", label="Alarm", phone="112")
    return card


# -- Services -----------------------------------------------------------------------------------


def test_a_card_keeps_its_contacts_in_order_and_is_audited(version, plan_owner, aarhus):
    data = services.CardData(
        audience="daycare",
        title="Dagtilbud",
        warning_signs=tuple(WarningSign.objects.all()[:2]),
        contacts=(
            services.ContactData(
                kind="municipal_coordinator", label="Tovholder", email="t@aarhus.dk"
            ),
            services.ContactData(kind="emergency", label="Alarmcentralen", phone="112"),
        ),
    )

    card = services.create_card(version, data=data, by=plan_owner)

    assert list(card.contacts.values_list("label", "order")) == [
        ("Tovholder", 0),
        ("Alarmcentralen", 1),
    ]
    assert card.warning_signs.count() == 2
    assert AuditEvent.objects.get(verb="action_card.created").organisation == aarhus


@pytest.mark.parametrize(
    "contact",
    [
        services.ContactData(kind="police", label="Politi"),  # neither phone nor e-mail
        services.ContactData(kind="police", label="Politi", phone="ring mig"),
        services.ContactData(kind="police", label="Politi", phone="1-"),
        services.ContactData(kind="police", label="Politi", email="politi@"),
        services.ContactData(kind="police", label="", phone="114"),
        services.ContactData(kind="friend", label="Politi", phone="114"),
    ],
)
def test_a_contact_needs_a_valid_phone_or_e_mail(version, plan_owner, contact):
    data = services.CardData(audience="school", title="Skole", contacts=(contact,))

    with pytest.raises(services.ContentError):
        services.create_card(version, data=data, by=plan_owner)

    assert not ActionCard.objects.exists()


def test_a_version_has_one_card_per_audience(version, plan_owner):
    make_card(version, audience="school")

    with pytest.raises(services.ContentError):
        services.create_card(
            version, data=services.CardData(audience="school", title="Igen"), by=plan_owner
        )

    assert ActionCard.objects.count() == 1


def test_updating_a_card_replaces_its_contacts(version, plan_owner):
    card = make_card(version)
    data = services.CardData(
        audience="school",
        title="Skole",
        contacts=(services.ContactData(kind="police", label="Politiet", phone="114"),),
    )

    services.update_card(card, data=data, by=plan_owner)

    assert list(card.contacts.values_list("label", flat=True)) == ["Politiet"]
    event = AuditEvent.objects.get(verb="action_card.updated")
    assert (event.before or {})["contacts"][0]["label"] == "Alarm"


# -- Pages ----------------------------------------------------------------------------------------


def test_a_new_card_starts_with_the_contacts_from_the_registry(client, version, plan_owner):
    client.force_login(plan_owner)

    response = client.get(reverse("plans:card_new", args=[version.pk]))

    assert response.status_code == 200
    initial = [form.initial for form in response.context["contacts"].forms if form.initial]
    kinds = [row["kind"] for row in initial]
    assert kinds == ["municipal_coordinator", "police", "hotline", "emergency"]
    police = initial[1]
    assert police["phone"] == "114"
    assert police["label"] == Organisation.objects.get(key="oestjyllands-politi").name_da
    assert initial[2]["organisation"] == Organisation.objects.get(key="hotline").pk
    assert initial[3]["phone"] == "112"


def test_the_owner_makes_a_card_through_the_form(client, version, plan_owner):
    client.force_login(plan_owner)

    response = client.post(reverse("plans:card_new", args=[version.pk]), card_post())

    card = ActionCard.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("plans:card", args=[card.pk])
    assert card.staff_reached == 120
    assert card.warning_signs.count() == 3
    assert list(card.contacts.values_list("phone", flat=True)) == ["87 13 00 00", "114"]


@pytest.mark.parametrize(
    "overrides",
    [
        {"title": ""},
        {"title": "x" * 201},
        {"audience": "astronauts"},
        {"staff_reached": "-4"},
        {"contacts-0-phone": "", "contacts-0-email": ""},
        {"contacts-1-email": "ikke en adresse", "contacts-1-phone": ""},
        {"contacts-0-label": ""},
    ],
)
def test_bad_card_input_is_shown_and_changes_nothing(client, version, plan_owner, overrides):
    client.force_login(plan_owner)

    response = client.post(reverse("plans:card_new", args=[version.pk]), card_post() | overrides)

    assert response.status_code == 400
    assert not ActionCard.objects.exists()
    assert not AuditEvent.objects.exists()


def test_a_double_submit_makes_one_card(client, version, plan_owner):
    client.force_login(plan_owner)
    new = reverse("plans:card_new", args=[version.pk])

    assert client.post(new, card_post()).status_code == 302
    assert client.post(new, card_post()).status_code == 400
    assert ActionCard.objects.count() == 1


def test_the_owner_changes_and_removes_a_card(client, version, plan_owner):
    card = make_card(version)
    client.force_login(plan_owner)
    edit = reverse("plans:card_edit", args=[card.pk])

    assert client.get(edit).status_code == 200
    assert client.post(edit, card_post(title="Nyt kort")).status_code == 302
    card.refresh_from_db()
    assert card.title == "Nyt kort"
    assert client.post(edit, {"action": "delete"}).status_code == 302
    assert not ActionCard.objects.exists()


def test_the_card_page_groups_the_signs_and_lists_the_contacts(
    client, version, municipal_coordinator
):
    card = make_card(version)
    signs = list(WarningSign.objects.order_by("group", "id"))
    card.warning_signs.set([signs[0], signs[-1]])
    client.force_login(municipal_coordinator)

    response = client.get(reverse("plans:card", args=[card.pk]))

    assert response.status_code == 200
    groups = response.context["sign_groups"]
    assert [len(found) for _group, found in groups] == [1, 1]
    # In the reference data's order of the groups, not alphabetically by key.
    order = [str(label) for label in WarningSign.Group.labels]
    labels = [label for label, _found in groups]
    assert labels == sorted(labels, key=order.index)
    html = response.content.decode()
    assert 'href="tel:112"' in html
    assert reverse("plans:card_edit", args=[card.pk]) not in html  # a reader does not change it


def test_readers_may_not_change_cards_and_outsiders_see_none(
    client, version, municipal_coordinator, other_coordinator
):
    card = make_card(version)
    client.force_login(municipal_coordinator)
    assert client.get(reverse("plans:card_new", args=[version.pk])).status_code == 403
    assert client.post(reverse("plans:card_edit", args=[card.pk]), card_post()).status_code == 403

    client.force_login(other_coordinator)
    for name, pk in (("cards", version.pk), ("card", card.pk), ("card_pdf", card.pk)):
        assert client.get(reverse(f"plans:{name}", args=[pk])).status_code == 404


def test_an_adopted_versions_card_cannot_change(client, plan_owner):
    card = make_card(VersionFactory.create(status="adopted"))
    client.force_login(plan_owner)

    response = client.post(reverse("plans:card_edit", args=[card.pk]), card_post(title="Ny"))

    assert response.status_code == 409
    card.refresh_from_db()
    assert card.title == "Skole"


def test_the_card_list_costs_a_fixed_number_of_queries(
    client, version, plan_owner, django_assert_max_num_queries
):
    signs = list(WarningSign.objects.all()[:5])
    for audience in ("school", "daycare", "club", "jobcentre", "youth_education"):
        card = make_card(version, audience=audience)
        card.warning_signs.set(signs)
    client.force_login(plan_owner)

    with django_assert_max_num_queries(10):
        response = client.get(reverse("plans:cards", args=[version.pk]))

    assert response.status_code == 200
    assert len(response.context["cards"]) == 5


# -- The public card ------------------------------------------------------------------------------


def public_url(card) -> str:
    code = card.version.plan.municipality.code
    return reverse("plans:public_card", args=[code, card.pk])


def test_everyone_reads_a_card_of_the_published_version(client):
    card = make_card(VersionFactory.create(status="published"))

    response = client.get(public_url(card))

    assert response.status_code == 200
    assert response.context["public"] is True
    pdf = client.get(public_url(card) + "?format=pdf")
    assert pdf["Content-Type"] == "application/pdf"


@pytest.mark.parametrize("status", ["draft", "consultation", "adopted"])
def test_a_card_of_an_unpublished_version_is_not_public(client, status):
    card = make_card(VersionFactory.create(status=status))

    assert client.get(public_url(card)).status_code == 404


def test_a_superseded_versions_card_is_no_longer_public(client, aarhus):
    old = VersionFactory.create(status="superseded")
    VersionFactory.create(plan=old.plan, status="published")
    card = make_card(old)

    assert client.get(public_url(card)).status_code == 404


def test_a_public_card_belongs_to_the_municipality_in_the_address(client, randers):
    card = make_card(VersionFactory.create(status="published"))
    VersionFactory.create(plan__municipality=randers, status="published")

    response = client.get(reverse("plans:public_card", args=[randers.code, card.pk]))

    assert response.status_code == 404


def test_the_public_links_partial_lists_the_published_versions_cards_only():
    published = make_card(VersionFactory.create(status="published"))
    draft = make_card(VersionFactory.create(plan=published.version.plan))

    html = render_to_string("plans/card_public_links.html", {"version": published.version})
    unpublished = render_to_string("plans/card_public_links.html", {"version": draft.version})

    assert public_url(published) in html
    assert "<a" not in unpublished


def test_the_version_page_links_lead_to_the_content_pages(version):
    html = render_to_string("plans/_version_links_content.html", {"version": version})

    for name in ("matrix", "initiatives", "cards"):
        assert reverse(f"plans:{name}", args=[version.pk]) in html


def test_removing_a_card_needs_a_recent_login(client, version, plan_owner):
    card = make_card(version)
    client.force_login(plan_owner)
    session = client.session
    session[sessions.AUTHENTICATED_AT] = time.time() - 6 * 60  # logged in six minutes ago
    session.save()

    response = client.post(reverse("plans:card_edit", args=[card.pk]), {"action": "delete"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:step_up"))
    assert ActionCard.objects.filter(pk=card.pk).exists()
