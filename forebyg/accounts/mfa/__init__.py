"""TOTP MFA for local accounts (issue 7 point 2): enrollment, verification, recovery codes."""
