"""Demo data of this app for `manage.py load_demo` (idempotent): two notes in the East Jutland
police district's network, written by the demo police and Aarhus coordinators."""

import datetime

from django.db import transaction
from django.utils import timezone

from forebyg.accounts.models import User
from forebyg.actors.models import Organisation
from forebyg.networks import services
from forebyg.networks.models import NetworkNote, NoteKind

DISTRICT_KEY = "oestjyllands-politi"
DEMO_NOTES = (
    (
        "politi-oestjylland",
        NoteKind.MEETING,
        30,
        "Netværksmøde (demo)",
        "Demo: gennemgang af kvartalets tendenser og planlægning af fælles temadag for SSP.",
    ),
    (
        "tovholder-aarhus",
        NoteKind.TREND,
        10,
        "Online-propaganda blandt unge (demo)",
        "Demo: flere skoler oplever, at elever deler ekstremistiske memes i lukkede grupper.",
    ),
)


@transaction.atomic
def load() -> list[str]:
    """Create what is missing; return one line per thing created, for the command's output."""
    district = Organisation.objects.filter(key=DISTRICT_KEY).first()
    if district is None or NetworkNote.objects.filter(police_district=district).exists():
        return []
    users = {u.username: u for u in User.objects.filter(username__in=[n[0] for n in DEMO_NOTES])}
    lines = []
    for username, kind, days_ago, title, text in DEMO_NOTES:
        if username not in users:
            continue
        date = timezone.localdate() - datetime.timedelta(days=days_ago)
        services.create_note(
            by=users[username],
            police_district=district,
            kind=kind,
            date=date,
            title=title,
            text=text,
        )
        lines.append(f"Infohus network: demo note “{title}”.")
    return lines
