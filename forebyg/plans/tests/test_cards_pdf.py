"""The action card as a print-ready PDF: one A4 page, even when full, with signs and contacts."""

import re
import shutil
import subprocess

import pytest
from django.urls import reverse

from forebyg.plans import cards_pdf
from forebyg.plans.models import ActionCard, CardContact
from forebyg.plans.services.content import MAX_CONTACTS
from forebyg.plans.tests.factories import VersionFactory
from forebyg.prevention.models import WarningSign

pytestmark = pytest.mark.django_db


def read_pdf(document: bytes, tmp_path) -> tuple[int, str]:
    if not (shutil.which("pdfinfo") and shutil.which("pdftotext")):
        pytest.skip("pdfinfo and pdftotext (poppler-utils) are not installed")
    path = tmp_path / "card.pdf"
    path.write_bytes(document)
    info = subprocess.run(  # noqa: S603
        ["pdfinfo", str(path)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    found = re.search(r"^Pages:\s+(\d+)", info.stdout, re.MULTILINE)
    assert found is not None
    pages = int(found.group(1))
    text = subprocess.run(  # noqa: S603
        ["pdftotext", "-layout", str(path), "-"],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return pages, " ".join(text.split())


def full_card(version) -> ActionCard:
    """A card with every warning sign, the most contacts and long texts: the hardest to fit."""
    card = ActionCard.objects.create(
        version=version,
        audience="school",
        title="Handlekort for skolens ansatte ved bekymring for ekstremisme og radikalisering",
        introduction=("Er du bekymret for en elev? " * 20)[:450],
    )
    card.warning_signs.set(WarningSign.objects.all())
    for order in range(MAX_CONTACTS):
        CardContact.objects.create(
            card=card,
            order=order,
            kind="other",
            label=f"Kontakt nummer {order + 1}, Aarhus Kommunes tovholderfunktion",
            phone=f"87 13 00 0{order}",
            email=f"kontakt{order}@aarhus.dk",
            when="Ring samme dag, hvis du er bekymret; uden for åbningstid ring til politiet.",
        )
    return card


def test_a_full_card_prints_on_one_page_with_every_sign_and_contact(client, plan_owner, tmp_path):
    card = full_card(VersionFactory.create())
    client.force_login(plan_owner)

    response = client.get(reverse("plans:card_pdf", args=[card.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    pages, text = read_pdf(response.content, tmp_path)
    assert pages == 1
    for order in range(MAX_CONTACTS):
        assert f"87 13 00 0{order}" in text
    for sign in WarningSign.objects.all():
        # Long signs may wrap in a column: compare the first words.
        assert " ".join(str(sign).split()[:3]) in text


def test_the_pdf_holds_the_cards_contacts_in_order(client, plan_owner, tmp_path):
    card = ActionCard.objects.create(version=VersionFactory.create(), audience="club", title="Klub")
    sign = WarningSign.objects.order_by("id")[0]
    card.warning_signs.set([sign])
    CardContact.objects.create(card=card, order=0, kind="police", label="Politiet", phone="114")
    CardContact.objects.create(card=card, order=1, kind="emergency", label="Alarm", phone="112")
    client.force_login(plan_owner)

    pages, text = read_pdf(client.get(reverse("plans:card_pdf", args=[card.pk])).content, tmp_path)

    assert pages == 1
    assert text.index("114") < text.index("112")
    assert " ".join(str(sign).split()[:2]) in text


def test_the_pdf_fetches_nothing():
    with pytest.raises(ValueError):
        cards_pdf._no_fetching("https://example.org/tracker.png")
