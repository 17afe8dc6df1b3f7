"""The conference PDF carries the shared export stamp (forebyg.core.exports): who exported it,
for which organisation, when and for what purpose, as the audit event records it."""

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from forebyg.audit.models import AuditEvent
from forebyg.core.exports import user_label
from forebyg.plans.tests.test_exports import pdf_text


def test_the_pdf_states_who_for_which_organisation_when_and_why(
    client, police_coordinator, full_conference
):
    client.force_login(police_coordinator)

    with translation.override("da"):
        response = client.post(
            reverse("conferences:pdf", args=[full_conference.pk]), {"purpose": "Journalisering"}
        )
        labels = [gettext(label) for label in ("Exported by", "Organisation", "Purpose")]

    text = " ".join(pdf_text(response.content).split())
    assert f"{labels[0]} {user_label(police_coordinator)}" in text
    assert f"{labels[1]} Østjyllands Politi" in text
    assert f"{labels[2]} Journalisering" in text
    event = AuditEvent.objects.get(verb="conference.pdf_exported")
    assert event.actor == police_coordinator and event.purpose == "Journalisering"
