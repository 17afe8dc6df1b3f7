"""Fixtures for the retention tests: files go to a temporary folder; a second DPO of Aarhus."""

import pytest
from django.utils import translation

from forebyg.retention.tests.factories import second_dpo


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def other_dpo(db, aarhus):
    return second_dpo(aarhus)


@pytest.fixture(autouse=True)
def _english(client, settings):
    """These tests read the English texts: the test client chooses English (the site is Danish
    unless the user picks English, docs/decisions/0006), and so does code run outside a request."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with translation.override("en"):
        yield
