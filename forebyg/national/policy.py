"""Who may reach the national plan tracker's routes; merged into forebyg.core.access_policy.

Reading is public. The action plan of 11 October 2016 is a public government plan, and its
status updates are about government initiatives and the ministries and authorities responsible
for them, never about people: nothing here is personal data, so the pages and exports need no
login and their reads are not audited (a signed-in user's export is, like every export). Writing
(adding, numbering and editing initiatives, recording a status) is for national analysts only;
for anyone else the write routes are a 404."""

from forebyg.accounts.models import Role
from forebyg.core.policy_rules import PUBLIC, Rule, roles

ANALYSTS_WRITE = "national analysts only; everyone else 404; every write audited"

ROUTES: dict[str, Rule] = {
    "national:index": PUBLIC,
    "national:focus_area": PUBLIC,
    "national:initiative": PUBLIC,
    "national:export_csv": PUBLIC,
    "national:export_xlsx": PUBLIC,
    "national:initiative_new": roles(Role.ANALYST, object_rule=ANALYSTS_WRITE),
    "national:initiative_edit": roles(Role.ANALYST, object_rule=ANALYSTS_WRITE),
    "national:status_new": roles(Role.ANALYST, object_rule=ANALYSTS_WRITE),
}
