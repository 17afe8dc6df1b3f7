"""OIDC login (MitID Erhverv through NemLog-in, or another provider) on mozilla-django-oidc:
`backend` checks the token and finds the user, `views` runs the flow, `refusals` logs and audits
every refused login, `conf` reads the settings."""
