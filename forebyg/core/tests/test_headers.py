"""Security headers on our pages: a strict CSP with nonces, nosniff, Referrer-Policy same-origin
(docs/decisions/0004), no framing, HSTS in production, and no-store on every logged-in page."""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(settings.BASE_DIR)


def _directives(response) -> dict[str, str]:
    header = response["Content-Security-Policy"]
    parts = (part.strip().split(" ", 1) for part in header.split(";") if part.strip())
    return {part[0]: part[1] if len(part) > 1 else "" for part in parts}


@pytest.mark.django_db
def test_a_page_has_a_strict_content_security_policy(client):
    response = client.get(reverse("prevention:home"))

    csp = _directives(response)
    assert csp["object-src"] == "'none'"
    assert csp["base-uri"] == "'none'"
    assert csp["frame-ancestors"] == "'none'"
    assert csp["default-src"] == "'self'"
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "unsafe-eval" not in response["Content-Security-Policy"]


@pytest.mark.django_db
def test_pages_need_no_inline_script_or_style(client, municipal_coordinator):
    # With no unsafe-inline, an inline script runs only with the response's nonce: our pages
    # load every script from a file and carry no style attributes.
    client.force_login(municipal_coordinator)

    response = client.get(reverse("cases:dashboard"))

    scripts = re.findall(r"<script[^>]*>", response.text)
    assert scripts
    assert all(" src=" in tag or " nonce=" in tag for tag in scripts)
    assert " style=" not in response.text
    assert "'self'" in _directives(response)["script-src"]


@pytest.mark.django_db
def test_pages_carry_the_other_security_headers(client):
    response = client.get(reverse("prevention:home"))

    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_hsts_is_sent_over_https_when_configured(client, settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True

    response = client.get(reverse("prevention:home"), secure=True)

    assert response["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "name", ["prevention:home", "accounts:start", "cases:dashboard", "actors:directory"]
)
def test_every_page_for_a_logged_in_user_is_no_store(client, municipal_coordinator, name):
    client.force_login(municipal_coordinator)

    response = client.get(reverse(name))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_closed_route_is_no_store_even_for_an_anonymous_visitor(client):
    response = client.get(reverse("cases:dashboard"))

    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"]


@pytest.mark.django_db
def test_a_public_page_for_an_anonymous_visitor_may_be_cached(client):
    response = client.get(reverse("legal:list"))

    assert "no-store" not in response.get("Cache-Control", "")


def test_check_deploy_is_clean_under_production_settings():
    env = {
        **os.environ,
        "DEBUG": "false",
        "HTTPS": "true",
        "ALLOWED_HOSTS": "forebyg.example.dk",
        "SECRET_KEY": "check-deploy-" + "a1b2c3d4" * 8,
        # Production keys: check --deploy refuses the generated development ones (core/checks.py).
        "FIELD_ENCRYPTION_KEYS": "k1:" + "e5f6a7b8" * 8,
        "BLIND_INDEX_KEY": "index-" + "c9d0e1f2" * 8,
        "DJANGO_SETTINGS_MODULE": "forebyg.settings",  # not the test settings pytest uses
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
    )

    assert result.returncode == 0, result.stdout + result.stderr
