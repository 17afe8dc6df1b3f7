"""Factories for the exchange app. They write rows directly (to arrange tests); the code under
test goes through exchange.services. Call them as `XFactory.create(...)` (typed)."""

import datetime

import factory
from django.utils import timezone

from forebyg.accounts.tests.factories import UserFactory
from forebyg.actors.models import Organisation
from forebyg.cases.tests.factories import CaseFactory, PersonFactory
from forebyg.exchange.models import Consent, ConsentGiver, DisclosureKind, DisclosureRecord
from forebyg.legal.models import LegalBasis


def organisation(key: str) -> Organisation:
    return Organisation.objects.get(key=key)


class ConsentFactory(factory.django.DjangoModelFactory[Consent]):
    class Meta:
        model = Consent
        skip_postgeneration_save = True

    person = factory.SubFactory(PersonFactory)
    given_by = ConsentGiver.CUSTODY_HOLDERS
    given_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=7))
    recipient_kinds = factory.LazyFunction(lambda: ["civil_society"])
    purposes = factory.LazyFunction(lambda: ["measure"])
    categories = factory.LazyFunction(lambda: ["identity", "concern"])
    recorded_by = factory.SubFactory(UserFactory)


class DisclosureRecordFactory(factory.django.DjangoModelFactory[DisclosureRecord]):
    """A ledger line as propose_disclosure writes it: police to the case's municipality."""

    class Meta:
        model = DisclosureRecord

    by = factory.SubFactory(UserFactory)
    case = factory.SubFactory(CaseFactory)
    person = factory.LazyAttribute(lambda r: r.case.person if r.case else None)
    discloser = factory.LazyFunction(lambda: organisation("oestjyllands-politi"))
    recipient = factory.LazyAttribute(lambda r: r.case.municipality)
    kind = DisclosureKind.IDENTITY_REVEAL
    categories = factory.LazyFunction(lambda: ["identity", "concern"])
    purpose = "prevention"
    context = "ssp"
    legal_basis = factory.LazyFunction(lambda: LegalBasis.objects.get(key="rpl-115-1"))
    rule_key = "rpl-115-1"
    allowed = True
    conditions = factory.LazyFunction(lambda: ["necessity_note"])
    necessity_note = "Nødvendigt for samarbejdet."
    explanation_da = "Tilladt."
    explanation_en = "Allowed."
