"""The administration: an administrator issues a token (shown once), lists and revokes tokens."""

import re

from django.contrib.messages import get_messages
from django.urls import reverse

from forebyg.api import services
from forebyg.api.models import ApiToken
from forebyg.audit.models import AuditEvent

ADD = reverse("admin:api_apitoken_add")
LIST = reverse("admin:api_apitoken_changelist")


def test_an_administrator_issues_a_token_and_sees_it_once(client, administrator, aarhus):
    client.force_login(administrator)

    response = client.post(
        ADD,
        {"organisation": aarhus.pk, "name": "Intake form", "scopes": ["concerns:create"]},
        follow=True,
    )

    assert response.status_code == 200
    token = ApiToken.objects.get()
    shown = [str(m) for m in get_messages(response.wsgi_request)] + [response.content.decode()]
    secret = re.search(rf"fbk_{token.prefix}_[\w-]+", " ".join(shown))
    assert secret is not None
    assert services.authenticate(secret.group(0)) == token
    assert token.created_by == administrator and token.scopes == ["concerns:create"]
    assert AuditEvent.objects.filter(verb="api_token.created", actor=administrator).exists()
    assert client.get(LIST).content.decode().count(secret.group(0)) == 0


def test_a_token_without_scopes_is_refused(client, administrator, aarhus):
    client.force_login(administrator)

    response = client.post(ADD, {"organisation": aarhus.pk, "name": "x", "scopes": []})

    assert response.status_code == 200  # the form again, with its error
    assert not ApiToken.objects.exists()


def test_the_list_action_revokes_and_logs(client, administrator, aarhus):
    issued = services.create_token(organisation=aarhus, scopes=["cases:read"], name="x", by=None)
    client.force_login(administrator)

    response = client.post(
        LIST, {"action": "revoke", "_selected_action": [issued.token.pk]}, follow=True
    )

    assert response.status_code == 200
    assert services.authenticate(issued.secret) is None
    assert AuditEvent.objects.filter(verb="api_token.revoked", actor=administrator).exists()


def test_others_do_not_reach_the_token_admin(client, municipal_coordinator):
    client.force_login(municipal_coordinator)

    response = client.get(LIST)

    assert response.status_code == 302  # the admin sends non-administrators to log in
