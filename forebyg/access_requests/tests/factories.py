"""Factories for access requests: rows written directly, for arranging tests."""

import datetime
import uuid

import factory

from forebyg.access_requests import deadlines
from forebyg.access_requests.models import AccessRequest
from forebyg.accounts.tests.factories import UserFactory
from forebyg.actors.models import Organisation
from forebyg.core import crypto


class AccessRequestFactory(factory.django.DjangoModelFactory[AccessRequest]):
    class Meta:
        model = AccessRequest

    class Params:
        cpr_number = "1705104123"

    organisation = factory.LazyFunction(lambda: Organisation.objects.get(key="aarhus-kommune"))
    cpr = factory.LazyAttribute(lambda r: r.cpr_number.replace("-", ""))
    cpr_index = factory.LazyAttribute(lambda r: crypto.blind_index(r.cpr, purpose="cpr"))
    received_on = datetime.date(2026, 11, 2)
    identity_check = "mitid"
    deadline = factory.LazyAttribute(lambda r: deadlines.answer_deadline(r.received_on))
    registered_by = factory.SubFactory(UserFactory)
    idempotency_key = factory.LazyFunction(lambda: uuid.uuid4().hex)
