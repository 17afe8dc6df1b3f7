"""Reading the exchange ledger: a case's disclosures for the coordinators who see the case, an
organisation's for its data protection officer (searchable, exportable as safe CSV), nothing for
anyone else, in a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from forebyg.accounts.models import Role
from forebyg.accounts.tests.factories import UserFactory
from forebyg.cases.tests.factories import CaseFactory, PersonFactory
from forebyg.exchange import permissions, selectors
from forebyg.exchange.tests.factories import DisclosureRecordFactory, organisation


@pytest.fixture
def aarhus_case(db):
    return CaseFactory.create()


@pytest.fixture
def randers_case(randers):
    return CaseFactory.create(person=PersonFactory.create(municipality=randers))


def test_the_coordinators_of_a_case_see_its_disclosures(
    municipal_coordinator, police_coordinator, aarhus_case
):
    record = DisclosureRecordFactory.create(case=aarhus_case)
    DisclosureRecordFactory.create()  # another case

    assert list(selectors.case_ledger(municipal_coordinator, aarhus_case)) == [record]
    assert list(selectors.case_ledger(police_coordinator, aarhus_case)) == [record]
    assert permissions.can_view_ledger(municipal_coordinator, aarhus_case)


@pytest.mark.parametrize(
    "persona", ["other_coordinator", "partner", "professional", "dpo", "analyst", "administrator"]
)
def test_nobody_else_sees_a_cases_disclosures(request, persona, aarhus_case):
    DisclosureRecordFactory.create(case=aarhus_case)
    user = request.getfixturevalue(persona)

    assert not selectors.case_ledger(user, aarhus_case).exists()
    assert not permissions.can_view_ledger(user, aarhus_case)


def test_a_dpo_sees_what_their_organisation_and_its_units_disclosed_or_received(
    dpo, aarhus_case, randers_case, aarhus_school, east_jutland_police, randers
):
    received = DisclosureRecordFactory.create(case=aarhus_case)
    by_school = DisclosureRecordFactory.create(
        case=aarhus_case, discloser=aarhus_school, recipient=east_jutland_police
    )
    DisclosureRecordFactory.create(case=randers_case, recipient=randers)

    assert set(selectors.dpo_ledger(dpo)) == {received, by_school}
    assert permissions.can_search_ledger(dpo)


def test_a_dpo_of_another_organisation_sees_none_of_it(aarhus_case, randers):
    DisclosureRecordFactory.create(case=aarhus_case)
    randers_dpo = UserFactory.create(memberships=[(randers, Role.DATA_PROTECTION_OFFICER)])

    assert not selectors.dpo_ledger(randers_dpo).exists()


def test_the_police_dpo_sees_the_infohus_disclosures_too(aarhus_case, east_jutland_police, aarhus):
    infohus = organisation("infohus-oestjyllands-politi")
    record = DisclosureRecordFactory.create(case=aarhus_case, discloser=infohus, recipient=aarhus)
    police_dpo = UserFactory.create(
        memberships=[(east_jutland_police, Role.DATA_PROTECTION_OFFICER)]
    )

    assert list(selectors.dpo_ledger(police_dpo)) == [record]


@pytest.mark.parametrize(
    "persona", ["municipal_coordinator", "police_coordinator", "analyst", "administrator"]
)
def test_only_a_dpo_searches_the_ledger(request, persona, aarhus_case):
    DisclosureRecordFactory.create(case=aarhus_case)
    user = request.getfixturevalue(persona)

    assert not selectors.dpo_ledger(user).exists()
    assert not permissions.can_search_ledger(user)


def test_the_dpo_ledger_filters_by_date_purpose_outcome_and_recipient(
    dpo, aarhus_case, aarhus, east_jutland_police
):
    today = timezone.localdate()
    old = DisclosureRecordFactory.create(
        case=aarhus_case, at=timezone.now() - datetime.timedelta(days=40)
    )
    refused = DisclosureRecordFactory.create(
        case=aarhus_case,
        discloser=aarhus,
        recipient=east_jutland_police,
        purpose="investigation",
        allowed=False,
    )
    allowed = DisclosureRecordFactory.create(case=aarhus_case)

    def ledger(**filters):
        return set(selectors.dpo_ledger(dpo, **filters))

    assert ledger(date_from=today - datetime.timedelta(days=1)) == {refused, allowed}
    assert ledger(date_to=today - datetime.timedelta(days=30)) == {old}
    assert ledger(date_from=today, date_to=today) == {refused, allowed}
    assert ledger(purpose="investigation") == {refused}
    assert ledger(allowed=False) == {refused}
    assert ledger(allowed=True) == {old, allowed}
    assert ledger(recipient=east_jutland_police) == {refused}


def test_the_csv_neutralises_formulas_and_names_the_person_by_pseudonym(dpo, aarhus_case):
    record = DisclosureRecordFactory.create(
        case=aarhus_case, necessity_note='=HYPERLINK("http://evil.example","klik")'
    )

    with translation.override("en"):
        header, row = list(selectors.ledger_csv_rows(selectors.dpo_ledger(dpo)))

    assert header[0] == "Time" and "Necessity note" in header
    assert row[header.index("Necessity note")] == '\'=HYPERLINK("http://evil.example","klik")'
    assert row[header.index("Person (pseudonym)")] == aarhus_case.person.pseudonym
    assert aarhus_case.person.name not in ";".join(row)
    assert row[header.index("Case")] == aarhus_case.reference
    assert row[header.index("Legal basis")] == str(record.legal_basis)
    assert row[header.index("Allowed")] == "yes"


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+1", "'=1+1"),
        ("+45 12345678", "'+45 12345678"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tTAB", "'\tTAB"),
        ("\rCR", "'\rCR"),
        ("Almindelig tekst", "Almindelig tekst"),
        ("", ""),
        (None, ""),
    ],
)
def test_a_cell_a_spreadsheet_would_run_gets_a_leading_apostrophe(value, safe):
    assert selectors.neutralise(value) == safe


def test_the_dpo_ledger_and_its_csv_take_a_fixed_number_of_queries(dpo, aarhus_case):
    def queries_for_ledger() -> int:
        dpo_again = type(dpo).objects.get(pk=dpo.pk)  # memberships are cached per user object
        with CaptureQueriesContext(connection) as queries:
            list(selectors.ledger_csv_rows(selectors.dpo_ledger(dpo_again)))
        return len(queries)

    DisclosureRecordFactory.create_batch(3, case=aarhus_case)
    few = queries_for_ledger()
    DisclosureRecordFactory.create_batch(12, case=aarhus_case)
    many = queries_for_ledger()

    assert few == many
    assert many <= 4
