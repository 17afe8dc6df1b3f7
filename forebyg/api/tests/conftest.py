"""Tokens for the API tests: Aarhus and East Jutland Police, each with every scope."""

import pytest
from django.core.cache import cache

from forebyg.actors.models import Organisation
from forebyg.api import services
from forebyg.api.models import Scope


@pytest.fixture(autouse=True)
def _fresh_rate_limits(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    cache.clear()  # the rate limit counts per minute; each test starts with none


def issue(organisation: Organisation, *scopes: str) -> str:
    """A new token's secret for `organisation` with `scopes` (all when none are given)."""
    chosen = scopes or tuple(Scope.values)
    return services.create_token(
        organisation=organisation, scopes=chosen, name="test", by=None
    ).secret


def bearer(secret: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


@pytest.fixture
def aarhus_token(aarhus) -> str:
    return issue(aarhus)


@pytest.fixture
def police_token(east_jutland_police) -> str:
    return issue(east_jutland_police)
