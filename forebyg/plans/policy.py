"""Who may reach the plans routes; merged into forebyg.core.access_policy."""

from forebyg.accounts.models import Role
from forebyg.core.policy_rules import PUBLIC, Rule, roles

# Shared by the blocks below (versions part).
PLAN_READERS = (
    Role.PLAN_OWNER,
    Role.MUNICIPAL_COORDINATOR,
    Role.POLICE_COORDINATOR,
    Role.ANALYST,
)
IN_PLAN_SCOPE = (
    "own plan (plan owner), the municipality's or district's plans (coordinators), all (analysts); "
    "a reader who may not change gets 403"
)
OWN_PLAN = "the plan of the user's own municipality; readers get 403"

ROUTES: dict[str, Rule] = {
    # --- versions, workflow, sections, compare, public pages ---
    "plans:home": roles(*PLAN_READERS, object_rule="plans of the user's municipality/district"),
    "plans:plan": roles(*PLAN_READERS, object_rule=IN_PLAN_SCOPE),
    "plans:version": roles(*PLAN_READERS, object_rule=IN_PLAN_SCOPE),
    "plans:compare": roles(*PLAN_READERS, object_rule=IN_PLAN_SCOPE),
    "plans:version_new": roles(Role.PLAN_OWNER, object_rule=OWN_PLAN),
    "plans:section_edit": roles(Role.PLAN_OWNER, object_rule=OWN_PLAN),
    "plans:version_move": roles(Role.PLAN_OWNER, object_rule=OWN_PLAN),
    "plans:version_adopt": roles(Role.PLAN_OWNER, object_rule=OWN_PLAN),
    "plans:version_publish": roles(Role.PLAN_OWNER, object_rule=OWN_PLAN),
    "plans:public_index": PUBLIC,
    "plans:public": PUBLIC,
    "plans:public_version": PUBLIC,
    # --- end versions ---
    # --- roles matrix, initiatives, indicators, action cards ---
    # The matrix page is read by every reader; its POST actions check OWN_PLAN.
    "plans:matrix": roles(*PLAN_READERS, object_rule=IN_PLAN_SCOPE),
    "plans:initiatives": roles(*PLAN_READERS, object_rule=IN_PLAN_SCOPE),
    "plans:initiative_new": roles(Role.PLAN_OWNER, object_rule=OWN_PLAN),
    "plans:initiative_edit": roles(Role.PLAN_OWNER, object_rule=OWN_PLAN),
    "plans:indicator_new": roles(Role.PLAN_OWNER, object_rule=OWN_PLAN),
    "plans:indicator_edit": roles(Role.PLAN_OWNER, object_rule=OWN_PLAN),
    "plans:cards": roles(*PLAN_READERS, object_rule=IN_PLAN_SCOPE),
    "plans:card": roles(*PLAN_READERS, object_rule=IN_PLAN_SCOPE),
    "plans:card_pdf": roles(*PLAN_READERS, object_rule=IN_PLAN_SCOPE),
    "plans:card_new": roles(Role.PLAN_OWNER, object_rule=OWN_PLAN),
    "plans:card_edit": roles(Role.PLAN_OWNER, object_rule=OWN_PLAN),
    "plans:public_card": PUBLIC,
    # --- end content ---
    # --- exports, coverage, national overview ---
    "plans:version_pdf": roles(*PLAN_READERS, object_rule=IN_PLAN_SCOPE + "; audited"),
    "plans:version_docx": roles(*PLAN_READERS, object_rule=IN_PLAN_SCOPE + "; audited"),
    "plans:public_pdf": PUBLIC,  # the published version only; 404 while none is published
    "plans:overview": roles(Role.ANALYST, object_rule="all municipalities; others get 404"),
    "plans:overview_csv": roles(Role.ANALYST, object_rule="as plans:overview"),
    "plans:overview_xlsx": roles(Role.ANALYST, object_rule="as plans:overview"),
    # --- end exports ---
}
