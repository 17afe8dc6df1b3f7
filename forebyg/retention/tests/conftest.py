"""Fixtures for the retention tests: files go to a temporary folder; a second DPO of Aarhus."""

import pytest

from forebyg.retention.tests.factories import second_dpo


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def other_dpo(db, aarhus):
    return second_dpo(aarhus)
