"""Who may reach the plans routes; merged into forebyg.core.access_policy."""

from forebyg.core.policy_rules import Rule

ROUTES: dict[str, Rule] = {
    # --- versions, workflow, sections, compare, public pages ---
    # --- end versions ---
    # --- roles matrix, initiatives, indicators, action cards ---
    # --- end content ---
    # --- exports, coverage, national overview ---
    # --- end exports ---
}
