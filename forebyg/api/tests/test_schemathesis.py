"""Schemathesis over the whole schema, in-process (WSGI keeps the test database's transaction):
every operation, with valid tokens for Aarhus and for East Jutland Police and without one; no
server errors, and every response documented (status, content type, body)."""

import pytest
import schemathesis
from django.core.cache import cache
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from forebyg.api.tests.conftest import issue

CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]


def _load_schema() -> schemathesis.schemas.BaseSchema:
    """The schema as the app serves it; the app itself answers the calls (WSGI)."""
    import json

    from forebyg.api.api import api

    document = json.loads(json.dumps(api.get_openapi_schema(path_prefix="/api/v1/")))
    loaded = schemathesis.openapi.from_dict(document)
    # Valid data and data that breaks the schema (which must be refused with a documented 4xx).
    loaded.config.generation.update(modes=list(GenerationMode))
    loaded.app = get_wsgi_application()
    return loaded


schema = _load_schema()


@pytest.fixture(autouse=True)
def _keep_the_test_connection():
    """Django's handler closes the connection after each request, and with it the test's
    transaction on PostgreSQL; its own test client switches that off the same way."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(aarhus, east_jutland_police) -> list[str]:
    return [issue(aarhus), issue(east_jutland_police)]


@schema.parametrize()
@settings(
    max_examples=8,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_every_operation_answers_as_documented(case, tokens):
    cache.clear()  # the rate limit is not under test here (test_problems has it)
    # Public operations ignore a token: one anonymous call each keeps the run short.
    secured = bool(case.operation.definition.raw.get("security"))
    for secret in (*tokens, None) if secured else (None,):
        headers = {"Authorization": f"Bearer {secret}"} if secret else {}
        case.call_and_validate(headers=headers, checks=CHECKS)
