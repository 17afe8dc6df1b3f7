"""Demo data of this app for `manage.py load_demo` (idempotent): Aarhus cases closed long ago, so
that `manage.py purge_expired --dry-run` reports expired cases (see services/demo.py)."""

from forebyg.accounts.models import User
from forebyg.actors.models import Organisation
from forebyg.retention.services import demo as demo_cases

COORDINATOR, POLICE = "tovholder-aarhus", "politi-oestjylland"


def load() -> list[str]:
    """Create what is missing; return one line per case created, for the command's output."""
    if demo_cases.demo_done():
        return []
    aarhus = Organisation.objects.filter(key="aarhus-kommune").first()
    users = {u.username: u for u in User.objects.filter(username__in=[COORDINATOR, POLICE])}
    if aarhus is None or len(users) < 2:
        return []
    lines = []
    for demo in demo_cases.DEMO_CASES:
        reference = demo_cases.create_demo_case(
            demo, coordinator=users[COORDINATOR], police=users[POLICE], aarhus=aarhus
        )
        if reference:
            lines.append(
                f"Retention: demo case {reference}, closed {demo.closed_days_ago} days ago."
            )
    return lines
