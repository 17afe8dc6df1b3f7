"""Who may reach the MFA routes; merged into forebyg.core.access_policy."""

from forebyg.core.policy_rules import Rule

ROUTES: dict[str, Rule] = {
    "accounts:mfa_verify": Rule(object_rule="the user's own second factor, after the password"),
    "accounts:mfa_enroll": Rule(object_rule="the user's own authenticator, before the first one"),
    "accounts:mfa_recovery_codes": Rule(object_rule="the user's own new codes, shown once"),
}
