"""For the persona-by-route matrix (forebyg/core/tests/policy_matrix/targets.py): an access
request of the place's organisation, made when a URL needs one (each test rolls back its rows,
so it is not kept between tests)."""

from typing import Any

from forebyg.access_requests.tests.factories import AccessRequestFactory


def request_kwargs(world: Any, place: Any) -> dict[str, Any] | None:
    request = AccessRequestFactory.create(organisation=place.municipality)
    return {"pk": request.pk}
