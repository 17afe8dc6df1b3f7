"""Safe exports (issue 8, point 8): every plan file states who took it, for which organisation,
when and why, and a signed-in user's copy is audited; a visitor's copy of a published plan says
where and when it was downloaded, and is not audited (it holds no personal data)."""

import io

import docx
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from forebyg.audit.models import AuditEvent
from forebyg.core.exports import user_label
from forebyg.plans.exports.services import PLAN_WORK, export_purpose
from forebyg.plans.models import ActionCard
from forebyg.plans.tests import exports_data
from forebyg.plans.tests.factories import PlanFactory, VersionFactory
from forebyg.plans.tests.test_exports import pdf_text
from forebyg.plans.workflow import VersionStatus


@pytest.fixture
def version(aarhus, east_jutland_police):
    draft = VersionFactory.create(plan=PlanFactory.create(municipality=aarhus))
    return exports_data.complete_version(draft, [aarhus, east_jutland_police])


@pytest.fixture
def published(aarhus):
    found = VersionFactory.create(
        plan=PlanFactory.create(municipality=aarhus), status=VersionStatus.PUBLISHED, number=3
    )
    exports_data.add_sections(found)
    return found


def flat(text: str) -> str:
    return " ".join(text.split())


def test_the_docx_states_who_took_it_for_which_organisation_when_and_why(
    client, plan_owner, version
):
    client.force_login(plan_owner)

    with translation.override("da"):
        response = client.get(reverse("plans:version_docx", args=[version.pk]))
        by, organisation, at, purpose = (
            gettext(label) for label in ("Exported by", "Organisation", "Exported at", "Purpose")
        )
        stated = export_purpose()

    paragraphs = [p.text for p in docx.Document(io.BytesIO(response.content)).paragraphs]
    assert f"{by}: {user_label(plan_owner)}" in paragraphs
    assert f"{organisation}: Aarhus Kommune" in paragraphs
    assert f"{purpose}: {stated}" in paragraphs
    assert any(text.startswith(f"{at}: 20") for text in paragraphs)
    event = AuditEvent.objects.get(verb="plan.exported", target_id=str(version.pk))
    assert event.purpose == PLAN_WORK and event.actor == plan_owner


def test_the_pdf_states_who_took_it_and_why(client, plan_owner, version):
    client.force_login(plan_owner)

    with translation.override("da"):
        response = client.get(reverse("plans:version_pdf", args=[version.pk]))
        purpose = export_purpose()

    title_page = flat(pdf_text(response.content).split("\f")[0])
    assert user_label(plan_owner) in title_page
    assert purpose in title_page and "Aarhus Kommune" in title_page
    assert AuditEvent.objects.filter(verb="plan.exported", purpose=PLAN_WORK).count() == 1


def test_a_visitors_public_pdf_says_where_and_when_and_is_not_audited(client, aarhus, published):
    with translation.override("da"):
        response = client.get(reverse("plans:public_pdf", args=[aarhus.code]))
        source, version = gettext("Downloaded from"), gettext("Published version")

    title_page = flat(pdf_text(response.content).split("\f")[0])
    assert f"{source} testserver" in title_page
    assert f"{version} 3" in title_page
    assert not AuditEvent.objects.filter(verb="plan.exported").exists()


def test_a_signed_in_users_public_pdf_is_stamped_and_audited(client, analyst, aarhus, published):
    client.force_login(analyst)

    response = client.get(reverse("plans:public_pdf", args=[aarhus.code]))

    assert user_label(analyst) in flat(pdf_text(response.content))
    event = AuditEvent.objects.get(verb="plan.exported")
    assert event.after == {"format": "pdf", "version": 3, "public": True}


def test_the_action_card_pdf_is_stamped_and_audited(client, plan_owner, version):
    card = ActionCard.objects.filter(version=version).first()
    assert card is not None
    client.force_login(plan_owner)

    response = client.get(reverse("plans:card_pdf", args=[card.pk]))

    text = flat(pdf_text(response.content))
    assert user_label(plan_owner) in text and "Aarhus Kommune" in text
    event = AuditEvent.objects.get(verb="plan.card_exported", target_id=str(card.pk))
    assert event.purpose == PLAN_WORK and event.organisation == version.plan.municipality


def test_a_visitors_public_card_pdf_is_stamped_and_not_audited(client, aarhus, published):
    card = ActionCard.objects.create(version=published, audience="club", title="Klub")

    with translation.override("da"):
        url = reverse("plans:public_card", args=[aarhus.code, card.pk])
        response = client.get(url, {"format": "pdf"})
        source = gettext("Downloaded from")

    assert f"{source}: testserver" in flat(pdf_text(response.content))
    assert not AuditEvent.objects.filter(verb="plan.card_exported").exists()


def test_the_version_page_says_that_downloads_are_stamped_and_logged(client, plan_owner, version):
    client.force_login(plan_owner)

    with translation.override("da"):
        response = client.get(reverse("plans:version", args=[version.pk]))
        notice = gettext(
            "Each file states who downloaded it, when and why, and your download is logged."
        )

    assert notice in response.content.decode()
