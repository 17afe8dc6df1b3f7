"""Demo data of this app for `manage.py load_demo` (idempotent): a short status history for two
initiatives of the 2016 plan, so the tracker shows what it is for. Marked as demo data in the
source, never to be read as the real status."""

import datetime

from django.db import transaction

from forebyg.audit import services as audit
from forebyg.national.models import Initiative, InitiativeStatus, StatusUpdate

DEMO_SOURCE = "Demo data (not a real status)"
DEMO_HISTORY: dict[str, list[tuple[datetime.date, str, str]]] = {
    "2016-1-nationalt-center-for-forebyggelse-af-ekstremisme-og-radikalisering": [
        (datetime.date(2016, 11, 1), InitiativeStatus.IN_PROGRESS, "The centre is being set up."),
        (datetime.date(2017, 6, 1), InitiativeStatus.IMPLEMENTED, "The centre is open."),
    ],
    "2016-1-faelles-vaerktoej-til-vurdering-og-visitering-af-sager-om-radikalisering": [
        (datetime.date(2017, 3, 1), InitiativeStatus.IN_PROGRESS, "A first version is tested."),
    ],
}


@transaction.atomic
def load() -> list[str]:
    """Create what is missing; return one line per thing created, for the command's output."""
    lines = []
    for initiative in Initiative.objects.filter(seed_key__in=DEMO_HISTORY):
        if initiative.status_updates.exists():
            continue  # an analyst's or an earlier run's history is left alone
        for date, status, note in DEMO_HISTORY[initiative.seed_key or ""]:
            update = StatusUpdate.objects.create(
                initiative=initiative, date=date, status=status, note=note, source=DEMO_SOURCE
            )
            after = {"status": status, "date": date.isoformat(), "update": update.pk}
            audit.record(None, "national_initiative.status_updated", initiative, after=after)
        lines.append(f"National plan: demo status history for “{initiative}”.")
    return lines
