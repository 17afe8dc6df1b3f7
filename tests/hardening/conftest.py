"""The hardening tests share one world of objects per module: the policy matrix's (personas and
the objects of Aarhus, Randers and Copenhagen), rolled back when the module ends."""

from collections.abc import Iterator

import pytest
from django.core.cache import cache
from django.db import transaction
from django.test import override_settings

from forebyg.core.tests.policy_matrix.personas import build_users
from forebyg.core.tests.policy_matrix.world import World, build_world


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, tmp_path_factory) -> Iterator[World]:
    with (
        override_settings(MEDIA_ROOT=tmp_path_factory.mktemp("media")),
        django_db_blocker.unblock(),
        transaction.atomic(),
    ):
        cache.clear()  # rate limits count per minute; start with none
        yield build_world(build_users())
        transaction.set_rollback(True)
