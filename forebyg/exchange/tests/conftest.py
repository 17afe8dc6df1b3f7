"""Fixtures for the exchange tests: a child and an adult in Aarhus with a case each, and a
civil-society organisation that is not an authority."""

import pytest
from django.utils import timezone

from forebyg.actors.models import Organisation
from forebyg.cases.ages import years_before
from forebyg.cases.models import Case, Person
from forebyg.cases.tests.factories import CaseFactory, PersonFactory


@pytest.fixture
def exit_programme(db) -> Organisation:
    return Organisation.objects.get_or_create(
        key="exit-forening",
        defaults={"kind": "civil_society", "level": "local", "name_da": "Exit"},
    )[0]


@pytest.fixture
def social_services(db, aarhus) -> Organisation:
    return Organisation.objects.get_or_create(
        key="aarhus-demo-boern-og-unge",
        defaults={
            "kind": "social_services",
            "level": "local",
            "name_da": "Børn og Unge",
            "parent": aarhus,
        },
    )[0]


@pytest.fixture
def child(db) -> Person:
    return PersonFactory.create(birth_date=years_before(timezone.localdate(), 12))


@pytest.fixture
def adult(db) -> Person:
    return PersonFactory.create(birth_date=years_before(timezone.localdate(), 35))


@pytest.fixture
def adult_case(adult) -> Case:
    return CaseFactory.create(person=adult)


@pytest.fixture
def psychiatry(db) -> Organisation:
    """The psychiatry of Region Midtjylland (Aarhus's region), where the partner persona works."""
    return Organisation.objects.get(key="psykiatrien-region-midtjylland")


@pytest.fixture
def other_psychiatry(db, psychiatry) -> Organisation:
    """The psychiatry of another region: not in Aarhus's PSP."""
    found = Organisation.objects.filter(kind="psychiatry").exclude(pk=psychiatry.pk).first()
    assert found is not None
    return found


@pytest.fixture
def prison_probation(db) -> Organisation:
    return Organisation.objects.get(key="kriminalforsorgen")


@pytest.fixture
def copenhagen(db) -> Organisation:
    return Organisation.objects.get(kind="municipality", code="101")
