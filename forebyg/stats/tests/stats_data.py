"""Realistic small case data for the statistics tests (and the timing script), written with
bulk_create so that hundreds of cases take a handful of queries. Rows are arranged directly, as
factories do; the code under test only reads them."""

import datetime
import random
import uuid
from dataclasses import dataclass

from django.utils import timezone

from forebyg.accounts.models import User
from forebyg.accounts.tests.factories import UserFactory
from forebyg.actors.models import Organisation, OrganisationKind
from forebyg.cases import references
from forebyg.cases.models import (
    Case,
    CaseMeasure,
    ClosureOutcome,
    ClosureReason,
    Concern,
    Gender,
    MeasureStatus,
    Person,
    Source,
)
from forebyg.cases.workflow import Status
from forebyg.prevention.models import ExtremismCategory, Measure, PreventionLevel

SCREENED_AWAY = [Status.POLICE_ONLY, Status.UNFOUNDED, Status.SIGNPOSTED]
INFOHUS = [Status.INFORMATION_GATHERING, Status.ANALYSIS, Status.ASSESSMENT, Status.FOLLOW_UP]


@dataclass
class _Reference:
    municipalities: list[Organisation]
    levels: list[PreventionLevel]
    categories: list[ExtremismCategory]
    measures: list[Measure]
    user: User


def _reference(municipality_count: int, rng: random.Random) -> _Reference:
    municipalities = list(Organisation.objects.filter(kind=OrganisationKind.MUNICIPALITY))
    rng.shuffle(municipalities)
    return _Reference(
        municipalities[:municipality_count],
        list(PreventionLevel.objects.all()),
        list(ExtremismCategory.objects.all()),
        list(Measure.objects.all()[:6]),
        UserFactory.create(),
    )


def _moment(first_day: datetime.date, day: int) -> datetime.datetime:
    date = first_day + datetime.timedelta(days=day)
    return timezone.make_aware(datetime.datetime.combine(date, datetime.time(10)))


def _person(rng: random.Random, ref: _Reference) -> Person:
    born = datetime.date(rng.choice(range(1975, 2014)), rng.randint(1, 12), rng.randint(1, 28))
    return Person(
        municipality=rng.choice(ref.municipalities),
        name="Test Person",
        birth_date=born if rng.random() > 0.05 else None,
        gender=rng.choice([Gender.FEMALE, Gender.MALE, Gender.MALE, Gender.UNKNOWN]),
        pseudonym=references.random_code("P", 8),
    )


def _case(
    person: Person,
    episode: int,
    opened: datetime.datetime,
    rng: random.Random,
    ref: _Reference,
    *,
    closed: bool = False,
) -> Case:
    case = Case(
        person=person,
        episode=episode,
        municipality=person.municipality,
        police_district=person.municipality.police_district,
        reference=references.random_code("FB", 5, 5),
        acute=False,
        level=rng.choice([*ref.levels, None]),
        category=rng.choice([*ref.categories, None]),
        screening_due=opened.date() + datetime.timedelta(days=10),
        opened_at=opened,
    )
    _progress(case, rng, closed_only=closed)
    return case


def _progress(case: Case, rng: random.Random, *, closed_only: bool) -> None:
    """A plausible status, screening and closure (first episodes of repeat persons closed)."""
    opened = case.opened_at
    roll = rng.random()
    if roll < 0.1 and not closed_only:
        case.status = rng.choice([Status.RECEIVED, Status.SCREENING])
        return
    case.screened_at = opened + datetime.timedelta(days=rng.randint(0, 20))
    if roll < 0.45:
        case.status = case.screening_outcome = rng.choice(SCREENED_AWAY)
        case.closed_at = case.screened_at
        return
    case.screening_outcome = Status.INFORMATION_GATHERING
    if closed_only or rng.random() < 0.5:
        case.status = Status.CLOSED
        case.closed_at = case.screened_at + datetime.timedelta(days=rng.randint(10, 200))
        case.closure_reason = rng.choice(ClosureReason.values)
        case.closure_outcome = rng.choice(ClosureOutcome.values)
    else:
        case.status = rng.choice(INFOHUS)


def _concerns(case: Case, rng: random.Random, ref: _Reference) -> list[Concern]:
    count = 1 if rng.random() < 0.8 else 2
    return [
        Concern(
            case=case,
            source=rng.choice(Source.values),
            recorded_by=ref.user,
            description="",
            received_at=case.opened_at + datetime.timedelta(days=3 * index),
            idempotency_key=uuid.uuid4().hex,
            reporter_reference=references.random_code("BH", 5, 5),
        )
        for index in range(count)
    ]


def _measures(case: Case, rng: random.Random, ref: _Reference) -> list[CaseMeasure]:
    if case.screening_outcome != Status.INFORMATION_GATHERING or rng.random() < 0.3:
        return []
    start = case.opened_at.date() + datetime.timedelta(days=rng.randint(15, 60))
    return [
        CaseMeasure(
            case=case,
            measure_type=rng.choice(ref.measures),
            owner_id=case.municipality_id,
            responsible_person="Mentor",
            start=start,
            status=rng.choice(MeasureStatus.values),
            created_by=ref.user,
        )
        for _ in range(rng.choice([1, 1, 2]))
    ]


def make_cases(
    count: int,
    *,
    seed: int = 1,
    municipality_count: int = 8,
    first_day: datetime.date = datetime.date(2023, 1, 1),
    days: int = 730,
) -> list[Case]:
    """`count` people with a case each (some with a second, later episode), their concerns and
    measures, spread over `municipality_count` random municipalities and `days` days."""
    rng = random.Random(seed)
    ref = _reference(municipality_count, rng)
    people = Person.objects.bulk_create([_person(rng, ref) for _ in range(count)])
    cases = []
    for person in people:
        opened = _moment(first_day, rng.randint(0, days))
        if rng.random() < 0.15:  # a repeat: a closed first episode, then a later one
            first = _case(person, 1, opened, rng, ref, closed=True)
            later = (first.closed_at or opened) + datetime.timedelta(days=rng.randint(1, 300))
            cases += [first, _case(person, 2, later, rng, ref)]
        else:
            cases.append(_case(person, 1, opened, rng, ref))
    saved = Case.objects.bulk_create(cases)
    Concern.objects.bulk_create([c for case in saved for c in _concerns(case, rng, ref)])
    CaseMeasure.objects.bulk_create([m for case in saved for m in _measures(case, rng, ref)])
    return saved
