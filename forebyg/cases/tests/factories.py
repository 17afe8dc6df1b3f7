"""Factories for the case domain. They write rows directly (for arranging tests); the code under
test always goes through services. Call them as `CaseFactory.create(...)`: that form is typed
(it returns a Case), while `CaseFactory(...)` looks like a CaseFactory to mypy."""

import datetime
import random
import uuid

import factory
from django.utils import timezone

from forebyg.accounts.tests.factories import UserFactory
from forebyg.actors.models import Organisation
from forebyg.cases import references
from forebyg.cases.models import (
    Assessment,
    Case,
    CaseMeasure,
    Concern,
    MeasureStatus,
    Observation,
    ObservationKind,
    Person,
    Source,
)
from forebyg.core import crypto
from forebyg.prevention.models import AssessmentDimension, Measure


def cpr_for(born: datetime.date, serial: str | None = None) -> str:
    """A valid CPR number (DDMMYY-XXXX) for someone born on `born` (7th digit: the century)."""
    if 1900 <= born.year <= 1999:
        first = "1"
    elif 2000 <= born.year <= 2036:
        first = "4"
    else:
        first = "5"
    tail = serial or f"{random.randint(0, 999):03d}"
    return f"{born:%d%m%y}-{first}{tail}"


def municipality(key: str = "aarhus-kommune") -> Organisation:
    return Organisation.objects.get(key=key)


class PersonFactory(factory.django.DjangoModelFactory[Person]):
    class Meta:
        model = Person

    class Params:
        cpr_number = ""

    municipality = factory.LazyFunction(municipality)
    name = factory.Faker("name", locale="da_DK")
    birth_date = datetime.date(2010, 5, 17)
    pseudonym = factory.LazyFunction(lambda: references.random_code("P", 6))
    cpr = factory.LazyAttribute(lambda p: p.cpr_number.replace("-", ""))
    cpr_index = factory.LazyAttribute(
        lambda p: crypto.blind_index(p.cpr, purpose="cpr") if p.cpr else ""
    )


class CaseFactory(factory.django.DjangoModelFactory[Case]):
    class Meta:
        model = Case

    person = factory.SubFactory(PersonFactory)
    episode = factory.LazyAttribute(lambda c: c.person.cases.count() + 1)
    municipality = factory.LazyAttribute(lambda c: c.person.municipality)
    police_district = factory.LazyAttribute(lambda c: c.municipality.police_district)
    reference = factory.LazyFunction(lambda: references.random_code("FB", 4, 4))
    screening_due = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=10))


class ConcernFactory(factory.django.DjangoModelFactory[Concern]):
    class Meta:
        model = Concern

    case = factory.SubFactory(CaseFactory)
    source = Source.PROFESSIONAL
    recorded_by = factory.SubFactory(UserFactory)
    description = factory.Faker("paragraph", locale="da_DK")
    idempotency_key = factory.LazyFunction(lambda: uuid.uuid4().hex)
    reporter_reference = factory.LazyFunction(lambda: references.random_code("BH", 4, 4))


class AssessmentFactory(factory.django.DjangoModelFactory[Assessment]):
    class Meta:
        model = Assessment

    case = factory.SubFactory(CaseFactory)
    version = factory.LazyAttribute(lambda a: a.case.assessments.count() + 1)
    summary = "Samlet vurdering"
    recommendation = "Anbefaling"
    created_by = factory.SubFactory(UserFactory)


class ObservationFactory(factory.django.DjangoModelFactory[Observation]):
    class Meta:
        model = Observation

    assessment = factory.SubFactory(AssessmentFactory)
    dimension = factory.LazyFunction(lambda: AssessmentDimension.objects.order_by("order")[0])
    kind = ObservationKind.RISK
    text = "Observation"


class CaseMeasureFactory(factory.django.DjangoModelFactory[CaseMeasure]):
    class Meta:
        model = CaseMeasure

    case = factory.SubFactory(CaseFactory)
    measure_type = factory.LazyFunction(lambda: Measure.objects.get(key="mentor"))
    owner = factory.LazyAttribute(lambda m: m.case.municipality)
    responsible_person = "Mette Mentor"
    start = factory.LazyFunction(timezone.localdate)
    status = MeasureStatus.ACTIVE
    next_review = factory.LazyFunction(lambda: timezone.localdate() + datetime.timedelta(days=90))
    created_by = factory.SubFactory(UserFactory)
